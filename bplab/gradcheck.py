"""Gradient checking: compare backpropagation with finite differences of the cost.

For every parameter p (every weight and every bias) the numerical derivative is a central
difference of E = 1/(2N) sum (t - y)^2 around the current value:

    order 2:  dE/dp ~ (E(p + h) - E(p - h)) / (2h)                                error ~ h^2
    order 4:  dE/dp ~ (E(p - 2h) - 8 E(p - h) + 8 E(p + h) - E(p + 2h)) / (12h)   error ~ h^4

The default is order 4 with h = 1e-3: its truncation error is far below the rounding error of
E itself, so backprop and the numbers agree to about 1e-10 in float64.

The relative error of one parameter is |a - n| / max(|a|, |n|, floor), a from backward(),
n numerical. ``floor`` (1e-5) keeps parameters whose gradient is almost exactly zero from turning
rounding noise into a large ratio; below it the check compares absolute differences.
"""

from __future__ import annotations

import numpy as np

from .network import MLP

Array = np.ndarray

_STENCILS = {
    2: ((-1, -0.5), (1, 0.5)),
    4: ((-2, 1 / 12), (-1, -8 / 12), (1, 8 / 12), (2, -1 / 12)),
}


def numerical_gradients(
    net: MLP, X, T, *, h: float = 1e-3, order: int = 4
) -> tuple[list[Array], list[Array]]:
    """Central-difference estimates of (dE/dW, dE/db), shaped like ``net.weights``/``net.biases``.

    Every parameter is nudged in place and put back exactly, so ``net`` is unchanged afterwards.
    """
    if order not in _STENCILS:
        raise ValueError(f"order must be 2 or 4, got {order!r}")
    if not h > 0:
        raise ValueError(f"h must be > 0, got {h}")
    X = net._check_X(X)
    T = net._check_T(T, X)
    stencil = _STENCILS[order]

    def estimate(params: list[Array]) -> list[Array]:
        grads = []
        for P in params:
            G = np.empty_like(P)
            for idx in np.ndindex(P.shape):
                original = P[idx]
                total = 0.0
                for k, c in stencil:
                    P[idx] = original + k * h
                    total += c * net.loss(X, T)
                P[idx] = original
                G[idx] = total / h
            grads.append(G)
        return grads

    return estimate(net.weights), estimate(net.biases)


def gradient_check(
    net: MLP, X, T, *, h: float = 1e-3, order: int = 4, floor: float = 1e-5
) -> float:
    """Max relative error |a - n| / max(|a|, |n|, floor) over every weight and bias, between
    backward() (a) and central differences (n). Below ~1e-7 means backprop is right.

    >>> import bplab as bp
    >>> net, x, t, eta = bp.datasets.worked_example()
    >>> gradient_check(net, x, t) < 1e-7
    True
    """
    grads = net.backward(net.forward(X), T)
    nW, nb = numerical_gradients(net, X, T, h=h, order=order)
    worst = 0.0
    for a, n in zip(grads.dW + grads.db, nW + nb):
        rel = np.abs(a - n) / np.maximum(np.maximum(np.abs(a), np.abs(n)), floor)
        worst = max(worst, float(rel.max()))
    return worst
