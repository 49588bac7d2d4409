"""The questions of exercise 02, cost functions: mse, mse_gradient, sym_neuron_gradient.

E = 1/(2N) sum_n sum_j (t_nj - y_nj)^2 (chapter 02). The first case has N = 4 samples and l = 3
outputs, so that every factor a slip can put in or leave out (2, N, l, N*l, N^2) gives a number of
its own.
"""

from __future__ import annotations

import numpy as np

from ..activations import sigmoid
from ..costs import d_mse
from ..costs import mse as bp_mse
from .helpers import question, registry


def _yt(N, l):
    def make(rng):
        return {"Y": rng.random((N, l)), "T": rng.random((N, l))}

    return make


def _yt_random(rng):
    N, l = int(rng.integers(3, 7)), int(rng.integers(1, 4))
    return {"Y": rng.random((N, l)), "T": rng.random((N, l))}


# ------------------------------------------------------------------ mse
def mse(Y, T):
    """E = 1/(2N) sum (t - y)^2."""
    return bp_mse(Y, T)


def _sq(c):
    return float(((c["T"] - c["Y"]) ** 2).sum())


def _N(c):
    return c["Y"].shape[0]


def _l(c):
    return c["Y"].shape[1]


MSE = question(
    "mse",
    "mse(Y, T) -> E = 1/(2N) sum (t - y)^2",
    args=("Y", "T"),
    reference=mse,
    returns="E, one number",
    labels=("E",),
    kinds=("number",),
    variants=[
        ("missing 1/2", lambda c: _sq(c) / _N(c)),
        ("forgotten 1/N", lambda c: _sq(c) / 2),
        ("missing 1/2 and 1/N", _sq),
        ("mean over outputs too", lambda c: _sq(c) / (2 * _N(c) * _l(c))),
        ("divided by the outputs", lambda c: _sq(c) / (2 * _l(c))),
        ("1/N twice", lambda c: _sq(c) / (2 * _N(c) ** 2)),
        ("square missing", lambda c: float(np.abs(c["T"] - c["Y"]).sum()) / (2 * _N(c))),
        ("summed before squaring", lambda c: float((c["T"] - c["Y"]).sum()) ** 2 / (2 * _N(c))),
        ("square root taken", lambda c: float(np.sqrt(_sq(c) / (2 * _N(c))))),
    ],
    hints={
        "forgotten 1/N": "E averages over the N samples: divide the sum of squares by 2N, "
        "N = len(Y)",
        "divided by the outputs": "N is the number of samples, the number of ROWS: "
        "Y.shape[0] or len(Y); Y.shape[1] is the number of outputs",
        "mean over outputs too": "np.mean divides by every entry, N * l; E averages over the N "
        "samples only: ((T - Y) ** 2).sum() / (2 * len(Y))",
    },
    fixed=[_yt(4, 3)],
    random=_yt_random,
    n_random=3,
    # every cost of bplab.costs computes E (up to a factor): none may do the question's work
    sealed=(
        "bplab.costs:mse",
        "bplab.costs:squared_error",
        "bplab.costs:half_sse",
        "bplab.costs:sse",
        "bplab.costs:mean_squared",
        "bplab.network:MLP.loss",
    ),
)


# ------------------------------------------------------------------ mse_gradient
def mse_gradient(Y, T):
    """dE/dY = (Y - T) / N, shape (N, l)."""
    return d_mse(Y, T)


def _G(c):
    return (c["Y"] - c["T"]) / _N(c)


