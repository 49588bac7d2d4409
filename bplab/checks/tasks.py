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

TASKS: dict[str, Task] = {
    **ch01_perceptron.TASKS,
    **ch02_costs.TASKS,
    **ch03_descent.TASKS,
    **ch04_delta.TASKS,
    **ch05_backprop.TASKS,
    **ch06_xor.TASKS,
    **ch07_beyond.TASKS,
    **ch09_reverse_mode.TASKS,
}

__all__ = ["TASKS"]
