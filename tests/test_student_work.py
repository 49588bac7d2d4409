"""A student's work is never touched: answers saved in exercises/ survive `make exercises` and the
exercise tests of `make test`, in a git checkout and in a plain folder (a downloaded zip).

The student here writes the answers of chapter 04 (and a scratch cell of their own), runs chapter
01's cells without answering anything, and leaves 02 alone. Then the instructor changes two
solutions. Every step runs the Makefile's own `make exercises` and the exercise tests, as a person
would, on a copy of the course in a temporary folder.
"""

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from bplab.grading import assignments

ROOT = Path(__file__).resolve().parents[1]
WORKED, RUN_ONLY, UNTOUCHED = "04_delta_rule", "01_neuron_and_perceptron", "02_cost_functions"
# nothing the project prints may advise a command that throws work away
DESTRUCTIVE = re.compile(r"\brm\b|git (checkout|restore|reset|clean|stash)|--force|overwrit", re.I)


def sh(cmd, cwd, check=True):
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=600)
    if check:
        assert done.returncode == 0, f"{cmd} failed:\n{done.stdout}\n{done.stderr}"
    return done


def make_exercises(course: Path) -> str:
    # the Makefile's own recipe; -o: do not (re)build the course's .venv, this Python has bplab
    out = sh(["make", "-s", "-o", ".venv/.installed", "exercises", f"PY={sys.executable}"], course)
    assert not DESTRUCTIVE.search(out.stdout + out.stderr), out.stdout
    return out.stdout


def exercise_tests(course: Path) -> str:
    done = sh(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_exercises.py",
            "-k",
            "has_its_solution or up_to_date",
        ],
        course,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:]
    assert not DESTRUCTIVE.search(done.stdout), done.stdout
    return done.stdout


def answer_like_a_student(path: Path, solution: Path) -> None:
    """Write the solution's answers into the stubs, run a cell, add a scratch cell; save."""
    nb = nbformat.read(path, as_version=4)
    answers = {
        assignments.nbgrader(c)["grade_id"]: c.source
        for c in nbformat.read(solution, as_version=4).cells
        if assignments.is_answer(c)
    }
    for cell in nb.cells:
        if assignments.is_answer(cell):
            body = answers[assignments.nbgrader(cell)["grade_id"]]
            lines = [line for line in body.splitlines() if "### " not in line]
            cell.source = "\n".join(lines) + "\n# my own comment"
    run(nb)
    nb.cells.append(nbformat.v4.new_code_cell("print(delta(T, Y, 'sigmoid'))  # trying things"))
    nb.metadata["kernelspec"]["display_name"] = "Python 3 (bplab)"  # JupyterLab's own rewrite
    nbformat.write(nb, path)


def run(nb) -> None:
    """What running the cells leaves in a notebook: outputs and execution counts."""
    code = [c for c in nb.cells if c.cell_type == "code"]
    for i, cell in enumerate(code, 1):
        cell.execution_count = i
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=f"cell {i} ran\n")]


