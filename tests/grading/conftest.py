"""Helpers for the grader's tests: a tiny assignment (the one test_grader.py grades, with
a marker in its solutions that no submission may ever see), submissions written from answer code,
and the command line run as a separate process, with a hard timeout, whose leftovers are checked."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from bplab.grading import grade

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable

needs_bwrap = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is absent")

# a string that is only in the solutions (and in the grader's environment): never in any output
MARKER = "SOLUTION-MARKER-7f3a9c"
SECRET = "GRADER-SECRET-b41d07"

SETUP = "import numpy as np\nimport bplab as bp\nfrom bplab import check"
MSE = (
    "def mse(Y, T):\n    ### BEGIN SOLUTION\n"
    f"    # {MARKER}\n"
    "    return ((T - Y) ** 2).sum() / (2 * len(Y))\n    ### END SOLUTION"
)
DELTA = (
    "def delta(W, b, X, T):\n    ### BEGIN SOLUTION\n    net = X @ W + b\n"
    "    return (T - bp.sigmoid(net)) * bp.d_sigmoid(net)\n    ### END SOLUTION"
)
HONEST_MSE = "def mse(Y, T):\n    return ((T - Y) ** 2).sum() / (2 * len(Y))\n"
HONEST_DELTA = (
    "def delta(W, b, X, T):\n    net = X @ W + b\n"
    "    return (T - bp.sigmoid(net)) * bp.d_sigmoid(net)\n"
)
WRONG_MSE = "def mse(Y, T):\n    return 0.0\n"


def answer(source, gid):
    meta = {
        "nbgrader": {
            "solution": True,
            "grade": False,
            "locked": False,
            "grade_id": gid,
            "schema_version": 3,
        }
    }
    return new_code_cell(source, metadata=meta)


def graded_cell(task, gid, points, name=None):
    name = name or task
    source = (
        f"check.{task}({name})\n### BEGIN HIDDEN TESTS\n"
        f"check.{task}({name}, seed=99)  # {MARKER}\n### END HIDDEN TESTS"
    )
    meta = {
        "nbgrader": {
            "grade": True,
            "solution": False,
            "locked": True,
            "grade_id": gid,
            "points": points,
            "schema_version": 3,
        },
        "bplab": {"checks": [{"task": task, "answer": name}]},
    }
    return new_code_cell(source, metadata=meta)


def locked(source, gid):
    meta = {
        "nbgrader": {
            "locked": True,
            "solution": False,
            "grade": False,
            "grade_id": gid,
            "schema_version": 3,
        }
    }
    return new_code_cell(source, metadata=meta)


def notebook(cells):
    nb = new_notebook(cells=[new_markdown_cell("# A tiny assignment"), *cells])
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return nb


def solution():
    """tiny.ipynb: mse (2 points), delta (3 points)."""
    return notebook(
        [
            locked(SETUP, "setup"),
            answer(MSE, "mse_answer"),
            graded_cell("mse", "mse_test", 2),
            answer(DELTA, "delta_answer"),
            graded_cell("delta", "delta_test", 3),
        ]
    )


# kinds.ipynb: one question of each other kind (value, sympy, network)
XOR_BY_HAND = (
    "### BEGIN SOLUTION\n"
    "W1 = np.array([[1.0, 1.0], [1.0, 1.0]]); b1 = np.array([-0.5, -1.5])\n"
    "W2 = np.array([[1.0], [-1.0]]); b2 = np.array([-0.5])\n"
    f"xor_params = (W1, b1, W2, b2)  # {MARKER}\n### END SOLUTION"
)
SYM = (
    "import sympy as sp\nw, x, b, t = sp.symbols('w x b t')\n### BEGIN SOLUTION\n"
    "y = 1 / (1 + sp.exp(-(w * x + b)))\ndE_dw = -(t - y) * y * (1 - y) * x\n### END SOLUTION"
)
TRAIN = (
    "def train_xor(rng):\n    ### BEGIN SOLUTION\n"
    "    net = bp.MLP([2, 2, 1], activation='sigmoid', rng=rng)\n"
    "    raise NotImplementedError()\n    ### END SOLUTION"
)


def kinds_solution():
    return notebook(
        [
            locked(SETUP, "setup"),
            answer(XOR_BY_HAND, "xor_answer"),
            graded_cell("xor_by_hand", "xor_test", 1, "xor_params"),
            answer(SYM, "sym_answer"),
            graded_cell("sym_neuron_gradient", "sym_test", 1, "dE_dw"),
            answer(TRAIN, "net_answer"),
            graded_cell("xor_network", "net_test", 1, "train_xor"),
        ]
    )


def write(path: Path, nb=None, *, mse=None, delta=None, answers: dict | None = None) -> Path:
    """A submission of tiny.ipynb (or of ``nb``) with its answer cells' code replaced."""
    nb = nb if nb is not None else solution()
    answers = dict(answers or {})
    if mse is not None:
        answers["mse_answer"] = mse
    if delta is not None:
        answers["delta_answer"] = delta
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in answers:
            cell.source = answers[gid]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture(scope="session")
