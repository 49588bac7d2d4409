"""Tests of bplab.chapters.surfaces: cost grids, condition numbers, step-size limits (chapters
02-03)."""

import numpy as np
import pytest

import bplab as bp
from bplab.chapters import surfaces


@pytest.fixture
def line():
    X, y = bp.datasets.linear_data(30, theta=(1.0, 2.0), noise=0.3, rng=7)
    return bp.design_matrix(X), y


@pytest.mark.parametrize(
    "name, expected", [("mse", 1 / 8), ("half_sse", 0.5), ("sse", 1.0), ("mean_squared", 0.25)]
)
def test_cost_factor_matches_each_convention(name, expected):
    assert surfaces.cost_factor(name, 4) == pytest.approx(expected)


def test_cost_factor_rejects_unknown_cost_and_bad_n():
    with pytest.raises(ValueError, match="unknown cost"):
        surfaces.cost_factor("l1", 3)
    with pytest.raises(ValueError, match="N"):
        surfaces.cost_factor("mse", 0)


@pytest.mark.parametrize("activation", ["sigmoid", "linear", "tanh"])
@pytest.mark.parametrize("cost", list(bp.COSTS))
def test_neuron_cost_grid_agrees_with_the_package_costs(activation, cost, rng):
    x, t = rng.normal(size=5), rng.random(5)
    ws, bs = np.linspace(-2, 2, 4), np.linspace(-1, 1, 3)
    E = surfaces.neuron_cost_grid(x, t, ws, bs, activation=activation, cost=cost)
    assert E.shape == (3, 4)
    f = bp.get_activation(activation).f
    for i, b in enumerate(bs):
        for k, w in enumerate(ws):
            Y = f(w * x + b)[:, None]
            assert E[i, k] == pytest.approx(bp.get_cost(cost).f(Y, t[:, None]), rel=1e-12)


def test_neuron_cost_grid_mse_equals_mlp_loss():
    x, t = np.array([-1.0, 0.5, 2.0]), np.array([0.0, 1.0, 1.0])
    E = surfaces.neuron_cost_grid(x[:, None], t[:, None], [0.7], [-0.3])
    net = bp.MLP.from_params([[[0.7]]], [[-0.3]], activation="sigmoid")
    assert E[0, 0] == pytest.approx(net.loss(x[:, None], t[:, None]), rel=1e-12)


def test_neuron_cost_grid_checks_inputs():
    with pytest.raises(ValueError, match="one target per input"):
        surfaces.neuron_cost_grid([1.0, 2.0], [1.0], [0.0], [0.0])
    with pytest.raises(ValueError, match="one column"):
        surfaces.neuron_cost_grid(np.ones((3, 2)), np.ones(3), [0.0], [0.0])
    with pytest.raises(ValueError, match="empty"):
        surfaces.neuron_cost_grid([1.0], [1.0], [], [0.0])
    with pytest.raises(ValueError, match="unknown activation"):
        surfaces.neuron_cost_grid([1.0], [1.0], [0.0], [0.0], activation="swish")


def test_lsq_cost_grid_equals_lsq_cost(line):
    A, y = line
    ta, tb = np.linspace(-1, 3, 5), np.linspace(0, 4, 4)
    J = surfaces.lsq_cost_grid(A, y, ta, tb)
    assert J.shape == (4, 5)
    for i, b in enumerate(tb):
        for k, a in enumerate(ta):
            assert J[i, k] == pytest.approx(bp.lsq_cost(A, y, [a, b]), rel=1e-10)


def test_lsq_cost_grid_needs_two_parameters():
    with pytest.raises(ValueError, match="exactly 2 parameters"):
        surfaces.lsq_cost_grid(np.ones((4, 3)), np.ones(4), [0.0], [0.0])
    with pytest.raises(ValueError, match="one target per row"):
        surfaces.lsq_cost_grid(np.ones((4, 2)), np.ones(3), [0.0], [0.0])


def test_condition_number_and_hessian(line):
    A, _ = line
    lam = surfaces.hessian_eigenvalues(A)
    np.testing.assert_allclose(lam, np.linalg.eigvalsh(A.T @ A / len(A)))
    assert surfaces.condition_number(A) == pytest.approx(np.linalg.cond(A.T @ A))
    assert surfaces.condition_number(np.eye(3)) == pytest.approx(1.0)
    # standardising one feature makes the design's columns orthonormal (up to sqrt(m)): kappa = 1
    Xs = bp.standardize(A[:, 1:])[0]
    assert surfaces.condition_number(bp.design_matrix(Xs)) == pytest.approx(1.0)


def test_condition_number_of_singular_design_is_an_error():
    with pytest.raises(ValueError, match="singular"):
        surfaces.condition_number(np.array([[1.0, 2.0], [2.0, 4.0]]))


@pytest.mark.parametrize("cost", list(bp.COSTS))
def test_step_limit_separates_convergence_from_divergence(line, cost):
    A, y = line
    limit = surfaces.step_limit(A, cost=cost)
    assert surfaces.converges(A, y, 0.9 * limit, cost=cost, steps=2000)
    assert not surfaces.converges(A, y, 1.1 * limit, cost=cost, steps=2000)


