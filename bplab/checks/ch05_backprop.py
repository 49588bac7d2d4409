"""The questions of exercise 05, deriving backpropagation: output_delta, hidden_delta, backward.

delta_L = (T - Y) * f'(net_L), delta_h = (delta_{h+1} @ W_{h+1}.T) * f'(net_h),
dE/dW_h = -(1/N) Y_{h-1}.T @ delta_h, dE/db_h = -(1/N) sum_rows(delta_h) (chapter 05).

The first case of hidden_delta and backward is square (every layer 3 wide, N = 4): there a
transpose left out, W1 used for W2 or X fed where H belongs still multiply, so the numbers can be
compared with those mistakes and named. The second is not square, so none of them can hide.
"""

from __future__ import annotations

import numpy as np

from ..activations import d_sigmoid, d_tanh, sigmoid
from .helpers import question, random_two_layer_case, registry, two_layer_case

# chapter 05's formulas, written once in bplab.network, and the gradient check would do the work
SEALED = (
    "bplab.network:MLP.backward",
    "bplab.network:MLP.step",
    "bplab.network:MLP.fit",
    "bplab.network:learning_signals",
    "bplab.network:weight_changes",
    "bplab.network:descent_step",
    "bplab.gradcheck:numerical_gradients",
)


# ------------------------------------------------------------------ output_delta
def output_delta(net, Y, T):
    """(T - Y) * f'(net) of a sigmoid output layer."""
    return (T - Y) * d_sigmoid(net)


def _output(N, l):
    def make(rng):
        net = rng.normal(size=(N, l))
        return {"net": net, "Y": sigmoid(net), "T": rng.random((N, l))}

    return make


def _output_random(rng):
    return _output(int(rng.integers(2, 6)), int(rng.integers(1, 4)))(rng)


def _err(c):
    return c["T"] - c["Y"]


OUTPUT_DELTA = question(
    "output_delta",
    "output_delta(net, Y, T) -> delta of a sigmoid output layer",
    args=("net", "Y", "T"),
    reference=output_delta,
    returns="delta, an array of shape (N, l)",
    labels=("delta",),
    kinds=("array",),
    variants=[
        ("missing f'", _err),
        ("flipped sign", lambda c: -output_delta(c["net"], c["Y"], c["T"])),
        ("derivative applied to the activated output", lambda c: _err(c) * d_sigmoid(c["Y"])),
        (
            "derivative applied to the activated output",
            lambda c: (c["T"] - sigmoid(c["Y"])) * d_sigmoid(c["Y"]),
        ),
        ("net(1 - net)", lambda c: _err(c) * c["net"] * (1 - c["net"])),
        ("tanh's derivative", lambda c: _err(c) * (1 - c["Y"] ** 2)),
        ("tanh's derivative", lambda c: _err(c) * d_tanh(c["net"])),
        ("half of f'", lambda c: _err(c) * (1 - c["Y"])),
        ("half of f'", lambda c: _err(c) * c["Y"]),
        ("extra 1/N", lambda c: output_delta(c["net"], c["Y"], c["T"]) / len(c["Y"])),
        ("summed over the samples", lambda c: output_delta(c["net"], c["Y"], c["T"]).sum(0)),
        ("matrix product for elementwise", lambda c: _err(c).T @ (c["Y"] * (1 - c["Y"]))),
    ],
    hints={
        "flipped sign": "the learning signal is (T - Y) * f'(net), target minus output",
        "derivative applied to the activated output": "Y is already sigmoid(net): f'(net) = "
        "Y * (1 - Y), or bp.d_sigmoid(net) - not bp.d_sigmoid(Y), and not sigmoid(Y)",
        "summed over the samples": "delta has one row per sample, shape (N, l): no sum",
    },
    fixed=[_output(4, 3)],
    random=_output_random,
    n_random=3,
    sealed=SEALED,
)


# ------------------------------------------------------------------ hidden_delta
def hidden_delta(delta_next, W_next, net):
    """(delta_next @ W_next.T) * f'(net) of a sigmoid hidden layer."""
    return (delta_next @ W_next.T) * d_sigmoid(net)


def _hidden(N, q, l):
    def make(rng):
        return {
            "delta_next": rng.normal(size=(N, l)),
            "W_next": rng.normal(size=(q, l)),
            "net": rng.normal(size=(N, q)),
        }

    return make


