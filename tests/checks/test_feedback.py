"""Every named mistake is recognised: feed the wrong answer, the message must name it."""

import numpy as np
import pytest
import sympy as sp

import bplab as bp
from bplab import check
from bplab.checks.feedback import CheckFailed, compare, hint_for
from bplab.checks.helpers import HINTS
from bplab.checks.tasks import TASKS

sig, dsig = bp.sigmoid, bp.d_sigmoid


# ---- right answers, written as a student would
def perceptron_step(w, b, x, t, eta):
    y = float(x @ w + b >= 0)
    return w + eta * (t - y) * x, b + eta * (t - y)


def perceptron_predict(w, b, X):
    return (X @ w + b >= 0).astype(float)


def train_and(X, t):
    w, b = np.zeros(2), 0.0
    for _ in range(100):
        for x_n, t_n in zip(X, t):
            w, b = perceptron_step(w, b, x_n, t_n, 1.0)
    return w, b


def mse(Y, T):
    return ((T - Y) ** 2).sum() / (2 * len(Y))


def mse_gradient(Y, T):
    return (Y - T) / len(Y)


def gd_step(A, y, theta, alpha):
    return theta - alpha * A.T @ (A @ theta - y) / len(y)


def sgd_epoch(A, y, theta, alpha, order):
    for n in order:
        theta = theta - alpha * A[n] * (A[n] @ theta - y[n])
    return theta


def minibatch_epoch(A, y, theta, alpha, order, k):
    for s in range(0, len(order), k):
        idx = order[s : s + k]
        theta = gd_step(A[idx], y[idx], theta, alpha)
    return theta


def delta(W, b, X, T):
    net = X @ W + b
    return (T - sig(net)) * dsig(net)


def delta_rule_step(W, b, X, T, eta):
    D = delta(W, b, X, T)
    return W + eta * X.T @ D / len(X), b + eta * D.mean(axis=0)


def output_delta(net, Y, T):
    return (T - Y) * Y * (1 - Y)


def hidden_delta(delta_next, W_next, net):
    return delta_next @ W_next.T * dsig(net)


def backward(W1, b1, W2, b2, X, T):
    N = len(X)
    net1 = X @ W1 + b1
    H = sig(net1)
    net2 = H @ W2 + b2
    Y = sig(net2)
    d2 = output_delta(net2, Y, T)
    d1 = hidden_delta(d2, W2, net1)
    return -X.T @ d1 / N, -d1.sum(0) / N, -H.T @ d2 / N, -d2.sum(0) / N


def neuron_gradient(w, b, x, t):
    y = sig(x @ w + b)
    g = -(t - y) * y * (1 - y)
    return g * x, g


def forward_pass(W1, b1, W2, b2, X):
    H = sig(X @ W1 + b1)
    return H, sig(H @ W2 + b2)


def train_xor(rng):
    X, T = bp.datasets.xor()
    net = bp.MLP([2, 4, 1], rng=rng)
    net.fit(X, T, eta=2.0, epochs=3000, rng=rng)
    return net


w_, x_, b_, t_ = sp.symbols("w x b t")
y_ = 1 / (1 + sp.exp(-(w_ * x_ + b_)))
XOR_BY_HAND = ([[1, 1], [1, 1]], [-0.5, -1.5], [[1], [-1]], [-0.5])

RIGHT = {
    "perceptron_step": perceptron_step,
    "perceptron_predict": perceptron_predict,
    "perceptron_learns_and": train_and,
    "mse": mse,
    "mse_gradient": mse_gradient,
    "sym_neuron_gradient": sp.diff((t_ - y_) ** 2 / 2, w_),
    "gd_step": gd_step,
    "sgd_epoch": sgd_epoch,
    "minibatch_epoch": minibatch_epoch,
    "delta": delta,
    "delta_rule_step": delta_rule_step,
    "output_delta": output_delta,
    "hidden_delta": hidden_delta,
    "backward": backward,
    "xor_network": train_xor,
    "xor_by_hand": XOR_BY_HAND,
    "neuron_gradient": neuron_gradient,
    "forward_pass": forward_pass,
}
# issue 13 item 4 (01, 03, 04, 06): their right answers live beside test_build_it.py
RIGHT.update(__import__("build_it_right").RIGHT)
# issue 13 (exercises 07 and 09): their right answers, a student's own Value class among them
RIGHT.update(__import__("right_07_09").RIGHT)

