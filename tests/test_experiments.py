"""bplab.chapters.experiments: the numbers behind chapters 06 and 07."""

import math

import numpy as np
import pytest

import bplab as bp
from bplab.chapters import experiments as ex
from bplab.chapters import mistakes


@pytest.fixture
def xor():
    return bp.datasets.xor()


def test_solved_per_run_and_per_member():
    T = np.array([[0.0], [1.0]])
    assert bool(ex.solved([[0.1], [0.85]], T))
    assert not bool(ex.solved([[0.1], [0.7]], T))
    Y = np.array([[[0.1], [0.9]], [[0.5], [0.9]]])  # two members
    assert ex.solved(Y, T).tolist() == [True, False]
    assert not bool(ex.solved([[np.nan], [1.0]], T))


def test_accuracy_and_its_errors():
    assert ex.accuracy([[0.9, 0.1], [0.2, 0.7]], [0, 1]) == 1.0
    assert ex.accuracy([[0.9, 0.1], [0.2, 0.7]], [1, 1]) == 0.5
    with pytest.raises(ValueError, match="labels of shape"):
        ex.accuracy([[0.9, 0.1]], [0, 1])


def test_confusion_matrix_counts_every_pair():
    C = ex.confusion_matrix([0, 1, 2, 2], [0, 2, 2, 1], 3)
    assert C.tolist() == [[1, 0, 0], [0, 0, 1], [0, 1, 1]]
    assert C.sum() == 4
    assert ex.confusion_matrix([1], [0]).shape == (2, 2)
    with pytest.raises(ValueError):
        ex.confusion_matrix([0, 1], [0])


def test_fit_with_snapshots_is_one_run_looked_at(xor):
    X, T = xor
    a = bp.MLP([2, 3, 1], rng=1)
    b = a.copy()
    snaps = ex.fit_with_snapshots(
        a, X, T, eta=0.5, checkpoints=[0, 3, 10, 25], batch_size=1, rng=np.random.default_rng(4)
    )
    hist = b.fit(
        X, T, eta=0.5, epochs=25, batch_size=1, rng=np.random.default_rng(4), progress=False
    )
    np.testing.assert_allclose(snaps.loss, hist.loss, rtol=1e-12)
    np.testing.assert_allclose(snaps.nets[-1].weights[0], b.weights[0], rtol=1e-12)
    assert snaps.epochs == [0, 3, 10, 25]
    assert len(snaps.nets) == 4 and len(snaps.weight_size) == 4
    # the copies are independent: the first is the untrained start
    assert snaps.nets[0].loss(X, T) != pytest.approx(snaps.nets[-1].loss(X, T))
    with pytest.raises(ValueError):
        ex.fit_with_snapshots(a, X, T, 0.5, [-1])


def test_max_abs_weight_ignores_biases():
    net = bp.MLP.from_params([[[0.5], [-2.0]]], [[10.0]])
    assert ex.max_abs_weight(net) == 2.0


def test_decision_grid_shape_and_values():
    x1, x2, Y = ex.decision_grid(lambda P: P[:, :1] * 2, lim=(0, 1), n=5)
    assert x1.shape == x2.shape == Y.shape == (5, 5)
    np.testing.assert_allclose(Y, 2 * x1)


def test_net_for_output():
    assert ex.net_for_output("sigmoid") == pytest.approx(0.0, abs=1e-12)
    assert ex.net_for_output("tanh", 0.5) == pytest.approx(np.arctanh(0.5), abs=1e-12)
    assert ex.net_for_output("sigmoid", 0.9) == pytest.approx(np.log(9), abs=1e-12)
    with pytest.raises(ValueError, match="never outputs"):
        ex.net_for_output("sigmoid", 1.5)


def test_success_grid_members_equal_single_runs(xor):
    X, T = xor
    g = ex.success_grid(X, T, hidden=[2, 4], etas=[1.0, 4.0], seeds=[0, 1, 2], epochs=300)
    assert g.rate.shape == (2, 2) and g.final.shape == (2, 2, 3) and g.ok.shape == (2, 2, 3)
    np.testing.assert_allclose(g.rate, g.ok.mean(axis=2))
    net = bp.MLP([2, 4, 1], rng=2)
    hist = net.fit(X, T, eta=4.0, epochs=300, progress=False)
    assert g.final[1, 1, 2] == pytest.approx(hist.loss[-1], rel=1e-9)
    assert g.ok[1, 1, 2] == bool(ex.solved(net.predict(X), T))
    assert "SuccessGrid" in repr(g)


def test_stack_runs_accepts_a_wrong_derivative(xor):
    X, T = xor
    final, ok, loss = ex.stack_runs(
        X,
        T,
        [2, 2, 1],
        range(4),
        0.2,
        20,
        mistakes.derivative_of_output("tanh"),
        batch_size=1,
        rng=0,
    )
    assert final.shape == ok.shape == (4,) and loss.shape == (20, 4)


