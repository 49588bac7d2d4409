"""The exercise notebooks: generated from solutions/, every solution full marks, every untouched
exercise zero (and no crash), graded by the real grader."""

import json
from pathlib import Path

import nbformat
import pytest

from bplab import assignments, grade

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
NAMES = [p.name for p in SOLUTIONS]


def cells(nb):
    return [(c.cell_type, c.source, c.get("metadata", {})) for c in nb.cells]


def test_every_exercise_has_its_solution_and_back():
    exercises = sorted(p.name for p in (ROOT / "exercises").glob("*.ipynb"))
    assert exercises == NAMES, "run `make exercises` to regenerate exercises/ from solutions/"


@pytest.mark.parametrize("name", NAMES)
def test_exercise_is_up_to_date_with_its_solution(name):
    want = assignments.student_version(nbformat.read(ROOT / "solutions" / name, as_version=4))
    have = nbformat.read(ROOT / "exercises" / name, as_version=4)
    assert cells(have) == cells(want), f"exercises/{name} is out of date: run `make exercises`"
    assert all(not c.get("outputs") for c in have.cells if c.cell_type == "code")


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
    out = tmp_path / "grades.json"
    code = grade.main(
        [
            str(ROOT / "solutions"),
            str(ROOT / "exercises"),
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
