"""One run of the command line (--jobs 2) over a class folder where honest students sit next to
hostile ones and next to files that are not notebooks at all. Each test below asserts one thing a
hostile submission must not achieve: the honest grades, the files on disk, the results file, the
processes left behind, and what the JSON and the printed table may contain."""

from __future__ import annotations

import json
import os
import socket
import time
from pathlib import Path

import pytest
from conftest import (
    HONEST_DELTA,
    HONEST_MSE,
    MARKER,
    SECRET,
    WRONG_MSE,
    digest,
    kinds_solution,
    needs_bwrap,
    ps_lines,
    run_cli,
    scores,
    write,
)

pytestmark = needs_bwrap

DAEMON_MARKER = "HOSTILE-DAEMON-5c21e8"
BOMB_MARKER = "HOSTILE-FORKBOMB-93ad4f"

# ----------------------------------------------------------------------------- the attacks
VANDAL = (
    r"""
import os, glob, shutil, time
t0 = time.time()
victims = {ALICE, JSON, FEEDBACK, CLASS + "/bob.ipynb"}
for top in ("/tmp", "/home", "/work", "/opt", "/root", "/"):
    for d, ds, fs in os.walk(top):
        if d.startswith(("/proc", "/sys", "/dev", "/usr")) or time.time() - t0 > 2:
            ds[:] = []
            continue
        victims |= {os.path.join(d, f) for f in fs if f.endswith((".ipynb", ".json"))}
for d in (os.getcwd(), "..", "../..", "../../.."):
    victims |= set(glob.glob(os.path.join(d, "**", "*.ipynb"), recursive=True))
for p in sorted(victims):
    if p.startswith(("/proc", "/sys", "/dev")):
        continue
    for how in ("write", "unlink", "rename", "rmtree"):
        try:
            if how == "write":
                with open(p, "w") as f:
                    f.write('{"cells": [], "pwned": true}')
            elif how == "unlink":
                os.unlink(p)
            elif how == "rename":
                os.rename(p, p + ".gone")
            else:
                shutil.rmtree(os.path.dirname(p))
        except OSError:
            pass
"""
    + WRONG_MSE
)

THIEF = r"""
import glob, importlib, os, sys, time
found = []
KEYS = ("SOLUTION-MARKER", "GRADER-SECRET")  # only in the solutions and the grader
def look(text, where):
    for key in KEYS:
        if key in text:
            found.append(f"{key} in {where}")
t0 = time.time()
for p in glob.glob("/proc/*/cmdline") + glob.glob("/proc/*/environ"):
    try:
        look(open(p, "rb").read().decode("latin-1"), p)
    except OSError:
        pass
for p in glob.glob("/proc/*/cwd") + glob.glob("/proc/*/root"):
    for rel in (".", "..", "../.."):
        try:
            for q in glob.glob(os.path.join(p, rel, "*.ipynb"))[:50]:
                look(open(q, errors="replace").read(), q)
        except OSError:
            pass
for pid in [p for p in os.listdir("/proc") if p.isdigit() and int(p) != os.getpid()]:
    try:
        with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/mem", "rb") as mem:
            for line in maps:
                span, perms = line.split()[:2]
                a, b = (int(x, 16) for x in span.split("-"))
                if "r" in perms and b - a < 2**24 and time.time() - t0 < 1.5:
                    try:
                        mem.seek(a)
                        look(mem.read(b - a).decode("latin-1"), f"memory of {pid}")
                    except (OSError, OverflowError, ValueError):
                        pass
    except OSError:
        pass
import bplab
pkg = os.path.dirname(bplab.__file__)
for rel in ("..", "../..", "../solutions", "../../solutions", "../source", "../tests"):
    for q in glob.glob(os.path.join(pkg, rel, "**", "*.ipynb"), recursive=True):
        look(open(q, errors="replace").read(), q)
for mod in ("bplab.checks.tasks", "bplab.checks.feedback", "bplab.checks.judge",
            "bplab.grading.grade", "bplab.grading.sandbox", "bplab.grading.assignments",
            "bplab.grading.session", "bplab.grading.build", "bplab.grading.report"):
    try:
        importlib.import_module(mod)
        found.append("imported " + mod)
    except Exception:
        pass
for p in (SOURCE, ROOT + "/solutions", ROOT + "/bplab/checks/tasks.py", ROOT + "/tests",
          ROOT + "/bplab/checks/feedback.py", ROOT + "/bplab/grading/grade.py"):
    if os.path.exists(p):
        found.append("exists " + p)
seen = set()
for top in ("/opt", "/tmp", "/home", "/work", "/root", "/etc", "/"):
    for d, ds, fs in os.walk(top):
        if d.startswith(("/proc", "/sys", "/dev")) or d in seen or time.time() - t0 > 3:
            ds[:] = []
            continue
        seen.add(d)
        for f in fs:
            if f.endswith((".ipynb", ".json", ".py")) and ("site-packages" not in d or
                                                           "bplab" in d):
                try:
                    look(open(os.path.join(d, f), errors="replace").read(500_000),
                         os.path.join(d, f))
                except OSError:
                    pass
if found:
    def mse(Y, T):
        raise RuntimeError("LEAK " + "; ".join(sorted(set(found)))[:180])
else:
    def mse(Y, T):
        return 0.0
"""