def _hidden_random(rng):
    return _hidden(int(rng.integers(2, 6)), int(rng.integers(2, 5)), int(rng.integers(1, 4)))(rng)


def _back(c):
    return c["delta_next"] @ c["W_next"].T


HIDDEN_DELTA = question(
    "hidden_delta",
    "hidden_delta(delta_next, W_next, net) -> delta of a sigmoid hidden layer",
    args=("delta_next", "W_next", "net"),
    reference=hidden_delta,
    returns="delta, an array of shape (N, q)",
    labels=("delta",),
    kinds=("array",),
    variants=[
        ("missing transpose", lambda c: (c["delta_next"] @ c["W_next"]) * d_sigmoid(c["net"])),
        ("missing f'", _back),
        ("flipped sign", lambda c: -_back(c) * d_sigmoid(c["net"])),
        (
            "derivative applied to the activated output",
            lambda c: _back(c) * d_sigmoid(sigmoid(c["net"])),
        ),
        ("net(1 - net)", lambda c: _back(c) * c["net"] * (1 - c["net"])),
        ("tanh's derivative", lambda c: _back(c) * d_tanh(c["net"])),
        ("tanh's derivative", lambda c: _back(c) * (1 - sigmoid(c["net"]) ** 2)),
        ("half of f'", lambda c: _back(c) * (1 - sigmoid(c["net"]))),
        ("half of f'", lambda c: _back(c) * sigmoid(c["net"])),
        (
            "f' of the wrong layer",
            lambda c: (c["delta_next"] * d_sigmoid(c["delta_next"])) @ c["W_next"].T,
        ),
        (
            "extra 1/N",
            lambda c: hidden_delta(c["delta_next"], c["W_next"], c["net"]) / len(c["net"]),
        ),
    ],
    hints={
        "flipped sign": "no minus here: delta_next already carries the sign of (T - Y), and the "
        "hidden signal is (delta_next @ W_next.T) * f'(net)",
        "derivative applied to the activated output": "net is this layer's net input: f'(net) = "
        "bp.d_sigmoid(net), not bp.d_sigmoid(sigmoid(net))",
        "f' of the wrong layer": "the f' is this layer's: (delta_next @ W_next.T) * "
        "f'(net), with the net that came in, applied after the product",
    },
    fixed=[_hidden(4, 3, 3), _hidden(4, 3, 2)],
    random=_hidden_random,
    n_random=2,
    sealed=SEALED,
)


# ------------------------------------------------------------------ backward
def backward(W1, b1, W2, b2, X, T):
    """(dE/dW1, dE/db1, dE/dW2, dE/db2) of E = 1/(2N) sum (t - y)^2, sigmoid layers."""
    N = X.shape[0]
    net1 = X @ W1 + b1
    H = sigmoid(net1)
    net2 = H @ W2 + b2
    Y = sigmoid(net2)
    delta2 = output_delta(net2, Y, T)
    delta1 = hidden_delta(delta2, W2, net1)
    return -X.T @ delta1 / N, -delta1.sum(axis=0) / N, -H.T @ delta2 / N, -delta2.sum(axis=0) / N


def _grads(
    c,
    *,
    d2=None,
    d1=None,
    W_down=None,
    swap_inputs=False,
    N=None,
    sign=-1.0,
    no_bias=False,
    bias_axis=0,
):
    """The four gradients with the slip the keywords describe.

    ``d2(net2, Y)`` and ``d1(d2, W, net1, H)`` compute the learning signals."""
    X, T = c["X"], c["T"]
    net1 = X @ c["W1"] + c["b1"]
    H = sigmoid(net1)
    net2 = H @ c["W2"] + c["b2"]
    Y = sigmoid(net2)
    delta2 = (d2 or (lambda net2, Y: (T - Y) * d_sigmoid(net2)))(net2, Y)
    W = c["W2"] if W_down is None else c[W_down]
    delta1 = (d1 or (lambda d, W, net1, H: (d @ W.T) * d_sigmoid(net1)))(delta2, W, net1, H)
    N = X.shape[0] if N is None else N
    below1, below2 = (H, X) if swap_inputs else (X, H)
    db1, db2 = sign * delta1.sum(axis=bias_axis) / N, sign * delta2.sum(axis=bias_axis) / N
    if no_bias:
        db1, db2 = np.zeros_like(db1), np.zeros_like(db2)
    return sign * below1.T @ delta1 / N, db1, sign * below2.T @ delta2 / N, db2


