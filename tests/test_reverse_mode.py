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
    times = rm.time_gradients([1, 3], X, T, rng=0, repeats=2, inner=2)
    assert times.sizes == [[3, 1, 2], [3, 3, 2]]
    assert times.P.tolist() == [bp.MLP(s).n_params for s in times.sizes] == [8, 20]
    assert (times.one_pass > 0).all() and (times.backprop > 0).all() and times.full_run > 0
    np.testing.assert_array_equal(times.central, 2 * times.P * times.one_pass)
    assert times.full_passes == 2 * 20  # central differences of order 2: 2P calls of net.loss
    assert "P=[8, 20]" in repr(times)


def test_time_gradients_leaves_the_network_method_alone(rng):
    # the pass counter is put on one instance and taken off again
    X, T = rng.normal(size=(4, 3)), rng.uniform(size=(4, 2))
    rm.time_gradients([2], X, T, rng=0, repeats=1, inner=1)
    assert "loss" not in vars(bp.MLP([3, 2, 2], rng=0))


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


def test_steps_to_counts_updates_until_the_output_falls_below():
    run = rm.NeuronRun("mse", np.array([0.9, 0.6, 0.4, 0.2]), np.zeros(4), np.zeros(4))
    assert run.steps_to(0.5) == 2 and run.steps_to(0.9) == 1 and run.steps_to(0.1) is None


def test_cross_entropy_cures_a_start_saturated_to_float_precision():
    # w = b = 20: y = sigmoid(40) rounds to 1.0, so ln(1 - y) and dE/dy do not exist as floats,
    # but the signal t - y = -1 does, and the cost of the net input is finite
    ce = rm.train_neuron(20.0, 20.0, 1.0, 0.0, eta=0.5, steps=100, cost="cross_entropy")
    assert ce.y[0] == 1.0 and ce.delta[0] == -1.0
    assert ce.E[0] == pytest.approx(40.0, rel=1e-12) and np.isfinite(ce.E).all()
    assert ce.steps_to(0.5) is not None and ce.y[-1] < 0.05
    se = rm.train_neuron(20.0, 20.0, 1.0, 0.0, eta=0.5, steps=100, cost="mse")
    assert se.delta[0] == 0.0 and se.y[-1] == 1.0  # f' = y (1 - y) = 0: no signal at all


def test_cross_entropy_from_the_net_input_agrees_with_the_chain_rule_where_both_exist():
    ce = rm.train_neuron(2.0, 3.0, 1.0, 0.0, eta=0.5, steps=5, cost="cross_entropy")
    cost = bp.get_cost("cross_entropy")
    for y, E, delta in zip(ce.y, ce.E, ce.delta):
        Y, T = np.array([[y]]), np.array([[0.0]])
        assert E == pytest.approx(cost.f(Y, T), rel=1e-12)
        assert delta == pytest.approx(-cost.grad(Y, T)[0, 0] * y * (1 - y), rel=1e-12)


@pytest.mark.parametrize(
    "change, match",
    [
        (lambda W, b, a, X, T: (W, b, a[:1], X, T), "one activation per layer"),
        (lambda W, b, a, X, T: (W[:1], b, a, X, T), "one weight matrix"),
        (lambda W, b, a, X, T: (W, b, a, np.hstack([X, X]), T), r"layer 0 .* for 4 inputs"),
        (lambda W, b, a, X, T: (W, b, a, X, np.hstack([T, T])), "T has 4 columns"),
        (lambda W, b, a, X, T: (W, b, a, np.vstack([X, X]), T), "one row per sample"),
        (lambda W, b, a, X, T: (W, [b[0], b[1][:1]], a, X, T), r"layer 1 .* and 1 biases"),
    ],
)
def test_scalar_forward_refuses_lists_that_do_not_fit(change, match):
    net, x, t, _ = bp.datasets.worked_example()
    W = [[[Dual(w) for w in row] for row in Wi] for Wi in net.weights]
    b = [[Dual(v) for v in bi] for bi in net.biases]
    a = [act.name for act in net.activations()]
    E, _, _ = rm.scalar_forward(W, b, a, x, t)
    assert E.value == pytest.approx(net.loss(x, t), rel=1e-14)
    with pytest.raises(ValueError, match=match):
        rm.scalar_forward(*change(W, b, a, x, t))
