"""A held-aside set of wrong answers to the questions of issue 13 (item 4), written as students
err BEFORE those questions' checks existed.

FROZEN: written first, kept as it was since, so that what the checks make of it (named / generic /
wrongly named / accepted) is not tuned to it. Do not edit it to make the checks look better; add
new wrong answers to the catalogue or to tests/checks/test_build_it.py instead.

Entries as in heldout_wrong_answers.py: ``task``, ``mistake`` (what the author did on purpose),
``names`` (the catalogue names a good message may give; chosen before the catalogue had them),
``good`` (what a good message says) and ``source`` (defines ``answer``; runs with ``np``, ``bp``,
``sp`` and the sympy symbols ``w, x, b, t``). ``RIGHT_VARIANTS`` must pass; ``CASCADE`` holds right
answers that call a wrong earlier answer of the student's own, and must pass too.
"""

QUESTIONS = {
    "xor_conditions": "xor_conditions(w1, w2, theta) -> float array (4,): 1.0 where the unit "
    "y = step(w1 x1 + w2 x2 - theta) gives XOR's target on (0,0), (0,1), (1,0), (1,1)",
    "largest_stable_eta": "largest_stable_eta(A) -> the largest stable step of gradient descent "
    "on E(w) = 1/2 w.T A w - b.T w (A symmetric, positive definite)",
    "sigmoid_slope": "sigmoid_slope: sympy expression in s = sigmoid(z) equal to sigmoid'(z)",
    "tanh_slope": "tanh_slope: sympy expression in t = tanh(z) equal to tanh'(z)",
    "deep_forward": "deep_forward(weights, biases, X) -> [X, Y1, ..., YL], sigmoid layers",
    "deep_backward": "deep_backward(weights, biases, X, T) -> (dE/dW list, dE/db list)",
    "deep_train": "deep_train(weights, biases, X, T, eta, epochs) -> (weights, biases, losses)",
}

WRONG: list[dict] = []
RIGHT_VARIANTS: list[dict] = []
CASCADE: list[dict] = []


def _w(task, mistake, names, good, source):
    if names is None:
        RIGHT_VARIANTS.append({"task": task, "why": good, "source": source})
        return
    names = [names] if isinstance(names, str) else list(names)
    WRONG.append(
        {
            "task": task,
            "question": QUESTIONS[task],
            "mistake": mistake,
            "names": names,
            "good": good,
            "source": source,
        }
    )


# ------------------------------------------------------------------ xor_conditions
_w(
    "xor_conditions",
    "> for >=",
    "> instead of >=",
    "a net input of exactly 0 fires: step(0) = 1",
    """
def answer(w1, w2, theta):
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    y = (X @ np.array([w1, w2]) - theta > 0).astype(float)
    return (y == np.array([0, 1, 1, 0])).astype(float)
""",
)
_w(
    "xor_conditions",
    "threshold added",
    "threshold added",
    "the threshold is subtracted: net = w1 x1 + w2 x2 - theta",
    """
def answer(w1, w2, theta):
    out = []
    for (x1, x2), target in zip([(0, 0), (0, 1), (1, 0), (1, 1)], [0, 1, 1, 0]):
        y = 1.0 if w1 * x1 + w2 * x2 + theta >= 0 else 0.0
        out.append(1.0 if y == target else 0.0)
    return np.array(out)
""",
)
_w(
    "xor_conditions",
    "returned the outputs",
    "outputs, not conditions",
    "those are the unit's outputs; the question asks whether each equals XOR's target",
    """
def answer(w1, w2, theta):
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    return bp.step(X @ np.array([w1, w2]) - theta)
""",
)
_w(
    "xor_conditions",
    "OR's targets",
    "wrong targets",
    "XOR's targets are 0, 1, 1, 0",
    """
def answer(w1, w2, theta):
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    y = bp.step(X @ np.array([w1, w2]) - theta)
    return (y == np.array([0.0, 1.0, 1.0, 1.0])).astype(float)
""",
)
_w(
    "xor_conditions",
    "inputs in another order",
    "inputs in another order",
    "the order is (0,0), (0,1), (1,0), (1,1)",
    """
def answer(w1, w2, theta):
    return np.array([theta > 0, w1 >= theta, w2 >= theta, w1 + w2 < theta], dtype=float)
""",
)
_w(
    "xor_conditions",
    "booleans",
    "wrong return type",
    "return 0.0/1.0, not True/False",
    """
def answer(w1, w2, theta):
    return np.array([0 < theta, w2 >= theta, w1 >= theta, w1 + w2 < theta])
""",
)
_w(
    "xor_conditions",
    "1 where the unit is wrong",
    "conditions inverted",
    "1.0 where the target IS met, not where it fails",
    """
def answer(w1, w2, theta):
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    y = bp.step(X @ np.array([w1, w2]) - theta)
    return (y != np.array([0.0, 1.0, 1.0, 0.0])).astype(float)
""",
)
_w(
    "xor_conditions",
    "right, written as the inequalities",
    None,
    "the four inequalities themselves",
    """
def answer(w1, w2, theta):
    return np.array([0 < theta, w2 >= theta, w1 >= theta, w1 + w2 < theta], dtype=float)
""",
)

