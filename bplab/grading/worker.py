"""The process that runs one submission's cells, inside its sandbox.

    python -I worker.py ROOT READ_FD WRITE_FD LIMITS_JSON

It lives in the sealed copy of the package the grader builds for each run (``bplab.grading.build``)
and knows nothing the student may not: no judge, no reference answer, no expected value, no hidden
test. It talks to the grader only through two inherited pipes (``bplab.grading.wire``): everything
the student's code prints goes to /dev/null, so no output can break or fake that channel, and the
grader trusts nothing that comes back but numbers it then judges itself.

Requests: ``run`` (one cell's source), ``probe`` (call an answer on cases, see
``bplab.checks.calling``), ``bye``. During a probe the worker may ask the grader for the reference
value of an earlier question (``reference``), which the grader computes in its own process.
"""

from __future__ import annotations

import json
import os
import sys


def limit(limits: dict) -> None:
    """Lower this process's resource limits (inherited by all it starts; they cannot be raised
    again without privileges the sandbox does not have)."""
    import resource

    table = {
        "memory": resource.RLIMIT_AS,
        "cpu": resource.RLIMIT_CPU,
        "file_size": resource.RLIMIT_FSIZE,
        "processes": resource.RLIMIT_NPROC,
        "open_files": resource.RLIMIT_NOFILE,
    }
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    for key, which in table.items():
        if limits.get(key):
            value = int(limits[key])
            resource.setrlimit(which, (value, value))


class Discard:
    """A text stream that takes everything and keeps nothing."""

    encoding, errors = "utf-8", "strict"

    def __init__(self, name: str) -> None:
        self.name = f"<{name}>"

    def write(self, text) -> int:
        return len(text) if isinstance(text, str) else 0

    def writelines(self, lines) -> None:
        pass

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return False


def main(argv: list[str]) -> int:
    root, read_fd, write_fd, limits = argv[0], int(argv[1]), int(argv[2]), json.loads(argv[3])
    sys.path.insert(0, root)
    # an editable install's finder must not bring the real package back past the sealed copy
    sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in type(f).__module__.lower()]
    for name in [m for m in sys.modules if m == "bplab" or m.startswith("bplab.")]:
        del sys.modules[name]

    from bplab.grading import wire

    # the student's prints, warnings and tracebacks go nowhere; the channel is the two pipes.
    # Python's streams discard what they are given, as a kernel's do, whatever happens to fd 1;
    # what C code writes to fds 1 and 2 goes to /dev/null
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)
    sys.stdout, sys.stderr = Discard("stdout"), Discard("stderr")
    limit(limits)
    workdir = limits.get("workdir")
    if workdir:
        os.makedirs(workdir, exist_ok=True)
        os.chdir(workdir)

    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance(colors="NoColor")
    shell.history_manager.enabled = False
    from bplab.checks.base import cases_from_plain, from_plain, to_plain
    from bplab.checks.calling import call_answer, first_line

    def reference(name, args, kwargs):
        """Ask the grader for the right value of the earlier question ``name`` on these inputs."""
        wire.send(
            write_fd,
            {
                "op": "reference",
                "name": name,
                "args": [to_plain(a) for a in args],
                "kwargs": {k: to_plain(v) for k, v in kwargs.items()},
            },
        )
        reply = wire.receive(read_fd)
        if "error" in reply:
            raise RuntimeError(str(reply["error"]))
        return from_plain(reply.get("value"))

    wire.send(write_fd, {"op": "ready", "python": sys.version.split()[0]})
    while True:
        request = wire.receive(read_fd)
        op = request.get("op")
        if op == "bye":
            return 0
        if op == "run":
            result = shell.run_cell(request["source"], store_history=False, silent=True)
            error = result.error_before_exec or result.error_in_exec
            wire.send(
                write_fd, {"op": "ran", "error": None if error is None else first_line(error)}
            )
        elif op == "probe":
            name = request["answer"]
            if name not in shell.user_ns:
                wire.send(write_fd, {"op": "probed", "undefined": True})
                continue
            answer = shell.user_ns[name]
            results = []
            for case in cases_from_plain(request["cases"]):
                results.append(
                    call_answer(
                        request["spec"],
                        answer,
                        case,
                        sealed_names=request.get("sealed", ()),
                        uses=request.get("uses", ()),
                        reference=reference,
                    )
                )
                wire.send(write_fd, {"op": "called"})  # each call gets its own time limit
            wire.send(write_fd, {"op": "probed", "results": results})


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
