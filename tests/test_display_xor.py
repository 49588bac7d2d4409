"""bplab.display.xor: every figure of chapters 06 and 07 draws what it is given."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

import bplab as bp
from bplab.chapters import experiments as ex
from bplab.display import xor as xv


@pytest.fixture
def xor():
    return bp.datasets.xor()


@pytest.fixture
def trained(xor):
    X, T = xor
    net = bp.MLP([2, 2, 1], "tanh", rng=0)
    net.fit(X, T, eta=0.2, epochs=500, batch_size=1, rng=0, progress=False)
    return net


def test_line_segment_cases():
    xs, ys = xv.line_segment([1.0, 0.0], -0.5)  # x1 = 0.5
    assert xs.tolist() == [0.5, 0.5] and sorted(ys.tolist()) == [-0.5, 1.5]
    xs, ys = xv.line_segment([1.0, 1.0], 0.0, c=1.0, lim=(0.0, 1.0))  # x1 + x2 = 1
    assert sorted(zip(xs.tolist(), ys.tolist())) == [(0.0, 1.0), (1.0, 0.0)]
    assert xv.line_segment([0.0, 0.0], 1.0) is None
    assert xv.line_segment([1.0, 0.0], -10.0) is None  # x1 = 10 misses the square


def test_plot_boundary_draws_the_half_line(xor, trained):
    X, T = xor
    fig = xv.plot_boundary(trained, X, T, title="t")
    ax = fig.axes[0]
    assert ax.get_title() == "t" and ax.get_xlabel() == "$x_1$"
    assert len(ax.images) == 1 and len(fig.axes) == 2  # image and colour bar
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "output = 0.5" in labels and "target 1" in labels


def test_plot_boundary_snapshots_one_panel_each(xor):
    X, T = xor
    snaps = ex.fit_with_snapshots(bp.MLP([2, 3, 1], rng=0), X, T, 1.0, [0, 5, 10])
    fig = xv.plot_boundary_snapshots(snaps, X, T, ncols=2)
    visible = [a for a in fig.axes if a.get_visible()]
    assert [a.get_title() for a in visible] == ["epoch 0", "epoch 5", "epoch 10"]


def test_plot_hidden_lines_one_per_unit(xor, trained):
    X, T = xor
    fig = xv.plot_hidden_lines(trained, X, T)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert sum("hidden unit" in s for s in labels) == 2


def test_plot_hidden_space_places_samples_at_hidden_outputs(xor, trained):
    X, T = xor
    fig = xv.plot_hidden_space(trained, X, T)
    ax = fig.axes[0]
    H = trained.forward(X).outputs[1]
    pts = np.concatenate([c.get_offsets() for c in ax.collections])
    assert sorted(map(tuple, np.round(pts, 9))) == sorted(map(tuple, np.round(H, 9)))
    assert ax.get_xlabel() == "hidden output $h_1$"
    with pytest.raises(ValueError, match="2-2-1"):
        xv.plot_hidden_space(bp.MLP([2, 3, 1]), X, T)


def test_plot_loss_curves_thins_long_curves():
    fig = xv.plot_loss_curves({"a": np.linspace(1, 0.1, 10_000), "b": [1.0, 0.5]}, max_points=100)
    ax = fig.axes[0]
    lines = ax.get_lines()
    assert len(lines) == 2 and len(lines[0].get_xdata()) <= 100 and lines[0].get_xdata()[0] == 1
    assert ax.get_yscale() == "log"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]


def test_plot_weight_size_and_final_errors():
    fig = xv.plot_weight_size({"run": ([1, 2, 3], [0.1, 0.2, 0.3])})
    assert fig.axes[0].get_ylabel() == "largest |weight|"
    fig = xv.plot_final_errors({"a": [1e-3, 1e-2, np.nan], "b": [1e-4, 1e-1]})
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["a", "b"]


def test_plot_success_heatmap_writes_every_rate(xor):
    X, T = xor
    grid = ex.success_grid(X, T, [2, 3], [1.0, 4.0], range(3), 50)
    fig = xv.plot_success_heatmap(grid)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert len(texts) == 4 and all(t.endswith("%") for t in texts)


def test_gradient_norm_plots():
    res = {
        "sigmoid": ex.gradient_norms_by_depth([2, 3], seeds=[0]),
        "relu": ex.gradient_norms_by_depth([2, 3], activation="relu", seeds=[0]),
    }
    fig = xv.plot_gradient_norms(res, depth=3)
    assert len(fig.axes[0].get_lines()) == 2
    assert len(fig.axes[0].get_lines()[0].get_xdata()) == 3
    fig = xv.plot_first_layer_by_depth(res)
    assert fig.axes[0].get_lines()[0].get_xdata().tolist() == [2, 3]


def test_plot_digits_marks_wrong_predictions():
    X, labels = bp.datasets.digits()
    fig = xv.plot_digits(X[:3], labels[:3], np.array([0, 9, 2]), ncols=3)
    titles = [a.get_title() for a in fig.axes]
    assert titles == ["0 → 0", "1 → 9", "2 → 2"]
    assert fig.axes[1].title.get_color() != fig.axes[0].title.get_color()


def test_plot_confusion_writes_the_counts():
    C = np.array([[3, 1], [0, 2]])
    fig = xv.plot_confusion(C)
    assert sorted(t.get_text() for t in fig.axes[0].texts) == ["1", "2", "3"]
    assert fig.axes[0].get_xlabel() == "predicted digit"


def test_plot_points_returns_the_figure_it_drew_on(xor):
    fig, ax = plt.subplots()
    assert xv.plot_points(*xor, ax) is fig
    assert len(ax.collections) == 2  # target 0 and target 1
