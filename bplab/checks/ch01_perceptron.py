"""The questions of exercise 01, the neuron and the perceptron rule: perceptron_predict,
perceptron_step, perceptron_learns_and; and, on paper, xor_conditions: which of XOR's four
inequalities a threshold unit y = step(w1 x1 + w2 x2 - theta) satisfies.

The step fires at 0: step(0) = 1 (chapter 01), so the first case of each question has a net input
of exactly 0, and a misclassified sample (t != y) with inputs that are neither 0 nor 1 everywhere.
"""

from __future__ import annotations

import numpy as np

from ..activations import sigmoid, step
from ..datasets import and_, xor
from .base import Task
from .feedback import Verdict, hint_for
from .helpers import describe, question, registry


# ------------------------------------------------------------------ perceptron_predict
def perceptron_predict(w, b, X):
    """y = step(X @ w + b), shape (N,)."""
    return step(X @ w + b)


def _net(c):
    return c["X"] @ c["w"] + c["b"]


def _dyadic(rng, d):
    """Weights in quarters, so that sums of them are exact and a net input can be exactly 0."""
    w = rng.integers(-4, 5, size=d) / 4
    w[w == 0] = 0.75
    return w


def _predict_edge(rng):
    d, N = 3, 6
    w = _dyadic(rng, d)
    X = rng.integers(-2, 3, size=(N, d)).astype(float)
    b = -float(X[0] @ w)  # rows 0 and 3 have a net input of exactly 0
    X[3] = X[0]
    return {"w": w, "b": b, "X": X}


def _predict_random(rng):
    d, N = int(rng.integers(2, 5)), int(rng.integers(3, 7))
    return {"w": rng.normal(size=d), "b": float(rng.normal()), "X": rng.normal(size=(N, d))}


PREDICT = question(
    "perceptron_predict",
    "perceptron_predict(w, b, X) -> y of shape (N,), 0 or 1",
    args=("w", "b", "X"),
    reference=perceptron_predict,
    returns="y, a float array of shape (N,) with 0.0 or 1.0 per sample",
    labels=("y",),
    kinds=("array",),
    variants=[
        ("> instead of >=", lambda c: (_net(c) > 0).astype(float)),
        ("flipped comparison", lambda c: (_net(c) < 0).astype(float)),
        ("flipped comparison", lambda c: (_net(c) <= 0).astype(float)),
        ("bias left out", lambda c: step(c["X"] @ c["w"])),
        ("bias subtracted", lambda c: step(c["X"] @ c["w"] - c["b"])),
        ("step missing", _net),
        ("sigmoid instead of step", lambda c: sigmoid(_net(c))),
        ("sign instead of step", lambda c: np.sign(_net(c))),
    ],
    fixed=[_predict_edge],
    random=_predict_random,
    n_random=3,
)


# ------------------------------------------------------------------ perceptron_step
def perceptron_step(w, b, x, t, eta):
    """One perceptron update: y = step(x . w + b), w + eta (t - y) x, b + eta (t - y)."""
    y = float(step(x @ w + b))
    return w + eta * (t - y) * x, b + eta * (t - y)


def _inputs(rng, d):
    """Inputs 0, 1 or 2 with at least one 0 and one 2, so that a missing x, or an x in the bias's
    update, changes the numbers."""
    x = rng.integers(0, 3, size=d).astype(float)
    x[0], x[-1] = 0.0, 2.0
    return rng.permutation(x)


def _step_at_zero(rng):
    """A net input of exactly 0 with target 0: step(0) = 1 is wrong here, so the rule updates."""
    d = 3
    w, x = _dyadic(rng, d), _inputs(rng, d)
    return {"w": w, "b": -float(x @ w), "x": x, "t": 0.0, "eta": 0.5}


def _misclassified(rng):
    """A sample on the wrong side, far from the line, whose side the bias decides."""
    d = 3
    for _ in range(100):
        w, x, b = rng.normal(size=d), _inputs(rng, d), float(rng.normal())
        net = float(x @ w + b)
        if abs(net) > 0.3 and abs(b) > 0.3 and (x @ w >= 0) != (net >= 0):
            break
    return {"w": w, "b": b, "x": x, "t": 1.0 - float(step(net)), "eta": 0.5}