def source_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("solutions")
    nbformat.write(solution(), d / "tiny.ipynb")
    nbformat.write(kinds_solution(), d / "kinds.ipynb")
    return d


@pytest.fixture(scope="session")
def sealed(source_dir, tmp_path_factory):
    sources = grade.load_sources(source_dir)
    return sources, grade.make_builds(sources, tmp_path_factory.mktemp("sealed"))


def grade_one(path, sealed, **kw):
    sources, builds = sealed
    kw.setdefault("cell_timeout", 5)
    kw.setdefault("call_timeout", 5)
    kw.setdefault("seed", 1)
    return grade.grade_notebook(Path(path), sources, builds, **kw)


def scores(result) -> dict:
    tests = result["tests"] if isinstance(result, dict) else result.tests
    return {
        (t["grade_id"] if isinstance(t, dict) else t.grade_id): (
            t["points"] if isinstance(t, dict) else t.points
        )
        for t in tests
    }


def ps_lines(marker: str) -> list[str]:
    out = subprocess.run(["ps", "-eo", "pid,args"], capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if marker in line and "ps -eo" not in line]


class Run:
    """One run of ``python -m bplab.grading`` in a process of its own."""

    def __init__(self, code, stdout, stderr, seconds, json_path):
        self.code, self.stdout, self.stderr, self.seconds = code, stdout, stderr, seconds
        self.json_path = json_path
        self.data = json.loads(json_path.read_text()) if json_path and json_path.exists() else None

    def by_name(self) -> dict:
        return {Path(s["path"]).name: s for s in self.data["submissions"]}

    def by_path(self) -> dict:
        return {s["path"]: s for s in self.data["submissions"]}


def run_cli(args, *, json_path: Path | None, timeout: float = 120, env_extra=None) -> Run:
    """Run the grader's command line; kill its whole process group if it overruns ``timeout``
    (and then fail the test)."""
    env = dict(os.environ, GRADER_SECRET=SECRET, **(env_extra or {}))
    cmd = [PYTHON, "-m", "bplab.grading", *map(str, args)]
    if json_path is not None:
        cmd += ["--json", str(json_path)]
    start = time.monotonic()
    proc = subprocess.Popen(
        cmd,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        group = subprocess.run(
            ["ps", "-o", "pid=", "-g", str(proc.pid)], capture_output=True, text=True
        ).stdout.split()
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        remove_cgroups_of(group)
        pytest.fail(f"the grader did not finish within {timeout:g} s\n--- stderr:\n{err[-3000:]}")
    return Run(proc.returncode, out, err, time.monotonic() - start, json_path)


def remove_cgroups_of(pids) -> None:
    """The grader names a sandbox's cgroups bplab-<its pid>-<ns>; killed, it cannot remove them.
    Remove (empty) those of the processes we killed, and only those."""
    time.sleep(0.5)
    for kind in ("pids", "memory"):
        base = Path("/sys/fs/cgroup") / kind
        for pid in pids:
            for d in base.glob(f"bplab-{pid}-*"):
                try:
                    d.rmdir()
                except OSError:
                    pass
