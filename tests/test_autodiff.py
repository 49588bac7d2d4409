"""The scalar engine of chapter 09: every operation against central differences, fan-out, random
expressions and random networks against central differences and against MLP.backward, forward
mode equal to reverse mode, deep graphs, and the errors a student meets."""

import math
import sys

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import bplab as bp
from bplab.autodiff import Dual, Value, forward_gradient, reverse_gradient, topological_order
from bplab.chapters import reverse_mode as rm


def central(f, xs, h=1e-6):
    """Central differences of a function of a list of floats."""
    grads = []
    for i in range(len(xs)):
        up, down = list(xs), list(xs)
        up[i] += h
        down[i] -= h
        grads.append((f(up) - f(down)) / (2 * h))
    return grads


def as_float(f):
    """Evaluate f, written for Values, on floats: wrap them and read .data."""
    return lambda xs: f([Value(x) for x in xs]).data


# Each operation, at inputs where it is smooth: (name, f, inputs).
OPS = [
    ("add", lambda v: v[0] + v[1], [0.7, -1.3]),
    ("sub", lambda v: v[0] - v[1], [0.7, -1.3]),
    ("mul", lambda v: v[0] * v[1], [0.7, -1.3]),
    ("div", lambda v: v[0] / v[1], [0.7, -1.3]),
    ("pow int", lambda v: v[0] ** 3, [-0.8]),
    ("pow frac", lambda v: v[0] ** 0.5, [2.3]),
    ("pow neg", lambda v: v[0] ** -2, [1.7]),
    ("pow zero", lambda v: v[0] ** 0, [1.7]),
    ("neg", lambda v: -v[0], [0.4]),
    ("radd", lambda v: 2.0 + v[0], [0.4]),
    ("rsub", lambda v: 1 - v[0], [0.4]),
    ("rmul", lambda v: 2 * v[0], [0.4]),
    ("rdiv", lambda v: 3.0 / v[0], [0.4]),
    ("add number", lambda v: v[0] + 2, [0.4]),
    ("exp", lambda v: v[0].exp(), [0.9]),
    ("log", lambda v: v[0].log(), [0.9]),
    ("tanh", lambda v: v[0].tanh(), [0.9]),
    ("sigmoid", lambda v: v[0].sigmoid(), [0.9]),
    ("sigmoid negative", lambda v: v[0].sigmoid(), [-3.1]),
    ("relu on", lambda v: v[0].relu(), [0.9]),
    ("relu off", lambda v: v[0].relu(), [-0.9]),
    ("max first", lambda v: v[0].max(v[1]), [0.9, 0.2]),
    ("max second", lambda v: v[0].max(v[1]), [0.2, 0.9]),
]


