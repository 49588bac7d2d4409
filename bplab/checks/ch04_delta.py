"""The questions of exercise 04, the Delta rule: delta, delta_rule_step, neuron_gradient; and,
on paper, f' in terms of the output as a sympy expression: sigmoid_slope (s(1 - s), s = sigmoid(z))
and tanh_slope (1 - t^2, t = tanh(z)), evaluated at the case's s or t.

delta = (T - Y) * f'(net) with the sigmoid (chapter 04); the step W <- W + (eta/N) X.T @ delta,
b <- b + (eta/N) sum_rows(delta). The first case has N = 4 samples, d = 3 inputs and l = 2
outputs: no two sizes equal, so a missing transpose shows in the shape.
"""

from __future__ import annotations

import numpy as np

from ..activations import d_sigmoid, d_tanh, sigmoid
from .ch05_backprop import SEALED as BACKPROP  # the Delta rule is backprop with one layer
from .helpers import question, registry


def delta(W, b, X, T):
    """(T - Y) * f'(net) of a sigmoid layer, net = X @ W + b."""
    net = X @ W + b
    return (T - sigmoid(net)) * d_sigmoid(net)


def _layer(N, d, l):
    def make(rng):
        return {
            "W": rng.normal(size=(d, l)),
            "b": rng.normal(size=l),
            "X": rng.normal(size=(N, d)),
            "T": rng.random((N, l)),
            "eta": float(rng.choice([0.1, 0.5, 2.0])),
        }

    return make


def _layer_random(rng):
    return _layer(int(rng.integers(2, 6)), int(rng.integers(1, 5)), int(rng.integers(1, 4)))(rng)


def _net(c):
    return c["X"] @ c["W"] + c["b"]


def _E(c):
    return c["T"] - sigmoid(_net(c))


# each a wrong learning signal: (mistake, delta as the mistaken code computes it)
WRONG_DELTAS = [
    ("missing f'", _E),
    ("flipped sign", lambda c: -_E(c) * d_sigmoid(_net(c))),
    ("derivative applied to the activated output", lambda c: _E(c) * d_sigmoid(sigmoid(_net(c)))),
    ("net(1 - net)", lambda c: _E(c) * _net(c) * (1 - _net(c))),
    ("tanh's derivative", lambda c: _E(c) * (1 - sigmoid(_net(c)) ** 2)),
    ("tanh's derivative", lambda c: _E(c) * d_tanh(_net(c))),
    ("half of f'", lambda c: _E(c) * (1 - sigmoid(_net(c)))),
    ("half of f'", lambda c: _E(c) * sigmoid(_net(c))),
    ("bias left out", lambda c: (c["T"] - sigmoid(c["X"] @ c["W"])) * d_sigmoid(c["X"] @ c["W"])),
    ("activation missing", lambda c: (c["T"] - _net(c)) * d_sigmoid(_net(c))),
]

HINTS = {
    "flipped sign": "the learning signal is (T - Y) * f'(net), target minus output: it points "
    "downhill, the way the weights should move",
    "activation missing": "the output is Y = sigmoid(net): the error is T - Y, not T - net",
}

DELTA = question(
    "delta",
    "delta(W, b, X, T) -> the learning signal (T - Y) * f'(net) of a sigmoid layer",
    args=("W", "b", "X", "T"),
    reference=delta,
    returns="delta, an array of shape (N, l)",
    labels=("delta",),
    kinds=("array",),
    variants=WRONG_DELTAS
    + [
        ("extra 1/N", lambda c: delta(c["W"], c["b"], c["X"], c["T"]) / len(c["X"])),
    ],
    hints=HINTS,
    fixed=[_layer(4, 3, 2)],
    random=_layer_random,
    n_random=3,
    sealed=("bplab.rules:delta_rule_step", *BACKPROP),
)


# ------------------------------------------------------------------ delta_rule_step
def delta_rule_step(W, b, X, T, eta):
    """W + (eta/N) X.T @ delta, b + (eta/N) sum_rows(delta)."""
    D = delta(W, b, X, T)
    N = X.shape[0]
    return W + eta / N * X.T @ D, b + eta / N * D.sum(axis=0)


def _changes(c, D=None, *, N=None):
    D = delta(c["W"], c["b"], c["X"], c["T"]) if D is None else D
    N = len(c["X"]) if N is None else N
    return c["eta"] / N * c["X"].T @ D, c["eta"] / N * D.sum(axis=0)


def _stepped(c, D=None, *, N=None, sign=1.0):
    dW, db = _changes(c, D, N=N)
    return c["W"] + sign * dW, c["b"] + sign * db


def _with(fn):
    return lambda c: _stepped(c, fn(c))


