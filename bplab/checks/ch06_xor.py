"""The questions of exercise 06, solving XOR: forward_pass, xor_by_hand, xor_network; and "build it
yourself": deep_forward, deep_backward, deep_train, a sigmoid network of any depth.

A trained network (``xor_network``) comes back from the sandbox as its parameters and is rebuilt
and run here. It is asked for three times, with rngs from seeds a, b, a: another rng must give
another network and the same rng the same one, or the answer does not use the rng it is given.
"""

from __future__ import annotations

import math
from functools import partial

import numpy as np

from .. import network as _network
from ..activations import ACTIVATIONS, d_sigmoid, get_activation, sigmoid, step
from ..datasets import xor
from .base import Task
from .feedback import Verdict, hint_for
from .helpers import (
    _close,
    _try,
    describe,
    question,
    random_two_layer_case,
    registry,
    two_layer_case,
)


# ------------------------------------------------------------------ forward_pass
def forward_pass(W1, b1, W2, b2, X):
    """(H, Y) with H = sigmoid(X @ W1 + b1), Y = sigmoid(H @ W2 + b2)."""
    H = sigmoid(X @ W1 + b1)
    return H, sigmoid(H @ W2 + b2)


def _layers(c, f=sigmoid, g=sigmoid, *, W1="W1", b1="b1", W2="W2", b2="b2", into2=None):
    """(H, Y) of the forward pass with the layers' parts as named (a slip swaps two)."""
    bias1 = 0.0 if b1 == "0" else c[b1]  # "0": that bias left out
    bias2 = 0.0 if b2 == "0" else c[b2]
    H = f(c["X"] @ c[W1] + bias1)
    below = H if into2 is None else c[into2]
    return H, g(below @ c[W2] + bias2)


def _identity(z):
    return z


FORWARD_PASS = question(
    "forward_pass",
    "forward_pass(W1, b1, W2, b2, X) -> (H, Y): hidden and output of a sigmoid 2-layer net",
    args=("W1", "b1", "W2", "b2", "X"),
    reference=forward_pass,
    # bp.MLP's own forward pass would do the work; train_xor still trains with bp.MLP.fit, which
    # runs bplab.network.forward, not these methods
    sealed=("bplab.network:MLP.forward", "bplab.network:MLP.predict"),
    returns="(H, Y): the hidden layer's outputs (N, q) and the network's outputs (N, l)",
    labels=("H", "Y"),
    kinds=("array", "array"),
    variants=[
        ("bias left out", lambda c: _layers(c, b1="0", b2="0")),
        ("bias left out", lambda c: _layers(c, b2="0")),
        ("X and H swapped", lambda c: _layers(c, into2="X")),
        ("W1 and W2 swapped", lambda c: _layers(c, W1="W2", b1="b2", W2="W1", b2="b1")),
        ("W1 and W2 swapped", lambda c: _layers(c, W1="W2", W2="W1")),
        ("activation missing", lambda c: _layers(c, g=_identity)),
        ("activation missing", lambda c: _layers(c, f=_identity)),
        ("wrong activation", lambda c: _layers(c, np.tanh, np.tanh)),
        ("returned the net inputs", lambda c: _layers(c, _identity, _identity)),
        (
            "returned the net inputs",
            lambda c: (c["X"] @ c["W1"] + c["b1"], _layers(c, g=_identity)[1]),
        ),
        ("bias of the wrong layer", lambda c: _layers(c, b2="b1")),
    ],
    hints={
        "activation missing": "each layer's output is sigmoid(its net input): "
        "H = sigmoid(X @ W1 + b1), Y = sigmoid(H @ W2 + b2)",
    },
    fixed=[two_layer_case(4, 3, 3, 3, targets=False), two_layer_case(5, 2, 3, 1, targets=False)],
    random=partial(random_two_layer_case, targets=False),
    n_random=2,
)


# ------------------------------------------------------------------ xor_by_hand
def xor_by_hand():
    """A 2-2-1 step network for XOR: hidden units OR and AND, output OR and not AND."""
    return (
        np.array([[1.0, 1.0], [1.0, 1.0]]),
        np.array([-0.5, -1.5]),
        np.array([[1.0], [-1.0]]),
        np.array([-0.5]),
    )


GATE_OUTPUTS = {  # outputs on (0,0), (0,1), (1,0), (1,1)
    (0, 1, 1, 1): "computes OR",
    (0, 0, 0, 1): "computes AND",
    (1, 1, 1, 0): "computes NAND",
    (1, 0, 0, 0): "computes NOR",
    (1, 0, 0, 1): "computes XNOR",
    (0, 0, 0, 0): "wrong threshold",
    (1, 1, 1, 1): "wrong threshold",
}
RETURNS_HAND = "(W1, b1, W2, b2) with W1 (2, 2), b1 (2,), W2 (2, 1), b2 (1,)"


def _xor_case(rng):
    X, T = xor()
    return [{"X": X, "T": T}]