@pytest.mark.parametrize("name,f,xs", OPS, ids=[o[0] for o in OPS])
def test_every_operation_against_central_differences(name, f, xs):
    value, grads = reverse_gradient(f, xs)
    assert value == pytest.approx(as_float(f)(xs), rel=1e-15)
    np.testing.assert_allclose(grads, central(as_float(f), xs), rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("name,f,xs", OPS, ids=[o[0] for o in OPS])
def test_forward_mode_equals_reverse_mode_on_every_operation(name, f, xs):
    v_value, v_grads = reverse_gradient(f, xs)
    d_value, d_grads = forward_gradient(f, xs)
    assert d_value == v_value
    np.testing.assert_allclose(d_grads, v_grads, rtol=1e-14, atol=0)


def test_values_match_math():
    z = Value(0.3)
    assert z.exp().data == math.exp(0.3) and z.tanh().data == math.tanh(0.3)
    assert z.sigmoid().data == pytest.approx(1 / (1 + math.exp(-0.3)), rel=1e-15)
    assert (Value(2.0) ** 3).data == 8.0 and (7 / Value(2.0)).data == 3.5


def test_sigmoid_is_stable_for_large_net_inputs():
    for z, y in [(-1000.0, 0.0), (1000.0, 1.0), (-40.0, math.exp(-40.0))]:
        v = Value(z)
        s = v.sigmoid()
        s.backward()
        assert s.data == pytest.approx(y, rel=1e-12, abs=1e-300)
        assert math.isfinite(v.grad) and v.grad >= 0.0
    assert Dual(-1000.0, 1.0).sigmoid().value == 0.0
    assert float(bp.sigmoid(np.array(-40.0))) == pytest.approx(Value(-40.0).sigmoid().data)


# ----------------------------------------------------------------------------- fan-out
def test_x_times_x_accumulates_both_uses():
    x = Value(3.0)
    y = x * x
    y.backward()
    assert x.grad == 6.0  # 2x: each use contributes x


def test_a_value_used_in_two_branches_gets_the_sum():
    x = Value(0.5)
    a = x.tanh()
    b = x.exp()
    E = a * b + x
    E.backward()
    expected = (1 - math.tanh(0.5) ** 2) * math.exp(0.5) + math.tanh(0.5) * math.exp(0.5) + 1
    assert x.grad == pytest.approx(expected, rel=1e-14)


def test_backward_twice_gives_the_same_grads():
    x = Value(1.5)
    E = x * x + x
    E.backward()
    first = x.grad
    E.backward()
    assert x.grad == first == 4.0


def test_x_plus_x_has_both_parents():
    x = Value(1.0)
    y = x + x
    assert y.parents == (x, x)
    y.backward()
    assert x.grad == 2.0


# ----------------------------------------------------------------------------- order
def test_topological_order_puts_every_node_after_its_parents():
    a, b = Value(1.0, label="a"), Value(2.0, label="b")
    c = a * b
    d = c + a
    e = d * c
    order = topological_order(e)
    assert order[-1] is e and len(order) == len({id(v) for v in order}) == 5
    where = {id(v): i for i, v in enumerate(order)}
    for v in order:
        assert all(where[id(p)] < where[id(v)] for p in v.parents)


def test_deep_chain_does_not_hit_the_recursion_limit():
    n = 10_000
    assert n > sys.getrecursionlimit()
    x = Value(0.0)
    y = x
    for _ in range(n):
        y = y + 1e-4 * y + 1.0  # two ops per step: 20 000 nodes deep
    y.backward()
    # y_k = 1.0001 y_{k-1} + 1, so dy/dx = 1.0001^n
    assert x.grad == pytest.approx(1.0001**n, rel=1e-10)
    assert y.data == pytest.approx((1.0001**n - 1) / 1e-4, rel=1e-10)


# ----------------------------------------------------------------------------- random expressions


ONE = {
    "exp": lambda a: (a * 0.5).exp(),
    "log": lambda a: (a * a + 0.5).log(),
    "tanh": lambda a: a.tanh(),
    "sigmoid": lambda a: a.sigmoid(),
    "neg": lambda a: -a,
    "square": lambda a: a**2,
    "relu": lambda a: a.relu(),
}
TWO = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / (b * b + 1.0),
    "max": lambda a, b: a.max(b),
}


def build(prog, v):
    """Evaluate a program on a list of scalars (Values, Duals): each instruction appends a node
    made from earlier ones (indices taken modulo the list), so nodes fan out at random."""
    nodes = list(v)
    for ins in prog:
        a = nodes[ins[1] % len(nodes)]
        if len(ins) == 2:
            nodes.append(ONE[ins[0]](a))
        else:
            nodes.append(TWO[ins[0]](a, nodes[ins[2] % len(nodes)]))
    return nodes


@st.composite
def expressions(draw):
    """A random expression of 3 inputs as a list of instructions, and the inputs."""
    xs = draw(st.lists(st.floats(-2, 2), min_size=3, max_size=3))
    prog = draw(
        st.lists(
            st.one_of(
                st.tuples(st.sampled_from(sorted(ONE)), st.integers(0, 20)),
                st.tuples(st.sampled_from(sorted(TWO)), st.integers(0, 20), st.integers(0, 20)),
            ),
            min_size=1,
            max_size=12,
        )
    )
    return prog, xs


def run(prog, v):
    """The sum of the nodes a program adds: one output that depends on all of them."""
    nodes = build(prog, v)
    return sum(nodes[len(v) :], nodes[0] * 0.0)


def near_kink(prog, xs, h=1e-4):
    """True if a relu or max input is within 10 h of its kink (a finite difference is no test)."""
    nodes = [v.data for v in build(prog, [Value(x) for x in xs])]
    seen = len(xs)
    for k, ins in enumerate(prog):
        a = nodes[ins[1] % (seen + k)]
        if ins[0] == "relu" and abs(a) < 10 * h:
            return True
        if ins[0] == "max" and abs(a - nodes[ins[2] % (seen + k)]) < 10 * h:
            return True
    return False


