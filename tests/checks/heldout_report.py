"""Run the held-aside wrong answers through the checks and count how each is told.

    .venv/bin/python tests/checks/heldout_report.py [--seeds 10] [--show]

An answer's outcome is its worst over the seeds: ACCEPTED (passed on some seed) > wrongly named
(a mistake named that is not one of its ``names``) > generic (no mistake named) > named.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import sympy as sp

import bplab as bp
from bplab.checks.base import cases_from_plain, cases_to_plain
from bplab.checks.calling import call_answer
from bplab.checks.judge import verdict
from bplab.checks.tasks import TASKS

sys.path.insert(0, str(Path(__file__).parent))
import heldout_wrong_answers as H  # noqa: E402

ORDER = ("named", "generic", "wrongly named", "ACCEPTED")


def namespace() -> dict:
    X_xor, T_xor = bp.datasets.xor()
    ns = {"np": np, "bp": bp, "sp": sp, "X_xor": X_xor, "T_xor": T_xor}
    ns.update(zip("wxbt", sp.symbols("w x b t")))
    exec(H.PRELUDE, ns)
    return ns


def answer_of(source: str):
    ns = namespace()
    exec(source, ns)
    return ns["answer"]


def _reference(name, args, kwargs):
    return TASKS[name].reference(*args, **kwargs)


def judge_once(task_name: str, answer, seed: int):
    task = TASKS[task_name]
    cases = task.cases(np.random.default_rng(seed))
    given = cases_from_plain(cases_to_plain(cases))
    raws = [
        call_answer(
            task.spec(),
            answer,
            c,
            sealed_names=getattr(task, "sealed", ()),
            uses=getattr(task, "uses", ()),
            reference=_reference,
        )
        for c in given
    ]
    return verdict(task, cases, raws)


def outcome(entry: dict, seeds) -> tuple[str, str]:
    answer = answer_of(entry["source"])
    worst, message = "named", ""
    for seed in seeds:
        v = judge_once(entry["task"], answer, seed)
        if v.passed:
            kind = "ACCEPTED"
        elif v.mistake in entry["names"]:
            kind = "named"
        elif v.mistake:
            kind = "wrongly named"
        else:
            kind = "generic"
        if ORDER.index(kind) > ORDER.index(worst) or not message:
            worst, message = max((worst, kind), key=ORDER.index), v.message
    return worst, message


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--show", action="store_true", help="print every answer not named")
    opts = parser.parse_args(argv)
    seeds = range(opts.seeds)
    counts: Counter = Counter()
    per_task: dict = {}
    for entry in H.WRONG:
        kind, message = outcome(entry, seeds)
        counts[kind] += 1
        per_task.setdefault(entry["task"], Counter())[kind] += 1
        if opts.show and kind != "named":
            print(f"[{kind}] {entry['task']}: {entry['mistake']} (want {entry['names'][0]})")
            print("    " + message.replace("\n", "\n    ")[:600])
    right_fail = []
    for entry in H.RIGHT_VARIANTS + H.CASCADE:
        answer = answer_of(entry["source"])
        for seed in seeds:
            v = judge_once(entry["task"], answer, seed)
            if not v:
                right_fail.append((entry["task"], entry["why"], v.message.splitlines()[0]))
                break
    total = len(H.WRONG)
    print(f"{total} wrong answers, worst outcome over {opts.seeds} seeds:")
    for kind in ORDER:
        print(f"  {kind:14s} {counts[kind]:4d}  ({100 * counts[kind] / total:.0f}%)")
    for name, c in per_task.items():
        print(f"    {name:22s} " + "  ".join(f"{k}={c[k]}" for k in ORDER if c[k]))
    print(f"right answers that fail: {len(right_fail)} of {len(H.RIGHT_VARIANTS + H.CASCADE)}")
    for r in right_fail:
        print("   ", *r)
    return dict(counts)


if __name__ == "__main__":
    main()