def _judge_xor_by_hand(c, got):
    name = "xor_by_hand"
    if not isinstance(got, (tuple, list)) or len(got) != 4:
        return Verdict(
            False,
            f"{name}: expected 4 arrays, {RETURNS_HAND}; got {describe(got)}. "
            f"Likely mistake: wrong return type - assign xor_by_hand = "
            f"{RETURNS_HAND.split(' with')[0]}.",
            "wrong return type",
        )
    try:
        W1, b1, W2, b2 = (np.asarray(p, dtype=float) for p in got)
    except (TypeError, ValueError):
        return Verdict(
            False, f"{name}: the four parts must be numbers: {RETURNS_HAND}.", "wrong return type"
        )
    shapes = {
        "W1": (W1.shape, [(2, 2)]),
        "b1": (b1.shape, [(2,)]),
        "W2": (W2.shape, [(2, 1), (2,)]),
        "b2": (b2.shape, [(1,), ()]),
    }
    bad = [f"{k} has shape {s}, not {ok[0]}" for k, (s, ok) in shapes.items() if s not in ok]
    if bad:
        return Verdict(
            False,
            f"{name}: {'; '.join(bad)}. Likely mistake: wrong shape - rows "
            f"are inputs, columns are units: {RETURNS_HAND}.",
            "wrong shape",
        )
    X, T = c["X"], c["T"].ravel()

    def outputs(fire):
        return fire(fire(X @ W1 + b1) @ W2.reshape(2, 1) + b2.reshape(1)).ravel()

    Y = outputs(step)
    if np.array_equal(Y, T):
        return Verdict(True, f"{name}: correct, the outputs are {Y.tolist()}.")
    said = f"{name}: the outputs are {Y.tolist()} for the inputs {X.tolist()}; XOR is {T.tolist()}."
    if np.array_equal(outputs(lambda z: (z > 0).astype(float)), T):
        return Verdict(
            False,
            f"{said} Likely mistake: > instead of >= - a net input is exactly "
            "0 for some input, and step(0) = 1 fires: put each threshold between the "
            "sums that should and should not fire (for example b1 = [-0.5, -1.5]).",
            "> instead of >=",
        )
    mistake = GATE_OUTPUTS.get(tuple(int(v) for v in Y))
    if mistake:
        return Verdict(False, f"{said} Likely mistake: {mistake} - {hint_for(mistake)}.", mistake)
    return Verdict(
        False,
        f"{said} Check which hidden unit fires for which input, then the output unit's weights.",
    )


XOR_BY_HAND = Task(
    "xor_by_hand",
    "(W1, b1, W2, b2) of a 2-2-1 step network that computes XOR",
    _xor_case,
    _judge_xor_by_hand,
    kind="value",
    reference=xor_by_hand,
)


# ------------------------------------------------------------------ xor_network
def train_xor(rng):
    """A 2-8-1 sigmoid network trained on XOR with full-batch gradient descent."""
    from ..network import MLP

    X, T = xor()
    net = MLP([2, 8, 1], activation="sigmoid", rng=rng)
    net.fit(X, T, eta=2.0, epochs=4000, rng=rng, progress=False)
    return net


def _xor_seeds(rng):
    X, T = xor()
    a, b = (int(s) for s in rng.choice(2**31, size=2, replace=False))
    return [{"X": X, "T": T, "seed": s} for s in (a, b, a)]


def network_from_answer(got, name: str, call: str):
    """The bp.MLP described by a "network" answer, rebuilt in the judge's process (or a Verdict
    saying why it cannot be)."""
    from ..network import MLP

    data = got.get("network") if isinstance(got, dict) else None
    if data is None:
        return Verdict(
            False,
            f"{name}: {call} must return a trained bp.MLP, got {describe(got)}. "
            "Likely mistake: wrong return type - return the network itself (fit "
            "returns the history; return net, not net.fit(...)).",
            "wrong return type",
        )
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


def _judge_xor_network(c, got):
    name = "xor_network"
    net = network_from_answer(got, name, "train_xor(rng)")
    if isinstance(net, Verdict):
        return net
    if net.sizes[0] != 2 or net.sizes[-1] != 1:
        return Verdict(
            False,
            f"{name}: the network has sizes {net.sizes}; XOR has 2 inputs and "
            "1 output. Likely mistake: wrong shape - bp.MLP([2, q, 1]).",
            "wrong shape",
        )
    Y = net.predict(c["X"]).reshape(-1)
    if not np.isfinite(Y).all():
        return Verdict(
            False, f"{name}: the network's outputs are not finite: {Y.tolist()}", "not finite"
        )
    T = c["T"].ravel()
    if np.all(np.abs(Y - T) < 0.5):
        return Verdict(True, f"{name}: correct, outputs {np.round(Y, 3).tolist()}.")
    said = (
        f"{name}: outputs {np.round(Y, 3).tolist()} for targets {T.tolist()}: inputs "
        f"{c['X'][np.abs(Y - T) >= 0.5].tolist()} are on the wrong side of 0.5."
    )
    fired = tuple(int(v) for v in (Y >= 0.5))
    if len(net.weights) == 1:
        mistake = "no hidden layer"
    elif GATE_OUTPUTS.get(fired, "").startswith("computes") and fired != (1, 0, 0, 1):
        mistake = "trained on the wrong data"
    else:
        mistake = "not trained enough"
    return Verdict(False, f"{said} Likely mistake: {mistake} - {hint_for(mistake)}.", mistake)


