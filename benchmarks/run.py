"""bplab benchmarks: `make bench` prints one table.

Targets come from the issue tracker; nothing here is a pass/fail unit test. Each measurement runs
in this one process, alternating with its baseline where it has one, and reports the median of
several repeats."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from grading import bench_grading  # noqa: E402
from reference_loops import seed000_xor  # noqa: E402

import bplab as bp  # noqa: E402

EPOCHS = 100_001


def timed(fn, *args, **kwargs) -> float:
    t0 = time.perf_counter()
    fn(*args, **kwargs)
    return time.perf_counter() - t0


def bench_seed000(repeats: int = 3):
    """seed 000's job: XOR, 2-10-1 sigmoid, full batch, eta 0.1, 100001 epochs."""
    X, T = bp.datasets.xor()
    ratios, ours, theirs = [], [], []
    for r in range(repeats):
        net = bp.MLP([2, 10, 1], rng=r, init="uniform")
        t_ref = timed(seed000_xor, EPOCHS, np.random.default_rng(r))
        t_fit = timed(net.fit, X, T, eta=0.1, epochs=EPOCHS, progress=False)
        ratios.append(t_fit / t_ref)
        ours.append(t_fit)
        theirs.append(t_ref)
    us = lambda ts: statistics.median(ts) / EPOCHS * 1e6  # noqa: E731
    return statistics.median(ratios), us(ours), us(theirs)


def bench_sgd(epochs: int = 25_000, repeats: int = 3):
    """The same job with batch_size=1: microseconds per sample update."""
    X, T = bp.datasets.xor()
    times = []
    for r in range(repeats):
        net = bp.MLP([2, 10, 1], rng=r, init="uniform")
        times.append(
            timed(net.fit, X, T, eta=0.1, epochs=epochs, batch_size=1, rng=r, progress=False)
        )
    return statistics.median(times) / (epochs * 4) * 1e6


def bench_digits_sized(repeats: int = 3):
    """A 64-32-10 network on 1797 x 64 inputs, mini-batch 32, 20 epochs: ms per epoch."""
    gen = np.random.default_rng(0)
    X = gen.random((1797, 64))
    T = np.eye(10)[gen.integers(0, 10, 1797)]
    times = []
    for r in range(repeats):
        net = bp.MLP([64, 32, 10], rng=r)
        times.append(timed(net.fit, X, T, eta=0.5, epochs=20, batch_size=32, rng=r, progress=False))
    return statistics.median(times) / 20 * 1e3


def bench_import(repeats: int = 7):
    """Wall time of `import bplab` against `import numpy`, each in a fresh interpreter."""

    def one(module: str) -> float:
        code = (
            f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        return float(out.stdout)

    ratios, numpy_ms, bplab_ms = [], [], []
    for _ in range(repeats):
        t_np, t_bp = one("numpy"), one("bplab")
        ratios.append(t_bp / t_np)
        numpy_ms.append(t_np * 1e3)
        bplab_ms.append(t_bp * 1e3)
    return statistics.median(ratios), statistics.median(numpy_ms), statistics.median(bplab_ms)


def main() -> None:
    rows = []
    print("running benchmarks (about two minutes) ...", flush=True)
    ratio, ours, theirs = bench_seed000()
    rows.append(
        (
            "seed 000 XOR job, MLP.fit / seed's loop (median ratio)",
            f"{ratio:.2f}",
            "<= 0.40",
            f"fit {ours:.1f} us/epoch, seed loop {theirs:.1f} us/epoch",
        )
    )
    rows.append(
        ("same job, batch_size=1", f"{bench_sgd():.2f} us/update", "-", "per sample update")
    )
    rows.append(
        (
            "64-32-10 on 1797x64, batch 32",
            f"{bench_digits_sized():.1f} ms/epoch",
            "-",
            "20 epochs, 57 updates each",
        )
    )
    r, t_np, t_bp = bench_import()
    rows.append(
        (
            "import bplab / import numpy (wall time)",
            f"{r:.2f}",
            "<= 2.0",
            f"numpy {t_np:.0f} ms, bplab {t_bp:.0f} ms",
        )
    )
    ratio, sealed, unsealed, n = bench_grading()
    rows.append(
        (
            f"grading {n} mixed submissions, --jobs 2: sandbox / unsealed",
            f"{ratio:.2f}",
            "<= 1.25",
            f"sandbox {sealed:.2f} s, unsealed {unsealed:.2f} s per submission",
        )
    )
    widths = [
        max(len(row[i]) for row in rows + [("benchmark", "measured", "target", "notes")])
        for i in range(4)
    ]
    header = ("benchmark", "measured", "target", "notes")
    line = " | ".join(h.ljust(w) for h, w in zip(header, widths))
    print(line)
    print("-+-".join("-" * w for w in widths))
    for row in rows:
        print(" | ".join(c.ljust(w) for c, w in zip(row, widths)))


if __name__ == "__main__":
    main()
