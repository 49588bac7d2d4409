"""Grade exercise notebooks automatically, fairly and safely.

    python -m bplab.grading SUBMISSION.ipynb [MORE ...] --source solutions/ [--json FILE]
        [--feedback DIR] [--timeout SECONDS] [--notebook-timeout SECONDS] [--jobs N] [--seed N]
        [--memory MIB] [--unsealed]

A submission may also be a folder: every notebook in it (and below) is graded.

How a verdict is reached, and why student code can neither forge it nor harm anyone else's:

1. The notebook that runs is rebuilt from the *source* (the solution notebook, in nbgrader's
   conventions, see ``bplab.grading.assignments``): every locked cell comes from the source's
   student version, only the student's answer cells (matched by ``grade_id``) come from the
   submission; test cells are not run at all. The submission file is only read.
2. Each submission runs in a sandbox of its own (``bplab.grading.sandbox``: bubblewrap) that sees
   a sealed copy of the package (``bplab.grading.build``): no judge, no reference answer, no hidden
   test, no solutions, no other submission, no results file. It talks to the grader through two
   pipes; whatever it prints goes nowhere.
3. At each graded test cell the grader makes fresh inputs in its own process, has the sandbox call
   the student's answer on them, gets back plain numbers, and judges them here, with its own numpy
   and bplab. The only way to send back correct values is to compute them.
4. A timeout, a crash or a broken channel stops that sandbox; a fresh one replays the cells that had
   run, so it costs only the questions that needed the bad cell. An exception in a judge costs only
   its question. Results are written once, atomically, at the end; a submission that could not be
   graded says so (status "not graded" and why), never a silent 0.

Where no sandbox can be made (no bubblewrap, not Linux, no user namespaces) the grader says so and
refuses, unless ``--unsealed`` accepts running student code as a plain process with your rights.
Exit status: 0 when every submission was graded, 1 when some could not be, 2 for bad arguments.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import stat
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat
import numpy as np

from ..checks.base import CALL_LIMIT_SECONDS, cases_to_plain, from_plain, to_plain
from ..checks.credit import credit_share
from ..checks.feedback import Verdict
from ..checks.judge import verdict
from ..checks.tasks import TASKS
from . import build, sandbox
from .assignments import is_answer, is_test, nbgrader, student_version
from .session import Session, Stopped

MAX_NOTEBOOK_BYTES = 20 * 2**20


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
    status: str = "graded"  # or "not graded"
    notes: list[str] = field(default_factory=list)

    def not_graded(self, why: str) -> Result:
        self.status = "not graded"
        self.notes.append(why)
        return self


class GradingError(Exception):
    """A problem with the sources or the arguments (not with a submission)."""


# ---------------------------------------------------------------- which source, which cells
def checks_of(cell) -> list[dict]:
    return cell.metadata.get("bplab", {}).get("checks", [])


def load_sources(source_dir: Path) -> dict[str, nbformat.NotebookNode]:
    if not source_dir.is_dir():
        raise GradingError(f"--source {source_dir} is not a folder of solution notebooks")
    sources = {p.name: nbformat.read(p, as_version=4) for p in sorted(source_dir.glob("*.ipynb"))}
    if not sources:
        raise GradingError(f"--source {source_dir} holds no .ipynb notebooks")
    for name, nb in sources.items():
        for cell in nb.cells:
            if is_test(cell):
                gid = nbgrader(cell).get("grade_id")
                if not checks_of(cell):
                    raise GradingError(
                        f"{name}: test cell {gid!r} lists no bplab checks in its metadata"
                    )
                for chk in checks_of(cell):
                    if (
                        chk.get("task") not in TASKS
                        or not str(chk.get("answer", "")).isidentifier()
                    ):
                        raise GradingError(f"{name}: test cell {gid!r} has a bad check {chk!r}")
    return sources


def sealed_names(source) -> list[str]:
    """The package functions switched off in a notebook's sandbox: those of all its questions."""
    names = {
        n
        for c in source.cells
        if is_test(c)
        for chk in checks_of(c)
        for n in TASKS[chk["task"]].sealed
    }
    return sorted(names)


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
    """The cells to run: the source's student version, with the student's answer cells in the
    answer slots, and the test cells (whose code is never run) as markers."""
    answers = {}
    for cell in submission.cells:
        gid = nbgrader(cell).get("grade_id")
        if cell.get("cell_type") == "code" and gid and is_answer(cell) and gid not in answers:
            answers[gid] = str(cell.get("source", ""))
    cells = []
    for cell, stub in zip(source.cells, student_version(source).cells):
        if cell.cell_type != "code":
            continue
        gid = nbgrader(cell).get("grade_id")
        if is_answer(cell):
            cells.append(("answer", gid, answers.get(gid, stub.source), cell))
        elif is_test(cell):
            cells.append(("test", gid, None, cell))
        else:
            cells.append(("code", gid, stub.source, cell))
    return cells


