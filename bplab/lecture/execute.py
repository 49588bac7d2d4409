"""Run notebooks top to bottom in a fresh kernel, each in its own folder, and keep the outputs:

    .venv/bin/python -m bplab.lecture.execute notebooks/03_gradient_descent.ipynb [...]

This is what ``jupyter nbconvert --to notebook --execute --inplace`` does, with one difference.
nbclient waits for a cell's execute_reply with one asyncio poll over the whole cell timeout, and
now and then that poll misses the shell socket's edge-triggered wake-up: the reply sits in the
socket until the timeout fires (nbconvert's is unlimited) and no error is raised. Seen here on
chapter 03's widget cell in 2 of 8 runs, each taking exactly the timeout. Polling in slices of
POLL seconds bounds that wait. ``make bench`` times the chapters with the same ``execute``."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from queue import Empty

import nbformat
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from traitlets import Type, default

POLL = 0.1  # seconds: the longest a reply can wait unseen


class _PolledChannel(AsyncZMQSocketChannel):
    """A shell channel that waits for a reply in slices of POLL seconds (see the module doc)."""

    async def get_msg(self, timeout: float | None = None) -> dict:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = POLL if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                return await super().get_msg(timeout=min(POLL, left))
            except Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise


class _PolledClient(AsyncKernelClient):
    shell_channel_class = Type(_PolledChannel)


class _PolledManager(AsyncKernelManager):
    """nbclient's kernel manager, with the client above (nbclient starts and stops the kernel)."""

    @default("client_factory")
    def _polled_client(self):
        return _PolledClient


def execute(path: Path | str, *, timeout: int = 600, save: bool = False) -> float:
    """Execute the notebook at ``path`` in a fresh kernel, in its folder; with ``save``, write it
    back with its outputs. Returns the wall seconds the execution took. A cell that raises stops
    it (nbclient's CellExecutionError), and nothing is written."""
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        kernel_manager_class=_PolledManager,
        timeout=timeout,
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    if save:
        nbformat.write(nb, path)
    return seconds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bplab.lecture.execute",
        description="Run notebooks top to bottom in a fresh kernel and save them with their "
        "outputs.",
    )
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--timeout", type=int, default=600, help="seconds a cell may take")
    opts = parser.parse_args(argv)
    for path in opts.notebooks:
        print(f"{path}: ", end="", flush=True)
        print(f"{execute(path, timeout=opts.timeout, save=True):.1f} s", flush=True)


if __name__ == "__main__":
    main()
