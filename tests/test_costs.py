import numpy as np
import pytest
import sympy as sp

import bplab as bp
from bplab import symbolic


@pytest.mark.parametrize("name", list(bp.COSTS))
def test_cost_and_gradient_match_sympy(name, rng):
    N, l = 3, 2
    Ys = sp.Matrix(N, l, lambda n, j: sp.Symbol(f"y{n}{j}"))
    Ts = sp.Matrix(N, l, lambda n, j: sp.Symbol(f"t{n}{j}"))
    E = symbolic.cost(name, Ys, Ts)
    Y, T = rng.random((N, l)), rng.random((N, l))
    subs = {
        **{Ys[n, j]: Y[n, j] for n in range(N) for j in range(l)},
        **{Ts[n, j]: T[n, j] for n in range(N) for j in range(l)},
    }
    cost = bp.COSTS[name]
    assert cost.f(Y, T) == pytest.approx(float(E.subs(subs)), rel=1e-13)
    grad = np.array([[float(sp.diff(E, Ys[n, j]).subs(subs)) for j in range(l)] for n in range(N)])
    np.testing.assert_allclose(cost.grad(Y, T), grad, rtol=1e-12)


def test_mse_is_the_course_convention():
    Y = np.array([[0.2, 0.9], [0.4, 0.1]])
    T = np.array([[0.0, 1.0], [1.0, 0.0]])
    by_hand = ((0.2**2 + 0.1**2) + (0.6**2 + 0.1**2)) / (2 * 2)
    assert bp.mse(Y, T) == pytest.approx(by_hand, rel=1e-15)
    assert bp.mse is bp.COSTS["mse"].f and bp.d_mse is bp.COSTS["mse"].grad


def test_conventions_differ_by_constant_factors(rng):
    Y, T = rng.random((5, 3)), rng.random((5, 3))
    m = bp.mse(Y, T)
    assert bp.COSTS["half_sse"].f(Y, T) == pytest.approx(5 * m)
    assert bp.COSTS["sse"].f(Y, T) == pytest.approx(10 * m)
    assert bp.COSTS["mean_squared"].f(Y, T) == pytest.approx(2 * m)


def test_shape_mismatch_names_both_shapes():
    with pytest.raises(ValueError, match=r"Y \(2, 1\) and T \(2, 2\)"):
        bp.mse(np.zeros((2, 1)), np.zeros((2, 2)))


def test_nan_is_reported():
    with pytest.raises(ValueError, match="T contains 1 non-finite"):
        bp.mse([[0.0]], [[np.nan]])


def test_unknown_cost_lists_names():
    with pytest.raises(
        ValueError, match="'mse', 'half_sse', 'sse', 'mean_squared', 'cross_entropy'"
    ):
        bp.get_cost("hinge")


# ----------------------------------------------------------------------------- cross-entropy
def central_gradient(f, Y, T, h=1e-7):
    G = np.empty_like(Y)
    for idx in np.ndindex(Y.shape):
        up, down = Y.copy(), Y.copy()
        up[idx] += h
        down[idx] -= h
        G[idx] = (f(up, T) - f(down, T)) / (2 * h)
    return G


def test_cross_entropy_by_hand():
    Y = np.array([[0.8, 0.3], [0.6, 0.1]])
    T = np.array([[1.0, 0.0], [0.0, 1.0]])
    by_hand = -(np.log(0.8) + np.log(0.7) + np.log(0.4) + np.log(0.1)) / 2
    assert bp.get_cost("cross_entropy").f(Y, T) == pytest.approx(by_hand, rel=1e-15)


def test_cross_entropy_gradient_against_central_differences(rng):
    Y, T = rng.uniform(0.05, 0.95, size=(4, 3)), rng.uniform(0, 1, size=(4, 3))
    cost = bp.get_cost("cross_entropy")
    np.testing.assert_allclose(cost.grad(Y, T), central_gradient(cost.f, Y, T), rtol=1e-6)


def test_cross_entropy_matches_sympy(rng):
    N, l = 2, 2
    Ys = sp.Matrix(N, l, lambda n, j: sp.Symbol(f"y{n}{j}", positive=True))
    Ts = sp.Matrix(N, l, lambda n, j: sp.Symbol(f"t{n}{j}"))
    E = symbolic.cross_entropy_cost(Ys, Ts)
    Y, T = rng.uniform(0.1, 0.9, size=(N, l)), rng.uniform(0, 1, size=(N, l))
    subs = {Ys[n, j]: Y[n, j] for n in range(N) for j in range(l)}
    subs |= {Ts[n, j]: T[n, j] for n in range(N) for j in range(l)}
    cost = bp.get_cost("cross_entropy")
    assert cost.f(Y, T) == pytest.approx(float(E.subs(subs)), rel=1e-13)
    grad = np.array([[float(sp.diff(E, Ys[n, j]).subs(subs)) for j in range(l)] for n in range(N)])
    np.testing.assert_allclose(cost.grad(Y, T), grad, rtol=1e-12)