DELTA_RULE_STEP = question(
    "delta_rule_step",
    "delta_rule_step(W, b, X, T, eta) -> (new W, new b) for a sigmoid layer",
    args=("W", "b", "X", "T", "eta"),
    reference=delta_rule_step,
    returns="(W, b): the new weights (d, l) and the new biases (l,)",
    labels=("W", "b"),
    kinds=("array", "array"),
    variants=[
        ("bias not updated", lambda c: (_stepped(c)[0], c["b"])),
        ("weights not updated", lambda c: (c["W"], _stepped(c)[1])),
        ("forgotten 1/N", lambda c: _stepped(c, N=1)),
        ("flipped sign", lambda c: _stepped(c, sign=-1.0)),
        ("returned the change", lambda c: _changes(c)),
        (
            "bias summed over the wrong axis",
            lambda c: (
                _stepped(c)[0],
                c["b"] + c["eta"] / len(c["X"]) * delta(c["W"], c["b"], c["X"], c["T"]).sum(),
            ),
        ),
    ]
    + [(m, _with(fn)) for m, fn in WRONG_DELTAS],
    hints={
        **HINTS,
        "flipped sign": "the Delta rule adds the change: W + (eta/N) X.T @ delta, with delta = "
        "(T - Y) f'(net), which already points downhill",
        "forgotten 1/N": "the change is (eta/N) X.T @ delta and (eta/N) delta.sum(axis=0): "
        "divide by N = len(X), the number of samples",
        "bias not updated": "the biases learn too: b <- b + (eta/N) delta.sum(axis=0)",
        "weights not updated": "the weights must move too: W <- W + (eta/N) X.T @ delta",
    },
    fixed=[_layer(4, 3, 2)],
    random=_layer_random,
    n_random=3,
    uses=("delta",),
    sealed=("bplab.rules:delta_rule_step", *BACKPROP),
)


# ------------------------------------------------------------------ neuron_gradient
def neuron_gradient(w, b, x, t):
    """(dE/dw, dE/db) of E = (t - y)^2 / 2, y = sigmoid(x . w + b): dE/dnet = -(t - y) f'(net)."""
    net = x @ w + b
    g = -(t - sigmoid(net)) * d_sigmoid(net)
    return g * x, float(g)


def _neuron(d):
    def make(rng):
        x = rng.choice([-1, 1], size=d) * rng.uniform(0.3, 2.0, size=d)
        return {"w": rng.normal(size=d), "b": float(rng.normal()), "x": x, "t": float(rng.random())}

    return make


def _neuron_random(rng):
    return _neuron(int(rng.integers(1, 5)))(rng)


def _grad(c, g):
    """(dE/dw, dE/db) from a (possibly wrong) dE/dnet."""
    g = float(g)
    return g * c["x"], g


def _y(c, bias=True):
    return float(sigmoid(c["x"] @ c["w"] + (c["b"] if bias else 0.0)))


def _e(c, bias=True):
    return c["t"] - _y(c, bias)


def _dnet(c):
    return -_e(c) * _y(c) * (1 - _y(c))


NEURON_GRADIENT = question(
    "neuron_gradient",
    "neuron_gradient(w, b, x, t) -> (dE/dw, dE/db) of E = (t - y)^2 / 2, y = sigmoid(x . w + b)",
    args=("w", "b", "x", "t"),
    reference=neuron_gradient,
    returns="(dE/dw, dE/db): an array like w, and one number",
    labels=("dE/dw", "dE/db"),
    kinds=("array", "number"),
    variants=[
        ("flipped sign", lambda c: _grad(c, -_dnet(c))),
        ("missing f'", lambda c: _grad(c, -_e(c))),
        (
            "derivative applied to the activated output",
            lambda c: _grad(c, -_e(c) * d_sigmoid(_y(c))),
        ),
        ("missing x", lambda c: (_dnet(c) * np.ones_like(c["x"]), _dnet(c))),
        ("bias gradient times x", lambda c: (_dnet(c) * c["x"], _dnet(c) * c["x"].sum())),
        ("tanh's derivative", lambda c: _grad(c, -_e(c) * (1 - _y(c) ** 2))),
        ("missing 1/2", lambda c: _grad(c, 2 * _dnet(c))),
        ("bias left out", lambda c: _grad(c, -_e(c, False) * _y(c, False) * (1 - _y(c, False)))),
        (
            "net(1 - net)",
            lambda c: _grad(
                c, -_e(c) * (c["x"] @ c["w"] + c["b"]) * (1 - (c["x"] @ c["w"] + c["b"]))
            ),
        ),
    ],
    hints={
        "flipped sign": "this is a gradient, uphill: dE/dnet = -(t - y) y (1 - y), the minus "
        "coming from d(t - y)/dy = -1",
        "missing 1/2": "E = (t - y)^2 / 2: the 1/2 cancels the 2 of the square's derivative",
        "missing x": "dE/dw = dE/dnet * x: each weight's gradient carries its own input",
        "bias left out": "y = sigmoid(x . w + b): the bias is part of the net input",
    },
    fixed=[_neuron(3)],
    random=_neuron_random,
    n_random=3,
    sealed=BACKPROP,
)