def _step_random(rng):
    d = int(rng.integers(2, 5))
    w, x, b = rng.normal(size=d), rng.integers(0, 3, size=d).astype(float), float(rng.normal())
    y = float(step(x @ w + b))
    t = 1.0 - y if rng.random() < 0.75 else y
    return {"w": w, "b": b, "x": x, "t": t, "eta": float(rng.choice([0.1, 0.5, 2.0]))}


def _err(c, y=None):
    if y is None:
        y = float(step(c["x"] @ c["w"] + c["b"]))
    return c["t"] - y


def _update(c, err, *, eta=None, x=True):
    eta = c["eta"] if eta is None else eta
    return c["w"] + eta * err * (c["x"] if x else 1.0), c["b"] + eta * err


STEP = question(
    "perceptron_step",
    "perceptron_step(w, b, x, t, eta) -> (new w, new b)",
    args=("w", "b", "x", "t", "eta"),
    reference=perceptron_step,
    returns="(w, b): the new weights, an array like w, and the new bias, a number",
    labels=("w", "b"),
    kinds=("array", "number"),
    variants=[
        ("bias not updated", lambda c: (_update(c, _err(c))[0], c["b"])),
        ("weights not updated", lambda c: (c["w"], _update(c, _err(c))[1])),
        ("flipped sign", lambda c: _update(c, -_err(c))),
        ("missing x", lambda c: _update(c, _err(c), x=False)),
        ("missing eta", lambda c: _update(c, _err(c), eta=1.0)),
        ("> instead of >=", lambda c: _update(c, _err(c, float(c["x"] @ c["w"] + c["b"] > 0)))),
        ("net instead of y", lambda c: _update(c, _err(c, float(c["x"] @ c["w"] + c["b"])))),
        ("bias left out", lambda c: _update(c, _err(c, float(step(c["x"] @ c["w"]))))),
        (
            "bias updated like a weight",
            lambda c: (_update(c, _err(c))[0], c["b"] + c["eta"] * _err(c) * c["x"].sum()),
        ),
    ],
    hints={
        "flipped sign": "the rule adds eta (t - y) x, target minus output: a sample that should "
        "fire (t = 1) but does not (y = 0) pulls w towards x, and b up",
        "missing eta": "the learning rate is missing: w <- w + eta (t - y) x, b <- b + eta (t - y)",
        "bias not updated": "the bias is a weight on a constant input 1 and learns like one: "
        "b <- b + eta (t - y)",
        "weights not updated": "the weights must move too: w <- w + eta (t - y) x",
    },
    fixed=[_misclassified, _step_at_zero],
    random=_step_random,
    n_random=2,
    sealed=("bplab.rules:perceptron_step", "bplab.rules:train_perceptron"),
)


# ------------------------------------------------------------------ perceptron_learns_and
def perceptron_learns_and(X, t):
    """Train from w = 0, b = 0 with eta = 1, sample by sample, until an epoch makes no mistake."""
    return _train(X, t)


def _train(X, t, *, epochs=100, bias=True):
    """The perceptron's training loop; ``bias=False``: the slip that never moves b."""
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(epochs):
        mistakes = 0
        for x_n, t_n in zip(X, t):
            y = float(step(x_n @ w + b))
            mistakes += int(y != t_n)
            w, b = w + (t_n - y) * x_n, b + (t_n - y) * bias
        if mistakes == 0:
            break
    return w, b


GATES = {  # targets on the rows of bp.datasets.and_()'s X: (0,0), (0,1), (1,0), (1,1)
    "AND": [0.0, 0.0, 0.0, 1.0],
    "OR": [0.0, 1.0, 1.0, 1.0],
    "NAND": [1.0, 1.0, 1.0, 0.0],
    "x1 and not x2": [0.0, 0.0, 1.0, 0.0],
}