# the harness, patched from inside: the caller, the encoder, the worker's own locals, the wire
FORGER = r"""
import ctypes, sys
import numpy as np
import bplab.checks.base as base
import bplab.checks.calling as calling
import bplab.grading.wire as wire
FAKE = {"value": 1.0, "seconds": 0.0}
calling.call_answer = lambda *a, **k: dict(FAKE)
base.to_plain = calling.to_plain = lambda obj, _depth=0: 1.0
f = sys._getframe()
while f is not None:
    if f.f_code.co_name == "main" and "shell" in f.f_locals:
        f.f_locals["call_answer"] = lambda *a, **k: dict(FAKE)
        ctypes.pythonapi.PyFrame_LocalsToFast(ctypes.py_object(f), ctypes.c_int(0))
    f = f.f_back
real_send = wire.send
def send(fd, message):
    if message.get("op") == "probed":
        message = {"op": "probed", "results": [dict(FAKE) for _ in range(16)]}
    real_send(fd, message)
wire.send = send
mse = lambda Y, T: None
"""
FORGER_DELTA = "delta = lambda W, b, X, T: None\n"

# forged frames written straight to the worker's pipe (found in /proc/self/fd and argv)
RAW_FRAMES = r"""
import json, os, struct, sys
def frame(message):
    data = json.dumps(message).encode()
    return struct.pack(">I", len(data)) + data
def fds():
    out = {int(sys.argv[3])} if len(sys.argv) > 3 and sys.argv[3].isdigit() else set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{fd}").startswith("pipe:") and int(fd) > 2:
                out.add(int(fd))
        except OSError:
            pass
    return out
def mse(Y, T):
    forged = frame({"op": "probed", "results": [{"value": {"scalar": 0.25, "dtype": "float"}}] * 8})
    forged += frame({"op": "ran", "error": None}) + frame({"op": "probed", "results": []})
    for fd in fds():
        try:
            os.write(fd, forged)
        except OSError:
            pass
    return None
"""

# asking the grader for the reference answers through the worker's own `reference` callback
REFERENCE = r"""
import sys
NAMES = ("mse", "delta", "delta_rule_step", "backward", "forward_pass", "output_delta")
def _ask(args):
    f = sys._getframe(2)
    while f is not None and "reference" not in f.f_locals:
        f = f.f_back
    ref = f.f_locals["reference"]
    for name in NAMES:
        try:
            return ref(name, args, {})
        except Exception:
            pass
    return None
def mse(Y, T):
    return _ask((Y, T))
"""
REFERENCE_DELTA = "def delta(W, b, X, T):\n    return _ask((W, b, X, T))\n"

