"""Every named mistake is recognised: feed the wrong answer, the message must name it."""

import numpy as np
import pytest
import sympy as sp

import bplab as bp
from bplab import check
from bplab.feedback import MISTAKES, CheckFailed, compare
from bplab.tasks import TASKS

sig, dsig = bp.sigmoid, bp.d_sigmoid


# ---- right answers, written as a student would
def perceptron_step(w, b, x, t, eta):
    y = float(x @ w + b >= 0)
    return w + eta * (t - y) * x, b + eta * (t - y)


def perceptron_predict(w, b, X):
    return (X @ w + b >= 0).astype(float)


def train_and(X, t):
    run = bp.train_perceptron(X, t, eta=1.0)
    return run.w, run.b


def mse(Y, T):
    return ((T - Y) ** 2).sum() / (2 * len(Y))


def mse_gradient(Y, T):
    return (Y - T) / len(Y)


def gd_step(A, y, theta, alpha):
    return theta - alpha * A.T @ (A @ theta - y) / len(y)


def sgd_epoch(A, y, theta, alpha, order):
    for n in order:
        theta = theta - alpha * A[n] * (A[n] @ theta - y[n])
    return theta


def minibatch_epoch(A, y, theta, alpha, order, k):
    for s in range(0, len(order), k):
        idx = order[s : s + k]
        theta = gd_step(A[idx], y[idx], theta, alpha)
    return theta


def delta(W, b, X, T):
    net = X @ W + b
    return (T - sig(net)) * dsig(net)


def delta_rule_step(W, b, X, T, eta):
    D = delta(W, b, X, T)
    return W + eta * X.T @ D / len(X), b + eta * D.mean(axis=0)


def output_delta(net, Y, T):
    return (T - Y) * Y * (1 - Y)


def hidden_delta(delta_next, W_next, net):
    return delta_next @ W_next.T * dsig(net)


def backward(W1, b1, W2, b2, X, T):
    net = bp.MLP.from_params([W1, W2], [b1, b2])
    g = net.backward(net.forward(X), T)
    return g.dW[0], g.db[0], g.dW[1], g.db[1]


def neuron_gradient(w, b, x, t):
    y = sig(x @ w + b)
    g = -(t - y) * y * (1 - y)
    return g * x, g


def forward_pass(W1, b1, W2, b2, X):
    H = sig(X @ W1 + b1)
    return H, sig(H @ W2 + b2)


def train_xor(rng):
    X, T = bp.datasets.xor()
    net = bp.MLP([2, 4, 1], rng=rng)
    net.fit(X, T, eta=2.0, epochs=3000)
    return net


w_, x_, b_, t_ = sp.symbols("w x b t")
y_ = 1 / (1 + sp.exp(-(w_ * x_ + b_)))
XOR_BY_HAND = ([[1, 1], [1, 1]], [-0.5, -1.5], [[1], [-1]], [-0.5])

RIGHT = {
    "perceptron_step": perceptron_step,
    "perceptron_predict": perceptron_predict,
    "perceptron_learns_and": train_and,
    "mse": mse,
    "mse_gradient": mse_gradient,
    "sym_neuron_gradient": sp.diff((t_ - y_) ** 2 / 2, w_),
    "gd_step": gd_step,
    "sgd_epoch": sgd_epoch,
    "minibatch_epoch": minibatch_epoch,
    "delta": delta,
    "delta_rule_step": delta_rule_step,
    "output_delta": output_delta,
    "hidden_delta": hidden_delta,
    "backward": backward,
    "xor_network": train_xor,
    "xor_by_hand": XOR_BY_HAND,
    "neuron_gradient": neuron_gradient,
    "forward_pass": forward_pass,
}

