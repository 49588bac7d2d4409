"""How long each chapter takes to execute top to bottom in a fresh kernel (issue 13's budget:
each chapter at most 15 s, the whole course at most 90 s), for ``make bench``."""

from __future__ import annotations

import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


def bench_chapters(folder: Path = ROOT / "notebooks") -> list[tuple[str, float]]:
    """[(notebook name, wall seconds)] for every chapter, each run once in a fresh kernel."""
    times = []
    for path in sorted(folder.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, timeout=600, resources={"metadata": {"path": str(folder)}})
        start = time.perf_counter()
        client.execute()
        times.append((path.stem, time.perf_counter() - start))
    return times
