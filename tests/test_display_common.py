"""bplab.display.common: the one copy of what the figures share — the line of a neuron in the
square, the style applied in a context only, and an activation's range read off its values."""

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest

import bplab as bp
from bplab.activations import Activation
from bplab.display import common, descent, graph, style
from bplab.display import neuron as nv
from bplab.display import xor as xv


# ---------------------------------------------------------------------- line_segment
def test_both_chapters_use_the_one_geometry_and_square():
    assert nv.LIM is common.LIM and xv.LIM is common.LIM
    assert xv.line_segment is common.line_segment
    assert nv.boundary_segment([1.0, 1.0], -2.5, lim=(0.0, 1.0)) is None  # misses (0,1)^2
    for w, b in (([1.0, 1.0], -1.5), ([0.3, -2.0], 0.4), ([2.0, 0.0], -1.0)):
        xs, ys = nv.boundary_segment(w, b)
        xs2, ys2 = common.line_segment(w, b, 0.0)
        assert xs.tolist() == xs2.tolist() and ys.tolist() == ys2.tolist()


def test_line_segment_end_points_are_on_the_line_inside_the_square(rng):
    for _ in range(300):
        w, b, c = rng.normal(size=2), rng.normal(), rng.normal()
        seg = common.line_segment(w, b, c)
        if seg is None:
            continue
        xs, ys = seg
        np.testing.assert_allclose(w[0] * xs + w[1] * ys + b, c, atol=1e-9)
        assert np.all((xs >= -0.5) & (xs <= 1.5) & (ys >= -0.5) & (ys <= 1.5))
        assert xs[0] <= xs[1]


def test_line_segment_does_not_depend_on_the_scale_of_w_b_and_c():
    # w x + b = c is the same line for (w, b, c) times any s != 0: tiny weights too
    ref = common.line_segment([1.0, 2.0], -0.5, 0.25)
    for s in (1e-9, 1e-3, 7.0, 1e9):
        got = common.line_segment([s, 2 * s], -0.5 * s, 0.25 * s)
        np.testing.assert_allclose(np.array(got), np.array(ref), atol=1e-12)


def test_a_line_through_a_corner_is_kept_and_a_touch_is_no_segment():
    # 0.1 x1 + 0.2 x2 = 0.05: through the corner (1.5, -0.5), and 0.1 and 0.2 are inexact in
    # binary, so the corner is computed only to within rounding
    xs, ys = common.line_segment([0.1, 0.2], 0.0, 0.05)
    assert (xs[1], ys[1]) == (1.5, -0.5)  # put back on the corner, not a hair outside
    # x1 + x2 = -1 only touches the corner (-0.5, -0.5): no segment to draw
    assert common.line_segment([1.0, 1.0], 1.0) is None
    assert common.line_segment([0.1, 0.1], 0.1) is None


def test_the_edge_tolerance_scales_with_the_square():
    # the same picture at another scale: the square and the line scaled together, the corner
    # crossing of 0.1 x1 + 0.2 x2 = 0.05 included
    ref = np.array(common.line_segment([0.1, 0.2], 0.0, 0.05))
    for s in (1e-6, 1e-3, 1e3, 1e6):
        got = common.line_segment([0.1, 0.2], 0.0, 0.05 * s, lim=(-0.5 * s, 1.5 * s))
        np.testing.assert_allclose(np.array(got) / s, ref, rtol=1e-12)
    # a vertical line a little outside: within the tolerance it is the edge, beyond it nothing
    tol = common.EDGE_TOL * 2.0  # the square LIM is 2 wide
    xs, _ = common.line_segment([1.0, 0.0], -(1.5 + 0.5 * tol))
    assert xs.tolist() == [1.5, 1.5]
    assert common.line_segment([1.0, 0.0], -(1.5 + 10 * tol)) is None


def test_line_segment_checks_its_inputs():
    with pytest.raises(ValueError, match="two weights"):
        common.line_segment([1.0, 2.0, 3.0], 0.0)
    with pytest.raises(ValueError, match="low < high"):
        common.line_segment([1.0, 1.0], 0.0, lim=(1.0, 1.0))
    assert common.line_segment([0.0, 0.0], 1.0) is None


# ---------------------------------------------------------------------- the style in a context
def test_course_style_applies_inside_and_restores_after():
    before = mpl.rcParams.copy()
    with common.course_style():
        assert mpl.rcParams["font.size"] == 14 and mpl.rcParams["axes.grid"]
    assert mpl.rcParams == before
    assert style.course_style is common.course_style and style.COLORS is common.COLORS


def _every_figure(xor_net):
    """One call of each kind of drawing function of every display module."""
    X, T = bp.datasets.xor()
    Xa, Ta = bp.datasets.and_()
    run = bp.train_perceptron(Xa, Ta, eta=0.5)
    x, y = bp.datasets.linear_data(30, theta=(1.0, 2.0), scales=(1.0,), noise=0.1, rng=0)
    A = bp.design_matrix(x)
    ta, tb = np.linspace(-2, 4, 21), np.linspace(-1, 5, 21)
    net, x1, t1, _ = bp.datasets.worked_example()
    yield nv.plot_activations()
    yield nv.plot_perceptron_updates(run, Xa, Ta, [0, 1])
    yield nv.plot_decision_regions(xor_net.predict, X, T)
    yield descent.alpha_view(A, y, 0.1, theta_a=ta, theta_b=tb, epochs=3)[0]
    yield descent.loss_vs_evals({"a": bp.gradient_descent(A, y, 0.1, epochs=3)})
    yield graph.plot_computation_graph(net, x1, t1)
    yield graph.plot_training([0.1, 0.2], [1.0, 0.5], 1.0)
    yield xv.plot_boundary(xor_net, X, T)
    yield xv.plot_hidden_space(xor_net, X, T)
    yield xv.plot_loss_curves({"a": [1.0, 0.5, 0.1]})
    yield style.subplots()[0]


