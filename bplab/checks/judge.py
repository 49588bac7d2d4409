"""The grader's side of a check: from what came back to a ``Verdict``. Nothing here runs where the
student's code runs."""

from __future__ import annotations

import dataclasses
import re

import numpy as np

from .base import Case, Result, Task, Unknown, from_plain
from .feedback import MISTAKES, Verdict


def decode(raw) -> Result:
    """One case's raw report (untrusted plain data) as a ``Result``; malformed data is an error."""
    if not isinstance(raw, dict):
        return Result(error="the answer could not be read")
    seconds = raw.get("seconds", 0.0)
    seconds = float(seconds) if isinstance(seconds, (int, float)) else 0.0
    sealed = raw.get("sealed")
    sealed = str(sealed)[:120] if sealed is not None else None
    if "error" in raw:
        return Result(
            error=str(raw["error"])[:200],
            missing=raw.get("missing") is True,
            sealed=sealed,
            seconds=seconds,
        )
    uncalled = raw.get("uncalled")
    try:
        after = raw.get("after", {})
        if not isinstance(after, dict) or len(after) > 16:
            raise ValueError("malformed report of the arguments")
        return Result(
            value=from_plain(raw.get("value")),
            after={str(k)[:40]: from_plain(v) for k, v in after.items()},
            sealed=sealed,
            uncalled=str(uncalled)[:80] if uncalled is not None else None,
            seconds=seconds,
        )
    except (ValueError, TypeError, OverflowError) as e:
        return Result(error=f"the answer could not be read ({str(e)[:120]})", sealed=sealed)


def verdict(task: Task, cases: list[Case], raws: list) -> Verdict:
    """The verdict over all cases (the first failing case explains)."""
    name = task.name
    if not isinstance(raws, list) or len(raws) != len(cases):
        return Verdict(False, f"{name}: no answer came back for every test case")
    results = [decode(r) for r in raws]
    for r in results:
        if r.sealed:
            return Verdict(
                False,
                f"{name}: this question asks you to write it yourself - your answer calls "
                f"{public_name(r.sealed)}, which is switched off while it is checked. Write the "
                "computation yourself, as the question's cell describes.",
                "package does the work",
            )
    for c, r in zip(cases, results):
        if r.missing:
            return Verdict(
                False,
                f"{name}: not written yet - replace `raise NotImplementedError()` with your code"
                f"{_in_answer(task)}.",
            )
        if r.error is not None:
            return error_verdict(name, r.error)
        if r.uncalled:
            return Verdict(
                False,
                f"{name}: your answer never calls {r.uncalled}(). Likely mistake: engine not "
                f"used - {MISTAKES['engine not used']}.",
                "engine not used",
            )
        if isinstance(r.value, Unknown) and task.kind == "network":
            hint = (
                " net.fit(...) returns the History of the losses: return net itself."
                if r.value.startswith("History")
                else ""
            )
            return Verdict(
                False,
                f"{name}: the function must return the trained network (a bp.MLP), got "
                f"{r.value.split(' (')[0]}.{hint} Likely mistake: wrong return type.",
                "wrong return type",
            )
        if isinstance(r.value, Unknown):
            return Verdict(
                False,
                f"{name}: expected numbers, got {r.value}. Likely mistake: wrong return type - "
                f"the question asks for {task.what}.",
                "wrong return type",
            )
        if not finite(r.value):
            return Verdict(
                False, f"{name}: the answer contains NaN or inf (not finite numbers).", "not finite"
            )
        if task.checks_in_place and r.after:
            names = [f"`{k}`" for k in r.after]
            which = (
                f"argument {names[0]}"
                if len(names) == 1
                else f"arguments {', '.join(names[:-1])} and {names[-1]}"
            )
            return Verdict(
                False,
                f"{name}: your function changed its {which} in place. Likely mistake: "
                f"changed in place - {MISTAKES['changed in place']}.",
                "changed in place",
            )
        v = task.judge(c, r.value)
        if not v:
            return _with_point(v, c) if task.kind == "sympy" else v
    if task.judge_all is not None:
        v = task.judge_all(cases, [r.value for r in results])
        if v is not None and not v:
            return v
    return Verdict(True, f"{name}: correct on {len(cases)} test case{'s' * (len(cases) != 1)}.")


def _in_answer(task: Task) -> str:
    """The answer's own name, as " in `train_xor`", where it is not the question's name."""
    answer = re.split(r"[(:\s]", task.what, maxsplit=1)[0]
    return f" in `{answer}`" if answer.isidentifier() and answer != task.name else ""


def _with_point(v: Verdict, case: Case) -> Verdict:
    """A sympy answer's verdict with the point its numbers were computed at, so that the student
    can put the same values into the expression."""
    point = ", ".join(
        f"{k} = {float(x):.6g}"
        for k, x in case.items()
        if isinstance(x, (int, float, np.floating, np.integer)) and not isinstance(x, bool)
    )
    if not point:
        return v
    return dataclasses.replace(v, message=f"{v.message}\n  at the point: {point}")


def public_name(sealed: str) -> str:
    """How a student reaches a package function: "bplab.rules:delta_rule_step" ->
    "bp.delta_rule_step", "bplab.network:MLP.backward" -> "bp.MLP.backward",
    "bplab.costs:half_sse" -> "bp.costs.half_sse"."""
    import bplab

    module, _, qualname = sealed.partition(":")
    if qualname.split(".")[0] in bplab.__all__:
        return f"bp.{qualname}"
    return f"bp.{module.removeprefix('bplab.')}.{qualname}" if module != "bplab" else sealed


def error_verdict(name: str, error: str) -> Verdict:
    """The message for an answer that raised (only the first line of its exception is shown)."""
    if error.startswith("ValueError") and "could not be broadcast" in error:
        return Verdict(
            False,
            f"{name}: your code raised {error}. Two arrays of shapes that do not fit were combined "
            "elementwise (a * b or a + b): write the shape of every term next to it; a product "
            "in the wrong order or a missing transpose is the usual cause.",
            "shapes do not fit",
        )
    if error.startswith("ValueError") and ("matmul" in error or "not aligned" in error):
        return Verdict(
            False,
            f"{name}: your code raised {error}. A matrix product got shapes that do not fit. "
            f"Likely mistake: missing transpose - {MISTAKES['missing transpose']}.",
            "missing transpose",
        )
    return Verdict(False, f"{name}: your code raised {error}")


def finite(value) -> bool:
    """Every number in an answer (nested tuples/lists/arrays) is finite (None is left to the
    judge, which says "did you forget the return?")."""
    if value is None:
        return True
    if isinstance(value, dict):
        return all(finite(v) for v in value.values())
    if isinstance(value, (tuple, list)):
        return all(finite(v) for v in value)
    if isinstance(value, str):
        return True
    try:
        return bool(np.isfinite(np.asarray(value, dtype=float)).all())
    except (TypeError, ValueError):
        return True
