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

import numpy as np

from .checks.base import cases_from_plain, cases_to_plain
from .checks.calling import call_answer
from .checks.feedback import CheckFailed
from .checks.judge import verdict
from .checks.tasks import TASKS

__all__ = ["CheckFailed", "run", "perceptron_step", "perceptron_predict", "perceptron_learns_and", "mse", "mse_gradient", "sym_neuron_gradient", "gd_step", "sgd_epoch", "minibatch_epoch", "delta", "delta_rule_step", "neuron_gradient", "output_delta", "hidden_delta", "backward", "xor_network", "forward_pass", "xor_by_hand"]


def _reference(name: str, args: tuple, kwargs: dict):
    """A stand-in for an earlier answer: the reference of the question of that name."""
    return TASKS[name].reference(*args, **kwargs)


def run(name: str, answer, *, seed: int = 0, quiet: bool = False) -> None:
    """Check ``answer`` against question ``name`` on test cases made from ``seed``."""
    if name not in TASKS:
        raise ValueError(f"unknown question {name!r}; the questions are {', '.join(TASKS)}")
    task = TASKS[name]
    cases = task.cases(np.random.default_rng(seed))
    # the answer sees the same plain copies the grader would send into the sandbox
    given = cases_from_plain(cases_to_plain(cases))
    raws = [
        call_answer(task.spec(), answer, c, sealed_names=task.sealed, uses=task.uses,
                    reference=_reference)
        for c in given
    ]
    v = verdict(task, cases, raws)
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
    """Check your answer: sgd_epoch(A, y, theta, alpha, order) -> theta after one step per sample, in order."""
    run("sgd_epoch", answer, seed=seed)


def minibatch_epoch(answer, *, seed: int = 0) -> None:
    """Check your answer: minibatch_epoch(A, y, theta, alpha, order, k) -> theta after one pass in batches of k."""
    run("minibatch_epoch", answer, seed=seed)


def delta(answer, *, seed: int = 0) -> None:
    """Check your answer: delta(W, b, X, T) -> the learning signal (T - Y) * f'(net) of a sigmoid layer."""
    run("delta", answer, seed=seed)


def delta_rule_step(answer, *, seed: int = 0) -> None:
    """Check your answer: delta_rule_step(W, b, X, T, eta) -> (new W, new b) for a sigmoid layer."""
    run("delta_rule_step", answer, seed=seed)


def neuron_gradient(answer, *, seed: int = 0) -> None:
    """Check your answer: neuron_gradient(w, b, x, t) -> (dE/dw, dE/db) of E = (t - y)^2 / 2, y = sigmoid(x . w + b)."""
    run("neuron_gradient", answer, seed=seed)


def output_delta(answer, *, seed: int = 0) -> None:
    """Check your answer: output_delta(net, Y, T) -> delta of a sigmoid output layer."""
    run("output_delta", answer, seed=seed)


def hidden_delta(answer, *, seed: int = 0) -> None:
    """Check your answer: hidden_delta(delta_next, W_next, net) -> delta of a sigmoid hidden layer."""
    run("hidden_delta", answer, seed=seed)


def backward(answer, *, seed: int = 0) -> None:
    """Check your answer: backward(W1, b1, W2, b2, X, T) -> (dE/dW1, dE/db1, dE/dW2, dE/db2), sigmoid 2-layer net."""
    run("backward", answer, seed=seed)


def xor_network(answer, *, seed: int = 0) -> None:
    """Check your answer: train_xor(rng) -> a trained network whose predict(X) solves XOR."""
    run("xor_network", answer, seed=seed)


def forward_pass(answer, *, seed: int = 0) -> None:
    """Check your answer: forward_pass(W1, b1, W2, b2, X) -> (H, Y): hidden and output of a sigmoid 2-layer net."""
    run("forward_pass", answer, seed=seed)


def xor_by_hand(answer, *, seed: int = 0) -> None:
    """Check your answer: (W1, b1, W2, b2) of a 2-2-1 step network that computes XOR."""
    run("xor_by_hand", answer, seed=seed)
