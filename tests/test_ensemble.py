import numpy as np
import pytest

import bplab as bp
from bplab.ensemble import MLPStack


@pytest.mark.parametrize("batch_size", [None, 1, 3])
def test_members_train_exactly_like_single_networks(batch_size):
    X, T = bp.datasets.xor()
    seeds, etas = [0, 1, 2], np.array([0.5, 1.0, 2.0])
    stack = MLPStack.from_seeds([2, 3, 1], seeds, activation="tanh", output_activation="sigmoid")
    hist = stack.fit(X, T, eta=etas, epochs=40, batch_size=batch_size, rng=7, progress=False)
    for k, (seed, eta) in enumerate(zip(seeds, etas)):
        net = bp.MLP([2, 3, 1], "tanh", "sigmoid", rng=seed)
        h = net.fit(X, T, eta=eta, epochs=40, batch_size=batch_size, rng=7, progress=False)
        np.testing.assert_allclose(hist.loss[:, k], h.loss, rtol=1e-10)
        member = stack.network(k)
        for a, b in zip(member.weights + member.biases, net.weights + net.biases):
            np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-14)


def test_shapes_and_repr():
    X, _ = bp.datasets.xor()
    stack = MLPStack.from_seeds([2, 5, 2], range(4))
    assert stack.predict(X).shape == (4, 4, 2) and len(stack) == 4
    assert (
        repr(stack) == "MLPStack(4 x [2, 5, 2], activation='sigmoid', output_activation='sigmoid')"
    )


def test_mixed_architectures_are_refused():
    with pytest.raises(ValueError, match="one architecture"):
        MLPStack([bp.MLP([2, 3, 1]), bp.MLP([2, 4, 1])])


def test_bad_eta():
    X, T = bp.datasets.xor()
    with pytest.raises(ValueError, match="learning rate"):
        MLPStack.from_seeds([2, 2, 1], range(2)).fit(X, T, eta=[0.1, -1.0], epochs=1)


def test_mistaken_derivative_trains_in_a_stack_like_alone():
    from bplab.chapters.mistakes import derivative_of_output

    X, T = bp.datasets.xor()
    wrong = derivative_of_output("tanh")
    stack = MLPStack([bp.MLP([2, 2, 1], activation=wrong, rng=s) for s in range(3)])
    hist = stack.fit(X, T, eta=0.2, epochs=30, progress=False)
    alone = bp.MLP([2, 2, 1], activation=wrong, rng=1)
    np.testing.assert_allclose(
        hist.loss[:, 1], alone.fit(X, T, eta=0.2, epochs=30).loss, rtol=1e-10
    )
    assert alone.activation.name == "tanh (f' of the output)"
    stack_member = stack.network(1)
    assert stack_member.copy().activation is wrong


@pytest.mark.parametrize("batch_size", [None, 1])
def test_each_epoch_false_keeps_only_the_last_loss_and_trains_the_same(batch_size):
    X, T = bp.datasets.xor()
    a = MLPStack.from_seeds([2, 3, 1], range(3), activation="tanh")
    b = MLPStack.from_seeds([2, 3, 1], range(3), activation="tanh")
    ha = a.fit(X, T, 0.3, 25, batch_size=batch_size, rng=4)
    hb = b.fit(X, T, 0.3, 25, batch_size=batch_size, rng=4, each_epoch=False)
    assert ha.loss.shape == (25, 3) and hb.loss.shape == (1, 3)
    np.testing.assert_array_equal(hb.final, ha.final)
    for p, q in zip(a.weights + a.biases, b.weights + b.biases):
        np.testing.assert_array_equal(p, q)


def test_sum_rows_of_a_stack_is_each_members_sum():
    from bplab.network import sum_rows

    d = np.random.default_rng(0).random((5, 4, 3))
    got = sum_rows(d)
    assert got.shape == (5, 1, 3)
    for k in range(5):
        np.testing.assert_allclose(got[k, 0], sum_rows(d[k]), rtol=1e-15)
        np.testing.assert_allclose(got[k, 0], d[k].sum(axis=0), rtol=1e-15)
