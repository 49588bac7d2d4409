"""Input checks shared by the public entry points (validation at the door, not the exercise checks).

Every check raises ``ValueError`` (or ``TypeError``) with a message written for a student: it says
what was expected and what came. Checks run once, at the public door, never inside inner loops.
"""

from __future__ import annotations

import numbers

import numpy as np


def as_rng(rng: None | int | np.random.Generator) -> np.random.Generator:
    """Turn ``rng=None | int | Generator`` into a Generator; never touches numpy's global state."""
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or (isinstance(rng, numbers.Integral) and not isinstance(rng, bool)):
        return np.random.default_rng(rng)
    raise TypeError(
        f"rng must be None, an int seed or a numpy.random.Generator, got {type(rng).__name__}"
    )


def as_matrix(a, name: str, *, columns: int | None = None, layer: str | None = None) -> np.ndarray:
    """Return ``a`` as a finite float64 array of shape (N, k); a 1-D input is one sample (1, k).

    ``columns`` (with ``layer`` naming what fixes it) is the number of columns the caller expects.
    """
    arr = np.asarray(a, dtype=np.float64)
    if arr.ndim == 1:
        arr = arr.reshape(1, -1)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array (samples in rows), got shape {arr.shape}")
    if arr.shape[0] == 0:
        raise ValueError(f"{name} has no rows (shape {arr.shape}); give at least one sample")
    if columns is not None and arr.shape[1] != columns:
        what = f" but {layer} has {columns}" if layer else f", expected {columns}"
        raise ValueError(f"{name} has {arr.shape[1]} columns{what} (shape of {name}: {arr.shape})")
    check_finite(arr, name)
    return arr


def check_finite(arr: np.ndarray, name: str) -> None:
    """Raise if ``arr`` holds NaN or inf, naming how many and the first place."""
    finite = np.isfinite(arr)
    if not finite.all():
        bad = np.argwhere(~finite)
        first = tuple(int(i) for i in bad[0])
        raise ValueError(
            f"{name} contains {len(bad)} non-finite value(s) (NaN or inf), the first at index "
            f"{first}: {arr[first]}"
        )


def same_rows(X: np.ndarray, T: np.ndarray, x_name: str = "X", t_name: str = "T") -> None:
    """Raise if X and T describe a different number of samples."""
    if X.shape[0] != T.shape[0]:
        raise ValueError(
            f"{x_name} has {X.shape[0]} rows but {t_name} has {T.shape[0]}: every sample (row of "
            f"{x_name}) needs exactly one target row (shapes {X.shape} and {T.shape})"
        )


def positive(value, name: str) -> float:
    """Return ``value`` as a float after checking that it is a finite number > 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    value = float(value)
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value}")
    return value


def positive_int(value, name: str) -> int:
    """Return ``value`` as an int after checking that it is a whole number > 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number, got {value!r}")
    value = int(value)
    if value <= 0:
        raise ValueError(f"{name} must be > 0, got {value}")
    return value