MSE_GRADIENT = question(
    "mse_gradient",
    "mse_gradient(Y, T) -> dE/dY, shape (N, l)",
    args=("Y", "T"),
    reference=mse_gradient,
    returns="dE/dY, an array of the shape of Y, (N, l)",
    labels=("dE/dY",),
    kinds=("array",),
    variants=[
        ("flipped sign", lambda c: -_G(c)),
        ("forgotten 1/N", lambda c: c["Y"] - c["T"]),
        ("flipped sign and forgotten 1/N", lambda c: c["T"] - c["Y"]),
        ("missing 1/2", lambda c: 2 * _G(c)),
        ("mean over outputs too", lambda c: _G(c) / _l(c)),
        ("divided by the outputs", lambda c: (c["Y"] - c["T"]) / _l(c)),
        ("1/N twice", lambda c: _G(c) / _N(c)),
        ("summed over the samples", lambda c: _G(c).sum(axis=0)),
        ("returned the cost", lambda c: _sq(c) / (2 * _N(c))),
    ],
    hints={
        "flipped sign": "dE/dY = (Y - T)/N, output minus target: E grows as Y moves away from T",
        "forgotten 1/N": "E averages over the N samples, so its derivative does too: "
        "dE/dY = (Y - T)/N, N = len(Y)",
        "missing 1/2": "the 2 of the square's derivative cancels the 1/2 of E: dE/dY = (Y - T)/N, "
        "no factor 2",
        "divided by the outputs": "N is the number of samples, the number of ROWS: "
        "Y.shape[0] or len(Y)",
        "summed over the samples": "dE/dY has one entry per entry of Y, shape (N, l): no sum",
    },
    fixed=[_yt(4, 3)],
    random=_yt_random,
    n_random=3,
    sealed=(
        "bplab.costs:d_mse",
        "bplab.costs:d_half_sse",
        "bplab.costs:d_sse",
        "bplab.costs:d_mean_squared",
    ),
)


# ------------------------------------------------------------------ sym_neuron_gradient
def sym_neuron_gradient():
    """The sympy expression dE/dw of E = (t - sigmoid(w x + b))^2 / 2 (the value handed in)."""
    import sympy as sp

    w, x, b, t = sp.symbols("w x b t")
    y = 1 / (1 + sp.exp(-(w * x + b)))
    return sp.diff((t - y) ** 2 / 2, w)


def _point(rng):
    return {
        "w": float(rng.normal()),
        "x": float(rng.choice([-1, 1]) * rng.uniform(0.3, 2.0)),
        "b": float(rng.normal()),
        "t": float(rng.random()),
    }


def _y(c):
    return float(sigmoid(c["w"] * c["x"] + c["b"]))


def _dE_dw(c):
    y = _y(c)
    return -(c["t"] - y) * y * (1 - y) * c["x"]


def _wrong_sigmoid(c):
    s = float(1 / (1 + np.exp(c["w"] * c["x"] + c["b"])))
    return (c["t"] - s) * s * (1 - s) * c["x"]


SYM_GRADIENT = question(
    "sym_neuron_gradient",
    "dE_dw: sympy expression for dE/dw of E = (t - sigmoid(w x + b))^2 / 2",
    args=(),
    kind="sympy",
    reference=sym_neuron_gradient,
    value_of=lambda c: (_dE_dw(c),),
    returns="a sympy expression in w, x, b, t",
    labels=("dE/dw",),
    kinds=("number",),
    variants=[
        ("missing f'", lambda c: -(c["t"] - _y(c)) * c["x"]),
        ("flipped sign", lambda c: -_dE_dw(c)),
        ("missing 1/2", lambda c: 2 * _dE_dw(c)),
        ("wrong variable", lambda c: -(c["t"] - _y(c)) * _y(c) * (1 - _y(c))),
        ("returned the cost", lambda c: (c["t"] - _y(c)) ** 2 / 2),
        ("tanh's derivative", lambda c: -(c["t"] - _y(c)) * (1 - _y(c) ** 2) * c["x"]),
        (
            "net(1 - net)",
            lambda c: (
                -(c["t"] - _y(c))
                * (c["w"] * c["x"] + c["b"])
                * (1 - (c["w"] * c["x"] + c["b"]))
                * c["x"]
            ),
        ),
        ("wrong sigmoid", _wrong_sigmoid),
    ],
    hints={
        "flipped sign": "E = (t - y)^2 / 2 gives dE/dy = -(t - y): keep the minus that the chain "
        "rule brings from d(t - y)/dy = -1",
        "missing f'": "the chain rule has a factor dy/dnet = y(1 - y), the sigmoid's derivative: "
        "build y from the symbols and let sp.diff do it",
        "missing 1/2": "E = (t - y)^2 / 2: the 1/2 is part of E",
    },
    fixed=[_point],
    random=_point,
    n_random=5,
    rtol=1e-9,
)

TASKS = registry(MSE, MSE_GRADIENT, SYM_GRADIENT)
