import numpy as np
import pytest

import bplab as bp


def make(sizes=(2, 3, 2), activation="sigmoid", output_activation=None, seed=0):
    return bp.MLP(list(sizes), activation=activation, output_activation=output_activation, rng=seed)


def test_shapes_and_dtypes(rng):
    net = make((3, 5, 4, 2))
    X = rng.random((7, 3))
    trace = net.forward(X)
    assert [y.shape for y in trace.outputs] == [(7, 3), (7, 5), (7, 4), (7, 2)]
    assert [z.shape for z in trace.nets] == [(7, 5), (7, 4), (7, 2)]
    np.testing.assert_array_equal(trace.outputs[0], X)
    g = net.backward(trace, rng.random((7, 2)))
    assert [w.shape for w in g.dW] == [w.shape for w in net.weights]
    assert [b.shape for b in g.db] == [b.shape for b in net.biases]
    assert [d.shape for d in g.deltas] == [(7, 5), (7, 4), (7, 2)]
    assert all(w.dtype == np.float64 for w in net.weights + net.biases)
    assert net.predict(X).shape == (7, 2)


def test_forward_is_the_formula(rng):
    net = make((2, 3, 1), activation="tanh", output_activation="linear")
    X = rng.random((4, 2))
    H = np.tanh(X @ net.weights[0] + net.biases[0])
    Y = H @ net.weights[1] + net.biases[1]
    np.testing.assert_allclose(net.predict(X), Y, rtol=1e-15)


def test_deltas_follow_the_sources_sign(rng):
    net = make((2, 3, 1))
    X, T = rng.random((5, 2)), rng.random((5, 1))
    tr = net.forward(X)
    g = net.backward(tr, T)
    Y = tr.outputs[-1]
    np.testing.assert_allclose(g.deltas[-1], (T - Y) * Y * (1 - Y), rtol=1e-14)
    np.testing.assert_allclose(g.dW[-1], -(tr.outputs[1].T @ g.deltas[-1]) / 5, rtol=1e-14)
    np.testing.assert_allclose(g.db[0], -g.deltas[0].mean(axis=0), rtol=1e-14)


def test_output_activation_none_means_same_as_hidden():
    assert make(activation="tanh").output_activation.name == "tanh"
    assert make(activation="tanh", output_activation="linear").output_activation.name == "linear"


def test_from_params_copies_and_checks():
    W = [np.ones((2, 2)), np.ones((2, 1))]
    b = [np.zeros(2), np.zeros(1)]
    net = bp.MLP.from_params(W, b)
    net.step([[1.0, 0.0]], [[0.0]], eta=0.5)
    assert W[0].sum() == 4.0 and b[0].sum() == 0.0  # the caller's arrays are untouched
    with pytest.raises(ValueError, match=r"biases\[1\] must have shape \(1,\)"):
        bp.MLP.from_params(W, [np.zeros(2), np.zeros(2)])
    with pytest.raises(ValueError, match=r"weights\[1\] has 3 rows but layer 1 has 2 neurons"):
        bp.MLP.from_params([np.ones((2, 2)), np.ones((3, 1))], [np.zeros(2), np.zeros(1)])


def test_repr_and_parameter_count():
    net = bp.MLP([2, 10, 1], rng=0)
    # (d + l + 1) q + l parameters for a d-q-l network
    assert net.n_params == (2 + 1 + 1) * 10 + 1
    assert (
        repr(net)
        == "MLP([2, 10, 1], activation='sigmoid', output_activation='sigmoid', parameters=41)"
    )


def test_same_seed_same_network_and_generator_accepted():
    a, b = bp.MLP([2, 4, 1], rng=3), bp.MLP([2, 4, 1], rng=np.random.default_rng(3))
    for wa, wb in zip(a.weights, b.weights):
        np.testing.assert_array_equal(wa, wb)
    with pytest.raises(
        TypeError, match="rng must be None, an int seed or a numpy.random.Generator"
    ):
        bp.MLP([2, 1], rng="seed")


@pytest.mark.parametrize("init", ["glorot", "uniform", "small"])
def test_inits(init):
    net = bp.MLP([3, 50, 2], rng=0, init=init)
    W = net.weights[0]
    if init == "uniform":
        assert W.min() >= 0 and W.max() < 1 and not net.biases[0].any()
    elif init == "small":
        assert np.abs(W).max() <= 0.25 and net.biases[0].any()
    else:
        assert np.abs(W).max() <= np.sqrt(6 / 53) and not net.biases[0].any()


