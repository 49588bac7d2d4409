"""Exercise checks that answer like a tutor (layer 4 of the package).

``base``: what a graded question is, and the plain data that crosses the sandbox boundary;
``calling``: the side that runs where the student's code runs (kernel or sandbox);
``judge``: the grader's side, from what came back to a verdict;
``feedback``: comparing with the reference and with the named mistakes (``MISTAKES``);
``helpers``: building a question from its reference and catalogue of wrong answers, cases that
tell them apart, judging answers of several parts;
``ch01_perceptron`` ... ``ch06_xor``: the questions of each exercise notebook;
``tasks``: all of them, ``TASKS``;
``credit``: the share of a question's points an answer of several parts earns.
Students call them through ``bplab.check``.
"""

from .tasks import TASKS

__all__ = ["TASKS"]
