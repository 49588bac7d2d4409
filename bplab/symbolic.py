"""Symbolic versions of the package's formulas (sympy), for derivations and for checking the numbers.

This module imports sympy, so ``import bplab`` does not load it; use ``import bplab.symbolic``.

>>> import sympy as sp
>>> z = sp.Symbol("z")
>>> sp.simplify(sp.diff(activation("sigmoid", z), z) - d_activation("sigmoid", z))
0
"""

from __future__ import annotations

import sympy as sp

from .activations import ACTIVATIONS


def activation(name: str, z: sp.Expr) -> sp.Expr:
    """f(z) of a named activation as a sympy expression (step as a Heaviside with H(0) = 1)."""
    exprs = {
        "sigmoid": 1 / (1 + sp.exp(-z)),
        "tanh": sp.tanh(z),
        "relu": sp.Max(0, z),
        "linear": z,
        "step": sp.Heaviside(z, 1),
    }
    if name not in exprs:
        raise ValueError(f"unknown activation {name!r}; choose one of {', '.join(map(repr, ACTIVATIONS))}")
    return exprs[name]


def d_activation(name: str, z: sp.Expr) -> sp.Expr:
    """f'(z) as the package writes it: f(1 - f), 1 - tanh^2, H(z) for relu, 1, and 0 for step
    (its derivative where it exists)."""
    f = activation(name, z)
    exprs = {
        "sigmoid": f * (1 - f),
        "tanh": 1 - sp.tanh(z) ** 2,
        "relu": sp.Heaviside(z, 0),
        "linear": sp.Integer(1),
        "step": sp.Integer(0),
    }
    return exprs[name]


def cost(name: str, Y, T) -> sp.Expr:
    """The cost conventions of ``bplab.COSTS`` on sympy matrices Y, T of shape (N, l)."""
    N = Y.shape[0]
    squares = sum((T[n, j] - Y[n, j]) ** 2 for n in range(Y.shape[0]) for j in range(Y.shape[1]))
    factors = {
        "mse": sp.Rational(1, 2 * N),
        "half_sse": sp.Rational(1, 2),
        "sse": sp.Integer(1),
        "mean_squared": sp.Rational(1, N),
    }
    if name not in factors:
        raise ValueError(f"unknown cost {name!r}; choose one of {', '.join(map(repr, factors))}")
    return factors[name] * squares