KILLER = (
    r'''
import os, signal, subprocess, sys
me = os.getpid()
for sig in (signal.SIGSTOP, signal.SIGKILL):
    for pid in [int(p) for p in os.listdir("/proc") if p.isdigit()]:
        if pid != me:
            try:
                os.kill(pid, sig)
            except OSError:
                pass
for target in (-1, 1, os.getppid()):
    try:
        os.kill(target, signal.SIGKILL)
    except OSError:
        pass
DAEMON = """# DAEMON_MARKER
import os, signal, time
if os.fork():
    os._exit(0)
os.setsid()
if os.fork():
    os._exit(0)
for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
    signal.signal(s, signal.SIG_IGN)
time.sleep(4)
for p in TARGETS:
    try:
        with open(p, "w") as f:
            f.write("pwned")
    except OSError:
        pass
"""
subprocess.Popen([sys.executable, "-c", DAEMON.replace("TARGETS", repr([JSON, ALICE]))],
                 stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                 stderr=subprocess.DEVNULL, start_new_session=True)
'''
    + HONEST_MSE
)

BOMBER = (
    r'''
import subprocess, sys
BOMB = """# BOMB_MARKER
import os, signal
signal.signal(signal.SIGTERM, signal.SIG_IGN)
while True:
    try:
        os.fork()
    except OSError:
        pass
"""
subprocess.Popen([sys.executable, "-c", BOMB], stdin=subprocess.DEVNULL,
                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
'''
    + HONEST_MSE
)

STARTUP = (
    r"""
import os
EVIL = (
    "import bplab\nbplab.sigmoid = lambda x: 0 * x\nimport numpy\nnumpy.sum = lambda *a, **k: 0\n"
)
home = os.path.expanduser("~")
places = [home + "/.ipython/profile_default/startup", os.environ.get("IPYTHONDIR", home) +
          "/profile_default/startup", "/tmp/.ipython/profile_default/startup"]
for d, ds, fs in os.walk("/"):
    if d.startswith(("/proc", "/sys", "/dev")):
        ds[:] = []
    elif os.access(d, os.W_OK):
        places.append(d)
for d in places:
    for name in ("00-evil.py", "sitecustomize.py", "usercustomize.py", "evil.pth"):
        try:
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, name), "w") as f:
                f.write(EVIL)
        except OSError:
            pass
"""
    + HONEST_MSE
)

PRINTER_MSE = r"""
import os, sys
def mse(Y, T):
    for i in range(200):
        print(".", end="")
    for i in range(200):
        print(f"\r{i} %", end="", flush=True)
    sys.stdout.write("BPLAB-" + "0" * 32 + ":")
    sys.stderr.write("no newline at all")
    os.write(1, b"\x00\xff\x00raw bytes on fd 1")
    os.write(2, b"raw bytes on fd 2")
    return ((T - Y) ** 2).sum() / (2 * len(Y))
"""
PRINTER_DELTA = r"""
import os, sys
line = "y" * 2**20
for _ in range(50):
    print(line)
os.write(1, b"z" * 2**20)
""" + HONEST_DELTA.replace("    net =", "    print('computing', end='\\r')\n    net =")

CLOSED_MSE = r"""
import os, sys
os.close(1)
os.close(2)
def mse(Y, T):
    print("checking " * 2000, end="")
    print("\r", end="")
    return ((T - Y) ** 2).sum() / (2 * len(Y))
"""