def test_step_limits_differ_by_the_cost_constants(line):
    A, _ = line
    m = len(A)
    mse = surfaces.step_limit(A, cost="mse")
    assert mse / surfaces.step_limit(A, cost="half_sse") == pytest.approx(m)
    assert mse / surfaces.step_limit(A, cost="sse") == pytest.approx(2 * m)
    assert mse / surfaces.step_limit(A, cost="mean_squared") == pytest.approx(2)


def test_largest_converging_eta_finds_the_limit(line):
    A, y = line
    found = surfaces.largest_converging_eta(A, y, cost="half_sse", steps=2000, iters=40)
    assert found == pytest.approx(surfaces.step_limit(A, cost="half_sse"), rel=5e-3)


def test_largest_converging_eta_checks_its_bracket(line):
    A, y = line
    with pytest.raises(ValueError, match="smaller lo"):
        surfaces.largest_converging_eta(A, y, lo=100.0, hi=1000.0)
    with pytest.raises(ValueError, match="larger hi"):
        surfaces.largest_converging_eta(A, y, lo=1e-6, hi=1e-3)


@pytest.mark.parametrize("cost", list(bp.COSTS))
def test_linear_neuron_descent_matches_gradient_descent_for_mse_scaled(line, cost):
    """Every convention is mse times a constant, so descent with eta under it equals
    bp.gradient_descent with alpha = eta * (c / c_mse)."""
    A, y = line
    m = len(y)
    ratio = surfaces.cost_factor(cost, m) / surfaces.cost_factor("mse", m)
    eta = 0.5 * surfaces.step_limit(A, cost=cost)
    path = surfaces.linear_neuron_descent(A, y, eta, cost=cost, steps=30)
    run = bp.gradient_descent(A, y, eta * ratio, epochs=30)
    np.testing.assert_allclose(path, run.path, rtol=1e-10, atol=1e-12)


def test_linear_neuron_descent_marks_divergence_with_inf(line):
    A, y = line
    path = surfaces.linear_neuron_descent(A, y, 100.0, steps=2000)
    assert path.shape == (2001, 2)
    assert np.isinf(path[-1]).all() and np.isfinite(path[0]).all()


def test_linear_neuron_descent_checks_inputs(line):
    A, y = line
    with pytest.raises(ValueError, match="eta"):
        surfaces.linear_neuron_descent(A, y, -1.0)
    with pytest.raises(ValueError, match="theta0 must have 2 entries"):
        surfaces.linear_neuron_descent(A, y, 0.1, theta0=[0.0, 0.0, 0.0])


def test_eta_sweep(line):
    A, y = line
    limit = surfaces.step_limit(A)
    d = surfaces.eta_sweep(A, y, [0.5 * limit, 5 * limit], steps=500)
    assert d.shape == (2,)
    assert d[0] < 1e-6 and np.isinf(d[1])


def test_repeat_data_keeps_mse_and_multiplies_sums(rng):
    X, T = rng.random((5, 2)), rng.random((5, 1))
    Xk, Tk = surfaces.repeat_data(X, T, 3)
    assert Xk.shape == (15, 2) and Tk.shape == (15, 1)
    Y, Yk = X[:, :1], Xk[:, :1]
    assert bp.mse(Yk, Tk) == pytest.approx(bp.mse(Y, T))
    assert bp.COSTS["half_sse"].f(Yk, Tk) == pytest.approx(3 * bp.COSTS["half_sse"].f(Y, T))
    with pytest.raises(ValueError, match="one target row"):
        surfaces.repeat_data(X, T[:3], 2)


def test_distance_table(line):
    A, y = line
    best = bp.least_squares(A, y)
    rows = surfaces.distance_table({"best": best, "zero": np.zeros(2)}, best, A, y)
    assert rows[0] == ("best", 0.0, pytest.approx(bp.lsq_cost(A, y, best)), 0.0)
    name, dist, J, excess = rows[1]
    assert name == "zero" and dist == pytest.approx(np.linalg.norm(best))
    assert J == pytest.approx(bp.lsq_cost(A, y, np.zeros(2)))
    assert excess == pytest.approx(J - bp.lsq_cost(A, y, best))
    with pytest.raises(ValueError, match="entries"):
        surfaces.distance_table({"bad": np.zeros(3)}, best, A, y)


@pytest.fixture
def classes():
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 4, 60)
    t = (rng.random(60) < bp.sigmoid(2 * (x - 2))).astype(float)
    return bp.design_matrix(x[:, None]), t


def test_logistic_cost_derivatives_match_central_differences(classes):
    A, t = classes
    theta, h = np.array([-1.0, 0.7]), 1e-6
    J, g, H = surfaces.logistic_cost(A, t, theta)
    y = bp.sigmoid(A @ theta)
    assert J == pytest.approx(-np.mean(t * np.log(y) + (1 - t) * np.log(1 - y)), rel=1e-12)
    for i, e in enumerate(np.eye(2)):
        Jp, gp, _ = surfaces.logistic_cost(A, t, theta + h * e)
        Jm, gm, _ = surfaces.logistic_cost(A, t, theta - h * e)
        assert g[i] == pytest.approx((Jp - Jm) / (2 * h), rel=1e-6)
        np.testing.assert_allclose(H[:, i], (gp - gm) / (2 * h), rtol=1e-6)
    assert surfaces.logistic_cost(A, t, theta, hessian=False)[2] is None


