"""The exercise notebooks: generated from solutions/, every solution full marks, every untouched
exercise zero (and no crash), graded by the real grader.

A student works in exercises/ itself, so these tests judge the exercises the course *ships*: the
file in the working tree while it is untouched, else (it holds a student's answers) the one git's
HEAD holds, else its stamp. A student's saved answers therefore never fail them."""

import json
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

from bplab.grading import assignments, grade

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
NAMES = [p.name for p in SOLUTIONS]
REGENERATE = "run `make exercises` (it never overwrites a notebook with your work in it)"


def cells(nb):
    return [(c.cell_type, c.source, c.get("metadata", {})) for c in nb.cells]


def shipped(path: Path):
    """The exercise as the course ships it: (notebook or None, where it came from)."""
    if path.exists():
        nb = nbformat.read(path, as_version=4)
        if assignments.is_untouched(nb):
            return nb, "the working tree"
    head = assignments.committed(path)
    if head is not None:
        return head, "git HEAD"
    return None, "nowhere (it holds work and this is not a git checkout)"


def shipped_names() -> set[str]:
    """Exercise notebooks the course ships: tracked by git, or stamped with their own name (a
    student's renamed copy or scratch notebook is neither)."""
    names = set()
    try:
        out = subprocess.run(
            ["git", "-C", str(ROOT), "ls-tree", "--name-only", "HEAD", "exercises/"],
            capture_output=True,
            check=True,
            text=True,
        ).stdout
        names |= {Path(p).name for p in out.split() if p.endswith(".ipynb")}
    except (OSError, subprocess.CalledProcessError):
        pass
    for p in (ROOT / "exercises").glob("*.ipynb"):
        try:
            stamp = nbformat.read(p, as_version=4).metadata.get("bplab", {})
        except Exception:
            continue
        if stamp.get("solution") == p.name:
            names.add(p.name)
    return names


def test_every_exercise_has_its_solution_and_back():
    names = shipped_names()
    missing = [n for n in NAMES if n not in names and not (ROOT / "exercises" / n).exists()]
    assert not missing, f"solutions without an exercise notebook: {missing}: {REGENERATE}"
    orphans = sorted(names - set(NAMES))
    assert not orphans, f"exercise notebooks without a solution in solutions/: {orphans}"


@pytest.mark.parametrize("name", NAMES)
def test_exercise_is_up_to_date_with_its_solution(name):
    want = assignments.student_version(nbformat.read(ROOT / "solutions" / name, as_version=4))
    have, where = shipped(ROOT / "exercises" / name)
    if have is None:  # no git: the stamp still says which version the student's copy was made as
        on_disk = nbformat.read(ROOT / "exercises" / name, as_version=4)
        made_as = on_disk.metadata.get("bplab", {}).get("cells_sha256")
        assert made_as == assignments.fingerprint(want), f"exercises/{name}: {REGENERATE}"
        return
    assert cells(have) == cells(want), f"exercises/{name} ({where}) is out of date: {REGENERATE}"
    assert not assignments.has_outputs(have), f"exercises/{name} ({where}) has stored outputs"


@pytest.mark.parametrize("name", NAMES)
def test_solution_follows_the_conventions(name):
    nb = nbformat.read(ROOT / "solutions" / name, as_version=4)
    tests = [c for c in nb.cells if assignments.is_test(c)]
    answers = [c for c in nb.cells if assignments.is_answer(c)]
    assert 3 <= len(tests) <= 6, "3 to 6 graded questions per exercise notebook"
    assert len(answers) >= len(tests)
    for c in tests:
        meta = c.metadata["nbgrader"]
        assert meta["locked"] and meta["points"] > 0 and meta["grade_id"]
        assert "### BEGIN HIDDEN TESTS" in c.source
    ids = [assignments.nbgrader(c).get("grade_id") for c in nb.cells if assignments.nbgrader(c)]
    assert len(ids) == len(set(ids)), "grade_ids must be unique"
    grade.load_sources(ROOT / "solutions")  # every check names a known task and answer


@pytest.mark.skipif(not SOLUTIONS, reason="no solution notebooks yet")
def test_solutions_score_full_marks_and_exercises_zero(tmp_path):
    # untouched exercises made afresh: the working tree's exercises/ may hold a student's answers
    exercises = tmp_path / "exercises"
    assignments.make_exercises(ROOT / "solutions", exercises)
    # copies of the solutions, handed in as a student would (the grader refuses the sources
    # themselves: a hard link to one could be a student's trick)
    handed_in = tmp_path / "solutions"
    shutil.copytree(ROOT / "solutions", handed_in)
    out = tmp_path / "grades.json"
    code = grade.main(
        [
            str(handed_in),
            str(exercises),
            "--source",
            str(ROOT / "solutions"),
            "--json",
            str(out),
            "--jobs",
            "2",
            "--seed",
            "2026",
            "--timeout",
            "60",
        ]
    )
    assert code == 0
    results = json.loads(out.read_text())["submissions"]
    assert len(results) == 2 * len(SOLUTIONS)
    for r in results:
        path = Path(r["path"])
        assert r["max_score"] > 0
        if path.parent.name == "solutions":
            failing = [t["message"] for t in r["tests"] if not t["passed"]]
            assert r["score"] == r["max_score"], (path.name, failing)
        else:
            assert r["score"] == 0, path.name
            assert all("not written yet" in t["message"] for t in r["tests"]), path.name