def file_ids(folder: Path) -> frozenset:
    """(device, inode) of every notebook in ``folder``: a submission that *is* one of them (a hard
    link to a solution) is refused."""
    return frozenset((st.st_dev, st.st_ino) for st in (p.stat() for p in folder.glob("*.ipynb")))


def read_notebook(path: Path, refuse: frozenset = frozenset()):
    """Read a submission without ever blocking or following a link: a FIFO, a device, a
    symbolic link or a hard link to a file in ``refuse`` (both could be a solution) is refused."""
    if path.is_symlink():
        raise ValueError("a symbolic link, not a notebook file")
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("not a regular file")
        if (info.st_dev, info.st_ino) in refuse:
            raise ValueError("it is one of the source notebooks itself (a hard link)")
        if info.st_size > MAX_NOTEBOOK_BYTES:
            raise ValueError(f"larger than {MAX_NOTEBOOK_BYTES // 2**20} MiB")
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(MAX_NOTEBOOK_BYTES + 1)
    finally:
        os.close(fd)
    return nbformat.reads(data.decode("utf-8"), as_version=4)


# ---------------------------------------------------------------- judging one question
def reference_for(task):
    """Answers a sandbox's request for the value of an earlier question (only those ``task``
    uses), computed here with the reference answer; plain data both ways."""

    def reference(name, args, kwargs) -> dict:
        if name not in task.uses or TASKS[name].reference is None:
            return {"error": f"{name} is not a question this one uses"}
        try:
            if not isinstance(args, list) or not isinstance(kwargs, dict):
                raise ValueError("malformed arguments")
            value = TASKS[name].reference(
                *(from_plain(a) for a in args),
                **{str(k): from_plain(v) for k, v in kwargs.items()},
            )
            return {"value": to_plain(value)}
        except Exception as e:  # noqa: BLE001 - the student's arguments may be anything
            return {
                "error": f"the reference {name} could not run on these arguments: "
                f"{type(e).__name__}: {str(e)[:150]}"
            }

    return reference


def judge_check(session: Session, chk: dict, gen: np.random.Generator) -> tuple[Verdict, float]:
    """Probe one answer and judge it: (verdict, share of the points earned, see
    ``bplab.checks.credit``); nothing raised here reaches the caller."""
    verdict_, share = _judge_check(session, chk, gen)
    return verdict_, (1.0 if verdict_.passed else share)


def _judge_check(session: Session, chk: dict, gen: np.random.Generator) -> tuple[Verdict, float]:
    task = TASKS[chk["task"]]
    answer = chk["answer"]
    try:
        cases = task.cases(gen)
        request = {
            "spec": task.spec(),
            "cases": cases_to_plain(cases),
            "sealed": list(task.switched_off),
            "uses": list(task.uses),
        }
    except Exception as e:  # noqa: BLE001
        return Verdict(
            False,
            f"{task.name}: not checked, the grader could not make its test "
            f"inputs ({type(e).__name__}) - tell your instructor",
        ), 0.0
    status, reply = session.probe(answer, request, reference_for(task))
    if status == "timeout":
        return Verdict(
            False,
            f"{task.name}: one call of `{answer}` took longer than "
            f"{session.call_timeout:g} s (an endless loop?)",
        ), 0.0
    if status == "notebook timeout":
        return Verdict(False, f"{task.name}: not checked, the notebook ran out of time"), 0.0
    if status != "ok":
        return Verdict(
            False, f"{task.name}: the sandbox stopped ({status}) while evaluating `{answer}`"
        ), 0.0
    if reply.get("undefined"):
        return Verdict(
            False,
            f"{task.name}: `{answer}` is not defined - not written yet, or "
            "its answer cell raised an error: replace `raise "
            "NotImplementedError()` with your code and make sure the cell "
            "runs",
        ), 0.0
    raws = reply.get("results")
    try:
        v = verdict(task, cases, raws)
    except Exception as e:  # noqa: BLE001 - a judge that fails costs only its question
        return Verdict(
            False,
            f"{task.name}: the answer could not be judged ({type(e).__name__});"
            " check what your function returns",
        ), 0.0
    try:
        share = 1.0 if v.passed else credit_share(task, cases, raws)
    except Exception:  # noqa: BLE001 - no partial credit then, the verdict stands
        share = 0.0
    return v, share