def test_logistic_cost_does_not_overflow():
    J, g, _ = surfaces.logistic_cost([[1.0]], [0.0], [1000.0])
    assert J == pytest.approx(1000.0) and np.isfinite(g).all()


def test_newton_and_descent_reach_the_same_minimum_newton_in_fewer_iterations(classes):
    A, t = classes
    newton = surfaces.logistic_minimise(A, t, tol=1e-8)
    alpha = 4 / surfaces.hessian_eigenvalues(A)[-1]  # 1/L, L bounds the Hessian
    gd = surfaces.logistic_minimise(A, t, method="gd", alpha=alpha, tol=1e-8)
    np.testing.assert_allclose(newton[-1], gd[-1], atol=1e-5)
    assert np.linalg.norm(surfaces.logistic_cost(A, t, newton[-1])[1]) < 1e-8
    assert 1 < len(newton) - 1 < 10 < 100 < len(gd) - 1
    # costs fall monotonically along both paths
    for path in (newton, gd):
        J = [surfaces.logistic_cost(A, t, th)[0] for th in path]
        assert np.all(np.diff(J) <= 1e-15)


def test_logistic_minimise_checks_its_arguments(classes):
    A, t = classes
    with pytest.raises(ValueError, match="give alpha"):
        surfaces.logistic_minimise(A, t, method="gd")
    with pytest.raises(ValueError, match="method"):
        surfaces.logistic_minimise(A, t, method="lbfgs")
    with pytest.raises(ValueError, match="theta must have 2"):
        surfaces.logistic_cost(A, t, [0.0])
    path = surfaces.logistic_minimise(A, t, method="gd", alpha=0.1, max_iter=3)
    assert path.shape == (4, 2)


def test_bfgs_lies_between_newton_and_descent(classes):
    A, t = classes
    newton = surfaces.logistic_minimise(A, t, tol=1e-8)
    bfgs = surfaces.logistic_minimise(A, t, method="bfgs", tol=1e-8)
    alpha = 4 / surfaces.hessian_eigenvalues(A)[-1]
    gd = surfaces.logistic_minimise(A, t, method="gd", alpha=alpha, tol=1e-8)
    np.testing.assert_allclose(bfgs[-1], newton[-1], atol=1e-7)
    assert np.linalg.norm(surfaces.logistic_cost(A, t, bfgs[-1])[1]) < 1e-8
    assert len(newton) < len(bfgs) < len(gd) / 10
    J = [surfaces.logistic_cost(A, t, th)[0] for th in bfgs]
    assert np.all(np.diff(J) <= 1e-15), "the line search makes every step go down"


def test_bfgs_with_one_parameter_finds_the_mean_label():
    A, t = np.ones((4, 1)), np.array([0.0, 1.0, 1.0, 1.0])
    path = surfaces.logistic_minimise(A, t, method="bfgs", tol=1e-10)
    assert bp.sigmoid(path[-1][0]) == pytest.approx(0.75, abs=1e-9)
    assert surfaces.logistic_minimise(A, t, method="bfgs", max_iter=2).shape == (3, 1)


@pytest.mark.parametrize("k", [1, 5, 20])
def test_stacked_descent_is_gradient_descent_run_by_run(k):
    rng = np.random.default_rng(5)
    A = bp.design_matrix(rng.normal(size=(20, 1)))
    y = A @ [1.0, 2.0] + 0.3 * rng.normal(size=20)
    seeds = [0, 7, 123]
    evals, path = surfaces.stacked_descent(A, y, 0.1, epochs=3, batch_size=k, seeds=seeds)
    assert path.shape == (3 * 20 // k + 1, 3, 2) and evals[-1] == 60
    for r, seed in enumerate(seeds):
        run = bp.gradient_descent(A, y, 0.1, epochs=3, batch_size=k, rng=seed)
        np.testing.assert_allclose(path[:, r], run.path, rtol=0, atol=1e-12)
        np.testing.assert_array_equal(evals, run.evals)


def test_stacked_descent_refuses_a_batch_that_does_not_divide_m():
    with pytest.raises(ValueError, match="divide the 20 samples"):
        surfaces.stacked_descent(
            np.ones((20, 1)), np.ones(20), 0.1, epochs=1, batch_size=3, seeds=[0]
        )


def test_median_interval_covers_the_median_about_95_percent_of_the_time():
    rng = np.random.default_rng(0)
    hits = 0
    for _ in range(400):
        med, lo, hi = surfaces.median_interval(rng.exponential(size=200))
        assert lo <= med <= hi
        hits += lo <= np.log(2) <= hi  # the exponential's median
    assert 0.92 < hits / 400 < 0.98
    with pytest.raises(ValueError, match="at least 10"):
        surfaces.median_interval([1.0, 2.0])
