"""sympy proofs of chapter 09: the four equations of backpropagation for a network of three
layers with unknown activations, delta as the sensitivity -N dE/dnet (and its relation to
Nielsen's dC/dz), and the cross-entropy output signal t - y."""

import numpy as np
import pytest
import sympy as sp

from bplab import symbolic as S


def nonzero(M, seed=0):
    """Largest |entry| of a residual at random numbers, with f_h = tanh (to show it is not 0)."""
    rng = np.random.default_rng(seed)
    M = M.replace(
        lambda e: isinstance(e, sp.core.function.AppliedUndef), lambda e: sp.tanh(*e.args)
    )
    M = M.doit()
    vals = {s: rng.uniform(-0.9, 0.9) for s in M.free_symbols}
    return max(abs(float(e.subs(vals))) for e in M)


@pytest.fixture(scope="module")
def three_layers():
    return S.DeepNetwork((2, 2, 2, 1), N=2)


def test_the_four_equations_hold_for_three_layers(three_layers):
    res = three_layers.residuals()
    L = three_layers.L
    assert L == 3
    expected = {"(1) h=3", "(2) h=2", "(2) h=1"}
    expected |= {f"({k}) h={h}" for k in (3, 4) for h in (1, 2, 3)}
    expected |= {f"Nielsen h={h}" for h in (1, 2, 3)}
    assert set(res) == expected
    assert all(M.is_zero_matrix for M in res.values()), [k for k, M in res.items() if M != 0]


def test_shapes_follow_the_course(three_layers):
    net = three_layers
    assert [net.W[h].shape for h in (1, 2, 3)] == [(2, 2), (2, 2), (2, 1)]
    assert [net.delta[h].shape for h in (1, 2, 3)] == [(2, 2), (2, 2), (2, 1)]
    assert net.Y[0] == net.X and "L=3" in repr(net)


def test_a_wrong_recursion_is_caught():
    net = S.DeepNetwork((2, 2, 2, 1), N=1)
    good = net.delta[1]
    # W instead of W^T (the shapes allow it here), and a forgotten f'
    net.delta[1] = (net.delta[2] * net.W[2]).multiply_elementwise(net.fprime[1])
    res = net.residuals()
    assert not res["(2) h=1"].is_zero_matrix and nonzero(res["(2) h=1"]) > 1e-6
    assert not res["(4) h=1"].is_zero_matrix
    assert res["(4) h=3"].is_zero_matrix  # the layers above do not use delta^1
    net.delta[1] = net.delta[2] * net.W[2].T
    assert nonzero(net.residuals()["(2) h=1"]) > 1e-6
    net.delta[1] = good
    assert net.residuals()["(2) h=1"].is_zero_matrix


def test_the_sign_and_the_factor_N_matter():
    net = S.DeepNetwork((1, 2, 1), N=2)
    wrong_sign = net.delta[2] - net.N * net.dE_dnet(2)  # as if delta were +N dE/dnet
    assert nonzero(wrong_sign.applyfunc(sp.expand)) > 1e-6
    no_N = (net.delta[2] + net.dE_dnet(2)).applyfunc(sp.expand)  # as if delta were -dE/dnet
    assert nonzero(no_N) > 1e-6


def test_deep_network_rejects_bad_sizes():
    with pytest.raises(ValueError, match="sizes"):
        S.DeepNetwork((2,))
    with pytest.raises(ValueError, match="N"):
        S.DeepNetwork((2, 1), N=0)


def test_cross_entropy_output_signal_is_t_minus_y():
    for N in (1, 3):
        d = S.output_signal("cross_entropy", N)
        assert S.simplify_residual(d["signal"] - (d["t"] - d["y"])) == 0


def test_squared_error_output_signal_keeps_f_prime():
    d = S.output_signal("mse", 2)
    y = d["y"]
    assert S.simplify_residual(d["signal"] - (d["t"] - y) * y * (1 - y)) == 0
    assert S.simplify_residual(d["signal"] - (d["t"] - y)) != 0


def test_d_undefined_is_the_chain_rules_derivative():
    f, x, w = sp.Function("f"), sp.Symbol("x"), sp.Symbol("w")
    assert sp.expand(sp.diff(f(w * x + 1), w) - x * S.d_undefined(f, w * x + 1)) == 0


@pytest.mark.parametrize("n_outputs, N", [(2, 1), (3, 2), (4, 3)])
def test_softmax_with_categorical_cross_entropy_gives_t_minus_y(n_outputs, N):
    d = S.softmax_output_signal(n_outputs, N)
    assert d["signal"].shape == (1, n_outputs)
    assert (d["signal"] - (d["t"] - d["y"])).applyfunc(sp.cancel).is_zero_matrix
    assert sp.expand(sum(d["t"])) == 1


def test_softmax_signal_needs_the_targets_to_sum_to_1():
    # with free targets the signal is t - y * sum(t): the sum-to-one is what makes it t - y
    l = 3
    net = sp.Matrix(1, l, lambda _, j: sp.Symbol(f"net_{j + 1}", real=True))
    t = sp.Matrix(1, l, lambda _, j: sp.Symbol(f"t_{j + 1}", real=True))
    y = net.applyfunc(sp.exp) / sum(net.applyfunc(sp.exp))
    E = -sum(t[j] * sp.log(y[j]) for j in range(l))
    wrong = sp.cancel(-sp.diff(E, net[0]) - (t[0] - y[0]))
    assert wrong != 0
    assert sp.cancel(-sp.diff(E, net[0]) - (t[0] - y[0] * sum(t))) == 0


def test_deep_network_names_stay_apart_for_wide_layers():
    # W1_1_11 and W1_11_1 are two weights; without the separator both were W1_111
    net = S.DeepNetwork((12, 12), N=11)
    assert len(net.W[1].free_symbols) == 144
    assert len(net.X.free_symbols) == 11 * 12 and len(net.T.free_symbols) == 11 * 12
    Z, _ = net._from_net(1)
    assert len(Z.free_symbols) == 11 * 12
    with pytest.raises(ValueError, match="n_outputs >= 2"):
        S.softmax_output_signal(1)