def test_with_a_sigmoid_output_the_signal_is_t_minus_y(rng):
    """-N dE/dnet = -N dE/dy f'(net) = t - y: f' = y (1 - y) cancels (sympy proves it in
    tests/test_symbolic_general.py; here the numbers)."""
    net = rng.normal(size=(5, 2)) * 3
    Y, T = bp.sigmoid(net), rng.uniform(0, 1, size=(5, 2))
    signal = -5 * bp.get_cost("cross_entropy").grad(Y, T) * bp.d_sigmoid(net)
    np.testing.assert_allclose(signal, T - Y, rtol=1e-12, atol=1e-15)
    squared = -5 * bp.d_mse(Y, T) * bp.d_sigmoid(net)
    np.testing.assert_allclose(squared, (T - Y) * Y * (1 - Y), rtol=1e-12)


def test_cross_entropy_is_accurate_near_the_ends():
    # ln(1 - y) for tiny y: log1p keeps the digits that log(1 - y) loses
    E = bp.get_cost("cross_entropy").f([[1e-12]], [[0.0]])
    assert E == pytest.approx(1e-12, rel=1e-9)
    assert bp.get_cost("cross_entropy").f([[1 - 1e-12]], [[1.0]]) == pytest.approx(1e-12, rel=1e-3)


@pytest.mark.parametrize("y", [0.0, 1.0, -0.2, 1.5])
def test_cross_entropy_needs_predictions_strictly_inside_0_1(y):
    cost = bp.get_cost("cross_entropy")
    with pytest.raises(ValueError, match=r"strictly between 0 and 1.*Y\[1, 0\]"):
        cost.f([[0.5], [y]], [[1.0], [0.0]])
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        cost.grad([[0.5], [y]], [[1.0], [0.0]])


def test_cross_entropy_needs_targets_in_0_1():
    with pytest.raises(ValueError, match=r"targets between 0 and 1.*T\[0, 1\] = 2.0"):
        bp.get_cost("cross_entropy").f([[0.5, 0.5]], [[1.0, 2.0]])


def test_cross_entropy_gradient_overflow_is_reported():
    with pytest.raises(ValueError, match="overflows"):
        bp.get_cost("cross_entropy").grad([[5e-324]], [[1.0]])


def test_cross_entropy_is_kept_apart_from_the_squared_errors():
    from bplab import costs

    assert "cross_entropy" not in bp.COSTS  # COSTS are all c sum (t - y)^2 (chapter 02)
    assert bp.get_cost("cross_entropy") is costs.CLASSIFICATION_COSTS["cross_entropy"]
    assert "ln" in repr(bp.get_cost("cross_entropy"))


def test_cross_entropy_of_net_equals_cross_entropy_of_the_sigmoid(rng):
    from bplab import costs

    net = rng.normal(size=(6, 3)) * 4
    T = rng.uniform(0, 1, size=(6, 3))
    Y = bp.sigmoid(net)
    assert costs.cross_entropy_of_net(net, T) == pytest.approx(
        bp.get_cost("cross_entropy").f(Y, T), rel=1e-12
    )
    # its gradient against central differences in the net input, and -N dE/dnet = t - y
    G = costs.d_cross_entropy_of_net(net, T)
    np.testing.assert_allclose(G, central_gradient(costs.cross_entropy_of_net, net, T), rtol=1e-6)
    np.testing.assert_allclose(-6 * G, T - Y, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(
        G, bp.get_cost("cross_entropy").grad(Y, T) * bp.d_sigmoid(net), rtol=1e-10, atol=1e-15
    )


@pytest.mark.parametrize("net", [40.0, 800.0, -750.0, -800.0])
def test_cross_entropy_of_net_is_finite_where_the_sigmoid_has_rounded(net):
    """sigmoid(40) rounds to 1.0 and sigmoid(-750) to 0.0: cross_entropy refuses them, but the
    cost of the net input is ln(1 + e^net) - t net, finite, and its signal t - y is -1 or +1."""
    from bplab import costs

    y = float(bp.sigmoid(np.array(net)))
    assert y in (0.0, 1.0)
    with pytest.raises(ValueError, match="cross_entropy_of_net"):
        bp.get_cost("cross_entropy").f([[y]], [[1.0 - y]])
    t = 1.0 - y  # the wrong target: the saturated, wrong output
    assert costs.cross_entropy_of_net([[net]], [[t]]) == pytest.approx(abs(net), rel=1e-12)
    assert -costs.d_cross_entropy_of_net([[net]], [[t]])[0, 0] == t - y
    with pytest.raises(ValueError, match="targets between 0 and 1"):
        costs.cross_entropy_of_net([[net]], [[2.0]])
