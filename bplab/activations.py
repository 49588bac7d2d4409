"""Activation functions f and their derivatives f', as functions of the net input z.

Every derivative here takes the *net input* z, as the maths writes it: f'(net). Sigmoid and tanh
also have ``df_from_output``: the same derivative written in terms of the output y = f(z)
(y(1 - y) and 1 - y^2). That shortcut is exact, but only when it is given y; giving it z, or
giving ``df`` the output y, is the mistake one of the sources makes (see chapter 06).

>>> import numpy as np
>>> float(sigmoid(np.array(0.0)))
0.5
>>> ACTIVATIONS["tanh"].df(np.array([0.0]))
array([1.])
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

Array = np.ndarray


def sigmoid(z) -> Array:
    """Logistic sigmoid f(z) = 1 / (1 + exp(-z)), computed without overflow for any z.

    >>> sigmoid(np.array([-1000.0, 0.0, 1000.0]))
    array([0. , 0.5, 1. ])
    """
    z = np.asarray(z, dtype=np.float64)
    # the sources' formula, digit for digit. Below z = -709 e^-z overflows to inf, and
    # 1 / (1 + inf) = 0 is the right limit: only then is numpy's overflow warning switched off
    if z.min(initial=0.0) < -709.0:
        with np.errstate(over="ignore"):
            return 1.0 / (1.0 + np.exp(-z))
    if z.ndim == 0:
        return 1.0 / (1.0 + np.exp(-z))
    e = np.exp(-z)  # the same three operations, in one buffer (a training step calls this often)
    e += 1.0
    return np.divide(1.0, e, out=e)


def d_sigmoid(z) -> Array:
    """f'(z) = f(z) (1 - f(z)) for the sigmoid, at the net input z.

    >>> float(d_sigmoid(np.array(0.0)))
    0.25
    """
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z) -> Array:
    """Hyperbolic tangent f(z) = (e^z - e^-z) / (e^z + e^-z).

    >>> float(tanh(np.array(0.0)))
    0.0
    """
    return np.tanh(np.asarray(z, dtype=np.float64))


def d_tanh(z) -> Array:
    """f'(z) = 1 - tanh(z)^2, at the net input z.

    >>> float(d_tanh(np.array(0.0)))
    1.0
    """
    t = np.tanh(np.asarray(z, dtype=np.float64))
    return 1.0 - t * t


def relu(z) -> Array:
    """Rectified linear unit f(z) = max(0, z).

    >>> relu(np.array([-2.0, 3.0]))
    array([0., 3.])
    """
    return np.maximum(np.asarray(z, dtype=np.float64), 0.0)


def d_relu(z) -> Array:
    """f'(z) = 1 if z > 0 else 0 (we take 0 at the kink z = 0).

    >>> d_relu(np.array([-2.0, 0.0, 3.0]))
    array([0., 0., 1.])
    """
    return (np.asarray(z, dtype=np.float64) > 0).astype(np.float64)


def linear(z) -> Array:
    """Identity f(z) = z: the output layer of a regression network.

    >>> linear(np.array([-2.0, 3.0]))
    array([-2.,  3.])
    """
    return np.array(z, dtype=np.float64)


def d_linear(z) -> Array:
    """f'(z) = 1.

    >>> d_linear(np.array([-2.0, 3.0]))
    array([1., 1.])
    """
    return np.ones_like(np.asarray(z, dtype=np.float64))


def step(z) -> Array:
    """Heaviside step f(z) = 1 if z >= 0 else 0: the perceptron's activation.

    >>> step(np.array([-0.5, 0.0, 2.0]))
    array([0., 1., 1.])
    """
    return (np.asarray(z, dtype=np.float64) >= 0).astype(np.float64)


def d_step(z) -> Array:
    """f'(z) = 0 wherever it exists: the step gives gradient descent nothing to follow.

    >>> d_step(np.array([-0.5, 2.0]))
    array([0., 0.])
    """
    return np.zeros_like(np.asarray(z, dtype=np.float64))


@dataclass(frozen=True)
class Activation:
    """An activation: ``f(z)``, its derivative ``df(z)`` at the net input, and optionally
    ``df_from_output(y)``, the same derivative written in terms of the output y = f(z)."""

    name: str
    f: Callable[[Array], Array]
    df: Callable[[Array], Array]
    df_from_output: Callable[[Array], Array] | None = None

    def __repr__(self) -> str:
        return f"Activation({self.name!r})"


ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation("sigmoid", sigmoid, d_sigmoid, lambda y: y * (1.0 - y)),
    "tanh": Activation("tanh", tanh, d_tanh, lambda y: 1.0 - y * y),
    "relu": Activation("relu", relu, d_relu, lambda y: (y > 0).astype(np.float64)),
    "linear": Activation("linear", linear, d_linear, lambda y: np.ones_like(y)),
    "step": Activation("step", step, d_step, lambda y: np.zeros_like(y)),
}


def get_activation(name: str | Activation) -> Activation:
    """Look an activation up by name; an unknown name raises ``ValueError`` listing the valid ones.

    >>> get_activation("sigmoid")
    Activation('sigmoid')
    """
    if isinstance(name, Activation):
        return name
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        valid = ", ".join(repr(k) for k in ACTIVATIONS)
        raise ValueError(f"unknown activation {name!r}; choose one of {valid}") from None
