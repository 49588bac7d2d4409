"""Gradient descent on linear regression, the setting where the sources introduce it.

Model h_theta(x) = theta_0 + theta_1 x_1 + ... + theta_n x_n = A @ theta, where the design matrix
A (m, n + 1) is X with a first column of ones (x_0 = 1). Cost and gradient:

    J(theta) = 1/(2m) ||A theta - y||^2          grad J = (1/m) A.T (A theta - y)

Three variants differ only in how many samples each step looks at: all m (batch), one
(stochastic) or k (mini-batch); the step is theta <- theta - alpha * (gradient on that batch).
For comparison: the closed-form least-squares answer and Newton's step theta - H^-1 grad J with
H = A.T A / m, which lands on the minimum of this quadratic in one step.

>>> import numpy as np
>>> A = design_matrix(np.array([[0.0], [1.0], [2.0]]))
>>> least_squares(A, np.array([1.0, 3.0, 5.0])).round(12).tolist()
[1.0, 2.0]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import as_matrix, as_rng, check_finite, positive, positive_int
from .costs import squared_error

Array = np.ndarray

DIVERGED_FACTOR = 10.0  # J ending this many times above its start counts as diverging


def design_matrix(X) -> Array:
    """A = [1, X]: X (m, n) with a first column of ones, so theta_0 is the intercept."""
    X = as_matrix(np.asarray(X, dtype=np.float64).reshape(len(X), -1), "X")
    return np.hstack([np.ones((X.shape[0], 1)), X])


def standardize(X) -> tuple[Array, Array, Array]:
    """(X - mean) / std per column; returns (X_scaled, mean, std). A constant column is an error.

    >>> Xs, mu, sd = standardize(np.array([[1.0], [3.0]]))
    >>> Xs.ravel().tolist(), mu.tolist(), sd.tolist()
    ([-1.0, 1.0], [2.0], [1.0])
    """
    X = as_matrix(X, "X")
    mean, std = X.mean(axis=0), X.std(axis=0)
    if (std == 0).any():
        raise ValueError(
            f"column(s) {np.flatnonzero(std == 0).tolist()} of X are constant: cannot scale"
        )
    return (X - mean) / std, mean, std


def _Ay(A, y) -> tuple[Array, Array]:
    A = as_matrix(A, "A")
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    check_finite(y, "y")
    if y.shape[0] != A.shape[0]:
        raise ValueError(
            f"A has {A.shape[0]} rows but y has {y.shape[0]} values: one target per row"
        )
    return A, y


def _theta(theta, p: int) -> Array:
    theta = np.array(theta, dtype=np.float64).reshape(-1)
    if theta.shape != (p,):
        raise ValueError(
            f"theta must have {p} entries, one per column of A, got shape {theta.shape}"
        )
    check_finite(theta, "theta")
    return theta


def lsq_cost(A, y, theta) -> float:
    """J(theta) = 1/(2m) ||A theta - y||^2."""
    A, y = _Ay(A, y)
    return squared_error(A @ _theta(theta, A.shape[1]), y)


def lsq_gradient(A, y, theta) -> Array:
    """grad J(theta) = (1/m) A.T (A theta - y), shape (n + 1,)."""
    A, y = _Ay(A, y)
    return A.T @ (A @ _theta(theta, A.shape[1]) - y) / len(y)


def least_squares(A, y) -> Array:
    """The closed-form minimiser of J (the solution of the normal equations A.T A theta = A.T y),
    computed by np.linalg.lstsq from an SVD of A itself: forming A.T A would square the condition
    number."""
    A, y = _Ay(A, y)
    return np.linalg.lstsq(A, y, rcond=None)[0]


def newton_step(A, y, theta) -> Array:
    """theta - H^-1 grad J with the Hessian H = A.T A / m. For this quadratic J it is exact."""
    A, y = _Ay(A, y)
    theta = _theta(theta, A.shape[1])
    H = A.T @ A / len(y)
    return theta - np.linalg.solve(H, lsq_gradient(A, y, theta))


@dataclass
class GDRun:
    """The record of ``gradient_descent``: ``path[k]`` is theta after k updates (k = 0: start),
    ``loss[k]`` = J(path[k]) on all m samples, ``evals[k]`` the per-sample gradient evaluations
    spent to get there (a batch of k samples costs k). ``stopped``: every |alpha dJ/dtheta_i| fell
    below eps; ``diverged``: theta blew up (the path ends at the last finite point) or J ended more
    than ``DIVERGED_FACTOR`` (10) times higher than it started."""

    path: Array
    loss: Array
    evals: Array
    batch_size: int
    alpha: float
    stopped: bool
    diverged: bool

    @property
    def theta(self) -> Array:
        """The last parameters reached."""
        return self.path[-1]

    def __repr__(self) -> str:
        how = (
            "diverged"
            if self.diverged
            else ("stopped at eps" if self.stopped else "ran out of epochs")
        )
        return (
            f"GDRun(batch_size={self.batch_size}, alpha={self.alpha}, "
            f"updates={len(self.path) - 1}, "
            f"{how}, J={self.loss[-1]:.6g})"
        )


def gradient_descent(
    A,
    y,
    alpha: float,
    *,
    epochs: int = 100,
    batch_size: int | None = None,
    eps: float | None = None,
    theta0=None,
    rng=None,
) -> GDRun:
    """Minimise J by batch (``batch_size=None``), stochastic (1) or mini-batch (k) gradient descent.

    Each epoch visits the m samples once, in a new random order from ``rng`` when batches are
    smaller than m; every batch gives one step theta <- theta - alpha (1/k) A_b.T (A_b theta - y_b).
    Stops early when every |alpha dJ/dtheta_i| of a step is below ``eps`` (the sources' rule), or
    when theta stops being finite (a learning rate too large for the data: ``diverged``, which is
    also reported for a run whose J ended more than 10 times higher than it started).
    ``theta0`` defaults to zeros, as the sources suggest.
    """
    A, y = _Ay(A, y)
    m, p = A.shape
    alpha = positive(alpha, "alpha (the step size)")
    epochs = positive_int(epochs, "epochs")
    k = m if batch_size is None else min(positive_int(batch_size, "batch_size"), m)
    if eps is not None:
        eps = positive(eps, "eps")
    theta = np.zeros(p) if theta0 is None else _theta(theta0, p)
    gen = as_rng(rng)

    path, evals = [theta.copy()], [0]
    stopped = diverged = False
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(epochs):
            order = np.arange(m) if k == m else gen.permutation(m)
            for start in range(0, m, k):
                idx = order[start : start + k]
                Ab = A[idx]
                move = alpha * (Ab.T @ (Ab @ theta - y[idx])) / len(idx)
                theta = theta - move
                if not np.isfinite(theta).all():
                    diverged = True
                    break
                path.append(theta)
                evals.append(evals[-1] + len(idx))
                if eps is not None and (np.abs(move) < eps).all():
                    stopped = True
                    break
            if stopped or diverged:
                break
        path = np.array(path)
        # J of every recorded theta at once: squared_error on a stack of (m, 1) columns
        loss = squared_error((path @ A.T)[..., None], y[:, None])
    if not np.isfinite(loss[-1]):
        diverged = True
        keep = np.isfinite(loss)
        path, loss, evals = path[keep], loss[keep], np.asarray(evals)[keep]
    # a run that has not overflowed yet but ended far above where it started is diverging too
    diverged = diverged or bool(loss[-1] > DIVERGED_FACTOR * loss[0] > 0)
    return GDRun(path, loss, np.asarray(evals), k, alpha, stopped, diverged)
