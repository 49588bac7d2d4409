"""Small data sets and the sources' worked examples, as float64 arrays with samples in rows.

>>> X, T = xor()
>>> X.shape, T.ravel().tolist()
((4, 2), [0.0, 1.0, 1.0, 0.0])
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ._validate import as_rng, positive, positive_int
from .network import MLP

Array = np.ndarray

_INPUTS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)


def _gate(outputs) -> tuple[Array, Array]:
    return _INPUTS.copy(), np.array(outputs, dtype=np.float64).reshape(4, 1)


def xor() -> tuple[Array, Array]:
    """The four inputs of two bits, X (4, 2), and their exclusive or, T (4, 1): [0, 1, 1, 0]."""
    return _gate([0, 1, 1, 0])


def and_() -> tuple[Array, Array]:
    """X (4, 2) and T = x1 AND x2 (4, 1): [0, 0, 0, 1]."""
    return _gate([0, 0, 0, 1])


def or_() -> tuple[Array, Array]:
    """X (4, 2) and T = x1 OR x2 (4, 1): [0, 1, 1, 1]."""
    return _gate([0, 1, 1, 1])


def worked_example() -> tuple[MLP, Array, Array, float]:
    """The step-by-step example's 2-2-2 sigmoid network as ``(net, x, t, eta)``.

    Inputs i1 = 0.05, i2 = 0.10; targets 0.01, 0.99; weights w1..w8 = 0.15, 0.20, ..., 0.55;
    hidden bias b1 = 0.35 and output bias b2 = 0.60 (shared by the two neurons of a layer);
    eta = 0.5. In the source net_h1 = w1 i1 + w2 i2 + b1 and net_o1 = w5 out_h1 + w6 out_h2 + b2,
    so with W (n_in, n_out) the weights are W1 = [[w1, w3], [w2, w4]] and W2 = [[w5, w7], [w6, w8]].

    >>> net, x, t, eta = worked_example()
    >>> float(net.forward(x).nets[0][0, 0])  # net_h1
    0.3775
    """
    w1, w2, w3, w4, w5, w6, w7, w8 = 0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55
    net = MLP.from_params(
        weights=[[[w1, w3], [w2, w4]], [[w5, w7], [w6, w8]]],
        biases=[[0.35, 0.35], [0.60, 0.60]],
        activation="sigmoid",
    )
    return net, np.array([[0.05, 0.10]]), np.array([[0.01, 0.99]]), 0.5


def neuron_example() -> tuple[Array, Array, Array, Array, float]:
    """The Neptune guide's single sigmoid neuron as ``(W, b, x, t, eta)``: inputs (0.1, 0.3),
    weights (0.5, 0.2), bias 1.83, target 0.03, eta 0.01. W (2, 1), b (1,), x (1, 2), t (1, 1)."""
    return (
        np.array([[0.5], [0.2]]),
        np.array([1.83]),
        np.array([[0.1, 0.3]]),
        np.array([[0.03]]),
        0.01,
    )


def linear_data(
    m: int = 100,
    *,
    theta=(4.0, 3.0),
    scales=None,
    noise: float = 0.5,
    rng=None,
) -> tuple[Array, Array]:
    """Data for linear regression: X (m, n) with x_j ~ U(0, scales[j]) and
    y = theta_0 + sum_j theta_j x_j + noise * N(0, 1), shape (m,).

    ``scales`` defaults to 1 for every feature; give features very different scales to see why
    gradient descent wants normalised inputs.

    >>> X, y = linear_data(5, rng=0)
    >>> X.shape, y.shape
    ((5, 1), (5,))
    """
    m = positive_int(m, "m")
    theta = np.asarray(theta, dtype=np.float64).reshape(-1)
    n = len(theta) - 1
    if n < 1:
        raise ValueError(f"theta needs an intercept and at least one slope, got {theta.tolist()}")
    scales = np.ones(n) if scales is None else np.asarray(scales, dtype=np.float64).reshape(-1)
    if scales.shape != (n,):
        raise ValueError(f"scales needs one entry per feature ({n}), got {scales.tolist()}")
    for s in scales:
        positive(float(s), "each scale")
    if noise < 0:
        raise ValueError(f"noise must be >= 0, got {noise}")
    gen = as_rng(rng)
    X = gen.random((m, n)) * scales
    y = theta[0] + X @ theta[1:] + noise * gen.standard_normal(m)
    return X, y


def digits() -> tuple[Array, Array]:
    """1797 handwritten digits (UCI, shipped with the package; see bplab/data/README.md):
    X (1797, 64) float64 pixel counts 0..16 of an 8 x 8 image, row by row, and labels (1797,)
    int 0..9.

    >>> X, labels = digits()
    >>> X.shape, labels[:5].tolist()
    ((1797, 64), [0, 1, 2, 3, 4])
    """
    table = np.loadtxt(Path(__file__).parent / "data" / "digits.csv.gz", delimiter=",")
    return table[:, :-1], table[:, -1].astype(int)


def one_hot(labels, n_classes: int | None = None) -> Array:
    """Targets for a network with one output per class: row n has a 1 in column labels[n].

    >>> one_hot([2, 0], 3)
    array([[0., 0., 1.],
           [1., 0., 0.]])
    """
    labels = np.asarray(labels)
    if labels.ndim != 1 or not np.issubdtype(labels.dtype, np.integer) or (labels < 0).any():
        raise ValueError(
            f"labels must be a 1-D array of class numbers 0, 1, 2, ..., got {labels!r}"
        )
    n = int(labels.max()) + 1 if n_classes is None else positive_int(n_classes, "n_classes")
    if labels.max() >= n:
        raise ValueError(f"label {labels.max()} does not fit in {n} classes")
    return np.eye(n)[labels]


def train_test_split(X, y, test_fraction: float = 0.25, rng=None):
    """Shuffle the rows (with ``rng``) and split them: returns X_train, X_test, y_train, y_test."""
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} rows but y has {len(y)}")
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must be between 0 and 1, got {test_fraction}")
    order = as_rng(rng).permutation(len(X))
    n_test = int(round(test_fraction * len(X)))
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]
