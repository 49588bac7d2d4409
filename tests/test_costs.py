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
    with pytest.raises(ValueError, match="'mse', 'half_sse', 'sse', 'mean_squared'"):
        bp.get_cost("cross_entropy")
