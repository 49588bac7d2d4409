"""Exercise notebooks made from their solutions, in nbgrader's cell conventions.

``solutions/`` is the single source of truth. In it, an answer cell has metadata
``nbgrader: {solution: true, grade_id: ...}`` and its answer sits between ``### BEGIN SOLUTION``
and ``### END SOLUTION``; a graded test cell has ``nbgrader: {grade: true, grade_id, points,
locked: true}`` and may hold hidden tests between ``### BEGIN HIDDEN TESTS`` and
``### END HIDDEN TESTS``. The student version replaces each answer with a stub that raises
``NotImplementedError``, drops the hidden tests and clears every output.

    python -m bplab.grading.assignments solutions/ exercises/      (what `make exercises` runs)

A student works in the ``exercises/`` notebooks themselves, so making exercises never overwrites
one that holds work. Each exercise written carries a stamp in its metadata (``bplab.solution``,
``bplab.cells_sha256``: the fingerprint of its cells as written). A notebook is *untouched* when
its cells still have that fingerprint and no outputs (or, with no stamp, equal what would be
written, or what git's HEAD holds); only an untouched notebook is ever replaced. Any other one
(answers written, cells added or deleted, outputs) is left byte for byte as it is, and the
command says how to get a fresh copy beside it. Metadata JupyterLab changes on its own (a
collapsed cell, the kernel's name) is not work and does not count.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
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


def fingerprint(nb) -> str:
    """A hash of what a student writes in a notebook: each cell's type and source, in order."""
    cells = [[c.get("cell_type"), c.get("source", "")] for c in nb.get("cells", [])]
    return hashlib.sha256(json.dumps(cells, ensure_ascii=False).encode()).hexdigest()


def stamped(exercise, solution_name: str):
    """The exercise with the stamp that lets a later run recognise it as untouched."""
    exercise = copy.deepcopy(exercise)
    exercise.metadata["bplab"] = {"solution": solution_name, "cells_sha256": fingerprint(exercise)}
    return exercise


def committed(path: Path):
    """The notebook at ``path`` as git's HEAD holds it (None outside git or when not there)."""
    path = Path(path).resolve()
    try:
        text = subprocess.run(
            ["git", "-C", str(path.parent), "show", f"HEAD:./{path.name}"],
            capture_output=True,
            check=True,
            timeout=30,
        ).stdout.decode("utf-8")
        return nbformat.reads(text, as_version=4)
    except (OSError, subprocess.SubprocessError, UnicodeDecodeError, ValueError):
        return None


def has_outputs(nb) -> bool:
    return any(c.get("outputs") for c in nb.get("cells", []) if c.get("cell_type") == "code")


def is_untouched(nb, path: Path | None = None, fresh=None) -> bool:
    """True when ``nb`` holds no student work: no outputs, and its cells are those it was written
    with (its stamp), or those of ``fresh``, or those git's HEAD holds for ``path``."""
    if has_outputs(nb):
        return False
    mine = fingerprint(nb)
    known = [nb.get("metadata", {}).get("bplab", {}).get("cells_sha256")]
    if fresh is not None:
        known.append(fingerprint(fresh))
    if mine in known:
        return True
    head = committed(path) if path is not None else None
    return head is not None and not has_outputs(head) and fingerprint(head) == mine


@dataclass
class Outcome:
    path: Path
    status: str  # "written", "unchanged" or "kept" (it holds work; left as it is)
    current: bool = True  # for "kept": are its cells the current version of the exercise?

    def message(self) -> str:
        if self.status == "written":
            return f"wrote {self.path}"
        if self.status == "unchanged":
            return f"{self.path} is up to date"
        head = f"kept {self.path}: it has your work in it (answers, outputs or cells you added)"
        if self.current:
            return f"{head}, and it is the current version of the exercise."
        mine = spare_name(self.path)
        return (
            f"{head}, so it is left exactly as it is, although its solution has changed since.\n"
            f"  For a fresh copy beside it, rename yours (mv {self.path} {mine}) and run "
            f"make exercises again; your file keeps every answer."
        )


def spare_name(path: Path) -> Path:
    """A name beside ``path`` that no file has yet: X-mine.ipynb, X-mine-2.ipynb, ..."""
    for i in range(1, 1000):
        name = f"{path.stem}-mine{'' if i == 1 else f'-{i}'}{path.suffix}"
        if not (path.parent / name).exists():
            return path.parent / name
    raise FileExistsError(f"no free name beside {path}")


def _write_new(nb, out: Path) -> None:
    """Write atomically: a reader never sees half a notebook, a crash leaves the old file."""
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            nbformat.write(nb, f)
        os.replace(tmp, out)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def update_exercises(source_dir: Path, target_dir: Path) -> list[Outcome]:
    """Bring ``target_dir`` in step with ``source_dir`` without touching a student's work.

    For every solution notebook: write its exercise where there is none, or where the one there is
    untouched (see ``is_untouched``) and differs; leave every other file exactly as it is.
    """
    source_dir, target_dir = Path(source_dir), Path(target_dir)
    target_dir.mkdir(parents=True, exist_ok=True)
    outcomes = []
    for path in sorted(source_dir.glob("*.ipynb")):
        out = target_dir / path.name
        fresh = stamped(student_version(nbformat.read(path, as_version=4)), path.name)
        if not out.exists():
            _write_new(fresh, out)
            outcomes.append(Outcome(out, "written"))
            continue
        try:
            have = nbformat.read(out, as_version=4)
        except Exception:  # unreadable: perhaps half-saved work; never replace it
            outcomes.append(Outcome(out, "kept", current=False))
            continue
        if have == fresh:
            outcomes.append(Outcome(out, "unchanged"))
        elif is_untouched(have, out, fresh):
            _write_new(fresh, out)
            outcomes.append(Outcome(out, "written"))
        else:
            made_from = have.metadata.get("bplab", {}).get("cells_sha256")
            current = made_from == fresh.metadata["bplab"]["cells_sha256"]
            outcomes.append(Outcome(out, "kept", current=current))
    return outcomes


def make_exercises(source_dir: Path, target_dir: Path) -> list[Path]:
    """Write the student version of every notebook of ``source_dir`` into ``target_dir``, except
    over a notebook that holds a student's work; return the files written."""
    return [o.path for o in update_exercises(source_dir, target_dir) if o.status == "written"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bplab.grading.assignments", description=__doc__.split("\n")[0]
    )
    parser.add_argument("source", type=Path, help="folder of solution notebooks")
    parser.add_argument("target", type=Path, help="folder for the exercise notebooks")
    args = parser.parse_args(argv)
    if not args.source.is_dir():
        parser.error(f"{args.source} is not a folder")
    for outcome in update_exercises(args.source, args.target):
        print(outcome.message())
    return 0


if __name__ == "__main__":
    sys.exit(main())
