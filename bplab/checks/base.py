"""What a graded question is, and the plain data that crosses the sandbox boundary.

A question (a ``Task``) is split so that nothing decisive ever runs where student code runs:

- ``cases(rng)`` makes the inputs, in the grader's process, from the grader's seed;
- ``call_answer(spec, answer, case)`` (in ``bplab.checks.calling``) runs the student's answer on
  one case, in the sandbox; it reports only plain data: the value returned, the arguments as they
  were after the call (so an answer that changes the caller's arrays in place is caught), the time;
- ``judge(case, got)`` decides, in the grader's process, with its own numpy and bplab.

The self-checks of the notebooks (``bplab.check``) run all three in the student's kernel, which is
fine for practice: only the grader's verdict counts.

``reference`` is the right answer with the student's signature. When a later question calls the
student's answer to an earlier one (``uses``), the checks and the grader give it that question's
reference instead, so that one mistake costs one question. ``sealed`` names the package functions
that do what the question asks: while the answer is checked or graded they are switched off, and a
call to one says "this question asks you to write it yourself".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

Case = dict[str, Any]

# The grader's default limit on one call of an answer (one test case), in seconds; the notebooks'
# self-checks warn when a call is slower (``bplab.check``).
CALL_LIMIT_SECONDS = 10.0

# how the answer is used: called with the case entries named in ``args`` (a function), read as it
# is (a value), read as a sympy expression evaluated at the case's point, or called with a fresh
# numpy Generator made from case["seed"] and reported as the parameters of the network it returns,
# or a class of scalar autodiff nodes (``Value``) that builds the case's expression ("program",
# "inputs"), runs backward and is reported as (output's data, the inputs' grads); see
# ``bplab.checks.calling.run_engine``
KINDS = ("function", "value", "sympy", "network", "engine")


@dataclass(frozen=True)
class Task:
    """One graded question; see the module docstring."""

    name: str
    what: str  # one line: what the student writes
    cases: Callable[[np.random.Generator], list[Case]]
    judge: Callable[[Case, Any], Any]  # (case, decoded answer) -> Verdict
    args: tuple[str, ...] = ()  # the case entries passed to the answer, in order
    kind: str = "function"
    reference: Callable | None = None  # the right answer, same signature as the student's
    uses: tuple[str, ...] = ()  # earlier tasks whose reference stands in for the student's answer
    sealed: tuple[str, ...] = ()  # "bplab.module:Qualified.name" switched off while graded
    # switched off only while this question's answer runs, not removed from the sandbox's copy of
    # the package: functions that another question of the same notebook legitimately calls (the
    # grader removes ``sealed`` from disk for the whole notebook)
    sealed_in_memory: tuple[str, ...] = ()
    # the rest of its notebook's ``sealed``, switched off in the notebooks' self-checks only, so
    # that a self-check says what the grader says (the grader removes those from disk itself,
    # for the notebook it grades, which need not be the question's own; see checks.tasks)
    notebook_sealed: tuple[str, ...] = ()
    # judged over all cases together once each case has passed (for example: does the answer use
    # its rng); returns a Verdict or None
    judge_all: Callable[[list[Case], list[Any]], Any] | None = None
    checks_in_place: bool = True  # an argument changed by the call is a mistake
    # methods of the student's own classes, "Class.method", that the answer must call on every
    # case: the question is to use them (a gradient the engine finds, not one written by hand)
    must_call: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"task {self.name}: kind must be one of {KINDS}, got {self.kind!r}")

    @property
    def switched_off(self) -> tuple[str, ...]:
        """Every function switched off while this question's answer runs."""
        return self.sealed + self.sealed_in_memory

    @property
    def switched_off_in_self_check(self) -> tuple[str, ...]:
        """What the notebooks' self-checks switch off: also the rest of its notebook's."""
        return self.switched_off + self.notebook_sealed

    def spec(self) -> dict:
        """The plain description of how to call the answer, sent to the sandbox."""
        spec = {"kind": self.kind, "args": list(self.args)}
        if self.must_call:
            spec["must_call"] = list(self.must_call)
        return spec


