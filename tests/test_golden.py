"""Every number seeds 002 and 003 work out, recomputed with bplab (see ../shared/seeds/README.md).

Where the printed number is wrong, the test pins the right one and says what the source printed.
"""

import numpy as np
import pytest

import bplab as bp


def approx(x, digits):
    return pytest.approx(x, abs=0.5 * 10.0**-digits)


# ---------------------------------------------------- the step-by-step example: the 2-2-2 network
@pytest.fixture
def worked():
    return bp.datasets.worked_example()


def test_step_by_step_example_forward_pass(worked):
    net, x, t, eta = worked
    tr = net.forward(x)
    assert tr.nets[0][0, 0] == approx(0.3775, 4)
    assert tr.outputs[1][0].tolist() == [approx(0.593269992, 9), approx(0.596884378, 9)]
    assert tr.nets[1][0, 0] == approx(1.105905967, 9)
    assert tr.outputs[2][0, 0] == approx(0.75136507, 8)  # printed once as 0.75136079: a typo
    assert tr.outputs[2][0, 1] == approx(0.772928465, 9)
    E = 0.5 * (t - tr.outputs[2]) ** 2
    assert E[0].tolist() == [approx(0.274811083, 9), approx(0.023560026, 9)]
    assert bp.mse(tr.outputs[2], t) == approx(0.298371109, 9)


def test_step_by_step_example_output_layer_chain_rule(worked):
    net, x, t, eta = worked
    tr = net.forward(x)
    g = net.backward(tr, t)
    y = tr.outputs[2][0, 0]
    assert y - t[0, 0] == approx(0.74136507, 8)  # dE/dout_o1
    assert y * (1 - y) == approx(0.186815602, 9)  # dout_o1/dnet_o1
    assert -g.deltas[1][0, 0] == approx(0.138498562, 9)  # the source's delta_o1 = dE/dnet_o1
    assert g.dW[1][0, 0] == approx(0.082167041, 9)  # dE/dw5


def test_step_by_step_example_hidden_layer_chain_rule(worked):
    net, x, t, eta = worked
    tr = net.forward(x)
    g = net.backward(tr, t)
    dE_dnet_o = -g.deltas[1][0]
    w5, w7 = net.weights[1][0]
    assert dE_dnet_o[0] * w5 == approx(0.055399425, 9)  # dE_o1/dout_h1
    # dE_o2/dout_h1 is -0.0190491183; the source prints -0.019049119 (rounded intermediates)
    assert dE_dnet_o[1] * w7 == pytest.approx(-0.019049119, abs=1e-9)
    assert dE_dnet_o @ net.weights[1][0] == approx(0.036350306, 9)  # dE_total/dout_h1
    h1 = tr.outputs[1][0, 0]
    assert h1 * (1 - h1) == approx(0.241300709, 9)
    assert g.dW[0][0, 0] == approx(0.000438568, 9)  # dE/dw1


def test_step_by_step_example_updated_weights(worked):
    net, x, t, eta = worked
    net.step(x, t, eta)
    (w1, w3), (w2, w4) = net.weights[0]
    (w5, w7), (w6, w8) = net.weights[1]
    assert [w5, w6, w7, w8] == [
        approx(0.35891648, 8),
        approx(0.408666186, 9),
        approx(0.511301270, 9),
        approx(0.561370121, 9),
    ]
    assert [w1, w2, w3, w4] == [
        approx(0.149780716, 9),
        approx(0.19956143, 8),
        approx(0.24975114, 8),
        approx(0.29950229, 8),
    ]


def train_frozen_biases(net, x, t, eta, steps):
    """The source's code: weights follow the gradient, biases never move."""
    for _ in range(steps):
        net.step(x, t, eta, update_biases=False)
    return net


def test_step_by_step_example_error_after_one_step(worked):
    net, x, t, eta = worked
    frozen = train_frozen_biases(net.copy(), x, t, eta, 1)
    # printed 0.291027924; the frozen-bias computation gives 0.291027774
    assert frozen.loss(x, t) == approx(0.291027774, 9)
    assert frozen.loss(x, t) != approx(0.291027924, 9)
    net.step(x, t, eta)  # updating the biases too lowers E a little more
    assert net.loss(x, t) < frozen.loss(x, t)


def test_step_by_step_example_after_ten_thousand_steps(worked):
    net, x, t, eta = worked
    train_frozen_biases(net, x, t, eta, 9999)
    assert net.loss(x, t) == pytest.approx(
        0.0000351085, abs=5e-11
    )  # the printed figure, one step early
    train_frozen_biases(net, x, t, eta, 1)
    assert net.loss(x, t) == pytest.approx(0.0000351019, abs=5e-11)
    assert net.predict(x)[0].tolist() == [approx(0.015913620, 9), approx(0.984064274, 9)]


def test_step_by_step_example_gradients_pass_the_check(worked):
    net, x, t, eta = worked
    assert bp.gradient_check(net, x, t) < 1e-8


# ------------------------------------------------------- the Neptune guide: one sigmoid neuron
def test_neptune_guide_single_neuron():
    W, b, x, t, eta = bp.datasets.neuron_example()
    s = bp.delta_rule_step(W, b, x, t, eta, activation="sigmoid")
    net_input = (x @ W + b)[0, 0]
    y = s.Y[0, 0]
    assert net_input == approx(1.94, 12)
    assert y == approx(0.874352143, 9)
    assert s.E == approx(0.356465271, 9)
    assert round(s.E, 3) == 0.356  # the source rounds it to "~0.357"
    assert y - t[0, 0] == approx(0.844352143, 9)
    assert y * (1 - y) == approx(0.109860473, 9)
    dE_dW = -s.dW[:, 0] / eta
    assert dE_dW.tolist() == [approx(0.009276093, 9), approx(0.027828278, 9)]
    assert s.W[:, 0].tolist() == [approx(0.49990723907, 11), approx(0.1997217172, 10)]


def test_neptune_guide_new_error_uses_the_other_rules_bias():
    W, b, x, t, eta = bp.datasets.neuron_example()
    y = bp.delta_rule_step(W, b, x, t, eta).Y[0, 0]
    # its earlier update rule, W(n+1) = W(n) + eta (d - Y) X with X = (+1, 0.1, 0.3)
    params = np.array([1.83, 0.5, 0.2]) + eta * (t[0, 0] - y) * np.array([1.0, 0.1, 0.3])
    # the source truncates: 0.1974669436 is printed as 0.197466943
    assert params.tolist() == [
        approx(1.821556479, 9),
        approx(0.499155648, 9),
        pytest.approx(0.197466943, abs=1e-9),
    ]
    W_new = bp.delta_rule_step(W, b, x, t, eta).W

    def E(weights, bias):
        out = bp.sigmoid(x @ weights + bias)[0, 0]
        return 0.5 * (t[0, 0] - out) ** 2

    # with the printed (rounded) new weights and that bias: the source's figure to the last digit
    printed_W = np.array([[0.49990723907], [0.1997217172]])
    assert E(printed_W, 1.821556479) == pytest.approx(0.35567134660719907, abs=1e-16)
    assert E(W_new, params[0]) == approx(0.355671347, 9)
    # with the bias left as it was, as backprop on the weights alone would leave it
    assert E(W_new, b[0]) == approx(0.356456666, 9)
