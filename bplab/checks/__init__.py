"""Exercise checks that answer like a tutor (layer 4 of the package).

``base``: what a graded question is, and the plain data that crosses the sandbox boundary;
``calling``: the side that runs where the student's code runs (kernel or sandbox);
``judge``: the grader's side, from what came back to a verdict;
``feedback``: comparing with the reference and with the named mistakes;
``tasks``: the questions of the exercise notebooks.
Students call them through ``bplab.check``.
"""

from .tasks import TASKS

__all__ = ["TASKS"]