# ---- wrong answers, each with the mistake its message must name
WRONG = [
    (
        "perceptron_step",
        lambda w, b, x, t, eta: (perceptron_step(w, b, x, t, eta)[0], b),
        "bias not updated",
    ),
    (
        "perceptron_step",
        lambda w, b, x, t, eta: (
            2 * w - perceptron_step(w, b, x, t, eta)[0],
            2 * b - perceptron_step(w, b, x, t, eta)[1],
        ),
        "flipped sign",
    ),
    ("mse", lambda Y, T: ((T - Y) ** 2).sum() / 2, "forgotten 1/N"),
    ("mse", lambda Y, T: ((T - Y) ** 2).sum() / len(Y), "missing 1/2"),
    ("mse", lambda Y, T: ((T - Y) ** 2).mean() / 2, "mean over outputs too"),
    ("mse_gradient", lambda Y, T: (T - Y) / len(Y), "flipped sign"),
    ("mse_gradient", lambda Y, T: Y - T, "forgotten 1/N"),
    ("sym_neuron_gradient", -(t_ - y_) * x_, "missing f'"),
    ("sym_neuron_gradient", (t_ - y_) * y_ * (1 - y_) * x_, "flipped sign"),
    ("gd_step", lambda A, y, th, a: th - a * A.T @ (A @ th - y), "forgotten 1/N"),
    ("gd_step", lambda A, y, th, a: th + a * A.T @ (A @ th - y) / len(y), "flipped sign"),
    ("sgd_epoch", lambda A, y, th, a, o: th, "step not taken"),
    ("minibatch_epoch", lambda A, y, th, a, o, k: minibatch_epoch(A, y, th, a * k, o, k), None),
    ("delta", lambda W, b, X, T: T - sig(X @ W + b), "missing f'"),
    ("delta", lambda W, b, X, T: -delta(W, b, X, T), "flipped sign"),
    (
        "delta",
        lambda W, b, X, T: (T - sig(X @ W + b)) * dsig(sig(X @ W + b)),
        "derivative applied to the activated output",
    ),
    (
        "delta_rule_step",
        lambda W, b, X, T, eta: (delta_rule_step(W, b, X, T, eta)[0], b),
        "bias not updated",
    ),
    (
        "delta_rule_step",
        lambda W, b, X, T, eta: (
            W + eta * X.T @ delta(W, b, X, T),
            b + eta * delta(W, b, X, T).sum(axis=0),
        ),
        "forgotten 1/N",
    ),
    ("output_delta", lambda net, Y, T: T - Y, "missing f'"),
    ("output_delta", lambda net, Y, T: (Y - T) * Y * (1 - Y), "flipped sign"),
    (
        "output_delta",
        lambda net, Y, T: (T - Y) * dsig(Y),
        "derivative applied to the activated output",
    ),
    ("hidden_delta", lambda d, W, net: d @ W.T, "missing f'"),
    (
        "hidden_delta",
        lambda d, W, net: d @ W.T * dsig(sig(net)),
        "derivative applied to the activated output",
    ),
    ("hidden_delta", lambda d, W, net: (d.T.T @ W.T).T.T * dsig(net) * -1, "flipped sign"),
    ("backward", lambda *a: tuple(-g for g in backward(*a)), "flipped sign"),
    (
        "neuron_gradient",
        lambda w, b, x, t: tuple(-g for g in neuron_gradient(w, b, x, t)),
        "flipped sign",
    ),
    (
        "neuron_gradient",
        lambda w, b, x, t: (-(t - sig(x @ w + b)) * x, -(t - sig(x @ w + b))),
        "missing f'",
    ),
    (
        "forward_pass",
        lambda W1, b1, W2, b2, X: forward_pass(W1, 0 * b1, W2, 0 * b2, X),
        "bias left out",
    ),
    ("backward", lambda *a: tuple(len(a[4]) * g for g in backward(*a)), "forgotten 1/N"),
]


