"""Figures for chapters 04-05: the computation graph of a small network with every node's value and
gradient, a training record of one neuron, and a cost curve with its tangent.

Only matplotlib is used (no graphviz). The numbers come from the maths layer (``MLP.forward``,
``MLP.backward``); this module only lays them out, in the course style and without touching the
caller's rcParams. As everywhere in ``bplab.display``, every drawing function returns its
``Figure``; given an ``ax`` (or ``axes``) it draws there and returns that figure. A chapter that
retitles a panel reaches it as ``fig.axes[k]``.

>>> import bplab as bp
>>> net, x, t, eta = bp.datasets.worked_example()
>>> nodes, edges = graph_nodes(net, x, t)
>>> round(nodes["E"].value, 9), round(nodes["out_o1"].grad, 8)
(0.298371109, 0.74136507)
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np

from .common import COLORS, figure_for, styled, subplots


@dataclass
class Node:
    """One node of the graph: its ``value`` in the forward pass, ``grad`` = dE/d(node), and its
    drawing position (``column``, ``row``) and ``kind`` (input, bias, net, out, cost)."""

    name: str
    value: float
    grad: float
    column: int
    row: float
    kind: str

    def __post_init__(self) -> None:
        self.value, self.grad = float(self.value), float(self.grad)


@dataclass
class Edge:
    """A connection ``source -> target``; ``label`` names the weight (w1, ...) or the function."""

    source: str
    target: str
    label: str
    value: float | None = None  # the weight, when the edge is a weight
    grad: float | None = None  # dE/d(weight), when the edge is a weight


def weight_names(sizes) -> list[np.ndarray]:
    """The step-by-step example's numbering of the weights: w1, w2, ... run over the inputs of
    the first neuron of the first layer, then the second neuron, and so on layer by layer. Returns
    one array of names per layer, shaped like W (n_in, n_out).

    >>> weight_names([2, 2, 2])[0].tolist()
    [['w1', 'w3'], ['w2', 'w4']]
    """
    names, k = [], 1
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        layer = np.empty((n_in, n_out), dtype=object)
        for j in range(n_out):
            for i in range(n_in):
                layer[i, j] = f"w{k}"
                k += 1
        names.append(layer)
    return names


def graph_nodes(net, x, t) -> tuple[dict[str, Node], list[Edge]]:
    """Values and gradients dE/d(node) of every node of a two-layer network on ONE sample.

    Nodes, in the step-by-step example's names: inputs i1.., the layer biases b1, b2 (one per
    layer, shared, as in the source: its gradient is the sum over the layer's neurons), net_h*,
    out_h*, net_o*, out_o*, the costs E_o* = 1/2 (t - out)^2 and their sum E. ``x`` (1, n0), ``t``
    (1, n2).
    """
    if len(net.weights) != 2:
        raise ValueError(
            f"graph_nodes draws a network with one hidden layer, got sizes {net.sizes}"
        )
    x = np.asarray(x, dtype=np.float64).reshape(1, -1)
    t = np.asarray(t, dtype=np.float64).reshape(1, -1)
    tr = net.forward(x)
    g = net.backward(tr, t)
    d_net = [-d[0] for d in g.deltas]  # dE/dnet for N = 1 (delta = -N dE/dnet)
    (W1, W2), sizes = net.weights, net.sizes
    d_out_h = d_net[1] @ W2.T
    d_x = d_net[0] @ W1.T
    nodes: dict[str, Node] = {}
    edges: list[Edge] = []
    wn = weight_names(sizes)
    n_max = max(sizes)

    def row(k, n):
        return (n_max - n) / 2 + k

    for i in range(sizes[0]):
        nodes[f"i{i + 1}"] = Node(f"i{i + 1}", x[0, i], d_x[i], 0, row(i, sizes[0]), "input")
    d_out_o = tr.outputs[2][0] - t[0]  # dE/dout_o = out_o - t_o
    layers = (
        ("h", tr.outputs[1][0], d_net[0], d_out_h),
        ("o", tr.outputs[2][0], d_net[1], d_out_o),
    )
    for layer, (prefix, Y, dnet, dout) in enumerate(layers):
        n = sizes[layer + 1]
        col = 1 + 2 * layer
        b = f"b{layer + 1}"
        nodes[b] = Node(
            b, float(net.biases[layer][0]), float(dnet.sum()), col - 1, row(n, n) + 0.15, "bias"
        )
        if layer == 0:
            src = [f"i{i + 1}" for i in range(sizes[0])]
        else:
            src = [f"out_h{h + 1}" for h in range(sizes[1])]
        for j in range(n):
            nn, on = f"net_{prefix}{j + 1}", f"out_{prefix}{j + 1}"
            nodes[nn] = Node(nn, tr.nets[layer][0, j], dnet[j], col, row(j, n), "net")
            nodes[on] = Node(on, Y[j], dout[j], col + 1, row(j, n), "out")
            for i, s in enumerate(src):
                w, dw = float(net.weights[layer][i, j]), float(g.dW[layer][i, j])
                edges.append(Edge(s, nn, wn[layer][i, j], w, dw))
            edges.append(Edge(b, nn, ""))
            edges.append(Edge(nn, on, net.activations()[layer].name))
    for j in range(sizes[2]):
        en = f"E_o{j + 1}"
        E_j = 0.5 * (t[0, j] - tr.outputs[2][0, j]) ** 2
        nodes[en] = Node(en, E_j, 1.0, 5, row(j, sizes[2]), "cost")
        edges.append(Edge(f"out_o{j + 1}", en, ""))
        edges.append(Edge(en, "E", ""))
    nodes["E"] = Node(
        "E",
        sum(nodes[f"E_o{j + 1}"].value for j in range(sizes[2])),
        1.0,
        6,
        row((sizes[2] - 1) / 2, sizes[2]),
        "cost",
    )
    return nodes, edges


_KIND_COLOR = {
    "input": "input",
    "bias": "reference",
    "net": "hidden",
    "out": "hidden",
    "cost": "loss",
}


@styled
def plot_computation_graph(net, x, t, *, ax=None, digits: int = 6):
    """Draw the network's computation graph on one sample: each node shows its name, its value
    (forward pass, top line) and its gradient dE/d(node) (backward pass, bottom line, in the
    gradient colour); weight edges carry the weight's name and value, and the weights' gradients
    dE/dw (value at the arrow's tail times the gradient at its head) are listed, one line per
    layer, in the free corner under the output layer. Draws on ``ax`` if given, else on a new
    16 x 5.6 inch figure. Returns the Figure."""
    nodes, edges = graph_nodes(net, x, t)
    fig, ax = figure_for(ax, figsize=(16, 5.6))
    gap, half_w, half_h = 1.8, 0.36, 0.32  # column spacing, half the box width and height
    n_max = max(net.sizes)

    def xy(nd):
        return gap * nd.column, -nd.row

    for e in edges:
        (xa, ya), (xb, yb) = xy(nodes[e.source]), xy(nodes[e.target])
        xa, xb = xa + half_w, xb - half_w
        ax.annotate(
            "",
            xy=(xb, yb),
            xytext=(xa, ya),
            arrowprops=dict(arrowstyle="-|>", color="0.6", lw=1.2, shrinkA=0, shrinkB=0),
        )
        if e.value is not None:
            frac = 0.22
            ax.text(
                xa + frac * (xb - xa),
                ya + frac * (yb - ya),
                f"{e.label}={e.value:g}",
                fontsize=10,
                ha="center",
                va="center",
                zorder=5,
                bbox=dict(boxstyle="round,pad=0.12", fc="white", ec="0.8", lw=0.6),
            )
    for nd in nodes.values():
        x0, y0 = xy(nd)
        kind = _KIND_COLOR[nd.kind]
        if nd.kind in ("net", "out") and nd.name.endswith(tuple(f"o{j + 1}" for j in range(n_max))):
            kind = "output"
        ax.add_patch(
            plt.Rectangle(
                (x0 - half_w, y0 - half_h),
                2 * half_w,
                2 * half_h,
                fc="white",
                ec=COLORS[kind],
                lw=2.4,
                zorder=3,
            )
        )
        ax.text(
            x0, y0 + 0.17, nd.name, ha="center", va="center", fontsize=12, weight="bold", zorder=4
        )
        ax.text(
            x0, y0 - 0.01, f"{nd.value:.{digits}f}", ha="center", va="center", fontsize=11, zorder=4
        )
        ax.text(
            x0,
            y0 - 0.19,
            f"{nd.grad:+.{digits}f}",
            ha="center",
            va="center",
            fontsize=11,
            color=COLORS["gradient"],
            zorder=4,
        )
    # the weights' gradients, under the output layer (nothing is drawn there: the lowest node of
    # columns 3-6 sits above the bias row)
    x_text, y_text = gap * 3 - half_w, -(n_max + 0.15) + 0.3
    head = "weights: ∂E/∂w = value at the arrow's tail × purple number at its head"
    ax.text(x_text, y_text, head, fontsize=11, ha="left", va="center")
    weight_edges = sorted((e for e in edges if e.grad is not None), key=lambda e: int(e.label[1:]))
    n_first = net.weights[0].size  # w1..w_n_first are the first layer's
    for k, line in enumerate((weight_edges[:n_first], weight_edges[n_first:])):
        text = "   ".join(f"∂E/∂{e.label} = {e.grad:+.{digits}f}" for e in line)
        ax.text(x_text, y_text - 0.24 * (k + 1), text, fontsize=11, ha="left", va="center",
                color=COLORS["gradient"])  # fmt: skip
    ax.set_xlim(-half_w - 0.1, gap * 6 + half_w + 0.1)
    ax.set_ylim(-(n_max + 0.25 + half_h + 0.1), half_h + 0.1)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(
        "black: value in the forward pass;  purple: gradient ∂E/∂node from the backward pass",
        fontsize=13,
    )
    return fig


@styled
def plot_training(prediction, error, target: float, *, error_label: str = "error", axes=None):
    """Two panels over the training steps: the prediction against the target, and the error
    (log scale). ``prediction`` and ``error`` have one value per step. Draws on the two ``axes``
    if given, else on a new figure. Returns the Figure (its panels are ``fig.axes[0]``, prediction,
    and ``fig.axes[1]``, error)."""
    prediction = np.asarray(prediction, dtype=np.float64).ravel()
    error = np.asarray(error, dtype=np.float64).ravel()
    if prediction.shape != error.shape:
        raise ValueError(
            "prediction and error need one value per step, got "
            f"{prediction.shape} and {error.shape}"
        )
    if axes is None:
        _, axes = subplots(1, 2, figsize=(12, 4.4))
    steps = np.arange(len(prediction))
    ax1, ax2 = axes
    fig = ax1.figure
    ax1.plot(steps, prediction, color=COLORS["prediction"], label="prediction ŷ")
    ax1.axhline(target, color=COLORS["target"], ls="--", lw=1.5, label=f"target {target:g}")
    ax1.set_xlabel("step")
    ax1.set_ylabel("prediction")
    ax1.legend()
    ax2.semilogy(steps, error, color=COLORS["loss"], label=error_label)
    ax2.set_xlabel("step")
    ax2.set_ylabel("error (log scale)")
    ax2.legend()
    return fig


@styled
def plot_tangent(w, E, w0: float, E0: float, slope: float, *, name: str = "w", ax=None):
    """A cost curve E(w) with the tangent line E0 + slope (w - w0) at the current weight: the sign
    and size of dE/dw read off as a picture. ``w`` and ``E`` are arrays of the same shape. Draws
    on ``ax`` if given, else on a new figure. Returns the Figure."""
    w = np.asarray(w, dtype=np.float64)
    E = np.asarray(E, dtype=np.float64)
    if w.shape != E.shape:
        raise ValueError(f"w and E must have the same shape, got {w.shape} and {E.shape}")
    fig, ax = figure_for(ax)
    ax.plot(w, E, color=COLORS["loss"], label=f"E as a function of {name}")
    ax.plot(
        w,
        E0 + slope * (w - w0),
        color=COLORS["gradient"],
        ls="--",
        label=f"tangent, slope ∂E/∂{name} = {slope:.6f}",
    )
    ax.plot([w0], [E0], "o", color=COLORS["path"], label=f"current {name} = {w0:g}")
    ax.set_xlabel(name)
    ax.set_ylabel("E")
    ax.legend()
    return fig


def comparison_table(rows, *, source: str = "source") -> str:
    """A text table of computed numbers next to the figures a source prints.

    ``rows`` is a sequence of ``(name, value, digits, printed)``: the value is formatted with
    ``digits`` decimals and marked ``same`` when that text equals ``printed`` (a string, exactly as
    the source prints it), else ``DIFFERS``.

    >>> print(comparison_table([("s", 1.94, 2, "1.94"), ("y", 0.75136507, 8, "0.75136079")]))
    quantity         bplab        source
    s                 1.94          1.94  same
    y           0.75136507    0.75136079  DIFFERS
    """
    rows = list(rows)
    texts = [f"{float(v):.{int(dg)}f}" for _, v, dg, _ in rows]
    wn = max([len("quantity")] + [len(str(r[0])) for r in rows])
    wv = max([13] + [len(s) for s in texts] + [len(str(r[3])) for r in rows])
    lines = [f"{'quantity':<{wn}s} {'bplab':>{wv}s} {source:>{wv}s}"]
    for (name, _, _, printed), mine in zip(rows, texts):
        flag = "same" if mine == str(printed) else "DIFFERS"
        lines.append(f"{name:<{wn}s} {mine:>{wv}s} {str(printed):>{wv}s}  {flag}")
    return "\n".join(lines)
