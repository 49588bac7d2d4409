"""Self-checks for the exercise notebooks: ``check.<question>(your_answer)`` prints a tick, or
stops with ``CheckFailed`` and a tutor's message (what was expected, what came, the likely
mistake), shown without a traceback.

>>> from bplab import check
>>> check.mse(lambda Y, T: ((T - Y) ** 2).sum() / (2 * len(Y)))
mse: correct on 4 test cases.
>>> check.mse(lambda Y, T: ((T - Y) ** 2).sum() / 2)
Traceback (most recent call last):
...
bplab.checks.feedback.CheckFailed: mse: not the expected values. Likely mistake: forgotten 1/N - ...

The checks run in your own kernel, for practice; the grader runs the same questions in a sandbox,
on inputs of its own, and judges them in its own process.
"""

from __future__ import annotations

import signal
import threading
import time
import warnings

import numpy as np

from .checks.base import CALL_LIMIT_SECONDS, cases_from_plain, cases_to_plain
from .checks.calling import call_answer, lifted
from .checks.feedback import CheckFailed, Verdict
from .checks.judge import verdict as judge_verdict
from .checks.tasks import TASKS

__all__ = [
    "CheckFailed",
    "CALL_LIMIT_SECONDS",
    "STOP_AFTER_SECONDS",
    "run",
    "verdict",
    "perceptron_step",
    "perceptron_predict",
    "perceptron_learns_and",
    "mse",
    "mse_gradient",
    "sym_neuron_gradient",
    "gd_step",
    "sgd_epoch",
    "minibatch_epoch",
    "delta",
    "delta_rule_step",
    "neuron_gradient",
    "output_delta",
    "hidden_delta",
    "backward",
    "xor_network",
    "forward_pass",
    "xor_by_hand",
    "xor_conditions",
    "largest_stable_eta",
    "sigmoid_slope",
    "tanh_slope",
    "deep_forward",
    "deep_backward",
    "deep_train",
    "he_std",
    "layer_deltas",
    "accuracy",
    "hand_gradient",
    "engine_sum_product",
    "engine_all_ops",
    "neuron_by_values",
]

# The grader's limit on one call of an answer (one test case) is CALL_LIMIT_SECONDS (from
# bplab.checks.base, which the grader reads too). A self-check warns when a call takes longer.
# A self-check stops a call that runs this long (an endless loop?) where the operating system
# lets it (a SIGALRM timer, main thread only); elsewhere it can only warn afterwards.
STOP_AFTER_SECONDS = 3 * CALL_LIMIT_SECONDS


class _TooSlow(BaseException):
    """Raised into a call that ran past ``STOP_AFTER_SECONDS``; a BaseException, so that an
    answer's own ``except Exception`` does not swallow it."""


def _reference(name: str, args: tuple, kwargs: dict):
    """A stand-in for an earlier answer: the reference of the question of that name, run with
    the package's switched-off functions back on (references are written with them)."""
    with lifted():
        return TASKS[name].reference(*args, **kwargs)


def _can_stop() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _timed_call(task, answer, case, stop_after: float) -> dict:
    """``call_answer`` on one case, stopped after ``stop_after`` seconds where possible."""
    if not _can_stop() or stop_after <= 0:
        return call_answer(
            task.spec(),
            answer,
            case,
            sealed_names=task.switched_off_in_self_check,
            uses=task.uses,
            reference=_reference,
        )

    def alarm(signum, frame):
        raise _TooSlow()

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, stop_after)
    start = time.perf_counter()
    try:
        return call_answer(
            task.spec(),
            answer,
            case,
            sealed_names=task.switched_off_in_self_check,
            uses=task.uses,
            reference=_reference,
        )
    except _TooSlow:
        return {"stopped": True, "seconds": time.perf_counter() - start}
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def verdict(name: str, answer, *, seed: int = 0, stop_after: float | None = None) -> Verdict:
    """The ``Verdict`` on ``answer`` for question ``name``, on test cases made from ``seed``.

    ``details["seconds"]`` holds the slowest call; a call stopped after ``stop_after`` seconds
    (default ``STOP_AFTER_SECONDS``) fails with a message saying so."""
    if stop_after is None:
        stop_after = STOP_AFTER_SECONDS
    if name not in TASKS:
        raise ValueError(f"unknown question {name!r}; the questions are {', '.join(TASKS)}")
    task = TASKS[name]
    cases = task.cases(np.random.default_rng(seed))
    # the answer sees the same plain copies the grader would send into the sandbox
    given = cases_from_plain(cases_to_plain(cases))
    raws = []
    for c in given:
        raw = _timed_call(task, answer, c, stop_after)
        if raw.get("stopped"):
            return Verdict(
                False,
                f"{name}: stopped after {stop_after:g} s on one test case - is there an endless "
                f"loop (a `while` whose condition never turns false)? The grader allows "
                f"{CALL_LIMIT_SECONDS:g} s a call.",
                "too slow",
                {"seconds": raw["seconds"]},
            )
        raws.append(raw)
    v = judge_verdict(task, cases, raws)
    v.details["seconds"] = max((r.get("seconds", 0.0) for r in raws), default=0.0)
    return v


