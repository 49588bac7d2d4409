"""The questions of exercise 06, solving XOR: forward_pass, xor_by_hand, xor_network.

A trained network (``xor_network``) comes back from the sandbox as its parameters and is rebuilt
and run here. It is asked for three times, with rngs from seeds a, b, a: another rng must give
another network and the same rng the same one, or the answer does not use the rng it is given.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from ..activations import ACTIVATIONS, sigmoid, step
from ..datasets import xor
from .base import Task
from .feedback import Verdict, hint_for
from .helpers import describe, question, random_two_layer_case, registry, two_layer_case


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

TASKS = registry(FORWARD_PASS, XOR_BY_HAND, XOR_NETWORK)