@given(expressions())
def test_random_expressions_against_central_differences(case):
    prog, xs = case
    assume(not near_kink(prog, xs))
    f = lambda v: run(prog, v)  # noqa: E731
    value, grads = reverse_gradient(f, xs)
    assume(math.isfinite(value) and abs(value) < 1e6)
    num = central(as_float(f), xs, h=1e-6)
    np.testing.assert_allclose(grads, num, rtol=1e-5, atol=1e-6)


@given(expressions())
def test_random_expressions_forward_equals_reverse(case):
    prog, xs = case
    f = lambda v: run(prog, v)  # noqa: E731
    value, grads = reverse_gradient(f, xs)
    d_value, d_grads = forward_gradient(f, xs)
    assert d_value == pytest.approx(value, rel=1e-12, abs=1e-12)
    np.testing.assert_allclose(d_grads, grads, rtol=1e-10, atol=1e-12)


# ----------------------------------------------------------------------------- random networks
@st.composite
def networks(draw):
    sizes = draw(st.lists(st.integers(1, 4), min_size=2, max_size=4))
    activation = draw(st.sampled_from(["sigmoid", "tanh", "relu", "linear"]))
    output_activation = draw(st.sampled_from(["sigmoid", "tanh", "linear", None]))
    N = draw(st.integers(1, 4))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    net = bp.MLP(sizes, activation=activation, output_activation=output_activation, rng=rng)
    for b in net.biases:
        b[...] = rng.uniform(-0.5, 0.5, size=b.shape)
    X = rng.uniform(-1, 1, size=(N, sizes[0]))
    T = rng.uniform(-1, 1, size=(N, sizes[-1]))
    return net, X, T


@given(networks())
def test_random_networks_of_values_equal_mlp_backward(case):
    net, X, T = case
    g = net.backward(net.forward(X), T)
    vn = rm.value_network(net, X, T)
    vn.E.backward()
    assert vn.E.data == pytest.approx(net.loss(X, T), rel=1e-12, abs=1e-15)
    N = X.shape[0]
    for i in range(len(net.weights)):
        np.testing.assert_allclose(vn.dW(i), g.dW[i], rtol=1e-9, atol=1e-13)
        np.testing.assert_allclose(vn.db(i), g.db[i], rtol=1e-9, atol=1e-13)
        # delta is the sensitivity of E to the net input: delta = -N dE/dnet
        np.testing.assert_allclose(-N * vn.dnet(i), g.deltas[i], rtol=1e-9, atol=1e-13)


@given(networks())
def test_random_networks_of_values_against_central_differences(case):
    net, X, T = case
    tr = net.forward(X)
    assume(
        not any(
            a.name == "relu" and (np.abs(z) < 1e-2).any()
            for a, z in zip(net.activations(), tr.nets)
        )
    )
    f = rm.cost_of_parameters(net, X, T)
    params = rm.flat_parameters(net)
    _, grads = reverse_gradient(f, params)
    num = central(as_float(f), params, h=1e-6)
    np.testing.assert_allclose(grads, num, rtol=1e-5, atol=1e-8)


def test_worked_example_forward_mode_equals_reverse_mode_and_mlp():
    net, x, t, _ = bp.datasets.worked_example()
    f = rm.cost_of_parameters(net, x, t)
    params = rm.flat_parameters(net)
    E_r, g_r = reverse_gradient(f, params)
    E_f, g_f = forward_gradient(f, params)
    g = net.backward(net.forward(x), t)
    flat = np.concatenate([a.ravel() for pair in zip(g.dW, g.db) for a in pair])
    np.testing.assert_allclose(g_r, flat, rtol=1e-12)
    np.testing.assert_allclose(g_f, flat, rtol=1e-12)
    assert E_r == pytest.approx(E_f, rel=1e-15) == pytest.approx(net.loss(x, t))


# ----------------------------------------------------------------------------- errors
@pytest.mark.parametrize(
    "bad,match",
    [
        ("1.0", "str"),
        ([1.0], "list"),
        (None, "NoneType"),
        (True, "bool"),
        (np.array([1.0, 2.0]), "ndarray"),
    ],
)
def test_bad_input_is_a_type_error_naming_what_came(bad, match):
    with pytest.raises(TypeError, match=match):
        Value(bad)
    with pytest.raises(TypeError, match=match):
        Value(1.0) + bad
    with pytest.raises(TypeError, match=match):
        Value(1.0) * bad
    with pytest.raises(TypeError, match=match):
        Dual(bad)
    with pytest.raises(TypeError, match=match):
        Dual(1.0) - bad