# ------------------------------------------------------------- plain data across the boundary
MAX_DEPTH = 8
MAX_ITEMS = 1_000_000  # numbers in one answer, at most


def to_plain(obj, _depth: int = 0):
    """Numbers, arrays, tuples and lists as JSON-ready data that keeps their Python type.

    ndarray -> {"ndarray": nested list, "shape", "dtype"}; np.matrix -> {"matrix": ...};
    numpy scalar -> {"scalar": x, "dtype"}; tuple/list -> {"tuple": [...]} / {"list": [...]};
    bool, int, float, None stay as they are; anything else -> {"unknown": a short description}.
    """
    if _depth > MAX_DEPTH:
        return {"unknown": "nested too deeply"}
    if obj is None or isinstance(obj, (bool, int, float)):
        if isinstance(obj, float) and not np.isfinite(obj):
            return {"scalar": repr(obj), "dtype": "float"}
        return obj
    if isinstance(obj, np.generic) and obj.dtype.kind in "biuf":
        kind = {"b": "bool", "f": "float"}.get(obj.dtype.kind, "int")
        value = float(obj) if kind == "float" else (bool(obj) if kind == "bool" else int(obj))
        return {"scalar": value if np.isfinite(float(obj)) else repr(float(obj)), "dtype": kind}
    if isinstance(obj, np.ndarray):
        if obj.dtype.kind not in "biuf":
            return {"unknown": f"an array of dtype {obj.dtype}"}
        if obj.size > MAX_ITEMS:
            return {"unknown": f"an array of {obj.size} numbers (too many)"}
        kind = {"b": "bool", "f": "float"}.get(obj.dtype.kind, "int")
        arr = np.asarray(obj, dtype={"bool": bool, "float": float}.get(kind, np.int64))
        data = arr.astype(float).tolist() if kind == "float" else arr.tolist()
        if kind == "float":
            data = _encode_floats(data)
        tag = "matrix" if isinstance(obj, np.matrix) else "ndarray"
        return {tag: data, "shape": list(arr.shape), "dtype": kind}
    if isinstance(obj, (tuple, list)):
        if len(obj) > 64:
            return {"unknown": f"a {type(obj).__name__} of {len(obj)} items"}
        tag = "tuple" if isinstance(obj, tuple) else "list"
        return {tag: [to_plain(x, _depth + 1) for x in obj]}
    try:
        value = float(obj)  # sympy numbers and the like
    except (TypeError, ValueError, OverflowError):
        text = repr(obj) if len(repr(obj)) < 120 else repr(obj)[:117] + "..."
        return {"unknown": f"{type(obj).__name__}: {text}"}
    return {"scalar": value if np.isfinite(value) else repr(value), "dtype": "float"}


def _encode_floats(data):
    """JSON has no NaN or inf: write them as strings, which ``_decode_floats`` reads back."""
    if isinstance(data, list):
        return [_encode_floats(x) for x in data]
    return data if np.isfinite(data) else repr(data)


def _decode_floats(data, depth: int = 0):
    if depth > 32:
        raise ValueError("array nested too deeply")
    if isinstance(data, list):
        return [_decode_floats(x, depth + 1) for x in data]
    if isinstance(data, str):
        if data not in ("nan", "inf", "-inf"):
            raise ValueError("an array holds text")
        return float(data)
    if isinstance(data, bool) or not isinstance(data, (int, float)):
        raise ValueError("an array holds something that is not a number")
    return data


class Unknown(str):
    """An answer that was not numbers: kept as its description, for the message."""


