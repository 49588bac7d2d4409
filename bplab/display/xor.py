"""Figures of chapters 06 (solving XOR) and 07 (beyond).

Each ``plot_*`` function draws on a given ``ax`` (or a new figure), in the course style and
without touching the caller's rcParams, and returns the figure; the numbers it shows come from
``bplab.chapters.experiments`` or from the network itself. ``line_segment``, the part of a
neuron's line w1 x1 + w2 x2 + b = c inside a square, and the square ``LIM`` itself are
``bplab.display.common``'s, shared with chapter 01's figures.

>>> import numpy as np
>>> xs, ys = line_segment([1.0, 1.0], -1.0, lim=(0.0, 1.0))
>>> sorted(np.round(xs, 3).tolist())
[0.0, 1.0]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.colors import LogNorm

from ..chapters import experiments
from ..network import MLP
from .common import (
    COLORS,
    COUNT_CMAP,
    CYCLE,
    IMAGE_CMAP,
    LIM,
    OUTPUT_CMAP,
    SURFACE_CMAP,
    figure_for,
    line_segment,
    output_range,
    plot_targets,
    set_plane,
    styled,
    subplots,
)

Array = np.ndarray


# ---------------------------------------------------------------------- XOR in the input plane
@styled
def plot_points(X, T, ax, *, labels: bool = True):
    """The samples of a 2-input problem on ``ax``, marked by target (see
    ``common.plot_targets``). Returns the figure."""
    plot_targets(ax, X, T, labels=labels)
    return ax.figure


@styled
def plot_boundary(
    net: MLP,
    X,
    T,
    ax=None,
    *,
    lim=LIM,
    n: int = 121,
    title: str | None = None,
    colorbar: bool = True,
    legend: bool = True,
):
    """A 2-input network's output over the square (colour), its decision line y = 0.5 (black)
    and the samples. The colour scale spans the output activation's range, read off its values
    (``common.output_range``: 0 to 1 for a sigmoid, -1 to 1 for tanh; an unbounded side, from
    the outputs drawn)."""
    fig, ax = figure_for(ax, figsize=(5.6, 4.8))
    x1, x2, Y = experiments.decision_grid(net.predict, lim, n)
    lo, hi = output_range(net.output_activation, Y)
    im = ax.imshow(
        Y,
        origin="lower",
        extent=(*lim, *lim),
        cmap=OUTPUT_CMAP,
        vmin=lo,
        vmax=hi,
        interpolation="bilinear",
    )
    if Y.min() < 0.5 < Y.max():
        ax.contour(x1, x2, Y, levels=[0.5], colors=COLORS["boundary"], linewidths=2.2)
    ax.plot([], [], color=COLORS["boundary"], label="output = 0.5")
    plot_points(X, T, ax)
    set_plane(ax, lim)
    ax.grid(False)
    if title:
        ax.set_title(title)
    if colorbar:
        fig.colorbar(im, ax=ax, label="network output $y$", ticks=np.linspace(lo, hi, 5))
    if legend:
        ax.legend(loc="upper left", bbox_to_anchor=(0.0, -0.15), ncol=3, fontsize=10)
    return fig


@styled
def plot_boundary_snapshots(snaps, X, T, *, ncols: int = 4, lim=LIM):
    """One small ``plot_boundary`` panel per snapshot of ``experiments.fit_with_snapshots``."""
    k = len(snaps.nets)
    nrows = -(-k // ncols)
    # a fixed layout: constrained layout is slow for this many panels
    fig, axes = subplots(
        nrows, ncols, figsize=(3.2 * ncols, 3.3 * nrows + 0.6), squeeze=False, layout="none"
    )
    fig.subplots_adjust(
        left=0.05,
        right=0.99,
        top=0.95,
        bottom=0.6 / (3.3 * nrows + 0.6) + 0.08,
        wspace=0.3,
        hspace=0.35,
    )
    for ax, net, e in zip(axes.flat, snaps.nets, snaps.epochs):
        plot_boundary(
            net, X, T, ax, lim=lim, n=81, colorbar=False, legend=False, title=f"epoch {e}"
        )
        ax.set_xlabel("$x_1$", fontsize=11)
        ax.set_ylabel("$x_2$", fontsize=11)
        ax.tick_params(labelsize=9)
    for ax in list(axes.flat)[k:]:
        ax.set_visible(False)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=3, fontsize=11)
    return fig


@styled
def plot_hidden_lines(net: MLP, X, T, ax=None, *, lim=LIM):
    """Each first-layer unit's line in the input plane, where its net input is 0
    (w1 x1 + w2 x2 + b = 0: the unit's output is 0.5 for sigmoid, 0 for tanh), over the samples."""
    fig, ax = figure_for(ax, figsize=(5.6, 5.0))
    W, b = net.weights[0], net.biases[0]
    for j in range(W.shape[1]):
        seg = line_segment(W[:, j], b[j], 0.0, lim)
        colour = CYCLE[j % len(CYCLE)]
        if seg is not None:
            ax.plot(*seg, color=colour, label=f"hidden unit {j + 1}: net = 0")
            # an arrow from the middle of the line towards the side where the unit is "on"
            mid = np.array([seg[0].mean(), seg[1].mean()])
            d = W[:, j] / np.linalg.norm(W[:, j]) * 0.18
            ax.annotate("", mid + d, mid, arrowprops=dict(arrowstyle="->", color=colour, lw=2))
    plot_points(X, T, ax)
    set_plane(ax, lim, title="hidden units' lines in the input plane")
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=11)
    return fig