@pytest.mark.parametrize("name", list(TASKS))
def test_every_task_has_a_right_answer_that_passes(name):
    check.run(name, RIGHT[name], quiet=True)
    check.run(name, RIGHT[name], seed=123, quiet=True)  # and on other cases, as the grader uses


@pytest.mark.parametrize("name, answer, mistake", WRONG)
def test_named_mistakes_are_recognised(name, answer, mistake):
    with pytest.raises(CheckFailed) as info:
        check.run(name, answer)
    message = str(info.value)
    assert message.startswith(name)
    if mistake is not None:
        assert f"Likely mistake: {mistake}" in message
        assert hint_for(mistake, HINTS.get(name)) in message
    else:
        assert "expected:" in message and "got:" in message and "tolerance" in message


def test_every_catalogued_mistake_that_tasks_can_name_is_exercised():
    named = {m for _, _, m in WRONG if m}
    assert named >= {
        "missing f'",
        "flipped sign",
        "forgotten 1/N",
        "bias not updated",
        "derivative applied to the activated output",
        "missing 1/2",
    }


def test_missing_transpose_is_named_on_square_and_on_oblong_layers():
    # the first case is square: the product fits and gives numbers the check recognises; on the
    # second the product does not fit, and the error says why
    with pytest.raises(CheckFailed, match="Likely mistake: missing transpose"):
        check.run("hidden_delta", lambda d, W, net: (d @ W) * dsig(net))
    cases = TASKS["hidden_delta"].cases(np.random.default_rng(0))
    assert cases[0]["W_next"].shape[0] == cases[0]["W_next"].shape[1]
    assert cases[1]["W_next"].shape[0] != cases[1]["W_next"].shape[1]


def test_not_written_yet_and_exceptions_and_none():
    def stub(*args):
        raise NotImplementedError()

    with pytest.raises(CheckFailed, match="not written yet"):
        check.delta(stub)
    with pytest.raises(CheckFailed, match="your code raised ZeroDivisionError"):
        check.delta(lambda *a: 1 / 0)
    with pytest.raises(CheckFailed, match="Did you forget the `return`"):
        check.delta(lambda *a: None)


def test_compare_reports_transposed_shape():
    v = compare(np.zeros((3, 2)), np.zeros((2, 3)), name="dW")
    assert not v and "transposed shape" in v.message and v.mistake == "missing transpose"
    v = compare(np.ones((3, 2)), np.arange(6.0).reshape(2, 3), name="dW")
    assert not v and "transposed shape" in v.message and v.mistake == "missing transpose"


def test_xor_by_hand_wrong_network():
    with pytest.raises(CheckFailed, match="xor_by_hand"):
        check.xor_by_hand(([[1, 1], [1, 1]], [-0.5, -1.5], [[1], [1]], [-0.5]))  # that is OR


def test_two_slips_in_one_answer_are_both_named():
    def no_mean_no_bias(W, b, X, T, eta):
        return W + eta * X.T @ delta(W, b, X, T), b

    with pytest.raises(CheckFailed) as info:
        check.delta_rule_step(no_mean_no_bias)
    message = str(info.value)
    assert "delta_rule_step (W)" in message and "Likely mistake: forgotten 1/N" in message
    assert "delta_rule_step (b)" in message and "Likely mistake: bias not updated" in message


# ---- the catalogue of issue 10, one test a kind
pytestmark = pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")  # np.matrix answers


def _mistake(name, answer, seed=0):
    v = check.verdict(name, answer, seed=seed)
    assert not v, f"{name}: accepted"
    return v


def test_changed_in_place_is_named():
    def in_place(W, b, X, T, eta):
        D = delta(W, b, X, T)
        W += eta / len(X) * X.T @ D
        return W, b + eta * D.mean(axis=0)

    v = _mistake("delta_rule_step", in_place)
    assert v.mistake == "changed in place" and "`W`" in v.message


