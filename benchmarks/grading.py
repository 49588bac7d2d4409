"""The grader on a class of 60 mixed submissions, with and without the sandbox, side by side.

Each of the six exercise notebooks is handed in ten times: the solution, the untouched exercise,
answers that print as they go, and wrong answers (one question broken in each of the others).
"""

from __future__ import annotations

import contextlib
import io
import re
import tempfile
import time
from pathlib import Path

import nbformat

from bplab.grading import assignments, grade

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"


def _variants(solution) -> list:
    """Ten hand-ins of one notebook."""
    exercise = assignments.student_version(solution)
    answers = [i for i, c in enumerate(solution.cells) if assignments.is_answer(c)]
    out = [solution, exercise]
    for k in range(8):
        nb = nbformat.reads(nbformat.writes(solution), as_version=4)
        i = answers[k % len(answers)]
        if k % 4 == 0:  # an honest answer that prints a progress counter
            nb.cells[i].source = "print('working', end='\\r')\n" + nb.cells[i].source
        elif k % 4 == 1:  # one answer left as the stub
            nb.cells[i].source = exercise.cells[i].source
        else:  # one answer whose function returns a wrong number
            nb.cells[i].source = re.sub(
                r"return (.+)", r"return 0 * (\1)", nb.cells[i].source, count=1
            )
        out.append(nb)
    return out


def make_class(folder: Path) -> int:
    n = 0
    for path in sorted(SOLUTIONS.glob("*.ipynb")):
        solution = nbformat.read(path, as_version=4)
        for k, nb in enumerate(_variants(solution)):
            student = folder / f"student{k:02d}"
            student.mkdir(exist_ok=True)
            nbformat.write(nb, student / path.name)
            n += 1
    return n


def run(folder: Path, *extra: str) -> float:
    t0 = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = grade.main(
            [str(folder), "--source", str(SOLUTIONS), "--jobs", "2", "--seed", "1", *extra]
        )
    if code != 0:
        raise RuntimeError(f"grading exited with {code}")
    return time.perf_counter() - t0


def bench_grading(repeats: int = 2) -> tuple[float, float, float, int]:
    """(ratio sandbox / unsealed, seconds per submission sandboxed, unsealed, submissions)."""
    with tempfile.TemporaryDirectory() as tmp:
        n = make_class(Path(tmp))
        sealed, unsealed = [], []
        for _ in range(repeats):
            sealed.append(run(Path(tmp)))
            unsealed.append(run(Path(tmp), "--unsealed"))
    s, u = min(sealed) / n, min(unsealed) / n
    return s / u, s, u, n


if __name__ == "__main__":
    ratio, s, u, n = bench_grading()
    print(
        f"{n} submissions, --jobs 2: sandbox {s:.3f} s each, unsealed {u:.3f} s, ratio {ratio:.2f}"
    )
