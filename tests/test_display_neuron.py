"""Tests of bplab.display.neuron: the plain functions behind chapter 01's figures and widget,
and that every figure and the widget build without error on the non-interactive backend."""

import numpy as np
import pytest

import bplab as bp
from bplab.display import neuron as nv


@pytest.fixture
def and_run():
    X, T = bp.datasets.and_()
    return bp.train_perceptron(X, T, eta=0.5), X, T


# ---------------------------------------------------------------------- boundary_segment
def test_boundary_segment_diagonal_line():
    xs, ys = nv.boundary_segment([1.0, 1.0], -1.5)
    assert np.allclose(xs, [0.0, 1.5]) and np.allclose(ys, [1.5, 0.0])


def test_boundary_segment_end_points_are_on_the_line_and_in_the_square(rng):
    for _ in range(200):
        w, b = rng.normal(size=2), rng.normal()
        seg = nv.boundary_segment(w, b)
        if seg is None:
            continue
        xs, ys = seg
        assert np.allclose(w[0] * xs + w[1] * ys + b, 0.0, atol=1e-9)
        assert np.all((xs >= nv.LIM[0] - 1e-9) & (xs <= nv.LIM[1] + 1e-9))
        assert np.all((ys >= nv.LIM[0] - 1e-9) & (ys <= nv.LIM[1] + 1e-9))


def test_boundary_segment_vertical_and_horizontal_lines():
    xs, ys = nv.boundary_segment([2.0, 0.0], -1.0)  # x1 = 0.5
    assert np.allclose(xs, [0.5, 0.5]) and np.allclose(sorted(ys), list(nv.LIM))
    xs, ys = nv.boundary_segment([0.0, 2.0], -1.0)  # x2 = 0.5
    assert np.allclose(ys, [0.5, 0.5]) and np.allclose(xs, list(nv.LIM))


def test_boundary_segment_none_for_zero_weights_or_line_outside():
    assert nv.boundary_segment([0.0, 0.0], 1.0) is None
    assert nv.boundary_segment([1.0, 0.0], -5.0) is None  # x1 = 5, right of the square


def test_boundary_segment_rejects_wrong_shape():
    with pytest.raises(ValueError, match="two weights"):
        nv.boundary_segment([1.0, 2.0, 3.0], 0.0)


def test_boundary_segment_through_a_corner_gives_two_distinct_points():
    xs, ys = nv.boundary_segment([1.0, -1.0], 0.0)  # x1 = x2, through two corners
    assert np.allclose(xs, nv.LIM) and np.allclose(ys, nv.LIM)


# ---------------------------------------------------------------------- misclassified, candidates
def test_misclassified_matches_step_rule():
    X, T = bp.datasets.and_()
    assert not nv.misclassified([1.0, 1.0], -1.5, X, T).any()
    assert nv.misclassified([0.0, 0.0], 0.0, X, T).tolist() == [True, True, True, False]


def test_no_line_separates_xor(rng):
    X, T = bp.datasets.xor()
    lines = [(rng.normal(size=2), rng.normal()) for _ in range(2000)]
    assert min(nv.candidate_report(lines, X, T)) >= 1


def test_candidate_report_counts():
    X, T = bp.datasets.and_()
    assert nv.candidate_report([([1.0, 1.0], -1.5), ([0.0, 0.0], 1.0)], X, T) == [0, 3]


# ---------------------------------------------------------------------- update_table, state
def test_update_table_replays_the_rule(and_run):
    run, X, T = and_run
    rows = nv.update_table(run, X, T)
    assert len(rows) == len(run.weights) - 1
    for r in rows:
        k = r["k"]
        w_prev, b_prev = run.weights[k - 1], run.biases[k - 1]
        w_new, b_new, y = bp.perceptron_step(w_prev, b_prev, r["x"], r["t"], 0.5)
        assert y == r["y"] and r["error"] == r["t"] - r["y"]
        assert np.allclose(w_new, r["w"]) and np.isclose(b_new, r["b"])
    assert len(nv.update_table(run, X, T, 3)) == 3
    assert len(nv.update_table(run, X, T, 10_000)) == len(rows)


def test_format_update_table_has_header_and_one_line_per_row(and_run):
    run, X, T = and_run
    text = nv.format_update_table(nv.update_table(run, X, T, 5))
    lines = text.splitlines()
    assert len(lines) == 6 and lines[0].split()[0] == "update"
    assert lines[1].split() == ["1", "0", "0", "0", "1", "-1", "0.000", "0.000", "-0.500"]


def test_perceptron_state_start_and_end(and_run):
    run, X, T = and_run
    s0 = nv.perceptron_state(run, X, T, 0)
    assert s0["visited"] is None and np.array_equal(s0["w"], run.weights[0])
    last = len(run.weights) - 1
    s = nv.perceptron_state(run, X, T, last)
    assert not s["wrong"].any()  # the run converged
    assert s["visited"] == (last - 1) % 4
    assert np.array_equal(s["y"], bp.step(X @ run.w + run.b))