def _gate_cases(rng):
    X, _ = and_()
    out = [{"X": X, "T": np.array(GATES["AND"]), "gate": "AND"}]
    for gate in ("OR", "NAND", "x1 and not x2"):
        order = rng.permutation(4)  # the same gate, its samples in another order
        out.append({"X": X[order], "T": np.array(GATES[gate])[order], "gate": gate})
    return out


RETURNS_WB = "(w, b): the weights, an array of 2, and the bias, a number"


def _judge_learns_and(c, got):
    name = "perceptron_learns_and"
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        return Verdict(
            False,
            f"{name}: expected 2 values back, {RETURNS_WB}; got "
            f"{describe(got)}. Likely mistake: wrong return type - return "
            f"{RETURNS_WB}.",
            "wrong return type",
        )
    w, b = np.asarray(got[0], dtype=float), np.asarray(got[1], dtype=float)
    if w.size == 1 and b.size == 2:
        return Verdict(
            False,
            f"{name}: (b, w) came back. Likely mistake: wrong order - "
            f"{hint_for('wrong order')}: return {RETURNS_WB}.",
            "wrong order",
        )
    if w.shape != (2,) or b.size != 1:
        return Verdict(
            False,
            f"{name}: got w of shape {w.shape} and b of shape {b.shape}. "
            f"Likely mistake: wrong return type - return {RETURNS_WB}.",
            "wrong return type",
        )
    b = float(b.reshape(-1)[0])
    X, T = c["X"], c["T"]
    y = step(X @ w + b)
    if np.array_equal(y, T):
        return Verdict(True, f"{name}: correct, every sample is on the right side.")
    wrong = X[y != T].tolist()
    line = f"the line w = {np.round(w, 4).tolist()}, b = {b:.4g}"
    gate = c.get("gate", "the targets")
    X_and, t_and = and_()
    is_and = np.array_equal(step(X_and @ w + b), t_and.ravel())
    if is_and and gate != "AND":
        mistake = "hard-coded answer"
        why = (
            f"{line} computes AND whatever t it is given; here t is {gate} "
            f"({T.tolist()} for the rows {X.tolist()})"
        )
    elif b == 0.0 and np.allclose(w, _train(X, T, bias=False)[0]):
        mistake = "bias not updated"
        why = f"{line} goes through the origin: the bias never moved"
    else:
        mistake = "not trained to zero mistakes"
        why = f"{line} misclassifies {wrong} (targets: {gate})"
    return Verdict(
        False, f"{name}: {why}. Likely mistake: {mistake} - {hint_for(mistake)}.", mistake
    )


LEARNS_AND = Task(
    "perceptron_learns_and",
    "train_perceptron_on(X, t) -> (w, b) that classify AND",
    _gate_cases,
    _judge_learns_and,
    args=("X", "T"),
    reference=perceptron_learns_and,
    uses=("perceptron_predict", "perceptron_step"),
    sealed=("bplab.rules:perceptron_step", "bplab.rules:train_perceptron"),
)


# ------------------------------------------------------------------ xor_conditions
def xor_conditions(w1, w2, theta):
    """1.0 where y = step(w1 x1 + w2 x2 - theta) equals XOR's target, for the inputs (0,0),
    (0,1), (1,0), (1,1): the truth of  theta > 0,  w2 >= theta,  w1 >= theta,  w1 + w2 < theta."""
    X, T = xor()
    return (step(X @ np.array([w1, w2]) - theta) == T.ravel()).astype(float)


def _unit(c, *, sign=-1.0, fire=step):
    X, _ = xor()
    return fire(X @ np.array([c["w1"], c["w2"]]) + sign * c["theta"])


def _meets(c, targets, **unit):
    return (_unit(c, **unit) == np.asarray(targets, dtype=float)).astype(float)


XOR_TARGETS = (0.0, 1.0, 1.0, 0.0)


