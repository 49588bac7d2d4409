"""The two single-layer learning rules the course starts from.

The perceptron rule (step activation, no derivative):      Delta w_i = eta (t - y) x_i
The Delta rule (any differentiable f, gradient descent):   Delta W = (eta/N) X.T @ delta,
                                                           delta = (T - Y) * f'(net)

For the perceptron, y = step(x . w + b): the threshold theta of "fire when x . w >= theta" is
the bias b = -theta, i.e. a weight on an input that is always 1. With f' = 1 in place of the
step's derivative the Delta rule becomes the perceptron rule (chapter 04).

>>> import numpy as np
>>> w, b, y = perceptron_step(np.zeros(2), 0.0, np.array([1.0, 1.0]), 0.0, eta=0.5)
>>> w, b, y
(array([-0.5, -0.5]), -0.5, 1.0)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ._validate import as_matrix, as_rng, positive, positive_int, same_rows
from .activations import get_activation, step
from .costs import squared_error
from .network import forward, learning_signals, weight_changes

Array = np.ndarray


def perceptron_step(w, b: float, x, t: float, eta: float) -> tuple[Array, float, float]:
    """One perceptron update on one sample: y = step(x . w + b), then
    w <- w + eta (t - y) x and b <- b + eta (t - y). Returns (new w, new b, y before the update).

    ``w`` and ``x`` have shape (d,); the caller's ``w`` is not modified.
    """
    w = np.array(w, dtype=np.float64)
    x = np.asarray(x, dtype=np.float64)
    if w.ndim != 1 or x.shape != w.shape:
        raise ValueError(
            f"x must have the shape of w, one input per weight: got x {x.shape}, w {w.shape}"
        )
    eta = positive(eta, "eta (the learning rate)")
    y = float(step(x @ w + b))
    err = float(t) - y
    return w + eta * err * x, float(b) + eta * err, y


@dataclass
class PerceptronRun:
    """The record of ``train_perceptron``. ``weights[k]``, ``biases[k]``: the parameters after k
    updates (k = 0 is the start; one update per sample visited); ``errors[e]``: how many samples
    epoch e got wrong; ``converged``: an epoch ended with no mistake; ``samples[k]``: the row of X
    that update k + 1 saw."""

    weights: Array  # (updates + 1, d)
    biases: Array  # (updates + 1,)
    errors: Array  # (epochs run,)
    converged: bool
    samples: Array = field(default_factory=lambda: np.zeros(0, dtype=int))  # (updates,)

    @property
    def w(self) -> Array:
        """The final weights (d,)."""
        return self.weights[-1]

    @property
    def b(self) -> float:
        """The final bias."""
        return float(self.biases[-1])

    def __repr__(self) -> str:
        state = "converged" if self.converged else "did not converge"
        return (
            f"PerceptronRun({state} after {len(self.errors)} epochs, w={np.round(self.w, 4)}, "
            f"b={self.b:.4g})"
        )


def train_perceptron(
    X,
    t,
    eta: float = 1.0,
    epochs: int = 100,
    *,
    w0=None,
    b0: float = 0.0,
    shuffle: bool = False,
    fit_bias: bool = True,
    rng=None,
) -> PerceptronRun:
    """Apply the perceptron rule sample by sample, epoch after epoch, until an epoch makes no
    mistake or ``epochs`` run out. X (N, d) inputs, t (N,) or (N, 1) targets in {0, 1}.

    ``shuffle`` visits the samples of each epoch in a new random order (from ``rng``); the run
    records which sample each update saw. ``fit_bias=False`` keeps the bias at ``b0``, as a neuron
    without a learnable threshold.

    >>> import bplab as bp
    >>> X, T = bp.datasets.and_()
    >>> run = train_perceptron(X, T, eta=1.0)
    >>> run.converged, step(X @ run.w + run.b).tolist()
    (True, [0.0, 0.0, 0.0, 1.0])
    """
    X = as_matrix(X, "X")
    t = as_matrix(np.asarray(t, dtype=np.float64).reshape(len(X), -1), "t")
    if t.shape[1] != 1:
        raise ValueError(f"the perceptron has one output: t must have one column, got {t.shape}")
    same_rows(X, t, "X", "t")
    t = t[:, 0]
    if not np.isin(t, (0.0, 1.0)).all():
        raise ValueError("perceptron targets must be 0 or 1 (the step function's two outputs)")
    eta = positive(eta, "eta (the learning rate)")
    epochs = positive_int(epochs, "epochs")
    gen = as_rng(rng)
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=np.float64).reshape(X.shape[1])
    b = float(b0)
    ws, bs, errors, samples = [w.copy()], [b], [], []
    for _ in range(epochs):
        order = gen.permutation(len(X)) if shuffle else range(len(X))
        mistakes = 0
        for n in order:
            w, b_new, y = perceptron_step(w, b, X[n], t[n], eta)
            b = b_new if fit_bias else b
            mistakes += y != t[n]
            ws.append(w)
            bs.append(b)
            samples.append(int(n))
        errors.append(mistakes)
        if mistakes == 0:
            break
    return PerceptronRun(
        np.array(ws), np.array(bs), np.array(errors), bool(errors[-1] == 0), np.array(samples)
    )


@dataclass
class DeltaStep:
    """One step of the Delta rule: ``Y = f(X @ W + b)``, the learning signal
    ``delta = (T - Y) * f'(net)``, the changes ``dW = (eta/N) X.T @ delta`` and
    ``db = (eta/N) sum_rows(delta)``, and the new ``W``, ``b``."""

    W: Array
    b: Array
    Y: Array
    delta: Array
    dW: Array
    db: Array
    E: float  # E = 1/(2N) sum (t - y)^2 before the step


def delta_rule_step(W, b, X, T, eta: float, activation: str = "sigmoid") -> DeltaStep:
    """One Delta-rule step for a single layer: W (d, l), b (l,), X (N, d), T (N, l).

    net = X @ W + b,  Y = f(net),  delta = (T - Y) * f'(net),
    W <- W + (eta/N) X.T @ delta,  b <- b + (eta/N) sum_rows(delta).

    >>> s = delta_rule_step([[0.5], [0.2]], [1.83], [[0.1, 0.3]], [[0.03]], eta=0.01)
    >>> round(float(s.Y[0, 0]), 9), [round(float(w), 11) for w in s.W.ravel()]  # the Neptune guide
    (0.874352143, [0.49990723907, 0.19972171722])
    """
    W = as_matrix(W, "W")
    b = np.asarray(b, dtype=np.float64).reshape(-1)
    X = as_matrix(X, "X", columns=W.shape[0], layer="W (one row per input)")
    T = as_matrix(T, "T", columns=W.shape[1], layer="W (one column per output)")
    same_rows(X, T)
    if b.shape != (W.shape[1],):
        raise ValueError(f"b must have shape ({W.shape[1]},), one bias per output, got {b.shape}")
    eta = positive(eta, "eta (the learning rate)")
    # the Delta rule is backpropagation with one layer: chapter 05's formulas, written once
    acts = [get_activation(activation)]
    trace = forward([W], [b], acts, X)
    deltas = learning_signals([W], acts, trace, T)
    (dW,), (db,) = weight_changes(trace, deltas, eta / X.shape[0])
    Y = trace.outputs[-1]
    return DeltaStep(W + dW, b + db, Y, deltas[0], dW, db, squared_error(Y, T))
