"""What every figure of the course shares: the style, the colours, the square of the input plane,
the colour maps, and the geometry of a neuron's line in that square.

The style is applied in a context, never globally: every drawing function of ``bplab.display``
runs inside ``course_style()`` (the ``styled`` decorator), so calling one leaves the caller's
``matplotlib.rcParams`` as they were. ``use()`` is the one deliberate exception: a notebook calls
it once in its first cell so that its own figures look like the library's.

>>> import matplotlib as mpl
>>> before = mpl.rcParams["font.size"]
>>> with course_style():
...     mpl.rcParams["font.size"]
14.0
>>> mpl.rcParams["font.size"] == before
True
>>> xs, ys = line_segment([1.0, 1.0], -1.5)      # x1 + x2 = 1.5 in the square LIM x LIM
>>> xs.tolist(), ys.tolist()
([0.0, 1.5], [1.5, 0.0])
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure

Array = np.ndarray

# ---------------------------------------------------------------------- colours
# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour deficiency.
PALETTE = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}

# The same quantity gets the same colour in every chapter.
COLORS = {
    "target": PALETTE["black"],
    "prediction": PALETTE["vermillion"],
    "loss": PALETTE["blue"],
    "gradient": PALETTE["purple"],
    "path": PALETTE["vermillion"],
    "optimum": PALETTE["green"],
    "class0": PALETTE["sky"],
    "class1": PALETTE["orange"],
    "boundary": PALETTE["black"],
    "input": PALETTE["sky"],
    "hidden": PALETTE["green"],
    "output": PALETTE["vermillion"],
    # the three gradient-descent variants, and a second series for comparisons
    "batch": PALETTE["blue"],
    "stochastic": PALETTE["orange"],
    "minibatch": PALETTE["green"],
    "reference": PALETTE["purple"],
}

# A sequence for several lines of the same kind (several learning rates, several seeds, ...).
CYCLE = [PALETTE[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky", "yellow")]

# ---------------------------------------------------------------------- colour maps
#: A network's output over the input plane: class-0 blue through white to class-1 orange.
OUTPUT_CMAP = LinearSegmentedColormap.from_list(
    "bplab_output", [COLORS["class0"], "#ffffff", COLORS["class1"]]
)
#: Cost surfaces and rates (perceptually uniform, readable in grey).
SURFACE_CMAP = "viridis"
#: Counts, such as a confusion matrix.
COUNT_CMAP = "Blues"
#: Grey-scale images (the digits), dark ink on white.
IMAGE_CMAP = "gray_r"

# ---------------------------------------------------------------------- the style
RC = {
    "figure.figsize": (7.5, 4.6),
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "font.size": 14,
    "axes.titlesize": 15,
    "axes.labelsize": 14,
    "xtick.labelsize": 12,
    "ytick.labelsize": 12,
    "legend.fontsize": 12,
    "legend.frameon": False,
    "lines.linewidth": 2.2,
    "lines.markersize": 8,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": mpl.cycler(color=CYCLE),
    "image.cmap": SURFACE_CMAP,
    "figure.constrained_layout.use": True,
}


@contextlib.contextmanager
def course_style() -> Iterator[None]:
    """The course style for the figures made inside the ``with`` block; the caller's rcParams
    come back unchanged when it ends. A figure made inside keeps the style when shown later."""
    with mpl.rc_context(RC):
        yield


def styled(draw: Callable) -> Callable:
    """Decorator: run a drawing function inside ``course_style()``, so that the figure it returns
    looks the same wherever it is shown later."""

    @functools.wraps(draw)
    def in_course_style(*args, **kwargs):
        with course_style():
            result = draw(*args, **kwargs)
            for fig in _figures_in(result):
                _keep_tick_label_size(fig)
        return result

    return in_course_style


def _figures_in(result) -> list[Figure]:
    """The figures a drawing function returned: a Figure, Axes, an array of Axes, or a tuple
    starting with one of those."""
    figs: list[Figure] = []
    for item in result if isinstance(result, tuple | list) else (result,):
        if isinstance(item, np.ndarray) and item.dtype == object and item.size:
            item = item.flat[0]
        if isinstance(item, Axes):
            item = item.figure
        if isinstance(item, Figure) and item not in figs:
            figs.append(item)
    return figs


def _keep_tick_label_size(fig: Figure) -> None:
    # Matplotlib reads the tick label size from rcParams again when it draws, to decide how many
    # ticks fit; a figure made in the course style but shown after the ``with`` block would get
    # more, smaller-spaced ticks. Writing each axis' current size into the axis keeps it.
    for ax in fig.axes:
        for axis in (getattr(ax, name, None) for name in ("xaxis", "yaxis", "zaxis")):
            if axis is not None:
                size = axis.get_major_ticks(1)[0].label1.get_fontsize()
                axis.set_tick_params(which="both", labelsize=size)


def use() -> None:
    """Apply the course style to every later figure of the session: the notebooks call it once,
    in their first cell, so that the figures they draw themselves match the library's. This is
    the only function of ``bplab.display`` that changes matplotlib's global rcParams."""
    mpl.rcParams.update(RC)