def _same_network(a, b) -> bool:
    try:
        wa = a["network"]["weights"] + a["network"]["biases"]
        wb = b["network"]["weights"] + b["network"]["biases"]
        return len(wa) == len(wb) and all(
            np.shape(x) == np.shape(y) and np.array_equal(x, y) for x, y in zip(wa, wb)
        )
    except (KeyError, TypeError):
        return False


def _judge_xor_rng(cases, values):
    name = "xor_network"
    if _same_network(values[0], values[1]):
        return Verdict(
            False,
            f"{name}: two different rngs gave the very same network. Likely "
            f"mistake: ignored rng - {hint_for('ignored rng')}.",
            "ignored rng",
        )
    if not _same_network(values[0], values[2]):
        return Verdict(
            False,
            f"{name}: the same rng, given twice, gave two different networks "
            "(does it draw from np.random or another source of its own?). Likely "
            f"mistake: ignored rng - {hint_for('ignored rng')}.",
            "ignored rng",
        )
    return None


XOR_NETWORK = Task(
    "xor_network",
    "train_xor(rng) -> a trained network whose predict(X) solves XOR",
    _xor_seeds,
    _judge_xor_network,
    kind="network",
    reference=train_xor,
    judge_all=_judge_xor_rng,
)


# ================================================================== build it yourself
# A network of any depth, written by the student: deep_forward, deep_backward, deep_train. Every
# layer is a sigmoid; E = 1/(2N) sum (t - y)^2 (chapter 05's conventions). The answers are lists
# with one array per layer, so the number of parts changes from case to case: the judge below
# flattens them, [W1, ..., WL, b1, ..., bL, ...], and names a mistake that explains the whole
# answer, else each wrong part. The first case is square (every layer 3 wide, depth 3), so a
# missing transpose or the weights of the wrong layer still multiply and can be named; the second
# is oblong, so none of them hides; then random depths 1 to 4.
#
# The references run bplab.network's formulas (one formula, one place).
#
# What is switched off: the grader removes from the sandbox's package, for a whole notebook, the
# union of its questions' ``sealed`` functions (bplab.grading.grade.sealed_names). Question 3
# (train_xor) trains with bp.MLP.fit, which runs bplab.network's forward, learning_signals,
# weight_changes, descent_step and train, so those cannot be removed; they are switched off in
# memory while a build-it answer runs (``sealed_in_memory``), and everything else that does the
# work is removed, MLP.from_params too (the short way round: MLP.from_params(W, b).fit(...)).
BUILD_SEALED = (
    "bplab.network:MLP.from_params",
    "bplab.network:MLP.forward",
    "bplab.network:MLP.predict",
    "bplab.network:MLP.loss",
    "bplab.network:MLP.backward",
    "bplab.network:MLP.step",
    "bplab.ensemble:MLPStack.predict",
    "bplab.ensemble:MLPStack.losses",
    "bplab.ensemble:MLPStack.fit",
    "bplab.rules:delta_rule_step",
    "bplab.gradcheck:numerical_gradients",
    "bplab.gradcheck:gradient_check",
)
BUILD_SEALED_IN_MEMORY = (
    "bplab.network:MLP.fit",
    "bplab.network:forward",
    "bplab.network:slope",
    "bplab.network:learning_signals",
    "bplab.network:weight_changes",
    "bplab.network:descent_step",
    "bplab.network:train",
)
_SIGMOID = get_activation("sigmoid")


def deep_forward(weights, biases, X):
    """[X, Y1, ..., YL] with Y_h = sigmoid(Y_{h-1} @ W_h + b_h), Y_0 = X."""
    return list(_network.forward(weights, biases, [_SIGMOID] * len(weights), X).outputs)


def deep_backward(weights, biases, X, T):
    """([dE/dW_1, ...], [dE/db_1, ...]) of E = 1/(2N) sum (t - y)^2, sigmoid layers."""
    acts = [_SIGMOID] * len(weights)
    trace = _network.forward(weights, biases, acts, X)
    deltas = _network.learning_signals(weights, acts, trace, T)
    dW, db = _network.weight_changes(trace, deltas, -1.0 / X.shape[0])
    return dW, db


def deep_train(weights, biases, X, T, eta, epochs):
    """(weights, biases, losses) after ``epochs`` full-batch steps W <- W - eta dE/dW,
    b <- b - eta dE/db; losses[k] is E after step k + 1."""
    from ..costs import mse

    losses = []
    for _ in range(epochs):
        dW, db = deep_backward(weights, biases, X, T)
        weights = [W - eta * g for W, g in zip(weights, dW)]
        biases = [b - eta * g for b, g in zip(biases, db)]
        losses.append(mse(deep_forward(weights, biases, X)[-1], T))
    return weights, biases, np.array(losses)


