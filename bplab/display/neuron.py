"""Figures and widgets of chapter 01: the neuron, its activations and the perceptron rule.

The plain functions (``boundary_segment``, ``misclassified``, ``update_table``,
``perceptron_state``, ``candidate_report``) compute what a figure or widget shows and are tested on
their own; the ``plot_*`` functions draw it and return the figure; ``perceptron_widget`` wraps a
slider around ``plot_perceptron_state``.

A perceptron with weights w (d,) and bias b outputs y = step(x . w + b): 1 when x . w + b >= 0.
In two dimensions its decision boundary is the line w1 x1 + w2 x2 + b = 0.

>>> import numpy as np
>>> xs, ys = boundary_segment(np.array([1.0, 1.0]), -1.5, lim=(-0.5, 1.5))
>>> np.round(xs, 3).tolist(), np.round(ys, 3).tolist()
([0.0, 1.5], [1.5, 0.0])
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np

from ..activations import Activation, get_activation, step
from ..chapters.experiments import decision_grid
from ..rules import PerceptronRun
from .common import (
    COLORS,
    CYCLE,
    LIM,
    OUTPUT_CMAP,
    figure_for,
    line_segment,
    plot_targets,
    set_plane,
    styled,
    subplots,
)

Array = np.ndarray


# ---------------------------------------------------------------------- plain functions
def boundary_segment(w, b: float, lim: tuple[float, float] = LIM) -> tuple[Array, Array] | None:
    """The part of the line w1 x1 + w2 x2 + b = 0 inside the square lim x lim, as two end points
    ``(xs (2,), ys (2,))``; ``None`` if w = 0 (no line) or the line misses the square. The
    geometry is ``common.line_segment``'s, shared with the figures of chapter 06.

    >>> xs, ys = boundary_segment([0.0, 2.0], -1.0)   # the horizontal line x2 = 0.5
    >>> xs.tolist(), ys.tolist()
    ([-0.5, 1.5], [0.5, 0.5])
    """
    return line_segment(w, b, 0.0, lim)


def misclassified(w, b: float, X, t) -> Array:
    """Which samples the perceptron (w, b) gets wrong: step(X @ w + b) != t, as a bool array (N,).
    X (N, d), t (N,) or (N, 1).

    >>> X = np.array([[0.0, 0.0], [1.0, 1.0]])
    >>> misclassified([1.0, 1.0], -1.5, X, [0, 0]).tolist()
    [False, True]
    """
    X = np.asarray(X, dtype=np.float64)
    t = np.asarray(t, dtype=np.float64).reshape(len(X))
    return step(X @ np.asarray(w, dtype=np.float64).reshape(-1) + float(b)) != t


def update_table(run: PerceptronRun, X, t, n: int | None = None) -> list[dict]:
    """The first ``n`` updates of a perceptron run (all if ``None``), one dict per update
    k = 1, 2, ...: the sample visited (``x``, ``t``), the output before the update ``y``, the error
    ``t - y`` and the weights ``w``, bias ``b`` after it. Assumes the run visited the samples in
    order (no shuffle).

    >>> import bplab as bp
    >>> X, T = bp.datasets.and_()
    >>> row = update_table(bp.train_perceptron(X, T, eta=0.5), X, T, 1)[0]
    >>> row["y"], row["error"], row["b"]
    (1.0, -1.0, -0.5)
    """
    X = np.asarray(X, dtype=np.float64)
    t = np.asarray(t, dtype=np.float64).reshape(len(X))
    updates = len(run.weights) - 1
    n = updates if n is None else min(int(n), updates)
    rows = []
    for k in range(1, n + 1):
        i = (k - 1) % len(X)
        y = float(step(X[i] @ run.weights[k - 1] + run.biases[k - 1]))
        rows.append(
            {
                "k": k,
                "x": X[i].copy(),
                "t": float(t[i]),
                "y": y,
                "error": float(t[i]) - y,
                "w": run.weights[k].copy(),
                "b": float(run.biases[k]),
            }
        )
    return rows


def format_update_table(rows: Sequence[dict]) -> str:
    """``update_table`` rows as a fixed-width text table, one line per update.

    >>> print(format_update_table([{"k": 1, "x": np.array([0.0, 0.0]), "t": 0.0, "y": 1.0,
    ...                             "error": -1.0, "w": np.array([0.0, 0.0]), "b": -0.5}]))
    update   x1   x2    t    y  t-y     w1     w2      b
         1    0    0    0    1   -1  0.000  0.000 -0.500
    """
    head = ("update", "x1", "x2", "t", "y", "t-y", "w1", "w2", "b")
    widths = (6, 4, 4, 4, 4, 4, 6, 6, 6)
    lines = [" ".join(f"{h:>{n}}" for h, n in zip(head, widths))]
    for r in rows:
        lines.append(
            f"{r['k']:>6} {r['x'][0]:>4.0f} {r['x'][1]:>4.0f} {r['t']:>4.0f} {r['y']:>4.0f} "
            f"{r['error']:>4.0f} {r['w'][0]:>6.3f} {r['w'][1]:>6.3f} {r['b']:>6.3f}"
        )
    return "\n".join(lines)


def perceptron_state(run: PerceptronRun, X, t, k: int) -> dict:
    """What the widget shows after update k (0 = the start): weights ``w``, bias ``b``, the
    predictions ``y`` (N,) of all samples, the bool mask ``wrong`` (N,), and ``visited``, the index
    of the sample update k looked at (``None`` for k = 0). Assumes samples visited in order.

    >>> import bplab as bp
    >>> X, T = bp.datasets.or_()
    >>> s = perceptron_state(bp.train_perceptron(X, T, eta=0.5), X, T, 0)
    >>> s["y"].tolist(), s["visited"]
    ([1.0, 1.0, 1.0, 1.0], None)
    """
    X = np.asarray(X, dtype=np.float64)
    t = np.asarray(t, dtype=np.float64).reshape(len(X))
    k = int(k)
    if not 0 <= k < len(run.weights):
        raise ValueError(
            f"k must be between 0 and {len(run.weights) - 1} (the updates made), got {k}"
        )
    w, b = run.weights[k], float(run.biases[k])
    y = step(X @ w + b)
    return {
        "k": k,
        "w": w,
        "b": b,
        "y": y,
        "wrong": y != t,
        "visited": None if k == 0 else (k - 1) % len(X),
    }


def candidate_report(lines: Sequence[tuple[Sequence[float], float]], X, t) -> list[int]:
    """For each candidate line (w, b), how many samples the perceptron step(x . w + b) gets wrong.

    >>> import bplab as bp
    >>> X, T = bp.datasets.xor()
    >>> candidate_report([([1.0, 1.0], -0.5), ([1.0, 1.0], -1.5)], X, T)
    [1, 3]
    """
    return [int(misclassified(w, b, X, t).sum()) for w, b in lines]


# ---------------------------------------------------------------------- figures
@styled
def plot_activations(names: Sequence[str | Activation] = ("step", "sigmoid", "tanh"), z=None):
    """Two panels: each activation f(z) on the left and its derivative f'(z) on the right (names
    are looked up in ``bplab.ACTIVATIONS``; an ``Activation`` of one's own works too).

    A jump between two neighbouring grid points (a change of more than half f's range, as the
    step makes at z = 0) is drawn as a jump, not as a steep line: the pieces are not joined, the
    value at the grid point after the jump gets a filled dot and the value before it an open one.
    Returns the figure."""
    z = np.linspace(-5, 5, 1001) if z is None else np.asarray(z, dtype=np.float64)
    fig, (ax_f, ax_d) = subplots(1, 2, figsize=(12, 4.6), sharex=True)
    for name, color in zip(names, CYCLE):
        act = get_activation(name)
        f, df = act.f(z), act.df(z)
        jumps = np.flatnonzero(np.abs(np.diff(f)) > 0.5 * np.ptp(f)) + 1
        for k, (zs, fs) in enumerate(zip(np.split(z, jumps), np.split(f, jumps))):
            ax_f.plot(zs, fs, color=color, label=act.name if k == 0 else None)
        for i in jumps:
            ax_f.plot([z[i]], [f[i]], "o", color=color)
            ax_f.plot([z[i]], [f[i - 1]], "o", color=color, mfc="white")
        ax_d.plot(z, df, color=color, label=f"{act.name}'")
    ax_f.set(xlabel="net input $z$", ylabel="$f(z)$", title="activation")
    ax_d.set(xlabel="net input $z$", ylabel="$f'(z)$", title="derivative")
    ax_f.legend(loc="upper left")
    ax_d.legend(loc="upper left")
    return fig


@styled
def plot_gate(
    X,
    t,
    w=None,
    b: float | None = None,
    *,
    ax=None,
    title: str | None = None,
    highlight: int | None = None,
):
    """The samples of a two-input gate coloured by target (class 0 / class 1), crosses around
    the ones the perceptron (w, b) gets wrong, its boundary line and the side where it outputs 1
    shaded. ``highlight``: index of a sample to ring (the one just visited). Returns the figure."""
    X = np.asarray(X, dtype=np.float64)
    t = np.asarray(t, dtype=np.float64).reshape(len(X))
    fig, ax = figure_for(ax, figsize=(5, 5))
    lo, hi = LIM
    if w is not None:
        g = np.linspace(lo, hi, 201)
        G1, G2 = np.meshgrid(g, g)
        out = step(G1 * w[0] + G2 * w[1] + b)
        ax.contourf(
            G1,
            G2,
            out,
            levels=[-0.5, 0.5, 1.5],
            colors=[COLORS["class0"], COLORS["class1"]],
            alpha=0.15,
        )
        for key, lab in (("class0", "says 0"), ("class1", "says 1")):
            ax.fill([], [], color=COLORS[key], alpha=0.3, label=lab)  # legend entry only
        seg = boundary_segment(w, b)
        if seg is not None:
            ax.plot(*seg, color=COLORS["boundary"], label="boundary $x\\cdot w+b=0$")
        else:
            msg = "no line:\nw = 0" if not np.any(w) else "the line lies\noutside the square"
            ax.text(
                0.5,
                0.5,
                msg,
                ha="center",
                va="center",
                transform=ax.transAxes,
                fontsize=12,
                color=COLORS["boundary"],
            )
        wrong = misclassified(w, b, X, t)
        if wrong.any():
            ax.plot(
                X[wrong, 0],
                X[wrong, 1],
                "x",
                color=COLORS["prediction"],
                ms=22,
                mew=3,
                label="wrong",
                zorder=4,
            )
    plot_targets(ax, X, t, zorder=3)
    if highlight is not None:
        ax.plot(
            X[highlight, 0],
            X[highlight, 1],
            "o",
            ms=26,
            mfc="none",
            mec="black",
            mew=2,
            label="just visited",
            zorder=5,
        )
    set_plane(ax)
    if title:
        ax.set_title(title)
    return fig


@styled
def plot_perceptron_updates(run: PerceptronRun, X, t, ks: Sequence[int], *, ncols: int = 4):
    """A row (or grid) of ``plot_gate`` panels: the boundary after each update in ``ks``.
    One shared legend below the panels. Returns the figure."""
    panels = []
    for k in ks:
        s = perceptron_state(run, X, t, k)
        title = f"after {k} update" + ("" if k == 1 else "s")
        panels.append((s["w"], s["b"], title, s["visited"]))
    return _gate_panels(X, t, panels, ncols)


@styled
def plot_perceptron_state(run: PerceptronRun, X, t, k: int, *, title: str = ""):
    """One panel: the line after update k with the sample just visited ringed (for the widget)."""
    s = perceptron_state(run, X, t, k)
    n_wrong = int(s["wrong"].sum())
    label = (
        f"{title}update {k} of {len(run.weights) - 1}: "
        f"w = ({s['w'][0]:.2f}, {s['w'][1]:.2f}), b = {s['b']:.2f}\n"
        f"{n_wrong} of {len(s['y'])} wrong"
    )
    fig = plot_gate(X, t, s["w"], s["b"], title=label, highlight=s["visited"])
    fig.axes[0].title.set_fontsize(12)
    fig.axes[0].legend(loc="upper left", bbox_to_anchor=(1.02, 1.0))
    fig.set_size_inches(7.5, 5)
    return fig


def perceptron_widget(runs: dict[str, tuple[PerceptronRun, Array, Array]]):
    """A slider over the update index k and a menu over ``runs`` (name -> (run, X, t)); moving
    either redraws the line and the points with ``plot_perceptron_state``. Returns the widget."""
    import ipywidgets as widgets

    names = list(runs)
    longest = max(len(r.weights) for r, _, _ in runs.values()) - 1
    k = widgets.IntSlider(
        value=0, min=0, max=longest, step=1, description="update k", continuous_update=True
    )
    gate = widgets.Dropdown(options=names, value=names[0], description="data")

    def _clip(change=None):
        k.max = len(runs[gate.value][0].weights) - 1

    gate.observe(_clip, names="value")
    _clip()

    def _draw(gate_name: str, k_value: int) -> None:
        run, X, t = runs[gate_name]
        plot_perceptron_state(run, X, t, min(k_value, len(run.weights) - 1), title=f"{gate_name}: ")
        plt.show()

    out = widgets.interactive_output(_draw, {"gate_name": gate, "k_value": k})
    return widgets.VBox([widgets.HBox([gate, k]), out])


@styled
def plot_errors_per_epoch(runs: dict[str, PerceptronRun], *, ax=None):
    """Mistakes per epoch of each run (name -> run), one line and marker per run.
    Returns the figure."""
    fig, ax = figure_for(ax)
    markers = "osD^v"
    for (name, run), color, m in zip(runs.items(), CYCLE, markers):
        epochs = np.arange(1, len(run.errors) + 1)
        ax.plot(epochs, run.errors, marker=m, color=color, label=name)
    ax.set(xlabel="epoch", ylabel="samples misclassified in the epoch", ylim=(-0.2, None))
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend()
    return fig


@styled
def plot_candidate_lines(lines: Sequence[tuple[Sequence[float], float]], X, t, *, ncols: int = 4):
    """One ``plot_gate`` panel per candidate line (w, b), titled with how many samples it gets
    wrong. Returns the figure."""
    counts = candidate_report(lines, X, t)
    panels = [
        (np.asarray(w, dtype=np.float64), b, f"{c} wrong", None) for (w, b), c in zip(lines, counts)
    ]
    return _gate_panels(X, t, panels, ncols)


@styled
def plot_decision_regions(
    predict: Callable[[Array], Array],
    X,
    t,
    *,
    threshold: float = 0.5,
    ax=None,
    title: str | None = None,
):
    """The output of ``predict`` over the plane as a filled contour, the line where it equals
    ``threshold`` (the decision boundary) and the samples coloured by target. Returns the figure."""
    X = np.asarray(X, dtype=np.float64)
    t = np.asarray(t, dtype=np.float64).reshape(len(X))
    fig, ax = figure_for(ax, figsize=(6.6, 6.2))
    G1, G2, Z = decision_grid(predict, LIM, 201)
    cs = ax.contourf(
        G1,
        G2,
        Z,
        levels=np.linspace(min(Z.min(), 0), max(Z.max(), 1), 21),
        cmap=OUTPUT_CMAP,
        alpha=0.5,
    )
    fig.colorbar(cs, ax=ax, label="network output $y$", ticks=[0, 0.25, 0.5, 0.75, 1], shrink=0.8)
    ax.contour(G1, G2, Z, levels=[threshold], colors=COLORS["boundary"])
    ax.plot([], [], color=COLORS["boundary"], label=f"boundary $y = {threshold}$")
    plot_targets(ax, X, t, zorder=3)
    set_plane(ax, xticks=[-0.5, 0, 0.5, 1, 1.5], yticks=[-0.5, 0, 0.5, 1, 1.5])
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3, fontsize=11)
    if title:
        ax.set_title(title)
    return fig


def _gate_panels(X, t, panels, ncols: int):
    """A grid of ``plot_gate`` panels, one per (w, b, title, highlight), ticks at 0 and 1 only,
    with one legend shared below them."""
    nrows = -(-len(panels) // ncols)
    fig, axes = subplots(nrows, ncols, figsize=(3.6 * ncols, 3.9 * nrows + 0.7), squeeze=False)
    for ax, (w, b, title, highlight) in zip(axes.flat, panels):
        plot_gate(X, t, w, b, ax=ax, title=title, highlight=highlight)
        ax.set_xticks([0, 1])
        ax.set_yticks([0, 1])
    for ax in list(axes.flat)[len(panels) :]:
        ax.set_visible(False)
    _shared_legend(fig, axes.flat)
    return fig


def _shared_legend(fig, axes) -> None:
    """One legend for several panels: every label found on any panel, once, below them."""
    handles, labels = {}, []
    for ax in axes:
        for h, lab in zip(*ax.get_legend_handles_labels()):
            if lab not in handles:
                handles[lab] = h
                labels.append(lab)
    fig.legend(
        [handles[lab] for lab in labels],
        labels,
        loc="outside lower center",
        ncol=min(len(labels), 8),
    )