def _hidden_with(df):
    return lambda d, W, net1, H: (d @ W.T) * df(net1, H)


def _out(df):
    def variant(c):
        return _grads(c, d2=lambda net2, Y: (c["T"] - Y) * df(net2, Y))

    return variant


BACKWARD = question(
    "backward",
    "backward(W1, b1, W2, b2, X, T) -> (dE/dW1, dE/db1, dE/dW2, dE/db2), sigmoid 2-layer net",
    args=("W1", "b1", "W2", "b2", "X", "T"),
    reference=backward,
    returns="(dE/dW1, dE/db1, dE/dW2, dE/db2), shaped like W1, b1, W2, b2",
    labels=("dE/dW1", "dE/db1", "dE/dW2", "dE/db2"),
    kinds=("array", "array", "array", "array"),
    variants=[
        ("flipped sign", lambda c: _grads(c, sign=1.0)),
        ("forgotten 1/N", lambda c: _grads(c, N=1)),
        ("1/N twice", lambda c: _grads(c, N=len(c["X"]) ** 2)),
        ("X and H swapped", lambda c: _grads(c, swap_inputs=True)),
        ("W1 and W2 swapped", lambda c: _grads(c, W_down="W1")),
        ("missing f'", lambda c: _grads(c, d1=lambda d, W, net1, H: d @ W.T)),
        ("missing f'", _out(lambda net2, Y: 1.0)),
        (
            "derivative applied to the activated output",
            lambda c: _grads(c, d1=_hidden_with(lambda net1, H: d_sigmoid(H))),
        ),
        ("derivative applied to the activated output", _out(lambda net2, Y: d_sigmoid(Y))),
        ("net(1 - net)", lambda c: _grads(c, d1=_hidden_with(lambda net1, H: net1 * (1 - net1)))),
        ("net(1 - net)", _out(lambda net2, Y: net2 * (1 - net2))),
        ("tanh's derivative", lambda c: _grads(c, d1=_hidden_with(lambda net1, H: 1 - H**2))),
        ("tanh's derivative", _out(lambda net2, Y: 1 - Y**2)),
        (
            "f' of the wrong layer",
            lambda c: _grads(
                c, d1=lambda d, W, net1, H: (d * d_sigmoid(H @ c["W2"] + c["b2"])) @ W.T
            ),
        ),
        ("bias gradient missing", lambda c: _grads(c, no_bias=True)),
        ("bias summed over the wrong axis", lambda c: _grads(c, bias_axis=1)),
    ],
    hints={
        "flipped sign": "with delta = (T - Y) f'(net), which points downhill, the gradient is "
        "dE/dW = -(1/N) Y_prev.T @ delta and dE/db = -(1/N) delta.sum(axis=0): keep the minus",
        "forgotten 1/N": "E averages over the N samples: every gradient carries 1/N, "
        "N = X.shape[0]",
        "missing f'": "each layer's delta has its own f'(net): delta2 = (T - Y) * f'(net2), "
        "delta1 = (delta2 @ W2.T) * f'(net1)",
        "derivative applied to the activated output": "f' takes the net input: f'(net1) = "
        "H * (1 - H) = bp.d_sigmoid(net1), not bp.d_sigmoid(H) (and the same for the output)",
        "f' of the wrong layer": "delta1 = (delta2 @ W2.T) * f'(net1): the hidden layer's own "
        "f', not the output layer's",
        "bias summed over the wrong axis": "each unit has its own bias: sum its deltas over the "
        "samples, delta.sum(axis=0), one number per unit, and divide by N",
    },
    fixed=[two_layer_case(4, 3, 3, 3), two_layer_case(5, 2, 3, 1)],
    random=random_two_layer_case,
    n_random=2,
    uses=("output_delta", "hidden_delta"),
    sealed=SEALED,
)

TASKS = registry(OUTPUT_DELTA, HIDDEN_DELTA, BACKWARD)
