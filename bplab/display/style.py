"""One plotting style for the whole course: readable from the back of a lecture hall,
colour-blind safe (Okabe & Ito's palette), the same colour for the same quantity everywhere.

This is the name the notebooks import (``from bplab.display import style``); everything in it is
defined in ``bplab.display.common``, with the rest of what the figures share. ``course_style()``
applies the style inside a ``with`` block only; ``use()``, called once in a notebook's first cell,
applies it to the whole session, for the figures the notebook draws itself. The library's own
drawing functions never call ``use()``.

>>> from bplab.display import style
>>> style.COLORS["target"]
'#000000'
"""

from .common import (
    COLORS,
    CYCLE,
    PALETTE,
    RC,
    course_style,
    plot_targets,
    subplots,
    use,
)

__all__ = [
    "COLORS",
    "CYCLE",
    "PALETTE",
    "RC",
    "course_style",
    "plot_targets",
    "subplots",
    "use",
]