@styled
def plot_hidden_space(net: MLP, X, T, ax=None):
    """The samples placed at their hidden outputs (h1, h2) for a network with 2 hidden units,
    with the output unit's line where y = 0.5: in this plane XOR is linearly separable. The plane
    spans the hidden activation's range (``common.output_range``) with a margin for the labels."""
    if net.sizes[1] != 2 or len(net.weights) != 2:
        raise ValueError(f"need a 2-2-1 network to draw its hidden plane, got sizes {net.sizes}")
    fig, ax = figure_for(ax, figsize=(5.6, 5.0))
    H = net.forward(X).outputs[1]
    lo, hi = output_range(net.activation, H)
    lim = (lo - 0.15, hi + 0.3)
    plot_points(H, T, ax)
    # samples that land on (almost) the same hidden point share one label
    groups: list[tuple[Array, list[str]]] = []
    for h, x in zip(H, np.asarray(X)):
        name = f"({x[0]:g}, {x[1]:g})"
        for centre, names in groups:
            if np.abs(centre - h).max() < 0.05:
                names.append(name)
                break
        else:
            groups.append((h, [name]))
    for (h1, h2), names in groups:
        ax.annotate(
            "x = " + " and ".join(names),
            (h1, h2),
            textcoords="offset points",
            xytext=(-10, 12),
            fontsize=10,
            ha="center" if h1 > 0.5 else "left",
        )
    z = experiments.net_for_output(net.output_activation, 0.5)
    seg = line_segment(net.weights[1][:, 0], net.biases[1][0], z, lim)
    if seg is not None:
        ax.plot(*seg, color=COLORS["boundary"], label="output unit: y = 0.5")
    set_plane(
        ax,
        lim,
        xlabel="hidden output $h_1$",
        ylabel="hidden output $h_2$",
        title="the same samples in the hidden plane",
    )
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=11)
    return fig


