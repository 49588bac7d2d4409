"""One plotting style for the whole course: readable from the back of a lecture hall,
colour-blind safe (Okabe & Ito's palette), the same colour for the same quantity everywhere.

>>> from bplab.display import style
>>> style.COLORS["target"]
'#000000'
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt

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
