"""bplab.lecture.execute: a notebook run top to bottom in a fresh kernel, in its folder, saved
with its outputs; a failing cell stops it and nothing is written; no kernel is left running."""

import os
import subprocess
import sys

import nbformat
import pytest
from nbclient.exceptions import CellExecutionError

from bplab.lecture import execute


def _notebook(path, *sources):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    nbformat.write(nb, path)
    return path


def _kernels() -> set[int]:
    """The kernels this process started and that still run (other test workers' are not ours)."""
    out = subprocess.run(["ps", "-eo", "pid,ppid,args"], capture_output=True, text=True).stdout
    return {
        int(pid)
        for pid, ppid, *args in (line.split() for line in out.splitlines()[1:])
        if int(ppid) == os.getpid() and "ipykernel_launcher" in " ".join(args)
    }


def test_a_notebook_runs_in_its_folder_and_is_saved_with_its_outputs(tmp_path):
    (tmp_path / "data.txt").write_text("41")
    path = _notebook(
        tmp_path / "nb.ipynb",
        "n = int(open('data.txt').read())",  # its folder is the working directory
        "print(n + 1)",
    )
    before = _kernels()
    seconds = execute.execute(path, timeout=60, save=True)
    assert seconds > 0
    cells = nbformat.read(path, as_version=4).cells
    assert [c.execution_count for c in cells] == [1, 2]
    assert cells[1].outputs[0]["text"] == "42\n"
    assert _kernels() <= before, "a kernel was left running"


def test_a_failing_cell_stops_the_run_and_nothing_is_written(tmp_path):
    path = _notebook(tmp_path / "nb.ipynb", "1 / 0", "print('never')")
    stamp = path.stat().st_mtime_ns
    with pytest.raises(CellExecutionError, match="ZeroDivisionError"):
        execute.execute(path, timeout=60, save=True)
    assert path.stat().st_mtime_ns == stamp
    assert nbformat.read(path, as_version=4).cells[0].outputs == []


def test_the_command_line(tmp_path):
    path = _notebook(tmp_path / "nb.ipynb", "x = 6 * 7", "x")
    out = subprocess.run(
        [sys.executable, "-m", "bplab.lecture.execute", str(path)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert out.stdout.startswith(f"{path}: ") and out.stdout.rstrip().endswith(" s")
    assert nbformat.read(path, as_version=4).cells[1].outputs[0]["data"]["text/plain"] == "42"
