"""One plotting style for the whole course: readable from the back of a lecture hall,
colour-blind safe (Okabe & Ito's palette), the same colour for the same quantity everywhere.

>>> from bplab.display import style
>>> style.COLORS["target"]
'#000000'
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

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
    "image.cmap": "viridis",
    "figure.constrained_layout.use": True,
}


def use() -> None:
    """Apply the course style to every later figure (call once, in a notebook's first cell)."""
    mpl.rcParams.update(RC)


def subplots(*args, **kwargs):
    """``plt.subplots`` in the course style (applies it first)."""
    use()
    return plt.subplots(*args, **kwargs)


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
