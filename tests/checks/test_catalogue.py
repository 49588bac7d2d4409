"""Every catalogued wrong answer fails, and is named, on every seed.

For each question built from a catalogue (``bplab.checks.helpers.VARIANTS``), each named wrong
answer is fed to the judge on the cases of 200 seeds: on each seed it must fail on some case, and
the first case it fails on (the one whose message the student reads) must name that mistake. The
reference must pass on all of them. The questions with judges of their own (perceptron_learns_and,
xor_by_hand, xor_network) are fed their wrong answers in test_feedback.py.
"""

import numpy as np
import pytest

from bplab.checks.base import cases_from_plain, cases_to_plain
from bplab.checks.feedback import MISTAKES
from bplab.checks.helpers import VARIANTS, _try
from bplab.checks.tasks import TASKS

SEEDS = range(200)


def _cases(name):
    task = TASKS[name]
    return [task.cases(np.random.default_rng(seed)) for seed in SEEDS]


@pytest.mark.parametrize("name", list(VARIANTS))
def test_every_catalogued_mistake_fails_and_is_named_on_every_seed(name):
    task = TASKS[name]
    every_seed = _cases(name)
    problems = []
    for seed, cases in zip(SEEDS, every_seed):
        for c in cases:
            assert task.judge(
                c,
                task.reference(*[c[a] for a in task.args])
                if task.kind != "sympy"
                else _sympy_value(c, task),
            ), (seed, c)
        for mistake, wrong in VARIANTS[name]:
            for c in cases:
                value = _try(wrong, c)
                if value is None:
                    break  # the mistaken code raises on this case: caught as an error
                v = task.judge(c, value)
                if not v:
                    if v.mistake != mistake:
                        problems.append((seed, mistake, v.mistake, v.message.splitlines()[0]))
                    break
            else:
                problems.append((seed, mistake, "ACCEPTED", ""))
    assert not problems, f"{len(problems)} problems, first: {problems[:5]}"


def _sympy_value(c, task):
    """The reference expression evaluated at the case's point (its symbols matched by name)."""
    expr = task.reference()
    return float(expr.subs({s: c[s.name] for s in expr.free_symbols}))


def test_every_catalogued_mistake_has_advice():
    for name, variants in VARIANTS.items():
        for mistake, _ in variants:
            assert mistake in MISTAKES, (name, mistake)


@pytest.mark.parametrize("name", list(TASKS))
def test_cases_survive_the_trip_to_the_sandbox(name):
    """The cases are plain data: what the sandbox gets back equals what the grader made."""
    cases = TASKS[name].cases(np.random.default_rng(7))
    back = cases_from_plain(cases_to_plain(cases))
    for c, b in zip(cases, back):
        for k in TASKS[name].args:
            assert _same_data(c[k], b[k]), (name, k)


def _same_data(a, b) -> bool:
    """Equal plain data: numbers, arrays, text, and lists or tuples of them (a list of weight
    matrices of different shapes)."""
    if isinstance(a, (list, tuple)):
        return isinstance(b, type(a)) and len(a) == len(b) and all(map(_same_data, a, b))
    if isinstance(a, str):
        return a == b
    return np.array_equal(np.asarray(a), np.asarray(b))


@pytest.mark.parametrize("name", [n for n in TASKS if TASKS[n].kind == "function"])
def test_first_cases_have_edges(name):
    """Every question asks at least three cases, and the first has N >= 3 samples where it has
    samples at all (so that 1/N, 1/2 and N*l tell apart)."""
    cases = TASKS[name].cases(np.random.default_rng(0))
    assert len(cases) >= 3 or name == "perceptron_learns_and"


def _solution_notebooks():
    import nbformat

    from bplab.grading.grade import checks_of, is_test

    root = __import__("pathlib").Path(__file__).resolve().parents[2] / "solutions"
    out = {}
    for path in sorted(root.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        out[path.stem] = (
            nb,
            [c["task"] for cell in nb.cells if is_test(cell) for c in checks_of(cell)],
        )
    return out


def test_the_table_of_notebooks_lists_the_questions_of_each_solution_notebook():
    from bplab.checks.tasks import NOTEBOOKS

    found = {
        stem: tuple(dict.fromkeys(tasks)) for stem, (_, tasks) in _solution_notebooks().items()
    }
    assert {k: set(v) for k, v in found.items()} == {k: set(v) for k, v in NOTEBOOKS.items()}


def test_every_self_check_switches_off_what_the_grader_removes_for_its_notebook():
    """The grader removes the union of a notebook's ``sealed`` functions from the sandbox's package
    for every question of that notebook; a self-check (``switched_off_in_self_check``) must
    switch off at least as much, or it could say "correct" where the grader says "package does
    the work"."""
    from bplab.grading.grade import sealed_names

    missing = {}
    for stem, (nb, tasks) in _solution_notebooks().items():
        union = set(sealed_names(nb))
        for name in tasks:
            lack = union - set(TASKS[name].switched_off_in_self_check)
            if lack:
                missing[f"{stem}:{name}"] = sorted(lack)
    assert not missing, missing
