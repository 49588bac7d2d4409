"""bplab.chapters.mistakes: the deliberate mistakes reproduce what the sources print, and differ
from the right computation. (derivative_of_output is also exercised in test_network.py and
test_experiments.py.)"""

import numpy as np
import pytest

import bplab as bp
from bplab.chapters import mistakes


def _by_hand(weights, biases, X, T, eta, update_biases):
    """The wrong order written out for sigmoid layers, independently of bplab.network: update the
    top layer, then send its signal down through the *new* weights, and so on."""
    W = [w.copy() for w in weights]
    b = [v.copy() for v in biases]
    Y = [X]
    for Wi, bi in zip(W, b):
        Y.append(1 / (1 + np.exp(-(Y[-1] @ Wi + bi))))
    N = X.shape[0]
    d = (T - Y[-1]) * Y[-1] * (1 - Y[-1])
    for i in range(len(W) - 1, -1, -1):
        W[i] = W[i] + eta / N * Y[i].T @ d
        if update_biases:
            b[i] = b[i] + eta / N * d.sum(axis=0)
        if i:
            d = (d @ W[i].T) * Y[i] * (1 - Y[i])  # W[i] already updated: the mistake
    return W, b


def test_stale_order_reproduces_the_step_by_step_examples_printed_figures():
    # 002: "第一次迭代之后，总误差E(total)由0.298371109下降至0.291027924。迭代10000次后，总误差为
    # 0.000035085，输出为[0.015912196,0.984065734]" - every printed digit, biases frozen
    net, x, t, eta = bp.datasets.worked_example()
    E0 = mistakes.stale_order_step(net, x, t, eta, update_biases=False)
    assert f"{E0:.9f}" == "0.298371109"
    assert f"{net.loss(x, t):.9f}" == "0.291027924"
    for _ in range(9_999):
        mistakes.stale_order_step(net, x, t, eta, update_biases=False)
    assert f"{net.loss(x, t):.9f}" == "0.000035085"
    assert [f"{o:.9f}" for o in net.predict(x)[0]] == ["0.015912196", "0.984065734"]


def test_the_correct_step_does_not_give_those_figures():
    net, x, t, eta = bp.datasets.worked_example()
    right, wrong = net.copy(), net.copy()
    right.step(x, t, eta, update_biases=False)
    mistakes.stale_order_step(wrong, x, t, eta, update_biases=False)
    assert f"{right.loss(x, t):.9f}" == "0.291027774"  # chapter 05: the text's own computation
    assert f"{right.loss(x, t):.9f}" != f"{wrong.loss(x, t):.9f}"
    # the top layer has nothing above it: the same; the hidden layer differs
    np.testing.assert_array_equal(right.weights[1], wrong.weights[1])
    assert not np.allclose(right.weights[0], wrong.weights[0], rtol=0, atol=1e-9)
    # the source's hand-computed w1 new = 0.149780716 is the right order's, not the wrong one's
    assert f"{right.weights[0][0, 0]:.9f}" == "0.149780716"
    assert f"{wrong.weights[0][0, 0]:.9f}" != "0.149780716"


@pytest.mark.parametrize("update_biases", [False, True])
@pytest.mark.parametrize("sizes", [[2, 2, 2], [3, 4, 5, 2], [2, 3, 3, 3, 1]])
def test_stale_order_equals_the_order_written_out(sizes, update_biases):
    rng = np.random.default_rng(7)
    net = bp.MLP(sizes, rng=rng, init="small")
    X, T = rng.normal(size=(4, sizes[0])), rng.uniform(size=(4, sizes[-1]))
    W, b = _by_hand(net.weights, net.biases, X, T, 0.7, update_biases)
    before = net.loss(X, T)
    E = mistakes.stale_order_step(net, X, T, 0.7, update_biases=update_biases)
    assert E == pytest.approx(before, rel=1e-12)
    for got, want in zip(net.weights + net.biases, W + b):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)


def test_biases_frozen_or_moved():
    net, x, t, eta = bp.datasets.worked_example()
    frozen, moved = net.copy(), net.copy()
    mistakes.stale_order_step(frozen, x, t, eta, update_biases=False)
    mistakes.stale_order_step(moved, x, t, eta)
    for b0, bf, bm in zip(net.biases, frozen.biases, moved.biases):
        np.testing.assert_array_equal(bf, b0)
        assert np.all(bm != b0)


def test_one_layer_has_no_order_to_get_wrong():
    rng = np.random.default_rng(3)
    net = bp.MLP([3, 2], rng=rng)
    X, T = rng.normal(size=(5, 3)), rng.uniform(size=(5, 2))
    right, wrong = net.copy(), net.copy()
    right.step(X, T, 0.5)
    mistakes.stale_order_step(wrong, X, T, 0.5)
    np.testing.assert_allclose(wrong.weights[0], right.weights[0], rtol=1e-14)
    np.testing.assert_allclose(wrong.biases[0], right.biases[0], rtol=1e-14)


def test_inputs_are_checked():
    net, x, t, eta = bp.datasets.worked_example()
    with pytest.raises(ValueError, match="eta"):
        mistakes.stale_order_step(net, x, t, -0.5)
    with pytest.raises(ValueError, match="columns"):
        mistakes.stale_order_step(net, np.ones((1, 3)), t, eta)
