"""The sources' training loops, re-typed with the same numpy calls, as the baseline for benchmarks.

``seed000_xor`` does what seed 000's XOR script does each epoch: forward pass with
sigmoid(x) = 1 / (1 + exp(-x)), learning signals with the derivative written on the output x(1 - x),
weight changes divided by N, bias changes as the mean of the deltas, new arrays every step, and the
loss evaluated with a second forward pass every 5000 epochs. Only the printing is left out.
"""

from __future__ import annotations

import numpy as np


def seed000_xor(epochs: int, rng: np.random.Generator, lr: float = 0.1, every: int = 5000):
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    T = np.array([[0], [1], [1], [0]])
    W1, W2 = rng.random([2, 10]), rng.random([10, 1])
    b1, b2 = np.zeros([10]), np.zeros([1])

    def sigmoid(x):
        return 1 / (1 + np.exp(-x))

    def dsigmoid(y):
        return y * (1 - y)

    losses = []
    for i in range(epochs):
        L1 = sigmoid(np.dot(X, W1) + b1)
        L2 = sigmoid(np.dot(L1, W2) + b2)
        delta_L2 = (T - L2) * dsigmoid(L2)
        delta_L1 = delta_L2.dot(W2.T) * dsigmoid(L1)
        W2 = W2 + lr * L1.T.dot(delta_L2) / X.shape[0]
        W1 = W1 + lr * X.T.dot(delta_L1) / X.shape[0]
        b2 = b2 + lr * np.mean(delta_L2, axis=0)
        b1 = b1 + lr * np.mean(delta_L1, axis=0)
        if i % every == 0:
            L1 = sigmoid(np.dot(X, W1) + b1)
            L2 = sigmoid(np.dot(L1, W2) + b2)
            losses.append(np.mean(np.square(T - L2) / 2))
    return losses
