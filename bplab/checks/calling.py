"""The side of a check that runs where the student's code runs: the kernel for a self-check, the
sandbox when graded. It holds no reference answer and no judge: it calls the answer on the inputs it
is given and reports plain data (``bplab.checks.base.to_plain``).

``call_answer(spec, answer, case)`` runs one case. While it runs:

- the package functions the question asks the student to write are switched off (``sealed``): a
  call to one raises ``WriteItYourself`` and is recorded, so the verdict can say so even when the
  answer catches the exception;
- an earlier answer the function calls by name (``uses``) is replaced by a stand-in that asks
  ``reference`` for the right value, so a mistake in question 1 does not fail question 3.
"""

from __future__ import annotations

import functools
import importlib
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager

import numpy as np

from .base import to_plain

_sealed_hits: list[str] = []


class WriteItYourself(RuntimeError):
    """A package function that the question asks you to write was called."""


def sealed_call(name: str) -> WriteItYourself:
    """Record that the sealed function ``name`` was called; return the exception to raise."""
    _sealed_hits.append(name)
    module, _, qualname = name.partition(":")
    public = f"bp.{qualname}" if module in ("bplab", "bplab.network", "bplab.rules") else name
    return WriteItYourself(
        f"this question asks you to write this yourself: {public} ({name}) is switched off "
        "while your answer is checked"
    )


def _resolve(name: str):
    """The function object behind "bplab.module:Qualified.name" (a method: the class's own)."""
    module, _, qualname = name.partition(":")
    obj = importlib.import_module(module)
    for part in qualname.split("."):
        obj = obj.__dict__[part] if isinstance(obj, type) else getattr(obj, part)
    return getattr(obj, "__func__", obj)


def _stub_code(name: str):
    namespace: dict = {}
    exec(  # a stub with no closure, so that it fits any function's __code__ slot
        "def stub(*args, **kwargs):\n"
        "    from bplab.checks.calling import sealed_call\n"
        f"    raise sealed_call({name!r})\n",
        namespace,
    )
    return namespace["stub"].__code__


_switched_off: list[tuple] = []  # (function, its code, the stub) while a ``sealed`` block runs


@contextmanager
def sealed(names: Iterable[str]):
    """Switch the named package functions off for the duration of the block."""
    swapped, seen = [], set()
    try:
        for name in names:
            func = _resolve(name)
            if id(func) in seen:  # one function under two names (an alias such as __radd__)
                continue
            seen.add(id(func))
            if func.__closure__:  # cannot take a closure-free stub; not used for such functions
                raise ValueError(f"cannot seal {name}: it is a closure")
            stub = _stub_code(name)
            swapped.append((func, func.__code__, stub))
            func.__code__ = stub
        _switched_off.extend(swapped)
        yield
    finally:
        for entry in reversed(swapped):
            func, code, _ = entry
            func.__code__ = code
            if entry in _switched_off:
                _switched_off.remove(entry)


@contextmanager
def lifted():
    """Switch the functions of the enclosing ``sealed`` blocks back on for the duration of this
    block: for the package's own reference answers in the self-checks, never for student code."""
    entries = list(_switched_off)
    for func, code, _ in entries:
        func.__code__ = code
    try:
        yield
    finally:
        for func, _, stub in entries:
            func.__code__ = stub


@contextmanager
def stand_ins(namespace: dict | None, uses: Iterable[str], reference: Callable | None):
    """Replace the earlier answers named in ``uses`` in ``namespace`` by the reference answers."""
    saved, missing = {}, object()
    uses = list(uses)
    if namespace is not None and uses and reference is not None:
        for name in uses:
            saved[name] = namespace.get(name, missing)
            namespace[name] = _stand_in(name, reference)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is missing:
                namespace.pop(name, None)
            else:
                namespace[name] = value


def _stand_in(name: str, reference: Callable):
    def stand_in(*args, **kwargs):
        return reference(name, args, kwargs)

    stand_in.__name__ = stand_in.__qualname__ = name
    stand_in.__doc__ = f"The reference answer to the question {name} (your own is not used here)."
    return stand_in


def _copy(value):
    """A copy of an argument for the answer: arrays, and lists of them (a network's layers)."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _changed(arg, original) -> bool:
    """Whether the answer changed an argument it was given: an array's values or shape, or a
    list's length or any of its entries (``W -= ...`` on the layers of a list of weights)."""
    if isinstance(arg, np.ndarray):
        return arg.shape != np.shape(original) or not np.array_equal(arg, original, equal_nan=True)
    if isinstance(arg, list) and isinstance(original, list):
        return len(arg) != len(original) or any(map(_changed, arg, original))
    return False


def _network(obj) -> dict:
    """The parameters of a trained network, for a judge that runs it in its own process."""
    try:
        weights, biases = list(obj.weights), list(obj.biases)
        acts = obj.activations
        acts = [getattr(a, "name", str(a)) for a in (acts() if callable(acts) else acts)]
    except Exception as e:  # noqa: BLE001 - any object may come back
        return {"unknown": f"{type(obj).__name__} (not a bp.MLP: {type(e).__name__})"}
    return {
        "network": {
            "weights": [to_plain(np.asarray(w, dtype=float)) for w in weights[:16]],
            "biases": [to_plain(np.asarray(b, dtype=float)) for b in biases[:16]],
            "activations": [str(a)[:40] for a in acts[:16]],
        }
    }


