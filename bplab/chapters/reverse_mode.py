"""Chapter 09 (backprop is reverse-mode differentiation): the network rebuilt from scalars, the
nudge that shows delta as a sensitivity, the cost of the two ways to get a gradient, and one
sigmoid neuron trained with either cost.

Layers are numbered as in ``bplab.network``: index i of a list is layer h = i + 1 of the maths.
The scalar network computes the course's E = 1/(2N) sum_n sum_j (t_nj - y_nj)^2 with one
``bplab.autodiff`` node per number, so ``E.backward()`` is backprop done one scalar at a time.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .. import costs
from ..activations import sigmoid
from ..autodiff import Value
from ..gradcheck import numerical_gradients
from ..network import MLP

Array = np.ndarray

#: activation name -> the scalar operation of ``Value`` / ``Dual`` that computes it
SCALAR_ACTIVATIONS: dict[str, Callable] = {
    "sigmoid": lambda z: z.sigmoid(),
    "tanh": lambda z: z.tanh(),
    "relu": lambda z: z.relu(),
    "linear": lambda z: z,
}


def _scalar_activation(name: str) -> Callable:
    if name not in SCALAR_ACTIVATIONS:
        valid = ", ".join(map(repr, SCALAR_ACTIVATIONS))
        raise ValueError(f"no scalar version of activation {name!r}; choose one of {valid}")
    return SCALAR_ACTIVATIONS[name]


def scalar_forward(weights, biases, activations: Sequence[str], X, T):
    """The forward pass and cost with one scalar per number: returns (E, nets, outputs).

    weights[i][a][k], biases[i][k]: scalars (``Value`` or ``Dual``) of layer i, shaped like
    W (n_i, n_{i+1}) and b (n_{i+1},); X (N, n0), T (N, n_L) arrays of floats. Lists that do
    not fit each other or X, T raise ValueError (nothing is cut off silently). ``nets[i][n][k]``
    and ``outputs[i][n][k]`` are nested lists like ``Trace.nets`` and ``Trace.outputs``.
    net_k = sum_a y_a W_ak + b_k,  y = f(net),  E = 1/(2N) sum_n sum_j (t_nj - y_nj)^2.
    """
    X = np.asarray(X, dtype=np.float64)
    T = np.asarray(T, dtype=np.float64)
    if X.ndim != 2 or T.ndim != 2 or X.shape[0] != T.shape[0]:
        raise ValueError(
            f"X and T must be 2-D with one row per sample, got X {X.shape} and T {T.shape}"
        )
    if not len(weights) == len(biases) == len(activations) >= 1:
        raise ValueError(
            f"need one weight matrix, one bias vector and one activation per layer, got "
            f"{len(weights)} weights, {len(biases)} biases and {len(activations)} activations"
        )
    n_in = X.shape[1]
    for i, (W, b) in enumerate(zip(weights, biases)):
        if len(W) != n_in or any(len(row) != len(b) for row in W):
            raise ValueError(
                f"layer {i} (h = {i + 1}) must have weights ({n_in}, {len(b)}) for {n_in} "
                f"inputs and {len(b)} biases, got {len(W)} rows of lengths "
                f"{sorted({len(row) for row in W})}"
            )
        n_in = len(b)
    if n_in != T.shape[1]:
        raise ValueError(f"the last layer has {n_in} outputs but T has {T.shape[1]} columns")
    N = X.shape[0]
    fs = [_scalar_activation(name) for name in activations]
    Y = [[float(x) for x in row] for row in X]
    nets, outputs = [], [Y]
    for W, b, f in zip(weights, biases, fs):
        net = [
            [sum((y[a] * W[a][k] for a in range(len(W))), b[k]) for k in range(len(b))] for y in Y
        ]
        Y = [[f(z) for z in row] for row in net]
        nets.append(net)
        outputs.append(Y)
    E = sum((float(T[n, j]) - Y[n][j]) ** 2 for n in range(N) for j in range(T.shape[1]))
    return E * (1.0 / (2 * N)), nets, outputs


@dataclass
class ValueNetwork:
    """An ``MLP``'s forward pass built from ``Value``s: the cost ``E`` and every node a reader may
    ask for a ``.grad``: ``W[i][a][k]``, ``b[i][k]``, ``nets[i][n][k]``, ``outputs[i][n][k]``."""

    E: Value
    W: list
    b: list
    nets: list
    outputs: list

    def dW(self, i: int) -> Array:
        """The grads of layer i's weights as an array (n_i, n_{i+1}): dE/dW after E.backward()."""
        return np.array([[w.grad for w in row] for row in self.W[i]])

    def db(self, i: int) -> Array:
        """The grads of layer i's biases (n_{i+1},)."""
        return np.array([v.grad for v in self.b[i]])

    def dnet(self, i: int) -> Array:
        """dE/dnet of layer i (N, n_{i+1}); the course's delta is -N times it."""
        return np.array([[z.grad for z in row] for row in self.nets[i]])

    def __repr__(self) -> str:
        return f"ValueNetwork(E={self.E.data:.9g}, layers={len(self.W)})"