# ------------------------------------------------------------------ largest_stable_eta
_w(
    "largest_stable_eta",
    "1 / lambda_max",
    "half the limit",
    "that is half the limit: 2 / lambda_max",
    """
def answer(A):
    return 1.0 / np.linalg.eigvalsh(A).max()
""",
)
_w(
    "largest_stable_eta",
    "2 / lambda_min",
    "smallest eigenvalue",
    "the steepest direction (largest eigenvalue) limits the step",
    """
def answer(A):
    return 2.0 / min(np.linalg.eigvalsh(A))
""",
)
_w(
    "largest_stable_eta",
    "2 / trace",
    "trace for the largest eigenvalue",
    "the trace is the sum of all eigenvalues, not the largest",
    """
def answer(A):
    return 2 / np.trace(A)
""",
)
_w(
    "largest_stable_eta",
    "2 / largest diagonal entry",
    "diagonal for the eigenvalues",
    "the diagonal entries are not the eigenvalues unless A is diagonal",
    """
def answer(A):
    return 2 / A.diagonal().max()
""",
)
_w(
    "largest_stable_eta",
    "lambda_max / 2",
    "inverted limit",
    "2 / lambda_max, not lambda_max / 2",
    """
def answer(A):
    return np.linalg.eigvalsh(A)[-1] / 2
""",
)
_w(
    "largest_stable_eta",
    "first eigenvalue of np.linalg.eig (unsorted)",
    ["smallest eigenvalue", "trace for the largest eigenvalue"],
    "np.linalg.eig does not sort: take the largest",
    """
def answer(A):
    return float(2 / np.linalg.eig(A)[0][-1])
""",
)
_w(
    "largest_stable_eta",
    "Frobenius norm for lambda_max",
    "norm for the largest eigenvalue",
    "the Frobenius norm is not the largest eigenvalue",
    """
def answer(A):
    return 2 / np.linalg.norm(A)
""",
)
_w(
    "largest_stable_eta",
    "eigenvalues of A.T A",
    "eigenvalues of A squared",
    "A is already the Hessian: no A.T A",
    """
def answer(A):
    return 2 / np.linalg.eigvalsh(A.T @ A).max()
""",
)
_w(
    "largest_stable_eta",
    "right, with the spectral norm",
    None,
    "for a symmetric positive definite A, the 2-norm is lambda_max",
    """
def answer(A):
    return 2 / np.linalg.norm(A, 2)
""",
)

# ------------------------------------------------------------------ sigmoid_slope
_w(
    "sigmoid_slope",
    "tanh's 1 - s^2",
    "tanh's derivative",
    "that is tanh's derivative",
    """
s = sp.Symbol("s")
answer = 1 - s**2
""",
)
_w(
    "sigmoid_slope",
    "only s",
    "half of f'",
    "both factors s and 1 - s",
    """
s = sp.Symbol("s")
answer = s
""",
)
_w(
    "sigmoid_slope",
    "only 1 - s",
    "half of f'",
    "both factors s and 1 - s",
    """
s = sp.Symbol("s")
answer = 1 - s
""",
)
_w(
    "sigmoid_slope",
    "s (s - 1)",
    "flipped sign",
    "s (1 - s) is positive",
    """
s = sp.Symbol("s")
answer = s * (s - 1)
""",
)
_w(
    "sigmoid_slope",
    "sigmoid'(s): the derivative taken at s",
    "derivative applied to the activated output",
    "sigmoid'(s) is not sigmoid'(z): write it with s itself",
    """
s = sp.Symbol("s")
answer = sp.diff(1 / (1 + sp.exp(-s)), s)
""",
)
_w(
    "sigmoid_slope",
    "written in z",
    ["written in z, not s", "wrong variable"],
    "write it in terms of s",
    """
z = sp.Symbol("z")
answer = sp.exp(-z) / (1 + sp.exp(-z)) ** 2
""",
)
_w(
    "sigmoid_slope",
    "squared: s^2 (1 - s)",
    [],
    "not the expected value; s (1 - s)",
    """
s = sp.Symbol("s")
answer = s**2 * (1 - s)
""",
)
_w("sigmoid_slope", "s - s^2", None, "expanded", 's = sp.Symbol("s")\nanswer = s - s**2\n')