# ------------------------------------------------------------------ bad input
@pytest.mark.parametrize(
    "sizes, message",
    [
        ([2, 0, 1], r"sizes\[1\] is 0: every layer needs at least one neuron"),
        ([2], "at least an input and an output layer"),
        ([2, 1.5, 1], r"sizes\[1\] must be a whole number"),
    ],
)
def test_bad_sizes(sizes, message):
    with pytest.raises((ValueError, TypeError), match=message):
        bp.MLP(sizes)


def test_unknown_activation_lists_names():
    with pytest.raises(ValueError, match="unknown activation 'sigmod'.*'sigmoid', 'tanh'"):
        bp.MLP([2, 1], activation="sigmod")


def test_wrong_input_columns_names_both():
    net = make((2, 3, 1))
    with pytest.raises(ValueError, match="X has 3 columns but the network's input layer has 2"):
        net.predict(np.zeros((4, 3)))


def test_wrong_target_columns_and_rows():
    net = make((2, 3, 1))
    X = np.zeros((4, 2))
    with pytest.raises(ValueError, match="T has 2 columns but the network's output layer has 1"):
        net.fit(X, np.zeros((4, 2)), eta=0.1, epochs=1)
    with pytest.raises(ValueError, match=r"X has 4 rows but T has 3.*\(4, 2\) and \(3, 1\)"):
        net.fit(X, np.zeros((3, 1)), eta=0.1, epochs=1)


def test_nan_and_inf_in_data():
    net = make((2, 3, 1))
    X = np.zeros((4, 2))
    X[2, 1] = np.nan
    with pytest.raises(ValueError, match=r"X contains 1 non-finite value.*index \(2, 1\)"):
        net.predict(X)
    with pytest.raises(ValueError, match="T contains 1 non-finite"):
        net.fit(np.zeros((1, 2)), [[np.inf]], eta=0.1, epochs=1)


@pytest.mark.parametrize("eta", [0, -0.1, np.nan])
def test_bad_learning_rate(eta):
    X, T = bp.datasets.xor()
    with pytest.raises(ValueError, match=r"eta \(the learning rate\) must be a finite number > 0"):
        make((2, 2, 1)).fit(X, T, eta=eta, epochs=1)
    with pytest.raises(ValueError, match="eta"):
        make((2, 2, 1)).step(X, T, eta=eta)


def test_bad_epochs_and_batch_size():
    X, T = bp.datasets.xor()
    with pytest.raises(ValueError, match="epochs must be > 0"):
        make((2, 2, 1)).fit(X, T, eta=0.1, epochs=0)
    with pytest.raises(ValueError, match="batch_size must be > 0"):
        make((2, 2, 1)).fit(X, T, eta=0.1, epochs=1, batch_size=0)


def test_divergence_names_epoch_and_eta_and_restores_the_network():
    X, T = bp.datasets.xor()
    net = bp.MLP([2, 8, 1], activation="relu", output_activation="linear", rng=0)
    before = [w.copy() for w in net.weights]
    with pytest.raises(
        bp.TrainingDiverged, match=r"in epoch \d+ with eta=1e\+06.*smaller learning rate"
    ):
        net.fit(X, T, eta=1e6, epochs=200, progress=False)
    for w0, w in zip(before, net.weights):
        np.testing.assert_array_equal(w0, w)


# ------------------------------------------------------------------ training
def test_step_changes_every_parameter(rng):
    net = make((3, 4, 2))
    before = [p.copy() for p in net.weights + net.biases]
    net.step(rng.random((5, 3)), rng.random((5, 2)), eta=0.5)
    for p0, p in zip(before, net.weights + net.biases):
        assert (p0 != p).all()


