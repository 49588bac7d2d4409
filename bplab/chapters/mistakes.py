"""Deliberate versions of the mistakes the sources make, so the course can run them and show
what they cost.

>>> import numpy as np
>>> wrong = derivative_of_output("tanh")
>>> float(wrong.df(np.array(0.5))) == float(1 - np.tanh(np.tanh(0.5)) ** 2)
True
"""

from __future__ import annotations

from .._validate import positive
from ..activations import Activation, get_activation
from ..costs import squared_error
from ..network import MLP, learning_signals, weight_changes


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


def stale_order_step(net: MLP, X, T, eta: float, *, update_biases: bool = True) -> float:
    """One step of backpropagation in the wrong order, in place: the layers are updated from the
    top down, and each layer's weights are changed *before* the learning signal of the layer
    below is sent back through them. So the hidden signal is (delta^(h+1) (W^(h+1)_new)^T) *
    f'(net^h) instead of using the old W^(h+1). The forward pass (nets, outputs) is the one
    before the step, as in the correct step ``net.step``; only the order differs.

    X (N, n0), T (N, n_out). Returns E on the batch before the step, as ``net.step`` does.
    ``update_biases=False`` leaves the biases as they are. Chapter 05 shows that the
    step-by-step example's printed errors (after one step and after 10 000) come from this step
    with frozen biases; chapter 08 lists it among the sources' errata.

    >>> import bplab as bp
    >>> net, x, t, eta = bp.datasets.worked_example()
    >>> _ = stale_order_step(net, x, t, eta, update_biases=False)
    >>> f"{net.loss(x, t):.9f}"
    '0.291027924'
    """
    eta = positive(eta, "eta (the learning rate)")
    X = net._check_X(X)
    T = net._check_T(T, X)
    activations = net.activations()
    trace = net.forward(X)
    for i in range(len(net.weights) - 1, -1, -1):  # top layer first (code index i = layer h - 1)
        # the signals of every layer, with the weights as they are *now*: layers above i changed
        deltas = learning_signals(net.weights, activations, trace, T)
        steps_W, steps_b = weight_changes(trace, deltas, eta / X.shape[0])
        net.weights[i] += steps_W[i]
        if update_biases:
            net.biases[i] += steps_b[i]
    return float(squared_error(trace.outputs[-1], T))
