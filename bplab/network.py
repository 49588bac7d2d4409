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

from ._checks import as_matrix, as_rng, positive, positive_int, same_rows
from .activations import Activation, get_activation

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
        ``"uniform"``: W ~ U[0, 1), b = 0, as seed 000 starts its XOR network;
        ``"small"``: W and b ~ U[-0.25, 0.25), as seed 001 starts its network.
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
        Y = self._check_X(X)
        nets, outputs = [], [Y]
        for W, b, act in zip(self.weights, self.biases, self.activations()):
            net = Y @ W + b
            Y = act.f(net)
            nets.append(net)
            outputs.append(Y)
        return Trace(nets, outputs)

    def predict(self, X) -> Array:
        """The network's output Y_L (N, n_out) for inputs X (N, n0)."""
        return self.forward(X).outputs[-1]

    def loss(self, X, T) -> float:
        """E = 1/(2N) sum (t - y)^2 of the network on inputs X (N, n0) and targets T (N, n_out)."""
        X = self._check_X(X)
        T = self._check_T(T, X)
        E = T - self.predict(X)
        return float(np.vdot(E, E)) / (2 * X.shape[0])

    def backward(self, trace: Trace, T) -> Gradients:
        """Backward pass: learning signals from the output down, then dE/dW and dE/db.

        delta_L = (T - Y_L) * f'(net_L);  delta_i = (delta_{i+1} @ W_{i+1}.T) * f'(net_i);
        dE/dW_i = -(1/N) Y_i.T @ delta_i;  dE/db_i = -(1/N) sum_rows(delta_i).
        """
        if not isinstance(trace, Trace):
            raise TypeError(f"backward needs the Trace returned by forward(X), got {trace!r}")
        X = trace.outputs[0]
        T = self._check_T(T, X)
        N = X.shape[0]
        acts = self.activations()
        L = len(self.weights)
        deltas: list[Array] = [None] * L  # type: ignore[list-item]
        deltas[-1] = (T - trace.outputs[-1]) * acts[-1].df(trace.nets[-1])
        for i in range(L - 2, -1, -1):
            deltas[i] = (deltas[i + 1] @ self.weights[i + 1].T) * acts[i].df(trace.nets[i])
        dW = [-(Y.T @ d) / N for Y, d in zip(trace.outputs[:-1], deltas)]
        db = [-d.sum(axis=0) / N for d in deltas]
        return Gradients(dW, db, deltas)

    def step(self, X, T, eta: float, *, update_biases: bool = True) -> float:
        """One gradient-descent step on the batch (X, T): W <- W - eta dE/dW, b <- b - eta dE/db
        for every layer, biases included. Returns E on the batch *before* the step.

        ``update_biases=False`` leaves the biases as they are - seed 002's code, shown in
        chapter 05 to be slower, trains that way."""
        eta = positive(eta, "eta (the learning rate)")
        trace = self.forward(X)
        grads = self.backward(trace, T)
        for W, b, dW, db in zip(self.weights, self.biases, grads.dW, grads.db):
            W -= eta * dW
            if update_biases:
                b -= eta * db
        E = np.asarray(T, dtype=np.float64).reshape(trace.outputs[-1].shape) - trace.outputs[-1]
        return float(np.vdot(E, E)) / (2 * E.shape[0])

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
        learning rate, and the network is put back as it was before ``fit``.
        """
        X = self._check_X(X)
        T = self._check_T(T, X)
        eta = positive(eta, "eta (the learning rate)")
        epochs = positive_int(epochs, "epochs")
        N = X.shape[0]
        if batch_size is None:
            batch_size = N
        batch_size = positive_int(batch_size, "batch_size")
        batch_size = min(batch_size, N)
        every = _progress_every(progress, epochs)
        gen = as_rng(rng)

        saved = [(W.copy(), b.copy()) for W, b in zip(self.weights, self.biases)]
        kernel = _Kernel(self)
        try:
            with np.errstate(over="ignore", invalid="ignore", under="ignore"):
                loss, updates = kernel.run(X, T, eta, epochs, batch_size, gen, every)
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


# ---------------------------------------------------------------------- the fast training loop
# A network this small is bound by numpy's per-call overhead (about half a microsecond a call),
# not by arithmetic, so the loop below works on preallocated buffers with as few calls per step as
# the maths allows:
# - it works in the transposed layout (units in rows, samples in columns), so that
#   net.T = V @ [Y.T; 1] with V = [W.T | b]: the bias rides along as the last column of V and every
#   layer's output buffer ends in a row of ones, which keeps the activations' views contiguous;
# - dE/dV = -(1/N) delta.T @ [Y, 1] gives W and b in one product;
# - the derivative is taken from the layer's output (y(1 - y) for the sigmoid), which is exact for
#   every built-in activation; constants are 0-d arrays and `out` is passed by position, which
#   numpy parses faster.
# tests/test_network.py checks that this loop and plain ``step`` calls give the same numbers.

_ONE = np.array(1.0)
_ZERO = np.array(0.0)

# Each activation becomes a list of (function, arguments) operations writing into `out`: the loop
# then runs flat lists of numpy calls, with no Python function call of its own in between.


def _sigmoid_ops(z, out):
    # exp overflows to inf for z < -709; 1 / (1 + inf) = 0 is the right limit (warnings are off)
    return [
        (np.negative, (z, out)),
        (np.exp, (out, out)),
        (np.add, (out, _ONE, out)),
        (np.reciprocal, (out, out)),
    ]


def _d_sigmoid_ops(z, y, out):
    return [(np.subtract, (_ONE, y, out)), (np.multiply, (out, y, out))]


def _d_tanh_ops(z, y, out):
    return [(np.multiply, (y, y, out)), (np.subtract, (_ONE, out, out))]


_OPS = {
    "sigmoid": (_sigmoid_ops, _d_sigmoid_ops),
    "tanh": (lambda z, out: [(np.tanh, (z, out))], _d_tanh_ops),
    "relu": (
        lambda z, out: [(lambda: np.maximum(z, _ZERO, out=out), ())],
        lambda z, y, out: [(np.greater, (y, _ZERO, out))],
    ),
    "linear": (
        lambda z, out: [(np.copyto, (out, z))],
        lambda z, y, out: [(np.copyto, (out, _ONE))],
    ),
}


def _generic_ops(act: Activation):
    def f(z, out):
        return [(lambda: out.__setitem__(Ellipsis, act.f(z)), ())]

    def df(z, y, out):
        return [(lambda: out.__setitem__(Ellipsis, act.df(z)), ())]

    return f, df


class _Program:
    """Buffers and the flat lists of numpy calls for one step on a batch of n samples.

    Transposed layout: A[i] = [Y_i.T; 1] (n_i + 1, n) with Y[i] its view without the row of ones;
    Z[i], D[i], F[i] (n_{i+1}, n) hold net, delta and f'(net); V[i] = [W_i.T | b_i].
    ``forward`` leaves T - Y in ``Err``; ``backward`` forms the deltas, already multiplied by
    eta/n, and adds delta.T @ [Y, 1] to every V.
    """

    def __init__(self, kernel: _Kernel, n: int, scale: float) -> None:
        sizes, V, W, dV = kernel.sizes, kernel.V, kernel.W, kernel.dV
        A = [np.ones((k + 1, n)) for k in sizes[:-1]] + [np.empty((sizes[-1], n))]
        Y = [a[:-1] for a in A[:-1]] + [A[-1]]
        Z = [np.empty((k, n)) for k in sizes[1:]]
        D = [np.empty((k, n)) for k in sizes[1:]]
        F = [np.empty((k, n)) for k in sizes[1:]]
        self.X, self.T, self.Err = Y[0], np.empty((sizes[-1], n)), np.empty((sizes[-1], n))
        self.half_over_n = 0.5 / n
        self.n = n
        f_ops = [f for f, _ in kernel.ops]
        df_ops = [df for _, df in kernel.ops]
        last = len(V) - 1

        fwd = []
        for i in range(last + 1):
            fwd.append((np.dot, (V[i], A[i], Z[i])))
            fwd += f_ops[i](Z[i], Y[i + 1])
        fwd.append((np.subtract, (self.T, Y[-1], self.Err)))

        bwd = df_ops[last](Z[last], Y[last + 1], F[last])
        bwd.append((np.multiply, (self.Err, F[last], D[last])))
        bwd.append((np.multiply, (D[last], np.array(scale), D[last])))  # lower deltas inherit it
        for i in range(last, 0, -1):
            bwd.append((np.dot, (W[i], D[i], D[i - 1])))
            bwd += df_ops[i - 1](Z[i - 1], Y[i], F[i - 1])
            bwd.append((np.multiply, (D[i - 1], F[i - 1], D[i - 1])))
        for i in range(last + 1):
            bwd.append((np.dot, (D[i], A[i].T, dV[i])))
            bwd.append((np.add, (V[i], dV[i], V[i])))
        self.forward, self.backward = fwd, bwd

    def loss(self) -> float:
        """Run the forward pass; E = 1/(2n) sum (t - y)^2 of the batch now in X and T."""
        for f, args in self.forward:
            f(*args)
        return float(np.vdot(self.Err, self.Err)) * self.half_over_n


class _Kernel:
    def __init__(self, net: MLP) -> None:
        self.net = net
        self.sizes = net.sizes
        self.ops = [_OPS.get(a.name) or _generic_ops(a) for a in net.activations()]
        self.V = [
            np.ascontiguousarray(np.vstack([W, b]).T) for W, b in zip(net.weights, net.biases)
        ]
        self.W = [V[:, :-1].T for V in self.V]  # views: W_i (n_i, n_{i+1})
        self.dV = [np.empty_like(V) for V in self.V]

    def run(self, X, T, eta, epochs, batch_size, gen, every):
        N = X.shape[0]
        full = _Program(self, N, eta / N)
        full.X[...] = X.T
        full.T[...] = T.T
        loss = np.empty(epochs)
        record = self._record
        try:
            if batch_size >= N:
                vdot, Err, c = np.vdot, full.Err, full.half_over_n
                forward, backward = full.forward, full.backward
                for epoch in range(epochs):
                    for f, args in forward:
                        f(*args)
                    if epoch:
                        E = loss[epoch - 1] = float(vdot(Err, Err)) * c
                        if every or not E < math.inf:  # also catches NaN
                            record(loss, epoch - 1, E, eta, every)
                    for f, args in backward:
                        f(*args)
                updates = epochs
            else:
                programs = {
                    n: _Program(self, n, eta / n) for n in {batch_size, N % batch_size} if n
                }
                updates = 0
                for epoch in range(epochs):
                    order = gen.permutation(N)
                    XT, TT = X[order].T, T[order].T
                    for start in range(0, N, batch_size):
                        stop = min(start + batch_size, N)
                        P = programs[stop - start]
                        P.X[...] = XT[:, start:stop]
                        P.T[...] = TT[:, start:stop]
                        for f, args in P.forward:
                            f(*args)
                        for f, args in P.backward:
                            f(*args)
                        updates += 1
                    if epoch < epochs - 1:
                        record(loss, epoch, full.loss(), eta, every)
            record(loss, epochs - 1, full.loss(), eta, every)
        finally:
            for V, W, b in zip(self.V, self.net.weights, self.net.biases):
                W[...] = V[:, :-1].T
                b[...] = V[:, -1]
        return loss, updates

    @staticmethod
    def _record(loss: Array, k: int, E: float, eta: float, every: int) -> None:
        if not math.isfinite(E):
            raise TrainingDiverged(
                f"the loss became {E} in epoch {k + 1} with eta={eta:g}: the steps overshoot and "
                f"the weights blow up. Try a smaller learning rate (eta). The network is left "
                f"as it was before fit()."
            )
        loss[k] = E
        if every and ((k + 1) % every == 0 or k + 1 == len(loss) or k == 0):
            width = len(str(len(loss)))
            print(f"epoch {k + 1:>{width}}/{len(loss)}  loss {E:.6g}", file=sys.stdout)