def run(name: str, answer, *, seed: int = 0, quiet: bool = False) -> None:
    """Check ``answer`` against question ``name`` on test cases made from ``seed``: print the
    tutor's verdict, or raise ``CheckFailed`` with it."""
    v = verdict(name, answer, seed=seed)
    slow = v.details.get("seconds", 0.0)
    if v.passed and slow > CALL_LIMIT_SECONDS:
        warnings.warn(
            f"{name}: one call of your answer took {slow:.1f} s; the grader stops a call after "
            f"{CALL_LIMIT_SECONDS:g} s, so it would fail there. Make it faster (fewer epochs, "
            "no Python loop over the samples where a matrix product does it).",
            stacklevel=3,
        )
    if not v:
        raise CheckFailed(v.message)
    if not quiet:
        print(v.message)


def perceptron_step(answer, *, seed: int = 0) -> None:
    """Check your answer: perceptron_step(w, b, x, t, eta) -> (new w, new b)."""
    run("perceptron_step", answer, seed=seed)


def perceptron_predict(answer, *, seed: int = 0) -> None:
    """Check your answer: perceptron_predict(w, b, X) -> y of shape (N,), 0 or 1."""
    run("perceptron_predict", answer, seed=seed)


def perceptron_learns_and(answer, *, seed: int = 0) -> None:
    """Check your answer: train_perceptron_on(X, t) -> (w, b) that classify AND."""
    run("perceptron_learns_and", answer, seed=seed)


def mse(answer, *, seed: int = 0) -> None:
    """Check your answer: mse(Y, T) -> E = 1/(2N) sum (t - y)^2."""
    run("mse", answer, seed=seed)


def mse_gradient(answer, *, seed: int = 0) -> None:
    """Check your answer: mse_gradient(Y, T) -> dE/dY, shape (N, l)."""
    run("mse_gradient", answer, seed=seed)


def sym_neuron_gradient(answer, *, seed: int = 0) -> None:
    """Check your answer: dE_dw: sympy expression for dE/dw of E = (t - sigmoid(w x + b))^2 / 2."""
    run("sym_neuron_gradient", answer, seed=seed)


def gd_step(answer, *, seed: int = 0) -> None:
    """Check your answer: gd_step(A, y, theta, alpha) -> theta after one batch step."""
    run("gd_step", answer, seed=seed)


def sgd_epoch(answer, *, seed: int = 0) -> None:
    """Check your answer:
    sgd_epoch(A, y, theta, alpha, order) -> theta after one step per sample, in order."""
    run("sgd_epoch", answer, seed=seed)


def minibatch_epoch(answer, *, seed: int = 0) -> None:
    """Check your answer:
    minibatch_epoch(A, y, theta, alpha, order, k) -> theta after one pass in batches of k."""
    run("minibatch_epoch", answer, seed=seed)


def delta(answer, *, seed: int = 0) -> None:
    """Check your answer:
    delta(W, b, X, T) -> the learning signal (T - Y) * f'(net) of a sigmoid layer."""
    run("delta", answer, seed=seed)


def delta_rule_step(answer, *, seed: int = 0) -> None:
    """Check your answer: delta_rule_step(W, b, X, T, eta) -> (new W, new b) for a sigmoid layer."""
    run("delta_rule_step", answer, seed=seed)


def neuron_gradient(answer, *, seed: int = 0) -> None:
    """Check your answer:
    neuron_gradient(w, b, x, t) -> (dE/dw, dE/db) of E = (t - y)^2 / 2, y = sigmoid(x . w + b)."""
    run("neuron_gradient", answer, seed=seed)


def output_delta(answer, *, seed: int = 0) -> None:
    """Check your answer: output_delta(net, Y, T) -> delta of a sigmoid output layer."""
    run("output_delta", answer, seed=seed)


