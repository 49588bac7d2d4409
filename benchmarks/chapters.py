"""How long each chapter takes to execute top to bottom in a fresh kernel (issue 13's budget:
each chapter at most 15 s, the whole course at most 90 s), for ``make bench``. Executed with
``bplab.lecture.execute``, whose shell channel does not wait out nbclient's missed wake-ups."""

from __future__ import annotations

from pathlib import Path

from bplab.lecture.execute import execute

ROOT = Path(__file__).resolve().parent.parent


def bench_chapters(folder: Path = ROOT / "notebooks") -> list[tuple[str, float]]:
    """[(notebook name, wall seconds)] for every chapter, each run once in a fresh kernel."""
    return [(path.stem, execute(path)) for path in sorted(folder.glob("*.ipynb"))]