@pytest.mark.parametrize(
    "name, answer, says",
    [
        ("perceptron_predict", lambda w, b, X: X @ w + b >= 0, ".astype(float)"),
        ("perceptron_predict", lambda w, b, X: [float(v >= 0) for v in X @ w + b], "Python list"),
        ("mse_gradient", lambda Y, T: np.asmatrix((Y - T) / len(Y)), "np.matrix"),
        ("mse", lambda Y, T: ((T - Y) ** 2).sum(axis=0) / (2 * len(Y)), "one number"),
        (
            "perceptron_step",
            lambda w, b, x, t, eta: perceptron_step(w, b, x, t, eta)[0],
            "return (w, b)",
        ),
        (
            "forward_pass",
            lambda W1, b1, W2, b2, X: forward_pass(W1, b1, W2, b2, X)[1],
            "return (H, Y)",
        ),
    ],
)
def test_wrong_return_types_are_named_with_what_to_return(name, answer, says):
    v = _mistake(name, answer)
    assert v.mistake == "wrong return type" and says in v.message, v.message


@pytest.mark.parametrize(
    "name, answer",
    [
        ("perceptron_step", lambda w, b, x, t, eta: perceptron_step(w, b, x, t, eta)[::-1]),
        ("backward", lambda *a: backward(*a)[2:] + backward(*a)[:2]),
        ("neuron_gradient", lambda w, b, x, t: neuron_gradient(w, b, x, t)[::-1]),
        ("forward_pass", lambda *a: forward_pass(*a)[::-1]),
    ],
)
def test_wrong_order_is_named(name, answer):
    v = _mistake(name, answer)
    assert v.mistake == "wrong order" and "return (" in v.message


def test_greater_for_greater_equal_is_named_on_every_seed():
    for seed in range(20):
        v = _mistake("perceptron_predict", lambda w, b, X: (X @ w + b > 0).astype(float), seed)
        assert v.mistake == "> instead of >="
        v = _mistake(
            "perceptron_step",
            lambda w, b, x, t, eta: (
                w + eta * (t - float(x @ w + b > 0)) * x,
                b + eta * (t - float(x @ w + b > 0)),
            ),
            seed,
        )
        assert v.mistake == "> instead of >="


def test_a_hint_fits_its_question():
    v = _mistake("perceptron_predict", lambda w, b, X: (X @ w + b < 0).astype(float))
    assert v.mistake == "flipped comparison"
    assert "descent" not in v.message and "gradient" not in v.message
    v = _mistake(
        "perceptron_step",
        lambda w, b, x, t, eta: (
            w - eta * (t - float(x @ w + b >= 0)) * x,
            b - eta * (t - float(x @ w + b >= 0)),
        ),
    )
    assert v.mistake == "flipped sign" and "descent" not in v.message


def test_per_part_credit_details():
    def dW1_wrong(*a):
        dW1, db1, dW2, db2 = backward(*a)
        return 2 * dW1, db1, dW2, db2

    v = _mistake("backward", dW1_wrong)
    assert v.details["parts"] == {"dE/dW1": False, "dE/db1": True, "dE/dW2": True, "dE/db2": True}
    assert "dE/dW1 wrong; dE/db1, dE/dW2, dE/db2 right" in v.message


def test_credit_share_over_every_case():
    from bplab.checks.credit import credit_share

    task = TASKS["backward"]
    cases = task.cases(np.random.default_rng(0))

    def run(answer):
        from bplab.checks.calling import call_answer

        return [call_answer(task.spec(), answer, c) for c in cases]

    def bias_gradients_zero(*a):
        dW1, db1, dW2, db2 = backward(*a)
        return dW1, 0 * db1, dW2, 0 * db2

    assert credit_share(task, cases, run(backward)) == 1.0
    assert credit_share(task, cases, run(bias_gradients_zero)) == 0.5
    assert credit_share(task, cases, run(lambda *a: None)) == 0.0
    assert credit_share(TASKS["mse"], [], []) == 0.0


