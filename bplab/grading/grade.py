"""Grade exercise notebooks automatically, fairly and safely.

    python -m bplab.grade SUBMISSION.ipynb [MORE ...] --source solutions/ [--timeout SECONDS]
                          [--json FILE] [--notebook-timeout SECONDS] [--jobs N] [--seed N]

A submission may also be a folder: every notebook in it (and below) is graded.

How a verdict is reached, and why student code cannot forge it:

1. The notebook that runs is rebuilt from the *source* (the solution notebook in nbgrader's
   conventions, see ``bplab.assignments``): every locked and test cell comes from the source; only
   the student's answer cells (matched by ``grade_id``) are taken from the submission, and a
   missing answer cell becomes the stub. Cells the student added, edited tests and deleted tests
   play no part. The submission file itself is only read.
2. It runs in a fresh kernel (nbclient) in an empty temporary folder, one cell at a time, with a
   per-cell timeout and a wall-clock limit for the whole notebook. A cell that times out or kills
   the kernel is skipped: the kernel is restarted and the cells before it are replayed, so an
   infinite loop or a crash costs only the questions that need that cell.
3. At each graded test cell the grader does not run the cell's code. It makes fresh test inputs
   in its own process, sends them to the kernel, has the student's answer evaluated on them
   (``bplab.tasks.run_cases``), reads back plain numbers (JSON, behind a random marker), and judges
   them *in its own process* with its own numpy and bplab. Monkeypatching numpy or the check
   functions in the kernel, or printing "All tests passed", changes nothing that is judged.

A graded test cell scores its points when every check in it passes (partial credit is per cell).
The exit status is 0 whenever grading completed, whatever the scores; 1 if the grading machinery
itself failed for some notebook (a kernel that would not start), which is then marked NOT GRADED.
"""

from __future__ import annotations

import argparse
import json
import secrets
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat
import numpy as np

from .assignments import is_answer, is_test, nbgrader, student_version
from .tasks import TASKS, cases_to_plain, verdict

KERNEL = "python3"


@dataclass
class TestResult:
    grade_id: str
    points: float
    max_points: float
    passed: bool
    message: str


@dataclass
class Result:
    path: str
    score: float
    max_score: float
    tests: list[TestResult] = field(default_factory=list)
    source: str = ""
    notes: list[str] = field(default_factory=list)


class GradingError(Exception):
    """A problem with the sources or the arguments (not with a submission)."""


# ---------------------------------------------------------------- which source, which cells
def load_sources(source_dir: Path) -> dict[str, nbformat.NotebookNode]:
    if not source_dir.is_dir():
        raise GradingError(f"--source {source_dir} is not a folder of solution notebooks")
    sources = {p.name: nbformat.read(p, as_version=4) for p in sorted(source_dir.glob("*.ipynb"))}
    if not sources:
        raise GradingError(f"--source {source_dir} holds no .ipynb notebooks")
    for name, nb in sources.items():
        for cell in nb.cells:
            if is_test(cell):
                checks = cell.metadata.get("bplab", {}).get("checks")
                gid = nbgrader(cell).get("grade_id")
                if not checks:
                    raise GradingError(
                        f"{name}: test cell {gid!r} lists no bplab checks in its metadata"
                    )
                for chk in checks:
                    if (
                        chk.get("task") not in TASKS
                        or not str(chk.get("answer", "")).isidentifier()
                    ):
                        raise GradingError(f"{name}: test cell {gid!r} has a bad check {chk!r}")
    return sources


def grade_ids(nb) -> set[str]:
    return {nbgrader(c).get("grade_id") for c in nb.cells if nbgrader(c).get("grade_id")}


def match_source(path: Path, nb, sources: dict) -> str | None:
    """The source with the submission's file name, else the one sharing the most grade_ids."""
    if path.name in sources:
        return path.name
    ids = grade_ids(nb)
    best = max(sources, key=lambda s: len(ids & grade_ids(sources[s])))
    return best if ids & grade_ids(sources[best]) else None


def assemble(source, submission) -> list:
    """The cells to run: the source's, with the student's answer cells in the answer slots."""
    answers = {}
    for cell in submission.cells:
        gid = nbgrader(cell).get("grade_id")
        if cell.cell_type == "code" and gid and is_answer(cell) and gid not in answers:
            answers[gid] = cell.source
    stubs = student_version(source)
    cells = []
    for cell, stub in zip(source.cells, stubs.cells):
        if cell.cell_type != "code":
            continue
        gid = nbgrader(cell).get("grade_id")
        if is_answer(cell):
            cells.append(("answer", gid, answers.get(gid, stub.source), cell))
        elif is_test(cell):
            cells.append(("test", gid, None, cell))
        else:
            cells.append(("code", gid, cell.source, cell))
    return cells


