"""bplab: the package behind the backpropagation course.

``import bplab as bp`` loads only the numpy layer (activations, costs, the network, learning rules,
gradient descent, gradient checking, data sets). The other layers are imported by the modules that
need them: ``bplab.symbolic`` (sympy), ``bplab.display`` (matplotlib, ipywidgets), ``bplab.check``
and ``bplab.feedback`` (exercise checks), ``bplab.grade`` and ``bplab.assignments`` (nbclient).
"""

from . import datasets, ensemble
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
from .costs import COSTS, Cost, d_mse, get_cost, mse
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
