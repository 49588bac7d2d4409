"""Exercise checks that answer like a tutor: what was expected, what came, the tolerance, and the
likely mistake by name.

A check compares a student's answer with the reference and, when they differ, with a list of
*named wrong answers* computed for the same inputs (the same formula without f', with the sign
flipped, without the 1/N, ...). If the student's answer matches one of them, the message names that
mistake and says how to fix it. The comparison is plain data in, verdict out, so the grader can run
it in its own process, where student code cannot reach.

>>> import numpy as np
>>> verdict = compare(np.array([1.0, 2.0]), np.array([1.0, 2.0]), name="delta")
>>> verdict.passed
True
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

# The mistakes the course names, with the advice a tutor would give.
MISTAKES = {
    "missing f'": "the derivative of the activation is missing: the learning signal is "
    "(t - y) * f'(net), not just (t - y)",
    "flipped sign": "the sign is flipped: a gradient is the uphill direction and a descent step "
    "subtracts it (theta <- theta - eta * gradient); the error is (t - y) in the learning signal "
    "delta = (t - y) f'(net), which points downhill, and (y - t) in dE/dy",
    "missing transpose": "a transpose is missing: with samples in rows, a layer passes its signal "
    "down through W.T (delta @ W.T), and weight gradients are Y.T @ delta",
    "forgotten 1/N": "the average over the samples is missing: the cost and its gradient carry "
    "a 1/N (1/m, or 1/k for a batch of k), so the gradient and the step come out that many times "
    "too large",
    "extra 1/N": "there is a 1/N too many: this quantity is per sample (or already averaged)",
    "bias not updated": "the bias was left unchanged: it is a parameter like any weight, a weight "
    "on a constant input 1, and gets the same kind of update (the perceptron: "
    "b <- b + eta (t - y); the Delta rule: b <- b + (eta/N) * the sum of the deltas)",
    "derivative applied to the activated output": "f' was applied to the output y = f(net) "
    "instead of to net: for the sigmoid use f'(net) = f(net)(1 - f(net)), which in terms of the "
    "output is y(1 - y), not f'(y)",
    "missing 1/2": "the 1/2 of E = 1/(2N) sum (t - y)^2 is missing, so the answer is twice too big",
    "extra 1/2": "there is a 1/2 too many, so the answer is half of what it should be",
    "mean over outputs too": "the average was taken over every entry (N * outputs) instead of "
    "over the N samples only",
    "weights not updated": "the weights did not change: the step must add -eta * dE/dW to them",
    "bias left out": "the bias is missing from the net input: net = X @ W + b",
    "step not taken": "nothing changed: the step must add -eta * gradient to the parameters",
    "changed in place": "the function wrote into an array it was given (`w += ...`, `W[...] = ...`):"
    " the caller's array changes too. Work on a copy (`w = w + ...`, `w.copy()`) and return the"
    " new values",
}


@dataclass
class Verdict:
    """The outcome of one check: ``passed``, the tutor's ``message``, and the ``mistake`` named
    (a key of ``MISTAKES``) when the answer matches a known wrong one."""

    passed: bool
    message: str
    mistake: str | None = None
    details: dict = field(default_factory=dict)

    def __bool__(self) -> bool:
        return self.passed


class CheckFailed(AssertionError):
    """Raised by a self-check cell when the answer is wrong; its message is the tutor's."""


def _as_array(x):
    try:
        return np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError):
        return None


def _fmt(a: np.ndarray) -> str:
    text = np.array2string(np.asarray(a), precision=6, suppress_small=False, max_line_width=78)
    return text.replace("\n", "\n" + " " * 12)  # later rows line up under the first


def compare(
    got,
    expected,
    *,
    name: str,
    rtol: float = 1e-6,
    atol: float = 1e-9,
    mistakes: dict[str, object] | None = None,
) -> Verdict:
    """Compare an answer with the reference (arrays or numbers) and with named wrong answers.

    Passes when ``|got - expected| <= atol + rtol * |expected|`` everywhere and the shapes agree.
    """
    mistakes = mistakes or {}
    exp = np.asarray(expected, dtype=np.float64)
    tol = f"tolerance {atol:g} + {rtol:g} x |expected|"
    if got is None:
        return Verdict(
            False,
            f"{name}: nothing came back (the function returned None). Did you forget the `return`?",
        )
    arr = _as_array(got)
    if arr is None:
        return Verdict(False, f"{name}: expected numbers, got {type(got).__name__} ({got!r:.80})")
    if arr.shape != exp.shape:
        for mistake, wrong in mistakes.items():
            w = np.asarray(wrong, dtype=np.float64)
            if w.shape == arr.shape and np.allclose(arr, w, rtol=rtol, atol=atol):
                return _named(name, mistake, exp, arr, tol)
        hint = ""
        rows = (
            " (Rows are samples: X is (N, inputs), W is (inputs, outputs).)"
            if exp.ndim == 2
            else ""
        )
        if arr.shape == exp.shape[::-1] and arr.ndim == 2:
            hint = " It is the transposed shape: check which side of the product needs a .T."
        elif arr.size == exp.size:
            hint = " Same number of entries: check for a reshape, or (N,) versus (N, 1)."
        return Verdict(
            False,
            f"{name}: expected shape {exp.shape}, got shape {arr.shape}.{hint}{rows}",
            "missing transpose" if hint.startswith(" It is the transposed") else None,
        )
    if not np.isfinite(arr).all():
        return Verdict(False, f"{name}: the answer contains NaN or inf: {_fmt(arr)}")
    if np.allclose(arr, exp, rtol=rtol, atol=atol):
        return Verdict(True, f"{name}: correct.")
    for mistake, wrong in mistakes.items():
        w = np.asarray(wrong, dtype=np.float64)
        if (
            w.shape == arr.shape
            and np.allclose(arr, w, rtol=rtol, atol=atol)
            and not np.allclose(w, exp, rtol=rtol, atol=atol)
        ):
            return _named(name, mistake, exp, arr, tol)
    diff = np.abs(arr - exp)
    where = np.unravel_index(int(np.argmax(diff)), diff.shape) if diff.ndim else ()
    return Verdict(
        False,
        f"{name}: not the expected values.\n  expected: {_fmt(exp)}\n  got:      {_fmt(arr)}\n"
        f"  largest difference {float(diff.max()):.3g} at index {tuple(int(i) for i in where)}; "
        f"{tol}.",
        details={"max_abs_diff": float(diff.max())},
    )


def _named(name, mistake, exp, arr, tol) -> Verdict:
    return Verdict(
        False,
        f"{name}: not the expected values. Likely mistake: {mistake} - {MISTAKES[mistake]}.\n"
        f"  expected: {_fmt(exp)}\n  got:      {_fmt(arr)}\n  ({tol})",
        mistake,
    )
