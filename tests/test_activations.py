import warnings

import numpy as np
import pytest
import sympy as sp

import bplab as bp
from bplab import symbolic

SMOOTH = ["sigmoid", "tanh", "linear"]


@pytest.mark.parametrize("name", list(bp.ACTIVATIONS))
def test_derivative_matches_sympy(name):
    z = sp.Symbol("z", real=True)
    f = symbolic.activation(name, z)
    df = symbolic.d_activation(name, z)
    if name in SMOOTH:
        assert sp.simplify(sp.diff(f, z) - df) == 0
    points = np.array([-3.0, -0.7, -0.01, 0.02, 0.5, 2.5])
    act = bp.ACTIVATIONS[name]
    expect_f = [float(f.subs(z, p)) for p in points]
    expect_df = [float(df.subs(z, p)) for p in points]
    np.testing.assert_allclose(act.f(points), expect_f, rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(act.df(points), expect_df, rtol=1e-14, atol=1e-15)


@pytest.mark.parametrize("name", list(bp.ACTIVATIONS))
def test_derivative_matches_central_difference(name):
    z = np.linspace(-4, 4, 81) + 0.0123  # avoid the kink of relu and the jump of step at 0
    act = bp.ACTIVATIONS[name]
    h = 1e-6
    numeric = (act.f(z + h) - act.f(z - h)) / (2 * h)
    np.testing.assert_allclose(act.df(z), numeric, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("name", list(bp.ACTIVATIONS))
def test_derivative_from_output_equals_derivative_at_net(name):
    z = np.linspace(-5, 5, 41) + 0.0123
    act = bp.ACTIVATIONS[name]
    np.testing.assert_allclose(act.df_from_output(act.f(z)), act.df(z), rtol=1e-12, atol=1e-15)


def test_public_pairs_are_the_table_entries():
    for name in ["sigmoid", "tanh", "relu", "linear", "step"]:
        assert bp.ACTIVATIONS[name].f is getattr(bp, name)
        assert bp.ACTIVATIONS[name].df is getattr(bp, "d_" + name)


def test_sigmoid_neither_warns_nor_overflows_at_extremes():
    z = np.array([-1000.0, -745.0, -50.0, 0.0, 50.0, 1000.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = bp.sigmoid(z)
        ds = bp.d_sigmoid(z)
    assert np.isfinite(s).all() and np.isfinite(ds).all()
    assert s[0] == 0.0 and s[-1] == 1.0 and s[3] == 0.5
    # exp(-50) is representable: the stable form keeps its relative precision
    assert s[2] == pytest.approx(np.exp(-50.0) / (1 + np.exp(-50.0)), rel=1e-14)


def test_unknown_activation_lists_the_valid_names():
    with pytest.raises(ValueError, match="unknown activation 'softsign'") as info:
        bp.get_activation("softsign")
    for name in bp.ACTIVATIONS:
        assert repr(name) in str(info.value)