def change_solution(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(1, nbformat.v4.new_markdown_cell("A hint the instructor added."))
    nbformat.write(nb, path)


@pytest.fixture(params=["git checkout", "plain folder"])
def course(request, tmp_path):
    course = tmp_path / "course"
    for folder in ("solutions", "exercises"):
        shutil.copytree(ROOT / folder, course / folder)
    (course / "tests").mkdir()
    for name in ("test_exercises.py", "conftest.py"):
        shutil.copy2(ROOT / "tests" / name, course / "tests" / name)
    shutil.copy2(ROOT / "Makefile", course / "Makefile")
    if request.param == "git checkout":
        git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
        sh(git + ["init", "-q"], course)
        sh(git + ["add", "."], course)
        sh(git + ["commit", "-q", "-m", "the course as cloned"], course)
    return course


def test_answers_survive_make_exercises_and_the_exercise_tests(course):
    ex, sol = course / "exercises", course / "solutions"
    answer_like_a_student(ex / f"{WORKED}.ipynb", sol / f"{WORKED}.ipynb")
    ran = nbformat.read(ex / f"{RUN_ONLY}.ipynb", as_version=4)
    run(ran)
    nbformat.write(ran, ex / f"{RUN_ONLY}.ipynb")
    work = {name: (ex / f"{name}.ipynb").read_bytes() for name in (WORKED, RUN_ONLY)}

    def intact():
        for name, data in work.items():
            assert (ex / f"{name}.ipynb").read_bytes() == data, f"{name}: the work changed"

    said = make_exercises(course)
    intact()
    assert f"kept exercises/{WORKED}.ipynb: it has your work in it" in said
    assert f"kept exercises/{RUN_ONLY}.ipynb" in said
    assert f"exercises/{UNTOUCHED}.ipynb is up to date" in said
    exercise_tests(course)
    intact()

    # the instructor changes a solution the student worked on and one the student never opened
    change_solution(sol / f"{WORKED}.ipynb")
    change_solution(sol / f"{UNTOUCHED}.ipynb")
    said = make_exercises(course)
    intact()
    assert f"wrote exercises/{UNTOUCHED}.ipynb" in said  # untouched: brought up to date
    assert "A hint the instructor added." in (ex / f"{UNTOUCHED}.ipynb").read_text()
    [advice] = re.findall(r"\(mv ([^)]*)\)", said)  # how to get a fresh copy, keeping the work
    assert f"exercises/{WORKED}.ipynb" in advice

    # the student follows the advice to the letter
    sh(["mv", *shlex.split(advice)], course)
    mine = course / shlex.split(advice)[1]
    assert mine.read_bytes() == work[WORKED]
    said = make_exercises(course)
    assert f"wrote exercises/{WORKED}.ipynb" in said
    assert mine.read_bytes() == work[WORKED], "the renamed work changed"
    assert "A hint the instructor added." in (ex / f"{WORKED}.ipynb").read_text()
    assert (ex / f"{RUN_ONLY}.ipynb").read_bytes() == work[RUN_ONLY]
    exercise_tests(course)
    assert mine.read_bytes() == work[WORKED]
    assert (ex / f"{RUN_ONLY}.ipynb").read_bytes() == work[RUN_ONLY]


def test_untouched_exercises_are_recognised_even_after_jupyterlab_saved_them(tmp_path):
    """Opening and saving an exercise (JupyterLab rewrites metadata) is no work: it is updated."""
    sol = tmp_path / "solutions"
    shutil.copytree(ROOT / "solutions", sol)
    assignments.make_exercises(sol, tmp_path / "exercises")
    path = tmp_path / "exercises" / f"{UNTOUCHED}.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"]["display_name"] = "Python 3 (something else)"
    nb.cells[0].metadata["jupyter"] = {"source_hidden": True}
    nbformat.write(nb, path)
    assert assignments.is_untouched(nbformat.read(path, as_version=4))
    change_solution(sol / f"{UNTOUCHED}.ipynb")
    assert assignments.make_exercises(sol, tmp_path / "exercises") == [path]


@pytest.mark.parametrize(
    "edit",
    [
        lambda nb: nb.cells.append(nbformat.v4.new_markdown_cell("my notes")),
        lambda nb: nb.cells.pop(3),
        lambda nb: setattr(nb.cells[2], "source", nb.cells[2].source + "\n# a comment"),
        run,
    ],
    ids=["cell added", "cell deleted", "cell edited", "cells run"],
)
def test_any_work_keeps_a_notebook_as_it_is(tmp_path, edit):
    sol = tmp_path / "solutions"
    shutil.copytree(ROOT / "solutions", sol)
    assignments.make_exercises(sol, tmp_path / "exercises")
    path = tmp_path / "exercises" / f"{UNTOUCHED}.ipynb"
    nb = nbformat.read(path, as_version=4)
    edit(nb)
    nbformat.write(nb, path)
    before = path.read_bytes()
    change_solution(sol / f"{UNTOUCHED}.ipynb")
    outcomes = assignments.update_exercises(sol, tmp_path / "exercises")
    assert [o.status for o in outcomes if o.path == path] == ["kept"]
    assert path.read_bytes() == before
