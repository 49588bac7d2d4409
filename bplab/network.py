"""The multilayer perceptron (MLP) trained by backpropagation.

Numbering and signs, said once for the whole package
------------------------------------------------------
Rows are samples. A network with sizes ``[n0, n1, ..., nL]`` has L layers of weights. Python lists
are 0-based, so layer h of the maths (h = 1..L) is index ``i = h - 1`` of every per-layer list:

    weights[i]  W   (n_i, n_{i+1})        biases[i]  b  (n_{i+1},)
    nets[i]     net = outputs[i] @ W + b  (N, n_{i+1})
    outputs[i+1] Y  = f(nets[i])           outputs[0] is the input X (N, n0)
    deltas[i]   the learning signal of that layer (N, n_{i+1})

The learning signal has the sign of the sources (delta points *downhill*):

    output layer:  delta_L = (T - Y_L) * f'(net_L)
    hidden layer:  delta_i = (delta_{i+1} @ W_{i+1}.T) * f'(net_i)

and for the cost E = 1/(2N) sum_n sum_j (t_nj - y_nj)^2 the gradients are

    dE/dW_i = -(1/N) outputs[i].T @ delta_i        dE/db_i = -(1/N) sum over rows of delta_i

so a gradient-descent step is W_i <- W_i + (eta/N) outputs[i].T @ delta_i, and the same for b_i.

>>> import numpy as np
>>> net = MLP([2, 3, 1], activation="sigmoid", rng=0)
>>> net
MLP([2, 3, 1], activation='sigmoid', output_activation='sigmoid', parameters=13)
>>> net.predict(np.zeros((4, 2))).shape
(4, 1)
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ._validate import as_matrix, as_rng, positive, positive_int, same_rows
from .activations import Activation, get_activation
from .costs import mse, squared_error

Array = np.ndarray

INITS = ("glorot", "uniform", "small")


@dataclass
class Trace:
    """What the forward pass computed: ``nets[i]`` (N, n_{i+1}) and ``outputs[i]`` (N, n_i),
    with ``outputs[0]`` the input X and ``outputs[-1]`` the network's prediction."""

    nets: list[Array]
    outputs: list[Array]

    def __repr__(self) -> str:
        shapes = ", ".join(str(y.shape) for y in self.outputs)
        return f"Trace(outputs of shapes {shapes})"


@dataclass
class Gradients:
    """What the backward pass computed: ``dW[i] = dE/dW_i``, ``db[i] = dE/db_i`` (the true
    derivatives of E, so a descent step subtracts them) and ``deltas[i]``, the learning signals
    (N, n_{i+1}), which point downhill: delta = -N dE/dnet."""

    dW: list[Array]
    db: list[Array]
    deltas: list[Array]

    def __repr__(self) -> str:
        return f"Gradients(dW shapes {[w.shape for w in self.dW]})"


@dataclass
class History:
    """The record of ``MLP.fit``: ``loss[k]`` is E on the whole training set after epoch k + 1."""

    loss: Array
    eta: float
    batch_size: int
    updates: int
    epochs: int = field(init=False)

    def __post_init__(self) -> None:
        self.epochs = len(self.loss)

    def __repr__(self) -> str:
        return (
            f"History(epochs={self.epochs}, updates={self.updates}, eta={self.eta}, "
            f"batch_size={self.batch_size}, final loss={self.loss[-1]:.6g})"
        )


class TrainingDiverged(ValueError):
    """Raised by ``fit`` when the loss stops being a finite number."""