def _on_the_line(rng):
    """w2 = theta exactly (quarters, so the sum is exact): the unit's net input on (0,1) is 0,
    and step(0) = 1 fires."""
    theta = float(rng.choice([0.25, 0.5, 0.75, 1.0]))
    w1 = float(rng.choice([-1.0, -0.5, 0.25, 0.5, 1.5]))
    return {"w1": w1, "w2": theta, "theta": theta}


def _theta_zero(rng):
    """theta = 0 and w1 = 0: the net input is exactly 0 on (0,0) and on (1,0), where step(0) = 1
    fires; a strict/non-strict slip at (0,0) alone, or at every input, shows."""
    return {"w1": 0.0, "w2": float(rng.choice([0.25, 0.5, 1.0])), "theta": 0.0}


def _sum_on_the_line(rng):
    """w1 + w2 = theta exactly (w1 = 0, w2 = theta, quarters): the net input is 0 on (1,1) and on
    (0,1); a strict/non-strict slip at (1,1) alone, or at every input, shows."""
    theta = float(rng.choice([0.25, 0.5, 0.75, 1.0]))
    return {"w1": 0.0, "w2": theta, "theta": theta}


def _slip_at(c, i):
    """The right conditions, but the one of input i (0: (0,0), 3: (1,1)) written non-strict."""
    out = xor_conditions(c["w1"], c["w2"], c["theta"])
    out[i] = float(c["theta"] >= 0) if i == 0 else float(c["w1"] + c["w2"] <= c["theta"])
    return out


def _one_input_enough(rng):
    """theta > 0 and one weight above it, the other below: the conditions on (0,1) and (1,0)
    differ, so their order shows."""
    theta = float(rng.uniform(0.2, 1.0))
    high, low = theta + float(rng.uniform(0.2, 1.0)), theta - float(rng.uniform(0.2, 1.0))
    w1, w2 = (high, low) if rng.random() < 0.5 else (low, high)
    return {"w1": w1, "w2": w2, "theta": theta}


def _unit_random(rng):
    w1, w2, theta = (float(v) for v in rng.normal(size=3))
    return {"w1": w1, "w2": w2, "theta": theta}


XOR_CONDITIONS = question(
    "xor_conditions",
    "xor_conditions(w1, w2, theta) -> which of XOR's 4 conditions the unit meets, 1.0 or 0.0",
    args=("w1", "w2", "theta"),
    reference=xor_conditions,
    returns="a float array of shape (4,), 1.0 or 0.0 per input (0,0), (0,1), (1,0), (1,1)",
    labels=("conditions",),
    kinds=("array",),
    variants=[
        ("> instead of >=", lambda c: _meets(c, XOR_TARGETS, fire=lambda z: (z > 0) * 1.0)),
        ("threshold added", lambda c: _meets(c, XOR_TARGETS, sign=1.0)),
        ("outputs, not conditions", _unit),
        # before "wrong targets": on the line w1 + w2 = theta, OR's targets give the same
        # numbers as the (1,1) slip; every other case tells them apart, and names OR's there
        ("non-strict at (0,0)", lambda c: _slip_at(c, 0)),
        ("non-strict at (1,1)", lambda c: _slip_at(c, 3)),
        ("wrong targets", lambda c: _meets(c, (0.0, 1.0, 1.0, 1.0))),
        ("wrong targets", lambda c: _meets(c, (0.0, 0.0, 0.0, 1.0))),
        ("inputs in another order", lambda c: _meets(c, XOR_TARGETS)[[0, 2, 1, 3]]),
        ("conditions inverted", lambda c: 1.0 - _meets(c, XOR_TARGETS)),
    ],
    hints={
        "> instead of >=": "a net input of exactly 0 fires: step(0) = 1, so the unit gives 1 on "
        "(0,1) when w2 - theta >= 0, and 0 on (1,1) only when w1 + w2 - theta < 0",
    },
    fixed=[_on_the_line, _one_input_enough, _theta_zero, _sum_on_the_line],
    random=_unit_random,
    n_random=2,
)

TASKS = registry(PREDICT, STEP, LEARNS_AND, XOR_CONDITIONS)
