"""bplab: the package behind the backpropagation course.

``import bplab as bp`` loads only the maths (numpy): activations, costs, the network and its one
backprop (``network``), the stack of many networks (``ensemble``), a scalar reverse-mode engine
(``autodiff``), the perceptron and Delta rules,
gradient descent for linear regression, gradient checking, data sets. The other layers live in
folders of their own and are imported by what needs them:

- ``bplab.symbolic``: derivations and proofs with sympy;
- ``bplab.chapters``: helpers for particular chapters (cost surfaces, experiments, the sources'
  mistakes);
- ``bplab.display``: plots and widgets (matplotlib, ipywidgets);
- ``bplab.check`` and ``bplab.checks``: the exercises' self-checks and their questions;
- ``bplab.grading``: the grader, its sandbox, the exercise maker and the student handout;
- ``bplab.lecture``: the slides builder.
"""

from . import autodiff, datasets, ensemble
from .activations import (
    ACTIVATIONS,
    Activation,
    d_linear,
    d_relu,
    d_sigmoid,
    d_step,
    d_tanh,
    get_activation,
    linear,
    relu,
    sigmoid,
    step,
    tanh,
)
from .costs import (
    CLASSIFICATION_COSTS,
    COSTS,
    Cost,
    cross_entropy,
    d_cross_entropy,
    d_mse,
    get_cost,
    mse,
)
from .gradcheck import gradient_check, numerical_gradients
from .linreg import (
    GDRun,
    design_matrix,
    gradient_descent,
    least_squares,
    lsq_cost,
    lsq_gradient,
    newton_step,
    standardize,
)
from .network import MLP, Gradients, History, Trace, TrainingDiverged
from .rules import DeltaStep, PerceptronRun, delta_rule_step, perceptron_step, train_perceptron

__version__ = "0.1.0"

__all__ = [
    "ACTIVATIONS",
    "Activation",
    "CLASSIFICATION_COSTS",
    "COSTS",
    "Cost",
    "DeltaStep",
    "GDRun",
    "Gradients",
    "History",
    "MLP",
    "PerceptronRun",
    "Trace",
    "TrainingDiverged",
    "autodiff",
    "cross_entropy",
    "d_cross_entropy",
    "d_linear",
    "d_mse",
    "d_relu",
    "d_sigmoid",
    "d_step",
    "d_tanh",
    "datasets",
    "ensemble",
    "delta_rule_step",
    "design_matrix",
    "get_activation",
    "get_cost",
    "gradient_check",
    "gradient_descent",
    "least_squares",
    "linear",
    "lsq_cost",
    "lsq_gradient",
    "mse",
    "newton_step",
    "numerical_gradients",
    "perceptron_step",
    "relu",
    "sigmoid",
    "standardize",
    "step",
    "tanh",
    "train_perceptron",
]
