"""sympy proofs of chapter 04-05's update formulas, and checks that wrong formulas are caught."""

import numpy as np
import pytest
import sympy as sp

import bplab as bp
from bplab import symbolic as S


def numeric(expr, seed=0):
    """Evaluate a residual at random values of its symbols (to show a non-zero one really is)."""
    rng = np.random.default_rng(seed)
    syms = sorted(expr.free_symbols, key=str)
    return float(expr.subs({s: rng.uniform(0.1, 0.9) for s in syms}))


def test_simplify_residual_zero_and_nonzero():
    z = sp.Symbol("z")
    sig = S.activation("sigmoid", z)
    assert S.simplify_residual(sp.diff(sig, z) - S.d_activation("sigmoid", z)) == 0
    assert S.simplify_residual(sp.diff(sp.tanh(z), z) - (1 - sp.tanh(z) ** 2)) == 0
    wrong = S.simplify_residual(sp.diff(sp.tanh(z), z) - (1 - sp.tanh(z)))
    assert wrong != 0 and abs(numeric(wrong)) > 1e-6


@pytest.mark.parametrize("act", ["sigmoid", "tanh", "linear"])
def test_delta_rule_is_gradient_descent(act):
    d = S.delta_rule_derivation(3, act)
    assert [S.simplify_residual(c - g) for c, g in zip(d["chain"], d["direct"])] == [0, 0, 0]
    assert S.delta_rule_residuals(3, act) == [0, 0, 0]


def test_delta_rule_wrong_sign_or_missing_derivative_is_caught():
    d = S.delta_rule_derivation(2)
    flipped = S.delta_rule_residuals(2, update=[-u for u in d["update"]])
    assert all(abs(numeric(r)) > 1e-6 for r in flipped)
    no_fprime = [d["eta"] * xi * (d["t"] - d["y"]) for xi in d["x"]]
    assert not S.is_zero(S.delta_rule_residuals(2, update=no_fprime))


def test_delta_rule_derivation_rejects_zero_inputs():
    with pytest.raises(ValueError, match="n_inputs"):
        S.delta_rule_derivation(0)


def test_delta_rule_matrix_form_needs_one_over_N():
    assert S.is_zero(S.delta_rule_matrix_residual(3, 2, 1))
    wrong = S.delta_rule_matrix_residual(3, 2, 1, scale=1)
    assert not S.is_zero(wrong)
    assert abs(numeric(wrong[0])) > 1e-6


def test_index_network_shapes_and_count():
    net = S.IndexNetwork(3, 4, 2)
    assert net.v.shape == (3, 4) and net.w.shape == (4, 2)
    assert net.gamma.shape == (4, 1) and net.theta.shape == (2, 1)
    assert net.n_params == (3 + 2 + 1) * 4 + 2 == bp.MLP([3, 4, 2]).n_params
    assert "d=3" in repr(net)
    with pytest.raises(ValueError, match="q"):
        S.IndexNetwork(2, 0, 1)


@pytest.mark.parametrize("act,sizes", [("sigmoid", (2, 2, 2)), ("tanh", (2, 2, 1))])
def test_index_updates_are_minus_eta_gradient(act, sizes):
    res = S.index_update_residuals(*sizes, act)
    assert set(res) == {"v", "gamma", "w", "theta"}
    assert S.is_zero(res)


@pytest.mark.parametrize("name", ["v", "gamma", "w", "theta"])
def test_index_update_with_flipped_sign_is_caught(name):
    net = S.IndexNetwork(2, 2, 2)
    res = S.index_update_residuals(2, 2, 2, updates={name: -net.updates()[name]})
    assert not S.is_zero(res[name])
    assert abs(numeric(res[name][0])) > 1e-9
    assert all(S.is_zero(res[k]) for k in res if k != name)


def test_bias_is_minus_threshold_so_its_update_has_the_other_sign():
    net = S.IndexNetwork(2, 2, 2)
    # a bias b = -theta moves by +eta g: as a "theta update" that is wrong
    res = S.index_update_residuals(2, 2, 2, updates={"theta": net.eta * net.g})
    assert not S.is_zero(res["theta"])


def test_index_signals_match_the_numeric_network():
    """g_j and e_h of the symbolic network, at the step-by-step example's numbers (theta = -bias),
    are the package's learning signals."""
    net_sym = S.IndexNetwork(2, 2, 2)
    mlp, x, t, _ = bp.datasets.worked_example()
    subs = {net_sym.x[0]: 0.05, net_sym.x[1]: 0.10, net_sym.t[0]: 0.01, net_sym.t[1]: 0.99}
    for i in range(2):
        for h in range(2):
            subs[net_sym.v[i, h]] = mlp.weights[0][i, h]
            subs[net_sym.w[i, h]] = mlp.weights[1][i, h]
        subs[net_sym.gamma[i]] = -mlp.biases[0][i]
        subs[net_sym.theta[i]] = -mlp.biases[1][i]
    g = mlp.backward(mlp.forward(x), t)
    assert [float(v.subs(subs)) for v in net_sym.g] == pytest.approx(g.deltas[1][0], abs=1e-12)
    assert [float(v.subs(subs)) for v in net_sym.e] == pytest.approx(g.deltas[0][0], abs=1e-12)
    assert float(net_sym.E.subs(subs)) == pytest.approx(0.298371109, abs=5e-10)


def test_matrix_updates_are_minus_eta_gradient():
    assert S.is_zero(S.matrix_update_residuals(1, 2, 2, 2))
    assert S.is_zero(S.matrix_update_residuals(2, 1, 2, 1))


def test_matrix_update_without_one_over_N_is_caught():
    net = S.MatrixNetwork(2, 1, 2, 1)
    wrong = {"W2": net.eta * net.Y1.T * net.delta2}  # the 1/N forgotten
    res = S.matrix_update_residuals(2, 1, 2, 1, updates=wrong)
    assert not S.is_zero(res["W2"])
    assert S.is_zero(res["W1"])


def test_is_zero_on_containers():
    assert S.is_zero([sp.Integer(0), sp.zeros(2, 2)])
    assert S.is_zero({"a": sp.Integer(0)})
    assert not S.is_zero({"a": sp.Symbol("x")})