def value_network(net: MLP, X, T) -> ValueNetwork:
    """``net``'s weights and biases as Values, and its cost on (X (N, n0), T (N, n_L)) as a graph.

    >>> import bplab as bp
    >>> net, x, t, eta = bp.datasets.worked_example()
    >>> vn = value_network(net, x, t)
    >>> vn.E.backward()
    >>> bool(np.allclose(vn.dW(0), net.backward(net.forward(x), t).dW[0]))
    True
    """
    X = net._check_X(X)
    T = net._check_T(T, X)
    W = [[[Value(w) for w in row] for row in Wi] for Wi in net.weights]
    b = [[Value(v) for v in bi] for bi in net.biases]
    names = [a.name for a in net.activations()]
    E, nets, outputs = scalar_forward(W, b, names, X, T)
    return ValueNetwork(E, W, b, nets, outputs)


def flat_parameters(net: MLP) -> list[float]:
    """Every parameter of ``net`` in one list: W_0 row by row, b_0, W_1, b_1, ..."""
    flat: list[float] = []
    for W, b in zip(net.weights, net.biases):
        flat += [float(w) for w in W.ravel()] + [float(v) for v in b]
    return flat


def cost_of_parameters(net: MLP, X, T) -> Callable:
    """The cost E as a function of the flat list of parameters (``flat_parameters`` order), for
    ``autodiff.forward_gradient`` and ``autodiff.reverse_gradient``: f(params) -> E."""
    X = net._check_X(X)
    T = net._check_T(T, X)
    shapes = [W.shape for W in net.weights]
    names = [a.name for a in net.activations()]
    for name in names:
        _scalar_activation(name)

    def E(params):
        weights, biases, k = [], [], 0
        for n_in, n_out in shapes:
            weights.append([params[k + a * n_out : k + (a + 1) * n_out] for a in range(n_in)])
            k += n_in * n_out
            biases.append(params[k : k + n_out])
            k += n_out
        if k != len(params):
            raise ValueError(f"the network has {k} parameters, got {len(params)}")
        return scalar_forward(weights, biases, names, X, T)[0]

    return E


def nudged_cost(net: MLP, X, T, layer: int, n: int, k: int, eps: float) -> float:
    """E after adding ``eps`` to one net input, net_i[n, k] (layer index i = ``layer``), with the
    rest of the forward pass unchanged: (nudged_cost - E) / eps -> dE/dnet = -delta / N."""
    X = net._check_X(X)
    T = net._check_T(T, X)
    Y = X
    for i, (W, b, act) in enumerate(zip(net.weights, net.biases, net.activations())):
        z = Y @ W + b
        if i == layer:
            z[n, k] += eps
        Y = act.f(z)
    return costs.mse(Y, T)


# ----------------------------------------------------------------------------- the cost measured
@dataclass
class GradientTimes:
    """CPU seconds for networks of ``P`` parameters (``sizes`` the architecture of each), every
    time the best of the same number of repeats:

    ``one_pass``: one forward pass with its cost, ``net.loss`` (what central differences repeat);
    ``backprop``: one gradient by backprop, one forward and one backward pass.
    ``central`` = 2 P one_pass: one gradient by central differences (order 2), 2P forward passes.
    ``full_run``: one complete ``numerical_gradients`` run on the last network, timed once, and
    ``full_passes``: how many times it called ``net.loss`` (2P) — to check the 2P one_pass model.
    """

    sizes: list
    P: Array
    one_pass: Array
    backprop: Array
    full_run: float
    full_passes: int

    @property
    def central(self) -> Array:
        """2P x one forward pass: the time central differences need for one gradient."""
        return 2 * self.P * self.one_pass

    def __repr__(self) -> str:
        return f"GradientTimes(P={self.P.tolist()})"


