import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Annotation

import bplab as bp
from bplab.display import graph


@pytest.fixture
def worked():
    return bp.datasets.worked_example()


def test_weight_names_follow_the_step_by_step_example():
    first, second = graph.weight_names([2, 2, 2])
    assert first.tolist() == [["w1", "w3"], ["w2", "w4"]]
    assert second.tolist() == [["w5", "w7"], ["w6", "w8"]]


def test_graph_nodes_values_and_gradients(worked):
    net, x, t, _ = worked
    nodes, edges = graph.graph_nodes(net, x, t)
    assert nodes["net_h1"].value == pytest.approx(0.3775)
    assert nodes["out_o1"].value == pytest.approx(0.75136507, abs=5e-9)
    assert nodes["E"].value == pytest.approx(0.298371109, abs=5e-10)
    assert nodes["E"].value == pytest.approx(nodes["E_o1"].value + nodes["E_o2"].value)
    assert nodes["out_o1"].grad == pytest.approx(0.74136507, abs=5e-9)
    assert nodes["net_o1"].grad == pytest.approx(0.138498562, abs=5e-10)
    assert nodes["out_h1"].grad == pytest.approx(0.036350306, abs=5e-10)
    labels = {e.label: e.value for e in edges if e.value is not None}
    assert labels == {
        "w1": 0.15,
        "w2": 0.2,
        "w3": 0.25,
        "w4": 0.3,
        "w5": 0.4,
        "w6": 0.45,
        "w7": 0.5,
        "w8": 0.55,
    }


def test_graph_node_gradients_are_finite_differences(worked):
    """dE/dnode for the inputs and the shared biases, against central differences."""
    net, x, t, _ = worked
    nodes, _ = graph.graph_nodes(net, x, t)
    h = 1e-6
    for i in range(2):
        xp, xm = x.copy(), x.copy()
        xp[0, i] += h
        xm[0, i] -= h
        num = (net.loss(xp, t) - net.loss(xm, t)) / (2 * h)
        assert nodes[f"i{i + 1}"].grad == pytest.approx(num, rel=1e-6)
    for layer in range(2):
        up, down = net.copy(), net.copy()
        up.biases[layer] += h
        down.biases[layer] -= h
        num = (up.loss(x, t) - down.loss(x, t)) / (2 * h)
        assert nodes[f"b{layer + 1}"].grad == pytest.approx(num, rel=1e-6)


def test_graph_nodes_needs_one_hidden_layer():
    net = bp.MLP([2, 3, 3, 1], rng=0)
    with pytest.raises(ValueError, match="one hidden layer"):
        graph.graph_nodes(net, np.zeros((1, 2)), np.zeros((1, 1)))


def test_plot_computation_graph_returns_its_figure_with_every_node(worked):
    net, x, t, _ = worked
    nodes, edges = graph.graph_nodes(net, x, t)
    fig = graph.plot_computation_graph(net, x, t)
    assert isinstance(fig, Figure) and len(fig.axes) == 1
    ax = fig.axes[0]
    texts = [tx.get_text() for tx in ax.texts]
    for name in nodes:
        assert name in texts
    assert "0.298371" in texts  # E's value, six digits
    assert "+0.741365" in texts  # dE/dout_o1 = out_o1 - t1, in the gradient line
    assert any(s.startswith("w5=0.4") for s in texts)
    assert sum(isinstance(p, Rectangle) for p in ax.patches) == len(nodes)  # one box a node
    assert sum(isinstance(c, Annotation) for c in ax.texts) == len(edges)  # one arrow an edge
    plt.close(fig)


def test_plot_computation_graph_draws_into_a_given_ax(worked):
    net, x, t, _ = worked
    fig0, ax = plt.subplots()
    assert graph.plot_computation_graph(net, x, t, ax=ax) is fig0
    assert "E" in [tx.get_text() for tx in ax.texts]
    plt.close(fig0)


def test_plot_training_returns_its_figure_with_both_panels():
    prediction, error = [0.5, 0.6, 0.7], [0.04, 0.01, 0.0001]
    fig = graph.plot_training(prediction, error, 0.7)
    assert isinstance(fig, Figure)
    ax1, ax2 = fig.axes
    assert ax1.get_xlabel() == "step" and ax2.get_yscale() == "log"
    assert ax1.lines[0].get_ydata().tolist() == prediction
    assert list(ax1.lines[1].get_ydata()) == [0.7, 0.7]  # the target, a horizontal line
    assert ax2.lines[0].get_ydata().tolist() == error
    assert len(ax1.get_legend().get_texts()) == 2
    plt.close(fig)
    fig0, axes = plt.subplots(1, 2)
    assert graph.plot_training(prediction, error, 0.7, axes=axes) is fig0
    assert axes[1].get_yscale() == "log"
    plt.close(fig0)
    with pytest.raises(ValueError, match="one value per step"):
        graph.plot_training([0.5], [0.1, 0.2], 0.7)


def test_plot_tangent_returns_its_figure_with_the_tangent():
    w = np.linspace(-1, 1, 5)
    fig = graph.plot_tangent(w, w**2, 0.5, 0.25, 1.0, name="W1")
    assert isinstance(fig, Figure) and len(fig.axes) == 1
    ax = fig.axes[0]
    assert ax.get_xlabel() == "W1"
    curve, tangent, point = ax.lines
    assert np.allclose(curve.get_ydata(), w**2)
    assert np.allclose(tangent.get_ydata(), 0.25 + 1.0 * (w - 0.5))  # E0 + slope (w - w0)
    assert point.get_xydata().tolist() == [[0.5, 0.25]]
    assert len(ax.get_legend().get_texts()) == 3
    plt.close(fig)
    fig0, ax0 = plt.subplots()
    assert graph.plot_tangent(w, w**2, 0.5, 0.25, 1.0, ax=ax0) is fig0
    assert len(ax0.lines) == 3
    plt.close(fig0)
    with pytest.raises(ValueError, match="same shape"):
        graph.plot_tangent(w, w[:3], 0.0, 0.0, 0.0)


def test_comparison_table_flags_differences():
    text = graph.comparison_table(
        [("a", 0.1234, 3, "0.123"), ("b", 0.75136507, 8, "0.75136079")],
        source="the step-by-step example",
    )
    lines = text.splitlines()
    assert "the step-by-step example" in lines[0]
    assert lines[1].endswith("same") and "0.123" in lines[1]
    assert lines[2].endswith("DIFFERS") and "0.75136507" in lines[2]


def test_the_graph_lists_every_weight_gradient(worked):
    """Chapter 05 tells the reader to find dE/dw5 = out_h1 * dE/dnet_o1 in the figure."""
    net, x, t, _ = worked
    nodes, edges = graph.graph_nodes(net, x, t)
    g = net.backward(net.forward(x), t)
    names = graph.weight_names(net.sizes)
    grads = {e.label: e.grad for e in edges if e.grad is not None}
    for layer in range(2):
        for (i, j), name in np.ndenumerate(names[layer]):
            assert grads[name] == pytest.approx(g.dW[layer][i, j], rel=1e-12)
    assert grads["w5"] == pytest.approx(nodes["out_h1"].value * nodes["net_o1"].grad, rel=1e-12)
    fig = graph.plot_computation_graph(net, x, t)
    texts = " ".join(tx.get_text() for tx in fig.axes[0].texts)
    assert (
        "∂E/∂w5 = +0.082167" in texts and "∂E/∂w8 = -0.022740" in texts
    )  # the source's 0.082167041
    assert "∂E/∂w1 = +0.000439" in texts
    plt.close(fig)
