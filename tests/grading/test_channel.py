"""Attacks on the channel between a worker and the grader, on the sealed package, and on what one
sandbox may leave for the next; each graded as its own small run."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import (
    HONEST_DELTA,
    HONEST_MSE,
    digest,
    grade_one,
    needs_bwrap,
    ps_lines,
    run_cli,
    scores,
    write,
)

pytestmark = needs_bwrap

FLOOD_MARKER = "HOSTILE-FLOOD-2e77b1"

# During a probe the worker may ask for reference values; the grader answers each request. An
# answer that sends thousands of requests and never reads the replies fills the pipe to the
# worker, and the grader's reply (a plain blocking os.write) then waits for ever.
FLOOD = r"""
import json, os, struct, sys, time
# FLOOD_MARKER
def mse(Y, T):
    wfd = int(sys.argv[3])
    data = json.dumps({"op": "reference", "name": "mse", "args": [], "kwargs": {}}).encode()
    frames = (struct.pack(">I", len(data)) + data) * 20000
    view = memoryview(frames)
    while view:
        view = view[os.write(wfd, view):]
    time.sleep(3600)
""".replace("FLOOD_MARKER", FLOOD_MARKER)


# was a hole, now closed: HOLE: Session.probe answers every 'reference' frame with a ...
def test_a_flood_of_reference_requests_cannot_hang_the_run(source_dir, tmp_path):
    cls = tmp_path / "class"
    alice = write(cls / "alice.ipynb")
    write(cls / "flood.ipynb", mse=FLOOD, delta=HONEST_DELTA)
    out = tmp_path / "grades.json"
    try:
        run = run_cli(
            [
                cls,
                "--source",
                source_dir,
                "--jobs",
                "2",
                "--timeout",
                "3",
                "--call-timeout",
                "3",
                "--notebook-timeout",
                "8",
                "--seed",
                "1",
            ],
            json_path=out,
            timeout=15,
        )
    finally:
        # the stuck sandbox dies with its grader (--die-with-parent), killed by run_cli
        import time

        time.sleep(1)
        assert ps_lines(FLOOD_MARKER) == []
    got = run.by_name()
    assert got["alice.ipynb"]["score"] == 5
    assert scores(got["flood.ipynb"]) == {"mse_test": 0, "delta_test": 3}
    assert digest(alice)


# A frame that is valid JSON but nested too deeply, or holds an integer with too many digits:
# json.loads raises RecursionError / ValueError, which wire.decode does not turn into a broken
# channel; it must cost at most this submission's questions, never the run.
BAD_FRAMES = (
    r"""
import os, struct, sys, time
def frame(data):
    return struct.pack(">I", len(data)) + data
KIND = KIND_OF_FRAME
def mse(Y, T):
    if KIND == "deep":
        data = b'{"op": "probed", "results": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    else:
        data = b'{"op": "probed", "results": [{"value": ' + b"9" * 10_000 + b"}]}"
    os.write(int(sys.argv[3]), frame(data))
    time.sleep(3600)
"""
    + "\n"
    + HONEST_DELTA
)


# was a hole, now closed: HOLE: wire.decode catches only UnicodeDecodeError and ...
@pytest.mark.parametrize("kind", ["deep", "digits"])
def test_malformed_frames_cost_only_the_question(sealed, tmp_path, kind):
    path = write(
        tmp_path / "tiny.ipynb",
        mse=BAD_FRAMES.replace("KIND_OF_FRAME", repr(kind)),
        delta=HONEST_DELTA,
    )
    r = grade_one(path, sealed, cell_timeout=4, call_timeout=4, notebook_timeout=20)
    assert r.status == "graded", r.notes
    assert scores(r) == {"mse_test": 0, "delta_test": 3}


# ----------------------------------------------------------------------------- sealed functions
SEAL_TRICKS = {
    # the package function itself
    "direct": "def mse(Y, T):\n    return bp.mse(Y, T)\n",
    # catch the switch-off, forget it happened, and try again through other doors
    "recover": r"""