def test_step_returns_loss_before_and_descends(rng):
    net = make((3, 4, 2))
    X, T = rng.random((6, 3)), rng.random((6, 2))
    E0 = net.loss(X, T)
    assert net.step(X, T, eta=0.1) == pytest.approx(E0, rel=1e-15)
    assert net.loss(X, T) < E0


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "linear"])
def test_full_batch_fit_equals_repeated_steps(activation, rng):
    X, T = rng.random((6, 3)), rng.random((6, 2))
    a = bp.MLP([3, 5, 4, 2], activation=activation, output_activation="sigmoid", rng=1)
    b = a.copy()
    hist = a.fit(X, T, eta=0.3, epochs=7, progress=False)
    losses = []
    for _ in range(7):
        b.step(X, T, eta=0.3)
        losses.append(b.loss(X, T))
    for p, q in zip(a.weights + a.biases, b.weights + b.biases):
        np.testing.assert_allclose(p, q, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(hist.loss, losses, rtol=1e-12)
    assert hist.updates == 7 and hist.batch_size == 6


@pytest.mark.parametrize("batch_size", [1, 4])
def test_minibatch_fit_equals_manual_loop(batch_size, rng):
    X, T = rng.random((10, 2)), rng.random((10, 1))
    a = bp.MLP([2, 3, 1], activation="tanh", output_activation="sigmoid", rng=2)
    b = a.copy()
    hist = a.fit(X, T, eta=0.2, epochs=3, batch_size=batch_size, rng=5, progress=False)
    gen = np.random.default_rng(5)
    losses, updates = [], 0
    for _ in range(3):
        order = gen.permutation(10)
        for s in range(0, 10, batch_size):
            idx = order[s : s + batch_size]
            b.step(X[idx], T[idx], eta=0.2)
            updates += 1
        losses.append(b.loss(X, T))
    for p, q in zip(a.weights + a.biases, b.weights + b.biases):
        np.testing.assert_allclose(p, q, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(hist.loss, losses, rtol=1e-12)
    assert hist.updates == updates == 3 * int(np.ceil(10 / batch_size))


def test_fit_is_deterministic_given_rng():
    X, T = bp.datasets.xor()
    runs = [
        bp.MLP([2, 3, 1], rng=0).fit(X, T, eta=0.5, epochs=50, batch_size=1, rng=9, progress=False)
        for _ in range(2)
    ]
    np.testing.assert_array_equal(runs[0].loss, runs[1].loss)


def test_progress_output(capsys):
    X, T = bp.datasets.xor()
    bp.MLP([2, 2, 1], rng=0).fit(X, T, eta=0.1, epochs=30, progress=10)
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("loss")[0].strip() for line in lines] == [
        "epoch  1/30",
        "epoch 10/30",
        "epoch 20/30",
        "epoch 30/30",
    ]
    bp.MLP([2, 2, 1], rng=0).fit(X, T, eta=0.1, epochs=30, progress=False)
    bp.MLP([2, 2, 1], rng=0).fit(X, T, eta=0.1, epochs=30)  # short runs are quiet by default
    assert capsys.readouterr().out == ""


def test_history_repr_and_length():
    X, T = bp.datasets.xor()
    hist = bp.MLP([2, 2, 1], rng=0).fit(X, T, eta=0.1, epochs=12, progress=False)
    assert len(hist.loss) == hist.epochs == 12
    assert repr(hist).startswith(
        "History(epochs=12, updates=12, eta=0.1, batch_size=4, final loss="
    )


def test_step_can_leave_the_biases_alone(rng):
    net = make((3, 4, 2))
    X, T = rng.random((5, 3)), rng.random((5, 2))
    biases = [b.copy() for b in net.biases]
    weights = [W.copy() for W in net.weights]
    net.step(X, T, eta=0.5, update_biases=False)
    for b0, b in zip(biases, net.biases):
        np.testing.assert_array_equal(b0, b)
    assert all((W0 != W).all() for W0, W in zip(weights, net.weights))


def test_a_custom_activation_trains_as_written_whatever_its_name():
    # named "sigmoid" but tanh inside: fit and step must both run tanh, with its own derivative
    X, T = bp.datasets.xor()
    odd = bp.Activation("sigmoid", bp.tanh, bp.d_tanh)
    a = bp.MLP([2, 3, 1], activation=odd, rng=4)
    b, c = a.copy(), bp.MLP([2, 3, 1], activation="tanh", rng=4)
    a.fit(X, T, eta=0.3, epochs=5, progress=False)
    for _ in range(5):
        b.step(X, T, eta=0.3)
    c.fit(X, T, eta=0.3, epochs=5, progress=False)
    for p, q, r in zip(a.weights + a.biases, b.weights + b.biases, c.weights + c.biases):
        np.testing.assert_allclose(p, q, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(p, r, rtol=1e-12, atol=1e-15)
    # a wrong derivative under a built-in's name is used as written, not replaced by the right one
    wrong = bp.Activation("sigmoid", bp.sigmoid, lambda z: np.ones_like(z))
    w, s = bp.MLP([2, 3, 1], activation=wrong, rng=4), bp.MLP([2, 3, 1], rng=4)
    w.fit(X, T, eta=0.3, epochs=5, progress=False)
    s.fit(X, T, eta=0.3, epochs=5, progress=False)
    assert not np.allclose(w.weights[0], s.weights[0])


def test_the_formulas_are_written_once_and_fit_calls_them(monkeypatch):
    from bplab import network

    calls = []
    real = network.learning_signals
    monkeypatch.setattr(network, "learning_signals", lambda *a: calls.append(1) or real(*a))
    X, T = bp.datasets.xor()
    bp.MLP([2, 3, 1], rng=0).fit(X, T, eta=0.5, epochs=7, progress=False)
    bp.ensemble.MLPStack.from_seeds([2, 3, 1], seeds=range(3)).fit(X, T, 0.5, epochs=4)
    assert len(calls) == 7 + 4


# ------------------------------------------------------------------ speed work changes no result
# Recorded from the implementation before the training loop was made faster (issues 11, 13):
# for each case, E at three epochs (or the losses it returns) and every parameter afterwards
# (weights then biases, flattened). The faster loop must give these to float rounding.
RECORDED = {
    "full": (
        [0.15533829981445557, 0.12499738948177251, 0.12492986154210395],
        [
            0.5992655211126855,
            0.33093073329511546,
            0.05679530829475495,
            -0.005658368078846371,
            0.8092275270467763,
            0.8840971801724428,
            0.28777326879365406,
            0.4073763690714484,
            0.1800643795623687,
            -0.0579816178855563,
            -0.022008543925372374,
            -0.04066170916238854,
            -0.5238514968932755,
        ],
    ),
    "sgd": (
        [0.12883323577646438, 0.11643849532183367, 0.10364358327762443],
        [
            1.0927996363033738,
            1.217232921701514,
            -0.728264986881453,
            1.1871552545296042,
            -0.5171047618313498,
            -0.11055101220523968,
            1.0285795720419508,
            -0.5589393651041118,
            0.0873942629833741,
            -0.0391509814944543,
            0.33596755378064613,
            0.013374446755928434,
            -0.3432712851154265,
        ],
    ),
    "minibatch": (
        [0.17399219792766618, 0.06645179318260395, 0.05659469495255327],
        [
            -0.441408555307727,
            -0.31464644001278763,
            0.6154460285601568,
            -0.7556248463361445,
            0.18535015787361342,
            0.4880463994274381,
            -0.5190985753226508,
            -0.8237083877333096,
            -0.4166757645142243,
            0.3367915877700432,
            0.026783317534929966,
            -0.6479587806016691,
            -0.13473841839042566,
            0.3385945971490405,
            -0.06060972448282992,
            0.37998797270876833,
            0.9008903323614316,
            0.40604785895472195,
            -0.21675033383994768,
            -0.6254948605598039,
            0.0,
            0.07539912812547965,
            0.10121969496443861,
            0.0,
            0.27125356233295167,
            0.3308642991065065,
        ],
    ),
    "custom_deep": (
        [0.1274972547366247, 0.11172735804040747, 0.10477340205653804],
        [
            -0.9129081142268876,
            -0.5194876309529618,
            0.6225076475370184,
            0.16535431255293548,
            -1.0026384015218097,
            -0.15467712537696698,
            0.12719923541263733,
            -0.6523100825216464,
            0.4031360516335125,
            -0.8800474608665939,
            -0.21984891612213198,
            -0.10706503196077044,
            -0.11616520109402169,
            0.10928642057944475,
            0.5894996804548701,
            0.8077611332920338,
            -0.3460025158793553,
            0.16670879924162965,
            0.27706874388316854,
            -0.4387733803980923,
            -1.277694557875512,
            1.1449590476395826,
            -0.4879544416462287,
            0.08432317933901955,
            0.013422496224738664,
            0.0007599370255540108,
            -0.036442666378352216,
            0.22585916755867086,
            -0.0664508580991916,
            0.10386885919049814,
            -0.16440904746826707,
        ],
    ),
    "step_weights_only": (
        [0.13447856956402726, 0.13385326516186866, 0.1332668645464783],
        [
            0.9618296151243583,
            0.03293387620502994,
            1.034581357120346,
            -0.9233747799725941,
            0.23843297077381792,
            -0.2722268586564947,
            0.7052308440492441,
            -0.8267960336700327,
            0.8722833414068075,
            0.0,
            0.0,
            0.0,
            0.0,
        ],
    ),
    "stack_full": (
        [
            0.12489601186976275,
            0.1246650712397663,
            0.11741281341347948,
            0.08705119060155639,
            0.008432832324972623,
        ],
        [
            -1.495798916652327,
            -3.450322355922398,
            0.06230213806057229,
            0.0031065231678331223,
            -3.3802072944301527,
            -0.8607988821121567,
            1.1937262284391108,
            -3.5717623193720685,
            0.7739266343537621,
            0.07271373830038733,
            0.42202960996463795,
            -0.10388720630461291,
            -0.05932588105022091,
        ],
    ),
    "stack_sgd_wrong": (
        [0.12270145081626158, 0.10399451831203704, 0.1250255967628715, 0.12483403967303572],
        [
            -0.4756795546588909,
            -0.14504635932148593,
            0.6357567838504984,
            -0.7426148212007033,
            -0.034042390839361565,
            0.006159287335983851,
            -0.03630568098163411,
            0.3614863684615622,
            0.5492798746304612,
        ],
    ),
    "derivation": (
        [0.28154699547834405, 0.1224140457314091, 0.1306226470937232, 0.12165114475781084],
        [
            -0.02658842511731613,
            0.37564811823195987,
            -0.10567703157169567,
            -0.006555962089661799,
            0.27710935012998394,
            0.0034879092407311676,
            0.23185566189661574,
            0.5281304381022627,
            0.015407510171100307,
            0.13428533265668693,
            0.7086496428000596,
            -0.005639531482859394,
        ],
    ),
}


def _recorded_case(name):
    from bplab.chapters import experiments, mistakes
    from bplab.ensemble import MLPStack

    X, T = bp.datasets.xor()
    g = np.random.default_rng(0)
    Xr, Tr = g.random((10, 3)), g.random((10, 2))

    def params(net):
        return np.concatenate([p.ravel() for p in net.weights + net.biases])

    if name == "full":
        net = bp.MLP([2, 3, 1], "sigmoid", rng=0, init="uniform")
        return net.fit(X, T, eta=0.5, epochs=300).loss[[0, 99, 299]], params(net)
    if name == "sgd":
        net = bp.MLP([2, 3, 1], "tanh", "sigmoid", rng=1)
        h = net.fit(X, T, eta=0.2, epochs=100, batch_size=1, rng=3)
        return h.loss[[0, 49, 99]], params(net)
    if name == "minibatch":
        net = bp.MLP([3, 4, 2], "relu", "linear", rng=2)
        h = net.fit(Xr, Tr, eta=0.05, epochs=20, batch_size=4, rng=5)
        return h.loss[[0, 9, 19]], params(net)
    if name == "custom_deep":
        net = bp.MLP([2, 4, 3, 1], bp.Activation("mine", bp.tanh, bp.d_tanh), "sigmoid", rng=3)
        return net.fit(X, T, eta=0.3, epochs=50).loss[[0, 24, 49]], params(net)
    if name == "step_weights_only":
        net = bp.MLP([2, 3, 1], "sigmoid", rng=4)
        E = [net.step(X, T, 0.7, update_biases=False) for _ in range(3)]
        return np.array(E), params(net)
    if name == "stack_full":
        s = MLPStack.from_seeds([2, 3, 1], range(5), "sigmoid")
        h = s.fit(X, T, eta=[0.5, 1.0, 2.0, 4.0, 8.0], epochs=200)
        return h.final, params(s.network(3))
    if name == "stack_sgd_wrong":
        wrong = mistakes.derivative_of_output("tanh")
        s = MLPStack([bp.MLP([2, 2, 1], wrong, rng=k) for k in range(4)])
        h = s.fit(X, T, eta=0.2, epochs=50, batch_size=1, rng=7)
        return h.final, params(s.network(2))
    if name == "derivation":
        W = experiments.derivation_network(rng=1)
        run = experiments.derivation_train(W, X, T, steps=300, rng=2)
        return run.loss, np.concatenate([V.ravel() for V in run.weights])
    raise KeyError(name)


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_results_are_those_recorded_before_the_speed_work(name):
    loss, params = _recorded_case(name)
    want_loss, want_params = RECORDED[name]
    np.testing.assert_allclose(loss, want_loss, rtol=1e-10, atol=1e-15)
    np.testing.assert_allclose(params, want_params, rtol=1e-10, atol=1e-13)