def test_an_earlier_answer_that_is_wrong_costs_only_its_own_question():
    def wrong_delta(W, b, X, T):
        return T - sig(X @ W + b)  # no f'

    def right_step(W, b, X, T, eta):
        D = wrong_delta(W, b, X, T)
        return W + eta / len(X) * X.T @ D, b + eta / len(X) * D.sum(axis=0)

    # graded on its own, right_step calls the reference delta, not the wrong one above
    namespace = {"np": np, "sig": sig}
    exec(
        "def delta(W, b, X, T):\n    return T - sig(X @ W + b)\n"
        "def delta_rule_step(W, b, X, T, eta):\n    D = delta(W, b, X, T)\n"
        "    return W + eta / len(X) * X.T @ D, b + eta / len(X) * D.sum(axis=0)\n",
        namespace,
    )
    check.delta_rule_step(namespace["delta_rule_step"])
    assert namespace["delta"].__name__ == "delta"  # the student's own is put back
    with pytest.raises(CheckFailed, match="missing f'"):
        check.delta(namespace["delta"])


def test_a_package_function_that_answers_the_question_is_switched_off():
    v = _mistake(
        "delta_rule_step",
        lambda W, b, X, T, eta: (
            bp.delta_rule_step(W, b, X, T, eta).W,
            bp.delta_rule_step(W, b, X, T, eta).b,
        ),
    )
    assert v.mistake == "package does the work" and "write it yourself" in v.message
    bp.delta_rule_step([[0.5]], [0.1], [[1.0]], [[0.0]], eta=0.1)  # and back on afterwards


def test_every_task_has_a_reference_and_sealed_functions_that_exist():
    from bplab.checks.calling import _resolve

    for name, task in TASKS.items():
        assert task.reference is not None, name
        for used in task.uses:
            assert used in TASKS and TASKS[used].reference is not None, (name, used)
        for sealed in task.sealed:
            func = _resolve(sealed)
            assert not func.__closure__, sealed


def test_references_agree_with_the_package():
    rng = np.random.default_rng(3)
    W1, b1, W2, b2 = (
        rng.normal(size=(3, 4)),
        rng.normal(size=4),
        rng.normal(size=(4, 2)),
        rng.normal(size=2),
    )
    X, T = rng.normal(size=(5, 3)), rng.random((5, 2))
    net = bp.MLP.from_params([W1, W2], [b1, b2])
    g = net.backward(net.forward(X), T)
    ref = TASKS["backward"].reference(W1, b1, W2, b2, X, T)
    for mine, theirs in zip(ref, (g.dW[0], g.db[0], g.dW[1], g.db[1])):
        np.testing.assert_allclose(mine, theirs, rtol=1e-12)
    s = bp.delta_rule_step(W1, b1, X, rng.random((5, 4)), eta=0.3)
    W, b = TASKS["delta_rule_step"].reference(W1, b1, X, s.Y * 0 + s.Y + s.delta * 0, 0.3)
    assert W.shape == W1.shape and b.shape == b1.shape
    assert TASKS["mse"].reference(X[:, :2], T) == pytest.approx(bp.mse(X[:, :2], T))


def test_perceptron_learns_and_names_its_slips():
    v = _mistake("perceptron_learns_and", lambda X, t: (np.array([1.0, 1.0]), -1.5))
    assert v.mistake == "hard-coded answer"
    v = _mistake("perceptron_learns_and", lambda X, t: train_and(X, t)[::-1])
    assert v.mistake == "wrong order"

    def bias_frozen(X, t):
        w = np.zeros(2)
        for _ in range(100):
            for x_n, t_n in zip(X, t):
                w = perceptron_step(w, 0.0, x_n, t_n, 1.0)[0]
        return w, 0.0

    assert _mistake("perceptron_learns_and", bias_frozen).mistake == "bias not updated"

    def one_epoch(X, t):
        w, b = np.zeros(2), 0.0
        for x_n, t_n in zip(X, t):
            w, b = perceptron_step(w, b, x_n, t_n, 1.0)
        return w, b

    assert _mistake("perceptron_learns_and", one_epoch).mistake == "not trained to zero mistakes"


