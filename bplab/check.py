"""Self-checks for the exercise notebooks: ``check.<task>(your_answer)`` prints a tick or raises
``CheckFailed`` with a tutor's message (what was expected, what came, the likely mistake).

>>> from bplab import check
>>> import numpy as np
>>> check.mse(lambda Y, T: ((T - Y) ** 2).sum() / (2 * len(Y)))
mse: correct on 4 test cases.
>>> check.mse(lambda Y, T: ((T - Y) ** 2).sum() / 2)
Traceback (most recent call last):
...
bplab.feedback.CheckFailed: mse: not the expected values. Likely mistake: forgotten 1/N - ...
"""

from __future__ import annotations

import numpy as np

from .feedback import CheckFailed
from .tasks import TASKS, run_cases, verdict

__all__ = ["CheckFailed", "run", *TASKS]


def run(name: str, answer, *, seed: int = 0, quiet: bool = False) -> None:
    """Check ``answer`` against task ``name`` on test cases made from ``seed``."""
    if name not in TASKS:
        raise ValueError(f"unknown task {name!r}; the tasks are {', '.join(TASKS)}")
    cases = TASKS[name].cases(np.random.default_rng(seed))
    v = verdict(name, cases, run_cases(name, answer, cases))
    if not v:
        raise CheckFailed(v.message)
    if not quiet:
        print(v.message)


def _make(name: str):
    def check_task(answer, *, seed: int = 0) -> None:
        run(name, answer, seed=seed)

    check_task.__name__ = name
    check_task.__doc__ = f"Check your answer: {TASKS[name].what}."
    return check_task


globals().update({name: _make(name) for name in TASKS})