# ------------------------------------------------------------------ cases
def _deep_case(sizes, N, *, train=False):
    def make(rng):
        c = {
            "weights": [rng.normal(size=(a, b)) for a, b in zip(sizes[:-1], sizes[1:])],
            "biases": [rng.normal(size=b) for b in sizes[1:]],
            "X": rng.normal(size=(N, sizes[0])),
            "T": rng.random((N, sizes[-1])),
        }
        if train:
            c["eta"] = float(rng.choice([0.5, 2.0, 3.0]))
            c["epochs"] = int(rng.integers(3, 7))
        return c

    return make


def _deep_random(*, train=False):
    def make(rng):
        sizes = [int(n) for n in rng.integers(1, 5, size=int(rng.integers(2, 6)))]
        return _deep_case(sizes, int(rng.integers(2, 6)), train=train)(rng)

    return make


def _deep_fixed(*, train=False):
    return [_deep_case([3, 3, 3, 3], 4, train=train), _deep_case([2, 4, 1], 5, train=train)]


# ------------------------------------------------------------------ the slips, layer by layer
def _pass(
    c,
    weights=None,
    biases=None,
    *,
    bias=True,
    f=sigmoid,
    f_out=None,
    into_x=False,
    tw=False,
    shift=0,
):
    """(nets, outputs) of the forward pass with the slip the keywords describe."""
    weights = c["weights"] if weights is None else weights
    biases = c["biases"] if biases is None else biases
    X, L = c["X"], len(weights)
    nets, outs = [], [X]
    for h, (W, b) in enumerate(zip(weights, biases)):
        if shift:  # the bias of another layer (biases[h - 1]: the last layer's for the first)
            b = biases[h - shift]
        net = (X if into_x else outs[-1]) @ (W.T if tw else W) + (b if bias else 0.0)
        nets.append(net)
        outs.append((f_out if f_out is not None and h == L - 1 else f)(net))
    return nets, outs


def _signals_with(c, weights, outs, *, out_df=True, hidden_df=True, tw=False, above=1, of_y=False):
    T, L = c["T"], len(weights)

    def df(i):
        # of_y: f' taken of the output, d_sigmoid(Y), at every layer (True), or at the hidden
        # layers only ("hidden"), or at the output layer only ("output")
        at = of_y is True or (of_y == "hidden") == (i < L - 1) and of_y in ("hidden", "output")
        return d_sigmoid(outs[i + 1]) if at else outs[i + 1] * (1 - outs[i + 1])

    deltas = [None] * L
    deltas[-1] = (T - outs[-1]) * (df(L - 1) if out_df else 1.0)
    for i in range(L - 2, -1, -1):
        W = weights[i + above]
        deltas[i] = (deltas[i + 1] @ (W if tw else W.T)) * (df(i) if hidden_df else 1.0)
    return deltas


def _grads_with(
    c,
    *,
    N=None,
    sign=-1.0,
    bias="rows",
    inputs=0,
    only_last=False,
    reverse=False,
    tdW=False,
    **slips,
):
    weights = c["weights"]
    _, outs = _pass(c)
    deltas = _signals_with(c, weights, outs, **slips)
    N = len(c["X"]) if N is None else N
    dW = [sign * outs[i + inputs].T @ d / N for i, d in enumerate(deltas)]
    if bias == "rows":
        db = [sign * d.sum(axis=0) / N for d in deltas]
    elif bias == "mean over N":  # delta.mean(axis=0) / N: the bias's 1/N twice
        db = [sign * d.mean(axis=0) / N for d in deltas]
    elif bias == "none":
        db = [np.zeros_like(b) for b in c["biases"]]
    elif bias == "all":
        db = [sign * d.sum() / N * np.ones_like(b) for d, b in zip(deltas, c["biases"])]
    else:  # "samples": summed over the units, one number per sample
        db = [sign * d.sum(axis=1) / N for d in deltas]
    if only_last:
        dW = [np.zeros_like(W) for W in weights[:-1]] + dW[-1:]
        db = [np.zeros_like(b) for b in c["biases"][:-1]] + db[-1:]
    if tdW:  # delta.T @ Y_prev: every weight gradient transposed
        dW = [g.T for g in dW]
    if reverse:  # appended going down and never turned round: the output layer's first
        dW, db = dW[::-1], db[::-1]
    return dW, db


def _loss(c, weights, biases, *, N=None):
    Y = _pass(c, weights, biases)[1][-1]
    return float(((c["T"] - Y) ** 2).sum() / (2 * (len(c["X"]) if N is None else N)))