def grade_notebook(
    path: Path,
    sources: dict,
    builds: dict[str, Path],
    *,
    cell_timeout: float = 30,
    notebook_timeout: float = 300,
    call_timeout: float = CALL_LIMIT_SECONDS,
    seed: int | None = None,
    limits: sandbox.Limits | None = None,
    unsealed: bool = False,
    refuse: frozenset = frozenset(),
) -> Result:
    """Grade one submission; never writes to it. ``refuse``: ``file_ids`` of the sources."""
    result = Result(str(path), 0.0, 0.0)
    try:
        submission = read_notebook(path, refuse)
    except Exception as e:  # noqa: BLE001 - any unreadable file is reported, not a crash
        return result.not_graded(
            f"could not read the notebook: {type(e).__name__}: "
            f"{str(e).splitlines()[0][:150] if str(e) else ''}"
        )
    name = match_source(path, submission, sources)
    if name is None:
        return result.not_graded(
            "no source notebook matches this submission (file name or grade ids)"
        )
    result.source = name
    cells = assemble(sources[name], submission)
    tests = [c for c in cells if c[0] == "test"]
    result.max_score = float(sum(nbgrader(c[3]).get("points", 0) for c in tests))
    gen = np.random.default_rng(seed if seed is not None else secrets.randbits(64))
    try:
        session = Session(
            builds[name],
            limits=limits or sandbox.Limits(),
            unsealed=unsealed,
            cell_timeout=cell_timeout,
            call_timeout=call_timeout,
            deadline=time.monotonic() + notebook_timeout,
        )
    except (Stopped, OSError) as e:
        return result.not_graded(f"the sandbox did not start ({e})")
    try:
        stopped = None
        for kind, gid, source, cell in cells:
            if kind != "test":
                if stopped:
                    continue
                try:
                    status, error = session.run(source)
                except Stopped as e:
                    stopped = e.reason
                    continue
                if kind == "answer" and status == "ok" and error:
                    result.notes.append(f"answer cell {gid} raised {error}")
                elif status not in ("ok", "notebook timeout"):
                    what = {"timeout": "timed out", "died": "crashed its sandbox"}.get(
                        status, f"broke the sandbox's channel ({status})"
                    )
                    result.notes.append(f"cell {gid or '(locked)'} {what}; it was skipped")
                continue
            points = float(nbgrader(cell).get("points", 0))
            verdicts, shares = [], []
            for chk in checks_of(cell):
                v, share = Verdict(False, f"{chk['task']}: not checked ({stopped})"), 0.0
                if not stopped:
                    try:
                        v, share = judge_check(session, chk, gen)
                    except Stopped as e:
                        stopped = e.reason
                        v = Verdict(False, f"{chk['task']}: not checked ({stopped})")
                verdicts.append(v)
                shares.append(share)
            passed = all(v.passed for v in verdicts)
            earned = points if passed else round(points * sum(shares) / len(shares), 2)
            message = "\n".join(v.message for v in verdicts)
            if not passed and earned:
                message += (
                    f"\n(partial credit: {earned:g} of {points:g} points for the parts "
                    "that are right)"
                )
            result.tests.append(TestResult(gid, earned, points, passed, message))
        if stopped:
            result.notes.append(f"grading stopped early: {stopped}")
    finally:
        session.stop()
    result.score = sum(t.points for t in result.tests)
    return result


def make_builds(sources: dict, folder: Path) -> dict[str, Path]:
    """One sealed package per set of sealed functions, in ``folder``: {source name: its root}."""
    builds, done = {}, {}
    for name, source in sources.items():
        key = tuple(sealed_names(source))
        if key not in done:
            done[key] = build.build(folder / f"b{len(done)}", key)
        builds[name] = done[key]
    return builds


# ---------------------------------------------------------------- the command line
def find_submissions(paths: list[Path]) -> list[Path]:
    """The notebooks named or found below the folders named (links to folders are not followed,
    nor are checkpoint folders searched)."""
    found = []
    for p in paths:
        if p.is_dir() and not p.is_symlink():
            inside = []
            for folder, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if d != ".ipynb_checkpoints")
                inside += [Path(folder) / f for f in files if f.endswith(".ipynb")]
            found += sorted(inside)
        elif p.suffix == ".ipynb":
            found.append(p)
        else:
            raise GradingError(f"{p} is neither a notebook nor a folder")
    return found