class MLP:
    """A fully connected feed-forward network trained with backpropagation.

    Parameters
    ----------
    sizes : sequence of int
        Neurons per layer, input first: ``[2, 10, 1]`` is 2 inputs, 10 hidden, 1 output.
    activation : str or Activation
        Activation of the hidden layers, a key of ``bplab.ACTIVATIONS`` (or an ``Activation``).
    output_activation : str or None
        Activation of the output layer; ``None`` uses ``activation`` there too.
    rng : None, int or numpy.random.Generator
        Source of the initial weights.
    init : {"glorot", "uniform", "small"}
        ``"glorot"``: W ~ U(-a, a) with a = sqrt(6 / (n_in + n_out)), b = 0 (the default);
        ``"uniform"``: W ~ U[0, 1), b = 0, as the Zhihu article starts its XOR network;
        ``"small"``: W and b ~ U[-0.25, 0.25), as the derivation article starts its network.
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activation: str | Activation = "sigmoid",
        output_activation: str | Activation | None = None,
        rng: None | int | np.random.Generator = None,
        *,
        init: str = "glorot",
    ) -> None:
        sizes = _check_sizes(sizes)
        if init not in INITS:
            raise ValueError(f"unknown init {init!r}; choose one of {', '.join(map(repr, INITS))}")
        gen = as_rng(rng)
        weights, biases = [], []
        for n_in, n_out in zip(sizes[:-1], sizes[1:]):
            if init == "glorot":
                a = math.sqrt(6.0 / (n_in + n_out))
                weights.append(gen.uniform(-a, a, size=(n_in, n_out)))
                biases.append(np.zeros(n_out))
            elif init == "uniform":
                weights.append(gen.random((n_in, n_out)))
                biases.append(np.zeros(n_out))
            else:
                weights.append(gen.uniform(-0.25, 0.25, size=(n_in, n_out)))
                biases.append(gen.uniform(-0.25, 0.25, size=n_out))
        self._set(weights, biases, activation, output_activation)

    @classmethod
    def from_params(
        cls,
        weights: Sequence,
        biases: Sequence,
        activation: str | Activation = "sigmoid",
        output_activation: str | Activation | None = None,
    ) -> MLP:
        """Build a network from given weights ``W (n_in, n_out)`` and biases ``b (n_out,)``.

        The arrays are copied, so training the network leaves the caller's arrays alone.

        >>> net = MLP.from_params([[[1.0], [1.0]]], [[-1.5]], activation="step")
        >>> net.predict([[1, 1], [1, 0]])
        array([[1.],
               [0.]])
        """
        weights = [np.array(W, dtype=np.float64) for W in weights]
        biases = [np.array(b, dtype=np.float64) for b in biases]
        if len(weights) == 0 or len(weights) != len(biases):
            raise ValueError(
                f"need one bias vector per weight matrix and at least one layer, got "
                f"{len(weights)} weight matrices and {len(biases)} bias vectors"
            )
        for i, (W, b) in enumerate(zip(weights, biases)):
            if W.ndim != 2:
                raise ValueError(f"weights[{i}] must be 2-D (n_in, n_out), got shape {W.shape}")
            if b.shape != (W.shape[1],):
                raise ValueError(
                    f"biases[{i}] must have shape ({W.shape[1]},) to match weights[{i}] of shape "
                    f"{W.shape}, got {b.shape}"
                )
            if i > 0 and W.shape[0] != weights[i - 1].shape[1]:
                raise ValueError(
                    f"weights[{i}] has {W.shape[0]} rows but layer {i} has "
                    f"{weights[i - 1].shape[1]} neurons (weights[{i - 1}] is "
                    f"{weights[i - 1].shape}, weights[{i}] is {W.shape})"
                )
            as_matrix(W, f"weights[{i}]")
            as_matrix(b, f"biases[{i}]")
        _check_sizes([weights[0].shape[0]] + [W.shape[1] for W in weights])
        net = cls.__new__(cls)
        net._set(weights, biases, activation, output_activation)
        return net

    def _set(self, weights, biases, activation, output_activation) -> None:
        hidden = get_activation(activation)
        out = hidden if output_activation is None else get_activation(output_activation)
        self.weights: list[Array] = weights
        self.biases: list[Array] = biases
        self.activation: Activation = hidden
        self.output_activation: Activation = out

    # ------------------------------------------------------------------ description
    @property
    def sizes(self) -> list[int]:
        """Neurons per layer, input first."""
        return [self.weights[0].shape[0]] + [W.shape[1] for W in self.weights]

    @property
    def n_params(self) -> int:
        """Number of weights and biases: sum over layers of (n_in + 1) n_out."""
        return sum(W.size + b.size for W, b in zip(self.weights, self.biases))

    def activations(self) -> list[Activation]:
        """The activation of each layer of weights, bottom up."""
        return [self.activation] * (len(self.weights) - 1) + [self.output_activation]

    def __repr__(self) -> str:
        return (
            f"MLP({self.sizes}, activation={self.activation.name!r}, "
            f"output_activation={self.output_activation.name!r}, parameters={self.n_params})"
        )

    def copy(self) -> MLP:
        """An independent copy: training it leaves this network unchanged."""
        return MLP.from_params(self.weights, self.biases, self.activation, self.output_activation)

    # ------------------------------------------------------------------ the two passes
    def _check_X(self, X) -> Array:
        return as_matrix(X, "X", columns=self.sizes[0], layer="the network's input layer")

    def _check_T(self, T, X: Array) -> Array:
        T = as_matrix(T, "T", columns=self.sizes[-1], layer="the network's output layer")
        same_rows(X, T)
        return T

    def forward(self, X) -> Trace:
        """Forward pass: net_i = Y_i @ W_i + b_i and Y_{i+1} = f(net_i), with Y_0 = X (N, n0)."""
        return forward(self.weights, self.biases, self.activations(), self._check_X(X))

    def predict(self, X) -> Array:
        """The network's output Y_L (N, n_out) for inputs X (N, n0)."""
        return self.forward(X).outputs[-1]

    def loss(self, X, T) -> float:
        """E = 1/(2N) sum (t - y)^2 of the network on inputs X (N, n0) and targets T (N, n_out)."""
        X = self._check_X(X)
        return float(mse(self.predict(X), self._check_T(T, X)))

    def backward(self, trace: Trace, T) -> Gradients:
        """Backward pass: learning signals from the output down, then dE/dW and dE/db.

        delta_L = (T - Y_L) * f'(net_L);  delta_i = (delta_{i+1} @ W_{i+1}.T) * f'(net_i);
        dE/dW_i = -(1/N) Y_i.T @ delta_i;  dE/db_i = -(1/N) sum_rows(delta_i).
        """
        if not isinstance(trace, Trace):
            raise TypeError(f"backward needs the Trace returned by forward(X), got {trace!r}")
        T = self._check_T(T, trace.outputs[0])
        deltas = learning_signals(self.weights, self.activations(), trace, T)
        dW, db = weight_changes(trace, deltas, -1.0 / T.shape[0])
        return Gradients(dW, db, deltas)

    def step(self, X, T, eta: float, *, update_biases: bool = True) -> float:
        """One gradient-descent step on the batch (X, T): W <- W - eta dE/dW, b <- b - eta dE/db
        for every layer, biases included. Returns E on the batch *before* the step.

        ``update_biases=False`` leaves the biases as they are - the step-by-step example's code,
        shown in chapter 05 to be slower, trains that way."""
        eta = positive(eta, "eta (the learning rate)")
        X = self._check_X(X)
        T = self._check_T(T, X)
        return descent_step(
            self.weights, self.biases, self.activations(), X, T, eta, update_biases=update_biases
        )

    # ------------------------------------------------------------------ training
    def fit(
        self,
        X,
        T,
        eta: float,
        epochs: int,
        batch_size: int | None = None,
        rng: None | int | np.random.Generator = None,
        *,
        progress: bool | int | None = None,
    ) -> History:
        """Train by gradient descent and return a ``History`` with E after every epoch.

        ``batch_size=None`` is full-batch (batch) gradient descent: one step per epoch on all N
        samples. ``batch_size=1`` is stochastic gradient descent and ``batch_size=k`` mini-batch:
        each epoch visits the samples in a new random order (drawn from ``rng``) and steps once per
        batch of k. ``progress``: ``True`` prints about ten lines, an int k prints every k epochs,
        ``False`` prints nothing, ``None`` prints about ten lines when epochs >= 10000.

        If E stops being finite, training stops with ``TrainingDiverged`` naming the epoch and the
        learning rate, and the network is put back as it was before ``fit``. Every step is
        ``descent_step``, the same function ``step`` calls.
        """
        X = self._check_X(X)
        T = self._check_T(T, X)
        eta = positive(eta, "eta (the learning rate)")
        epochs = positive_int(epochs, "epochs")
        N = X.shape[0]
        if batch_size is None:
            batch_size = N
        else:
            batch_size = min(positive_int(batch_size, "batch_size"), N)
        every = _progress_every(progress, epochs)
        saved = [(W.copy(), b.copy()) for W, b in zip(self.weights, self.biases)]
        try:
            loss, updates = train(
                self.weights,
                self.biases,
                self.activations(),
                X,
                T,
                eta,
                epochs,
                batch_size,
                as_rng(rng),
                every,
            )
        except TrainingDiverged:
            for (W0, b0), W, b in zip(saved, self.weights, self.biases):
                W[...] = W0
                b[...] = b0
            raise
        return History(loss, eta, batch_size, updates)


