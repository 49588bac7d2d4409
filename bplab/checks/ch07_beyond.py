"""The questions of exercise 07, beyond XOR: he_std, layer_deltas, accuracy.

He's starting scale std_h = sqrt(2 / n_in) for the weights of layer h; the size ||delta^h|| of the
learning signal in every layer of a deep network (chapter 07, section 1: zero biases, hidden units
``activation``, a sigmoid output); the accuracy of a classifier whose prediction is the output with
the largest value (section 2).

The first case of layer_deltas has every layer 3 wide, so a transpose left out still multiplies
and can be named; the ReLU cases hold a row of zeros, so that with zero biases every hidden net
input of that row is exactly 0, where the course's convention f'(0) = 0 (bp.d_relu) matters.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..activations import get_activation, relu, sigmoid
from ..network import MLP
from .helpers import question, registry

# chapter 05's backward pass, and chapter 07's helpers that measure these very things
SEALED = (
    "bplab.network:MLP.backward",
    "bplab.network:MLP.step",
    "bplab.network:MLP.fit",
    "bplab.network:learning_signals",
    "bplab.network:weight_changes",
    "bplab.network:descent_step",
    "bplab.gradcheck:numerical_gradients",
    "bplab.chapters.experiments:layer_gradient_norms",
    "bplab.chapters.experiments:gradient_norms_by_depth",
)


# ------------------------------------------------------------------ he_std
def he_std(sizes):
    """He's standard deviation sqrt(2 / n_in) of each layer's weights, for layer sizes
    [n_0, n_1, ..., n_L]: an array of L numbers."""
    sizes = np.asarray(sizes, dtype=float)
    return np.sqrt(2.0 / sizes[:-1])


def _sizes(n):
    def make(rng):
        return {"sizes": rng.integers(2, 400, size=n)}

    return make


def _sizes_random(rng):
    return _sizes(int(rng.integers(2, 7)))(rng)


def _ins(c):
    return np.asarray(c["sizes"][:-1], dtype=float)


def _outs(c):
    return np.asarray(c["sizes"][1:], dtype=float)


HE_STD = question(
    "he_std",
    "he_std(sizes) -> He's standard deviation of every layer's weights, shape (L,)",
    args=("sizes",),
    reference=he_std,
    returns="an array of L standard deviations, one per layer of weights",
    labels=("std",),
    kinds=("array",),
    variants=[
        ("Glorot's scale", lambda c: np.sqrt(2.0 / (_ins(c) + _outs(c)))),
        ("Glorot's scale", lambda c: np.sqrt(6.0 / (_ins(c) + _outs(c)))),
        ("n_out for n_in", lambda c: np.sqrt(2.0 / _outs(c))),
        ("variance for the standard deviation", lambda c: 2.0 / _ins(c)),
        ("LeCun's scale", lambda c: np.sqrt(1.0 / _ins(c))),
        ("one value per size", lambda c: np.sqrt(2.0 / np.asarray(c["sizes"], dtype=float))),
    ],
    fixed=[_sizes(4)],
    random=_sizes_random,
    n_random=3,
    sealed=("bplab.chapters.experiments:he_weights",),
)


# ------------------------------------------------------------------ layer_deltas
def layer_deltas(weights, X, T, activation):
    """||delta^h|| (Frobenius, over the batch) of every layer h = 0 .. L-1 of the network with
    these weights, zero biases, hidden units ``activation`` and a sigmoid output, on (X, T)."""
    net = MLP.from_params(
        list(weights), [np.zeros(W.shape[1]) for W in weights], activation, "sigmoid"
    )
    g = net.backward(net.forward(X), T)
    return np.array([np.linalg.norm(d) for d in g.deltas])


def _deltas(
    c,
    *,
    hidden_df=None,
    out_df=None,
    transpose=True,
    per_sample=False,
    out_act=False,
    above=1,
):
    """The deltas with the slips the keywords describe; ``hidden_df(net, Y)`` and
    ``out_df(net, Y)`` compute f' from a layer's net input and output; ``out_act``: the output
    layer uses ``activation`` too (its f and f'); ``above=0``: the signal goes down through the
    layer's own weights, not those above it."""
    act = get_activation(c["activation"])
    weights, X, T = c["weights"], c["X"], c["T"]
    nets, outs = [], [X]
    for h, W in enumerate(weights):
        nets.append(outs[-1] @ W)
        last = h == len(weights) - 1 and not out_act
        outs.append(sigmoid(nets[-1]) if last else act.f(nets[-1]))
    if out_act and out_df is None:
        out_df = lambda net, Y: act.df(net)  # noqa: E731
    out_df = out_df or (lambda net, Y: Y * (1 - Y))
    hidden_df = hidden_df or (lambda net, Y: act.df(net))
    delta = (T - outs[-1]) * out_df(nets[-1], outs[-1])
    deltas = [delta]
    for h in range(len(weights) - 2, -1, -1):
        W = weights[h + above]
        delta = (delta @ (W.T if transpose else W)) * hidden_df(nets[h], outs[h + 1])
        deltas.append(delta)
    deltas = deltas[::-1]
    if per_sample:
        deltas = [d / len(X) for d in deltas]
    return deltas, outs


def _norms(deltas):
    return np.array([np.linalg.norm(d) for d in deltas])


def _with(**how):
    return lambda c: _norms(_deltas(c, **how)[0])


def _dW_norms(c):
    deltas, outs = _deltas(c)
    return np.array([np.linalg.norm(Y.T @ d) / len(c["X"]) for Y, d in zip(outs[:-1], deltas)])


def _net_case(sizes, activation, *, zero_row=False, N=5):
    def make(rng):
        act = activation or str(rng.choice(["sigmoid", "relu"]))
        scale = 2.0 if act == "relu" else 1.0
        weights = [
            rng.normal(size=(a, b)) * np.sqrt(scale / a) for a, b in zip(sizes[:-1], sizes[1:])
        ]
        X = rng.normal(size=(N, sizes[0]))
        if zero_row or act == "relu":
            X[int(rng.integers(N))] = 0.0
        return {
            "weights": weights,
            "X": X,
            "T": (rng.random((N, sizes[-1])) < 0.5).astype(float),
            "activation": act,
        }

    return make


def _net_random(rng):
    depth = int(rng.integers(3, 6))
    sizes = [int(rng.integers(2, 6)) for _ in range(depth)] + [int(rng.integers(1, 3))]
    return _net_case(sizes, None, N=int(rng.integers(3, 7)))(rng)


def _relu_slope_at_0(net, Y):
    return (net >= 0).astype(float)


LAYER_DELTAS = question(
    "layer_deltas",
    "layer_deltas(weights, X, T, activation) -> ||delta|| of every layer, input side first",
    args=("weights", "X", "T", "activation"),
    reference=layer_deltas,
    returns="an array of L norms ||delta^h||, index 0 next to the input",
    labels=("norms",),
    kinds=("array",),
    variants=[
        ("layers in reverse order", lambda c: layer_deltas(**_args(c))[::-1]),
        ("missing transpose", _with(transpose=False)),
        ("missing f'", _with(hidden_df=lambda net, Y: 1.0)),
        ("missing f'", _with(out_df=lambda net, Y: 1.0)),
        (
            "derivative applied to the activated output",
            lambda c: _norms(
                _deltas(
                    c,
                    hidden_df=lambda net, Y: get_activation(c["activation"]).df(Y),
                    out_df=lambda net, Y: sigmoid(Y) * (1 - sigmoid(Y)),
                )[0]
            ),
        ),
        (  # ... at the hidden layers only
            "derivative applied to the activated output",
            lambda c: _norms(
                _deltas(c, hidden_df=lambda net, Y: get_activation(c["activation"]).df(Y))[0]
            ),
        ),
        (  # ... at the output layer only
            "derivative applied to the activated output",
            _with(out_df=lambda net, Y: sigmoid(Y) * (1 - sigmoid(Y))),
        ),
        ("ReLU's slope at 0", _with(hidden_df=_relu_slope_at_0)),
        ("activation ignored", lambda c: layer_deltas(**{**_args(c), "activation": "sigmoid"})),
        ("activation ignored", _with(hidden_df=lambda net, Y: sigmoid(net) * (1 - sigmoid(net)))),
        ("activation ignored", _with(hidden_df=lambda net, Y: Y * (1 - Y))),
        ("activation at the output", _with(out_act=True)),
        ("weights of the wrong layer", _with(above=0)),
        ("norm of dE/dW for delta", _dW_norms),
        ("extra 1/N", _with(per_sample=True)),
    ],
    hints={
        "missing f'": "every layer's delta has its own f'(net): the output's is the sigmoid's "
        "Y(1 - Y), each hidden layer's is the derivative of `activation` at its net input",
        "missing transpose": "the signal goes down through W.T: delta_h = (delta_{h+1} @ "
        "W_{h+1}.T) * f'(net_h)",
        "derivative applied to the activated output": "f' takes the net input: "
        "bp.d_sigmoid(net) or bp.d_relu(net), not f' of the layer's output",
        "extra 1/N": "delta has one row per sample and no 1/N; the 1/N belongs to dE/dW",
        "activation ignored": "the hidden layers use `activation`, its f in the forward pass and "
        "its f' at the net input in the backward pass; only the output layer is a sigmoid",
    },
    fixed=[
        _net_case([3, 3, 3, 3, 3], "sigmoid", N=3),
        _net_case([4, 5, 5, 4, 1], "relu", N=5),
        _net_case([3, 4, 4, 2], "sigmoid", N=4),
    ],
    random=_net_random,
    n_random=2,
    sealed=SEALED,
)


def _args(c):
    return {k: c[k] for k in ("weights", "X", "T", "activation")}


def _described(task):
    """The task with a judge that, on a failure, says which network the case was."""
    judge = task.judge

    def described(c, got):
        v = judge(c, got)
        if not v:
            sizes = [c["weights"][0].shape[0]] + [W.shape[1] for W in c["weights"]]
            v.message += (
                f"\n  This test case: activation = {c['activation']!r}, layer sizes {sizes}, "
                f"N = {len(c['X'])} samples."
            )
            if v.mistake is None:
                v.message += (
                    " Each entry is np.linalg.norm(delta_h), the square root of the sum of the "
                    "squares of all N x n_h entries of that layer's delta."
                )
        return v

    return replace(task, judge=described)


# ------------------------------------------------------------------ accuracy
def accuracy(Y, labels):
    """The fraction of rows whose largest output is the right class, mean(argmax_j Y[n, j] ==
    labels[n]). Y (N, n_classes), labels (N,) of ints."""
    return float(np.mean(np.argmax(Y, axis=1) == labels))


def _scores(N, k):
    def make(rng):
        for _ in range(100):
            Y = rng.random((N, k))
            labels = rng.integers(0, k, size=N)
            right = rng.random(N) < 0.6  # about 60 % right, so that neither 0 nor 1 hides a slip
            Y[right, labels[right]] += 1.0
            # neither all right nor all wrong (an answer of 0 or 1 says little); in a square
            # case the argmax down the columns gets some right, so that an accuracy of 0
            # (comparing the largest VALUE with the label) is not taken for it
            acc = np.mean(np.argmax(Y, axis=1) == labels)
            if 0 < acc < 1 and (N != k or 0 < np.mean(np.argmax(Y, axis=0) == labels) < 0.5):
                break
        return {"Y": relu(Y), "labels": labels}

    return make


def _scores_random(rng):
    return _scores(int(rng.integers(5, 30)), int(rng.integers(2, 11)))(rng)


def _right(c):
    return np.argmax(c["Y"], axis=1) == c["labels"]


ACCURACY = question(
    "accuracy",
    "accuracy(Y, labels) -> the fraction of samples whose largest output is their label",
    args=("Y", "labels"),
    reference=accuracy,
    returns="one number between 0 and 1",
    labels=("accuracy",),
    kinds=("number",),
    variants=[
        (
            "argmax over the wrong axis",
            lambda c: float(np.mean(np.argmax(c["Y"], axis=0) == c["labels"])),
        ),
        ("percent for a fraction", lambda c: 100 * float(np.mean(_right(c)))),
        ("count for a fraction", lambda c: float(np.sum(_right(c)))),
        ("error rate for accuracy", lambda c: 1.0 - float(np.mean(_right(c)))),
    ],
    fixed=[_scores(6, 6), _scores(12, 10)],
    random=_scores_random,
    n_random=2,
    sealed=("bplab.chapters.experiments:accuracy",),
)

TASKS = registry(HE_STD, _described(LAYER_DELTAS), ACCURACY)