def _trained_with(
    c,
    *,
    sign=-1.0,
    biases=True,
    only_last=False,
    stale=False,
    before=False,
    chained=True,
    eta=None,
    loss_N=None,
    step_N=1,
    regrad=False,
    returned_given=False,
):
    eta = c["eta"] if eta is None else eta
    W0, b0 = list(c["weights"]), list(c["biases"])
    Ws, bs, losses = W0, b0, []
    N, L = len(c["X"]), len(W0)
    for _ in range(c["epochs"]):
        start_W, start_b = (Ws, bs) if chained else (W0, b0)
        if before:
            losses.append(_loss(c, start_W, start_b))
        if regrad:  # deep_backward called anew after each layer's update, output layer first
            Ws, bs = list(start_W), list(start_b)
            for i in range(L - 1, -1, -1):
                dW, db = deep_backward(Ws, bs, c["X"], c["T"])
                Ws[i], bs[i] = Ws[i] - eta * dW[i], bs[i] - eta * db[i]
        elif stale:  # each layer updated before the signal goes down through it
            Ws, bs = list(start_W), list(start_b)
            outs = _pass(c, Ws, bs)[1]
            delta = (c["T"] - outs[-1]) * outs[-1] * (1 - outs[-1])
            for i in range(L - 1, -1, -1):
                Ws[i] = Ws[i] + eta * outs[i].T @ delta / N
                bs[i] = bs[i] + eta * delta.sum(axis=0) / N
                if i:
                    delta = (delta @ Ws[i].T) * outs[i] * (1 - outs[i])
        else:
            dW, db = deep_backward(start_W, start_b, c["X"], c["T"])
            Ws = [W + sign * eta * g / step_N for W, g in zip(start_W, dW)]
            bs = [b + sign * eta * g / step_N for b, g in zip(start_b, db)]
            bs = bs if biases else list(start_b)
            if only_last:
                Ws, bs = list(start_W[:-1]) + Ws[-1:], list(start_b[:-1]) + bs[-1:]
        if not before:
            losses.append(_loss(c, Ws, bs, N=loss_N))
    if returned_given:  # trained right, but the lists handed in are returned
        return W0, b0, np.array(losses)
    return Ws, bs, np.array(losses)


def _identity_f(z):
    return z


# ------------------------------------------------------------------ judging lists of layers
def _leaves(value, depth=0):
    """The arrays of a nested answer in order, or None where something else is in it."""
    if isinstance(value, (list, tuple)) and depth < 3:
        out = []
        for v in value:
            sub = _leaves(v, depth + 1)
            if sub is None:
                return None
            out.extend(sub)
        return out
    try:
        return [np.asarray(value, dtype=float)]
    except (TypeError, ValueError):
        return None


def _outline(value) -> str:
    """What came back, with the lengths of the lists inside: "a tuple of 2 (a list of 2, a
    list of 2)"."""
    if isinstance(value, (list, tuple)):
        head = f"a {type(value).__name__} of {len(value)}"
        inner = [v for v in value if isinstance(v, (list, tuple))]
        if inner and len(value) <= 4:
            return (
                head
                + " ("
                + ", ".join(
                    f"a {type(v).__name__} of {len(v)}"
                    if isinstance(v, (list, tuple))
                    else describe(v)
                    for v in value
                )
                + ")"
            )
        return head
    return describe(value)


def _container_advice(got, spec) -> str:
    """What to change so that the containers of an answer fit ``spec``."""
    parts = [got] if len(spec) == 1 else got
    if not isinstance(parts, (tuple, list)):
        return f"return {len(spec)} values, in the order asked"
    if len(parts) != len(spec):
        return f"return {len(spec)} values, not {len(parts)}, in the order asked"
    for part, (labels, is_list) in zip(parts, spec):
        n = len(labels)
        if is_list and not isinstance(part, (tuple, list)):
            return f"a list of {n} arrays, not {describe(part)}"
        if is_list and len(part) != n:
            first = "X, then " if len(spec) == 1 else ""
            return (
                f"{n} arrays in that list here, not {len(part)} ({first}one per layer, made by a "
                "loop over the layers: the checks draw networks of 1 to 4 layers)"
            )
    return "one array per layer, in lists"


def _same_leaves(a, b) -> bool:
    la, lb = _leaves(a), _leaves(b)
    return (
        la is not None
        and lb is not None
        and len(la) == len(lb)
        and all(_close(x, y) for x, y in zip(la, lb))
    )


def _unpack(got, spec):
    """The parts of an answer shaped as ``spec`` says ([(labels, is a list), ...]), flat, or
    None when its containers do not fit."""
    parts = [got] if len(spec) == 1 else got
    if not isinstance(parts, (tuple, list)) or len(parts) != len(spec):
        return None
    flat = []
    for part, (labels, is_list) in zip(parts, spec):
        if is_list:
            if not isinstance(part, (tuple, list)) or len(part) != len(labels):
                return None
            flat.extend(part)
        else:
            if isinstance(part, (list, tuple)):  # E per epoch as a Python list is fine
                try:
                    part = np.asarray(part, dtype=float)
                except (TypeError, ValueError):
                    return None
            flat.append(part)
    return tuple(flat)


# How near a gradient must be, where the question is to write backprop (``exact=True``): its
# largest error over its largest value. Measured on the cases of 20 seeds (the answers of
# tests/checks/heldout_numerical.py): right answers written seven ways, long double and
# complex-step differentiation among them, are off by at most 8e-15; central differences by at
# least 2e-11 (the best step, h = 1e-5), forward differences and float32 arithmetic by 2e-8 or
# more. An answer off by less than NEAR (beyond the usual tolerance) is told the same: the
# catalogued mistakes, where they differ from the gradient at all, differ by 4e-4 or more (200
# seeds), and finite differences with h = 1e-3 or forward differences by at most 4e-5.
EXACT = 1e-12
NEAR = 1e-4


