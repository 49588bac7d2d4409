"""What the questions of every chapter share: building a ``Task`` from a reference answer and a
catalogue of named wrong answers, making test cases that tell those wrong answers apart, and
judging an answer of one or several parts.

A question is written as

- ``reference``: the right answer, with the student's signature, in bplab's maths;
- ``variants``: (mistake name, wrong answer) pairs; a wrong answer takes one case (a dict of the
  inputs) and returns what the mistaken code would return. The names are keys of
  ``feedback.MISTAKES``; ``hints`` words the advice for this question where the catalogue's
  general wording would not fit;
- ``fixed``: makers of edge cases (a net input of exactly 0, a short last batch, square shapes so
  that swapped matrices still multiply and can be named), then ``n_random`` fresh random cases.

``make_cases`` draws every case again (a few times at most) until it separates the variants still
alive: a wrong answer fails on at least one case, and on the first case it fails, it matches no
other named mistake. So every catalogued mistake is caught, and named, on every seed
(``tests/checks/test_catalogue.py`` proves it on 200 seeds a question).

Per-part credit: a verdict on an answer of several parts carries
``details["parts"] = {label: bool}``; ``bplab.checks.credit`` turns them into a share of the points.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .base import Case, Task, Unknown
from .feedback import MISTAKES, Verdict, _allclose, compare, hint_for

Variant = tuple[str, Callable[[Case], Any]]

# a wrong answer "fails" a case when it differs from the reference at the judge's tolerance; two
# wrong answers are told apart when they differ by more than this (so a message never hesitates)
SEPARATE_RTOL, SEPARATE_ATOL = 1e-4, 1e-6
MAX_DRAWS = 60

# {question: its catalogued (mistake, wrong answer) pairs}, for the catalogue's own tests
VARIANTS: dict[str, tuple[Variant, ...]] = {}
HINTS: dict[str, dict[str, str]] = {}  # {question: its own wording of a mistake's advice}


# ------------------------------------------------------------------------ small helpers
def as_parts(value, n: int) -> tuple:
    return tuple(value) if n > 1 else (value,)


def _close(a, b, rtol=1e-6, atol=1e-9) -> bool:
    try:
        a = np.asarray(a, dtype=float)
        b = np.asarray(b, dtype=float)
    except (TypeError, ValueError):
        return False
    return a.shape == b.shape and _allclose(a, b, rtol, atol)


def _same(a: tuple, b: tuple, **tol) -> bool:
    return len(a) == len(b) and all(_close(x, y, **tol) for x, y in zip(a, b))


def _try(fn, c):
    """A variant's value on case ``c``, or None where the mistaken code could not even run
    (its matrices do not fit): the student's code would then raise, and say so itself."""
    try:
        with np.errstate(all="ignore"):
            value = fn(c)
    except (ValueError, IndexError, TypeError, ZeroDivisionError):
        return None
    return value


def describe(value) -> str:
    """A short description of what came back, for a message."""
    if isinstance(value, Unknown):
        return str(value)
    if isinstance(value, np.matrix):
        return f"an np.matrix of shape {value.shape}"
    if isinstance(value, np.ndarray):
        kind = {"b": "bool", "f": "float", "i": "int", "u": "int"}.get(value.dtype.kind, "")
        return f"a {kind} array of shape {value.shape}"
    if isinstance(value, (tuple, list)):
        return f"a {type(value).__name__} of {len(value)} value{'s' * (len(value) != 1)}"
    if isinstance(value, (bool, np.bool_)):
        return f"a bool ({value})"
    if isinstance(value, (int, float, np.number)):
        return f"one number ({float(value):.6g})"
    return type(value).__name__