def test_derivation_network_shapes_and_bias_unit(xor):
    X, T = xor
    W = ex.derivation_network(rng=0)
    assert [V.shape for V in W] == [(3, 3), (3, 1)]
    assert all((np.abs(V) <= 0.25).all() for V in W)
    A = ex.derivation_forward(W, X)
    assert (A[0][:, -1] == 1).all()
    assert np.ptp(A[1][:, 2]) > 0  # the "bias" unit is not constant


def test_derivation_train_right_slope_is_gradient_descent(xor):
    """One step with the right slope equals a gradient step on that sample's E = 1/2 (t - y)^2."""
    X, T = xor
    W = ex.derivation_network(rng=3)
    run = ex.derivation_train(
        W, X, T, eta=0.1, steps=1, derivative_of_output=False, rng=5, record_every=0
    )
    i = int(np.random.default_rng(5).integers(4, size=1)[0])

    def E(flat):
        V0, V1 = flat[:9].reshape(3, 3), flat[9:].reshape(3, 1)
        y = ex.derivation_forward([V0, V1], X[i])[-1]
        return 0.5 * float(np.sum((T[i] - y) ** 2))

    flat = np.concatenate([V.ravel() for V in W])
    h = 1e-6
    grad = np.array([(E(flat + h * e) - E(flat - h * e)) / (2 * h) for e in np.eye(len(flat))])
    expected = flat - 0.1 * grad
    got = np.concatenate([V.ravel() for V in run.weights])
    np.testing.assert_allclose(got, expected, atol=1e-9)
    np.testing.assert_array_equal(W[0], ex.derivation_network(rng=3)[0])  # input left alone


def test_derivation_train_records_and_solves(xor):
    X, T = xor
    run = ex.derivation_train(
        ex.derivation_network(rng=1), X, T, steps=10_000, rng=1, record_every=1000
    )
    assert run.steps.tolist() == [1] + list(range(1000, 10_001, 1000))
    assert run.loss.shape == run.weight_size.shape == run.steps.shape
    assert bool(ex.solved(ex.derivation_forward(run.weights, X)[-1], T))


