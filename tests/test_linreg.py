import numpy as np
import pytest

import bplab as bp


@pytest.fixture
def data():
    X, y = bp.datasets.linear_data(60, theta=(4.0, 3.0, -2.0), noise=0.3, rng=1)
    return bp.design_matrix(X), y


def test_closed_form_and_newton_agree(data):
    A, y = data
    best = bp.least_squares(A, y)
    np.testing.assert_allclose(bp.newton_step(A, y, np.zeros(3)), best, rtol=1e-10)
    assert np.linalg.norm(bp.lsq_gradient(A, y, best)) < 1e-12


def test_batch_gradient_descent_reaches_least_squares(data):
    A, y = data
    run = bp.gradient_descent(A, y, alpha=0.5, epochs=5000)
    np.testing.assert_allclose(run.theta, bp.least_squares(A, y), atol=1e-6)
    assert (np.diff(run.loss) <= 1e-15).all()  # batch descent never goes up with a good step
    assert run.evals.tolist() == list(range(0, 60 * 5000 + 1, 60))


@pytest.mark.parametrize("batch_size", [1, 10])
def test_stochastic_and_minibatch_get_close(data, batch_size):
    A, y = data
    run = bp.gradient_descent(A, y, alpha=0.05, epochs=300, batch_size=batch_size, rng=0)
    best = bp.lsq_cost(A, y, bp.least_squares(A, y))
    assert run.loss[-1] < best * 1.1
    assert run.evals[-1] == 300 * 60 and len(run.path) == 300 * (60 // batch_size) + 1


def test_eps_stops_early(data):
    A, y = data
    run = bp.gradient_descent(A, y, alpha=0.5, epochs=10000, eps=1e-6)
    assert run.stopped and len(run.path) < 10000


def test_too_large_a_step_diverges_and_says_so(data):
    A, y = data
    run = bp.gradient_descent(A, y, alpha=5.0, epochs=500)
    assert run.diverged and np.isfinite(run.path).all() and "diverged" in repr(run)
    assert run.loss[-1] > run.loss[0]


def test_standardize():
    X = np.array([[1.0, 100.0], [3.0, 300.0], [5.0, 200.0]])
    Xs, mean, std = bp.standardize(X)
    np.testing.assert_allclose(Xs.mean(axis=0), 0, atol=1e-15)
    np.testing.assert_allclose(Xs.std(axis=0), 1)
    with pytest.raises(ValueError, match="constant"):
        bp.standardize(np.ones((3, 1)))


def test_bad_inputs(data):
    A, y = data
    with pytest.raises(ValueError, match="A has 60 rows but y has 59"):
        bp.gradient_descent(A, y[:-1], alpha=0.1)
    with pytest.raises(ValueError, match="alpha"):
        bp.gradient_descent(A, y, alpha=0)
    with pytest.raises(ValueError, match="theta must have 3 entries"):
        bp.lsq_cost(A, y, [0.0, 0.0])


def test_growing_but_finite_run_is_reported_as_diverging(data):
    A, y = data
    limit = 2 / np.linalg.eigvalsh(A.T @ A / len(y)).max()  # batch GD converges below this step
    above = bp.gradient_descent(A, y, alpha=1.2 * limit, epochs=60)
    assert np.isfinite(above.path).all() and above.loss[-1] > 10 * above.loss[0]
    assert above.diverged and "diverged" in repr(above)
    below = bp.gradient_descent(A, y, alpha=0.9 * limit, epochs=60)
    assert not below.diverged
    sgd = bp.gradient_descent(A, y, alpha=0.05, epochs=5, batch_size=1, rng=0)
    assert not sgd.diverged