# ---------------------------------------------------------------- running the kernel
class Runner:
    """One kernel, cell by cell, with timeouts; restarts and replays after a timeout or a crash."""

    def __init__(self, cell_timeout: float, deadline: float, workdir: str) -> None:
        self.cell_timeout, self.deadline, self.workdir = cell_timeout, deadline, workdir
        self.done: list[str] = []  # sources of the cells that ran without timing out or crashing
        self.client = None
        self._start()

    def _start(self) -> None:
        from nbclient import NotebookClient

        self.nb = nbformat.v4.new_notebook(
            metadata={
                "kernelspec": {"name": KERNEL, "display_name": "Python 3", "language": "python"}
            }
        )
        self.client = NotebookClient(
            self.nb,
            timeout=self.cell_timeout,
            kernel_name=KERNEL,
            allow_errors=True,
            interrupt_on_timeout=True,
            resources={"metadata": {"path": self.workdir}},
            error_on_timeout={"ename": "Timeout", "evalue": "cell timed out", "traceback": []},
        )
        self.client.km = self.client.create_kernel_manager()
        # the kernel's own stderr (start-up chatter) is not the notebook's: cells report by iopub
        self.client.start_new_kernel(cwd=self.workdir, stderr=subprocess.DEVNULL)
        self.client.start_new_kernel_client()

    def stop(self) -> None:
        if self.client is not None and self.client.km is not None:
            from jupyter_core.utils import run_sync

            try:
                self.client.kc.stop_channels()
                run_sync(self.client.km.shutdown_kernel)(now=True)
            except Exception:  # noqa: BLE001 - a dead kernel may not shut down cleanly
                pass
        self.client = None

    def _restart(self) -> None:
        self.stop()
        self._start()
        for source in list(self.done):
            if self._execute(source)[0] != "ok":  # a replay that fails again is dropped
                self.done.remove(source)

    def _execute(self, source: str) -> tuple[str, list]:
        from nbclient.exceptions import DeadKernelError

        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            return "notebook timeout", []
        cell = nbformat.v4.new_code_cell(source)
        self.nb.cells.append(cell)
        self.client.timeout = max(1, int(min(self.cell_timeout, remaining)))
        try:
            self.client.execute_cell(cell, len(self.nb.cells) - 1)
        except DeadKernelError:
            return "died", []
        except Exception as e:  # noqa: BLE001 - nbclient may raise on a wedged kernel
            return f"failed ({type(e).__name__})", []
        # a cell that runs past the timeout is interrupted by nbclient: it ends in KeyboardInterrupt
        if any(
            o.get("output_type") == "error" and o.get("ename") in ("Timeout", "KeyboardInterrupt")
            for o in cell.outputs
        ):
            return "timeout", cell.outputs
        return "ok", cell.outputs

    def run(self, source: str, *, keep: bool = True) -> tuple[str, list]:
        """Run one cell; after a timeout or a crash, restart and replay the cells kept so far."""
        status, outputs = self._execute(source)
        if status == "ok":
            if keep:
                self.done.append(source)
        elif status != "notebook timeout":
            self._restart()
        return status, outputs


def _probe(runner: Runner, task: str, answer: str, cases) -> tuple[list | None, str]:
    """Have the kernel evaluate ``answer`` on the cases; returns (results, problem)."""
    marker = "BPLAB-" + secrets.token_hex(16) + ":"
    payload = json.dumps(cases_to_plain(cases))
    code = (
        "import json as _bp_json\n"
        "from bplab.tasks import run_cases as _bp_run, cases_from_plain as _bp_cases\n"
        f"print({marker!r} + _bp_json.dumps(_bp_run({task!r}, {answer}, "
        f"_bp_cases(_bp_json.loads({payload!r})))))"
    )
    status, outputs = runner.run(code, keep=False)
    if status == "timeout":
        return (
            None,
            f"{task}: evaluating `{answer}` took longer than {runner.cell_timeout:g} s "
            "(an endless loop?)",
        )
    if status == "died":
        return None, f"{task}: the kernel died while evaluating `{answer}`"
    if status != "ok":
        return None, f"{task}: not checked, {status}"
    for out in outputs:
        if out.get("output_type") == "error":
            if out.get("ename") == "NameError":
                return None, (
                    f"{task}: `{answer}` is not defined - not written yet, or its answer "
                    f"cell raised an error: replace `raise NotImplementedError()` with your code "
                    f"and make sure the cell runs"
                )
            return (
                None,
                f"{task}: checking `{answer}` raised {out.get('ename')}: {out.get('evalue')}",
            )
        if out.get("output_type") == "stream" and out.get("name") == "stdout":
            for line in out.get("text", "").splitlines():
                if line.startswith(marker):
                    try:
                        return json.loads(line[len(marker) :]), ""
                    except json.JSONDecodeError:
                        break
    return None, f"{task}: no answer came back from the kernel"