def test_other_errors_say_what_went_wrong():
    with pytest.raises(TypeError, match="plain number"):
        Value(2.0) ** Value(2.0)
    with pytest.raises(TypeError, match="one mode"):
        Value(1.0) + Dual(1.0)
    with pytest.raises(TypeError, match="one mode"):
        Dual(1.0) * Value(1.0)
    with pytest.raises(ValueError, match="positive"):
        Value(0.0).log()
    with pytest.raises(ValueError, match="positive"):
        Dual(-1.0).log()
    with pytest.raises(ZeroDivisionError, match="0"):
        Value(1.0) / 0.0
    with pytest.raises(ValueError, match="fractional"):
        Value(-2.0) ** 0.5
    root = Value(0.0) ** 0.5
    assert root.data == 0.0
    with pytest.raises(ZeroDivisionError, match="infinite"):
        root.backward()
    with pytest.raises(ZeroDivisionError, match="infinite"):
        Dual(0.0, 1.0) ** 0.5
    with pytest.raises(ZeroDivisionError, match="negative power"):
        Value(0.0) ** -1
    with pytest.raises(OverflowError, match="exp"):
        Value(800.0).exp()
    with pytest.raises(ValueError, match="finite"):
        Value(float("nan"))
    with pytest.raises(TypeError, match="Value"):
        topological_order(1.0)
    with pytest.raises(TypeError, match="one Value"):
        reverse_gradient(lambda v: 1.0, [1.0])
    with pytest.raises(ValueError, match="empty"):
        forward_gradient(lambda v: v, [])


def test_a_to_the_power_0_is_a_constant_even_at_0():
    # a^0 = 1 for every a, so its derivative is 0; p a^(p-1) would evaluate 0.0 ** -1 at a = 0
    for a in (0.0, 2.5, -3.0):
        x = Value(a)
        out = x**0
        out.backward()
        assert out.data == 1.0 and x.grad == 0.0
        d = Dual(a, 1.0) ** 0
        assert (d.value, d.tangent) == (1.0, 0.0)
    x = Value(0.0)
    (x**2).backward()  # p = 2 at a = 0: slope 0, no error
    assert x.grad == 0.0


def test_tiny_divisors_keep_a_finite_derivative():
    # d(a/b)/db = -a/b^2: b^2 underflows to 0 for b = 1e-200, -(a/b)/b does not
    a, b = Value(1e-100), Value(1e-200)
    q = a / b
    q.backward()
    assert q.data == pytest.approx(1e100) and a.grad == pytest.approx(1e200)
    assert b.grad == pytest.approx(-1e300)
    d = Dual(1e-100, 0.0) / Dual(1e-200, 1.0)
    assert d.tangent == pytest.approx(-1e300)
    d = Dual(1e-100, 1.0) / Dual(1e-200, 0.0)
    assert d.tangent == pytest.approx(1e200)


def test_exp_guard_is_the_true_overflow_threshold():
    top = math.log(sys.float_info.max)
    assert math.isfinite(Value(top).exp().data) and math.isfinite(Value(709.5).exp().data)
    assert math.isfinite(Dual(709.5, 1.0).exp().tangent)
    for x in (math.nextafter(top, math.inf), 709.79, 800.0):
        with pytest.raises(OverflowError, match="exp"):
            Value(x).exp()
        with pytest.raises(OverflowError, match="exp"):
            Dual(x).exp()


def test_overflow_names_the_operation_not_the_constructor():
    for make, match in [
        (lambda: Value(1e200) * Value(1e200), r"1e\+200 \* 1e\+200"),
        (lambda: Value(1e308) + 1e308, r"\+"),
        (lambda: -1e308 - Value(1e308), r" - "),
        (lambda: Value(1.0) / Value(1e-320), r" / "),
        (lambda: Value(10.0) ** 400, r"10.0 \*\* 400"),
        (lambda: Dual(1e200) * 1e200, r"\*"),
        (lambda: Dual(10.0) ** 400, r"\*\*"),
    ]:
        with pytest.raises(OverflowError, match=match):
            make()
    x = Value(1e-200)
    y = x**-1.5  # 1e300 is finite, its derivative -1.5e500 is not
    with pytest.raises(OverflowError, match="derivative"):
        y.backward()


def test_numpy_scalars_are_numbers():
    v = Value(np.float64(2.0)) * np.float64(3.0)
    assert v.data == 6.0 and type(v.data) is float


def test_reprs():
    assert repr(Value(2.0, label="x")) == "Value(x: data=2, grad=0)"
    assert repr(Dual(2.0, 1.0)) == "Dual(value=2, tangent=1)"
