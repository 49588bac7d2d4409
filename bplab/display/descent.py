"""Figures and widgets of chapters 02 (cost functions) and 03 (gradient descent).

They draw what ``bplab.chapters.surfaces`` and ``bplab.linreg`` compute: cost surfaces as
contours and 3-D plots, gradient arrows, descent paths on contours, loss against per-sample
gradient evaluations, and widgets for the step size, the normalisation of features and the batch
size.
Every function that draws returns its ``Figure``: alone, or first, followed by the runs of
gradient descent it made (``fig, run = alpha_view(...)``); the ones that draw on a given ``ax``
return that axes' figure. All of them draw in the course style (``common.course_style``) without
touching the caller's rcParams. The widget builders return an ``ipywidgets.interactive`` whose
plain drawing function is also public (and tested).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

from .. import linreg
from ..chapters import surfaces
from .common import COLORS, CYCLE, SURFACE_CMAP, figure_for, styled

Array = np.ndarray

__all__ = [
    "alpha_panels",
    "alpha_view",
    "alpha_widget",
    "batch_view",
    "batch_widget",
    "cost_contours",
    "draw_path",
    "eta_sweep_plot",
    "gradient_arrows",
    "log_levels",
    "loss_vs_evals",
    "normalisation_view",
    "normalisation_widget",
    "surface_figure",
]


def log_levels(Z, n: int = 15) -> Array:
    """n contour levels packed towards the minimum of Z: min + (max - min) * geomspace(1e-3, 1, n).

    A bowl's interesting part is near its bottom; evenly spaced levels would leave it empty.
    """
    Z = np.asarray(Z, dtype=np.float64)
    finite = Z[np.isfinite(Z)]
    if finite.size == 0:
        raise ValueError("Z has no finite values to draw")
    lo, hi = float(finite.min()), float(finite.max())
    if hi <= lo:
        raise ValueError(f"Z is constant ({lo}); there are no contours to draw")
    return lo + (hi - lo) * np.geomspace(1e-3, 1.0, n)


@styled
def surface_figure(
    grids: Sequence[tuple[Array, Array, Array]],
    titles: Sequence[str],
    *,
    xlabel: str = "$w$",
    ylabel: str = "$b$",
    zlabel: str = "$E$",
    levels: int = 15,
    log: bool = True,
):
    """One column per surface: contours on top, the same surface in 3-D below.

    grids: a list of (xs (n_x,), ys (n_y,), Z (n_y, n_x)) as ``surfaces.neuron_cost_grid`` and
    ``surfaces.lsq_cost_grid`` return them; titles: one per surface. The lowest grid point of
    each surface is marked.
    """
    if len(grids) != len(titles):
        raise ValueError(f"got {len(grids)} surfaces but {len(titles)} titles: give one title each")
    if not grids:
        raise ValueError("give at least one surface")
    n = len(grids)
    fig = plt.figure(figsize=(6.2 * n, 10.5))
    for k, ((xs, ys, Z), title) in enumerate(zip(grids, titles)):
        xs, ys, Z = np.asarray(xs), np.asarray(ys), np.asarray(Z)
        if Z.shape != (len(ys), len(xs)):
            raise ValueError(
                f"surface {k}: Z must have shape (len(ys), len(xs)) = "
                f"{(len(ys), len(xs))}, got {Z.shape}"
            )
        ax = fig.add_subplot(2, n, k + 1)
        lev = log_levels(Z, levels) if log else levels
        cs = ax.contour(xs, ys, Z, levels=lev, cmap=SURFACE_CMAP)
        cbar = fig.colorbar(cs, ax=ax, label=zlabel, format="%.3g")
        cbar.set_ticks(np.asarray(cs.levels)[::3])
        i, j = np.unravel_index(np.argmin(Z), Z.shape)
        ax.plot(
            xs[j],
            ys[i],
            "*",
            color=COLORS["optimum"],
            markersize=16,
            label="lowest grid point",
        )
        ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
        ax.legend(loc="upper left", frameon=True, framealpha=0.9)
        ax3 = fig.add_subplot(2, n, n + k + 1, projection="3d")
        Xg, Yg = np.meshgrid(xs, ys)
        ax3.plot_surface(Xg, Yg, Z, cmap=SURFACE_CMAP, linewidth=0, antialiased=True, alpha=0.9)
        ax3.set_xlabel(xlabel, labelpad=8)
        ax3.set_ylabel(ylabel, labelpad=8)
        ax3.set_zlabel(zlabel, labelpad=8)
        ax3.set_title(title)
        ax3.view_init(elev=30, azim=-60)
        for axis in (ax3.xaxis, ax3.yaxis, ax3.zaxis):
            axis.set_major_locator(MaxNLocator(4))
    return fig


@styled
def cost_contours(
    ax,
    A,
    y,
    theta_a,
    theta_b,
    *,
    levels: int = 15,
    labels=(r"$\theta_0$", r"$\theta_1$"),
    optimum: bool = True,
):
    """Contours of J(theta) = 1/(2m)||A theta - y||^2 (A (m, 2), y (m,)) on ``ax`` over the grid
    theta_a x theta_b, with the least-squares minimum marked. Returns the figure."""
    J = surfaces.lsq_cost_grid(A, y, theta_a, theta_b)
    ax.contour(theta_a, theta_b, J, levels=log_levels(J, levels), cmap=SURFACE_CMAP, linewidths=1.2)
    if optimum:
        best = linreg.least_squares(A, y)
        ax.plot(
            *best,
            "*",
            color=COLORS["optimum"],
            markersize=18,
            label="least squares",
            zorder=5,
        )
    ax.set(xlabel=labels[0], ylabel=labels[1])
    return ax.figure


@styled
def draw_path(ax, path, *, label: str = "path", color: str | None = None, markers: bool = True):
    """Draw a descent path (K + 1, 2) on ``ax``: a line through the iterates, a circle at the
    start. Returns the figure."""
    path = np.asarray(path, dtype=np.float64)
    if path.ndim != 2 or path.shape[1] != 2:
        raise ValueError(f"a path to draw must have shape (K + 1, 2), got {path.shape}")
    color = COLORS["path"] if color is None else color
    ax.plot(
        path[:, 0],
        path[:, 1],
        "-",
        marker="." if markers else None,
        color=color,
        label=label,
        markersize=6,
        linewidth=1.6,
    )
    ax.plot(*path[0], "o", color=color, markerfacecolor="white", markersize=9)
    return ax.figure


@styled
def gradient_arrows(ax, A, y, points, *, length: float = 1.0):
    """Arrows of grad J (computed with ``bplab.lsq_gradient``) at each of ``points`` (k, 2), all
    drawn with the same ``length`` (in data units) so only their direction shows: the direction
    of steepest ascent. Returns the figure."""
    points = np.asarray(points, dtype=np.float64)
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f"points must have shape (k, 2), got {points.shape}")
    G = np.array([linreg.lsq_gradient(A, y, p) for p in points])
    norms = np.linalg.norm(G, axis=1, keepdims=True)
    U = np.divide(G, norms, out=np.zeros_like(G), where=norms > 0) * length
    ax.quiver(
        points[:, 0],
        points[:, 1],
        U[:, 0],
        U[:, 1],
        angles="xy",
        scale_units="xy",
        scale=1,
        color=COLORS["gradient"],
        width=0.005,
        label=r"$\nabla J$ (uphill)",
    )
    return ax.figure


def _outcome(run) -> str:
    if run.diverged:
        return "diverged"
    return (
        f"stopped after {len(run.path) - 1} steps" if run.stopped else f"{len(run.path) - 1} steps"
    )


def _clip_path(path, theta_a, theta_b, margin: float = 0.5):
    """The part of a path that stays near the drawn window (a divergent path leaves it fast)."""
    wa, wb = np.ptp(theta_a), np.ptp(theta_b)
    inside = (
        (path[:, 0] > theta_a.min() - margin * wa)
        & (path[:, 0] < theta_a.max() + margin * wa)
        & (path[:, 1] > theta_b.min() - margin * wb)
        & (path[:, 1] < theta_b.max() + margin * wb)
    )
    stop = len(path) if inside.all() else max(int(np.argmin(inside)) + 1, 2)
    return path[:stop]


def _window(ax, theta_a, theta_b) -> None:
    """Show exactly the grid theta_a x theta_b the contours were drawn on."""
    ax.set_xlim(np.min(theta_a), np.max(theta_a))
    ax.set_ylim(np.min(theta_b), np.max(theta_b))


@styled
def alpha_panels(
    A,
    y,
    alphas: Sequence[float],
    titles: Sequence[str] | None = None,
    *,
    theta_a,
    theta_b,
    epochs: int = 50,
    eps: float | None = None,
    theta0=None,
):
    """One contour panel per step size: batch gradient descent from ``theta0`` with each alpha.

    A (m, 2), y (m,); theta_a, theta_b: the grid axes of the window. Returns (fig, runs)."""
    alphas = list(alphas)
    if not alphas:
        raise ValueError("give at least one step size")
    titles = [None] * len(alphas) if titles is None else list(titles)
    if len(titles) != len(alphas):
        raise ValueError(f"got {len(alphas)} step sizes but {len(titles)} titles")
    cols = min(len(alphas), 2)
    rows = -(-len(alphas) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(6.4 * cols, 5.2 * rows), squeeze=False)
    runs = []
    for ax, alpha, title in zip(axes.flat, alphas, titles):
        run = linreg.gradient_descent(A, y, alpha, epochs=epochs, eps=eps, theta0=theta0)
        runs.append(run)
        cost_contours(ax, A, y, theta_a, theta_b)
        draw_path(
            ax, _clip_path(run.path, np.asarray(theta_a), np.asarray(theta_b)), label="GD path"
        )
        _window(ax, theta_a, theta_b)
        head = f"{title}: " if title else ""
        ax.set_title(f"{head}$\\alpha$ = {alpha:g}, {_outcome(run)}", fontsize=13)
        ax.legend(loc="lower left", fontsize=11, frameon=True, framealpha=0.9)
    for ax in list(axes.flat)[len(alphas) :]:
        ax.set_visible(False)
    return fig, runs


@styled
def alpha_view(A, y, alpha: float, *, theta_a, theta_b, epochs: int = 50, theta0=None):
    """The drawing behind the step-size widget: the path for ``alpha`` on the contours (left) and
    J after each step (right). Returns (fig, run)."""
    run = linreg.gradient_descent(A, y, alpha, epochs=epochs, theta0=theta0)
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(13, 5))
    cost_contours(ax, A, y, theta_a, theta_b)
    draw_path(ax, _clip_path(run.path, np.asarray(theta_a), np.asarray(theta_b)), label="GD path")
    _window(ax, theta_a, theta_b)
    ax.set_title(f"$\\alpha$ = {alpha:.3g}: {_outcome(run)}")
    ax.legend(loc="lower left")
    ax2.semilogy(np.arange(len(run.loss)), run.loss, color=COLORS["loss"], label=r"$J(\theta)$")
    best = linreg.lsq_cost(A, y, linreg.least_squares(A, y))
    ax2.axhline(best, color=COLORS["optimum"], linestyle="--", label=r"$J$ at least squares")
    ax2.set(xlabel="step", ylabel=r"$J$ (log scale)", title="cost after each step")
    ax2.legend()
    return fig, run


def alpha_widget(
    A,
    y,
    *,
    theta_a,
    theta_b,
    alpha: float = 0.5,
    alpha_min: float = 1e-3,
    alpha_max: float = 10.0,
    epochs: int = 50,
):
    """A slider for alpha (log scale) driving ``alpha_view``; renders with ``alpha`` first."""
    import ipywidgets as widgets

    def show(alpha):
        alpha_view(A, y, alpha, theta_a=theta_a, theta_b=theta_b, epochs=epochs)
        plt.show()

    slider = widgets.FloatLogSlider(
        value=alpha,
        base=10,
        min=np.log10(alpha_min),
        max=np.log10(alpha_max),
        step=0.05,
        description="α",
        continuous_update=False,
    )
    return widgets.interactive(show, alpha=slider)


@styled
def normalisation_view(
    X,
    y,
    standardized: bool,
    *,
    fraction: float = 0.9,
    epochs: int = 2000,
    eps: float = 1e-6,
    n_grid: int = 121,
    ax=None,
):
    """Gradient descent on centred data with two features X (m, 2), raw or standardised.

    Both features and y are centred, so no intercept is needed and theta = (theta_1, theta_2)
    fits on the page. The step is ``fraction`` of the stable limit ``surfaces.step_limit`` of that
    design, i.e. as large as is safe for it. The title gives the condition number of A.T A and
    the steps used. Draws on ``ax`` if given, else on a new figure. Returns (fig, run)."""
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have exactly two feature columns, got shape {X.shape}")
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    A = linreg.standardize(X)[0] if standardized else X - X.mean(axis=0)
    yc = y - y.mean()
    alpha = fraction * surfaces.step_limit(A)
    run = linreg.gradient_descent(A, yc, alpha, epochs=epochs, eps=eps)
    best = linreg.least_squares(A, yc)
    half = 1.3 * np.abs(best).max()
    ta = (
        np.linspace(-0.3 * half, best[0] + half, n_grid)
        if best[0] > 0
        else np.linspace(best[0] - half, 0.3 * half, n_grid)
    )
    tb = np.linspace(best[1] - half, best[1] + half, n_grid)
    fig, ax = figure_for(ax, figsize=(7.5, 6.2))
    name = "standardised" if standardized else "raw (centred)"
    cost_contours(ax, A, yc, ta, tb, labels=(r"$\theta_1$", r"$\theta_2$"))
    draw_path(ax, run.path, label=f"GD path, $\\alpha$ = {alpha:.3g}")
    ax.set_aspect("equal")
    ax.set_xlim(ta.min(), ta.max())
    ax.set_ylim(tb.min(), tb.max())
    kappa = surfaces.condition_number(A)
    ax.set_title(f"{name} features: $\\kappa$ = {kappa:.1f}, {_outcome(run)}", fontsize=13)
    ax.legend(loc="lower left", fontsize=11, frameon=True, framealpha=0.9)
    return fig, run


def normalisation_widget(X, y, *, standardized: bool = False, fraction: float = 0.9):
    """A toggle raw / standardised driving ``normalisation_view``."""
    import ipywidgets as widgets

    def show(standardized):
        normalisation_view(X, y, standardized, fraction=fraction)
        plt.show()

    toggle = widgets.ToggleButtons(
        options=[("raw", False), ("standardised", True)], value=standardized, description="features"
    )
    return widgets.interactive(show, standardized=toggle)


@styled
def loss_vs_evals(
    runs: Mapping[str, object],
    *,
    best: float | None = None,
    colors: Mapping[str, str] | None = None,
    ax=None,
    legend_loc: str = "upper right",
):
    """J minus the least-squares J* (log scale) against per-sample gradient evaluations
    (``GDRun.evals``) for each named run: the fair x-axis for batch, stochastic and mini-batch.
    ``best``: J*; if None the curves show J itself. Returns the figure."""
    if not runs:
        raise ValueError("give at least one run")
    fig, ax = figure_for(ax, figsize=(9, 5))
    colors = dict(colors or {})
    for k, (name, run) in enumerate(runs.items()):
        gap = run.loss - best if best is not None else run.loss
        ax.semilogy(
            run.evals,
            np.maximum(gap, 1e-16),
            color=colors.get(name, CYCLE[k % len(CYCLE)]),
            label=name,
            linewidth=1.8,
        )
    ax.set_xlabel("per-sample gradient evaluations")
    ax.set_ylabel(r"$J - J^*$ (log scale)" if best is not None else r"$J$ (log scale)")
    ax.legend(loc=legend_loc, frameon=True, framealpha=0.9)
    return fig


@styled
def batch_view(
    A,
    y,
    batch_size: int,
    *,
    alpha: float,
    epochs: int,
    theta_a,
    theta_b,
    seed: int = 0,
    theta0=None,
):
    """The drawing behind the batch-size widget: the path of ``batch_size`` beside full-batch
    descent on the contours (left), and J - J* against per-sample gradient evaluations (right).
    Same data, same seed, same start, same alpha. Returns (fig, run)."""
    run = linreg.gradient_descent(
        A, y, alpha, epochs=epochs, batch_size=batch_size, rng=seed, theta0=theta0
    )
    full = linreg.gradient_descent(A, y, alpha, epochs=epochs, theta0=theta0)
    best = linreg.lsq_cost(A, y, linreg.least_squares(A, y))
    kind = (
        "stochastic"
        if run.batch_size == 1
        else ("batch" if run.batch_size == np.asarray(A).shape[0] else "minibatch")
    )
    color = COLORS[kind] if kind != "batch" else COLORS["reference"]
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(13, 5))
    cost_contours(ax, A, y, theta_a, theta_b)
    draw_path(ax, full.path, label="batch", color=COLORS["batch"], markers=False)
    draw_path(ax, run.path, label=f"batch size {run.batch_size}", color=color, markers=False)
    _window(ax, theta_a, theta_b)
    ax.legend(loc="lower left")
    ax.set_title(f"{len(run.path) - 1} steps of size {run.batch_size}")
    loss_vs_evals(
        {"batch": full, f"batch size {run.batch_size}": run},
        best=best,
        colors={"batch": COLORS["batch"], f"batch size {run.batch_size}": color},
        ax=ax2,
    )
    ax2.set_title(f"same budget: {epochs} passes over the data")
    return fig, run


def batch_widget(
    A,
    y,
    *,
    alpha: float,
    epochs: int,
    theta_a,
    theta_b,
    batch_size: int = 10,
    seed: int = 0,
    options: Sequence[int] | None = None,
):
    """A slider over batch sizes (1 ... m) driving ``batch_view``."""
    import ipywidgets as widgets

    m = np.asarray(A).shape[0]
    options = sorted({1, 2, 5, 10, 20, 50, m} if options is None else set(options))
    options = [k for k in options if k <= m]
    if batch_size not in options:
        raise ValueError(f"batch_size {batch_size} is not one of the slider's options {options}")

    def show(batch_size):
        batch_view(
            A,
            y,
            batch_size,
            alpha=alpha,
            epochs=epochs,
            theta_a=theta_a,
            theta_b=theta_b,
            seed=seed,
        )
        plt.show()

    slider = widgets.SelectionSlider(
        options=options, value=batch_size, description="batch size", continuous_update=False
    )
    return widgets.interactive(show, batch_size=slider)


@styled
def eta_sweep_plot(
    etas,
    distances: Mapping[str, Array],
    limits: Mapping[str, float] | None = None,
    *,
    steps: int | None = None,
):
    """Distance to the minimum after a fixed number of steps against the learning rate, one line per
    cost convention (``surfaces.eta_sweep``), with each convention's stable limit as a dashed line.
    Diverged runs (inf) are drawn at the top edge. Returns the figure."""
    etas = np.asarray(etas, dtype=np.float64)
    if not distances:
        raise ValueError("give at least one cost's distances")
    fig, ax = plt.subplots(figsize=(10, 5.2))
    top = 10.0
    for k, (name, d) in enumerate(distances.items()):
        d = np.asarray(d, dtype=np.float64)
        if d.shape != etas.shape:
            raise ValueError(f"distances of {name!r} have shape {d.shape}, etas {etas.shape}")
        color = CYCLE[k % len(CYCLE)]
        ax.loglog(etas, np.minimum(np.where(np.isfinite(d), d, top), top), color=color, label=name)
        if limits and name in limits:
            ax.axvline(limits[name], color=color, linestyle="--", linewidth=1.4)
    ax.set_ylim(None, top * 1.5)
    ax.set_xlabel(r"learning rate $\eta$ (log scale)")
    what = f"after {steps} steps" if steps else "at the end"
    ax.set_ylabel(r"$\|\theta - \theta^*\| \,/\, \|\theta^*\|$ " + what)
    ax.set_title(r"dashed: each cost's limit $2/\lambda_{max}$; top edge: diverged", fontsize=13)
    ax.legend(loc="center left")
    return fig