import glob, importlib, inspect, os, sys, types
import bplab.costs
def _original():
    for mod in [m for m in sys.modules if m.startswith("bplab")]:
        del sys.modules[mod]
    fresh = importlib.import_module("bplab.costs")
    importlib.reload(fresh)
    yield fresh.mse
    yield fresh.get_cost("mse").__dict__.get("fn") if hasattr(fresh, "get_cost") else None
    for path in glob.glob("/**/costs.py", recursive=True):
        if path.startswith("/proc"):
            continue
        text = open(path, errors="replace").read()
        if "np.vdot(E, E)) / (2 * Y.shape[0])" in text:
            ns = {"__name__": "stolen"}
            try:
                code = text.replace("from ._validate", "from bplab._validate")
                exec(compile(code, path, "exec"), ns)
                yield ns["mse"]
            except Exception:
                pass
CANDIDATES = list(_original())
def mse(Y, T):
    import bplab.checks.calling as calling
    for fn in CANDIDATES:
        try:
            value = fn(Y, T)
        except Exception:
            continue
        finally:
            del calling._sealed_hits[:]
        return value
    return 0.0
""",
}


@pytest.mark.parametrize("trick", sorted(SEAL_TRICKS))
def test_a_sealed_package_function_cannot_be_had_back(sealed, tmp_path, trick):
    path = write(tmp_path / "tiny.ipynb", mse=SEAL_TRICKS[trick], delta=HONEST_DELTA)
    r = grade_one(path, sealed)
    assert scores(r) == {"mse_test": 0, "delta_test": 3}, r.tests[0].message


# was a gap, now closed: every cost of bplab.costs is sealed for the mse question
def test_a_sibling_package_function_does_not_answer_the_question(sealed, tmp_path):
    path = write(
        tmp_path / "tiny.ipynb",
        mse="from bplab.costs import half_sse\n"
        "def mse(Y, T):\n    return half_sse(Y, T) / len(Y)\n",
        delta=HONEST_DELTA,
    )
    r = grade_one(path, sealed)
    assert scores(r)["mse_test"] == 0


# ----------------------------------------------------------------------------- what stays behind
STARTUP = (
    r"""
import os
EVIL = "import bplab\nbplab.sigmoid = lambda x: 0 * x\n"
home = os.path.expanduser("~")
for d in (home + "/.ipython/profile_default/startup", "/tmp/.ipython/profile_default/startup",
          "/root/.ipython/profile_default/startup", HOST_HOME + "/.ipython/profile_default/startup",
          "/etc/ipython", "/usr/local/etc/ipython", "/tmp"):
    for name in ("00-evil.py", "sitecustomize.py", "usercustomize.py", "ipython_config.py"):
        try:
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, name), "w") as f:
                f.write(EVIL)
        except OSError:
            pass
"""
    + HONEST_MSE
)


def host_startup_files():
    home = Path(os.path.expanduser("~"))
    found = set()
    for d in (home / ".ipython", Path("/tmp/.ipython"), Path("/etc/ipython")):
        if d.exists():
            found |= {str(p) for p in d.rglob("*") if p.is_file()}
    return found


def test_startup_files_do_not_reach_the_next_run(source_dir, sealed, tmp_path):
    before = host_startup_files()
    evil = write(
        tmp_path / "evil" / "tiny.ipynb",
        mse=f"HOST_HOME = {os.path.expanduser('~')!r}\n" + STARTUP,
        delta=HONEST_DELTA,
    )
    assert grade_one(evil, sealed).score == 5
    assert host_startup_files() == before
    # a second run, from the command line, of another student
    honest = write(tmp_path / "class" / "bob.ipynb")
    run = run_cli(
        [honest, "--source", source_dir, "--timeout", "10"],
        json_path=tmp_path / "grades.json",
        timeout=60,
    )
    assert run.by_name()["bob.ipynb"]["score"] == 5
    assert host_startup_files() == before
