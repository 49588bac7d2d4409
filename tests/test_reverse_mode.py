"""Chapter 09's helpers: the network built from Values, the nudge of one net input, the timing
records, and one neuron trained with either cost."""

import numpy as np
import pytest

import bplab as bp
from bplab.autodiff import Dual, Value
from bplab.chapters import reverse_mode as rm


def test_worked_example_from_values_equals_mlp_backward():
    net, x, t, _ = bp.datasets.worked_example()
    vn = rm.value_network(net, x, t)
    vn.E.backward()
    g = net.backward(net.forward(x), t)
    assert vn.E.data == pytest.approx(net.loss(x, t), rel=1e-14)
    for i in range(2):
        np.testing.assert_allclose(vn.dW(i), g.dW[i], rtol=1e-13)
        np.testing.assert_allclose(vn.db(i), g.db[i], rtol=1e-13)
        np.testing.assert_allclose(-1 * vn.dnet(i), g.deltas[i], rtol=1e-13)
    assert "layers=2" in repr(vn)


def test_scalar_forward_takes_duals_and_floats_alike():
    net, x, t, _ = bp.datasets.worked_example()
    f = rm.cost_of_parameters(net, x, t)
    p = rm.flat_parameters(net)
    assert len(p) == net.n_params == 12
    E_dual = f([Dual(v) for v in p]).value
    E_value = f([Value(v) for v in p]).data
    assert E_dual == E_value == pytest.approx(net.loss(x, t), rel=1e-14)
    with pytest.raises(ValueError, match="12 parameters, got 11"):
        f([Value(v) for v in p[:-1]])


def test_step_activation_has_no_scalar_version():
    net = bp.MLP([2, 1], activation="step", rng=0)
    with pytest.raises(ValueError, match="no scalar version of activation 'step'"):
        rm.value_network(net, [[0.0, 1.0]], [[1.0]])


@pytest.mark.parametrize("layer,n,k", [(0, 0, 1), (1, 2, 0), (2, 1, 1)])
def test_a_nudged_net_input_moves_E_by_minus_delta_over_N(layer, n, k, rng):
    net = bp.MLP([3, 4, 3, 2], activation="tanh", rng=rng)
    X, T = rng.normal(size=(3, 3)), rng.uniform(size=(3, 2))
    delta = net.backward(net.forward(X), T).deltas[layer][n, k]
    eps = 1e-6
    up = rm.nudged_cost(net, X, T, layer, n, k, eps)
    down = rm.nudged_cost(net, X, T, layer, n, k, -eps)
    assert (up - down) / (2 * eps) == pytest.approx(-delta / 3, rel=1e-7, abs=1e-12)
    assert rm.nudged_cost(net, X, T, layer, n, k, 0.0) == pytest.approx(net.loss(X, T))


def test_time_gradients_records_every_network(rng):
    X, T = rng.normal(size=(4, 3)), rng.uniform(size=(4, 2))
    times = rm.time_gradients([1, 3], X, T, rng=0, repeats=2)
    assert times.sizes == [[3, 1, 2], [3, 3, 2]]
    assert times.P.tolist() == [bp.MLP(s).n_params for s in times.sizes] == [8, 20]
    assert (times.central > 0).all() and (times.backprop > 0).all()
    assert "P=[8, 20]" in repr(times)


def test_train_neuron_with_mse_is_mlp_step():
    w, b, x, t, eta = 2.0, 3.0, 1.0, 0.0, 0.5
    run = rm.train_neuron(w, b, x, t, eta=eta, steps=5, cost="mse")
    net = bp.MLP.from_params([[[w]]], [[b]])
    for k in range(5):
        assert run.y[k] == pytest.approx(net.predict([[x]])[0, 0], rel=1e-14)
        assert run.E[k] == pytest.approx(net.loss([[x]], [[t]]), rel=1e-14)
        net.step([[x]], [[t]], eta)


def test_train_neuron_signals_of_the_two_costs():
    ce = rm.train_neuron(2.0, 3.0, 1.0, 0.0, eta=0.5, steps=3, cost="cross_entropy")
    np.testing.assert_allclose(ce.delta, 0.0 - ce.y, rtol=1e-12)  # t - y
    se = rm.train_neuron(2.0, 3.0, 1.0, 0.0, eta=0.5, steps=3, cost="mse")
    np.testing.assert_allclose(se.delta, (0.0 - se.y) * se.y * (1 - se.y), rtol=1e-12)
