import numpy as np
import pytest

import bplab as bp


@pytest.mark.parametrize("gate", [bp.datasets.and_, bp.datasets.or_])
def test_perceptron_learns_linearly_separable_gates(gate):
    X, T = gate()
    run = bp.train_perceptron(X, T, eta=0.5, epochs=50)
    assert run.converged
    np.testing.assert_array_equal(bp.step(X @ run.w + run.b), T.ravel())
    assert run.errors[-1] == 0 and len(run.weights) == len(run.biases) == 4 * len(run.errors) + 1


def test_perceptron_never_settles_on_xor():
    X, T = bp.datasets.xor()
    run = bp.train_perceptron(X, T, eta=0.5, epochs=200)
    assert not run.converged
    assert (run.errors >= 1).all()


def test_perceptron_step_is_the_rule():
    w, b, y = bp.perceptron_step([0.2, -0.4], 0.1, [1.0, 1.0], 1.0, eta=0.5)
    assert y == 0.0  # 0.2 - 0.4 + 0.1 < 0
    np.testing.assert_allclose(w, [0.7, 0.1])
    assert b == pytest.approx(0.6)


def test_perceptron_rejects_non_binary_targets():
    with pytest.raises(ValueError, match="targets must be 0 or 1"):
        bp.train_perceptron([[0.0, 1.0]], [0.5])


def test_delta_rule_is_gradient_descent_on_mse(rng):
    W, b = rng.normal(size=(3, 2)), rng.normal(size=2)
    X, T = rng.random((5, 3)), rng.random((5, 2))
    s = bp.delta_rule_step(W, b, X, T, eta=0.3, activation="tanh")
    net = bp.MLP.from_params([W], [b], activation="tanh")
    net.step(X, T, eta=0.3)
    np.testing.assert_allclose(s.W, net.weights[0], rtol=1e-14)
    np.testing.assert_allclose(s.b, net.biases[0], rtol=1e-14)


def test_delta_rule_with_unit_derivative_is_the_perceptron_rule():
    # linear activation: f' = 1, so delta = t - y and Delta w = eta (t - y) x, as for the perceptron
    W, b, X, T = (
        np.array([[0.2], [-0.4]]),
        np.array([0.1]),
        np.array([[1.0, 1.0]]),
        np.array([[1.0]]),
    )
    s = bp.delta_rule_step(W, b, X, T, eta=0.5, activation="linear")
    y = float(s.Y[0, 0])
    np.testing.assert_allclose(s.dW.ravel(), 0.5 * (1.0 - y) * X.ravel())
    assert s.db[0] == pytest.approx(0.5 * (1.0 - y))


def test_delta_rule_checks_shapes():
    with pytest.raises(ValueError, match="X has 3 columns but W .one row per input. has 2"):
        bp.delta_rule_step(np.zeros((2, 1)), [0.0], np.zeros((1, 3)), [[0.0]], eta=0.1)


def test_perceptron_records_the_sample_order_and_can_freeze_the_bias():
    X, T = bp.datasets.and_()
    run = bp.train_perceptron(X, T, eta=0.5, epochs=3, shuffle=True, rng=0)
    assert len(run.samples) == len(run.weights) - 1
    assert all(
        sorted(run.samples[e * 4 : e * 4 + 4].tolist()) == [0, 1, 2, 3]
        for e in range(len(run.errors))
    )
    frozen = bp.train_perceptron(X, T, eta=0.5, epochs=5, b0=0.0, fit_bias=False)
    assert (frozen.biases == 0).all() and not frozen.converged  # (0, 0) has net 0: always fires