def table(result: Result) -> str:
    head = f"{result.path}  {result.score:g} / {result.max_score:g}"
    if result.status != "graded":
        head += "  NOT GRADED"
    if result.source:
        head += f"  (source {result.source})"
    lines = [head]
    for note in result.notes:
        lines.append(f"  note: {note}")
    width = max([len(t.grade_id) for t in result.tests] + [8])
    for t in result.tests:
        mark = "pass" if t.passed else "FAIL"
        first = t.message.splitlines()[0] if t.message else ""
        lines.append(f"  {t.grade_id:<{width}}  {t.points:g}/{t.max_points:g}  {mark}  {first}")
    return "\n".join(lines)


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a reader sees the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def to_json(results: list[Result]) -> str:
    return json.dumps({"submissions": [asdict(r) for r in results]}, indent=2)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bplab.grading",
        description="Grade exercise notebooks against their solutions, each in its own sandbox.",
    )
    parser.add_argument("submissions", nargs="+", type=Path, help="notebooks or folders of them")
    parser.add_argument("--source", type=Path, required=True, help="folder of solution notebooks")
    parser.add_argument("--timeout", type=float, default=30, help="seconds per cell (default 30)")
    parser.add_argument(
        "--call-timeout",
        type=float,
        default=CALL_LIMIT_SECONDS,
        help="seconds per call of a checked answer on one test case (default "
        f"{CALL_LIMIT_SECONDS:g}, the limit the notebooks' self-checks warn "
        "about)",
    )
    parser.add_argument(
        "--notebook-timeout",
        type=float,
        default=300,
        help="wall-clock seconds for a whole notebook (default 300)",
    )
    parser.add_argument("--json", type=Path, help="write the results to this JSON file")
    parser.add_argument(
        "--feedback", type=Path, help="write one HTML feedback page per submission into this folder"
    )
    parser.add_argument("--jobs", type=int, default=2, help="notebooks graded at once (default 2)")
    parser.add_argument("--seed", type=int, help="seed for the test inputs (default: fresh)")
    parser.add_argument(
        "--memory",
        type=int,
        default=2048,
        help="MiB of memory one submission may use (default 2048)",
    )
    parser.add_argument(
        "--unsealed",
        action="store_true",
        help="where no sandbox can be made, run student code as a plain process "
        "with your user's rights (it can read and change your files)",
    )
    args = parser.parse_args(argv)
    try:
        sources = load_sources(args.source)
        subs = find_submissions(args.submissions)
    except GradingError as e:
        parser.error(str(e))
    if not subs:
        parser.error("no notebooks to grade")
    try:
        how = "sandbox: " + sandbox.check_available()
    except sandbox.SandboxUnavailable as e:
        if not args.unsealed:
            print(
                f"bplab.grading: refusing to grade: no sandbox for student code here - {e}. "
                "Install bubblewrap, or pass --unsealed to run student code unsealed.",
                file=sys.stderr,
            )
            return 2
        how = f"UNSEALED: student code runs with your user's rights ({e})"
    if args.unsealed and how.startswith("sandbox"):
        how = "UNSEALED (--unsealed): student code runs with your user's rights"
    limits = sandbox.Limits(memory=args.memory * 2**20)
    jobs = max(1, args.jobs)
    print(f"grading {len(subs)} notebook(s) with {jobs} worker(s); {how}", file=sys.stderr)
    results: dict[Path, Result] = {}
    with tempfile.TemporaryDirectory(prefix="bplab-sealed-") as tmp:
        builds = make_builds(sources, Path(tmp))
        kwargs = dict(
            cell_timeout=args.timeout,
            call_timeout=args.call_timeout,
            notebook_timeout=args.notebook_timeout,
            seed=args.seed,
            limits=limits,
            unsealed=args.unsealed,
            refuse=file_ids(args.source),
        )
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = {pool.submit(grade_notebook, p, sources, builds, **kwargs): p for p in subs}
            for i, fut in enumerate(as_completed(futures), 1):
                p = futures[fut]
                try:
                    results[p] = fut.result()
                except Exception as e:  # noqa: BLE001 - the machinery failed, not the student
                    results[p] = Result(str(p), 0.0, 0.0).not_graded(
                        f"the grader failed: {type(e).__name__}: {str(e)[:150]}"
                    )
                r = results[p]
                flag = "" if r.status == "graded" else "  NOT GRADED"
                print(
                    f"[{i}/{len(subs)}] {p}  {r.score:g}/{r.max_score:g}{flag}",
                    file=sys.stderr,
                    flush=True,
                )
    ordered = [results[p] for p in subs]
    for r in ordered:
        print(table(r))
    if args.json:
        write_atomically(args.json, to_json(ordered))
    if args.feedback:
        from .report import feedback_paths, write_feedback

        for r, out in zip(ordered, feedback_paths(subs, args.submissions)):
            write_feedback(args.feedback / out, r)
    failed = sum(r.status != "graded" for r in ordered)
    if failed:
        print(f"{failed} notebook(s) could not be graded (see NOT GRADED above)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