# ------------------------------------------------------------------------ return types
def type_problem(value, kind: str, expected) -> str | None:
    """What is wrong with the type of one part of an answer (None: nothing).

    ``kind`` "array": a numpy array of numbers; "number": one number (a Python or numpy scalar, or
    an array of one element)."""
    if value is None:
        return None  # compare says "nothing came back"
    if kind == "array":
        if isinstance(value, np.matrix):
            return "return a plain numpy array (np.asarray(...)), not an np.matrix"
        if isinstance(value, (list, tuple)):
            return (
                f"return a numpy array, not a Python {type(value).__name__} "
                "(np.array(...), or compute with arrays throughout)"
            )
        if isinstance(value, (np.ndarray, np.bool_, bool)) and np.asarray(value).dtype == bool:
            return (
                "return numbers, not True/False: turn the comparison into 0.0/1.0 with "
                ".astype(float)"
            )
        if np.ndim(expected) > 0 and not isinstance(value, np.ndarray):
            return f"return a numpy array of shape {np.shape(expected)}, not {describe(value)}"
        return None
    if kind == "number":
        if isinstance(value, (bool, np.bool_)):
            return "return a number, not True/False"
        if isinstance(value, (list, tuple)):
            return f"return one number (a float), not a {type(value).__name__}"
        if isinstance(value, np.ndarray) and value.size != 1:
            return (
                f"return one number (a float), not an array of shape {value.shape}: reduce "
                "the array to the single value the question defines (reread what it asks "
                "for), then float(...)"
            )
        return None
    raise ValueError(f"unknown kind of answer {kind!r}")


# ------------------------------------------------------------------------ judging
def judge_parts(
    got,
    expected: tuple,
    *,
    name: str,
    labels: Sequence[str],
    kinds: Sequence[str],
    returns: str,
    variants: Sequence[tuple[str, tuple]] = (),
    hints: dict[str, str] | None = None,
    rtol: float = 1e-6,
    atol: float = 1e-9,
) -> Verdict:
    """Judge an answer of ``len(expected)`` parts (1: a single value) against the reference and
    the named wrong answers ``variants`` ((name, parts) pairs, computed for this case).

    In order: a container of the wrong kind or size, parts in the wrong order, a part of the wrong
    type, then one mistake that explains the whole answer, then each wrong part on its own (so two
    slips in one answer are both named). A verdict on several parts has
    ``details["parts"] = {label: right?}``.
    """
    n = len(expected)
    hints = hints or {}
    tol = {"rtol": rtol, "atol": atol}

    def label(i):
        return f"{name} ({labels[i]})" if n > 1 else name

    def fail(message, mistake=None, parts=None):
        details = {"parts": parts} if parts is not None and n > 1 else {}
        return Verdict(False, message, mistake, details)

    none_right = {lab: False for lab in labels}
    if got is None:
        return fail(
            f"{name}: nothing came back (the function returned None). Did you forget "
            f"the `return`? Return {returns}.",
            None,
            none_right,
        )
    if n > 1:
        if isinstance(got, Unknown) or not isinstance(got, (tuple, list)) or len(got) != n:
            return fail(
                f"{name}: expected {n} values back, {returns}; got {describe(got)}. Likely "
                f"mistake: wrong return type - return {returns}.",
                "wrong return type",
                none_right,
            )
        parts = tuple(got)
    else:
        parts = (got,)
    right = {labels[i]: _close(parts[i], expected[i], **tol) for i in range(n)}

    def type_verdict():
        for i in range(n):
            problem = type_problem(parts[i], kinds[i], expected[i])
            if problem:
                right[labels[i]] = False
                return fail(
                    f"{label(i)}: got {describe(parts[i])}. Likely mistake: wrong return type - "
                    f"{problem}.",
                    "wrong return type",
                    right,
                )
        return None

    if all(right.values()):
        typed = type_verdict()  # a Verdict that failed is falsy: test for None
        return typed if typed is not None else Verdict(True, f"{name}: correct.")
    if n > 1:
        fits = [[_close(parts[p], expected[i], **tol) for p in range(n)] for i in range(n)]
        for perm in itertools.permutations(range(n)):
            if perm != tuple(range(n)) and all(fits[i][p] for i, p in enumerate(perm)):
                return fail(
                    f"{name}: the values are right but in the wrong order. Likely mistake: wrong "
                    f"order - {hint_for('wrong order', hints)}: return {returns}.",
                    "wrong order",
                    none_right,
                )
    if callable(variants):
        variants = variants()
    wrong_parts = [labels[i] for i in range(n) if not right[labels[i]]]
    summary = ""
    if n > 1:
        ok = [lab for lab in labels if right[lab]]
        summary = f"\n  ({', '.join(wrong_parts)} wrong" + (
            f"; {', '.join(ok)} right)" if ok else ")"
        )
    for mistake, wrong in variants:  # a known mistake first, even when the type is wrong too
        if _same(wrong, parts, **tol) and not _same(wrong, expected, **tol):
            i = labels.index(wrong_parts[0])
            v = compare(
                parts[i],
                expected[i],
                name=label(i),
                mistakes={mistake: wrong[i]},
                hints=hints,
                **tol,
            )
            return fail(v.message + summary, v.mistake or mistake, right)
    typed = type_verdict()
    if typed is not None:
        return typed
    failures = []
    for i in range(n):
        if right[labels[i]]:
            continue
        own = [(m, w[i]) for m, w in variants if not _close(w[i], expected[i], **tol)]
        failures.append(
            compare(parts[i], expected[i], name=label(i), mistakes=own, hints=hints, **tol)
        )
    named = next((v.mistake for v in failures if v.mistake), None)
    return fail("\n".join(v.message for v in failures) + summary, named, right)