# ------------------------------------------------------------------ sigmoid_slope, tanh_slope
def sigmoid_slope():
    """sigmoid'(z) in terms of its output s = sigmoid(z): s (1 - s) (the value handed in)."""
    import sympy as sp

    s = sp.Symbol("s")
    return s * (1 - s)


def tanh_slope():
    """tanh'(z) in terms of its output t = tanh(z): 1 - t^2 (the value handed in)."""
    import sympy as sp

    t = sp.Symbol("t")
    return 1 - t**2


def _output_point(name, lo, hi):
    """One value of the output, away from the middle of its range (where s and 1 - s, or 1 - t
    and 1 + t, agree) and from its ends."""

    def make(rng):
        mid = (lo + hi) / 2
        v = rng.uniform(mid + 0.1 * (hi - lo), hi - 0.05 * (hi - lo))
        return {name: float(v if rng.random() < 0.5 else lo + hi - v)}

    return make


def _s(c):
    return c["s"]


def _t(c):
    return c["t"]


SIGMOID_SLOPE = question(
    "sigmoid_slope",
    "sigmoid_slope: sympy expression in s = sigmoid(z) equal to sigmoid'(z)",
    args=(),
    kind="sympy",
    reference=sigmoid_slope,
    value_of=lambda c: (_s(c) * (1 - _s(c)),),
    returns="a sympy expression in the symbol s only",
    labels=("sigmoid'",),
    kinds=("number",),
    variants=[
        ("tanh's derivative", lambda c: 1 - _s(c) ** 2),
        ("half of f'", _s),
        ("half of f'", lambda c: 1 - _s(c)),
        ("flipped sign", lambda c: -_s(c) * (1 - _s(c))),
        (
            "derivative applied to the activated output",
            lambda c: float(d_sigmoid(_s(c))),
        ),
    ],
    hints={
        "flipped sign": "the sigmoid rises everywhere, so its slope is positive for every "
        "0 < s < 1; check the sign where you differentiate 1/(1 + e^-z)",
        "derivative applied to the activated output": "sp.diff of the sigmoid at s is "
        "sigmoid'(s), the slope at the point s; the question asks for sigmoid'(z) written with "
        "s = sigmoid(z): differentiate 1/(1 + e^-z) by z, then put s back in",
        "half of f'": "you kept one factor of two: differentiate 1/(1 + e^-z) by z, then "
        "write e^-z in terms of s (from s = 1/(1 + e^-z)) - the result is a product",
        "tanh's derivative": "1 - s^2 is tanh's derivative written with tanh's output; the "
        "sigmoid's is another: differentiate 1/(1 + e^-z) by z, then write e^-z in terms of s",
    },
    fixed=[_output_point("s", 0.0, 1.0)],
    random=_output_point("s", 0.0, 1.0),
    n_random=4,
    rtol=1e-9,
)

TANH_SLOPE = question(
    "tanh_slope",
    "tanh_slope: sympy expression in t = tanh(z) equal to tanh'(z)",
    args=(),
    kind="sympy",
    reference=tanh_slope,
    value_of=lambda c: (1 - _t(c) ** 2,),
    returns="a sympy expression in the symbol t only",
    labels=("tanh'",),
    kinds=("number",),
    variants=[
        ("sigmoid's derivative", lambda c: _t(c) * (1 - _t(c))),
        ("half of f'", lambda c: 1 - _t(c)),
        ("half of f'", lambda c: 1 + _t(c)),
        ("flipped sign", lambda c: 1 + _t(c) ** 2),
        ("flipped sign", lambda c: _t(c) ** 2 - 1),
        ("derivative applied to the activated output", lambda c: float(d_tanh(_t(c)))),
    ],
    hints={
        "flipped sign": "tanh rises everywhere, steepest at z = 0: its slope is positive, "
        "between 0 and 1 for -1 < t < 1; check the sign where you differentiate",
        "derivative applied to the activated output": "tanh'(t) (1 - tanh(t)^2, or sech(t)^2) "
        "is the slope at the point t; t is already tanh(z): write tanh'(z) with t itself, "
        "not with tanh(t)",
        "half of f'": "you kept one factor of two: differentiate sinh(z)/cosh(z) by z and "
        "write the result with t = tanh(z) - it factors into two terms, both needed",
    },
    fixed=[_output_point("t", -1.0, 1.0)],
    random=_output_point("t", -1.0, 1.0),
    n_random=4,
    rtol=1e-9,
)

TASKS = registry(DELTA, DELTA_RULE_STEP, NEURON_GRADIENT, SIGMOID_SLOPE, TANH_SLOPE)