@styled
def subplots(*args, **kwargs):
    """``plt.subplots`` in the course style: the figure and its axes are made inside
    ``course_style()``. What is drawn on them later takes the rcParams in force then (the
    course style, in a notebook that called ``use()``)."""
    return plt.subplots(*args, **kwargs)


def figure_for(ax, **subplots_kwargs):
    """``(fig, ax)``: the figure of the given ``ax``, or a new figure and axes when ``ax`` is None
    (made with ``subplots_kwargs``, e.g. ``figsize``)."""
    if ax is None:
        return subplots(**subplots_kwargs)
    return ax.figure, ax


# ---------------------------------------------------------------------- the input plane
#: The square the figures of two-input problems show: the four inputs of two bits, (0, 0) to
#: (1, 1), sit well inside it.
LIM = (-0.5, 1.5)

# How far outside the square (as a fraction of its width) a computed end point may lie and still
# count as on its edge. A line through a corner or along an edge meets it at a point computed with
# a rounding error of a few units in the last place (about 1e-16 of the coordinates), which can
# land just outside; 1e-9 is millions of times larger than that, and a million times smaller than
# a pixel of any figure (about 1e-3 of the width), so it never admits a point one could see off the
# square. The same tolerance decides when two end points are one point (a line touching a corner).
EDGE_TOL = 1e-9


def line_segment(w, b: float, c: float = 0.0, lim=LIM) -> tuple[Array, Array] | None:
    """End points ``(xs (2,), ys (2,))`` of the line w1 x1 + w2 x2 + b = c inside the square
    lim x lim, ordered by x1 (then x2); ``None`` if w = 0 (no line) or the line misses the square
    (or only touches a corner). w (2,).

    c = 0 is a neuron's decision line, where its net input is zero; another c is the line where
    the neuron's output takes a given value (``experiments.net_for_output``).

    >>> xs, ys = line_segment([0.0, 2.0], -1.0)   # the horizontal line x2 = 0.5
    >>> xs.tolist(), ys.tolist()
    ([-0.5, 1.5], [0.5, 0.5])
    >>> line_segment([1.0, 1.0], 0.0, c=1.0, lim=(0.0, 1.0))[0].tolist()   # x1 + x2 = 1
    [0.0, 1.0]
    """
    w = np.asarray(w, dtype=np.float64).reshape(-1)
    if w.shape != (2,):
        raise ValueError(f"a line in the plane needs two weights, got w of shape {w.shape}")
    lo, hi = float(lim[0]), float(lim[1])
    if not hi > lo:
        raise ValueError(f"lim must be (low, high) with low < high, got {lim}")
    w1, w2, rhs = float(w[0]), float(w[1]), float(c) - float(b)
    scale = max(abs(w1), abs(w2))
    if scale == 0.0:
        return None
    tol = EDGE_TOL * (hi - lo)
    points = []
    # Where the line crosses each of the four edges; an edge (almost) parallel to it is skipped.
    if abs(w2) > 1e-12 * scale:
        for x1 in (lo, hi):
            x2 = (rhs - w1 * x1) / w2
            if lo - tol <= x2 <= hi + tol:
                points.append((x1, x2))
    if abs(w1) > 1e-12 * scale:
        for x2 in (lo, hi):
            x1 = (rhs - w2 * x2) / w1
            if lo - tol <= x1 <= hi + tol:
                points.append((x1, x2))
    if len(points) < 2:
        return None
    # A line through a corner finds it twice: keep the two points farthest apart.
    P = np.clip(np.array(points), lo, hi)
    d = ((P[:, None, :] - P[None, :, :]) ** 2).sum(-1)
    i, j = np.unravel_index(np.argmax(d), d.shape)
    if d[i, j] <= tol**2:
        return None
    ends = P[[i, j]]
    ends = ends[np.lexsort((ends[:, 1], ends[:, 0]))]
    return ends[:, 0] + 0.0, ends[:, 1] + 0.0  # + 0.0 turns -0.0 into 0.0


