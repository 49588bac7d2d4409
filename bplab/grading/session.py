"""One submission's worker seen from the grader: start it in its sandbox, run cells, probe answers,
with a timeout on everything; after a timeout, a crash or a broken channel, start afresh and replay
the cells that had run, so that it costs only the questions that needed the bad cell."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from . import sandbox, wire

START_TIMEOUT = 60.0  # seconds for a worker to come up (Python, IPython, numpy)
MAX_RESTARTS = 8  # per submission; past that its remaining questions are not run
MAX_REFERENCES = 10_000  # requests for earlier questions' values during one probe


class Stopped(Exception):
    """The worker timed out, died or broke the channel (``reason`` says which)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Session:
    def __init__(
        self,
        sealed_root: Path,
        *,
        limits: sandbox.Limits,
        unsealed: bool,
        cell_timeout: float,
        deadline: float,
        call_timeout: float | None = None,
        name: str = "bplab",
    ) -> None:
        self.sealed_root, self.limits, self.unsealed = sealed_root, limits, unsealed
        self.cell_timeout, self.deadline, self.name = cell_timeout, deadline, name
        self.call_timeout = cell_timeout if call_timeout is None else call_timeout
        self.done: list[str] = []  # sources of the cells that ran without stopping the worker
        self.restarts = 0
        self.proc: subprocess.Popen | None = None
        self._scratch: tempfile.TemporaryDirectory | None = None
        self._cgroup: sandbox.PidsCgroup | None = None
        self._start()

    # ------------------------------------------------------------ the process
    def _start(self) -> None:
        to_worker_r, to_worker_w = os.pipe()
        from_worker_r, from_worker_w = os.pipe()
        scratch = None
        if self.unsealed:
            self._scratch = tempfile.TemporaryDirectory(prefix="bplab-unsealed-")
            scratch = Path(self._scratch.name)
        argv, env = sandbox.command(
            self.sealed_root,
            (to_worker_r, from_worker_w),
            self.limits,
            unsealed=self.unsealed,
            scratch=scratch,
        )
        self._cgroup = sandbox.PidsCgroup(
            f"{self.name}-{os.getpid()}-{time.monotonic_ns()}", self.limits
        )
        join = self._cgroup.join_self if self._cgroup.paths else None
        try:
            self.proc = subprocess.Popen(
                argv,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                pass_fds=(to_worker_r, from_worker_w),
                start_new_session=True,
                preexec_fn=join,
            )
        finally:
            os.close(to_worker_r)
            os.close(from_worker_w)
        self.write_fd, self.read_fd = to_worker_w, from_worker_r
        os.set_blocking(self.write_fd, False)  # a worker that stops reading cannot block us
        message = self._receive(time.monotonic() + START_TIMEOUT, "starting")
        if message.get("op") != "ready":
            raise Stopped("the worker did not start")

    def stop(self) -> None:
        """End the worker and everything it started; close the pipes."""
        if self.proc is not None:
            try:
                if self.proc.poll() is None:
                    try:
                        os.write(self.write_fd, wire.encode({"op": "bye"}))
                    except OSError:
                        pass
                    try:
                        self.proc.wait(timeout=0.5)
                    except subprocess.TimeoutExpired:
                        pass
                self._kill()
            finally:
                for fd in (self.write_fd, self.read_fd):
                    try:
                        os.close(fd)
                    except OSError:
                        pass
                self.proc = None
        if self._cgroup is not None:
            self._cgroup.close()
            self._cgroup = None
        if self._scratch is not None:
            self._scratch.cleanup()
            self._scratch = None

    def _kill(self) -> None:
        # the worker leads its own session: the group takes along what it started (unsealed);
        # in the sandbox, bwrap's death takes the whole PID namespace with it
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except OSError:
            pass
        try:
            self.proc.kill()
        except OSError:
            pass
        self.proc.wait()

    def _restart(self) -> None:
        self.stop()
        self.restarts += 1
        if self.restarts > MAX_RESTARTS:
            raise Stopped(f"the notebook stopped its worker more than {MAX_RESTARTS} times")
        self._start()
        for source in list(self.done):
            try:
                error = self._run(source)
            except Stopped:
                self.done.remove(source)
                self.stop()
                self._start()
                continue
            if error is not None:
                self.done.remove(source)

    # ------------------------------------------------------------ the channel
    def _receive(self, deadline: float, what: str) -> dict:
        def wait_readable():
            left = deadline - time.monotonic()
            if left <= 0:
                raise Stopped("timeout")
            ready, _, _ = select.select([self.read_fd], [], [], left)
            if not ready:
                raise Stopped("timeout")

        def read(n: int) -> bytes:
            chunks, left = [], n
            while left:
                wait_readable()
                chunk = os.read(self.read_fd, min(left, 1 << 20))
                if not chunk:
                    raise Stopped("died")
                chunks.append(chunk)
                left -= len(chunk)
            return b"".join(chunks)

        try:
            return wire.decode(read(4), read)
        except wire.ChannelBroken:
            raise Stopped("broken") from None

    def _send(self, message: dict, deadline: float | None = None) -> None:
        """Write one frame before ``deadline`` (default: a cell's timeout from now)."""
        deadline = time.monotonic() + self.cell_timeout if deadline is None else deadline
        view = memoryview(wire.encode(message))
        while view:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([], [self.write_fd], [], left)[1]:
                raise Stopped("timeout")
            try:
                view = view[os.write(self.write_fd, view) :]
            except BlockingIOError:
                continue
            except OSError:
                raise Stopped("died") from None

    def _deadline(self, seconds: float | None = None) -> float:
        if time.monotonic() >= self.deadline:
            raise Stopped("notebook timeout")
        seconds = self.cell_timeout if seconds is None else seconds
        return min(time.monotonic() + seconds, self.deadline)

    def _run(self, source: str) -> str | None:
        deadline = self._deadline()
        self._send({"op": "run", "source": source}, deadline)
        reply = self._receive(deadline, "running a cell")
        if reply.get("op") != "ran":
            raise Stopped("broken")
        error = reply.get("error")
        return None if error is None else str(error)[:200]

    # ------------------------------------------------------------ what the grader calls
    def run(self, source: str) -> tuple[str, str | None]:
        """Run one cell: ("ok", error line or None), or (why it stopped the worker, None)."""
        try:
            error = self._run(source)
        except Stopped as e:
            if e.reason != "notebook timeout":
                self._restart()
            return e.reason, None
        if error is None:
            self.done.append(source)
        return "ok", error

    def probe(
        self, answer: str, request: dict, reference: Callable[[str, list, dict], object]
    ) -> tuple[str, dict | None]:
        """Have the worker call ``answer`` on the cases of ``request``; ("ok", reply) or
        (why not, None). ``reference(name, args, kwargs)`` answers the worker's requests for
        earlier questions' values (plain data both ways). Each call of the answer gets
        ``call_timeout`` seconds (the worker says when one is done)."""
        try:
            deadline = self._deadline(self.call_timeout)
            self._send({"op": "probe", "answer": answer, **request}, deadline)
            calls = len(request.get("cases", []))
            for _ in range(MAX_REFERENCES):
                reply = self._receive(deadline, "checking an answer")
                if reply.get("op") == "probed":
                    return "ok", reply
                if reply.get("op") == "called":
                    calls -= 1  # one per case, so that a worker cannot keep its clock running
                    if calls < 0:
                        raise Stopped("broken")
                    deadline = self._deadline(self.call_timeout)
                    continue
                if reply.get("op") != "reference":
                    raise Stopped("broken")
                self._send(
                    reference(reply.get("name"), reply.get("args"), reply.get("kwargs")), deadline
                )
            raise Stopped("broken")
        except Stopped as e:
            if e.reason != "notebook timeout":
                self._restart()
            return e.reason, None
