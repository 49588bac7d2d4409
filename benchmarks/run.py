"""bplab benchmarks: `make bench` prints one table.

Targets come from the issue tracker; nothing here is a pass/fail unit test. Each measurement runs
in this one process, alternating with its baseline where it has one, and reports the median of
several repeats. Training is timed in CPU time of this process (``time.process_time``; numpy's
BLAS and PyTorch are held to one thread), so that other programs on a busy machine disturb the
ratios less than they would wall time; "repeats a-b" in the notes is the range of the ratio over
the repeats, a measure of the noise."""

from __future__ import annotations

import os

# One thread for numpy's BLAS, as for PyTorch (torch.set_num_threads(1)): the comparisons are of
# one core's work, and CPU time would otherwise count the BLAS threads' busy waiting.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

from chapters import bench_chapters  # noqa: E402
from grading import bench_grading  # noqa: E402
from reference_loops import numpy_minibatch, torch_bmm_stack, torch_loop, zhihu_xor  # noqa: E402

import bplab as bp  # noqa: E402

REPEATS = 5
# The XOR and digits runs are short (about 1 s and 0.15 s of CPU time each), and on a shared
# machine their ratio varies by 0.7-1.5 from repeat to repeat: they take more repeats, so that
# the median moves less between two runs of make bench.


def timed(fn, *args, **kwargs) -> float:
    """CPU seconds of one call."""
    t0 = time.process_time()
    fn(*args, **kwargs)
    return time.process_time() - t0


def spread(a, b) -> str:
    """The range of the per-repeat ratios a[r] / b[r], to show how noisy a ratio is."""
    ratios = [x / y for x, y in zip(a, b)]
    return f"{min(ratios):.2f}-{max(ratios):.2f}"


def bench_sgd(epochs: int = 25_000, repeats: int = REPEATS):
    """The same job with batch_size=1: microseconds per sample update."""
    X, T = bp.datasets.xor()
    times = []
    for r in range(repeats):
        net = bp.MLP([2, 10, 1], rng=r, init="uniform")
        times.append(
            timed(net.fit, X, T, eta=0.1, epochs=epochs, batch_size=1, rng=r, progress=False)
        )
    return statistics.median(times) / (epochs * 4) * 1e6


def have_torch() -> bool:
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def bench_xor_vs_torch(epochs: int = 20_000, repeats: int = 9):
    """The first source's XOR job (2-10-1 sigmoid, full batch): fit, its loop, a PyTorch loop."""
    X, T = bp.datasets.xor()
    fit, src, tch = [], [], []
    for r in range(repeats):
        net = bp.MLP([2, 10, 1], rng=r, init="uniform")
        fit.append(timed(net.fit, X, T, eta=0.1, epochs=epochs, progress=False))
        src.append(timed(zhihu_xor, epochs, np.random.default_rng(r)))
        if have_torch():
            tch.append(timed(torch_loop, X, T, [2, 10, 1], epochs // 4, None, 0.1, r) * 4)
    us = lambda ts: statistics.median(ts) / epochs * 1e6  # noqa: E731
    noise = spread(fit, src), spread(tch, fit) if tch else None
    return us(fit), us(src), us(tch) if tch else None, noise


def bench_stack_vs_torch(K: int = 1000, epochs: int = 2000, repeats: int = REPEATS):
    """K XOR networks trained together: MLPStack against the same job with torch.bmm."""
    X, T = bp.datasets.xor()
    ours, tch = [], []
    for r in range(repeats):
        stack = bp.ensemble.MLPStack.from_seeds([2, 10, 1], seeds=range(r * K, (r + 1) * K))
        ours.append(timed(stack.fit, X, T, 0.1, epochs))
        if have_torch():
            tch.append(timed(torch_bmm_stack, X, T, K, [2, 10, 1], epochs, 0.1, r))
    us = lambda ts: statistics.median(ts) / (K * epochs) * 1e6  # noqa: E731
    return us(ours), us(tch) if tch else None, spread(ours, tch) if tch else None


def bench_digits_vs_loops(epochs: int = 20, repeats: int = 15):
    """64-32-10 sigmoid on 1797 x 64, batch 32, E recorded after each epoch: fit, a plain numpy
    loop, a PyTorch loop (ms per epoch)."""
    gen = np.random.default_rng(0)
    X = gen.random((1797, 64))
    T = np.eye(10)[gen.integers(0, 10, 1797)]
    fit, plain, tch = [], [], []
    for r in range(repeats):
        net = bp.MLP([64, 32, 10], rng=r)
        fit.append(
            timed(net.fit, X, T, eta=0.5, epochs=epochs, batch_size=32, rng=r, progress=False)
        )
        plain.append(
            timed(numpy_minibatch, X, T, [64, 32, 10], epochs, 32, 0.5, np.random.default_rng(r))
        )
        if have_torch():
            tch.append(timed(torch_loop, X, T, [64, 32, 10], epochs, 32, 0.5, r))
    ms = lambda ts: statistics.median(ts) / epochs * 1e3  # noqa: E731
    noise = spread(fit, plain), spread(tch, fit) if tch else None
    return ms(fit), ms(plain), ms(tch) if tch else None, noise


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
    print("running benchmarks (a few minutes; times are CPU time) ...", flush=True)
    if not have_torch():
        print("PyTorch is not installed: `pip install -e .[bench]` for the comparisons with it")
    fit, src, tch, (n_src, n_tch) = bench_xor_vs_torch()
    rows.append(
        (
            "XOR job of the Zhihu article: MLP.fit / its own loop",
            f"{fit / src:.2f}",
            "<= 1.0",
            f"fit {fit:.1f} us/epoch, the article's loop {src:.1f}; repeats {n_src}",
        )
    )
    if tch:
        rows.append(
            (
                "same job: PyTorch loop / MLP.fit",
                f"{tch / fit:.1f}",
                ">= 4",
                f"PyTorch {tch:.1f} us/epoch; repeats {n_tch}",
            )
        )
    ours, tch, n_bmm = bench_stack_vs_torch()
    if tch:
        rows.append(
            (
                "1000 XOR networks, 2000 epochs: MLPStack / torch.bmm",
                f"{ours / tch:.2f}",
                "<= 1.0",
                f"{ours:.2f} vs {tch:.2f} us per network-epoch; repeats {n_bmm}",
            )
        )
    else:
        rows.append(
            ("1000 XOR networks, 2000 epochs: MLPStack", f"{ours:.2f} us", "-", "per network-epoch")
        )
    fit, plain, tch, (n_plain, n_tch) = bench_digits_vs_loops()
    rows.append(
        (
            "digits 64-32-10, batch 32: MLP.fit / plain numpy loop",
            f"{fit / plain:.2f}",
            "<= 1.2",
            f"fit {fit:.1f} ms/epoch, numpy loop {plain:.1f}; repeats {n_plain}",
        )
    )
    if tch:
        rows.append(
            (
                "same job: PyTorch loop / MLP.fit",
                f"{tch / fit:.1f}",
                ">= 5",
                f"PyTorch {tch:.1f} ms/epoch; repeats {n_tch}",
            )
        )
    rows.append(
        ("same job, batch_size=1", f"{bench_sgd():.2f} us/update", "-", "per sample update")
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
    chapters = bench_chapters()
    for name, seconds in chapters:
        rows.append(
            (
                f"chapter {name}: executed in a fresh kernel",
                f"{seconds:.1f} s",
                "<= 15 s",
                "wall time",
            )
        )
    rows.append(
        (
            "the whole course",
            f"{sum(s for _, s in chapters):.0f} s",
            "<= 90 s",
            f"{len(chapters)} chapters",
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