def set_plane(ax, lim=LIM, *, xlabel: str = "$x_1$", ylabel: str = "$x_2$", **kwargs) -> None:
    """Square axes over lim x lim with equal scales: the input plane of a two-input neuron
    (other labels for another plane; further ``Axes.set`` keywords pass through)."""
    ax.set(xlim=lim, ylim=lim, xlabel=xlabel, ylabel=ylabel, aspect="equal", **kwargs)


def plot_targets(ax, X, t, *, labels: bool = True, size: float = 170, zorder: int = 5) -> None:
    """The samples of a 2-input problem at (x1, x2): target 0 as blue circles, target 1 as orange
    squares (shape and colour both carry the class, so the figure survives grey-scale printing).
    X (N, 2), t (N,) or (N, 1) of 0s and 1s."""
    X = np.asarray(X)
    t = np.asarray(t).ravel()
    for cls, marker in ((0, "o"), (1, "s")):
        m = np.isclose(t, cls)
        ax.scatter(
            X[m, 0],
            X[m, 1],
            s=size,
            marker=marker,
            c=COLORS[f"class{cls}"],
            edgecolors=COLORS["target"],
            linewidths=1.5,
            zorder=zorder,
            label=f"target {cls}" if labels else None,
        )


# ---------------------------------------------------------------------- an activation's range
def activation_range(activation, *, z=None) -> tuple[float | None, float | None]:
    """The range (lo, hi) of an activation's outputs, read off its values f(z) on a wide grid of
    net inputs (z from -30 to 30 unless given), so that a colour scale or an axis fits any
    activation, built in or a student's own, whatever its name.

    A side where f levels off (moves by less than 1e-6 over the last unit of z) is its limit,
    rounded to 6 decimals; a side where f keeps growing (relu, linear) is ``None``, to be taken from
    the data. ``activation``: an ``Activation`` or the function f itself.

    >>> import bplab as bp
    >>> activation_range(bp.ACTIVATIONS["sigmoid"]), activation_range(bp.tanh)
    ((0.0, 1.0), (-1.0, 1.0))
    >>> activation_range(bp.ACTIVATIONS["relu"])
    (0.0, None)
    """
    f = getattr(activation, "f", activation)
    z = np.linspace(-30.0, 30.0, 601) if z is None else np.sort(np.asarray(z, dtype=np.float64))
    if z[-1] - z[0] <= 2.0:
        raise ValueError(f"z must span more than two units of net input, got {z[0]} to {z[-1]}")
    # the grid points one unit in from either end
    inner = int(np.searchsorted(z, z[0] + 1.0)), int(np.searchsorted(z, z[-1] - 1.0))
    with np.errstate(over="ignore"):
        y = np.asarray(f(z), dtype=np.float64).reshape(z.shape)
    if not np.isfinite(y).all():
        raise ValueError("the activation gave non-finite values on the grid of net inputs")
    ends = []
    for edge, near in zip((0, -1), inner):
        flat = abs(y[edge] - y[near]) < 1e-6
        ends.append(round(float(y[edge]), 6) + 0.0 if flat else None)
    lo, hi = ends if y[0] <= y[-1] else ends[::-1]  # a decreasing f is highest on the left
    return lo, hi


def output_range(activation, values) -> tuple[float, float]:
    """``activation_range`` with each open side taken from the data ``values`` (any shape)."""
    lo, hi = activation_range(activation)
    values = np.asarray(values, dtype=np.float64)
    return (float(values.min()) if lo is None else lo, float(values.max()) if hi is None else hi)
