"""The questions of exercise 03, gradient descent on least squares J = 1/(2m) ||A theta - y||^2:
gd_step, sgd_epoch, minibatch_epoch; and, on paper, the largest stable step on a quadratic bowl
E(w) = 1/2 w.T A w - b.T w (largest_stable_eta: 2 / lambda_max of A).

The references are written with numpy alone: ``gd_step``'s stands in for the student's own in
sgd_epoch and minibatch_epoch, while ``bp.lsq_gradient`` is switched off there. The first case of
each question has m = 5 or 7 samples and p = 3 columns (m != p, so dividing by the wrong one
shows), a visiting order that is neither the natural one nor its reverse, and, for mini-batches,
a short last batch.
"""

from __future__ import annotations

import numpy as np

from .helpers import question, registry

SEALED = ("bplab.linreg:lsq_gradient", "bplab.linreg:gradient_descent")


def gd_step(A, y, theta, alpha):
    """theta - alpha * (1/m) A.T (A theta - y)."""
    return theta - alpha * A.T @ (A @ theta - y) / len(y)


def _g(A, y, theta):
    return A.T @ (A @ theta - y)


def _lsq(m, p, *, order=False, k=None):
    def make(rng):
        c = {
            "A": np.hstack([np.ones((m, 1)), rng.normal(size=(m, p - 1))]),
            "y": rng.normal(size=m),
            "theta": rng.normal(size=p),
            "alpha": float(rng.choice([0.05, 0.1, 0.3])),
        }
        if order:
            while True:
                o = rng.permutation(m)
                if not (np.array_equal(o, np.arange(m)) or np.array_equal(o, np.arange(m)[::-1])):
                    break
            c["order"] = o
        if k is not None:
            c["k"] = k
        return c

    return make


def _lsq_random(*, order=False, with_k=False):
    def make(rng):
        m, p = int(rng.integers(4, 10)), int(rng.integers(2, 4))
        k = int(rng.integers(2, 4)) if with_k else None
        return _lsq(m, p, order=order, k=k)(rng)

    return make


def _step(c, theta, idx, *, divide=None, sign=1.0, alpha=None):
    A, y = c["A"][idx], c["y"][idx]
    g = _g(A, y, theta)
    divide = len(idx) if divide is None else divide
    return theta - sign * (c["alpha"] if alpha is None else alpha) * g / divide


def _all(c):
    return np.arange(len(c["y"]))


GD_STEP = question(
    "gd_step",
    "gd_step(A, y, theta, alpha) -> theta after one batch step",
    args=("A", "y", "theta", "alpha"),
    reference=gd_step,
    returns="the new theta, an array of shape (p,)",
    labels=("theta",),
    kinds=("array",),
    variants=[
        ("forgotten 1/N", lambda c: _step(c, c["theta"], _all(c), divide=1)),
        ("flipped sign", lambda c: _step(c, c["theta"], _all(c), sign=-1.0)),
        ("step not taken", lambda c: c["theta"]),
        ("returned the gradient", lambda c: _g(c["A"], c["y"], c["theta"]) / len(c["y"])),
        ("missing eta", lambda c: _step(c, c["theta"], _all(c), alpha=1.0)),
        ("extra 1/2", lambda c: _step(c, c["theta"], _all(c), divide=2 * len(c["y"]))),
        ("divided by the outputs", lambda c: _step(c, c["theta"], _all(c), divide=c["A"].shape[1])),
        ("1/N twice", lambda c: _step(c, c["theta"], _all(c), divide=len(c["y"]) ** 2)),
    ],
    hints={
        "forgotten 1/N": "the gradient of J = 1/(2m) ||A theta - y||^2 is (1/m) A.T (A theta - y):"
        " divide by m = len(y)",
        "flipped sign": "a descent step goes against the gradient: theta - alpha * (1/m) "
        "A.T (A theta - y); with the residual the other way round, (y - A theta), it is a plus",
        "missing eta": "the step size is missing: theta - alpha * gradient",
        "extra 1/2": "the 2 of the square's derivative cancels the 1/2 of J: the gradient is "
        "(1/m) A.T (A theta - y), no 1/2",
        "divided by the outputs": "m is the number of samples, len(y) = A.shape[0]; A.shape[1] "
        "is the number of parameters",
    },
    fixed=[_lsq(5, 3)],
    random=_lsq_random(),
    n_random=2,
    sealed=SEALED,
)