def from_plain(data, _depth: int = 0):
    """The inverse of ``to_plain``, for data from an untrusted sandbox: only numbers, arrays,
    tuples and lists come back (or an ``Unknown`` description); anything malformed raises
    ``ValueError``."""
    if _depth > MAX_DEPTH + 1:
        raise ValueError("answer nested too deeply")
    if data is None or isinstance(data, (bool, int, float)):
        return data
    if not isinstance(data, dict) or len(data) > 3:
        raise ValueError(f"unexpected answer data {str(data)[:80]}")
    if "unknown" in data:
        return Unknown(str(data["unknown"])[:200])
    if "network" in data:
        net = data["network"]
        if not isinstance(net, dict) or not all(
            isinstance(net.get(k), list) and len(net[k]) <= 16
            for k in ("weights", "biases", "activations")
        ):
            raise ValueError("a malformed network")
        return {
            "network": {
                "weights": [from_plain(w, _depth + 1) for w in net["weights"]],
                "biases": [from_plain(b, _depth + 1) for b in net["biases"]],
                "activations": [str(a)[:40] for a in net["activations"]],
            }
        }
    if "scalar" in data:
        value = data["scalar"]
        if isinstance(value, str):
            value = _decode_floats(value)
        kind = data.get("dtype")
        if kind == "bool":
            return np.bool_(value)
        if kind == "int":
            return np.int64(value)
        return np.float64(value)
    for tag in ("tuple", "list"):
        if tag in data:
            items = data[tag]
            if not isinstance(items, list) or len(items) > 64:
                raise ValueError(f"a malformed {tag}")
            out = [from_plain(x, _depth + 1) for x in items]
            return tuple(out) if tag == "tuple" else out
    for tag in ("ndarray", "matrix"):
        if tag in data:
            shape = data.get("shape")
            if not isinstance(shape, list) or not all(
                isinstance(k, int) and not isinstance(k, bool) and 0 <= k <= MAX_ITEMS
                for k in shape
            ):
                raise ValueError("an array with a malformed shape")
            if int(np.prod(shape, dtype=np.int64)) > MAX_ITEMS:
                raise ValueError("an array too large")
            kind = data.get("dtype")
            dtype = {"bool": bool, "int": np.int64, "float": np.float64}.get(kind)
            if dtype is None:
                raise ValueError("an array of unknown dtype")
            values = _decode_floats(data[tag]) if kind == "float" else data[tag]
            arr = np.asarray(values, dtype=dtype)
            if arr.size != int(np.prod(shape, dtype=np.int64)):
                raise ValueError("array data does not match its shape")
            arr = arr.reshape(shape)
            return np.asmatrix(arr) if tag == "matrix" else arr
    raise ValueError(f"unexpected answer data {str(data)[:80]}")


def cases_to_plain(cases: list[Case]) -> list[dict]:
    """The grader's cases as plain data; a case entry may also be a short text (a name such as
    "relu"), which answers may not (``to_plain`` reports text as unknown)."""
    return [{k: _case_entry(v) for k, v in c.items()} for c in cases]


def cases_from_plain(data: list[dict]) -> list[Case]:
    return [{k: _case_entry_back(v) for k, v in c.items()} for c in data]


def _case_entry(value):
    if isinstance(value, str):
        if len(value) > 200:
            raise ValueError("a case's text entry is longer than 200 characters")
        return {"text": value}
    return to_plain(value)


def _case_entry_back(data):
    if isinstance(data, dict) and set(data) == {"text"} and isinstance(data["text"], str):
        return data["text"][:200]
    return from_plain(data)


@dataclass
class Result:
    """What came back from running an answer on one case (decoded, grader side)."""

    value: Any = None
    after: dict[str, Any] = field(default_factory=dict)  # the arguments after the call
    error: str | None = None  # first line of the exception the answer raised
    missing: bool = False  # the stub's NotImplementedError: not written yet
    sealed: str | None = None  # the package function the answer called though it is switched off
    uncalled: str | None = None  # a method of ``Task.must_call`` the answer did not call
    seconds: float = 0.0