# ------------------------------------------------------------------------ cases
def make_cases(
    rng: np.random.Generator,
    *,
    fixed: Sequence[Callable[[np.random.Generator], Case]],
    random: Callable[[np.random.Generator], Case],
    n_random: int,
    expected: Callable[[Case], tuple],
    variants: Sequence[Variant],
) -> list[Case]:
    """The edge cases, then ``n_random`` random ones, each drawn again (at most ``MAX_DRAWS``
    times) until it separates the variants that every earlier case let through; then more random
    cases while a variant is still let through by all."""
    alive = set(range(len(variants)))
    out: list[Case] = []

    def add(make):
        c = None
        for _ in range(MAX_DRAWS):
            c = make(rng)
            ok, failed = separates(c, expected, variants, alive)
            if ok:
                break
        out.append(c)
        alive.difference_update(failed)

    for make in fixed:
        add(make)
    for _ in range(n_random):
        add(random)
    for _ in range(8):
        if not alive:
            break
        add(random)
    return out


def _flat(parts: tuple):
    """(the shapes, every number in one float vector) of an answer's parts, or None."""
    try:
        arrays = [np.asarray(p, dtype=float) for p in parts]
    except (TypeError, ValueError):
        return None
    return tuple(a.shape for a in arrays), np.concatenate([a.ravel() for a in arrays])


def _flat_same(a, b, rtol=1e-6, atol=1e-9) -> bool:
    return a[0] == b[0] and _allclose(a[1], b[1], rtol, atol)


def separates(case, expected, variants, alive) -> tuple[bool, set[int]]:
    """(does ``case`` tell apart the alive variants that fail on it, which of them fail).

    An alive variant that fails here must differ clearly from the reference and from every
    variant of another name listed before it, alive or not: the judge names the first variant in
    the list that matches an answer."""
    ref = expected(case)
    flat_ref = _flat(ref)
    values = {}
    for i, (_, fn) in enumerate(variants):
        value = _try(fn, case)
        values[i] = None if value is None else _flat(as_parts(value, len(ref)))
    failing = set()
    for i in alive:
        value = values[i]
        if value is None:
            failing.add(i)  # the mistaken code raises here: caught anyway
            continue
        if _flat_same(value, flat_ref):
            continue
        if _flat_same(value, flat_ref, SEPARATE_RTOL, SEPARATE_ATOL):
            return False, set()  # wrong, but too close to right to be sure of
        failing.add(i)
        for j in range(i):  # the judge names the first variant that matches
            other = values[j]
            if (
                other is not None
                and variants[j][0] != variants[i][0]
                and _flat_same(value, other, SEPARATE_RTOL, SEPARATE_ATOL)
            ):
                return False, set()
    return True, failing