def test_perceptron_state_rejects_k_out_of_range(and_run):
    run, X, T = and_run
    with pytest.raises(ValueError, match="k must be between"):
        nv.perceptron_state(run, X, T, len(run.weights))
    with pytest.raises(ValueError):
        nv.perceptron_state(run, X, T, -1)


# ---------------------------------------------------------------------- figures and widget
def test_plot_activations_draws_f_and_its_derivative():
    fig = nv.plot_activations()
    ax_f, ax_d = fig.axes
    assert [t.get_text() for t in ax_f.get_legend().get_texts()] == ["step", "sigmoid", "tanh"]
    sig = ax_d.get_lines()[1]
    assert np.allclose(sig.get_ydata(), bp.d_sigmoid(sig.get_xdata()))
    assert np.allclose(ax_d.get_lines()[0].get_ydata(), 0.0)  # the step gives no gradient
    assert ax_f.get_xlabel() and ax_f.get_ylabel() and ax_d.get_ylabel()


def test_plot_gate_with_and_without_line():
    X, T = bp.datasets.xor()
    fig = nv.plot_gate(X, T)
    assert len(fig.axes) == 1
    fig = nv.plot_gate(X, T, np.array([1.0, 1.0]), -0.5, title="t", highlight=0)
    labels = fig.axes[0].get_legend_handles_labels()[1]
    assert "wrong" in labels and "just visited" in labels and any("boundary" in s for s in labels)
    fig = nv.plot_gate(X, T, np.zeros(2), 0.0)  # no line to draw
    assert any("no line" in t.get_text() for t in fig.axes[0].texts)
    fig = nv.plot_gate(X, T, np.array([1.0, 0.0]), 5.0)  # x1 = -5, left of the square
    assert any("outside" in t.get_text() for t in fig.axes[0].texts)


def test_plot_perceptron_updates_one_panel_per_update(and_run):
    run, X, T = and_run
    fig = nv.plot_perceptron_updates(run, X, T, [0, 1, 5, 9, 13])
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == 5 and visible[1].get_title() == "after 1 update"
    assert len(fig.legends) == 1


def test_plot_perceptron_state_title_names_the_update(and_run):
    run, X, T = and_run
    fig = nv.plot_perceptron_state(run, X, T, 3, title="AND: ")
    assert fig.axes[0].get_title().startswith("AND: update 3 of")


def test_perceptron_widget_builds(and_run):
    import ipywidgets as widgets

    run, X, T = and_run
    Xo, To = bp.datasets.or_()
    run_or = bp.train_perceptron(Xo, To, eta=0.5)
    w = nv.perceptron_widget({"AND": (run, X, T), "OR": (run_or, Xo, To)})
    assert isinstance(w, widgets.VBox)
    dropdown, slider = w.children[0].children
    assert slider.max == len(run.weights) - 1
    dropdown.value = "OR"
    assert slider.max == len(nv.update_table(bp.train_perceptron(Xo, To, eta=0.5), Xo, To))


def test_plot_errors_per_epoch():
    X, T = bp.datasets.xor()
    run = bp.train_perceptron(X, T, eta=0.5, epochs=7)
    fig = nv.plot_errors_per_epoch({"XOR": run})
    line = fig.axes[0].get_lines()[0]
    assert np.array_equal(line.get_xdata(), np.arange(1, 8))
    assert np.array_equal(line.get_ydata(), run.errors)


def test_plot_candidate_lines_titles_count_mistakes():
    X, T = bp.datasets.xor()
    lines = [([1.0, 1.0], -0.5), ([1.0, -1.0], 0.5), ([0.0, 1.0], -0.5)]
    fig = nv.plot_candidate_lines(lines, X, T, ncols=2)
    titles = [ax.get_title() for ax in fig.axes if ax.get_visible() and ax.get_title()]
    assert titles == [f"{c} wrong" for c in nv.candidate_report(lines, X, T)]


def test_plot_decision_regions_draws_boundary_and_colorbar():
    X, T = bp.datasets.xor()
    fig = nv.plot_decision_regions(lambda Z: Z[:, :1] * 0 + Z[:, 1:], X, T, title="x2")
    assert len(fig.axes) == 2  # the plot and its colour bar
    assert "boundary" in fig.axes[0].get_legend_handles_labels()[1][0]


def test_perceptron_widget_redraws_without_error_when_moved(and_run):
    run, X, T = and_run
    Xx, Tx = bp.datasets.xor()
    run_xor = bp.train_perceptron(Xx, Tx, eta=0.5, epochs=12)
    w = nv.perceptron_widget({"AND": (run, X, T), "XOR": (run_xor, Xx, Tx)})
    dropdown, slider = w.children[0].children
    dropdown.value = "XOR"
    slider.value = slider.max
    dropdown.value = "AND"  # a shorter run: the slider is clipped to its last update
    assert slider.max == len(run.weights) - 1 and slider.value == slider.max