# ------------------------------------------------------------------ tanh_slope
_w(
    "tanh_slope",
    "the sigmoid's t (1 - t)",
    "sigmoid's derivative",
    "that is the sigmoid's derivative; tanh's is 1 - t^2",
    "answer = t * (1 - t)\n",
)
_w(
    "tanh_slope",
    "1 - t",
    "half of f'",
    "1 - t^2 = (1 - t)(1 + t)",
    "answer = 1 - t\n",
)
_w(
    "tanh_slope",
    "1 + t^2",
    "flipped sign",
    "1 MINUS t^2",
    "answer = 1 + t**2\n",
)
_w(
    "tanh_slope",
    "sech^2(t): the derivative taken at t",
    "derivative applied to the activated output",
    "tanh'(t) is not tanh'(z)",
    "answer = 1 / sp.cosh(t) ** 2\n",
)
_w(
    "tanh_slope",
    "1 - tanh(t)^2",
    "derivative applied to the activated output",
    "t is already tanh(z)",
    "answer = 1 - sp.tanh(t) ** 2\n",
)
_w(
    "tanh_slope",
    "t^2 - 1",
    "flipped sign",
    "1 - t^2 is positive",
    "answer = t**2 - 1\n",
)
_w(
    "tanh_slope",
    "(1 - t)^2",
    [],
    "not the expected value; 1 - t^2",
    "answer = (1 - t) ** 2\n",
)
_w("tanh_slope", "(1 - t)(1 + t)", None, "factored", "answer = (1 - t) * (1 + t)\n")

# ------------------------------------------------------------------ deep_forward
_w(
    "deep_forward",
    "no biases",
    "bias left out",
    "net = Y @ W + b",
    """
def answer(weights, biases, X):
    outputs = [X]
    for W in weights:
        outputs.append(bp.sigmoid(outputs[-1] @ W))
    return outputs
""",
)
_w(
    "deep_forward",
    "X not in the list",
    "input missing from the list",
    "the list starts with X",
    """
def answer(weights, biases, X):
    outs, Y = [], X
    for W, b in zip(weights, biases):
        Y = bp.sigmoid(Y @ W + b)
        outs.append(Y)
    return outs
""",
)
_w(
    "deep_forward",
    "net inputs",
    "returned the net inputs",
    "apply the sigmoid",
    """
def answer(weights, biases, X):
    outs = [X]
    for W, b in zip(weights, biases):
        net = outs[-1] @ W + b
        outs.append(net)
    return outs
""",
)
_w(
    "deep_forward",
    "linear output layer",
    "activation missing",
    "the output layer is a sigmoid too",
    """
def answer(weights, biases, X):
    outs = [X]
    L = len(weights)
    for h in range(L):
        net = outs[h] @ weights[h] + biases[h]
        outs.append(net if h == L - 1 else bp.sigmoid(net))
    return outs
""",
)
_w(
    "deep_forward",
    "only Y_L",
    "wrong return type",
    "return the list of every layer's output",
    """
def answer(weights, biases, X):
    Y = X
    for W, b in zip(weights, biases):
        Y = bp.sigmoid(Y @ W + b)
    return Y
""",
)
_w(
    "deep_forward",
    "X into every layer",
    ["X and H swapped", "shapes do not fit", "missing transpose"],
    "each layer takes the output of the layer below",
    """
def answer(weights, biases, X):
    outs = [X]
    for W, b in zip(weights, biases):
        outs.append(bp.sigmoid(X @ W + b))
    return outs
""",
)
_w(
    "deep_forward",
    "W.T",
    ["missing transpose", "shapes do not fit"],
    "rows are samples: Y @ W, W (n_in, n_out)",
    """
def answer(weights, biases, X):
    outs = [X]
    for W, b in zip(weights, biases):
        outs.append(bp.sigmoid(outs[-1] @ W.T + b))
    return outs
""",
)
_w(
    "deep_forward",
    "tanh",
    "wrong activation",
    "the layers are sigmoid",
    """
def answer(weights, biases, X):
    outs = [X]
    for W, b in zip(weights, biases):
        outs.append(np.tanh(outs[-1] @ W + b))
    return outs
""",
)
_w(
    "deep_forward",
    "right, with a tuple",
    None,
    "a tuple of outputs is a list too",
    """
def answer(weights, biases, X):
    outs = (X,)
    for W, b in zip(weights, biases):
        outs = outs + (1 / (1 + np.exp(-(outs[-1] @ W + b))),)
    return outs
""",
)