@pytest.mark.parametrize("wrong", [True, False])
def test_derivation_train_many_is_derivation_train_per_start(xor, wrong):
    X, T = xor
    starts = [ex.derivation_network(rng=s) for s in range(3)]
    many = ex.derivation_train_many(
        starts, X, T, 0.2, 300, derivative_of_output=wrong, rngs=[10 + s for s in range(3)]
    )
    assert [V.shape for V in many] == [(3, 3, 3), (3, 3, 1)]
    for k, W in enumerate(starts):
        one = ex.derivation_train(
            W, X, T, 0.2, 300, derivative_of_output=wrong, rng=10 + k, record_every=0
        )
        for V_one, V_many in zip(one.weights, many):
            np.testing.assert_allclose(V_many[k], V_one, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(starts[0][0], ex.derivation_network(rng=0)[0])  # left alone
    with pytest.raises(ValueError):
        ex.derivation_train_many(starts, X, T, rngs=[1])


def test_layer_gradient_norms_vanish_with_sigmoid():
    sig = ex.layer_gradient_norms(8, activation="sigmoid", seeds=range(5), rng=0)
    relu = ex.layer_gradient_norms(8, activation="relu", seeds=range(5), rng=0)
    assert sig.shape == relu.shape == (8,)
    assert (np.diff(sig) > 0).all()  # grows from the input up
    assert sig[-1] / sig[0] > 1e3
    assert relu[-1] / relu[0] < 10


def test_layer_gradient_norms_match_backward():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((64, 10))
    T = (rng.random((64, 1)) < 0.5).astype(float)
    net = bp.MLP([10, 10, 1], "tanh", "sigmoid", rng=3)
    g = net.backward(net.forward(X), T)
    got = ex.layer_gradient_norms(2, activation="tanh", seeds=[3], rng=0)
    np.testing.assert_allclose(got, [np.linalg.norm(d) for d in g.dW])


def test_gradient_norms_by_depth_keys():
    res = ex.gradient_norms_by_depth([2, 3], seeds=[0])
    assert sorted(res) == [2, 3] and res[3].shape == (3,)


def test_activation_name():
    assert ex.activation_name("tanh") == "tanh"
    assert ex.activation_name(mistakes.derivative_of_output("tanh")).startswith("tanh")


def test_decision_grid_evaluates_every_point_of_the_square():
    G1, G2, Z = ex.decision_grid(lambda X: (X[:, 0] * 10 + X[:, 1])[:, None], lim=(0, 1), n=5)
    assert G1.shape == G2.shape == Z.shape == (5, 5)
    assert np.allclose(Z, G1 * 10 + G2)


def test_train_weights_only_freezes_biases():
    net, x, t, eta = bp.datasets.worked_example()
    b0 = [b.copy() for b in net.biases]
    ex.train_weights_only(net, x, t, eta, steps=1)
    assert all((b == c).all() for b, c in zip(net.biases, b0))
    assert net.loss(x, t) == pytest.approx(0.291027774, abs=5e-10)


def test_layer_gradient_norms_delta_and_he_init():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((64, 10))
    T = (rng.random((64, 1)) < 0.5).astype(float)
    sizes = [10, 10, 10, 1]
    W = ex.he_weights(sizes, 4)
    assert [w.shape for w in W] == [(10, 10), (10, 10), (10, 1)]
    net = bp.MLP.from_params(W, [np.zeros(n) for n in sizes[1:]], "relu", "sigmoid")
    g = net.backward(net.forward(X), T)
    got = ex.layer_gradient_norms(3, activation="relu", seeds=[4], quantity="delta", rng=0)
    np.testing.assert_allclose(got, [np.linalg.norm(d) for d in g.deltas])
    got = ex.layer_gradient_norms(3, activation="relu", seeds=[4], rng=0)  # He is relu's default
    np.testing.assert_allclose(got, [np.linalg.norm(d) for d in g.dW])
    big = ex.he_weights([1000, 1000], 0)[0]
    assert np.var(big) == pytest.approx(2 / 1000, rel=0.02)
    with pytest.raises(ValueError, match="quantity"):
        ex.layer_gradient_norms(2, quantity="W")
    with pytest.raises(ValueError, match="init"):
        ex.layer_gradient_norms(2, init="zeros")


def test_fit_stack_with_snapshots_follows_one_member(xor):
    X, T = xor
    stack = bp.ensemble.MLPStack.from_seeds([2, 3, 1], [5, 6, 7])
    snaps, loss = ex.fit_stack_with_snapshots(stack, X, T, 1.0, [0, 10, 30], member=1)
    assert loss.shape == (30, 3) and snaps.epochs == [0, 10, 30]
    net = bp.MLP([2, 3, 1], rng=6)
    np.testing.assert_allclose(snaps.nets[0].weights[0], net.weights[0])
    hist = net.fit(X, T, eta=1.0, epochs=30, progress=False)
    np.testing.assert_allclose(snaps.loss, hist.loss, rtol=1e-10)
    np.testing.assert_allclose(snaps.nets[-1].weights[1], net.weights[1], rtol=1e-10)


def test_weight_and_gradient_size_per_member(xor):
    X, T = xor
    stack = bp.ensemble.MLPStack.from_seeds([2, 2, 1], [0, 1])
    size, grad = ex.weight_and_gradient_size(stack, X, T)
    net = bp.MLP([2, 2, 1], rng=1)
    g = net.backward(net.forward(X), T)
    assert size[1] == ex.max_abs_weight(net)
    flat = np.concatenate([d.ravel() for d in g.dW + g.db])
    assert grad[1] == pytest.approx(np.linalg.norm(flat))


def test_wilson_interval():
    lo, hi = ex.wilson_interval(84, 100)
    assert lo < 0.84 < hi and (lo, hi) == pytest.approx((0.7558, 0.8990), abs=1e-4)
    assert ex.wilson_interval(0, 10)[0] == pytest.approx(0.0, abs=1e-12)
    assert ex.wilson_interval(10, 10)[1] == pytest.approx(1.0, abs=1e-12)
    with pytest.raises(ValueError):
        ex.wilson_interval(11, 10)


def test_mcnemar_counts_only_disagreements():
    a = [True] * 30 + [False] * 10
    b = [True] * 20 + [False] * 20
    assert ex.mcnemar(a, b) == (10, 0, pytest.approx(2 / 2**10))
    assert ex.mcnemar(b, a)[2] == ex.mcnemar(a, b)[2]
    assert ex.mcnemar([1, 0], [1, 0]) == (0, 0, 1.0)
    # 6 against 4 out of 10: two-sided P(X <= 4 or X >= 6) for Binomial(10, 1/2)
    a = [1] * 6 + [0] * 4
    b = [0] * 6 + [1] * 4
    assert ex.mcnemar(a, b)[2] == pytest.approx(2 * sum(math.comb(10, i) for i in range(5)) / 1024)
    with pytest.raises(ValueError):
        ex.mcnemar([1, 0], [1])


def test_stack_runs_without_each_epoch_gives_the_same_outcome(xor):
    X, T = xor
    runs = [
        ex.stack_runs(X, T, [2, 2, 1], range(6), 0.5, 30, "tanh", batch_size=1, rng=3, each_epoch=e)
        for e in (True, False)
    ]
    (f1, ok1, loss1), (f2, ok2, loss2) = runs
    assert loss1.shape == (30, 6) and loss2.shape == (1, 6)
    np.testing.assert_array_equal(f1, f2)
    np.testing.assert_array_equal(ok1, ok2)
