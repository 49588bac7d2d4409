"""Numbers behind chapters 06 (solving XOR) and 07 (beyond): many runs, snapshots, gradient sizes
per layer, accuracy. numpy only; the figures that show them are in ``bplab.display.xor``.

Shapes follow ``bplab.network``: rows are samples, ``W (n_in, n_out)``. A run counts as
**solved** when every output is within ``tol`` (0.2 by default) of its target.

>>> import bplab as bp
>>> X, T = bp.datasets.xor()
>>> net = bp.MLP([2, 2, 1], rng=0)
>>> bool(solved(net.predict(X), T))
False
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import comb

import numpy as np

from .._validate import as_rng, positive, positive_int
from ..activations import Activation, get_activation
from ..costs import squared_error
from ..ensemble import MLPStack
from ..network import MLP, descent_step
from . import mistakes

Array = np.ndarray


# ---------------------------------------------------------------------- judging a run
def solved(Y, T, tol: float = 0.2) -> Array:
    """True where every output is within ``tol`` of its target: all |t - y| < tol over the last
    two axes. Y (N, n_out) gives a 0-d bool; a stack's Y (K, N, n_out) gives one bool per member.

    >>> bool(solved([[0.1], [0.9]], [[0.0], [1.0]]))
    True
    """
    Y = np.asarray(Y, dtype=np.float64)
    T = np.asarray(T, dtype=np.float64)
    return (np.abs(Y - T) < tol).all(axis=(-2, -1))


def accuracy(Y, labels) -> float:
    """Fraction of rows whose largest output is the right class:
    mean(argmax_j Y[n, j] == labels[n]). Y (N, n_classes), labels (N,) int.

    >>> accuracy([[0.9, 0.1], [0.2, 0.7], [0.6, 0.4]], [0, 1, 1])
    0.6666666666666666
    """
    Y = np.asarray(Y)
    labels = np.asarray(labels)
    if Y.ndim != 2 or labels.shape != (Y.shape[0],):
        raise ValueError(
            f"need Y of shape (N, n_classes) and labels of shape (N,), got {Y.shape} and "
            f"{labels.shape}"
        )
    return float(np.mean(Y.argmax(axis=1) == labels))


def confusion_matrix(labels, predicted, n_classes: int | None = None) -> Array:
    """C[i, j] = number of samples of true class i predicted as class j, shape (n, n).

    >>> confusion_matrix([0, 1, 1], [0, 1, 0]).tolist()
    [[1, 0], [1, 1]]
    """
    labels = np.asarray(labels, dtype=int)
    predicted = np.asarray(predicted, dtype=int)
    if labels.shape != predicted.shape or labels.ndim != 1:
        raise ValueError(
            f"labels and predicted must be 1-D of one length, got {labels.shape} and "
            f"{predicted.shape}"
        )
    n = int(max(labels.max(), predicted.max())) + 1 if n_classes is None else n_classes
    C = np.zeros((n, n), dtype=int)
    np.add.at(C, (labels, predicted), 1)
    return C


# ---------------------------------------------------------------------- one run, looked at often
@dataclass
class Snapshots:
    """A run stopped at ``epochs[k]`` to copy the network: ``nets[k]`` is the network after that
    many epochs (epoch 0 is the start), ``loss`` E after every epoch, ``weight_size[k]`` the
    largest |weight| (biases left out) of ``nets[k]``."""

    epochs: list[int]
    nets: list[MLP]
    loss: Array

    @property
    def weight_size(self) -> Array:
        return np.array([max_abs_weight(n) for n in self.nets])

    def __repr__(self) -> str:
        return f"Snapshots(epochs={self.epochs}, final loss={self.loss[-1]:.6g})"


def fit_with_snapshots(
    net: MLP,
    X,
    T,
    eta: float,
    checkpoints: Sequence[int],
    batch_size: int | None = None,
    rng=None,
) -> Snapshots:
    """Train ``net`` in place up to ``max(checkpoints)`` epochs and keep a copy at each checkpoint.

    The batches are those of one ``net.fit`` call with the same ``rng`` (one Generator drives every
    piece), so the result is the same run, only looked at along the way.
    """
    checkpoints = sorted({int(c) for c in checkpoints})
    if not checkpoints or checkpoints[0] < 0:
        raise ValueError(f"checkpoints must be epoch counts >= 0, got {checkpoints}")
    gen = as_rng(rng)
    nets, losses, done = [], [], 0
    for c in checkpoints:
        if c > done:
            hist = net.fit(
                X, T, eta=eta, epochs=c - done, batch_size=batch_size, rng=gen, progress=False
            )
            losses.append(hist.loss)
            done = c
        nets.append(net.copy())
    loss = np.concatenate(losses) if losses else np.empty(0)
    return Snapshots(checkpoints, nets, loss)


def max_abs_weight(net: MLP) -> float:
    """The largest |w| of a network's weight matrices (biases left out): one number for how far
    its weights are from zero."""
    return float(max(np.abs(W).max() for W in net.weights))


def decision_grid(predict, lim=(-0.5, 1.5), n: int = 101) -> tuple[Array, Array, Array]:
    """The output of a 2-input network over an n x n grid of the square lim x lim:
    ``(x1 (n, n), x2 (n, n), Y (n, n))`` with Y = predict(points)[:, 0].

    >>> x1, x2, Y = decision_grid(lambda P: P[:, :1] + P[:, 1:], lim=(0, 1), n=3)
    >>> Y.tolist()
    [[0.0, 0.5, 1.0], [0.5, 1.0, 1.5], [1.0, 1.5, 2.0]]
    """
    n = positive_int(n, "n")
    g = np.linspace(lim[0], lim[1], n)
    x1, x2 = np.meshgrid(g, g)
    Y = np.asarray(predict(np.column_stack([x1.ravel(), x2.ravel()])))[:, 0].reshape(n, n)
    return x1, x2, Y


def net_for_output(activation, y: float = 0.5) -> float:
    """The net input z with f(z) = y for an increasing activation f (found by bisection):
    where an output neuron draws its decision line y = 0.5. sigmoid -> 0, tanh -> atanh(0.5).

    >>> abs(net_for_output("sigmoid")) < 1e-12, round(net_for_output("tanh"), 9)
    (True, 0.549306144)
    """
    act = get_activation(activation)
    lo, hi = -50.0, 50.0
    f = act.f
    if not float(f(np.array(lo))) < y < float(f(np.array(hi))):
        raise ValueError(f"{act.name} never outputs {y} (its range is {f(lo)} .. {f(hi)})")
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if float(f(np.array(mid))) < y:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


# ---------------------------------------------------------------------- many runs at once
@dataclass
class SuccessGrid:
    """Success over a grid of hidden sizes and learning rates: ``rate[i, j]`` is the fraction of
    seeds solved with ``hidden[i]`` hidden units and ``etas[j]``; ``final[i, j, s]`` is E of seed s
    after the last epoch (NaN if it diverged); ``ok[i, j, s]`` whether it was solved."""

    hidden: list[int]
    etas: list[float]
    seeds: list[int]
    rate: Array
    final: Array
    ok: Array

    def __repr__(self) -> str:
        return (
            f"SuccessGrid(hidden={self.hidden}, etas={self.etas}, seeds={len(self.seeds)}, "
            f"mean rate={np.mean(self.rate):.3f})"
        )


def success_grid(
    X,
    T,
    hidden: Sequence[int],
    etas: Sequence[float],
    seeds: Sequence[int],
    epochs: int,
    activation="sigmoid",
    *,
    init: str = "glorot",
    batch_size: int | None = None,
    rng=None,
    tol: float = 0.2,
) -> SuccessGrid:
    """Train ``MLP([d, h, n_out], activation, rng=seed, init=init)`` for every h in ``hidden``,
    eta in ``etas`` and seed in ``seeds`` (one ``MLPStack`` per h, all etas and seeds at once) and
    count the runs that end solved."""
    X = np.asarray(X, dtype=np.float64)
    T = np.asarray(T, dtype=np.float64)
    etas = [positive(float(e), "each eta") for e in etas]
    seeds = list(seeds)
    gen = as_rng(rng)
    S, E = len(seeds), len(etas)
    rate = np.empty((len(hidden), E))
    final = np.empty((len(hidden), E, S))
    ok = np.empty((len(hidden), E, S), dtype=bool)
    for i, h in enumerate(hidden):
        sizes = [X.shape[1], int(h), T.shape[1]]
        every_seed = [s for _ in etas for s in seeds]  # member e * S + k: eta e, seed k
        last, good, _ = stack_runs(
            X,
            T,
            sizes,
            every_seed,
            np.repeat(etas, S),
            epochs,
            activation,
            init=init,
            batch_size=batch_size,
            rng=gen,
            tol=tol,
        )
        final[i] = last.reshape(E, S)
        ok[i] = good.reshape(E, S)
        rate[i] = ok[i].mean(axis=1)
    return SuccessGrid(list(map(int, hidden)), etas, seeds, rate, final, ok)


def stack_runs(
    X,
    T,
    sizes: Sequence[int],
    seeds: Sequence[int],
    eta,
    epochs: int,
    activation="sigmoid",
    *,
    init: str = "glorot",
    batch_size: int | None = None,
    rng=None,
    tol: float = 0.2,
    each_epoch: bool = True,
):
    """Train one network per seed together (an ``MLPStack``), with one ``eta`` or one per network;
    returns ``(final E (K,), solved (K,), loss (epochs, K))``. ``each_epoch=False`` skips E of
    every epoch but the last (``loss`` is then (1, K)), which makes SGD runs faster."""
    stack = MLPStack.from_seeds(sizes, seeds, activation, init=init)
    hist = stack.fit(
        X,
        T,
        eta,
        epochs,
        batch_size=batch_size,
        rng=rng,
        progress=False,
        each_epoch=each_epoch,
    )
    with np.errstate(over="ignore", invalid="ignore"):
        good = solved(stack.predict(X), T, tol) & np.isfinite(hist.final)
    return hist.final, good, hist.loss


def fit_stack_with_snapshots(
    stack: MLPStack, X, T, eta, checkpoints: Sequence[int], member: int = 0
) -> tuple[Snapshots, Array]:
    """Train every member of ``stack`` in place (full batch) up to ``max(checkpoints)`` epochs;
    return the ``Snapshots`` of one ``member`` (copies of it at each checkpoint) and the loss of
    every member, shape (epochs, K): many starts for the price of about one."""
    checkpoints = sorted({int(c) for c in checkpoints})
    if not checkpoints or checkpoints[0] < 0:
        raise ValueError(f"checkpoints must be epoch counts >= 0, got {checkpoints}")
    nets, losses, done = [], [], 0
    for c in checkpoints:
        if c > done:
            losses.append(stack.fit(X, T, eta, c - done, progress=False).loss)
            done = c
        nets.append(stack.network(member))
    loss = np.concatenate(losses) if losses else np.empty((0, stack.K))
    return Snapshots(checkpoints, nets, loss[:, member]), loss


def weight_and_gradient_size(stack: MLPStack, X, T) -> tuple[Array, Array]:
    """For every member of ``stack``: the largest |weight| (biases left out) and the length of
    its whole gradient |g| (every dE/dW and dE/db together). Two arrays of shape (K,)."""
    X = np.asarray(X, dtype=np.float64)
    T = np.asarray(T, dtype=np.float64)
    size, grad = np.empty(stack.K), np.empty(stack.K)
    for k in range(stack.K):
        net = stack.network(k)
        g = net.backward(net.forward(X), T)
        size[k] = max_abs_weight(net)
        grad[k] = np.sqrt(sum(np.sum(d**2) for d in g.dW + g.db))
    return size, grad


# ---------------------------------------------------------------------- how sure: rates over starts
def wilson_interval(k: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """Wilson score interval for a success rate k / n (95 % for the default z): the range of
    rates p for which k successes in n runs lie within z standard errors.

    >>> [round(v, 4) for v in wilson_interval(84, 100)]
    [0.7558, 0.899]
    """
    n = positive_int(n, "n")
    if not 0 <= k <= n:
        raise ValueError(f"need 0 <= k <= n, got k = {k}, n = {n}")
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return float(centre - half), float(centre + half)


def mcnemar(a, b) -> tuple[int, int, float]:
    """McNemar's exact test for two success/failure outcomes on the *same* runs (paired: run k
    of ``a`` and run k of ``b`` share a seed). Only the runs where they disagree count:
    ``n_ab`` (a solved, b not) and ``n_ba``. Under "both equally likely" each disagreement is a
    fair coin, so the two-sided p value is P(Binomial(n_ab + n_ba, 1/2) at least as uneven).
    Returns ``(n_ab, n_ba, p)``.

    >>> mcnemar([1, 1, 1, 0], [1, 0, 0, 0])
    (2, 0, 0.5)
    """
    a = np.asarray(a, dtype=bool)
    b = np.asarray(b, dtype=bool)
    if a.shape != b.shape or a.ndim != 1:
        raise ValueError(f"need two 1-D outcomes of one length, got {a.shape} and {b.shape}")
    n_ab, n_ba = int(np.sum(a & ~b)), int(np.sum(~a & b))
    n, k = n_ab + n_ba, min(n_ab, n_ba)
    if n == 0:
        return n_ab, n_ba, 1.0
    tail = sum(comb(n, i) for i in range(k + 1)) / 2.0**n
    return n_ab, n_ba, float(min(1.0, 2 * tail))


# ------------------------------------------------------- the derivation article's own network
def derivation_network(rng=None, layers: Sequence[int] = (2, 2, 1)) -> list[Array]:
    """The derivation article's weights for ``layers = [d, q, l]``: V (d+1, q+1) and W (q+1, l),
    every entry U[-0.25, 0.25). A constant 1 is appended to the *input* only; the extra (q+1)-th
    hidden unit is a tanh of the inputs like the others, and the output has no bias of its own."""
    d, q, l_out = (positive_int(n, "each layer size") for n in layers)
    gen = as_rng(rng)
    return [gen.uniform(-0.25, 0.25, (d + 1, q + 1)), gen.uniform(-0.25, 0.25, (q + 1, l_out))]


def derivation_forward(weights: Sequence[Array], X, activation="tanh") -> list[Array]:
    """Outputs of every layer of the derivation article's network, bottom up: [X with a column
    of ones, H, Y]."""
    act = get_activation(activation)
    X = np.atleast_2d(np.asarray(X, dtype=np.float64))
    A = [np.column_stack([X, np.ones(len(X))])]
    for V in weights:
        A.append(act.f(A[-1] @ V))
    return A


@dataclass
class DerivationRun:
    """What ``derivation_train`` returns: the trained ``weights``, and every ``record_every`` steps
    (at ``steps``) the loss E on all samples and the largest |weight|."""

    weights: list[Array]
    steps: Array
    loss: Array
    weight_size: Array

    def __repr__(self) -> str:
        return f"DerivationRun(steps={int(self.steps[-1]) if len(self.steps) else 0})"


def derivation_train(
    weights: Sequence[Array],
    X,
    T,
    eta: float = 0.2,
    steps: int = 10_000,
    activation="tanh",
    *,
    derivative_of_output: bool = True,
    rng=None,
    record_every: int = 100,
) -> DerivationRun:
    """The derivation article's training loop in our words: ``steps`` times, draw one sample at
    random, run it forward and move every weight by eta * a.T @ delta. With
    ``derivative_of_output`` (what the source's code does) the slope is f'(a), taken at the layer's
    *output* a; otherwise f'(net). The weights passed in are left alone."""
    # the source's network is chapter 05's with the bias column folded into the input and no
    # other bias: zero biases that never move; N = 1 sample per step, so eta/N = eta
    act = (
        mistakes.derivative_of_output(activation)
        if derivative_of_output
        else get_activation(activation)
    )
    acts = [act, act]
    W = [np.array(V, dtype=np.float64) for V in weights]
    zeros = [np.zeros(V.shape[1]) for V in W]
    X = np.asarray(X, dtype=np.float64)
    T = np.asarray(T, dtype=np.float64).reshape(len(X), -1)
    A0 = derivation_forward(W, X, activation)[0]
    steps = positive_int(steps, "steps")
    gen = as_rng(rng)
    picks = gen.integers(len(X), size=steps)
    at, loss, size = [], [], []
    for k, i in enumerate(picks):
        descent_step(W, zeros, acts, A0[i : i + 1], T[i : i + 1], eta, update_biases=False)
        if record_every and ((k + 1) % record_every == 0 or k == 0):
            Y = derivation_forward(W, X, activation)[-1]
            at.append(k + 1)
            loss.append(squared_error(Y, T))
            size.append(float(max(np.abs(V).max() for V in W)))
    return DerivationRun(W, np.array(at), np.array(loss), np.array(size))


def derivation_train_many(
    weights: Sequence[Sequence[Array]],
    X,
    T,
    eta: float = 0.2,
    steps: int = 10_000,
    activation="tanh",
    *,
    derivative_of_output: bool = True,
    rngs: Sequence = (),
) -> list[Array]:
    """``derivation_train`` for many starts at once: start k is ``weights[k]`` and draws its
    samples from ``rngs[k]`` exactly as ``derivation_train(weights[k], ..., rng=rngs[k])`` does,
    and all starts step together as one stack. Records nothing; returns the trained weights
    stacked, ``[V (K, d+1, q+1), W (K, q+1, l)]``, so that member k equals the weights of that
    single run."""
    act = (
        mistakes.derivative_of_output(activation)
        if derivative_of_output
        else get_activation(activation)
    )
    W = [np.stack([np.array(w[i], dtype=np.float64) for w in weights]) for i in range(2)]
    K = W[0].shape[0]
    if len(rngs) != K:
        raise ValueError(f"need one rng per start, got {len(rngs)} for {K} starts")
    zeros = [np.zeros((K, 1, V.shape[2])) for V in W]
    X = np.asarray(X, dtype=np.float64)
    T = np.asarray(T, dtype=np.float64).reshape(len(X), -1)
    A0 = derivation_forward([V[0] for V in W], X, activation)[0]
    steps = positive_int(steps, "steps")
    picks = np.stack([as_rng(g).integers(len(X), size=steps) for g in rngs])  # (K, steps)
    for k in range(steps):
        i = picks[:, k]
        descent_step(
            W,
            zeros,
            [act, act],
            A0[i][:, None],
            T[i][:, None],
            eta,
            update_biases=False,
            loss=False,
        )
    return W


def train_weights_only(net: MLP, X, T, eta: float, steps: int) -> MLP:
    """``steps`` full-batch gradient-descent steps that change the weights and leave every bias
    as it is (what the step-by-step example's code does): ``net.step(..., update_biases=False)``
    ``steps`` times. Trains ``net`` in place and returns it."""
    steps = positive_int(steps, "steps")
    for _ in range(steps):
        net.step(X, T, eta, update_biases=False)
    return net


# ---------------------------------------------------------------------- gradients through depth
def he_weights(sizes: Sequence[int], rng=None) -> list[Array]:
    """He (Kaiming) starting weights for ReLU layers: each ``W (n_in, n_out)`` drawn from
    N(0, 2 / n_in), so that a ReLU layer, which zeroes about half its inputs, keeps the mean
    square of the signal from layer to layer (He et al., 2015)."""
    gen = as_rng(rng)
    return [
        gen.standard_normal((n_in, n_out)) * np.sqrt(2.0 / n_in)
        for n_in, n_out in zip(sizes[:-1], sizes[1:])
    ]


def layer_gradient_norms(
    depth: int,
    width: int = 10,
    activation="sigmoid",
    *,
    seeds: Sequence[int] = range(20),
    n_samples: int = 64,
    n_in: int = 10,
    init: str | None = None,
    quantity: str = "dW",
    rng=None,
) -> Array:
    """Mean over seeds of the size of one quantity in each layer i = 0 .. depth-1 of a fresh
    network ``[n_in] + [width] * (depth - 1) + [1]`` (``depth`` layers of weights, hidden
    ``activation``, sigmoid output, zero biases) on random inputs N(0, 1) and random 0/1 targets.

    ``quantity="dW"``: ||dE/dW_i|| (Frobenius); ``quantity="delta"``: ||delta_i||, the learning
    signal of the layer's units over the batch (dE/dW_i = -(1/N) Y_{i-1}^T delta_i, so the two
    differ by the size of the layer's input Y_{i-1}). ``init``: "glorot" (``MLP(..., rng=seed)``)
    or "he" (``he_weights(sizes, seed)``); None picks He for relu and Glorot otherwise.
    Shape (depth,); index 0 is the layer next to the input."""
    depth = positive_int(depth, "depth")
    if quantity not in ("dW", "delta"):
        raise ValueError(f"quantity must be 'dW' or 'delta', got {quantity!r}")
    name = activation_name(activation)
    init = ("he" if name == "relu" else "glorot") if init is None else init
    if init not in ("glorot", "he"):
        raise ValueError(f"init must be 'glorot' or 'he', got {init!r}")
    gen = as_rng(rng)
    X = gen.standard_normal((n_samples, n_in))
    T = (gen.random((n_samples, 1)) < 0.5).astype(np.float64)
    sizes = [n_in] + [int(width)] * (depth - 1) + [1]
    norms = np.zeros(depth)
    seeds = list(seeds)
    for s in seeds:
        if init == "he":
            W = he_weights(sizes, s)
            net = MLP.from_params(W, [np.zeros(n) for n in sizes[1:]], activation, "sigmoid")
        else:
            net = MLP(sizes, activation, "sigmoid", rng=s)
        g = net.backward(net.forward(X), T)
        norms += [np.linalg.norm(a) for a in (g.dW if quantity == "dW" else g.deltas)]
    return norms / len(seeds)


def gradient_norms_by_depth(
    depths: Sequence[int], width: int = 10, activation="sigmoid", **kwargs
) -> dict[int, Array]:
    """``{depth: layer_gradient_norms(depth, width, activation, **kwargs)}`` for each depth
    (pass ``quantity="delta"`` for the learning signals instead of the weight gradients)."""
    return {int(d): layer_gradient_norms(d, width, activation, **kwargs) for d in depths}


def activation_name(activation) -> str:
    """The name of an activation given by name or as an ``Activation``."""
    if isinstance(activation, Activation):
        return activation.name
    return get_activation(activation).name