def _relative_error(got, expected) -> float:
    """max |got - expected| over max |expected|, over all the arrays of an answer (inf where an
    array has another shape or is not numbers)."""
    try:
        pairs = [
            (np.asarray(g, dtype=float), np.asarray(e, dtype=float)) for g, e in zip(got, expected)
        ]
    except (TypeError, ValueError):
        return math.inf
    if len(pairs) != len(expected) or any(g.shape != e.shape for g, e in pairs):
        return math.inf
    scale = max(float(np.abs(e).max(initial=0.0)) for _, e in pairs)
    off = max(float(np.abs(g - e).max(initial=0.0)) for g, e in pairs)
    return off / scale if scale > 0 else off


def _layered(
    name,
    what,
    *,
    args,
    reference,
    spec,
    returns,
    variants,
    hints,
    fixed,
    random,
    n_random,
    groups=None,
    uses=(),
    sealed=(),
    sealed_in_memory=(),
    exact=False,
):
    """A Task whose answer has one array per layer (see the comment above ``BUILD_SEALED``).

    ``spec(case)``: [(labels, is a list)]; ``groups``: the name of each entry of spec, for
    per-part credit (one part per group). ``exact``: an answer must also agree with the
    reference to EXACT x its largest value (see there), else it is "not exact: a numerical
    gradient?"."""
    from .feedback import MISTAKES, compare
    from .helpers import HINTS, VARIANTS, make_cases, type_problem

    unknown = [m for m, _ in variants if m not in MISTAKES] + [
        m for m in hints if m not in MISTAKES
    ]
    if unknown:
        raise ValueError(f"question {name}: mistakes not in the catalogue: {unknown}")

    def expected(c):
        return _unpack(reference(*[c[a] for a in args]), spec(c))

    def flat_variant(fn):
        def flat(c):
            value = fn(c)
            return tuple(_leaves(value) or ())

        return flat

    def cases(rng):
        return make_cases(
            rng,
            fixed=fixed,
            random=random,
            n_random=n_random,
            expected=expected,
            variants=[(m, flat_variant(fn)) for m, fn in variants],
        )

    def named(mistake, got_part, exp_part, label, summary=""):
        v = compare(got_part, exp_part, name=label, mistakes={mistake: got_part}, hints=hints)
        message = (
            v.message
            if v.mistake
            else (
                f"{label}: not the expected values. Likely mistake: {mistake} - "
                f"{hint_for(mistake, hints)}."
            )
        )
        return message + summary

    def judge(c, got):
        sp = spec(c)
        labels = [lab for labs, _ in sp for lab in labs]
        exp = expected(c)
        L = len(c["weights"])
        if got is None:
            return Verdict(
                False,
                f"{name}: nothing came back (the function returned None). Did you "
                f"forget the `return`? Return {returns}.",
            )
        flat = _unpack(got, sp)
        wrong = []
        for mistake, fn in variants:
            value = _try(fn, c)
            if value is not None:
                wrong.append((mistake, value))
        if flat is None:
            for mistake, value in wrong:
                if _same_leaves(value, got):
                    return Verdict(
                        False,
                        f"{name}: got {describe(got)} for a network of {L} layer"
                        f"{'s' * (L != 1)}. Likely mistake: {mistake} - "
                        f"{hint_for(mistake, hints)}. Return {returns}.",
                        mistake,
                    )
            return Verdict(
                False,
                f"{name}: for a network of {L} layer{'s' * (L != 1)} expected {returns}; got "
                f"{_outline(got)}. Likely mistake: wrong return type - "
                f"{_container_advice(got, sp)}.",
                "wrong return type",
            )
        right = [_close(g, e) for g, e in zip(flat, exp)]
        parts, at = {}, 0
        for g_name, (labs, _) in zip(groups or [name], sp):
            parts[g_name] = all(right[at : at + len(labs)])
            at += len(labs)
        details = {"parts": parts} if groups else {}

        def fail(message, mistake=None):
            return Verdict(False, message, mistake, dict(details))

        def inexact():
            return Verdict(
                False,
                f"{name}: every value is close to the gradient, but off by up to "
                f"{_relative_error(flat, exp):.0e} of its largest value. Likely mistake: not "
                f"exact: a numerical gradient? - "
                f"{hint_for('not exact: a numerical gradient?', hints)}.",
                "not exact: a numerical gradient?",
                {"parts": {g: False for g in parts}} if groups else {},
            )

        def typed():
            for lab, g, e in zip(labels, flat, exp):
                problem = type_problem(g, "array", e)
                if problem:
                    return fail(
                        f"{name} ({lab}): got {describe(g)}. Likely mistake: wrong return type - "
                        f"{problem}.",
                        "wrong return type",
                    )
            return None

        if all(right):
            t = typed()
            if t is not None:
                return t
            if exact and _relative_error(flat, exp) > EXACT:
                return inexact()
            return Verdict(True, f"{name}: correct.")
        first = right.index(False)
        summary = f"\n  (wrong: {', '.join(lab for lab, ok in zip(labels, right) if not ok)})"
        for mistake, value in wrong:  # one mistake that explains the whole answer
            v_flat = _unpack(value, sp)
            if v_flat is not None and all(_close(g, w) for g, w in zip(flat, v_flat)):
                return fail(
                    named(mistake, flat[first], exp[first], f"{name} ({labels[first]})", summary),
                    mistake,
                )
        t = typed()
        if t is not None:
            return t
        if exact and _relative_error(flat, exp) < NEAR:
            return inexact()
        own = []
        for mistake, value in wrong:
            v_flat = _unpack(value, sp)
            if v_flat is not None and not _close(v_flat[first], exp[first]):
                own.append((mistake, v_flat[first]))
        v = compare(
            flat[first], exp[first], name=f"{name} ({labels[first]})", mistakes=own, hints=hints
        )
        return fail(v.message + summary, v.mistake)

    task = Task(
        name,
        what,
        cases,
        judge,
        args=tuple(args),
        reference=reference,
        uses=tuple(uses),
        sealed=tuple(sealed),
        sealed_in_memory=tuple(sealed_in_memory),
    )
    VARIANTS[name] = tuple(variants)
    HINTS[name] = dict(hints)
    return task