# ------------------------------------------------------------------------ building a question
def question(
    name: str,
    what: str,
    *,
    args: Sequence[str],
    reference: Callable,
    returns: str,
    labels: Sequence[str] = ("value",),
    kinds: Sequence[str] = ("array",),
    variants: Sequence[Variant] = (),
    hints: dict[str, str] | None = None,
    fixed: Sequence[Callable[[np.random.Generator], Case]] = (),
    random: Callable[[np.random.Generator], Case],
    n_random: int = 3,
    uses: Sequence[str] = (),
    sealed: Sequence[str] = (),
    sealed_in_memory: Sequence[str] = (),
    must_call: Sequence[str] = (),
    kind: str = "function",
    value_of: Callable[[Case], tuple] | None = None,
    rtol: float = 1e-6,
    atol: float = 1e-9,
) -> Task:
    """A ``Task`` whose cases separate ``variants`` and whose judge names them.

    ``value_of(case)``: the reference's parts for a case, where the reference is not simply
    called with the case's ``args`` (a sympy answer, evaluated at the case's point)."""
    unknown = [m for m, _ in variants if m not in MISTAKES] + [
        m for m in (hints or {}) if m not in MISTAKES
    ]
    if unknown:
        raise ValueError(f"question {name}: mistakes not in the catalogue: {unknown}")
    n = len(labels)

    def expected(c):
        if value_of is not None:
            return value_of(c)
        return as_parts(reference(*[c[a] for a in args]), n)

    def cases(rng):
        return make_cases(
            rng, fixed=fixed, random=random, n_random=n_random, expected=expected, variants=variants
        )

    seen: dict[int, tuple] = {}  # the variants of the last few cases judged

    def judge(c, got):
        def computed():  # only for an answer that is not right
            hit = seen.get(id(c))
            if hit is not None and hit[0] is c:
                return hit[1]
            out = []
            for mistake, fn in variants:
                value = _try(fn, c)
                if value is not None:
                    out.append((mistake, as_parts(value, n)))
            if len(seen) > 32:
                seen.clear()
            seen[id(c)] = (c, out)  # the case is kept, so its id is not reused meanwhile
            return out

        return judge_parts(
            got,
            expected(c),
            name=name,
            labels=labels,
            kinds=kinds,
            returns=returns,
            variants=computed,
            hints=hints,
            rtol=rtol,
            atol=atol,
        )

    task = Task(
        name,
        what,
        cases,
        judge,
        args=tuple(args),
        kind=kind,
        reference=reference,
        uses=tuple(uses),
        sealed=tuple(sealed),
        sealed_in_memory=tuple(sealed_in_memory),
        must_call=tuple(must_call),
    )
    VARIANTS[name] = tuple(variants)
    HINTS[name] = dict(hints or {})
    return task


def registry(*tasks: Task) -> dict[str, Task]:
    """{name: task}, in the order the notebook asks them."""
    return {t.name: t for t in tasks}


# ------------------------------------------------------------------ cases of a d-q-l network
def two_layer_case(N: int, d: int, q: int, l: int, *, targets: bool = True):
    """A case maker for a d-q-l network (chapters 05, 06): W1 (d, q), b1 (q,), W2 (q, l),
    b2 (l,), X (N, d) and, with ``targets``, T (N, l) in [0, 1)."""

    def make(rng):
        case = {
            "W1": rng.normal(size=(d, q)),
            "b1": rng.normal(size=q),
            "W2": rng.normal(size=(q, l)),
            "b2": rng.normal(size=l),
            "X": rng.normal(size=(N, d)),
        }
        if targets:
            case["T"] = rng.random((N, l))
        return case

    return make


def random_two_layer_case(rng, *, targets: bool = True):
    """A d-q-l case of random sizes: N 2-5 samples, d and q 1-4, l 1-3."""
    N, d, q, l = (int(rng.integers(lo, hi)) for lo, hi in ((2, 6), (1, 5), (1, 5), (1, 4)))
    return two_layer_case(N, d, q, l, targets=targets)(rng)