# ------------------------------------------------------------------ sgd_epoch
def sgd_epoch(A, y, theta, alpha, order):
    """One gradient-descent step per sample, visiting the rows in ``order``."""
    for n in order:
        theta = gd_step(A[[n]], y[[n]], theta, alpha)
    return theta


def _epoch(c, batches, **kw):
    theta = c["theta"]
    for idx in batches:
        theta = _step(c, theta, np.asarray(idx), **kw)
    return theta


def _singles(order):
    return [[n] for n in order]


SGD_EPOCH = question(
    "sgd_epoch",
    "sgd_epoch(A, y, theta, alpha, order) -> theta after one step per sample, in order",
    args=("A", "y", "theta", "alpha", "order"),
    reference=sgd_epoch,
    returns="the new theta, an array of shape (p,)",
    labels=("theta",),
    kinds=("array",),
    variants=[
        ("order ignored", lambda c: _epoch(c, _singles(range(len(c["y"]))))),
        ("order ignored", lambda c: _epoch(c, _singles(c["order"][::-1]))),
        ("flipped sign", lambda c: _epoch(c, _singles(c["order"]), sign=-1.0)),
        ("whole batch each step", lambda c: _epoch(c, [_all(c)] * len(c["y"]))),
        ("steps not chained", lambda c: _step(c, c["theta"], np.array([c["order"][-1]]))),
        ("extra 1/N", lambda c: _epoch(c, _singles(c["order"]), divide=len(c["y"]))),
        ("stopped after one sample", lambda c: _step(c, c["theta"], np.array([c["order"][0]]))),
        ("step not taken", lambda c: c["theta"]),
    ],
    hints={
        "extra 1/N": "a stochastic step uses one sample, whose gradient has no 1/m: "
        "a_n (a_n . theta - y_n)",
        "flipped sign": "each step goes against the gradient: theta - alpha * a_n "
        "(a_n . theta - y_n)",
    },
    fixed=[_lsq(5, 3, order=True)],
    random=_lsq_random(order=True),
    n_random=2,
    uses=("gd_step",),
    sealed=SEALED,
)


# ------------------------------------------------------------------ minibatch_epoch
def minibatch_epoch(A, y, theta, alpha, order, k):
    """One step per batch of k samples of ``order`` (the last batch may be shorter)."""
    for s in range(0, len(order), k):
        batch = order[s : s + k]
        theta = gd_step(A[batch], y[batch], theta, alpha)
    return theta


def _batches(c, *, order=None, k=None, drop_last=False, stride=None):
    order = c["order"] if order is None else order
    k = c["k"] if k is None else k
    m = len(order)
    stop = m - k + 1 if drop_last or stride else m
    return [order[s : s + k] for s in range(0, stop, stride or k)]


MINIBATCH_EPOCH = question(
    "minibatch_epoch",
    "minibatch_epoch(A, y, theta, alpha, order, k) -> theta after one pass in batches of k",
    args=("A", "y", "theta", "alpha", "order", "k"),
    reference=minibatch_epoch,
    returns="the new theta, an array of shape (p,)",
    labels=("theta",),
    kinds=("array",),
    variants=[
        ("forgotten 1/N", lambda c: _epoch(c, _batches(c), divide=1)),
        ("short batch divided by k", lambda c: _epoch(c, _batches(c), divide=c["k"])),
        ("last batch dropped", lambda c: _epoch(c, _batches(c, drop_last=True))),
        ("order ignored", lambda c: _epoch(c, _batches(c, order=np.arange(len(c["y"]))))),
        ("flipped sign", lambda c: _epoch(c, _batches(c), sign=-1.0)),
        ("batches overlap", lambda c: _epoch(c, _batches(c, stride=1))),
        ("whole batch each step", lambda c: _epoch(c, [_all(c)] * len(_batches(c)))),
        ("k ignored", lambda c: _epoch(c, _batches(c, k=1))),
        ("divided by m, not the batch size", lambda c: _epoch(c, _batches(c), divide=len(c["y"]))),
        ("stopped after one batch", lambda c: _epoch(c, _batches(c)[:1])),
        ("step not taken", lambda c: c["theta"]),
    ],
    hints={
        "forgotten 1/N": "each batch's gradient is an average over the batch: divide by len(batch)",
        "flipped sign": "each step goes against its batch's gradient: theta - alpha * "
        "(1/len(batch)) A_b.T (A_b theta - y_b)",
    },
    fixed=[_lsq(7, 3, order=True, k=3)],
    random=_lsq_random(order=True, with_k=True),
    n_random=2,
    uses=("gd_step",),
    sealed=SEALED,
)


