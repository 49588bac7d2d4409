"""The questions of exercise 04, the Delta rule: delta, delta_rule_step, neuron_gradient.

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

TASKS = registry(DELTA, DELTA_RULE_STEP, NEURON_GRADIENT)