# ---------------------------------------------------------------------- curves
@styled
def plot_loss_curves(
    curves: Mapping[str, Sequence[float]],
    ax=None,
    *,
    x=None,
    logy: bool = True,
    xlabel: str = "epoch",
    ylabel: str = "loss $E$",
    title: str | None = None,
    colors: Sequence[str] | None = None,
    max_points: int = 3000,
):
    """One line per entry of ``curves`` (label -> loss per epoch), log scale by default.
    ``x`` (optional) maps label -> x values; otherwise 1, 2, ... . A curve longer than
    ``max_points`` is drawn through ``max_points`` of its points, spaced evenly on a log scale."""
    fig, ax = figure_for(ax)
    for k, (label, loss) in enumerate(curves.items()):
        loss = np.asarray(loss, dtype=np.float64)
        xs = np.asarray(x[label]) if x is not None else np.arange(1, len(loss) + 1)
        if len(loss) > max_points:  # thin long curves, densely at the start (log axes)
            keep = np.unique(np.geomspace(1, len(loss), max_points).astype(int) - 1)
            xs, loss = xs[keep], loss[keep]
        colour = (
            colors[k]
            if colors is not None
            else COLORS["loss"]
            if len(curves) == 1
            else CYCLE[k % len(CYCLE)]
        )
        ax.plot(xs, loss, color=colour, label=label)
    if logy:
        ax.set_yscale("log")
    ax.set(xlabel=xlabel, ylabel=ylabel)
    if title:
        ax.set_title(title)
    ax.legend()
    return fig


@styled
def plot_weight_size(
    curves: Mapping[str, tuple[Sequence[float], Sequence[float]]],
    ax=None,
    *,
    xlabel: str = "training step",
    title: str | None = None,
):
    """Largest |weight| against training time, one line per entry label -> (x, size)."""
    fig, ax = figure_for(ax)
    for k, (label, (xs, size)) in enumerate(curves.items()):
        ax.plot(xs, size, color=CYCLE[k % len(CYCLE)], label=label)
    ax.set_yscale("log")
    ax.set(xlabel=xlabel, ylabel="largest |weight|")
    if title:
        ax.set_title(title)
    ax.legend()
    return fig


@styled
def plot_success_heatmap(grid, ax=None, *, title: str | None = None):
    """``rate[i, j]`` of an ``experiments.SuccessGrid`` as a coloured table, values written in."""
    fig, ax = figure_for(ax, figsize=(7.0, 4.4))
    im = ax.imshow(grid.rate, vmin=0, vmax=1, cmap=SURFACE_CMAP, origin="lower", aspect="auto")
    for i in range(grid.rate.shape[0]):
        for j in range(grid.rate.shape[1]):
            r = grid.rate[i, j]
            ax.text(
                j,
                i,
                f"{r:.0%}",
                ha="center",
                va="center",
                fontsize=12,
                color="black" if r > 0.6 else "white",
            )
    ax.set_xticks(range(len(grid.etas)), [f"{e:g}" for e in grid.etas])
    ax.set_yticks(range(len(grid.hidden)), [str(h) for h in grid.hidden])
    ax.set(xlabel=r"learning rate $\eta$", ylabel="hidden units")
    ax.grid(False)
    ax.set_title(title or f"XOR solved, out of {len(grid.seeds)} random starts")
    fig.colorbar(im, ax=ax, label="fraction solved")
    return fig


@styled
def plot_final_errors(
    finals: Mapping[str, Sequence[float]], ax=None, *, bins: int = 40, title: str | None = None
):
    """Histogram of log10(final E) of many runs, one outline per entry (label -> finals)."""
    fig, ax = figure_for(ax)
    data = {k: np.log10(np.asarray(v, dtype=np.float64)[np.isfinite(v)]) for k, v in finals.items()}
    allv = np.concatenate(list(data.values()))
    edges = np.linspace(allv.min(), allv.max(), bins + 1)
    for k, (label, v) in enumerate(data.items()):
        ax.hist(
            v, bins=edges, histtype="step", linewidth=2.2, color=CYCLE[k % len(CYCLE)], label=label
        )
    ax.set(xlabel=r"$\log_{10}$ of the final loss $E$", ylabel="number of runs")
    if title:
        ax.set_title(title)
    ax.legend()
    return fig