# ------------------------------------------------------------------ largest_stable_eta
def largest_stable_eta(A):
    """2 / lambda_max(A): gradient descent on E(w) = 1/2 w.T A w - b.T w converges for every
    start exactly when 0 < eta < this (A symmetric, positive definite)."""
    return 2.0 / np.linalg.eigvalsh(A)[-1]


def _bowl(p):
    """A symmetric positive definite A (p, p) that is not diagonal, with eigenvalues far apart
    (so that the largest, the smallest, the trace and the diagonal all differ)."""

    def make(rng):
        Q, _ = np.linalg.qr(rng.normal(size=(p, p)))
        lam = np.sort(rng.uniform(0.2, 1.0, size=p)) * np.geomspace(1, 12, p)
        return {"A": (Q * lam) @ Q.T}

    return make


def _bowl_random(rng):
    return _bowl(int(rng.integers(2, 5)))(rng)


def _lam(c):
    return np.linalg.eigvalsh(c["A"])


def _middle(c, k):
    """2 / an eigenvalue between the smallest and the largest (np.linalg.eig does not sort: its
    last one can be any); a 2 x 2 A has none, and the variant does not apply there."""
    lam = _lam(c)
    if len(lam) < 3:
        raise ValueError("no eigenvalue in the middle")
    return 2.0 / lam[k]


LARGEST_STABLE_ETA = question(
    "largest_stable_eta",
    "largest_stable_eta(A) -> the largest stable step on E(w) = 1/2 w.T A w - b.T w",
    args=("A",),
    reference=largest_stable_eta,
    returns="one number, the step size eta at which gradient descent stops converging",
    labels=("eta",),
    kinds=("number",),
    variants=[
        ("half the limit", lambda c: 1.0 / _lam(c)[-1]),
        ("smallest eigenvalue", lambda c: 2.0 / _lam(c)[0]),
        ("smallest eigenvalue", lambda c: 1.0 / _lam(c)[0]),
        ("not the largest eigenvalue", lambda c: _middle(c, 1)),
        ("not the largest eigenvalue", lambda c: _middle(c, -2)),
        ("trace for the largest eigenvalue", lambda c: 2.0 / np.trace(c["A"])),
        ("diagonal for the eigenvalues", lambda c: 2.0 / np.diag(c["A"]).max()),
        ("diagonal for the eigenvalues", lambda c: 2.0 / np.diag(c["A"]).min()),
        ("inverted limit", lambda c: _lam(c)[-1] / 2.0),
        ("eigenvalues of A squared", lambda c: 2.0 / _lam(c)[-1] ** 2),
        ("norm for the largest eigenvalue", lambda c: 2.0 / np.linalg.norm(c["A"])),
    ],
    hints={
        "smallest eigenvalue": "every direction must shrink, |1 - eta lambda| < 1 for EVERY "
        "eigenvalue at once: which one makes that the strictest? The smallest eigenvalue only "
        "sets how slowly the flattest direction converges",
    },
    fixed=[_bowl(3)],
    random=_bowl_random,
    n_random=3,
    sealed=(
        "bplab.chapters.surfaces:step_limit",
        "bplab.chapters.surfaces:hessian_eigenvalues",
        "bplab.chapters.surfaces:condition_number",
    ),
    rtol=1e-6,
)

TASKS = registry(GD_STEP, SGD_EPOCH, MINIBATCH_EPOCH, LARGEST_STABLE_ETA)