NAN_MSE = "def mse(Y, T):\n    return float('nan')\n"
INF_DELTA = "def delta(W, b, X, T):\n    return np.full((X.shape[0], W.shape[1]), np.inf)\n"
NAN_KINDS = {
    "xor_answer": "W1 = np.full((2, 2), np.nan); b1 = np.array([-0.5, -1.5])\n"
    "W2 = np.array([[1.0], [-1.0]]); b2 = np.array([np.inf])\n"
    "xor_params = (W1, b1, W2, b2)\n",
    "sym_answer": "import sympy as sp\ndE_dw = sp.nan\n",
    "net_answer": "def train_xor(rng):\n"
    "    return bp.MLP.from_params([np.full((2, 2), np.inf), np.full((2, 1), 1e3)],"
    " [np.zeros(2), np.full(1, -np.inf)], activation='sigmoid')\n",
}
NONE_KINDS = {
    "xor_answer": "W1 = np.array([[1.0, 1.0], [1.0, 1.0]]); b1 = np.array([-0.5, -1.5])\n"
    "W2 = np.array([[1.0], [-1.0]])\nxor_params = (W1, b1, W2, None)\n",
    "sym_answer": "import sympy as sp\ndE_dw = sp.oo\n",
    "net_answer": "def train_xor(rng):\n    return None, None\n",
}
HAND_NET = (
    "def train_xor(rng):\n"
    "    W1 = 20 * np.array([[1.0, 1.0], [1.0, 1.0]]); b1 = 20 * np.array([-0.5, -1.5])\n"
    "    W2 = 20 * np.array([[1.0], [-1.0]]); b2 = 20 * np.array([-0.5])\n"
    "    W1 = W1 + 1e-3 * rng.normal(size=W1.shape)\n"
    "    return bp.MLP.from_params([W1, W2], [b1, b2], activation='sigmoid')\n"
)

SECRETS_MSE = r"""
import os
def mse(Y, T):
    leak = repr(dict(os.environ))
    for p in ("/proc/1/environ", "/proc/self/environ"):
        try:
            leak += open(p, "rb").read().decode("latin-1")
        except OSError:
            pass
    raise RuntimeError(leak.replace("\n", " ").replace("\0", " "))
"""
LONG_DELTA = (
    "def delta(W, b, X, T):\n"
    "    raise ValueError('the first line\\n' + 'SECOND-LINE-LEAK\\n' * 10000)\n"
)

HUGE_MSE = "def mse(Y, T):\n    return np.zeros(5 * 10**6)\n"
HUGE_DELTA = "def delta(W, b, X, T):\n    return [np.ones(999_999)] * 20\n"

EXHAUSTER = (
    r"""
import os, threading, time
import numpy as np
try:
    big = np.ones(10 * 2**30 // 8)
except MemoryError:
    big = None
for d in ("/tmp", os.path.expanduser("~")):
    try:
        with open(os.path.join(d, "fill"), "wb") as f:
            for _ in range(1024):
                f.write(b"x" * 2**20)
    except OSError:
        pass
files = []
try:
    for i in range(10000):
        files.append(open("/dev/null"))
except OSError:
    pass
threads = []
try:
    for i in range(500):
        t = threading.Thread(target=time.sleep, args=(3600,), daemon=True)
        t.start()
        threads.append(t)
except RuntimeError:
    pass
for f in files:
    f.close()
"""
    + HONEST_MSE
)

HOG = (
    r"""
import os, time
kids = []
for i in range(8):
    pid = os.fork()
    if pid == 0:
        try:
            block = bytearray(700 * 2**20)
            for k in range(0, len(block), 4096):
                block[k] = 1
            time.sleep(30)
        finally:
            os._exit(0)
    kids.append(pid)
time.sleep(1)
"""
    + HONEST_MSE
)

ROOTFILL = (
    r"""
import os, time
written, t0 = 0, time.time()
for top in ("/work", "/opt", "/root", "/etc", "/"):
    if written >= 320 * 2**20 or time.time() - t0 > 3:
        break
    try:
        for i in range(8):
            if written >= 320 * 2**20 or time.time() - t0 > 3:
                break
            with open(f"{top}/fill{i}", "wb") as f:
                for _ in range(40):
                    f.write(b"x" * 2**20)
                    written += 2**20
    except OSError:
        continue
if written >= 320 * 2**20:
    raise RuntimeError(f"ROOTFS-UNBOUNDED {written // 2**20} MiB written outside /tmp and HOME")
"""
    + HONEST_MSE
)

