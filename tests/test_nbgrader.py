"""The real nbgrader accepts the course's solution notebooks: generate_assignment makes the
student version, autograde gives a solution full marks and an untouched exercise zero.

nbgrader is installed once into build/nbgrader/ (pip --target), not into the course's
environment, so that its JupyterLab extensions never appear in a student's `make lab`."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from bplab.grading import assignments

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "build" / "nbgrader"
PACKAGES = ["nbgrader==0.9.6", "sqlalchemy>=2", "alembic>=1.13", "rapidfuzz>=3", "mako>=1.3"]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nbgrader_env():
    stamp = TARGET / ".installed"
    if not stamp.exists():
        shutil.rmtree(TARGET, ignore_errors=True)
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "--quiet",
                "--no-deps",
                "--target",
                str(TARGET),
                *PACKAGES,
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        stamp.write_text(" ".join(PACKAGES))
    # nbgrader runs `alembic` as a command to create its gradebook
    path = os.pathsep.join([str(TARGET / "bin"), os.environ.get("PATH", "")])
    env = dict(os.environ, PYTHONPATH=str(TARGET), PATH=path)
    return env


def nbgrader(env, course, *args):
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-1500:] + done.stderr[-3000:]
    return done


def test_nbgrader_generates_and_autogrades_the_solutions(nbgrader_env, tmp_path):
    course = tmp_path / "course"
    names = sorted(p.name for p in (ROOT / "solutions").glob("*.ipynb"))
    (course / "source" / "bp").mkdir(parents=True)
    for name in names:
        shutil.copy(ROOT / "solutions" / name, course / "source" / "bp" / name)
    (course / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.CourseDirectory.root = {str(course)!r}\n"
        "c.CourseDirectory.course_id = 'bplab'\n"
        "c.ExecutePreprocessor.timeout = 120\n"
    )
    nbgrader(nbgrader_env, course, "generate_assignment", "bp", "--force")
    for name in names:  # nbgrader's student version is ours, cell for cell
        theirs = nbformat.read(course / "release" / "bp" / name, as_version=4)
        ours = assignments.student_version(nbformat.read(ROOT / "solutions" / name, as_version=4))
        assert [c.source for c in theirs.cells] == [c.source for c in ours.cells], name
    for student, folder in (
        ("alice", course / "source" / "bp"),
        ("bob", course / "release" / "bp"),
    ):
        nbgrader(nbgrader_env, course, "db", "student", "add", student)
        (course / "submitted" / student / "bp").mkdir(parents=True)
        for name in names:
            shutil.copy(folder / name, course / "submitted" / student / "bp" / name)
    nbgrader(nbgrader_env, course, "autograde", "bp", "--force")
    code = (
        "from nbgrader.api import Gradebook\n"
        f"with Gradebook('sqlite:///{course}/gradebook.db') as gb:\n"
        "    for s in ('alice', 'bob'):\n"
        "        sub = gb.find_submission('bp', s)\n"
        "        print(s, sub.score, sub.max_score)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=nbgrader_env, capture_output=True, text=True, check=True
    ).stdout.split()
    scores = {out[i]: (float(out[i + 1]), float(out[i + 2])) for i in range(0, len(out), 3)}
    assert scores["alice"][0] == scores["alice"][1] > 0
    assert scores["bob"][0] == 0
