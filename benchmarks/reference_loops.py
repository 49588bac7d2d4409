"""The sources' training loops, re-typed with the same numpy calls, as the baseline for benchmarks.

``zhihu_xor`` does what the Zhihu article's XOR script does each epoch: forward pass with
sigmoid(x) = 1 / (1 + exp(-x)), learning signals with the derivative written on the output x(1 - x),
weight changes divided by N, bias changes as the mean of the deltas, new arrays every step, and the
loss evaluated with a second forward pass every 5000 epochs. Only the printing is left out.
"""

from __future__ import annotations

import numpy as np


def zhihu_xor(epochs: int, rng: np.random.Generator, lr: float = 0.1, every: int = 5000):
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


# ---------------------------------------------------------------- the same maths, other ways
# These are the comparisons of issue "One backprop": the same network, cost, order of updates and
# float64 arithmetic, written as a plain numpy loop and as a PyTorch CPU loop (torch is a
# benchmark-only extra, never a dependency of the course).


def numpy_minibatch(X, T, sizes, epochs, batch, eta, rng):
    """A plain numpy loop: sigmoid layers, E = 1/(2N) sum (t - y)^2, mini-batches of ``batch``,
    and E on the whole training set after each epoch (what ``fit`` records)."""
    Ws = [rng.uniform(-0.5, 0.5, (a, b)) for a, b in zip(sizes[:-1], sizes[1:])]
    bs = [np.zeros(b) for b in sizes[1:]]
    N = len(X)
    losses = []
    for _ in range(epochs):
        order = rng.permutation(N)
        for s in range(0, N, batch):
            idx = order[s : s + batch]
            Y = [X[idx]]
            for W, b in zip(Ws, bs):
                Y.append(1 / (1 + np.exp(-(Y[-1] @ W + b))))
            d = (T[idx] - Y[-1]) * Y[-1] * (1 - Y[-1])
            n = len(idx)
            for i in range(len(Ws) - 1, -1, -1):
                below = (d @ Ws[i].T) * Y[i] * (1 - Y[i]) if i else None
                Ws[i] += eta / n * Y[i].T @ d
                bs[i] += eta / n * d.sum(0)
                d = below
        Y = X
        for W, b in zip(Ws, bs):
            Y = 1 / (1 + np.exp(-(Y @ W + b)))
        losses.append(np.sum((T - Y) ** 2) / (2 * N))
    return Ws, losses


def torch_loop(X, T, sizes, epochs, batch, eta, seed):
    """The same loop in PyTorch (CPU, one thread, float64, tensors updated by hand)."""
    import torch

    torch.set_num_threads(1)
    g = torch.Generator().manual_seed(seed)
    X, T = torch.as_tensor(X, dtype=torch.float64), torch.as_tensor(T, dtype=torch.float64)
    Ws = [
        torch.rand(a, b, generator=g, dtype=torch.float64) - 0.5
        for a, b in zip(sizes[:-1], sizes[1:])
    ]
    bs = [torch.zeros(b, dtype=torch.float64) for b in sizes[1:]]
    N = len(X)
    batch = batch or N
    losses = []
    with torch.no_grad():
        for _ in range(epochs):
            order = torch.randperm(N, generator=g) if batch < N else None
            for s in range(0, N, batch):
                idx = order[s : s + batch] if order is not None else slice(None)
                Y = [X[idx]]
                for W, b in zip(Ws, bs):
                    Y.append(torch.sigmoid(Y[-1] @ W + b))
                d = (T[idx] - Y[-1]) * Y[-1] * (1 - Y[-1])
                n = len(Y[0])
                for i in range(len(Ws) - 1, -1, -1):
                    below = (d @ Ws[i].T) * Y[i] * (1 - Y[i]) if i else None
                    Ws[i] += eta / n * Y[i].T @ d
                    bs[i] += eta / n * d.sum(0)
                    d = below
            Y = X
            for W, b in zip(Ws, bs):
                Y = torch.sigmoid(Y @ W + b)
            losses.append(float(((T - Y) ** 2).sum()) / (2 * N))
    return Ws, losses


def torch_bmm_stack(X, T, K, sizes, epochs, eta, seed):
    """K networks trained at once with torch.bmm (CPU, one thread, float64), full batch."""
    import torch

    torch.set_num_threads(1)
    g = torch.Generator().manual_seed(seed)
    X = torch.as_tensor(X, dtype=torch.float64).expand(K, -1, -1)
    T = torch.as_tensor(T, dtype=torch.float64).expand(K, -1, -1)
    Ws = [
        torch.rand(K, a, b, generator=g, dtype=torch.float64) - 0.5
        for a, b in zip(sizes[:-1], sizes[1:])
    ]
    bs = [torch.zeros(K, 1, b, dtype=torch.float64) for b in sizes[1:]]
    n = X.shape[1]
    losses = []
    with torch.no_grad():
        for _ in range(epochs):
            Y = [X]
            for W, b in zip(Ws, bs):
                Y.append(torch.sigmoid(torch.baddbmm(b, Y[-1], W)))
            err = T - Y[-1]
            losses.append((err * err).sum((1, 2)) / (2 * n))  # E of every member, as fit records
            d = err * Y[-1] * (1 - Y[-1])
            for i in range(len(Ws) - 1, -1, -1):
                below = torch.bmm(d, Ws[i].transpose(1, 2)) * Y[i] * (1 - Y[i]) if i else None
                Ws[i] += eta / n * torch.bmm(Y[i].transpose(1, 2), d)
                bs[i] += eta / n * d.sum(1, keepdim=True)
                d = below
    return Ws, losses