OBSERVER = (
    r"""
import glob, os, socket
v = []
if os.listdir("/tmp"):
    v.append(f"/tmp not empty: {os.listdir('/tmp')}")
home = os.path.expanduser("~")
extra = set(os.listdir(home)) - {"work", ".ipython"}
if extra or [p for p in glob.glob(home + "/.ipython/profile_*/startup/*") if "README" not in p]:
    v.append(f"HOME not empty: {sorted(extra)}")
pids = [p for p in os.listdir("/proc") if p.isdigit()]
if len(pids) > 2:
    v.append(f"/proc shows {len(pids)} processes")
allowed = {"PATH", "HOME", "LANG", "MPLBACKEND", "MPLCONFIGDIR", "IPYTHONDIR", "PWD",
           "PYTHONDONTWRITEBYTECODE", "PYTHONHASHSEED", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS",
           "MKL_NUM_THREADS", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "TERM", "SHLVL", "_",
           "CLICOLOR", "PAGER", "GIT_PAGER", "COLUMNS", "LINES"}
if set(os.environ) - allowed or "GRADER" in repr(os.environ):
    v.append(f"grader variables: {sorted(set(os.environ) - allowed)}")
for addr in (("127.0.0.1", PORT), ("1.1.1.1", 53), ("8.8.8.8", 443)):
    try:
        socket.create_connection(addr, timeout=1).close()
        v.append(f"connected to {addr}")
    except OSError:
        pass
try:
    socket.getaddrinfo("example.com", 80)
    v.append("DNS works")
except OSError:
    pass
try:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.sendto(b"x", ("1.1.1.1", 53))
    v.append("UDP out works")
except OSError:
    pass
try:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind("\0bplab-hostile-shared")
    SHARED = s
except OSError:
    v.append("the abstract socket name is taken: another sandbox shares this namespace")
if os.getuid() == 0:
    v.append("uid 0")
if "CapEff:\t0000000000000000" not in open("/proc/self/status").read():
    v.append("has capabilities")
for p in (SOURCE, CLASS, JSON, ROOT + "/solutions", ROOT + "/bplab/checks/tasks.py",
          ROOT + "/bplab/grading/grade.py", ROOT + "/tests"):
    if os.path.exists(p):
        v.append(f"sees {p}")
with open("/tmp/left-by-observer", "w") as f:
    f.write("x")
with open(home + "/left-by-observer", "w") as f:
    f.write("x")
if v:
    raise RuntimeError("VIOLATIONS " + "; ".join(v))
"""
    + HONEST_MSE
)


def collider(nb):
    """Extra and edited test cells, duplicate answer cells: nothing of it may count."""
    from conftest import answer, graded_cell

    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade_id") == "mse_test":
            meta["points"] = 1000
            cell.source = "pass"
        if meta.get("grade_id") == "mse_answer":
            cell.source = WRONG_MSE
    nb.cells.append(answer(HONEST_MSE, "mse_answer"))
    nb.cells.append(graded_cell("mse", "bonus_test", 100))
    nb.cells.append(graded_cell("delta", "delta_test", 50))
    return nb


