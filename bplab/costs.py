"""Cost (loss) functions E(Y, T) and their gradients dE/dY.

Rows are samples: ``Y`` and ``T`` have shape (N, l), N samples and l outputs.
The course's convention is ``mse``: E = 1/(2N) sum_n sum_j (t_nj - y_nj)^2. The sources also use
the other conventions listed in ``COSTS``; they differ only by a constant factor, so they share
their minimum but scale the gradient, and with it the learning rate that works:

=================  =======================  ===============  ==============================
name               E                        dE/dY            used by
=================  =======================  ===============  ==============================
``mse``            1/(2N) sum (t - y)^2     -(t - y) / N     the course; Zhihu
``half_sse``       1/2 sum (t - y)^2        -(t - y)         derivation, step-by-step, Neptune
``sse``            sum (t - y)^2            -2 (t - y)       Neptune (code), Zhihu*
``mean_squared``   1/N sum (t - y)^2        -2 (t - y) / N   common elsewhere
=================  =======================  ===============  ==============================

Those four are ``COSTS``: squared errors, c sum (t - y)^2 for a constant c (chapter 02 and
``chapters.surfaces`` read c off them). Cross-entropy is a cost of another kind, for outputs
that are probabilities (sigmoid outputs, 0 < y < 1, and targets 0 <= t <= 1); it is in
``CLASSIFICATION_COSTS`` (chapter 09), and ``get_cost`` finds both:

=================  ==========================================  ============================
name               E                                           dE/dY
=================  ==========================================  ============================
``cross_entropy``  -1/N sum [t ln y + (1 - t) ln(1 - y)]       (y - t) / (N y (1 - y))
=================  ==========================================  ============================

With a sigmoid output, f'(net) = y (1 - y) cancels the denominator: -N dE/dnet = t - y, the
learning signal without f' (none of the four sources uses cross-entropy; Nielsen's chapter 3
introduces it as the cure for this slowdown). ``cross_entropy_of_net`` and
``d_cross_entropy_of_net`` write that pair from the net input, ln(1 + e^net) - t net and
(y - t) / N: finite even where the sigmoid has rounded y to exactly 0 or 1, the case of the cure.

Zhihu, derivation, step-by-step and Neptune are the four sources: the Zhihu article, the
derivation article, the step-by-step example and the Neptune guide.

The Zhihu article's code averages over every entry, 1/(2Nl) sum: the same as ``mse`` when l = 1.
* The Zhihu article's gradient-descent section first writes J = sum (h - y)^2 before switching
  to 1/(2m).

>>> import numpy as np
>>> mse(np.array([[0.5], [1.0]]), np.array([[0.0], [1.0]]))
0.0625
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ._validate import as_matrix
from .activations import sigmoid

Array = np.ndarray


def _pair(Y, T) -> tuple[Array, Array]:
    Y = as_matrix(Y, "Y")
    T = as_matrix(T, "T")
    if Y.shape != T.shape:
        raise ValueError(
            f"Y and T must have the same shape (one prediction per target), got Y {Y.shape} "
            f"and T {T.shape}"
        )
    return Y, T


def mse(Y, T) -> float:
    """E = 1/(2N) sum_n sum_j (t_nj - y_nj)^2 for Y, T of shape (N, l).

    >>> mse([[0.75136507, 0.772928465]], [[0.01, 0.99]])  # the step-by-step example's E_total
    0.298371109...
    """
    return squared_error(*_pair(Y, T))


def squared_error(Y: Array, T: Array):
    """E = 1/(2N) sum_n sum_j (t_nj - y_nj)^2, the formula of ``mse`` without its input checks:
    training loops call it on every step. Y, T (N, l), or (N,) for one output (the least-squares
    J = 1/(2m) ||A theta - y||^2 of chapter 03); for a stack of networks, Y (K, N, l), one E per
    member."""
    E = T - Y
    if E.ndim <= 2:
        return float(np.vdot(E, E)) / (2 * E.shape[0])
    return np.einsum("...nj,...nj->...", E, E) / (2 * E.shape[-2])


def d_mse(Y, T) -> Array:
    """dE/dY = -(T - Y) / N for ``mse``, shape (N, l).

    >>> d_mse([[0.5], [1.0]], [[0.0], [1.0]])
    array([[0.25],
           [0.  ]])
    """
    Y, T = _pair(Y, T)
    return (Y - T) / Y.shape[0]


def half_sse(Y, T) -> float:
    """E = 1/2 sum_n sum_j (t_nj - y_nj)^2: the sources' per-sample E_k, summed over samples.

    >>> half_sse([[0.5], [1.0]], [[0.0], [1.0]])
    0.125
    """
    Y, T = _pair(Y, T)
    E = T - Y
    return 0.5 * float(np.vdot(E, E))


def d_half_sse(Y, T) -> Array:
    """dE/dY = -(T - Y) for ``half_sse``."""
    Y, T = _pair(Y, T)
    return Y - T


def sse(Y, T) -> float:
    """E = sum_n sum_j (t_nj - y_nj)^2, with neither 1/2 nor 1/N.

    >>> sse([[0.5], [1.0]], [[0.0], [1.0]])
    0.25
    """
    Y, T = _pair(Y, T)
    E = T - Y
    return float(np.vdot(E, E))


def d_sse(Y, T) -> Array:
    """dE/dY = -2 (T - Y) for ``sse``."""
    Y, T = _pair(Y, T)
    return 2.0 * (Y - T)


def mean_squared(Y, T) -> float:
    """E = 1/N sum_n sum_j (t_nj - y_nj)^2: the mean without the 1/2.

    >>> mean_squared([[0.5], [1.0]], [[0.0], [1.0]])
    0.125
    """
    Y, T = _pair(Y, T)
    E = T - Y
    return float(np.vdot(E, E)) / Y.shape[0]


def d_mean_squared(Y, T) -> Array:
    """dE/dY = -2 (T - Y) / N for ``mean_squared``."""
    Y, T = _pair(Y, T)
    return 2.0 * (Y - T) / Y.shape[0]


def _probabilities(Y, T) -> tuple[Array, Array]:
    """Y strictly inside (0, 1), T inside [0, 1]: what cross-entropy is defined for."""
    Y, T = _pair(Y, T)
    outside = (Y <= 0) | (Y >= 1)
    if outside.any():
        first = tuple(int(i) for i in np.argwhere(outside)[0])
        raise ValueError(
            f"cross-entropy needs predictions strictly between 0 and 1 (sigmoid outputs): "
            f"{int(outside.sum())} of Y are not, the first Y{list(first)} = {float(Y[first])} "
            f"(ln 0 is -inf; a sigmoid output that rounds to exactly 0 or 1 has saturated: "
            f"cross_entropy_of_net computes the same cost from the net input)"
        )
    _probability_targets(T)
    return Y, T


def _probability_targets(T: Array) -> None:
    bad = (T < 0) | (T > 1)
    if bad.any():
        first = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(
            f"cross-entropy needs targets between 0 and 1 (probabilities): "
            f"{int(bad.sum())} of T are not, the first T{list(first)} = {float(T[first])}"
        )


def cross_entropy(Y, T) -> float:
    """E = -1/N sum_n sum_j [t_nj ln y_nj + (1 - t_nj) ln(1 - y_nj)] for Y, T (N, l), 0 < y < 1.

    ln(1 - y) is computed as log1p(-y), exact for y near 0.

    >>> round(cross_entropy([[0.5], [0.9]], [[1.0], [1.0]]), 6)   # (ln 2 + ln(1/0.9)) / 2
    0.399254
    """
    Y, T = _probabilities(Y, T)
    terms = T * np.log(Y) + (1.0 - T) * np.log1p(-Y)
    return -float(terms.sum()) / Y.shape[0]


def d_cross_entropy(Y, T) -> Array:
    """dE/dY = (y - t) / (N y (1 - y)) for ``cross_entropy``, shape (N, l).

    >>> d_cross_entropy([[0.5], [0.9]], [[1.0], [1.0]])
    array([[-1.        ],
           [-0.55555556]])
    """
    Y, T = _probabilities(Y, T)
    with np.errstate(over="ignore", divide="ignore"):
        G = (Y - T) / (Y * (1.0 - Y)) / Y.shape[0]
    if not np.isfinite(G).all():
        first = tuple(int(i) for i in np.argwhere(~np.isfinite(G))[0])
        raise ValueError(
            f"the cross-entropy gradient overflows at Y{list(first)} = {float(Y[first])}: a "
            f"prediction this close to 0 or 1 has a derivative too large for a float; use the "
            f"learning signal t - y of the net input instead (d_cross_entropy_of_net)"
        )
    return G


def cross_entropy_of_net(NET, T) -> float:
    """``cross_entropy`` of sigmoid outputs y = f(net), computed from the net inputs NET (N, l):
    E = 1/N sum_n sum_j [ln(1 + e^net_nj) - t_nj net_nj].

    -ln f(net) = ln(1 + e^-net) and -ln(1 - f(net)) = ln(1 + e^net), so this is the same E without
    forming y: finite for every net, also where f(net) rounds to exactly 1 (net > 37) or 0.

    >>> round(cross_entropy_of_net([[0.0], [2.1972245773]], [[1.0], [1.0]]), 6)  # y = 0.5, 0.9
    0.399254
    >>> cross_entropy_of_net([[40.0]], [[0.0]])   # y rounds to 1.0; ln(1 - y) would be -inf
    40.0
    """
    NET, T = _pair(NET, T)
    _probability_targets(T)
    return float((np.logaddexp(0.0, NET) - T * NET).sum()) / NET.shape[0]


def d_cross_entropy_of_net(NET, T) -> Array:
    """dE/dnet = (f(net) - t) / N for ``cross_entropy_of_net``, shape (N, l): the chain rule's
    dE/dy f'(net) with f' = y (1 - y) cancelled, so -N dE/dnet = t - y, the output signal.

    >>> d_cross_entropy_of_net([[0.0], [40.0]], [[1.0], [0.0]])   # y = 0.5 and y = 1.0
    array([[-0.25],
           [ 0.5 ]])
    """
    NET, T = _pair(NET, T)
    return (sigmoid(NET) - T) / NET.shape[0]


@dataclass(frozen=True)
class Cost:
    """A cost ``f(Y, T) -> float`` with its gradient ``grad(Y, T) -> dE/dY`` and its formula."""

    name: str
    f: Callable[..., float]
    grad: Callable[..., Array]
    formula: str

    def __repr__(self) -> str:
        return f"Cost({self.name!r}: {self.formula})"


COSTS: dict[str, Cost] = {
    "mse": Cost("mse", mse, d_mse, "1/(2N) sum (t - y)^2"),
    "half_sse": Cost("half_sse", half_sse, d_half_sse, "1/2 sum (t - y)^2"),
    "sse": Cost("sse", sse, d_sse, "sum (t - y)^2"),
    "mean_squared": Cost("mean_squared", mean_squared, d_mean_squared, "1/N sum (t - y)^2"),
}


#: Costs for probabilities, 0 < y < 1 (chapter 09). Kept apart from ``COSTS``, whose members are
#: all c sum (t - y)^2.
CLASSIFICATION_COSTS: dict[str, Cost] = {
    "cross_entropy": Cost(
        "cross_entropy",
        cross_entropy,
        d_cross_entropy,
        "-1/N sum [t ln y + (1 - t) ln(1 - y)]",
    ),
}


def get_cost(name: str | Cost) -> Cost:
    """Look a cost up by name in ``COSTS`` and ``CLASSIFICATION_COSTS``; an unknown name raises
    ``ValueError`` listing the valid ones."""
    if isinstance(name, Cost):
        return name
    table = {**COSTS, **CLASSIFICATION_COSTS}
    try:
        return table[name]
    except (KeyError, TypeError):
        valid = ", ".join(repr(k) for k in table)
        raise ValueError(f"unknown cost {name!r}; choose one of {valid}") from None
