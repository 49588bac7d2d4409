import matplotlib.pyplot as plt
import numpy as np
import pytest

import bplab as bp
from bplab.display import graph


@pytest.fixture
def worked():
    return bp.datasets.worked_example()


def test_weight_names_follow_seed_002():
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


def test_plot_computation_graph_draws_every_node(worked):
    net, x, t, _ = worked
    ax = graph.plot_computation_graph(net, x, t)
    texts = [tx.get_text() for tx in ax.texts]
    for name in ("i1", "net_h1", "out_o2", "E_o1", "E", "b2"):
        assert name in texts
    assert "0.298371" in texts
    assert any(s.startswith("w5=") for s in texts)
    plt.close(ax.figure)


def test_plot_training_panels():
    axes = graph.plot_training([0.5, 0.6, 0.7], [0.04, 0.01, 0.0001], 0.7)
    assert axes[0].get_xlabel() == "step" and axes[1].get_yscale() == "log"
    assert len(axes[0].get_legend().get_texts()) == 2
    plt.close(axes[0].figure)
    with pytest.raises(ValueError, match="one value per step"):
        graph.plot_training([0.5], [0.1, 0.2], 0.7)


def test_plot_tangent():
    w = np.linspace(-1, 1, 5)
    ax = graph.plot_tangent(w, w**2, 0.5, 0.25, 1.0, name="W1")
    assert ax.get_xlabel() == "W1"
    assert len(ax.get_legend().get_texts()) == 3
    plt.close(ax.figure)
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