def _evaluate(expr, case: dict) -> float:
    """A sympy answer's value at the case's point (its symbols matched by name)."""
    import sympy as sp

    if not isinstance(expr, sp.Expr):
        raise TypeError(f"expected a sympy expression, got {type(expr).__name__}")
    unknown = sorted(s.name for s in expr.free_symbols if s.name not in case)
    if unknown:
        raise ValueError(f"the expression uses symbols {unknown}; only {sorted(case)} exist here")
    return float(expr.subs({s: case[s.name] for s in expr.free_symbols}))


# the operations of an "engine" case's program, one row [op, a, b, c] per node: a and b index
# earlier nodes (the inputs are nodes 0 .. n_inputs - 1), c is a number; the last node is the output
ENGINE_OPS = ("add", "mul", "pow", "tanh", "exp", "neg", "sub", "div", "add_number", "number_mul")


def run_engine(Value, program, inputs, grads: bool = True):
    """Build the program's expression from the class ``Value`` (each node once, so a node used
    twice is one Value with two consumers), call ``backward()`` on the output; return its
    ``float(data)``, and with ``grads`` also the inputs' grads as a float array.

    ``add_number`` is ``x + c`` and ``number_mul`` is ``c * x`` with ``c`` a Python float (the
    class's own handling of numbers and its reflected ``__rmul__``); ``pow`` is ``x ** c``."""
    if not isinstance(Value, type):
        raise TypeError(f"expected your class Value, got {type(Value).__name__}")
    program = np.asarray(program, dtype=float)
    leaves = [Value(float(x)) for x in np.asarray(inputs, dtype=float)]
    nodes = list(leaves)
    for op, a, b, c in program:
        name = ENGINE_OPS[int(op)]
        x, y, c = nodes[int(a)], nodes[int(b)], float(c)
        if name == "add":
            node = x + y
        elif name == "mul":
            node = x * y
        elif name == "pow":
            node = x**c
        elif name == "tanh":
            node = x.tanh()
        elif name == "exp":
            node = x.exp()
        elif name == "neg":
            node = -x
        elif name == "sub":
            node = x - y
        elif name == "div":
            node = x / y
        elif name == "add_number":
            node = x + c
        else:
            node = c * x
        nodes.append(node)
    out = nodes[-1]
    data = float(out.data)
    if not grads:
        return data
    out.backward()
    return data, np.array([float(v.grad) for v in leaves])


def first_line(e: BaseException) -> str:
    """``Type: first line of the message``, at most 200 characters."""
    text = str(e).strip().splitlines()
    line = f"{type(e).__name__}: {text[0]}" if text else type(e).__name__
    return line if len(line) <= 200 else line[:197] + "..."


@contextmanager
def watched(namespace: dict | None, names: Iterable[str]):
    """Count the calls of the student's own methods named in ``names`` ("Class.method", the class
    looked up in the answer's namespace) during the block; yields {name: calls}. A class or
    method that is not there is not watched (the answer then fails on its own). This is feedback
    on how an honest answer works, not a defence: the count lives where the student's code runs,
    and an answer can call the method without using what it computes. The numbers it returns are
    judged as always."""
    calls: dict[str, int] = {}
    swapped = []
    try:
        for name in names:
            cls_name, _, method = name.partition(".")
            cls = (namespace or {}).get(cls_name)
            func = cls.__dict__.get(method) if isinstance(cls, type) else None
            if not callable(func):
                continue
            calls[name] = 0

            @functools.wraps(func)
            def counting(*args, _func=func, _name=name, **kwargs):
                calls[_name] += 1
                return _func(*args, **kwargs)

            setattr(cls, method, counting)
            swapped.append((cls, method, func))
        yield calls
    finally:
        for cls, method, func in reversed(swapped):
            setattr(cls, method, func)


def call_answer(
    spec: dict,
    answer,
    case: dict,
    *,
    sealed_names: Iterable[str] = (),
    uses: Iterable[str] = (),
    reference: Callable | None = None,
) -> dict:
    """Run ``answer`` on one case as ``spec`` says; return plain data:
    ``{"value", "after", "seconds", "sealed"}`` or ``{"error", "missing", "sealed", "seconds"}``."""
    kind, arg_names = spec["kind"], list(spec.get("args", []))
    args = [_copy(case[k]) for k in arg_names]
    namespace = getattr(answer, "__globals__", None)
    del _sealed_hits[:]
    out: dict = {}
    start = time.perf_counter()
    try:
        with (
            sealed(sealed_names),
            stand_ins(namespace, uses, reference),
            watched(namespace, spec.get("must_call", ())) as calls,
        ):
            if kind == "value":
                value = to_plain(answer)
            elif kind == "sympy":
                value = to_plain(_evaluate(answer, case))
            elif kind == "network":
                value = _network(answer(np.random.default_rng(int(case["seed"]))))
            elif kind == "engine":
                value = to_plain(run_engine(answer, case["program"], case["inputs"], case["grads"]))
            else:
                if not callable(answer):
                    raise TypeError(f"expected a function, got {type(answer).__name__}")
                value = to_plain(answer(*args))
        out["value"] = value
        uncalled = [name for name, n in calls.items() if n == 0]
        if uncalled:
            out["uncalled"] = uncalled[0]
        changed = {k: to_plain(a) for k, a in zip(arg_names, args) if _changed(a, case[k])}
        if changed:
            out["after"] = changed
    except NotImplementedError:
        out = {"error": "NotImplementedError", "missing": True}
    except Exception as e:  # noqa: BLE001 - the student's code may raise anything
        out = {"error": first_line(e)}
    out["seconds"] = time.perf_counter() - start
    if _sealed_hits:
        out["sealed"] = _sealed_hits[0]
    return out
