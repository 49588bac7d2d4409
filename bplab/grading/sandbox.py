"""One sandbox per submission, with bubblewrap (Linux).

Each submission's worker runs in new user, PID, IPC, network, UTS and cgroup namespaces, with:

- a file system of its own: the system's libraries and the Python environment read-only, the sealed
  package (``bplab.grading.build``) read-only, a private empty HOME and /tmp (tmpfs, size-limited),
  a fresh /proc that shows only its own processes, a minimal /dev; nothing else of the host: no
  ``solutions/``, no other submission, no results file, no grader files, no kernel connection file;
- no network, no capabilities, no way to make further user namespaces, a new terminal session;
- limits on memory, CPU time, processes, open files and file size (set by the worker before any
  student code runs; as root, where rlimits on processes do not hold, a pids cgroup as well);
- none of the grader's environment variables;
- ``--die-with-parent``: when the grader stops it, or stops itself, every process the submission
  started goes with it (they all live in its PID namespace).

``unsealed=True`` runs the same worker as a plain child process, for machines without bubblewrap,
and only when the instructor asks for it explicitly.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

HOME = "/home/student"
REAL_PACKAGE = Path(__file__).resolve().parents[1]
ROOT = "/opt/bplab-sealed"  # where the sealed package appears inside the sandbox
PASS_ENV = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")  # needed for correct results on some CPUs


@dataclass(frozen=True)
class Limits:
    """What one submission may use."""

    memory: int = 2 * 2**30  # bytes of address space
    cpu: int = 600  # seconds of CPU time in all
    processes: int = 64
    open_files: int = 256
    file_size: int = 64 * 2**20  # bytes, largest file it may write
    tmp_size: int = 64 * 2**20  # bytes of each tmpfs (HOME, /tmp)

    def for_worker(self, workdir: str) -> dict:
        d = asdict(self)
        d.pop("tmp_size")
        d["workdir"] = workdir
        return d


class SandboxUnavailable(RuntimeError):
    """bubblewrap is missing or cannot make its namespaces here."""


def bwrap() -> str | None:
    return shutil.which("bwrap")


def check_available() -> str:
    """Return bubblewrap's version line, or raise ``SandboxUnavailable`` saying why not."""
    if not sys.platform.startswith("linux"):
        raise SandboxUnavailable(f"the sandbox needs Linux (this is {sys.platform})")
    exe = bwrap()
    if exe is None:
        raise SandboxUnavailable(
            "bubblewrap (bwrap) is not installed: `sudo apt-get install bubblewrap` on "
            "Debian/Ubuntu, `sudo dnf install bubblewrap` on Fedora, `sudo pacman -S bubblewrap` "
            "on Arch"
        )
    probe = subprocess.run(
        [exe, *_namespaces(), "--ro-bind", "/", "/", "true"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    if probe.returncode != 0:
        raise SandboxUnavailable(
            "bubblewrap cannot make its namespaces here (" + probe.stderr.strip()[:200] + "); "
            "user namespaces may be switched off (a container, or kernel.unprivileged_userns_clone"
            " = 0)"
        )
    version = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=30)
    return version.stdout.strip() or "bubblewrap"


def _namespaces() -> list[str]:
    return [
        "--unshare-all",
        "--unshare-user",
        "--disable-userns",
        "--die-with-parent",
        "--new-session",
        "--cap-drop",
        "ALL",
    ]


def _system_mounts() -> list[str]:
    args = []
    for top in ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    for etc in ("/etc/ld.so.cache", "/etc/fonts", "/etc/localtime", "/etc/alternatives"):
        if os.path.exists(etc):
            args += ["--ro-bind", etc, etc]
    return args


def _python_mounts() -> list[str]:
    """The interpreter and its environment, read-only (base install and venv)."""
    args, seen = [], set()
    for prefix in (sys.base_prefix, sys.prefix):
        real = os.path.realpath(prefix)
        if real in seen or real.startswith(("/usr/", "/bin/", "/lib")):
            continue
        seen.add(real)
        args += ["--ro-bind", real, real]
        if prefix != real:
            args += ["--symlink", real, prefix]
    return args


def environment() -> dict[str, str]:
    """The worker's environment: a few fixed variables, none of the grader's own."""
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": HOME,
        "LANG": "C.UTF-8",
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": "/tmp/matplotlib",
        "IPYTHONDIR": HOME + "/.ipython",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONHASHSEED": "0",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    env.update({k: os.environ[k] for k in PASS_ENV if k in os.environ})
    return env


def command(
    sealed_root: Path,
    fds: tuple[int, int],
    limits: Limits,
    *,
    unsealed: bool,
    scratch: Path | None = None,
) -> tuple[list[str], dict[str, str]]:
    """The command line and environment that start a worker.

    ``sealed_root`` holds the sealed package; ``fds`` are the worker's (read, write) pipe ends;
    ``scratch`` is the private folder an unsealed worker uses as HOME and working folder.
    """
    python = os.path.realpath(sys.executable)
    env = environment()
    if unsealed:
        home = str(scratch)
        env.update(HOME=home, IPYTHONDIR=home + "/.ipython", MPLCONFIGDIR=home + "/matplotlib")
        worker = str(sealed_root / "bplab" / "grading" / "worker.py")
        limits_json = _json(limits.for_worker(home + "/work"))
        return [python, "-I", worker, str(sealed_root), str(fds[0]), str(fds[1]), limits_json], env
    argv = [
        bwrap(),
        *_namespaces(),
        "--hostname",
        "sandbox",
        "--uid",
        "1000",
        "--gid",
        "1000",
        *_system_mounts(),
        *_python_mounts(),
        "--ro-bind",
        str(sealed_root),
        ROOT,
        # wherever the real package lives (site-packages, or an editable checkout), the sandbox
        # sees the sealed copy there too: no judge is readable from a second place
        "--ro-bind",
        str(sealed_root / "bplab"),
        str(REAL_PACKAGE),
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--size",
        str(limits.tmp_size),
        "--tmpfs",
        "/tmp",
        "--size",
        str(limits.tmp_size),
        "--tmpfs",
        HOME,
        "--chdir",
        HOME,
        # the root is a tmpfs of bwrap's own, holding the mount points: read-only once they are
        # made, so that HOME and /tmp (size-limited) are the only places to write
        "--remount-ro",
        "/",
        "--",
        python,
        "-I",
        f"{ROOT}/bplab/grading/worker.py",
        ROOT,
        str(fds[0]),
        str(fds[1]),
        _json(limits.for_worker(HOME + "/work")),
    ]
    return argv, env


def _json(d: dict) -> str:
    import json

    return json.dumps(d, separators=(",", ":"))


CGROUP_BASES = (Path("/sys/fs/cgroup/pids"), Path("/sys/fs/cgroup/memory"))


def sweep_stale() -> None:
    """Remove the cgroups that a grader killed before it could clean up left behind (their names
    carry the grader's pid: bplab-<pid>-<n>)."""
    for base in CGROUP_BASES:
        try:
            folders = list(base.glob("bplab-*-*"))
        except OSError:
            continue
        for folder in folders:
            try:
                pid = int(folder.name.split("-")[1])
            except (IndexError, ValueError):
                continue
            if not Path(f"/proc/{pid}").exists():
                PidsCgroup._empty(folder)
                PidsCgroup._remove(folder)


class PidsCgroup:
    """A pids (and memory) cgroup for one sandbox, where this process may make one (as root,
    cgroup v1 or a writable v2 tree). Rlimits on processes do not bind root's processes, so this is
    what limits a fork bomb when the grader runs as root; elsewhere ``path`` is None."""

    def __init__(self, name: str, limits: Limits) -> None:
        self.paths: list[Path] = []
        if os.geteuid() != 0:
            return
        sweep_stale()
        for base, files in zip(
            CGROUP_BASES,
            ({"pids.max": limits.processes}, {"memory.limit_in_bytes": 2 * limits.memory}),
        ):
            path = base / name
            try:
                path.mkdir()
                for file, value in files.items():
                    (path / file).write_text(str(value))
            except OSError:
                self._remove(path)
                continue
            self.paths.append(path)

    def join_self(self) -> None:
        """Move the calling process into the cgroup (run in the child, before it starts bwrap,
        so that everything it starts is counted)."""
        for path in self.paths:
            try:
                (path / "cgroup.procs").write_text(str(os.getpid()))
            except OSError:
                pass

    def close(self) -> None:
        for path in self.paths:
            self._empty(path)
            self._remove(path)

    @staticmethod
    def _empty(path: Path) -> None:
        """Kill whatever is still in the cgroup."""
        import signal
        import time

        for _ in range(50):
            try:
                pids = [int(p) for p in (path / "cgroup.procs").read_text().split()]
            except OSError:
                return
            if not pids:
                return
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            time.sleep(0.02)

    @staticmethod
    def _remove(path: Path) -> None:
        import time

        for _ in range(50):
            try:
                path.rmdir()
                return
            except FileNotFoundError:
                return
            except OSError:
                time.sleep(0.02)