def _forward_spec(c):
    L = len(c["weights"])
    return [(["Y0 = X"] + [f"Y{h}" for h in range(1, L + 1)], True)]


def _grad_spec(c):
    L = range(1, len(c["weights"]) + 1)
    return [([f"dE/dW{h}" for h in L], True), ([f"dE/db{h}" for h in L], True)]


def _train_spec(c):
    L = range(1, len(c["weights"]) + 1)
    return [([f"W{h}" for h in L], True), ([f"b{h}" for h in L], True), (["losses"], False)]


DEEP_FORWARD = _layered(
    "deep_forward",
    "deep_forward(weights, biases, X) -> [X, Y1, ..., YL], every layer a sigmoid",
    args=("weights", "biases", "X"),
    reference=deep_forward,
    spec=_forward_spec,
    returns="a list of L + 1 arrays [X, Y1, ..., YL], Y_h of shape (N, n_h)",
    variants=[
        ("bias left out", lambda c: _pass(c, bias=False)[1]),
        ("bias of the wrong layer", lambda c: _pass(c, shift=1)[1]),
        ("input missing from the list", lambda c: _pass(c)[1][1:]),
        ("returned the net inputs", lambda c: _pass(c, f=_identity_f)[1]),
        ("returned the net inputs", lambda c: [c["X"], *_pass(c)[0]]),
        ("activation missing", lambda c: _pass(c, f_out=_identity_f)[1]),
        ("wrong activation", lambda c: _pass(c, f=np.tanh)[1]),
        ("X and H swapped", lambda c: _pass(c, into_x=True)[1]),
        ("missing transpose", lambda c: _pass(c, tw=True)[1]),
    ],
    hints={
        "X and H swapped": "each layer takes the output of the layer below: Y_h = sigmoid(Y_{h-1} "
        "@ W_h + b_h), Y_0 = X - not X again",
        "missing transpose": "rows are samples and W_h is (n_{h-1}, n_h): Y_{h-1} @ W_h, no .T",
        "activation missing": "the output layer is a sigmoid too: every Y_h = sigmoid(net_h)",
        "bias of the wrong layer": "each layer adds its own bias: weights[i] goes with biases[i] "
        "(zip(weights, biases) pairs them)",
    },
    fixed=_deep_fixed(),
    random=_deep_random(),
    n_random=3,
    sealed=BUILD_SEALED,
    sealed_in_memory=BUILD_SEALED_IN_MEMORY,
)

