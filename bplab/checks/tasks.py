"""The graded questions of the exercise notebooks, one module per chapter, collected here.

Each question is a ``bplab.checks.base.Task``: how to make its test cases, how to call the
student's answer, the reference answer, the package functions it switches off (``sealed``), the
earlier questions whose answers it calls (``uses``) and the judge that names the mistake. The
chapter modules hold them:

``ch01_perceptron``  perceptron_predict, perceptron_step, perceptron_learns_and, xor_conditions
``ch02_costs``       mse, mse_gradient, sym_neuron_gradient
``ch03_descent``     gd_step, sgd_epoch, minibatch_epoch, largest_stable_eta
``ch04_delta``       delta, delta_rule_step, neuron_gradient, sigmoid_slope, tanh_slope
``ch05_backprop``    output_delta, hidden_delta, backward
``ch06_xor``         forward_pass, xor_by_hand, xor_network, deep_forward, deep_backward,
                     deep_train
``ch07_beyond``      he_std, layer_deltas, accuracy
``ch09_reverse_mode`` hand_gradient, engine_sum_product, engine_all_ops, neuron_by_values
"""

from __future__ import annotations

import dataclasses

from . import (
    ch01_perceptron,
    ch02_costs,
    ch03_descent,
    ch04_delta,
    ch05_backprop,
    ch06_xor,
    ch07_beyond,
    ch09_reverse_mode,
)
from .base import Task

# Which questions share a notebook: the exercise notebook (its file name without .ipynb) and its
# chapter module's questions. The grader removes from the sandbox's package, for a whole notebook,
# the union of its questions' ``sealed`` functions (bplab.grading.grade.sealed_names), so every
# question of that notebook is graded with all of them off. ``_notebook_wide`` switches the same
# union off while each question's answer runs in a self-check (its ``notebook_sealed``), so that the
# self-check in the notebook says what the grader will say (an answer to neuron_by_values built on
# bp.autodiff.Value, which engine_sum_product seals, fails both). tests/checks/test_catalogue.py
# holds this table to the solution notebooks.
NOTEBOOKS: dict[str, tuple[str, ...]] = {
    "01_neuron_and_perceptron": tuple(ch01_perceptron.TASKS),
    "02_cost_functions": tuple(ch02_costs.TASKS),
    "03_gradient_descent": tuple(ch03_descent.TASKS),
    "04_delta_rule": tuple(ch04_delta.TASKS),
    "05_deriving_backprop": tuple(ch05_backprop.TASKS),
    "06_solving_xor": tuple(ch06_xor.TASKS),
    "07_beyond": tuple(ch07_beyond.TASKS),
    "09_reverse_mode": tuple(ch09_reverse_mode.TASKS),
}


def _notebook_wide(tasks: dict[str, Task]) -> dict[str, Task]:
    """Each question with its notebook's union of ``sealed`` switched off in memory as well."""
    out = dict(tasks)
    for names in NOTEBOOKS.values():
        union = tuple(dict.fromkeys(n for name in names for n in tasks[name].sealed))
        for name in names:
            task = tasks[name]
            extra = tuple(n for n in union if n not in task.switched_off)
            if extra:
                out[name] = dataclasses.replace(task, notebook_sealed=extra)
    return out


TASKS: dict[str, Task] = _notebook_wide(
    {
        **ch01_perceptron.TASKS,
        **ch02_costs.TASKS,
        **ch03_descent.TASKS,
        **ch04_delta.TASKS,
        **ch05_backprop.TASKS,
        **ch06_xor.TASKS,
        **ch07_beyond.TASKS,
        **ch09_reverse_mode.TASKS,
    }
)

__all__ = ["NOTEBOOKS", "TASKS"]