def _check_sizes(sizes) -> list[int]:
    try:
        sizes = list(sizes)
    except TypeError:
        raise TypeError(
            f"sizes must be a list of layer sizes such as [2, 10, 1], got {sizes!r}"
        ) from None
    if len(sizes) < 2:
        raise ValueError(
            f"sizes needs at least an input and an output layer, such as [2, 1], got {sizes}"
        )
    for h, n in enumerate(sizes):
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
            raise TypeError(f"sizes[{h}] must be a whole number of neurons, got {n!r}")
        if n < 1:
            raise ValueError(f"sizes[{h}] is {n}: every layer needs at least one neuron")
    return [int(n) for n in sizes]


def _progress_every(progress, epochs: int) -> int:
    """Epochs between progress lines; 0 means silent."""
    if progress is None:
        progress = epochs >= 10_000
    if progress is True:
        return max(1, epochs // 10)
    if progress is False:
        return 0
    return positive_int(progress, "progress")


# ---------------------------------------------------------------------- the formulas of chapter 05
# Written once, with the chapter's symbols. ``MLP`` (one network) and ``bplab.ensemble.MLPStack``
# (K networks at once) both call them: for a stack every array carries a leading axis of K members,
# W (K, n_in, n_out), b (K, 1, n_out), X (N, n0) shared or (K, N, n0), and ``@``, ``.mT`` and the
# sums over samples (axis -2) broadcast over it. The code's layer index i is the chapter's h - 1.


def forward(weights, biases, activations, X) -> Trace:
    """net^h = Y^(h-1) W^h + b^h,  Y^h = f(net^h),  Y^0 = X."""
    Y, nets, outputs = X, [], [X]
    for W, b, act in zip(weights, biases, activations):
        net = Y @ W
        net += b  # in place: one array fewer per layer and step (net^h is new, nothing shares it)
        Y = act.f(net)
        nets.append(net)
        outputs.append(Y)
    return Trace(nets, outputs)


def slope(act: Activation, net: Array, Y: Array) -> Array:
    """f'(net) of a layer. Where the activation gives its derivative in terms of its output
    (y(1 - y) for the sigmoid, 1 - y^2 for tanh) that is used: it is the same number and cheaper,
    as scikit-learn notes ("the derivative is a simple function of the output value"). An
    activation without it, one of your own for example, is differentiated at net as written."""
    return act.df(net) if act.df_from_output is None else act.df_from_output(Y)


def learning_signals(weights, activations, trace: Trace, T) -> list[Array]:
    """delta^L = (T - Y^L) * f'(net^L);  delta^h = (delta^(h+1) (W^(h+1))^T) * f'(net^h)."""
    nets, outputs = trace.nets, trace.outputs
    deltas = [None] * len(weights)
    delta = T - outputs[-1]
    delta *= slope(activations[-1], nets[-1], outputs[-1])
    deltas[-1] = delta
    for i in range(len(weights) - 2, -1, -1):
        delta = delta @ weights[i + 1].mT
        delta *= slope(activations[i], nets[i], outputs[i + 1])
        deltas[i] = delta
    return deltas


def weight_changes(trace: Trace, deltas, scale) -> tuple[list[Array], list[Array]]:
    """(Y^(h-1))^T (scale * delta^h) for every W^h and sum_n (scale * delta^h) for every b^h.

    With scale = eta/N these are the steps Delta W^h, Delta b^h of gradient descent; with
    scale = -1/N they are the gradients dE/dW^h, dE/db^h. (Scaling delta first is the same
    number and one operation fewer than scaling both products.)"""
    dW, db = [], []
    for Y, d in zip(trace.outputs[:-1], deltas):
        d = scale * d
        dW.append(Y.mT @ d)
        db.append(sum_rows(d))
    return dW, db


def sum_rows(d: Array) -> Array:
    """sum_n d[n, j], the sum over samples (axis -2): shape (n,) for d (N, n), (K, 1, n) for a
    stack's d (K, N, n). For a stack einsum is used because numpy's reduction over a short middle
    axis is slow (1000 x 4 x 10: about 3x slower than einsum); the number is the same."""
    if d.ndim == 2:
        return np.add.reduce(d, axis=0)
    return np.einsum("...nj->...j", d)[..., None, :]


def descent_step(weights, biases, activations, X, T, eta, *, update_biases=True, loss=True):
    """One step of gradient descent on the batch (X, T), in place: W^h <- W^h - eta dE/dW^h and
    b^h <- b^h - eta dE/db^h, that is W^h + (eta/N) (Y^(h-1))^T delta^h. Returns E of the batch
    before the step (a float, or one per member of a stack; ``eta`` may then be (K, 1, 1)), or
    None with ``loss=False``."""
    trace = forward(weights, biases, activations, X)
    deltas = learning_signals(weights, activations, trace, T)
    steps_W, steps_b = weight_changes(trace, deltas, eta / X.shape[-2])
    for W, b, step_W, step_b in zip(weights, biases, steps_W, steps_b):
        W += step_W
        if update_biases:
            b += step_b
    return squared_error(trace.outputs[-1], T) if loss else None


def train(
    weights, biases, activations, X, T, eta, epochs, batch_size, gen, every, *, each_epoch=True
):
    """``epochs`` passes of ``descent_step`` over (X, T) in batches of ``batch_size`` (all N: one
    step per epoch; fewer: a fresh order from ``gen`` each epoch). Returns (E after each epoch,
    number of steps). E is one float per epoch, or one per member of a stack.

    ``each_epoch=False`` keeps only E after the last epoch (one row): with mini-batches that
    saves the forward pass over the whole training set that every epoch's E costs."""
    N = X.shape[0]
    loss = None
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        if batch_size >= N:
            # E before step e + 1 is E after epoch e: the forward pass of a step gives both
            for epoch in range(epochs):
                E = descent_step(weights, biases, activations, X, T, eta, loss=each_epoch)
                if epoch and each_epoch:
                    loss = _record(loss, epochs, epoch - 1, E, eta, every)
        else:
            for epoch in range(epochs):
                order = gen.permutation(N)
                for start in range(0, N, batch_size):
                    idx = order[start : start + batch_size]
                    descent_step(weights, biases, activations, X[idx], T[idx], eta, loss=False)
                if each_epoch and epoch < epochs - 1:
                    E = squared_error(forward(weights, biases, activations, X).outputs[-1], T)
                    loss = _record(loss, epochs, epoch, E, eta, every)
        E = squared_error(forward(weights, biases, activations, X).outputs[-1], T)
        if each_epoch:
            loss = _record(loss, epochs, epochs - 1, E, eta, every)
        else:
            loss = _record(None, 1, 0, E, eta, 0)
    steps = epochs * (1 if batch_size >= N else -(-N // batch_size))
    return loss, steps


def _record(loss, epochs: int, k: int, E, eta, every: int):
    """Store E of epoch k + 1 (stop if a single network's E is not finite; print progress)."""
    # E is a float for one network, an array for a stack. (isinstance, not np.ndim: np.ndim of a
    # float goes through an exception and costs more than a whole XOR step's arithmetic.)
    single = not isinstance(E, np.ndarray)
    if loss is None:
        loss = np.empty(epochs if single else (epochs, *E.shape))
    if single and not math.isfinite(E):
        raise TrainingDiverged(
            f"the loss became {E} in epoch {k + 1} with eta={eta:g}: the steps overshoot and "
            f"the weights blow up. Try a smaller learning rate (eta). The network is left "
            f"as it was before fit()."
        )
    loss[k] = E
    if every and ((k + 1) % every == 0 or k + 1 == epochs or k == 0):
        width = len(str(epochs))
        shown = E if single else np.nanmedian(E)
        what = "loss" if single else "median loss"
        print(f"epoch {k + 1:>{width}}/{epochs}  {what} {shown:.6g}", file=sys.stdout)
    return loss
