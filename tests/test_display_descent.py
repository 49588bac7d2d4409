"""Tests of bplab.display.descent: every figure builds, draws what the maths computes, and the
widgets build around their plain drawing functions."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

import bplab as bp
from bplab.chapters import surfaces
from bplab.display import descent


@pytest.fixture
def line():
    X, y = bp.datasets.linear_data(40, theta=(4.0, 3.0), scales=(2.0,), noise=0.5, rng=3)
    return bp.design_matrix(X), y


@pytest.fixture
def window():
    return np.linspace(-1, 9, 41), np.linspace(-2, 8, 41)


@pytest.fixture
def two_features():
    return bp.datasets.linear_data(60, theta=(1.0, 3.0, 0.5), scales=(1.0, 10.0), noise=0.3, rng=4)


def test_log_levels_are_increasing_and_span_the_data():
    Z = np.array([[1.0, 2.0], [5.0, 11.0]])
    lev = descent.log_levels(Z, 6)
    assert len(lev) == 6 and (np.diff(lev) > 0).all()
    assert lev[-1] == pytest.approx(11.0) and lev[0] > 1.0
    with pytest.raises(ValueError, match="constant"):
        descent.log_levels(np.ones((2, 2)))
    with pytest.raises(ValueError, match="no finite"):
        descent.log_levels(np.full((2, 2), np.nan))


def test_surface_figure_has_a_contour_and_a_3d_axis_per_surface():
    ws, bs = np.linspace(-3, 3, 21), np.linspace(-2, 2, 11)
    E = surfaces.neuron_cost_grid([-1.0, 1.0], [0.0, 1.0], ws, bs)
    fig = descent.surface_figure([(ws, bs, E), (ws, bs, E)], ["a", "b"])
    three_d = [ax for ax in fig.axes if ax.name == "3d"]
    assert len(three_d) == 2
    for ax in fig.axes:
        if ax.name == "3d" or ax.get_label() == "<colorbar>":
            continue
        assert ax.get_xlabel() and ax.get_ylabel()


def test_surface_figure_checks_inputs():
    ws, bs = np.linspace(-1, 1, 3), np.linspace(-1, 1, 4)
    with pytest.raises(ValueError, match="one title each"):
        descent.surface_figure([(ws, bs, np.ones((4, 3)))], [])
    with pytest.raises(ValueError, match="shape"):
        descent.surface_figure([(ws, bs, np.arange(12.0).reshape(3, 4))], ["x"])


def test_cost_contours_marks_the_least_squares_answer(line, window):
    A, y = line
    fig, ax = plt.subplots()
    descent.cost_contours(ax, A, y, *window)
    star = [ln for ln in ax.get_lines() if ln.get_label() == "least squares"][0]
    np.testing.assert_allclose(np.r_[star.get_xdata(), star.get_ydata()], bp.least_squares(A, y))
    assert ax.get_xlabel() and ax.get_ylabel()


def test_draw_path_draws_every_point():
    fig, ax = plt.subplots()
    path = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 1.5]])
    descent.draw_path(ax, path, label="p")
    line = [ln for ln in ax.get_lines() if ln.get_label() == "p"][0]
    np.testing.assert_array_equal(line.get_xdata(), path[:, 0])
    with pytest.raises(ValueError, match="shape"):
        descent.draw_path(ax, np.zeros((3, 3)))


def test_gradient_arrows_point_along_the_lsq_gradients(line):
    A, y = line
    fig, ax = plt.subplots()
    pts = np.array([[0.0, 0.0], [5.0, 5.0]])
    assert descent.gradient_arrows(ax, A, y, pts, length=0.8) is fig
    (quiver,) = ax.collections
    np.testing.assert_allclose(quiver.get_offsets(), pts)
    G = np.array([bp.lsq_gradient(A, y, p) for p in pts])
    arrows = np.c_[quiver.U, quiver.V]
    np.testing.assert_allclose(arrows, 0.8 * G / np.linalg.norm(G, axis=1, keepdims=True))
    with pytest.raises(ValueError, match="shape"):
        descent.gradient_arrows(ax, A, y, np.zeros(2))


def test_alpha_panels_runs_each_step_size(line, window):
    A, y = line
    limit = surfaces.step_limit(A)
    fig, runs = descent.alpha_panels(
        A,
        y,
        [0.1 * limit, 1.5 * limit],
        ["small", "big"],
        theta_a=window[0],
        theta_b=window[1],
        epochs=200,
    )
    assert [r.alpha for r in runs] == [pytest.approx(0.1 * limit), pytest.approx(1.5 * limit)]
    assert not runs[0].diverged and runs[1].loss[-1] > runs[1].loss[0]
    assert "small" in fig.axes[0].get_title()
    with pytest.raises(ValueError, match="titles"):
        descent.alpha_panels(A, y, [0.1], ["a", "b"], theta_a=window[0], theta_b=window[1])


def test_alpha_view_and_widget(line, window):
    A, y = line
    fig, run = descent.alpha_view(A, y, 0.3, theta_a=window[0], theta_b=window[1], epochs=20)
    assert len(run.path) == 21 and len(fig.axes) == 2
    w = descent.alpha_widget(A, y, theta_a=window[0], theta_b=window[1], alpha=0.3)
    import ipywidgets

    assert isinstance(w, ipywidgets.interactive)
    assert w.children[0].value == pytest.approx(0.3)


@pytest.mark.parametrize("standardized", [False, True])
def test_normalisation_view(two_features, standardized):
    X, y = two_features
    fig, run = descent.normalisation_view(X, y, standardized)
    A = bp.standardize(X)[0] if standardized else X - X.mean(axis=0)
    assert run.stopped
    np.testing.assert_allclose(run.theta, bp.least_squares(A, y - y.mean()), atol=1e-4)
    assert f"{surfaces.condition_number(A):.1f}" in fig.axes[0].get_title()


def test_standardising_needs_fewer_steps(two_features):
    X, y = two_features
    _, raw = descent.normalisation_view(X, y, False)
    _, std = descent.normalisation_view(X, y, True)
    assert len(std.path) < len(raw.path)


def test_normalisation_view_checks_inputs_and_draws_on_given_axes(two_features):
    X, y = two_features
    with pytest.raises(ValueError, match="two feature columns"):
        descent.normalisation_view(X[:, :1], y, True)
    fig, ax = plt.subplots()
    out, _ = descent.normalisation_view(X, y, True, ax=ax)
    assert out is fig


def test_normalisation_widget(two_features):
    import ipywidgets

    X, y = two_features
    w = descent.normalisation_widget(X, y)
    assert isinstance(w, ipywidgets.interactive) and w.children[0].value is False


def test_loss_vs_evals_plots_every_run_against_evals(line):
    A, y = line
    runs = {
        "batch": bp.gradient_descent(A, y, 0.3, epochs=5),
        "sgd": bp.gradient_descent(A, y, 0.05, epochs=5, batch_size=1, rng=0),
    }
    best = bp.lsq_cost(A, y, bp.least_squares(A, y))
    fig = descent.loss_vs_evals(runs, best=best)
    lines = {ln.get_label(): ln for ln in fig.axes[0].get_lines()}
    np.testing.assert_array_equal(lines["sgd"].get_xdata(), runs["sgd"].evals)
    assert lines["batch"].get_xdata()[-1] == lines["sgd"].get_xdata()[-1] == 5 * len(y)
    with pytest.raises(ValueError, match="at least one run"):
        descent.loss_vs_evals({})


def test_batch_view_and_widget(line, window):
    A, y = line
    fig, run = descent.batch_view(
        A, y, 5, alpha=0.1, epochs=3, theta_a=window[0], theta_b=window[1], seed=1
    )
    assert run.batch_size == 5 and run.evals[-1] == 3 * len(y)
    _, again = descent.batch_view(
        A, y, 5, alpha=0.1, epochs=3, theta_a=window[0], theta_b=window[1], seed=1
    )
    np.testing.assert_array_equal(run.path, again.path)  # same seed, same run
    import ipywidgets

    w = descent.batch_widget(
        A, y, alpha=0.1, epochs=3, theta_a=window[0], theta_b=window[1], batch_size=10
    )
    assert isinstance(w, ipywidgets.interactive) and w.children[0].value == 10
    with pytest.raises(ValueError, match="options"):
        descent.batch_widget(
            A, y, alpha=0.1, epochs=3, theta_a=window[0], theta_b=window[1], batch_size=7
        )


def test_eta_sweep_plot(line):
    A, y = line
    etas = np.geomspace(1e-2, 10, 12)
    d = {name: surfaces.eta_sweep(A, y, etas, cost=name, steps=50) for name in ["mse", "sse"]}
    limits = {name: surfaces.step_limit(A, cost=name) for name in d}
    fig = descent.eta_sweep_plot(etas, d, limits, steps=50)
    ax = fig.axes[0]
    assert {"mse", "sse"} <= {ln.get_label() for ln in ax.get_lines()}
    assert ax.get_xlabel() and ax.get_ylabel()
    with pytest.raises(ValueError, match="shape"):
        descent.eta_sweep_plot(etas, {"mse": d["mse"][:3]})


def test_every_drawing_function_returns_its_figure(line, window, two_features):
    # the module's promise: the Figure alone, or first before the runs; on a given ax, its figure
    A, y = line
    ta, tb = window
    run = bp.gradient_descent(A, y, 0.1, epochs=3)
    fig, ax = plt.subplots()
    on_ax = [
        descent.cost_contours(ax, A, y, ta, tb),
        descent.draw_path(ax, run.path),
        descent.gradient_arrows(ax, A, y, np.array([[1.0, 1.0]])),
        descent.normalisation_view(*two_features, True, ax=ax)[0],
        descent.loss_vs_evals({"batch": run}, ax=ax),
    ]
    assert all(f is fig for f in on_ax)
    new = [
        descent.surface_figure([(ta, tb, surfaces.lsq_cost_grid(A, y, ta, tb))], ["J"]),
        descent.alpha_panels(A, y, [0.1], theta_a=ta, theta_b=tb, epochs=3)[0],
        descent.alpha_view(A, y, 0.1, theta_a=ta, theta_b=tb, epochs=3)[0],
        descent.normalisation_view(*two_features, False)[0],
        descent.batch_view(A, y, 5, alpha=0.1, epochs=2, theta_a=ta, theta_b=tb)[0],
        descent.loss_vs_evals({"batch": run}),
        descent.eta_sweep_plot([0.1, 0.2], {"mse": np.array([0.5, 0.1])}),
    ]
    assert all(isinstance(f, plt.Figure) and f is not fig for f in new)