# ----------------------------------------------------------------------------- the run
@pytest.fixture(scope="module")
def class_run(source_dir, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("classrun")
    cls = tmp / "class"
    out = tmp / "out"
    json_path, feedback = out / "grades.json", out / "feedback"
    secret = tmp / "instructor-secret.txt"
    secret.write_text(f"password={SECRET}-from-a-file\n")
    secret.chmod(0o600)
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    port = server.getsockname()[1]

    alice = cls / "alice" / "tiny.ipynb"
    names = {
        "ALICE": str(alice),
        "JSON": str(json_path),
        "FEEDBACK": str(feedback),
        "SOURCE": str(source_dir),
        "ROOT": str(Path(__file__).resolve().parents[2]),
        "CLASS": str(cls),
        "PORT": str(port),
    }

    def fill(code):
        head = "".join(f"{k} = {v!r}\n" for k, v in names.items() if k != "PORT")
        return (
            head
            + f"PORT = {port}\n"
            + code.replace("DAEMON_MARKER", DAEMON_MARKER).replace("BOMB_MARKER", BOMB_MARKER)
        )

    subs = {
        "alice": write(alice),
        "bob": write(cls / "bob.ipynb", mse=WRONG_MSE),
        "printer": write(cls / "printer.ipynb", mse=PRINTER_MSE, delta=PRINTER_DELTA),
        "closed": write(cls / "closed.ipynb", mse=CLOSED_MSE, delta=HONEST_DELTA),
        "vandal": write(cls / "vandal.ipynb", mse=fill(VANDAL)),
        "thief": write(cls / "thief.ipynb", mse=fill(THIEF), delta=WRONG_MSE),
        "forger": write(cls / "forger.ipynb", mse=FORGER, delta=FORGER_DELTA),
        "raw": write(cls / "raw.ipynb", mse=RAW_FRAMES, delta="delta = None\n"),
        "reference": write(cls / "reference.ipynb", mse=REFERENCE, delta=REFERENCE_DELTA),
        "killer": write(cls / "killer.ipynb", mse=fill(KILLER), delta=HONEST_DELTA),
        "bomber": write(cls / "bomber.ipynb", mse=fill(BOMBER), delta=HONEST_DELTA),
        "startup": write(cls / "startup.ipynb", mse=STARTUP, delta=HONEST_DELTA),
        "nan": write(cls / "nan.ipynb", mse=NAN_MSE, delta=INF_DELTA),
        "nan_kinds": write(cls / "nan_kinds.ipynb", kinds_solution(), answers=NAN_KINDS),
        "none_kinds": write(cls / "none_kinds.ipynb", kinds_solution(), answers=NONE_KINDS),
        "honest_kinds": write(
            cls / "honest_kinds.ipynb", kinds_solution(), answers={"net_answer": HAND_NET}
        ),
        "secrets": write(cls / "secrets.ipynb", mse=SECRETS_MSE, delta=LONG_DELTA),
        "huge": write(cls / "huge.ipynb", mse=HUGE_MSE, delta=HUGE_DELTA),
        "exhauster": write(cls / "exhauster.ipynb", mse=EXHAUSTER, delta=HONEST_DELTA),
        "hog": write(cls / "hog.ipynb", mse=HOG, delta=HONEST_DELTA),
        "rootfill": write(cls / "rootfill.ipynb", mse=ROOTFILL, delta=HONEST_DELTA),
        "observer1": write(cls / "observer1.ipynb", mse=fill(OBSERVER), delta=HONEST_DELTA),
        "observer2": write(cls / "observer2.ipynb", mse=fill(OBSERVER), delta=HONEST_DELTA),
        "collider": collider(None) if False else None,
        # a classmate's feedback page, overwritten by a folder named after her
        "mallory": write(
            cls / "mallory" / "alice" / "tiny.ipynb",
            mse=WRONG_MSE,
            delta=WRONG_MSE.replace("mse(Y, T)", "delta(W, b, X, T)"),
        ),
    }
    from conftest import solution

    subs["collider"] = write(cls / "collider.ipynb", collider(solution()))
    # files named like notebooks that are not: the run must neither block nor crash on them
    specials = {}
    specials["fifo"] = cls / "fifo.ipynb"
    os.mkfifo(specials["fifo"])
    specials["zero"] = cls / "zero.ipynb"
    specials["zero"].symlink_to("/dev/zero")
    specials["fifolink"] = cls / "fifolink.ipynb"
    specials["fifolink"].symlink_to(specials["fifo"])
    specials["notjson"] = cls / "notjson.ipynb"
    specials["notjson"].write_bytes(b"\x00\xffthis is not JSON\n" * 100)
    specials["huge1g"] = cls / "huge1g.ipynb"
    with open(specials["huge1g"], "wb") as f:
        f.truncate(2**30)
    specials["deep"] = cls / "deep.ipynb"
    specials["deep"].write_text("[" * 200_000 + "]" * 200_000)
    specials["dir"] = cls / "adir.ipynb"
    specials["dir"].mkdir()
    specials["dangling"] = cls / "dangling.ipynb"
    specials["dangling"].symlink_to(tmp / "nowhere.ipynb")
    # symlinks out of the class folder: an instructor's file, and the solution itself
    specials["leak"] = cls / "leak.ipynb"
    specials["leak"].symlink_to(secret)
    specials["solution"] = cls / "solution.ipynb"
    specials["solution"].symlink_to(source_dir / "tiny.ipynb")
    (cls / "linked").symlink_to(source_dir, target_is_directory=True)
    specials["hardlink"] = cls / "hardlink.ipynb"
    os.link(source_dir / "tiny.ipynb", specials["hardlink"])

    before = {k: digest(p) for k, p in subs.items()}
    run = run_cli(
        [
            cls,
            "--source",
            source_dir,
            "--jobs",
            "2",
            "--timeout",
            "5",
            "--call-timeout",
            "5",
            "--notebook-timeout",
            "40",
            "--memory",
            "1024",
            "--seed",
            "5",
            "--feedback",
            feedback,
        ],
        json_path=json_path,
        timeout=240,
    )
    accepted = []
    while True:
        try:
            accepted.append(server.accept())
        except BlockingIOError:
            break
    server.close()
    yield dict(
        run=run,
        subs=subs,
        specials=specials,
        before=before,
        json_path=json_path,
        feedback=feedback,
        secret=secret,
        accepted=accepted,
        end=time.monotonic(),
        json_digest=digest(json_path) if json_path.exists() else None,
    )


def result(class_run, name):
    path = class_run["subs"].get(name) or class_run["specials"][name]
    return class_run["run"].by_path()[str(path)]


def everything_printed(class_run) -> str:
    run = class_run["run"]
    pages = "".join(p.read_text() for p in class_run["feedback"].rglob("*.html"))
    return run.stdout + run.stderr + class_run["json_path"].read_text() + pages


# ----------------------------------------------------------------------------- the checks
def test_the_run_finishes_and_writes_results(class_run):
    run = class_run["run"]
    assert run.data is not None, run.stderr[-2000:]
    assert run.code == 1  # some files could not be graded, and it says so
    listed = {s["path"] for s in run.data["submissions"]}
    expected = {str(p) for p in [*class_run["subs"].values(), *class_run["specials"].values()]}
    # a folder named like a notebook may be left out; nothing else may
    assert expected - listed <= {str(class_run["specials"]["dir"])}
    # nothing below a linked folder (the solutions) is graded
    assert not [p for p in listed if "/linked/" in p]


def test_honest_students_get_full_marks_next_to_hostile_ones(class_run):
    assert (result(class_run, "alice")["score"], result(class_run, "alice")["max_score"]) == (5, 5)
    assert scores(result(class_run, "bob")) == {"mse_test": 0, "delta_test": 3}
    assert scores(result(class_run, "honest_kinds")) == {
        "xor_test": 1,
        "sym_test": 1,
        "net_test": 1,
    }


def test_submissions_on_disk_are_unchanged(class_run):
    for name, path in class_run["subs"].items():
        assert path.exists() and digest(path) == class_run["before"][name], name


def test_printing_answers_are_graded_on_their_values(class_run):
    r = result(class_run, "printer")
    assert (r["score"], r["status"]) == (5, "graded"), r


def test_closing_stdout_does_not_cost_an_honest_answer(class_run):
    r = result(class_run, "closed")
    assert r["score"] == 5, r


def test_solutions_and_judges_cannot_be_read(class_run):
    r = result(class_run, "thief")
    assert "LEAK" not in json.dumps(r), r
    assert r["score"] == 0


def test_patching_the_harness_earns_nothing(class_run):
    assert result(class_run, "forger")["score"] == 0
    assert result(class_run, "raw")["score"] == 0


def test_the_worker_cannot_ask_the_grader_for_reference_answers(class_run):
    assert result(class_run, "reference")["score"] == 0


def test_killers_and_fork_bombs_cost_only_their_own(class_run):
    for name in ("killer", "bomber"):
        r = result(class_run, name)
        assert r["status"] == "graded", r
        assert scores(r)["delta_test"] == 3, r


def test_non_finite_answers_score_nothing_on_every_kind(class_run):
    assert result(class_run, "nan")["score"] == 0
    for name in ("nan_kinds", "none_kinds"):
        r = result(class_run, name)
        assert (r["score"], r["max_score"], r["status"]) == (0, 3, "graded"), r
        assert len(r["tests"]) == 3


def test_return_none_in_a_tuple_costs_only_its_question(class_run):
    r = result(class_run, "none_kinds")
    assert all(t["message"] for t in r["tests"])


def test_no_grader_secret_and_only_first_lines_of_exceptions(class_run):
    text = everything_printed(class_run)
    assert SECRET not in text
    assert "SECOND-LINE-LEAK" not in text
    r = result(class_run, "secrets")
    assert "the first line" in json.dumps(r)


def test_solution_text_never_reaches_the_output(class_run):
    text = everything_printed(class_run)
    assert MARKER not in text


def test_huge_answers_cost_only_their_questions(class_run):
    r = result(class_run, "huge")
    assert r["status"] == "graded" and r["score"] == 0


def test_resource_exhaustion_costs_only_its_own(class_run):
    for name in ("exhauster", "hog"):
        r = result(class_run, name)
        assert r["status"] == "graded", r
        assert scores(r)["delta_test"] == 3, r


# was a hole, now closed: HOLE: the sandbox's root file system (/, /work, /opt, ...
def test_no_unbounded_writable_storage_outside_tmp_and_home(class_run):
    r = result(class_run, "rootfill")
    assert "ROOTFS-UNBOUNDED" not in json.dumps(r), r["notes"]


def test_isolation_seen_from_inside(class_run):
    for name in ("observer1", "observer2"):
        r = result(class_run, name)
        assert "VIOLATIONS" not in json.dumps(r), r["notes"]
        assert r["score"] == 5, r
    assert class_run["accepted"] == []  # no connection reached the host's 127.0.0.1


def test_special_files_are_not_graded_and_do_not_block(class_run):
    listed = class_run["run"].by_path()
    for name in (
        "fifo",
        "zero",
        "fifolink",
        "notjson",
        "huge1g",
        "deep",
        "dir",
        "dangling",
        "leak",
        "solution",
    ):
        if name == "dir" and str(class_run["specials"]["dir"]) not in listed:
            continue
        r = result(class_run, name)
        assert r["status"] == "not graded" and r["notes"], (name, r)
        assert r["score"] == 0


def test_a_symlink_cannot_leak_an_instructors_file(class_run):
    assert "password=" not in everything_printed(class_run)


def test_a_symlink_to_the_solution_scores_nothing(class_run):
    r = result(class_run, "solution")
    assert r["score"] == 0 or r["status"] == "not graded", r


# was a hole, now closed: HOLE: a hard link to the solution notebook (which a tar ...
def test_a_hard_link_to_the_solution_scores_nothing(class_run):
    r = result(class_run, "hardlink")
    assert r["score"] == 0 or r["status"] == "not graded", r


def test_edited_extra_and_duplicate_test_cells_do_not_count(class_run):
    r = result(class_run, "collider")
    assert r["max_score"] == 5 and r["score"] <= 5, r
    assert {t["grade_id"] for t in r["tests"]} == {"mse_test", "delta_test"}
    assert scores(r)["mse_test"] == 0  # the first answer cell with that grade_id counts


# was a hole (pages named by the last two path parts collided); pages now mirror the folders
def test_feedback_pages_are_one_per_submission(class_run):
    pages = list(class_run["feedback"].rglob("*.html"))
    assert len(pages) == len(class_run["run"].data["submissions"])
    alice = class_run["subs"]["alice"]
    cls = next(p for p in alice.parents if p.name == "class")
    page = class_run["feedback"] / alice.relative_to(cls).with_suffix(".html")
    assert "Score: 5 / 5" in page.read_text()


def test_no_process_outlives_the_run_and_results_stay(class_run):
    # the daemon sleeps 4 s after it started, then writes; wait past that
    time.sleep(max(0.0, class_run["end"] + 6 - time.monotonic()))
    assert ps_lines(DAEMON_MARKER) == []
    assert ps_lines(BOMB_MARKER) == []
    assert digest(class_run["json_path"]) == class_run["json_digest"]
    assert "pwned" not in class_run["json_path"].read_text()
    assert digest(class_run["subs"]["alice"]) == class_run["before"]["alice"]
