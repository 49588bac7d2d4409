"""Per-part credit for a question whose answer has several parts (dW and db per layer, W and b):
one slip in one part should not cost the whole question (grader side; nothing here runs student
code).

The contract with the grader:

- ``judge.verdict(task, cases, raws)`` passes: full points;
- otherwise ``credit_share(task, cases, raws)`` is the share of the points earned, in [0, 1]: the
  parts (``Verdict.details["parts"]``, {label: right?}) that are right on EVERY case, over all
  parts. An answer that raised, was not written, called a switched-off package function, changed
  its arguments in place, returned something that is not numbers, or fails in a way that is not
  about one part (a wrong container, parts in the wrong order, the rng ignored) earns 0.
- The points are ``points * credit_share(...)``; round as the course likes (the grader rounds to
  hundredths). A question of one part earns all or nothing.
"""

from __future__ import annotations

from .base import Case, Task, Unknown
from .judge import decode, finite, verdict


def credit_share(task: Task, cases: list[Case], raws: list) -> float:
    """The share of the question's points that the answer earns (see the module docstring)."""
    if not cases or not isinstance(raws, list) or len(raws) != len(cases):
        return 0.0
    if verdict(task, cases, raws):
        return 1.0
    right: dict[str, bool] | None = None
    for c, raw in zip(cases, raws):
        r = decode(raw)
        if (
            r.sealed
            or r.missing
            or r.error is not None
            or isinstance(r.value, Unknown)
            or not finite(r.value)
            or (task.checks_in_place and r.after)
        ):
            return 0.0
        v = task.judge(c, r.value)
        if v:
            continue
        parts = v.details.get("parts")
        if not parts:
            return 0.0
        right = (
            dict(parts)
            if right is None
            else {k: right.get(k, False) and ok for k, ok in parts.items()}
        )
    if right is None:  # every case passed on its own: judge_all failed (the rng, say)
        return 0.0
    return sum(right.values()) / len(right)
