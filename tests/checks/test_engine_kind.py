"""The "engine" answer kind (exercise 09): the grader's own sweep agrees with chapter 09's engine,
the simulated mistaken engines are the skeleton's engine when nothing is mistaken, and the
plumbing around it (text in cases, sealing a method met twice, the expression shown) holds."""

import math

import numpy as np
import pytest

import bplab as bp
from bplab.check import verdict
from bplab.checks import ch09_reverse_mode as ch09
from bplab.checks import judge
from bplab.checks.base import cases_from_plain, cases_to_plain, from_plain, to_plain
from bplab.checks.calling import ENGINE_OPS, call_answer, run_engine, sealed
from bplab.checks.tasks import TASKS

ENGINE_TASKS = ("engine_sum_product", "engine_all_ops")


def _cases(name, seeds=range(10)):
    return [c for s in seeds for c in TASKS[name].cases(np.random.default_rng(s))]


@pytest.mark.parametrize("name", ENGINE_TASKS)
def test_the_judges_sweep_agrees_with_chapter_09s_engine(name):
    for c in _cases(name):
        data, grads = run_engine(bp.autodiff.Value, c["program"], c["inputs"])
        want_data, want_grads = ch09.engine_result(c["program"], c["inputs"])
        assert math.isclose(data, want_data, rel_tol=1e-12, abs_tol=1e-12)
        np.testing.assert_allclose(grads, want_grads, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name", ENGINE_TASKS)
def test_the_simulated_engine_without_slips_is_right(name):
    for c in _cases(name):
        data, grads = ch09._simulate(c["program"], c["inputs"])
        want_data, want_grads = ch09.engine_result(c["program"], c["inputs"])
        assert math.isclose(data, want_data, rel_tol=1e-12)
        np.testing.assert_allclose(grads, want_grads, rtol=1e-10, atol=1e-12)


def test_the_judges_sweep_agrees_with_central_differences():
    c = ch09._fan_out_all_case(np.random.default_rng(0))
    _, grads = ch09.engine_result(c["program"], c["inputs"])
    h = 1e-6
    for i in range(len(c["inputs"])):
        up, down = c["inputs"].copy(), c["inputs"].copy()
        up[i] += h
        down[i] -= h
        slope = (
            ch09.engine_result(c["program"], up, grads=False)
            - ch09.engine_result(c["program"], down, grads=False)
        ) / (2 * h)
        assert math.isclose(grads[i], slope, rel_tol=1e-6, abs_tol=1e-8)


def test_cases_use_every_operation_and_fan_out():
    ops, fan_out = set(), False
    for c in _cases("engine_all_ops", range(5)):
        program = c["program"]
        ops |= {ENGINE_OPS[int(op)] for op in program[:, 0]}
        used = np.concatenate([program[:, 1], program[:, 2]]).astype(int)
        fan_out |= (np.bincount(used) > 1).any()
    assert {"add", "mul", "pow", "tanh", "exp", "sub", "div"} <= ops
    assert fan_out


class Fixed:
    """A hostile class: every operation and every grad is a fixed number."""

    def __init__(self, data, _parents=()):
        self.data, self.grad = 1.0, 1.0

    def __add__(self, other):
        return Fixed(0)

    __mul__ = __radd__ = __rmul__ = __sub__ = __truediv__ = __pow__ = __add__

    def __neg__(self):
        return Fixed(0)

    def tanh(self):
        return Fixed(0)

    exp = tanh

    def backward(self):
        pass


@pytest.mark.parametrize("name", ENGINE_TASKS)
def test_a_class_of_fixed_numbers_fails(name):
    v = verdict(name, Fixed)
    assert not v and "not the expected values" in v.message


@pytest.mark.parametrize("name", ENGINE_TASKS)
def test_the_package_engine_is_switched_off(name):
    assert "bplab.autodiff:Value.backward" in ch09.SEALED
    v = verdict(name, bp.autodiff.Value)
    assert not v and v.mistake == "package does the work", v.message

    class Sub(bp.autodiff.Value):
        pass

    assert verdict(name, Sub).mistake == "package does the work"
    # and switched on again afterwards
    x = bp.autodiff.Value(2.0)
    (x * x).backward()
    assert x.grad == 4.0


def test_an_answer_that_is_not_a_class_is_an_error():
    c = _cases("engine_sum_product", [0])[0]
    out = call_answer(TASKS["engine_sum_product"].spec(), lambda *a: 1.0, c)
    assert out["error"].startswith("TypeError") and "class Value" in out["error"]


def test_text_travels_in_cases_but_never_in_answers():
    back = cases_from_plain(cases_to_plain([{"activation": "relu", "x": np.arange(3.0)}]))[0]
    assert back["activation"] == "relu" and np.array_equal(back["x"], np.arange(3.0))
    assert isinstance(from_plain(to_plain("relu")), str)  # an Unknown: a description, not data
    assert from_plain(to_plain("relu")).startswith("str")


def test_a_function_sealed_under_two_names_comes_back():
    before = bp.autodiff.Value.__add__.__code__
    with sealed(["bplab.autodiff:Value.__add__", "bplab.autodiff:Value.__add__"]):
        with pytest.raises(RuntimeError, match="write this yourself"):
            bp.autodiff.Value(1.0) + 1.0
    assert bp.autodiff.Value.__add__.__code__ is before


def test_a_failing_engine_check_shows_its_expression():
    c = ch09._fan_out_case(np.random.default_rng(0))
    text = ch09.describe_program(c["program"], c["inputs"])
    assert text.count("\n") == len(c["program"]) + 1 and "f = " in text and "f.backward()" in text
    wrong = ch09._simulate(c["program"], c["inputs"], assign=ch09.OPS)
    v = TASKS["engine_sum_product"].judge(c, wrong)
    assert v.mistake == "overwrote the gradient at fan-out" and "x0 = Value(" in v.message


def test_a_neuron_built_on_the_package_engine_fails_the_self_check_as_it_fails_the_grader():
    """The grader removes engine_sum_product's seals for the whole of notebook 09, so an answer to
    neuron_by_values built on bp.autodiff.Value gets 0 there; its self-check must say the same."""

    def neuron_by_values(w, b, x, t):
        ws = [bp.autodiff.Value(float(wi)) for wi in w]
        bv = bp.autodiff.Value(float(b))
        net = bv
        for wi, xi in zip(ws, x):
            net = net + wi * float(xi)
        E = (t - net.tanh()) ** 2 * 0.5
        E.backward()
        return np.array([wi.grad for wi in ws]), float(bv.grad)

    v = verdict("neuron_by_values", neuron_by_values)
    assert not v and v.mistake == "package does the work", v.message


def _engine_slip(slip):
    import right_07_09 as right

    class Slipped(right.Value):
        def _make(self, data, parents, locals_):  # every node of this class, not the right one
            out = Slipped(data, parents)

            def _backward():
                for parent, local in zip(parents, locals_):
                    parent.grad += local * out.grad

            out._backward = _backward
            return out

        def backward(self):  # the skeleton's order: a recursive post-order, run reversed
            topo, seen = [], set()

            def build(v):
                if id(v) not in seen:
                    seen.add(id(v))
                    for p in v._parents:
                        build(p)
                    topo.append(v)

            build(self)
            self.grad = 1.0
            for v in reversed(topo):
                v._backward()

    if slip == "pow assigns":

        def __pow__(self, n):
            out = Slipped(self.data**n, (self,))

            def _backward():
                self.grad = n * self.data ** (n - 1) * out.grad  # = for +=

            out._backward = _backward
            return out

        Slipped.__pow__ = __pow__
    else:  # tanh's out made without x as its parent

        def tanh(self):
            t = math.tanh(self.data)
            out = Slipped(t)

            def _backward():
                self.grad += (1 - t * t) * out.grad

            out._backward = _backward
            return out

        Slipped.tanh = tanh
    return Slipped


@pytest.mark.parametrize(
    "slip, mistake",
    [("pow assigns", "overwrote the gradient at fan-out")],
)
def test_engine_all_ops_names_a_slip_in_one_op_on_every_seed(slip, mistake):
    # the self-check (seed 0) and the grader (other seeds) must name it alike; an `=` slip
    # depends on the order the consumers run in, here the skeleton's (recursive post-order)
    for seed in range(4):
        v = verdict("engine_all_ops", _engine_slip(slip), seed=seed)
        assert not v and v.mistake == mistake, v.message


def test_a_neuron_that_never_calls_backward_is_told_so():
    import right_07_09 as right

    def neuron_by_values(w, b, x, t):
        ws, bias = [right.Value(v) for v in w], right.Value(b)
        net = bias + sum((wi * float(xi) for wi, xi in zip(ws, x)), right.Value(0.0))
        E = 0.5 * (t - net.tanh()) ** 2  # noqa: F841 - E.backward() forgotten
        return np.array([wi.grad for wi in ws]), bias.grad

    v = verdict("neuron_by_values", neuron_by_values)
    assert not v and v.mistake == "no gradient reached the inputs", v.message
    assert "E.backward()" in v.message


HAND_WRITTEN = """
def neuron_by_values(w, b, x, t):
    y = np.tanh(x @ w + b)
    g = -(t - y) * (1 - y * y)
    return g * x, float(g)
"""


def test_a_gradient_written_by_hand_is_told_the_engine_was_not_used():
    """neuron_by_values asks the student's engine for the gradient: the same numbers by formula
    never call Value.backward, and are told so; the engine's answer passes, and the class is
    left as it was (the count is taken only while the answer runs)."""
    import right_07_09 as right

    task = TASKS["neuron_by_values"]
    assert task.spec()["must_call"] == ["Value.backward"]
    cases = task.cases(np.random.default_rng(0))
    namespace = {"np": np, "Value": right.Value}  # a notebook's: the student's class beside it
    exec(HAND_WRITTEN, namespace)
    hand, backward = namespace["neuron_by_values"], right.Value.__dict__["backward"]
    raws = [call_answer(task.spec(), hand, c) for c in cases]
    assert all(r.get("uncalled") == "Value.backward" for r in raws)
    v = judge.verdict(task, cases, raws)
    assert not v and v.mistake == "engine not used", v
    assert "never calls Value.backward()" in v.message
    engine = right.RIGHT["neuron_by_values"]  # its globals hold the class, as a notebook's do
    raws = [call_answer(task.spec(), engine, c) for c in cases]
    assert not any("uncalled" in r for r in raws)
    assert judge.verdict(task, cases, raws), judge.verdict(task, cases, raws).message
    assert right.Value.__dict__["backward"] is backward