# ---- wrong answers, each with the mistake its message must name
WRONG = [
    (
        "perceptron_step",
        lambda w, b, x, t, eta: (perceptron_step(w, b, x, t, eta)[0], b),
        "bias not updated",
    ),
    (
        "perceptron_step",
        lambda w, b, x, t, eta: (
            2 * w - perceptron_step(w, b, x, t, eta)[0],
            2 * b - perceptron_step(w, b, x, t, eta)[1],
        ),
        "flipped sign",
    ),
    ("mse", lambda Y, T: ((T - Y) ** 2).sum() / 2, "forgotten 1/N"),
    ("mse", lambda Y, T: ((T - Y) ** 2).sum() / len(Y), "missing 1/2"),
    ("mse", lambda Y, T: ((T - Y) ** 2).mean() / 2, "mean over outputs too"),
    ("mse_gradient", lambda Y, T: (T - Y) / len(Y), "flipped sign"),
    ("mse_gradient", lambda Y, T: Y - T, "forgotten 1/N"),
    ("sym_neuron_gradient", -(t_ - y_) * x_, "missing f'"),
    ("sym_neuron_gradient", (t_ - y_) * y_ * (1 - y_) * x_, "flipped sign"),
    ("gd_step", lambda A, y, th, a: th - a * A.T @ (A @ th - y), "forgotten 1/N"),
    ("gd_step", lambda A, y, th, a: th + a * A.T @ (A @ th - y) / len(y), "flipped sign"),
    ("sgd_epoch", lambda A, y, th, a, o: th, "step not taken"),
    ("minibatch_epoch", lambda A, y, th, a, o, k: minibatch_epoch(A, y, th, a * k, o, k), None),
    ("delta", lambda W, b, X, T: T - sig(X @ W + b), "missing f'"),
    ("delta", lambda W, b, X, T: -delta(W, b, X, T), "flipped sign"),
    (
        "delta",
        lambda W, b, X, T: (T - sig(X @ W + b)) * dsig(sig(X @ W + b)),
        "derivative applied to the activated output",
    ),
    (
        "delta_rule_step",
        lambda W, b, X, T, eta: (delta_rule_step(W, b, X, T, eta)[0], b),
        "bias not updated",
    ),
    (
        "delta_rule_step",
        lambda W, b, X, T, eta: (
            W + eta * X.T @ delta(W, b, X, T),
            b + eta * delta(W, b, X, T).sum(axis=0),
        ),
        "forgotten 1/N",
    ),
    ("output_delta", lambda net, Y, T: T - Y, "missing f'"),
    ("output_delta", lambda net, Y, T: (Y - T) * Y * (1 - Y), "flipped sign"),
    (
        "output_delta",
        lambda net, Y, T: (T - Y) * dsig(Y),
        "derivative applied to the activated output",
    ),
    ("hidden_delta", lambda d, W, net: d @ W.T, "missing f'"),
    (
        "hidden_delta",
        lambda d, W, net: d @ W.T * dsig(sig(net)),
        "derivative applied to the activated output",
    ),
    ("hidden_delta", lambda d, W, net: (d.T.T @ W.T).T.T * dsig(net) * -1, "flipped sign"),
    ("backward", lambda *a: tuple(-g for g in backward(*a)), "flipped sign"),
    (
        "neuron_gradient",
        lambda w, b, x, t: tuple(-g for g in neuron_gradient(w, b, x, t)),
        "flipped sign",
    ),
    (
        "neuron_gradient",
        lambda w, b, x, t: (-(t - sig(x @ w + b)) * x, -(t - sig(x @ w + b))),
        "missing f'",
    ),
    (
        "forward_pass",
        lambda W1, b1, W2, b2, X: forward_pass(W1, 0 * b1, W2, 0 * b2, X),
        "bias left out",
    ),
    ("backward", lambda *a: tuple(len(a[4]) * g for g in backward(*a)), "forgotten 1/N"),
]


@pytest.mark.parametrize("name", list(TASKS))
def test_every_task_has_a_right_answer_that_passes(name):
    check.run(name, RIGHT[name], quiet=True)
    check.run(name, RIGHT[name], seed=123, quiet=True)  # and on other cases, as the grader uses


@pytest.mark.parametrize("name, answer, mistake", WRONG)
def test_named_mistakes_are_recognised(name, answer, mistake):
    with pytest.raises(CheckFailed) as info:
        check.run(name, answer)
    message = str(info.value)
    assert message.startswith(name)
    if mistake is not None:
        assert f"Likely mistake: {mistake}" in message
        assert MISTAKES[mistake] in message
    else:
        assert "expected:" in message and "got:" in message and "tolerance" in message


def test_every_catalogued_mistake_that_tasks_can_name_is_exercised():
    named = {m for _, _, m in WRONG if m}
    assert named >= {
        "missing f'",
        "flipped sign",
        "forgotten 1/N",
        "bias not updated",
        "derivative applied to the activated output",
        "missing 1/2",
    }


def test_missing_transpose_shows_as_a_shape_hint():
    with pytest.raises(CheckFailed, match=r"expected shape \(\d, \d\), got shape|transpose"):
        check.run("hidden_delta", lambda d, W, net: d @ W)


def test_not_written_yet_and_exceptions_and_none():
    def stub(*args):
        raise NotImplementedError()

    with pytest.raises(CheckFailed, match="not written yet"):
        check.delta(stub)
    with pytest.raises(CheckFailed, match="your code raised ZeroDivisionError"):
        check.delta(lambda *a: 1 / 0)
    with pytest.raises(CheckFailed, match="Did you forget the `return`"):
        check.delta(lambda *a: None)


def test_compare_reports_transposed_shape():
    v = compare(np.zeros((3, 2)), np.zeros((2, 3)), name="dW")
    assert not v and "transposed shape" in v.message and v.mistake == "missing transpose"


def test_xor_by_hand_wrong_network():
    with pytest.raises(CheckFailed, match="xor_by_hand"):
        check.xor_by_hand(([[1, 1], [1, 1]], [-0.5, -1.5], [[1], [1]], [-0.5]))  # that is OR


def test_two_slips_in_one_answer_are_both_named():
    def no_mean_no_bias(W, b, X, T, eta):
        return W + eta * X.T @ delta(W, b, X, T), b

    with pytest.raises(CheckFailed) as info:
        check.delta_rule_step(no_mean_no_bias)
    message = str(info.value)
    assert "delta_rule_step (W)" in message and "Likely mistake: forgotten 1/N" in message
    assert "delta_rule_step (b)" in message and "Likely mistake: bias not updated" in message
