"""Exercise 09's engine questions graded for real, in the sandbox: the student's class is built
and run there, and judged here. A class that hands the work to chapter 09's engine, one that
reaches for the judge's own module, and one that returns fixed numbers earn nothing; the other
questions of the same notebook keep their points."""

import shutil
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT, needs_bwrap, scores

from bplab.grading import grade

NAME = "09_reverse_mode.ipynb"
ENGINE_TESTS = ("engine_sum_product_test", "engine_all_ops_test")

PACKAGE_VALUE = "from bplab.autodiff import Value\n"
SUBCLASS = "import bplab.autodiff\n\n\nclass Value(bplab.autodiff.Value):\n    pass\n"
# the judge's module exists in the student's kernel (the self-checks), never in the sandbox
JUDGES_MODULE = (
    "from bplab.checks.ch09_reverse_mode import engine_result\n\n"
    "class Value:\n    judge = engine_result\n"
)
FIXED = (
    "class Value:\n"
    "    def __init__(self, data, _parents=()):\n"
    "        self.data, self.grad = 1.0, 1.0\n"
    "    def __add__(self, other):\n        return Value(0)\n"
    "    __mul__ = __radd__ = __rmul__ = __sub__ = __truediv__ = __pow__ = __add__\n"
    "    def __neg__(self):\n        return Value(0)\n"
    "    def tanh(self):\n        return Value(0)\n"
    "    exp = tanh\n"
    "    def backward(self):\n        pass\n"
)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    source = tmp_path_factory.mktemp("source")
    shutil.copy(ROOT / "solutions" / NAME, source / NAME)
    sources = grade.load_sources(source)
    return sources, grade.make_builds(sources, tmp_path_factory.mktemp("sealed"))


def handed_in(tmp_path: Path, engine_source: str | None, answer: str = "engine_answer") -> Path:
    nb = nbformat.read(ROOT / "solutions" / NAME, as_version=4)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == answer and engine_source:
            cell.source = engine_source
    path = tmp_path / NAME
    nbformat.write(nb, path)
    return path


def graded(tmp_path, built, engine_source=None, answer="engine_answer"):
    sources, builds = built
    return grade.grade_notebook(
        handed_in(tmp_path, engine_source, answer), sources, builds, seed=3, cell_timeout=30
    )


@needs_bwrap
def test_the_solution_scores_full_marks_in_the_sandbox(tmp_path, built):
    r = graded(tmp_path, built)
    assert r.score == r.max_score, [t.message for t in r.tests if not t.passed]


@needs_bwrap
@pytest.mark.parametrize(
    "engine",
    [PACKAGE_VALUE, SUBCLASS, JUDGES_MODULE, FIXED],
    ids=["package", "subclass", "judge", "fixed"],
)
def test_a_class_that_does_no_work_earns_nothing(tmp_path, built, engine):
    r = graded(tmp_path, built, engine)
    got = scores(r)
    assert all(got[t] == 0 for t in ENGINE_TESTS), got
    assert got["hand_gradient_test"] == 2, got  # the other questions keep their points
    messages = {t.grade_id: t.message for t in r.tests}
    if engine in (PACKAGE_VALUE, SUBCLASS):
        assert "switched off" in messages["engine_sum_product_test"], messages


HAND_WRITTEN_NEURON = (
    "def neuron_by_values(w, b, x, t):\n"
    "    y = np.tanh(x @ w + b)\n"
    "    g = -(t - y) * (1 - y**2)\n"
    "    return g * x, float(g)\n"
)


@needs_bwrap
def test_a_neuron_gradient_written_by_hand_earns_nothing(tmp_path, built):
    """The right numbers, but never from the engine: question 4 asks E.backward() for them."""
    r = graded(tmp_path, built, HAND_WRITTEN_NEURON, answer="neuron_by_values_answer")
    got = scores(r)
    assert got["neuron_by_values_test"] == 0, got
    assert got["engine_all_ops_test"] == 3, got  # the other questions keep their points
    message = {t.grade_id: t.message for t in r.tests}["neuron_by_values_test"]
    assert "never calls Value.backward()" in message and "engine not used" in message, message