def hidden_delta(answer, *, seed: int = 0) -> None:
    """Check your answer:
    hidden_delta(delta_next, W_next, net) -> delta of a sigmoid hidden layer."""
    run("hidden_delta", answer, seed=seed)


def backward(answer, *, seed: int = 0) -> None:
    """Check your answer:
    backward(W1, b1, W2, b2, X, T) -> (dE/dW1, dE/db1, dE/dW2, dE/db2), sigmoid 2-layer net."""
    run("backward", answer, seed=seed)


def xor_network(answer, *, seed: int = 0) -> None:
    """Check your answer: train_xor(rng) -> a trained network whose predict(X) solves XOR."""
    run("xor_network", answer, seed=seed)


def forward_pass(answer, *, seed: int = 0) -> None:
    """Check your answer:
    forward_pass(W1, b1, W2, b2, X) -> (H, Y): hidden and output of a sigmoid 2-layer net."""
    run("forward_pass", answer, seed=seed)


def xor_by_hand(answer, *, seed: int = 0) -> None:
    """Check your answer: (W1, b1, W2, b2) of a 2-2-1 step network that computes XOR."""
    run("xor_by_hand", answer, seed=seed)


def xor_conditions(answer, *, seed: int = 0) -> None:
    """Check your answer:
    xor_conditions(w1, w2, theta) -> which of XOR's 4 conditions the unit meets, 1.0 or 0.0."""
    run("xor_conditions", answer, seed=seed)


def largest_stable_eta(answer, *, seed: int = 0) -> None:
    """Check your answer:
    largest_stable_eta(A) -> the step-size limit of gradient descent on 1/2 w.T A w - b.T w."""
    run("largest_stable_eta", answer, seed=seed)


def sigmoid_slope(answer, *, seed: int = 0) -> None:
    """Check your answer: sigmoid_slope: sympy expression in s = sigmoid(z) equal to sigmoid'(z)."""
    run("sigmoid_slope", answer, seed=seed)


def tanh_slope(answer, *, seed: int = 0) -> None:
    """Check your answer: tanh_slope: sympy expression in t = tanh(z) equal to tanh'(z)."""
    run("tanh_slope", answer, seed=seed)


def deep_forward(answer, *, seed: int = 0) -> None:
    """Check your answer:
    deep_forward(weights, biases, X) -> [X, Y1, ..., YL], every layer a sigmoid."""
    run("deep_forward", answer, seed=seed)


def deep_backward(answer, *, seed: int = 0) -> None:
    """Check your answer:
    deep_backward(weights, biases, X, T) -> ([dE/dW1, ...], [dE/db1, ...]), sigmoid layers."""
    run("deep_backward", answer, seed=seed)


def deep_train(answer, *, seed: int = 0) -> None:
    """Check your answer:
    deep_train(weights, biases, X, T, eta, epochs) -> (weights, biases, losses)."""
    run("deep_train", answer, seed=seed)


def he_std(answer, *, seed: int = 0) -> None:
    """Check your answer: he_std(sizes) -> He's standard deviation sqrt(2 / n_in) per layer."""
    run("he_std", answer, seed=seed)


def layer_deltas(answer, *, seed: int = 0) -> None:
    """Check your answer:
    layer_deltas(weights, X, T, activation) -> ||delta|| of every layer, input side first."""
    run("layer_deltas", answer, seed=seed)


def accuracy(answer, *, seed: int = 0) -> None:
    """Check your answer: accuracy(Y, labels) -> fraction of rows whose largest output is right."""
    run("accuracy", answer, seed=seed)


def hand_gradient(answer, *, seed: int = 0) -> None:
    """Check your answer: df_da, a sympy expression for df/da of f(a, b) = a * tanh(a * b)."""
    run("hand_gradient", answer, seed=seed)


def engine_sum_product(answer, *, seed: int = 0) -> None:
    """Check your class Value (+, * and backward) on random expressions with fan-out."""
    run("engine_sum_product", answer, seed=seed)


def engine_all_ops(answer, *, seed: int = 0) -> None:
    """Check your class Value (+ * ** tanh exp, - and / built from them) with backward()."""
    run("engine_all_ops", answer, seed=seed)


def neuron_by_values(answer, *, seed: int = 0) -> None:
    """Check your answer: neuron_by_values(w, b, x, t) -> (dE/dw, dE/db) of a tanh neuron,
    E = (t - y)^2 / 2, computed by building E from Values and calling backward()."""
    run("neuron_by_values", answer, seed=seed)
