"""Deliberate versions of the mistakes the sources make, so the course can run them and show
what they cost.

>>> import numpy as np
>>> wrong = derivative_of_output("tanh")
>>> float(wrong.df(np.array(0.5))) == float(1 - np.tanh(np.tanh(0.5)) ** 2)
True
"""

from __future__ import annotations

from ..activations import Activation, get_activation


def derivative_of_output(name: str) -> Activation:
    """The activation ``name`` with its derivative applied to the *output* instead of the net input:
    df(z) = f'(f(z)). The derivation article does this for tanh (1 - tanh(a)^2 with a = tanh(z)
    already).

    Usable wherever an activation is:
    ``MLP([2, 2, 1], activation=derivative_of_output("tanh"))``.
    """
    act = get_activation(name)

    def df(z):
        return act.df(act.f(z))

    return Activation(f"{act.name} (f' of the output)", act.f, df, None)