@pytest.fixture
def xor_net():
    return bp.MLP([2, 2, 1], "tanh", rng=0)


def test_drawing_leaves_the_callers_rcparams_alone(xor_net):
    with mpl.rc_context({"font.size": 9.0, "lines.linewidth": 0.5}):
        before = mpl.rcParams.copy()
        for fig in _every_figure(xor_net):
            assert mpl.rcParams == before
            assert isinstance(fig, mpl.figure.Figure)


def test_use_is_the_one_global_change_and_notebooks_still_get_it():
    with mpl.rc_context():
        style.use()
        assert mpl.rcParams["font.size"] == 14
        assert mpl.rcParams["axes.prop_cycle"] == mpl.cycler(color=common.CYCLE)


def test_a_figure_keeps_the_style_when_drawn_after_the_context():
    # matplotlib reads the tick label size again at draw time to choose how many ticks fit
    fig = xv.plot_loss_curves({"a": np.linspace(1, 2, 50)}, logy=False)
    ax = fig.axes[0]
    fig.canvas.draw()
    outside = [t.get_text() for t in ax.get_xticklabels()]
    assert ax.get_xticklabels()[0].get_fontsize() == 12
    with common.course_style():
        fig.canvas.draw()
        inside = [t.get_text() for t in ax.get_xticklabels()]
    assert outside == inside


# ---------------------------------------------------------------------- an activation's range
def test_activation_range_of_the_built_ins():
    got = {name: common.activation_range(act) for name, act in bp.ACTIVATIONS.items()}
    assert got == {
        "sigmoid": (0.0, 1.0),
        "tanh": (-1.0, 1.0),
        "relu": (0.0, None),
        "linear": (None, None),
        "step": (0.0, 1.0),
    }


def test_activation_range_is_read_off_the_values_not_the_name():
    liar = Activation("tanh", bp.sigmoid, bp.d_sigmoid)  # named tanh, computes a sigmoid
    assert common.activation_range(liar) == (0.0, 1.0)
    wide = Activation("sigmoid", lambda z: 4 * bp.sigmoid(z) - 2, lambda z: 4 * bp.d_sigmoid(z))
    assert common.activation_range(wide) == (-2.0, 2.0)
    falling = Activation("mine", lambda z: bp.sigmoid(-z), lambda z: -bp.d_sigmoid(-z))
    assert common.activation_range(falling) == (0.0, 1.0)
    assert common.output_range(bp.ACTIVATIONS["relu"], [0.2, 3.5]) == (0.0, 3.5)
    with pytest.raises(ValueError, match="span"):
        common.activation_range(bp.sigmoid, z=[0.0, 1.0])


def test_plot_boundary_colour_scale_follows_the_output_activation_not_its_name():
    X, T = bp.datasets.xor()
    for name, f, df, clim in (
        ("tanh", bp.sigmoid, bp.d_sigmoid, (0.0, 1.0)),  # was drawn from -1 by its name
        ("sigmoid", bp.tanh, bp.d_tanh, (-1.0, 1.0)),
    ):
        net = bp.MLP([2, 2, 1], Activation(name, f, df), rng=0)
        fig = xv.plot_boundary(net, X, T)
        assert fig.axes[0].images[0].get_clim() == clim
        plt.close(fig)


def test_plot_hidden_space_spans_the_hidden_activation():
    X, T = bp.datasets.xor()
    liar = Activation("tanh", bp.sigmoid, bp.d_sigmoid)
    fig = xv.plot_hidden_space(bp.MLP([2, 2, 1], liar, rng=0), X, T)
    assert fig.axes[0].get_xlim() == pytest.approx((-0.15, 1.3))
    fig = xv.plot_hidden_space(bp.MLP([2, 2, 1], "tanh", rng=0), X, T)
    assert fig.axes[0].get_xlim() == pytest.approx((-1.15, 1.3))


def test_plot_activations_draws_any_jump_as_a_jump():
    heaviside = Activation("heaviside", lambda z: (z > 0).astype(float), np.zeros_like)
    fig = nv.plot_activations([heaviside, "sigmoid"])
    ax_f = fig.axes[0]
    dots = [ln for ln in ax_f.get_lines() if ln.get_marker() == "o"]
    assert len(dots) == 2  # the value after the jump filled, the one before it open
    assert [t.get_text() for t in ax_f.get_legend().get_texts()] == ["heaviside", "sigmoid"]
    sigmoid_lines = [ln for ln in ax_f.get_lines() if len(ln.get_xdata()) == 1001]
    assert len(sigmoid_lines) == 1  # no jump, one line