# ------------------------------------------------------------------ deep_backward
_BW = """
def deep_forward(weights, biases, X):
    outs = [X]
    for W, b in zip(weights, biases):
        outs.append(bp.sigmoid(outs[-1] @ W + b))
    return outs
"""


def _bw(mistake, names, good, body):
    _w("deep_backward", mistake, names, good, _BW + body)


_bw(
    "no f' at the output",
    "output f' missing",
    "delta_L = (T - Y) * Y * (1 - Y)",
    """
def answer(weights, biases, X, T):
    Ys = deep_forward(weights, biases, X)
    N, L = len(X), len(weights)
    dW, db = [None] * L, [None] * L
    delta = T - Ys[-1]
    for h in reversed(range(L)):
        dW[h] = -Ys[h].T @ delta / N
        db[h] = -delta.sum(axis=0) / N
        if h > 0:
            delta = (delta @ weights[h].T) * Ys[h] * (1 - Ys[h])
    return dW, db
""",
)
_bw(
    "no f' in the hidden layers",
    "hidden f' missing",
    "delta_h = (delta_{h+1} @ W.T) * Y_h (1 - Y_h)",
    """
def answer(weights, biases, X, T):
    Ys = deep_forward(weights, biases, X)
    N, L = len(X), len(weights)
    dW, db = [None] * L, [None] * L
    delta = (T - Ys[-1]) * Ys[-1] * (1 - Ys[-1])
    for h in reversed(range(L)):
        dW[h] = -Ys[h].T @ delta / N
        db[h] = -delta.sum(axis=0) / N
        if h > 0:
            delta = delta @ weights[h].T
    return dW, db
""",
)
_bw(
    "W not transposed",
    ["missing transpose", "shapes do not fit"],
    "delta @ W.T",
    """
def answer(weights, biases, X, T):
    Ys = deep_forward(weights, biases, X)
    N, L = len(X), len(weights)
    dW, db = [None] * L, [None] * L
    delta = (T - Ys[-1]) * Ys[-1] * (1 - Ys[-1])
    for h in reversed(range(L)):
        dW[h] = -Ys[h].T @ delta / N
        db[h] = -delta.sum(axis=0) / N
        if h > 0:
            delta = (delta @ weights[h]) * Ys[h] * (1 - Ys[h])
    return dW, db
""",
)
_bw(
    "no 1/N",
    "forgotten 1/N",
    "E averages over the N samples",
    """
def answer(weights, biases, X, T):
    Ys = deep_forward(weights, biases, X)
    L = len(weights)
    dW, db = [], []
    delta = (T - Ys[-1]) * Ys[-1] * (1 - Ys[-1])
    for h in range(L - 1, -1, -1):
        dW.insert(0, -Ys[h].T @ delta)
        db.insert(0, -delta.sum(axis=0))
        delta = (delta @ weights[h].T) * Ys[h] * (1 - Ys[h])
    return dW, db
""",
)
_bw(
    "sign: returned the descent direction",
    "flipped sign",
    "dE/dW = -(1/N) Y.T @ delta",
    """
def answer(weights, biases, X, T):
    Ys = deep_forward(weights, biases, X)
    N, L = len(X), len(weights)
    dW, db = [None] * L, [None] * L
    delta = (T - Ys[-1]) * Ys[-1] * (1 - Ys[-1])
    for h in reversed(range(L)):
        dW[h] = Ys[h].T @ delta / N
        db[h] = delta.sum(axis=0) / N
        if h > 0:
            delta = (delta @ weights[h].T) * Ys[h] * (1 - Ys[h])
    return dW, db
""",
)
_bw(
    "bias: sum over everything",
    ["bias summed over the wrong axis", "wrong shape"],
    "delta.sum(axis=0), one number per unit",
    """
def answer(weights, biases, X, T):
    Ys = deep_forward(weights, biases, X)
    N, L = len(X), len(weights)
    dW, db = [None] * L, [None] * L
    delta = (T - Ys[-1]) * Ys[-1] * (1 - Ys[-1])
    for h in reversed(range(L)):
        dW[h] = -Ys[h].T @ delta / N
        db[h] = -np.sum(delta) / N * np.ones_like(biases[h])
        if h > 0:
            delta = (delta @ weights[h].T) * Ys[h] * (1 - Ys[h])
    return dW, db
""",
)
_bw(
    "delta through W_h instead of W_{h+1}",
    ["weights of the wrong layer", "shapes do not fit", "missing transpose"],
    "the signal goes down through the weights above",
    """
def answer(weights, biases, X, T):
    Ys = deep_forward(weights, biases, X)
    N, L = len(X), len(weights)
    dW, db = [None] * L, [None] * L
    delta = (T - Ys[-1]) * Ys[-1] * (1 - Ys[-1])
    for h in reversed(range(L)):
        dW[h] = -Ys[h].T @ delta / N
        db[h] = -delta.sum(axis=0) / N
        if h > 0:
            delta = (delta @ weights[h - 1].T) * Ys[h] * (1 - Ys[h])
    return dW, db
""",
)
_bw(
    "sigmoid'(Y)",
    "derivative applied to the activated output",
    "f'(net) = Y (1 - Y), not d_sigmoid(Y)",
    """
def answer(weights, biases, X, T):
    Ys = deep_forward(weights, biases, X)
    N, L = len(X), len(weights)
    dW, db = [None] * L, [None] * L
    delta = (T - Ys[-1]) * bp.d_sigmoid(Ys[-1])
    for h in reversed(range(L)):
        dW[h] = -Ys[h].T @ delta / N
        db[h] = -delta.sum(axis=0) / N
        if h > 0:
            delta = (delta @ weights[h].T) * bp.d_sigmoid(Ys[h])
    return dW, db
""",
)
_bw(
    "only the output layer's gradient",
    ["only the last layer", "hidden f' missing"],
    "every layer has a gradient",
    """
def answer(weights, biases, X, T):
    Ys = deep_forward(weights, biases, X)
    N = len(X)
    delta = (T - Ys[-1]) * Ys[-1] * (1 - Ys[-1])
    dW = [np.zeros_like(W) for W in weights]
    db = [np.zeros_like(b) for b in biases]
    dW[-1] = -Ys[-2].T @ delta / N
    db[-1] = -delta.sum(axis=0) / N
    return dW, db
""",
)
_bw(
    "the output of the layer itself for its inputs",
    ["X and H swapped", "inputs of the wrong layer", "shapes do not fit", "missing transpose"],
    "dE/dW_h uses the output of the layer below, Y_{h-1}",
    """
def answer(weights, biases, X, T):
    Ys = deep_forward(weights, biases, X)
    N, L = len(X), len(weights)
    dW, db = [None] * L, [None] * L
    delta = (T - Ys[-1]) * Ys[-1] * (1 - Ys[-1])
    for h in reversed(range(L)):
        dW[h] = -Ys[h + 1].T @ delta / N
        db[h] = -delta.sum(axis=0) / N
        if h > 0:
            delta = (delta @ weights[h].T) * Ys[h] * (1 - Ys[h])
    return dW, db
""",
)
_bw(
    "right, with nets kept and bp.d_sigmoid(net)",
    None,
    "f' at the net input",
    """
def answer(weights, biases, X, T):
    nets, Ys = [], [X]
    for W, b in zip(weights, biases):
        nets.append(Ys[-1] @ W + b)
        Ys.append(bp.sigmoid(nets[-1]))
    N, L = X.shape[0], len(weights)
    deltas = [None] * L
    deltas[-1] = (T - Ys[-1]) * bp.d_sigmoid(nets[-1])
    for h in range(L - 2, -1, -1):
        deltas[h] = deltas[h + 1] @ weights[h + 1].T * bp.d_sigmoid(nets[h])
    return [-Ys[h].T @ deltas[h] / N for h in range(L)], [-d.mean(axis=0) for d in deltas]
""",
)
CASCADE.append(
    {
        "task": "deep_backward",
        "why": "calls a deep_forward of its own that forgets the biases",
        "source": """
def deep_forward(weights, biases, X):
    outs = [X]
    for W in weights:
        outs.append(bp.sigmoid(outs[-1] @ W))
    return outs

def answer(weights, biases, X, T):
    Ys = deep_forward(weights, biases, X)
    N, L = len(X), len(weights)
    dW, db = [None] * L, [None] * L
    delta = (T - Ys[-1]) * Ys[-1] * (1 - Ys[-1])
    for h in reversed(range(L)):
        dW[h] = -Ys[h].T @ delta / N
        db[h] = -delta.sum(axis=0) / N
        if h > 0:
            delta = (delta @ weights[h].T) * Ys[h] * (1 - Ys[h])
    return dW, db
""",
    }
)