@styled
def plot_gradient_norms(by_depth: Mapping[str, Mapping[int, Sequence[float]]], depth: int, ax=None):
    """||dE/dW|| of each layer (1 = next to the input) of a ``depth``-layer network, one line per
    activation (label -> ``experiments.gradient_norms_by_depth`` result), log scale."""
    fig, ax = figure_for(ax)
    for k, (label, res) in enumerate(by_depth.items()):
        norms = np.asarray(res[depth])
        ax.plot(np.arange(1, len(norms) + 1), norms, "o-", color=CYCLE[k % len(CYCLE)], label=label)
    ax.set_yscale("log")
    ax.set(
        xlabel="layer (1 = next to the input)",
        ylabel=r"$\|\partial E/\partial W\|$",
        title=f"gradient size per layer, {depth} layers of weights",
    )
    ax.set_xticks(range(1, depth + 1))
    ax.legend()
    return fig


@styled
def plot_first_layer_by_depth(by_depth: Mapping[str, Mapping[int, Sequence[float]]], ax=None):
    """||dE/dW|| of the first layer against the number of layers, one line per activation."""
    fig, ax = figure_for(ax)
    for k, (label, res) in enumerate(by_depth.items()):
        depths = sorted(res)
        ax.plot(depths, [res[d][0] for d in depths], "o-", color=CYCLE[k % len(CYCLE)], label=label)
    ax.set_yscale("log")
    ax.set(
        xlabel="layers of weights",
        ylabel=r"$\|\partial E/\partial W_1\|$ (first layer)",
        title="the first layer's gradient as the network deepens",
    )
    ax.legend()
    return fig


# ---------------------------------------------------------------------- digits
@styled
def plot_digits(
    X, labels, predicted=None, *, ncols: int = 10, n: int | None = None, size: float = 1.2
):
    """8 x 8 digit images (rows of X, 64 pixels each) with their label, and the prediction in
    red when it is wrong."""
    X = np.asarray(X)
    n = len(X) if n is None else min(n, len(X))
    nrows = max(1, -(-n // ncols))
    fig, axes = subplots(nrows, ncols, figsize=(size * ncols, (size + 0.35) * nrows), squeeze=False)
    for k, ax in enumerate(axes.flat):
        ax.axis("off")
        if k >= n:
            continue
        ax.imshow(X[k].reshape(8, 8), cmap=IMAGE_CMAP, interpolation="nearest")
        if predicted is None:
            ax.set_title(f"{labels[k]}", fontsize=12)
        else:
            wrong = predicted[k] != labels[k]
            ax.set_title(
                f"{labels[k]} → {predicted[k]}",
                fontsize=11,
                color=COLORS["prediction"] if wrong else "black",
            )
    return fig


@styled
def plot_confusion(C, ax=None, *, title: str = "confusion matrix (test set)"):
    """A confusion matrix C[true, predicted] with the counts written in; log colour scale so that
    the few mistakes show next to the many right answers."""
    C = np.asarray(C)
    fig, ax = figure_for(ax, figsize=(6.4, 5.6))
    im = ax.imshow(C + 0.5, cmap=COUNT_CMAP, norm=LogNorm(vmin=0.5, vmax=C.max() + 0.5))
    for i in range(C.shape[0]):
        for j in range(C.shape[1]):
            if C[i, j]:
                ax.text(
                    j,
                    i,
                    str(C[i, j]),
                    ha="center",
                    va="center",
                    fontsize=10,
                    color="white" if C[i, j] > C.max() / 4 else "black",
                )
    ax.set_xticks(range(C.shape[1]))
    ax.set_yticks(range(C.shape[0]))
    ax.set(xlabel="predicted digit", ylabel="true digit", title=title)
    ax.grid(False)
    fig.colorbar(im, ax=ax, label="count (log scale)")
    return fig