@pytest.mark.parametrize(
    "hand, mistake",
    [
        (([[1, 1], [1, 1]], [-0.5, -1.5], [[1], [0]], [-0.5]), "computes OR"),
        (([[1, 1], [1, 1]], [-0.5, -1.5], [[0], [1]], [-0.5]), "computes AND"),
        (([[1, 1], [1, 1]], [-0.5, -1.5], [[-1], [1]], [0.5]), "computes XNOR"),
        (([[1, 1], [1, 1]], [-0.5, -1.5], [[1, -1]], [-0.5]), "wrong shape"),
        (([[1, 1], [1, 1]], [-0.5, -1.5], [[1], [-1]]), "wrong return type"),
        (([[1, 1], [1, 1]], [-0.5, -1.5], [[1], [-1]], [5.0]), "wrong threshold"),
        # thresholds exactly on the sums: right only if step(0) = 0
        (([[1, 1], [1, 1]], [0.0, -1.0], [[1], [-1]], [-0.5]), "> instead of >="),
    ],
)
def test_xor_by_hand_names_the_function_computed(hand, mistake):
    assert _mistake("xor_by_hand", hand).mistake == mistake


def _solved_xor():
    # set by hand, not with MLP.from_params: the grader removes that for the whole of notebook 06
    # (a build-it question seals it), and so does every self-check of that notebook
    net = bp.MLP([2, 2, 1], rng=np.random.default_rng(0))
    net.weights[0][:] = [[6.0, 6.0], [6.0, 6.0]]
    net.biases[0][:] = [-3.0, -9.0]
    net.weights[1][:] = [[10.0], [-10.0]]
    net.biases[1][:] = [-5.0]
    return net


def test_xor_network_that_ignores_its_rng_is_named():
    v = _mistake("xor_network", lambda rng: _solved_xor())
    assert v.mistake == "ignored rng" and "different rngs" in v.message

    calls = iter(range(1000))

    def fresh_each_call(rng):
        net = _solved_xor()
        net.weights[0][0, 0] += next(calls) * 1e-3  # not from rng: differs even for one rng
        return net

    v = _mistake("xor_network", fresh_each_call)
    assert v.mistake == "ignored rng" and "same rng" in v.message


def test_xor_network_slips():
    assert _mistake("xor_network", lambda rng: bp.MLP([2, 8, 1], rng=rng)).mistake in (
        "not trained enough",
        "trained on the wrong data",
    )
    one_layer = _mistake("xor_network", lambda rng: bp.MLP([2, 1], rng=rng))
    assert one_layer.mistake == "no hidden layer"

    def and_net(rng):
        net = _solved_xor()
        net.weights[1][:] = [[0.0], [10.0]]
        return net

    assert _mistake("xor_network", and_net).mistake == "trained on the wrong data"


def test_check_failed_renders_without_a_traceback():
    e = CheckFailed("delta: not the expected values.\n  expected: 1\n  got:      2")
    lines = e._render_traceback_()
    assert lines[0].endswith("delta: not the expected values.") and "CheckFailed" in lines[0]
    assert lines[1:] == ["  expected: 1", "  got:      2"]
    assert not any("Traceback" in line or "File " in line for line in lines)


def test_a_slow_answer_is_warned_about(monkeypatch):
    import time

    monkeypatch.setattr(check, "CALL_LIMIT_SECONDS", 0.01)

    def slow_mse(Y, T):
        time.sleep(0.02)
        return mse(Y, T)

    with pytest.warns(UserWarning, match="the grader stops a call after 0.01 s"):
        check.mse(slow_mse)


def test_an_endless_loop_is_stopped_with_a_message():
    import signal
    import time

    def endless(Y, T):
        while True:
            try:
                time.sleep(0.01)
            except Exception:  # noqa: BLE001 - an answer that swallows everything
                pass

    if not hasattr(signal, "setitimer"):
        pytest.skip("no interval timer on this system")
    start = time.perf_counter()
    v = check.verdict("mse", endless, stop_after=0.3)
    assert time.perf_counter() - start < 5
    assert not v and v.mistake == "too slow" and "endless loop" in v.message
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    check.mse(mse)  # and the next check runs as usual


def test_timing_constant_for_the_grader():
    assert check.CALL_LIMIT_SECONDS == 10.0
    assert check.STOP_AFTER_SECONDS > check.CALL_LIMIT_SECONDS


