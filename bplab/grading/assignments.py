"""Exercise notebooks made from their solutions, in nbgrader's cell conventions.

``solutions/`` is the single source of truth. In it, an answer cell has metadata
``nbgrader: {solution: true, grade_id: ...}`` and its answer sits between ``### BEGIN SOLUTION``
and ``### END SOLUTION``; a graded test cell has ``nbgrader: {grade: true, grade_id, points,
locked: true}`` and may hold hidden tests between ``### BEGIN HIDDEN TESTS`` and
``### END HIDDEN TESTS``. The student version replaces each answer with a stub that raises
``NotImplementedError``, drops the hidden tests and clears every output.

    python -m bplab.assignments solutions/ exercises/      (what `make exercises` runs)
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from pathlib import Path

import nbformat

BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
STUB = ["# YOUR CODE HERE", "raise NotImplementedError()"]


def nbgrader(cell) -> dict:
    """The cell's nbgrader metadata (empty for an ordinary cell)."""
    return cell.get("metadata", {}).get("nbgrader", {})


def is_answer(cell) -> bool:
    return bool(nbgrader(cell).get("solution"))


def is_test(cell) -> bool:
    return bool(nbgrader(cell).get("grade")) and not nbgrader(cell).get("solution")


def strip_solution(source: str) -> str:
    """Replace every BEGIN/END SOLUTION region with the stub, at the region's indentation."""
    out, inside = [], False
    for line in source.splitlines():
        marker = line.strip()
        if marker == BEGIN_SOLUTION:
            indent = line[: len(line) - len(line.lstrip())]
            out += [indent + s for s in STUB]
            inside = True
        elif marker == END_SOLUTION:
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ValueError("a '### BEGIN SOLUTION' has no '### END SOLUTION'")
    return "\n".join(out)


def strip_hidden(source: str) -> str:
    """Remove every BEGIN/END HIDDEN TESTS region, markers included."""
    pattern = re.compile(rf"^[ \t]*{BEGIN_HIDDEN}.*?^[ \t]*{END_HIDDEN}[ \t]*\n?", re.S | re.M)
    return pattern.sub("", source).rstrip("\n")


def student_version(nb):
    """The exercise notebook made from a solution notebook (a new object; the input stays)."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            if is_answer(cell):
                if BEGIN_SOLUTION not in cell.source:
                    raise ValueError(
                        f"answer cell {nbgrader(cell).get('grade_id')!r} has no "
                        f"'{BEGIN_SOLUTION}' region"
                    )
                cell.source = strip_solution(cell.source)
            if is_test(cell):
                cell.source = strip_hidden(cell.source)
            cell.outputs = []
            cell.execution_count = None
    return nb


def make_exercises(source_dir: Path, target_dir: Path) -> list[Path]:
    """Write the student version of every notebook of ``source_dir`` into ``target_dir``."""
    target_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted(source_dir.glob("*.ipynb")):
        out = target_dir / path.name
        nbformat.write(student_version(nbformat.read(path, as_version=4)), out)
        written.append(out)
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bplab.assignments", description=__doc__.split("\n")[0]
    )
    parser.add_argument("source", type=Path, help="folder of solution notebooks")
    parser.add_argument("target", type=Path, help="folder for the exercise notebooks")
    args = parser.parse_args(argv)
    if not args.source.is_dir():
        parser.error(f"{args.source} is not a folder")
    for path in make_exercises(args.source, args.target):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