DEEP_BACKWARD = _layered(
    "deep_backward",
    "deep_backward(weights, biases, X, T) -> ([dE/dW1, ...], [dE/db1, ...]), sigmoid layers",
    args=("weights", "biases", "X", "T"),
    reference=deep_backward,
    spec=_grad_spec,
    groups=("dE/dW", "dE/db"),
    exact=True,
    returns="(dW, db): two lists of L arrays, dW[i] shaped like weights[i], db[i] like biases[i]",
    variants=[
        ("output f' missing", lambda c: _grads_with(c, out_df=False)),
        ("hidden f' missing", lambda c: _grads_with(c, hidden_df=False)),
        ("missing transpose", lambda c: _grads_with(c, tw=True)),
        ("forgotten 1/N", lambda c: _grads_with(c, N=1)),
        ("1/N twice", lambda c: _grads_with(c, N=len(c["X"]) ** 2)),
        ("1/N twice", lambda c: _grads_with(c, bias="mean over N")),
        ("flipped sign", lambda c: _grads_with(c, sign=1.0)),
        ("bias summed over the wrong axis", lambda c: _grads_with(c, bias="all")),
        ("bias summed over the wrong axis", lambda c: _grads_with(c, bias="samples")),
        ("bias gradient missing", lambda c: _grads_with(c, bias="none")),
        ("weights of the wrong layer", lambda c: _grads_with(c, above=0)),
        ("derivative applied to the activated output", lambda c: _grads_with(c, of_y=True)),
        ("derivative applied to the activated output", lambda c: _grads_with(c, of_y="hidden")),
        ("inputs of the wrong layer", lambda c: _grads_with(c, inputs=1)),
        ("only the last layer", lambda c: _grads_with(c, only_last=True)),
        ("layers in reverse order", lambda c: _grads_with(c, reverse=True)),
        ("missing transpose", lambda c: _grads_with(c, tdW=True)),
    ],
    hints={
        "flipped sign": "with delta = (T - Y) f'(net), which points downhill, the gradient is "
        "dE/dW_h = -(1/N) Y_{h-1}.T @ delta_h and dE/db_h = -(1/N) delta_h.sum(axis=0): keep "
        "the minus",
        "forgotten 1/N": "E averages over the N samples: every gradient carries 1/N, "
        "N = X.shape[0]",
        "1/N twice": "the 1/N of the mean is taken once: -(1/N) Y_{h-1}.T @ delta_h and "
        "-delta_h.sum(axis=0) / N (or -delta_h.mean(axis=0), which already divides by N) - "
        "not a second division on top",
        "derivative applied to the activated output": "with Y_h = sigmoid(net_h) already "
        "computed, f'(net_h) = Y_h * (1 - Y_h); bp.d_sigmoid(Y_h) differentiates a second time "
        "(at every layer where you wrote it)",
        "only the last layer": "every layer has a gradient: carry delta down from the output "
        "layer to the first, delta_h = (delta_{h+1} @ W_{h+1}.T) * Y_h (1 - Y_h)",
        "missing transpose": "a layer passes its signal down through W.T, delta_{h+1} @ "
        "W_{h+1}.T, shape (N, n_h); and a weight gradient is Y_{h-1}.T @ delta_h, shaped like "
        "W_h (n_{h-1}, n_h), not delta_h.T @ Y_{h-1}",
        "layers in reverse order": "dW[0] and db[0] belong to the first layer (weights[0]), the "
        "last ones to the output layer: lists appended going down come out reversed - fill "
        "dW[i] by its index, or reverse the lists at the end",
    },
    fixed=_deep_fixed(),
    random=_deep_random(),
    n_random=3,
    uses=("deep_forward",),
    sealed=BUILD_SEALED,
    sealed_in_memory=BUILD_SEALED_IN_MEMORY,
)

DEEP_TRAIN = _layered(
    "deep_train",
    "deep_train(weights, biases, X, T, eta, epochs) -> (weights, biases, losses)",
    args=("weights", "biases", "X", "T", "eta", "epochs"),
    reference=deep_train,
    spec=_train_spec,
    groups=("weights", "biases", "losses"),
    returns="(weights, biases, losses): the trained lists of L arrays each, and E after each "
    "epoch, an array of shape (epochs,)",
    variants=[
        ("flipped sign", lambda c: _trained_with(c, sign=1.0)),
        ("bias not updated", lambda c: _trained_with(c, biases=False)),
        # before "only the last layer", whose first layers are the given ones too
        ("returned the given weights", lambda c: _trained_with(c, returned_given=True)),
        ("only the last layer", lambda c: _trained_with(c, only_last=True)),
        ("updated weights used for the signal below", lambda c: _trained_with(c, stale=True)),
        ("updated weights used for the signal below", lambda c: _trained_with(c, regrad=True)),
        ("loss before the step", lambda c: _trained_with(c, before=True)),
        ("steps not chained", lambda c: _trained_with(c, chained=False)),
        ("missing eta", lambda c: _trained_with(c, eta=1.0)),
        ("forgotten 1/N", lambda c: _trained_with(c, loss_N=1)),
        ("1/N twice", lambda c: _trained_with(c, step_N=len(c["X"]))),
    ],
    hints={
        "flipped sign": "a descent step goes against the gradient: W <- W - eta * dE/dW (and the "
        "same for b); with + the loss grows",
        "bias not updated": "the biases learn like the weights: b <- b - eta * dE/db, every layer",
        "only the last layer": "every layer learns: update every W_h and b_h in each step, not "
        "only the output layer's",
        "steps not chained": "each step must start from the weights the previous step produced "
        "(weights = [W - eta * g ...]), so that the epochs are a chain of steps",
        "missing eta": "the step is eta times the gradient: W <- W - eta * dE/dW",
        "forgotten 1/N": "E = 1/(2N) sum (t - y)^2: the loss of each epoch is averaged over the "
        "N samples",
        "1/N twice": "dE/dW already carries the 1/N of the mean: the step is W - eta * dE/dW, "
        "with no second division by N",
        "updated weights used for the signal below": "one step takes the whole gradient at the "
        "weights it starts from - one deep_backward call per epoch - and only then updates every "
        "layer; a layer updated before the gradient below it is taken changes that gradient",
    },
    fixed=_deep_fixed(train=True),
    random=_deep_random(train=True),
    n_random=2,
    uses=("deep_forward", "deep_backward"),
    sealed=BUILD_SEALED,
    sealed_in_memory=BUILD_SEALED_IN_MEMORY,
)

TASKS = registry(FORWARD_PASS, XOR_BY_HAND, XOR_NETWORK, DEEP_FORWARD, DEEP_BACKWARD, DEEP_TRAIN)