def test_xor_conditions_slips_at_the_boundaries_are_named():
    def theta_non_strict(w1, w2, theta):
        return np.array([theta >= 0, w2 >= theta, w1 >= theta, w1 + w2 < theta], dtype=float)

    def sum_non_strict(w1, w2, theta):
        return np.array([theta > 0, w2 >= theta, w1 >= theta, w1 + w2 <= theta], dtype=float)

    for seed in range(5):
        v = check.verdict("xor_conditions", theta_non_strict, seed=seed)
        assert not v and v.mistake == "non-strict at (0,0)", v.message
        v = check.verdict("xor_conditions", sum_non_strict, seed=seed)
        assert not v and v.mistake == "non-strict at (1,1)", v.message


@pytest.mark.parametrize(
    "name, formulas",
    [
        ("sigmoid_slope", ["s (1 - s)", "s(1 - s)", "s*(1 - s)"]),
        ("tanh_slope", ["1 - t^2", "1 - t**2", "(1 - t)(1 + t)"]),
        ("largest_stable_eta", ["2 / lambda", "2/lambda"]),
        ("hand_gradient", ["tanh(a b) +", "tanh(a*b) +"]),
    ],
)
def test_the_named_mistakes_of_pen_and_paper_questions_do_not_give_the_answer(name, formulas):
    """One wrong try must not hand over the result: the hints point at the step, not at it."""
    from bplab.checks.feedback import MISTAKES
    from bplab.checks.helpers import VARIANTS

    for mistake in {m for m, _ in VARIANTS[name]}:
        text = HINTS[name].get(mistake) or MISTAKES[mistake]
        for formula in formulas:
            assert formula not in text, (name, mistake, text)


def test_a_symbolic_answer_s_message_gives_its_point():
    a, b = sp.symbols("a b")
    v = check.verdict("hand_gradient", sp.tanh(a * b))
    assert not v and "at the point: a = " in v.message and ", b = " in v.message
    v = check.verdict("sigmoid_slope", sp.Symbol("s"))
    assert not v and "at the point: s = " in v.message


def _layer_deltas_slip(*, out_act=False, sigmoid_df=False, own_weights=False, of_y=None):
    def layer_deltas(weights, X, T, activation):
        act = bp.ACTIVATIONS[activation]
        out = act if out_act else bp.ACTIVATIONS["sigmoid"]
        nets, outs = [], [X]
        for h, W in enumerate(weights):
            nets.append(outs[-1] @ W)
            outs.append(out.f(nets[-1]) if h == len(weights) - 1 else act.f(nets[-1]))
        df_out = out.df(outs[-1]) if of_y == "output" else out.df(nets[-1])
        deltas = [(T - outs[-1]) * df_out]
        for h in reversed(range(len(weights) - 1)):
            W = weights[h] if own_weights else weights[h + 1]
            hidden = bp.ACTIVATIONS["sigmoid"] if sigmoid_df else act
            f = hidden.df(outs[h + 1]) if of_y == "hidden" else hidden.df(nets[h])
            deltas.insert(0, (deltas[0] @ W.T) * f)
        return np.array([np.linalg.norm(d) for d in deltas])

    return layer_deltas


@pytest.mark.parametrize(
    "how, mistake",
    [
        ({"out_act": True}, "activation at the output"),
        ({"sigmoid_df": True}, "activation ignored"),
        ({"own_weights": True}, "weights of the wrong layer"),
        ({"of_y": "hidden"}, "derivative applied to the activated output"),
        ({"of_y": "output"}, "derivative applied to the activated output"),
    ],
)
def test_layer_deltas_slips_are_named(how, mistake):
    for seed in range(3):
        v = check.verdict("layer_deltas", _layer_deltas_slip(**how), seed=seed)
        assert not v and v.mistake == mistake, v.message


def test_an_array_for_one_number_is_not_told_to_sum_it():
    # summing accuracy's hits gives the count, a named mistake of its own; summing 2 / lambda
    # means nothing
    v = check.verdict("accuracy", lambda Y, labels: Y.argmax(axis=1) == labels)
    assert not v and v.mistake == "wrong return type" and "sum" not in v.message, v.message
    v = check.verdict("largest_stable_eta", lambda A: 2 / np.linalg.eigvalsh(A))
    assert not v and v.mistake == "wrong return type" and "sum" not in v.message, v.message