# ------------------------------------------------------------------ deep_train
_TR = (
    _BW
    + """
def deep_backward(weights, biases, X, T):
    Ys = deep_forward(weights, biases, X)
    N, L = len(X), len(weights)
    dW, db = [None] * L, [None] * L
    delta = (T - Ys[-1]) * Ys[-1] * (1 - Ys[-1])
    for h in reversed(range(L)):
        dW[h] = -Ys[h].T @ delta / N
        db[h] = -delta.sum(axis=0) / N
        if h > 0:
            delta = (delta @ weights[h].T) * Ys[h] * (1 - Ys[h])
    return dW, db

def E(weights, biases, X, T):
    return ((T - deep_forward(weights, biases, X)[-1]) ** 2).sum() / (2 * len(X))
"""
)


def _tr(mistake, names, good, body):
    _w("deep_train", mistake, names, good, _TR + body)


_tr(
    "ascent",
    "flipped sign",
    "W <- W - eta dE/dW",
    """
def answer(weights, biases, X, T, eta, epochs):
    losses = []
    for _ in range(epochs):
        dW, db = deep_backward(weights, biases, X, T)
        weights = [W + eta * g for W, g in zip(weights, dW)]
        biases = [b + eta * g for b, g in zip(biases, db)]
        losses.append(E(weights, biases, X, T))
    return weights, biases, np.array(losses)
""",
)
_tr(
    "biases never move",
    "bias not updated",
    "b <- b - eta dE/db",
    """
def answer(weights, biases, X, T, eta, epochs):
    losses = []
    for _ in range(epochs):
        dW, db = deep_backward(weights, biases, X, T)
        weights = [W - eta * g for W, g in zip(weights, dW)]
        losses.append(E(weights, biases, X, T))
    return weights, biases, np.array(losses)
""",
)
_tr(
    "only the output layer learns",
    ["only the last layer updated", "only the last layer"],
    "every layer is updated",
    """
def answer(weights, biases, X, T, eta, epochs):
    weights, biases = list(weights), list(biases)
    losses = []
    for _ in range(epochs):
        dW, db = deep_backward(weights, biases, X, T)
        weights[-1] = weights[-1] - eta * dW[-1]
        biases[-1] = biases[-1] - eta * db[-1]
        losses.append(E(weights, biases, X, T))
    return weights, biases, np.array(losses)
""",
)
_tr(
    "updates W_h, then passes the signal down through the new W_h",
    "updated weights used for the signal below",
    "compute every delta with the weights of the forward pass, then update",
    """
def answer(weights, biases, X, T, eta, epochs):
    weights, biases = list(weights), list(biases)
    N, L = len(X), len(weights)
    losses = []
    for _ in range(epochs):
        Ys = deep_forward(weights, biases, X)
        delta = (T - Ys[-1]) * Ys[-1] * (1 - Ys[-1])
        for h in reversed(range(L)):
            weights[h] = weights[h] + eta * Ys[h].T @ delta / N
            biases[h] = biases[h] + eta * delta.sum(axis=0) / N
            if h > 0:
                delta = (delta @ weights[h].T) * Ys[h] * (1 - Ys[h])
        losses.append(E(weights, biases, X, T))
    return weights, biases, np.array(losses)
""",
)
_tr(
    "loss of the forward pass before the step",
    "loss before the step",
    "losses[k] is E after step k + 1",
    """
def answer(weights, biases, X, T, eta, epochs):
    losses = []
    for _ in range(epochs):
        losses.append(E(weights, biases, X, T))
        dW, db = deep_backward(weights, biases, X, T)
        weights = [W - eta * g for W, g in zip(weights, dW)]
        biases = [b - eta * g for b, g in zip(biases, db)]
    return weights, biases, np.array(losses)
""",
)
_tr(
    "every epoch starts again from the given weights",
    "steps not chained",
    "each step starts from the weights of the step before",
    """
def answer(weights, biases, X, T, eta, epochs):
    losses = []
    for _ in range(epochs):
        dW, db = deep_backward(weights, biases, X, T)
        new_w = [W - eta * g for W, g in zip(weights, dW)]
        new_b = [b - eta * g for b, g in zip(biases, db)]
        losses.append(E(new_w, new_b, X, T))
    return new_w, new_b, np.array(losses)
""",
)
_tr(
    "no eta",
    "missing eta",
    "the step is eta times the gradient",
    """
def answer(weights, biases, X, T, eta, epochs):
    losses = []
    for _ in range(epochs):
        dW, db = deep_backward(weights, biases, X, T)
        weights = [W - g for W, g in zip(weights, dW)]
        biases = [b - g for b, g in zip(biases, db)]
        losses.append(E(weights, biases, X, T))
    return weights, biases, np.array(losses)
""",
)
_tr(
    "updates the caller's arrays in place",
    "changed in place",
    "work on copies",
    """
def answer(weights, biases, X, T, eta, epochs):
    losses = []
    for _ in range(epochs):
        dW, db = deep_backward(weights, biases, X, T)
        for W, g in zip(weights, dW):
            W -= eta * g
        for b, g in zip(biases, db):
            b -= eta * g
        losses.append(E(weights, biases, X, T))
    return weights, biases, np.array(losses)
""",
)
_tr(
    "loss without the 1/N",
    ["forgotten 1/N", "loss without 1/N"],
    "E = 1/(2N) sum (t - y)^2",
    """
def answer(weights, biases, X, T, eta, epochs):
    losses = []
    for _ in range(epochs):
        dW, db = deep_backward(weights, biases, X, T)
        weights = [W - eta * g for W, g in zip(weights, dW)]
        biases = [b - eta * g for b, g in zip(biases, db)]
        losses.append(((T - deep_forward(weights, biases, X)[-1]) ** 2).sum() / 2)
    return weights, biases, np.array(losses)
""",
)
_tr(
    "right, losses as a Python list",
    None,
    "a list of floats is fine",
    """
def answer(weights, biases, X, T, eta, epochs):
    losses = []
    for _ in range(epochs):
        dW, db = deep_backward(weights, biases, X, T)
        weights = [W - eta * g for W, g in zip(weights, dW)]
        biases = [b - eta * g for b, g in zip(biases, db)]
        losses.append(float(E(weights, biases, X, T)))
    return weights, biases, losses
""",
)
CASCADE.append(
    {
        "task": "deep_train",
        "why": "calls a deep_backward of its own that forgets the 1/N",
        "source": _BW
        + """
def deep_backward(weights, biases, X, T):
    Ys = deep_forward(weights, biases, X)
    L = len(weights)
    dW, db = [None] * L, [None] * L
    delta = (T - Ys[-1]) * Ys[-1] * (1 - Ys[-1])
    for h in reversed(range(L)):
        dW[h] = -Ys[h].T @ delta
        db[h] = -delta.sum(axis=0)
        if h > 0:
            delta = (delta @ weights[h].T) * Ys[h] * (1 - Ys[h])
    return dW, db

def answer(weights, biases, X, T, eta, epochs):
    losses = []
    for _ in range(epochs):
        dW, db = deep_backward(weights, biases, X, T)
        weights = [W - eta * g for W, g in zip(weights, dW)]
        biases = [b - eta * g for b, g in zip(biases, db)]
        Y = deep_forward(weights, biases, X)[-1]
        losses.append(((T - Y) ** 2).sum() / (2 * len(X)))
    return weights, biases, np.array(losses)
""",
    }
)