def time_gradients(
    widths: Sequence[int], X, T, *, rng=None, repeats: int = 20, inner: int = 5
) -> GradientTimes:
    """Time both ways to the gradient on networks [n0, w, n_L] for each hidden width w in
    ``widths``; X (N, n0), T (N, n_L). Both are measured alike: CPU time (``time.process_time``,
    which a busy machine's other programs do not inflate) of ``inner`` calls, the best of
    ``repeats`` (the tries of the networks interleaved), divided by ``inner``. Then one complete
    central-difference gradient of the last network is run once, counting its forward passes."""
    X = np.asarray(X, dtype=np.float64)
    T = np.asarray(T, dtype=np.float64)
    gen = np.random.default_rng(rng)
    nets = [MLP([X.shape[1], int(w), T.shape[1]], rng=gen) for w in widths]
    runs = [(lambda n=n: n.loss(X, T), lambda n=n: n.backward(n.forward(X), T)) for n in nets]
    one_pass, backprop = np.full(len(nets), np.inf), np.full(len(nets), np.inf)
    for _ in range(repeats):  # the tries interleaved: a busy moment slows one try of every size
        for k, (forward, gradient) in enumerate(runs):
            one_pass[k] = min(one_pass[k], _best(forward, 1, inner))
            backprop[k] = min(backprop[k], _best(gradient, 1, inner))
    net = nets[-1]
    calls = [0]
    loss = net.loss

    def counted_loss(X, T):
        calls[0] += 1
        return loss(X, T)

    net.loss = counted_loss  # this instance only: numerical_gradients calls net.loss per pass
    try:
        full_run = _best(lambda: numerical_gradients(net, X, T, order=2), 1, 1)
    finally:
        del net.loss
    sizes = [n.sizes for n in nets]
    P = np.array([n.n_params for n in nets])
    return GradientTimes(sizes, P, one_pass, backprop, full_run, calls[0])


def _best(run: Callable, repeats: int, inner: int) -> float:
    """The smallest CPU time of ``inner`` calls of run() over ``repeats`` tries, per call."""
    best = np.inf
    for _ in range(repeats):
        start = time.process_time()
        for _ in range(inner):
            run()
        best = min(best, time.process_time() - start)
    return best / inner


# ------------------------------------------------------------------------ one neuron, two costs
@dataclass
class NeuronRun:
    """One sigmoid neuron y = f(w x + b) trained by gradient descent: ``y[k]``, ``E[k]`` and the
    learning signal ``delta[k]`` = -dE/dnet (one sample, so N = 1) before step k."""

    cost: str
    y: Array
    E: Array
    delta: Array

    def steps_to(self, below: float) -> int | None:
        """The first step k with y[k] < ``below`` (the number of updates it took), or None."""
        hits = np.flatnonzero(self.y < below)
        return int(hits[0]) if hits.size else None


def train_neuron(
    w: float, b: float, x: float, t: float, *, eta: float, steps: int, cost: str = "mse"
) -> NeuronRun:
    """Train y = sigmoid(w x + b) on one sample (x, t): w <- w + eta delta x, b <- b + eta delta,
    with delta = -dE/dnet.

    For a squared-error cost of ``bplab.costs``, delta = -dE/dy f'(net) (the chain rule, with
    f' = y (1 - y)). For "cross_entropy", E and delta come from the net input
    (``costs.cross_entropy_of_net``, ``costs.d_cross_entropy_of_net``): delta = t - y, with
    f' already cancelled, so a start saturated to float precision (y rounded to 1.0) still learns.
    """
    c = costs.get_cost(cost)
    ys, Es, deltas = [], [], []
    for _ in range(steps):
        net = w * x + b
        y = float(sigmoid(net))
        Y, T = np.array([[y]]), np.array([[t]])
        if c.name == "cross_entropy":
            NET = np.array([[net]])
            E = costs.cross_entropy_of_net(NET, T)
            delta = -float(costs.d_cross_entropy_of_net(NET, T)[0, 0])  # t - y (N = 1)
        else:
            E = c.f(Y, T)
            delta = -float(c.grad(Y, T)[0, 0]) * y * (1.0 - y)  # -dE/dy * f'(net), f' = y(1 - y)
        ys.append(y)
        Es.append(E)
        deltas.append(delta)
        w += eta * delta * x
        b += eta * delta
    return NeuronRun(c.name, np.array(ys), np.array(Es), np.array(deltas))
