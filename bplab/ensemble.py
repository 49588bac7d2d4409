"""Many networks of one architecture trained side by side, for questions about *many* runs:
how often does XOR get solved from a random start, for which learning rates, with how many hidden
units? Member k of a stack is exactly ``MLP(sizes, ..., rng=seeds[k])`` trained with learning rate
``eta[k]``; the stack only computes all members at once with batched matrix products, so a hundred
runs cost little more than one (tiny networks are bound by numpy's per-call overhead).

Shapes: K members, N samples. ``weights[i]`` (K, n_i, n_{i+1}), ``biases[i]`` (K, n_{i+1}),
``predict(X)`` (K, N, n_L). Everything else follows ``bplab.network``.

>>> import bplab as bp
>>> X, T = bp.datasets.xor()
>>> stack = MLPStack.from_seeds([2, 3, 1], seeds=range(5))
>>> stack.predict(X).shape
(5, 4, 1)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from ._validate import as_matrix, as_rng, positive_int, same_rows
from .costs import squared_error
from .network import MLP, _progress_every, forward, train

Array = np.ndarray


@dataclass
class StackHistory:
    """``loss[e, k]``: E of member k on the whole training set after epoch e + 1 (NaN once a
    member's weights have blown up: that member diverged). Trained with ``each_epoch=False``,
    ``loss`` has one row: E after the last epoch."""

    loss: Array
    eta: Array

    @property
    def final(self) -> Array:
        """E of every member after the last epoch, shape (K,)."""
        return self.loss[-1]

    def __repr__(self) -> str:
        return f"StackHistory(epochs={self.loss.shape[0]}, members={self.loss.shape[1]})"


class MLPStack:
    """K networks with the same sizes and activations, trained together (see the module doc)."""

    def __init__(self, nets: Sequence[MLP]) -> None:
        nets = list(nets)
        if not nets:
            raise ValueError("a stack needs at least one network")
        first = nets[0]
        for k, net in enumerate(nets):
            if net.sizes != first.sizes or [a.name for a in net.activations()] != [
                a.name for a in first.activations()
            ]:
                raise ValueError(
                    f"network {k} is {net!r} but network 0 is {first!r}: a stack needs one "
                    f"architecture and one set of activations"
                )
        self.sizes = first.sizes
        self.acts = first.activations()
        self.weights = [np.stack([n.weights[i] for n in nets]) for i in range(len(first.weights))]
        self.biases = [np.stack([n.biases[i] for n in nets]) for i in range(len(first.biases))]

    @classmethod
    def from_seeds(
        cls,
        sizes: Sequence[int],
        seeds: Iterable[int],
        activation: str = "sigmoid",
        output_activation: str | None = None,
        *,
        init: str = "glorot",
    ) -> MLPStack:
        """Member k starts as ``MLP(sizes, activation, output_activation, rng=seeds[k],
        init=init)``."""
        return cls([MLP(sizes, activation, output_activation, rng=s, init=init) for s in seeds])

    @property
    def K(self) -> int:
        """Number of members."""
        return self.weights[0].shape[0]

    def __len__(self) -> int:
        return self.K

    def __repr__(self) -> str:
        return (
            f"MLPStack({self.K} x {self.sizes}, activation={self.acts[0].name!r}, "
            f"output_activation={self.acts[-1].name!r})"
        )

    def network(self, k: int) -> MLP:
        """An independent copy of member k as an ordinary ``MLP``."""
        return MLP.from_params(
            [W[k] for W in self.weights],
            [b[k] for b in self.biases],
            self.acts[0],
            self.acts[-1],
        )

    def _params(self) -> tuple[list[Array], list[Array]]:
        """The weights, and the biases as (K, 1, n) views that broadcast over the samples (the
        formulas of ``bplab.network`` write through them into ``self.biases``)."""
        return self.weights, [b[:, None, :] for b in self.biases]

    def predict(self, X) -> Array:
        """Outputs of every member, shape (K, N, n_out)."""
        X = as_matrix(X, "X", columns=self.sizes[0], layer="the stack's input layer")
        return forward(*self._params(), self.acts, X).outputs[-1]

    def losses(self, X, T) -> Array:
        """E = 1/(2N) sum (t - y)^2 of every member, shape (K,)."""
        T = as_matrix(T, "T", columns=self.sizes[-1], layer="the stack's output layer")
        Y = self.predict(X)
        same_rows(Y[0], T, "X")
        return squared_error(Y, T)

    def fit(
        self,
        X,
        T,
        eta,
        epochs: int,
        batch_size: int | None = None,
        rng=None,
        *,
        progress: bool | int | None = None,
        each_epoch: bool = True,
    ) -> StackHistory:
        """Train every member as ``MLP.fit`` would (same batches, in the same order for all
        members); ``eta`` is one learning rate or one per member, shape (K,).

        ``each_epoch=False`` records only E after the last epoch (``loss`` has one row, and
        ``progress`` prints nothing): with mini-batches that saves a forward pass over the whole
        training set per epoch, about a quarter of the time of SGD on XOR."""
        X = as_matrix(X, "X", columns=self.sizes[0], layer="the stack's input layer")
        T = as_matrix(T, "T", columns=self.sizes[-1], layer="the stack's output layer")
        same_rows(X, T)
        eta = np.broadcast_to(np.asarray(eta, dtype=np.float64), (self.K,)).copy()
        if not (np.isfinite(eta) & (eta > 0)).all():
            raise ValueError(f"every learning rate (eta) must be a finite number > 0, got {eta}")
        epochs = positive_int(epochs, "epochs")
        N = X.shape[0]
        batch_size = N if batch_size is None else min(positive_int(batch_size, "batch_size"), N)
        weights, biases = self._params()
        loss, _ = train(
            weights,
            biases,
            self.acts,
            X,
            T,
            eta[:, None, None],
            epochs,
            batch_size,
            as_rng(rng),
            _progress_every(progress, epochs),
            each_epoch=each_epoch,
        )
        return StackHistory(loss, eta)