def grade_notebook(
    path: Path,
    sources: dict,
    *,
    cell_timeout: float = 30,
    notebook_timeout: float = 300,
    seed: int | None = None,
) -> Result:
    """Grade one submission; never writes to it."""
    result = Result(str(path), 0.0, 0.0)
    try:
        submission = nbformat.read(path, as_version=4)
    except Exception as e:  # noqa: BLE001 - any unreadable file is a zero, not a crash
        submission = None
        result.notes.append(f"could not read the notebook: {type(e).__name__}: {e}")
    name = match_source(path, submission, sources) if submission is not None else None
    if name is None:
        if submission is not None:
            result.notes.append(
                "no source notebook matches this submission (file name or grade ids)"
            )
        return result
    result.source = name
    cells = assemble(sources[name], submission)
    tests = [c for c in cells if c[0] == "test"]
    result.max_score = float(sum(nbgrader(c[3]).get("points", 0) for c in tests))
    gen = np.random.default_rng(seed if seed is not None else secrets.randbits(64))
    with tempfile.TemporaryDirectory(prefix="bplab-grade-") as workdir:
        runner = Runner(cell_timeout, time.monotonic() + notebook_timeout, workdir)
        try:
            for kind, gid, source, cell in cells:
                if kind != "test":
                    status, _ = runner.run(source)
                    if status in ("timeout", "died"):
                        what = "timed out" if status == "timeout" else "crashed the kernel"
                        result.notes.append(f"cell {gid or '(locked)'} {what}; it was skipped")
                    continue
                points = float(nbgrader(cell).get("points", 0))
                passed, messages = True, []
                for chk in cell.metadata["bplab"]["checks"]:
                    task = chk["task"]
                    cases = TASKS[task].cases(gen)
                    results, problem = _probe(runner, task, chk["answer"], cases)
                    v = verdict(task, cases, results) if results is not None else None
                    ok = bool(v)
                    passed &= ok
                    messages.append(v.message if v is not None else problem)
                result.tests.append(
                    TestResult(gid, points if passed else 0.0, points, passed, "\n".join(messages))
                )
        finally:
            runner.stop()
    result.score = sum(t.points for t in result.tests)
    return result


# ---------------------------------------------------------------- the command line
def find_submissions(paths: list[Path]) -> list[Path]:
    found = []
    for p in paths:
        if p.is_dir():
            found += sorted(q for q in p.rglob("*.ipynb") if ".ipynb_checkpoints" not in q.parts)
        elif p.suffix == ".ipynb":
            found.append(p)
        else:
            raise GradingError(f"{p} is neither a notebook nor a folder")
    return found


def table(result: Result) -> str:
    lines = [
        f"{result.path}  {result.score:g} / {result.max_score:g}"
        + (f"  (source {result.source})" if result.source else "")
    ]
    for note in result.notes:
        lines.append(f"  note: {note}")
    width = max([len(t.grade_id) for t in result.tests] + [8])
    for t in result.tests:
        mark = "pass" if t.passed else "FAIL"
        first = t.message.splitlines()[0] if t.message else ""
        lines.append(f"  {t.grade_id:<{width}}  {t.points:g}/{t.max_points:g}  {mark}  {first}")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bplab.grade",
        description="Grade exercise notebooks against their solutions.",
    )
    parser.add_argument(
        "submissions", nargs="+", type=Path, help="notebooks or folders of notebooks"
    )
    parser.add_argument("--source", type=Path, required=True, help="folder of solution notebooks")
    parser.add_argument("--timeout", type=float, default=30, help="seconds per cell (default 30)")
    parser.add_argument(
        "--notebook-timeout",
        type=float,
        default=300,
        help="wall-clock seconds for a whole notebook (default 300)",
    )
    parser.add_argument("--json", type=Path, help="write the results to this JSON file")
    parser.add_argument("--jobs", type=int, default=2, help="notebooks graded at once (default 2)")
    parser.add_argument(
        "--seed", type=int, help="seed for the test inputs (default: fresh each run)"
    )
    args = parser.parse_args(argv)
    try:
        sources = load_sources(args.source)
        subs = find_submissions(args.submissions)
    except GradingError as e:
        parser.error(str(e))
    if not subs:
        parser.error("no notebooks to grade")
    kwargs = dict(cell_timeout=args.timeout, notebook_timeout=args.notebook_timeout, seed=args.seed)
    results: dict[Path, Result] = {}
    print(f"grading {len(subs)} notebook(s) with {max(1, args.jobs)} worker(s)", file=sys.stderr)
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {pool.submit(grade_notebook, p, sources, **kwargs): p for p in subs}
        failed = 0
        for i, fut in enumerate(as_completed(futures), 1):
            p = futures[fut]
            try:
                results[p] = fut.result()
            except Exception as e:  # noqa: BLE001 - the machinery failed, not the student
                failed += 1
                results[p] = Result(
                    str(p), 0.0, 0.0, notes=[f"NOT GRADED: {type(e).__name__}: {e}"]
                )
            r = results[p]
            print(
                f"[{i}/{len(subs)}] {p}  {r.score:g}/{r.max_score:g}", file=sys.stderr, flush=True
            )
    ordered = [results[p] for p in subs]
    for r in ordered:
        print(table(r))
    if args.json:
        data = {
            "submissions": [
                {
                    "path": r.path,
                    "score": r.score,
                    "max_score": r.max_score,
                    "tests": [asdict(t) for t in r.tests],
                }
                for r in ordered
            ]
        }
        args.json.write_text(json.dumps(data, indent=2))
    if failed:
        print(f"{failed} notebook(s) could not be graded (see NOT GRADED above)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
