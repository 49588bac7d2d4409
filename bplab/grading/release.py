"""The student handout of a graded class: the course without anything that answers a question.

    python -m bplab.grading.release OUT [--repo .] [--zip]       (what `make release` runs)

It copies the files git tracks in the repository (or, outside a git checkout, every file) except
``solutions/``, ``tests/``, ``benchmarks/`` and ``.ci/``, writes ``exercises/`` afresh from the
solutions (answers stubbed, hidden tests dropped, no outputs), and checks the result: no solution
region, no hidden-test region and no file of ``solutions/`` is left in it. ``OUT`` must not exist
yet, so that nothing is ever written over.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from .assignments import BEGIN_HIDDEN, BEGIN_SOLUTION, make_exercises

LEFT_OUT = ("solutions", "tests", "benchmarks", ".ci")


def tracked_files(repo: Path) -> list[Path]:
    try:
        out = subprocess.run(
            ["git", "-C", str(repo), "ls-files", "-z"], capture_output=True, check=True
        ).stdout
        return [Path(p) for p in out.decode().split("\0") if p]
    except (OSError, subprocess.CalledProcessError):
        skip = {".git", ".venv", "build", "__pycache__", ".ipynb_checkpoints"}
        return [
            p.relative_to(repo)
            for p in repo.rglob("*")
            if p.is_file() and not skip & set(p.relative_to(repo).parts)
        ]


def release(repo: Path, out: Path) -> list[Path]:
    """Write the handout into ``out`` (a new folder); return the files written."""
    if out.exists():
        raise FileExistsError(f"{out} exists already: choose a new folder for the handout")
    if not (repo / "solutions").is_dir():
        raise FileNotFoundError(f"{repo / 'solutions'} not found: run this in the course's repo")
    written = []
    for rel in tracked_files(repo):
        if rel.parts[0] in LEFT_OUT or rel.parts[0] == "exercises":
            continue
        src = repo / rel
        if not src.is_file():
            continue
        dest = out / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest)
        written.append(dest)
    written += make_exercises(repo / "solutions", out / "exercises")
    leaks = find_leaks(out, repo / "solutions")
    if leaks:
        shutil.rmtree(out)
        raise RuntimeError("the handout would give answers away: " + "; ".join(leaks[:5]))
    return written


def find_leaks(out: Path, solutions: Path) -> list[str]:
    """What in ``out`` gives an answer away: a solution or hidden-test region, a solution file."""
    leaks = []
    solution_bytes = {p.read_bytes() for p in solutions.glob("*.ipynb")}
    for path in out.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data in solution_bytes:
            leaks.append(f"{path.relative_to(out)} is a copy of a solution")
        text = data.decode("utf-8", errors="ignore")
        for marker in (BEGIN_SOLUTION, BEGIN_HIDDEN):
            if path.suffix == ".ipynb" and marker in text:
                leaks.append(f"{path.relative_to(out)} holds '{marker}'")
    return leaks


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bplab.grading.release", description=__doc__.split("\n")[0]
    )
    parser.add_argument("out", type=Path, help="a new folder for the handout")
    parser.add_argument("--repo", type=Path, default=Path("."), help="the course's repository")
    parser.add_argument("--zip", action="store_true", help="also pack it as OUT.zip")
    args = parser.parse_args(argv)
    try:
        written = release(args.repo, args.out)
    except (FileExistsError, FileNotFoundError, RuntimeError) as e:
        parser.error(str(e))
    print(f"wrote the student handout, {len(written)} files, to {args.out}")
    if args.zip:
        archive = shutil.make_archive(str(args.out), "zip", args.out.parent, args.out.name)
        print(f"packed it as {archive}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
