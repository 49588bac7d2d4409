"""Property tests over random architectures, activations and data."""

import numpy as np
from hypothesis import assume, given
from hypothesis import strategies as st

import bplab as bp

DIFFERENTIABLE = ["sigmoid", "tanh", "relu", "linear"]


@st.composite
def problems(draw):
    sizes = draw(st.lists(st.integers(1, 5), min_size=2, max_size=5))
    activation = draw(st.sampled_from(DIFFERENTIABLE))
    output_activation = draw(st.sampled_from(DIFFERENTIABLE + [None]))
    N = draw(st.integers(1, 6))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    net = bp.MLP(sizes, activation=activation, output_activation=output_activation, rng=rng)
    for b in net.biases:  # non-zero biases, so that their gradients are tested too
        b[...] = rng.uniform(-0.5, 0.5, size=b.shape)
    X = rng.uniform(-1, 1, size=(N, sizes[0]))
    T = rng.uniform(-1, 1, size=(N, sizes[-1]))
    return net, X, T


def near_a_kink(net, X, h):
    """relu has no derivative at 0: a finite difference across it is not a test of backprop."""
    acts = net.activations()
    return any(
        a.name == "relu" and (np.abs(z) < 10 * h).any() for a, z in zip(acts, net.forward(X).nets)
    )


@given(problems())
def test_backward_equals_central_differences(problem):
    net, X, T = problem
    assume(not near_a_kink(net, X, 1e-3))
    assert bp.gradient_check(net, X, T) <= 1e-7


@given(problems())
def test_shapes_hold(problem):
    net, X, T = problem
    tr = net.forward(X)
    g = net.backward(tr, T)
    N = X.shape[0]
    assert [y.shape for y in tr.outputs] == [(N, n) for n in net.sizes]
    assert [w.shape for w in g.dW] == [w.shape for w in net.weights]
    assert [b.shape for b in g.db] == [b.shape for b in net.biases]
    assert [d.shape for d in g.deltas] == [(N, n) for n in net.sizes[1:]]


@given(problems())
def test_a_step_moves_every_parameter_that_has_a_gradient(problem):
    net, X, T = problem
    g = net.backward(net.forward(X), T)
    before = [p.copy() for p in net.weights + net.biases]
    net.step(X, T, eta=0.1)
    for p0, p, grad in zip(before, net.weights + net.biases, g.dW + g.db):
        # the step is -eta dE/dW; the loop computes it as (eta/N) Y^T delta, which may round
        # differently in the last bit, so compare the change, relative to the parameters' size
        ulp = 4 * np.finfo(float).eps * np.maximum(np.abs(p0), np.abs(p))
        np.testing.assert_allclose(p - p0, -0.1 * grad, rtol=1e-12, atol=ulp.max())
        assert (p[grad == 0] == p0[grad == 0]).all(), "a parameter without a gradient moved"
        big = np.abs(0.1 * grad) > ulp
        assert (p[big] != p0[big]).all(), "a parameter with a gradient did not move"


@given(problems())
def test_fit_full_batch_equals_steps(problem):
    net, X, T = problem
    other = net.copy()
    net.fit(X, T, eta=0.05, epochs=3, progress=False)
    for _ in range(3):
        other.step(X, T, eta=0.05)
    for p, q in zip(net.weights + net.biases, other.weights + other.biases):
        np.testing.assert_allclose(p, q, rtol=1e-11, atol=1e-14)
