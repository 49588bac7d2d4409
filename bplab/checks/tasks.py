"""The graded tasks of the exercise notebooks: for each, how to make test inputs, how to call the
student's answer, the reference answer, and the named wrong answers it is compared with.

A task is split so that nothing decisive runs in the student's kernel:

- ``cases(rng)`` makes inputs (plain arrays) - in the grader's process, from the grader's seed;
- ``call(answer, case)`` runs the student's function (or reads their value) on one case - in the
  student's kernel; it returns plain numbers only;
- ``judge(case, got)`` decides - in the grader's process, with its own numpy and bplab.

The self-check cells of the notebooks (``bplab.check``) run all three in the kernel, which is fine
for practice: only the grader's verdict counts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..activations import d_sigmoid, sigmoid, step
from ..datasets import and_, xor
from .base import Task
from .feedback import Verdict, compare

Array = np.ndarray
Case = dict[str, Any]


TASKS: dict[str, Task] = {}


def task(name: str, what: str, cases, **options):
    """Register a task (``Task``'s fields as keywords); the decorated function is its judge."""

    def register(judge):
        TASKS[name] = Task(name, what, cases, judge, **options)
        return judge

    return register


def parts(got, n: int, name: str) -> tuple | Verdict:
    """The answer as a tuple of n parts, or a Verdict saying what came instead."""
    if n == 1:
        return (got,)
    if got is None:
        return Verdict(
            False,
            f"{name}: nothing came back (the function returned None). Did you forget the `return`?",
        )
    if not isinstance(got, (tuple, list)) or len(got) != n:
        return Verdict(False, f"{name}: expected {n} values back (a tuple), got {got!r:.100}")
    return tuple(got)


def compare_parts(got, expected: tuple, labels: tuple, mistakes: dict, *, name: str, **tol):
    """Compare a tuple answer part by part.

    A mistake that explains every part at once is named for the whole answer. Otherwise each wrong
    part is compared with that part of every named mistake, so that two slips in one answer (a
    forgotten 1/N in W and a bias left alone) are both named; the message covers every wrong part.
    """
    got = parts(got, len(expected), name)
    if isinstance(got, Verdict):
        return got

    def label(i):
        return f"{name} ({labels[i]})" if len(labels) > 1 else name

    for mistake, wrong in mistakes.items():
        whole = [compare(g, w, name=name, **tol).passed for g, w in zip(got, wrong)]
        right = [compare(w, e, name=name, **tol).passed for w, e in zip(wrong, expected)]
        if all(whole) and not all(right):
            i = right.index(False)
            return compare(got[i], expected[i], name=label(i), mistakes={mistake: wrong[i]}, **tol)
    failures = []
    for i, (g, e) in enumerate(zip(got, expected)):
        if compare(g, e, name=label(i), **tol):
            continue
        own = {m: w[i] for m, w in mistakes.items() if not compare(w[i], e, name="", **tol)}
        failures.append(compare(g, e, name=label(i), mistakes=own, **tol))
    if not failures:
        return Verdict(True, f"{name}: correct.")
    named = next((v.mistake for v in failures if v.mistake), None)
    return Verdict(False, "\n".join(v.message for v in failures), named)


def _sizes(rng, lo=1, hi=4):
    return [int(k) for k in rng.integers(lo, hi + 1, size=3)]


# ---------------------------------------------------------------- 01 the perceptron
def _perceptron_cases(rng):
    out = []
    for _ in range(4):
        d = int(rng.integers(2, 5))
        out.append(
            {
                "w": rng.normal(size=d),
                "b": float(rng.normal()),
                "x": rng.integers(0, 2, d).astype(float),
                "t": float(rng.integers(0, 2)),
                "eta": float(rng.choice([0.1, 0.5, 1.0])),
            }
        )
    return out


@task(
    "perceptron_step",
    "perceptron_step(w, b, x, t, eta) -> (new w, new b)",
    _perceptron_cases,
    args=("w", "b", "x", "t", "eta"),
)
def _judge_perceptron_step(c, got):
    y = float(step(c["x"] @ c["w"] + c["b"]))
    err = c["t"] - y
    w, b = c["w"] + c["eta"] * err * c["x"], c["b"] + c["eta"] * err
    mistakes = {
        "bias not updated": (w, c["b"]),
        "flipped sign": (c["w"] - c["eta"] * err * c["x"], c["b"] - c["eta"] * err),
        "weights not updated": (c["w"], b),
    }
    return compare_parts(got, (w, b), ("w", "b"), mistakes, name="perceptron_step")


def _predict_cases(rng):
    return [
        {
            "w": rng.normal(size=2),
            "b": float(rng.normal()),
            "X": rng.normal(size=(int(rng.integers(1, 6)), 2)),
        }
        for _ in range(4)
    ]


@task(
    "perceptron_predict",
    "perceptron_predict(w, b, X) -> y of shape (N,), 0 or 1",
    _predict_cases,
    args=("w", "b", "X"),
)
def _judge_perceptron_predict(c, got):
    y = step(c["X"] @ c["w"] + c["b"])
    return compare_parts(
        got,
        (y,),
        ("y",),
        {"flipped sign": (step(-(c["X"] @ c["w"] + c["b"])),)},
        name="perceptron_predict",
    )


def _gate_case(rng):
    X, T = and_()
    return [{"X": X, "T": T.ravel()}]


@task(
    "perceptron_learns_and",
    "train_perceptron_on(X, t) -> (w, b) that classify AND",
    _gate_case,
    args=("X", "T"),
)
def _judge_learns_and(c, got):
    got = parts(got, 2, "perceptron_learns_and")
    if isinstance(got, Verdict):
        return got
    w, b = np.asarray(got[0], dtype=float).reshape(-1), float(np.asarray(got[1]).reshape(-1)[0])
    if w.shape != (2,):
        return Verdict(False, f"perceptron_learns_and: w must have 2 entries, got shape {w.shape}")
    y = step(c["X"] @ w + b)
    wrong = np.flatnonzero(y != c["T"])
    if len(wrong):
        return Verdict(
            False,
            f"perceptron_learns_and: the line w={np.round(w, 4)}, b={b:.4g} "
            f"misclassifies inputs {c['X'][wrong].tolist()}: train until an epoch "
            f"makes no mistake",
        )
    return Verdict(True, "perceptron_learns_and: correct, every AND input is on the right side.")


# ---------------------------------------------------------------- 02 cost functions
def _yt_cases(rng):
    out = []
    for _ in range(4):
        # N >= 3, so that a forgotten 1/N (factor N) never looks like a missing 1/2 (factor 2)
        N, l = int(rng.integers(3, 7)), int(rng.integers(1, 4))
        out.append({"Y": rng.random((N, l)), "T": rng.random((N, l))})
    return out


@task(
    "mse",
    "mse(Y, T) -> E = 1/(2N) sum (t - y)^2",
    _yt_cases,
    args=("Y", "T"),
)
def _judge_mse(c, got):
    N, l = c["Y"].shape
    E = float(((c["T"] - c["Y"]) ** 2).sum()) / (2 * N)
    mistakes = {"missing 1/2": (2 * E,), "forgotten 1/N": (N * E,)}
    if l > 1:
        mistakes["mean over outputs too"] = (E / l,)
    return compare_parts(got, (E,), ("E",), mistakes, name="mse")


@task(
    "mse_gradient",
    "mse_gradient(Y, T) -> dE/dY, shape (N, l)",
    _yt_cases,
    args=("Y", "T"),
)
def _judge_mse_gradient(c, got):
    N = c["Y"].shape[0]
    G = (c["Y"] - c["T"]) / N
    mistakes = {"flipped sign": (-G,), "forgotten 1/N": (N * G,), "missing 1/2": (2 * G,)}
    return compare_parts(got, (G,), ("dE/dY",), mistakes, name="mse_gradient")


def _point_cases(rng):
    return [
        {
            "w": float(rng.normal()),
            "x": float(rng.normal()),
            "b": float(rng.normal()),
            "t": float(rng.random()),
        }
        for _ in range(6)
    ]


@task(
    "sym_neuron_gradient",
    "dE_dw: sympy expression for dE/dw of E = (t - sigmoid(w x + b))^2 / 2",
    _point_cases,
    kind="sympy",
)
def _judge_sym_gradient(c, got):
    y = float(sigmoid(c["w"] * c["x"] + c["b"]))
    ref = -(c["t"] - y) * y * (1 - y) * c["x"]
    mistakes = {
        "missing f'": (-(c["t"] - y) * c["x"],),
        "flipped sign": (-ref,),
        "missing 1/2": (2 * ref,),
    }
    return compare_parts(
        got, (ref,), ("dE/dw",), mistakes, name="sym_neuron_gradient (dE_dw)", rtol=1e-9
    )


# ---------------------------------------------------------------- 03 gradient descent
def _lsq_cases(rng, with_order=False, with_k=False):
    out = []
    for _ in range(3):
        m, p = int(rng.integers(4, 9)), int(rng.integers(2, 4))
        c = {
            "A": np.hstack([np.ones((m, 1)), rng.normal(size=(m, p - 1))]),
            "y": rng.normal(size=m),
            "theta": rng.normal(size=p),
            "alpha": float(rng.choice([0.05, 0.1, 0.3])),
        }
        if with_order:
            c["order"] = rng.permutation(m)
        if with_k:
            c["k"] = int(rng.integers(2, 4))
        out.append(c)
    return out


def _gd(A, y, theta, alpha, idx, mean=True, sign=1.0):
    Ab = A[idx]
    g = Ab.T @ (Ab @ theta - y[idx])
    return theta - sign * alpha * (g / len(idx) if mean else g)


@task(
    "gd_step",
    "gd_step(A, y, theta, alpha) -> theta after one batch step",
    _lsq_cases,
    args=("A", "y", "theta", "alpha"),
)
def _judge_gd_step(c, got):
    idx = np.arange(len(c["y"]))
    ref = _gd(c["A"], c["y"], c["theta"], c["alpha"], idx)
    mistakes = {
        "forgotten 1/N": (_gd(c["A"], c["y"], c["theta"], c["alpha"], idx, mean=False),),
        "flipped sign": (_gd(c["A"], c["y"], c["theta"], c["alpha"], idx, sign=-1.0),),
        "step not taken": (c["theta"],),
    }
    return compare_parts(got, (ref,), ("theta",), mistakes, name="gd_step")


def _epoch(c, k, **kw):
    theta = c["theta"]
    for s in range(0, len(c["order"]), k):
        theta = _gd(c["A"], c["y"], theta, c["alpha"], c["order"][s : s + k], **kw)
    return theta


@task(
    "sgd_epoch",
    "sgd_epoch(A, y, theta, alpha, order) -> theta after one step per sample, in order",
    lambda rng: _lsq_cases(rng, with_order=True),
    args=("A", "y", "theta", "alpha", "order"),
)
def _judge_sgd_epoch(c, got):
    mistakes = {"flipped sign": (_epoch(c, 1, sign=-1.0),), "step not taken": (c["theta"],)}
    return compare_parts(got, (_epoch(c, 1),), ("theta",), mistakes, name="sgd_epoch")


@task(
    "minibatch_epoch",
    "minibatch_epoch(A, y, theta, alpha, order, k) -> theta after one pass in batches of k",
    lambda rng: _lsq_cases(rng, with_order=True, with_k=True),
    args=("A", "y", "theta", "alpha", "order", "k"),
)
def _judge_minibatch_epoch(c, got):
    k = c["k"]
    mistakes = {
        "forgotten 1/N": (_epoch(c, k, mean=False),),
        "flipped sign": (_epoch(c, k, sign=-1.0),),
        "step not taken": (c["theta"],),
    }
    return compare_parts(got, (_epoch(c, k),), ("theta",), mistakes, name="minibatch_epoch")


# ---------------------------------------------------------------- 04 the Delta rule
def _layer_cases(rng):
    out = []
    for _ in range(4):
        N, d, l = _sizes(rng)
        out.append(
            {
                "W": rng.normal(size=(d, l)),
                "b": rng.normal(size=l),
                "X": rng.normal(size=(N, d)),
                "T": rng.random((N, l)),
                "eta": float(rng.choice([0.1, 0.5, 1.0])),
            }
        )
    return out


def _delta_parts(c):
    net = c["X"] @ c["W"] + c["b"]
    Y = sigmoid(net)
    return net, Y, (c["T"] - Y) * d_sigmoid(net)


@task(
    "delta",
    "delta(W, b, X, T) -> the learning signal (T - Y) * f'(net) of a sigmoid layer",
    _layer_cases,
    args=("W", "b", "X", "T"),
)
def _judge_delta(c, got):
    net, Y, D = _delta_parts(c)
    mistakes = {
        "missing f'": (c["T"] - Y,),
        "flipped sign": (-D,),
        "derivative applied to the activated output": ((c["T"] - Y) * d_sigmoid(Y),),
    }
    return compare_parts(got, (D,), ("delta",), mistakes, name="delta")


@task(
    "delta_rule_step",
    "delta_rule_step(W, b, X, T, eta) -> (new W, new b) for a sigmoid layer",
    _layer_cases,
    args=("W", "b", "X", "T", "eta"),
)
def _judge_delta_rule_step(c, got):
    net, Y, D = _delta_parts(c)
    N, eta = c["X"].shape[0], c["eta"]
    dW, db = eta / N * c["X"].T @ D, eta / N * D.sum(axis=0)
    W, b = c["W"] + dW, c["b"] + db
    E = c["T"] - Y
    mistakes = {
        "bias not updated": (W, c["b"]),
        "flipped sign": (c["W"] - dW, c["b"] - db),
        "forgotten 1/N": (c["W"] + N * dW, c["b"] + N * db),
        "missing f'": (c["W"] + eta / N * c["X"].T @ E, c["b"] + eta / N * E.sum(axis=0)),
        "weights not updated": (c["W"], b),
    }
    return compare_parts(got, (W, b), ("W", "b"), mistakes, name="delta_rule_step")


def _neuron_cases(rng):
    out = []
    for _ in range(4):
        d = int(rng.integers(1, 4))
        out.append(
            {
                "w": rng.normal(size=d),
                "b": float(rng.normal()),
                "x": rng.normal(size=d),
                "t": float(rng.random()),
            }
        )
    return out


@task(
    "neuron_gradient",
    "neuron_gradient(w, b, x, t) -> (dE/dw, dE/db) of E = (t - y)^2 / 2, y = sigmoid(x . w + b)",
    _neuron_cases,
    args=("w", "b", "x", "t"),
)
def _judge_neuron_gradient(c, got):
    net = c["x"] @ c["w"] + c["b"]
    y = float(sigmoid(net))
    g = -(c["t"] - y) * y * (1 - y)  # dE/dnet
    ref = (g * c["x"], g)
    mistakes = {
        "flipped sign": (-ref[0], -g),
        "missing f'": (-(c["t"] - y) * c["x"], -(c["t"] - y)),
        "derivative applied to the activated output": (
            -(c["t"] - y) * float(d_sigmoid(y)) * c["x"],
            -(c["t"] - y) * float(d_sigmoid(y)),
        ),
    }
    return compare_parts(got, ref, ("dE/dw", "dE/db"), mistakes, name="neuron_gradient")


# ---------------------------------------------------------------- 05 backpropagation
def _output_cases(rng):
    out = []
    for _ in range(4):
        N, l, _ = _sizes(rng)
        net = rng.normal(size=(N, l))
        out.append({"net": net, "Y": sigmoid(net), "T": rng.random((N, l))})
    return out


@task(
    "output_delta",
    "output_delta(net, Y, T) -> delta of a sigmoid output layer",
    _output_cases,
    args=("net", "Y", "T"),
)
def _judge_output_delta(c, got):
    D = (c["T"] - c["Y"]) * d_sigmoid(c["net"])
    mistakes = {
        "missing f'": (c["T"] - c["Y"],),
        "flipped sign": (-D,),
        "derivative applied to the activated output": ((c["T"] - c["Y"]) * d_sigmoid(c["Y"]),),
    }
    return compare_parts(got, (D,), ("delta",), mistakes, name="output_delta")


def _hidden_cases(rng):
    out = []
    for _ in range(4):
        N, q, l = _sizes(rng, 2, 4)
        if q == l:
            q += 1  # a missing transpose then shows as a wrong shape
        out.append(
            {
                "delta_next": rng.normal(size=(N, l)),
                "W_next": rng.normal(size=(q, l)),
                "net": rng.normal(size=(N, q)),
            }
        )
    return out


@task(
    "hidden_delta",
    "hidden_delta(delta_next, W_next, net) -> delta of a sigmoid hidden layer",
    _hidden_cases,
    args=("delta_next", "W_next", "net"),
)
def _judge_hidden_delta(c, got):
    back = c["delta_next"] @ c["W_next"].T
    D = back * d_sigmoid(c["net"])
    mistakes = {
        "missing f'": (back,),
        "flipped sign": (-D,),
        "derivative applied to the activated output": (back * d_sigmoid(sigmoid(c["net"])),),
    }
    return compare_parts(got, (D,), ("delta",), mistakes, name="hidden_delta")


def _backward_cases(rng):
    out = []
    for _ in range(3):
        N, d, q = _sizes(rng, 1, 4)
        N = max(N, 2)  # with one sample a forgotten 1/N would go unnoticed
        l = int(rng.integers(1, 3))
        out.append(
            {
                "W1": rng.normal(size=(d, q)),
                "b1": rng.normal(size=q),
                "W2": rng.normal(size=(q, l)),
                "b2": rng.normal(size=l),
                "X": rng.normal(size=(N, d)),
                "T": rng.random((N, l)),
            }
        )
    return out


def _reference_backward(c):
    from ..network import MLP

    net = MLP.from_params([c["W1"], c["W2"]], [c["b1"], c["b2"]], activation="sigmoid")
    g = net.backward(net.forward(c["X"]), c["T"])
    return g.dW[0], g.db[0], g.dW[1], g.db[1]


@task(
    "backward",
    "backward(W1, b1, W2, b2, X, T) -> (dE/dW1, dE/db1, dE/dW2, dE/db2), sigmoid 2-layer net",
    _backward_cases,
    args=("W1", "b1", "W2", "b2", "X", "T"),
)
def _judge_backward(c, got):
    ref = _reference_backward(c)
    N = c["X"].shape[0]
    mistakes = {"flipped sign": tuple(-g for g in ref), "forgotten 1/N": tuple(N * g for g in ref)}
    return compare_parts(
        got, ref, ("dE/dW1", "dE/db1", "dE/dW2", "dE/db2"), mistakes, name="backward"
    )


# ---------------------------------------------------------------- 06 solving XOR
def _xor_case(rng):
    X, T = xor()
    return [{"X": X, "T": T, "seed": int(rng.integers(0, 2**31))}]


@task(
    "xor_network",
    "train_xor(rng) -> a trained network whose predict(X) solves XOR",
    _xor_case,
    kind="network",
)
def _judge_xor_network(c, got):
    net = network_from_answer(got, "xor_network", "train_xor(rng)")
    if isinstance(net, Verdict):
        return net
    Y = net.predict(c["X"]).reshape(-1)
    if not np.isfinite(Y).all():
        return Verdict(False, f"xor_network: the network's outputs are not finite: {Y.tolist()}")
    wrong = np.flatnonzero(np.abs(Y - c["T"].ravel()) >= 0.5)
    if len(wrong):
        return Verdict(
            False,
            f"xor_network: outputs {np.round(Y, 3).tolist()} for targets "
            f"{c['T'].ravel().tolist()}: inputs {c['X'][wrong].tolist()} are on the wrong "
            f"side of 0.5. Train longer, try another eta or more hidden units.",
        )
    return Verdict(True, f"xor_network: correct, outputs {np.round(Y, 3).tolist()}.")


def network_from_answer(got, name: str, call: str):
    """The bp.MLP described by a "network" answer, rebuilt in the judge's process (or a Verdict
    saying why it cannot be)."""
    from ..activations import ACTIVATIONS
    from ..network import MLP

    data = got.get("network") if isinstance(got, dict) else None
    if data is None:
        return Verdict(False, f"{name}: {call} must return a trained bp.MLP, got {got}")
    acts = data["activations"]
    unknown = [a for a in acts if a not in ACTIVATIONS]
    if unknown:
        return Verdict(
            False,
            f"{name}: the network uses activation {unknown[0]!r}; use one of "
            f"{', '.join(sorted(ACTIVATIONS))}",
        )
    try:
        return MLP.from_params(
            data["weights"], data["biases"], activation=acts[0], output_activation=acts[-1]
        )
    except (ValueError, TypeError, IndexError) as e:
        return Verdict(False, f"{name}: the network's parameters do not fit together ({e})")


def _forward_cases(rng):
    return [{k: v for k, v in c.items() if k != "T"} for c in _backward_cases(rng)]


@task(
    "forward_pass",
    "forward_pass(W1, b1, W2, b2, X) -> (H, Y): hidden and output of a sigmoid 2-layer net",
    _forward_cases,
    args=("W1", "b1", "W2", "b2", "X"),
)
def _judge_forward_pass(c, got):
    H = sigmoid(c["X"] @ c["W1"] + c["b1"])
    Y = sigmoid(H @ c["W2"] + c["b2"])
    H0 = sigmoid(c["X"] @ c["W1"])
    mistakes = {"bias left out": (H0, sigmoid(H0 @ c["W2"]))}
    return compare_parts(got, (H, Y), ("H", "Y"), mistakes, name="forward_pass")


@task(
    "xor_by_hand",
    "(W1, b1, W2, b2) of a 2-2-1 step network that computes XOR",
    _xor_case,
    kind="value",
)
def _judge_xor_by_hand(c, got):
    got = parts(got, 4, "xor_by_hand")
    if isinstance(got, Verdict):
        return got
    try:
        W1, b1, W2, b2 = (np.asarray(p, dtype=float) for p in got)
        Y = step(step(c["X"] @ W1 + b1) @ W2 + b2).reshape(-1)
    except ValueError as e:
        return Verdict(
            False,
            f"xor_by_hand: the shapes do not fit a 2-2-1 network ({e}); W1 is (2, 2), "
            f"b1 (2,), W2 (2, 1), b2 (1,)",
        )
    return compare_parts(Y, (c["T"].ravel(),), ("outputs",), {}, name="xor_by_hand")
