"""Answers to deep_backward that give nearly the gradient without backprop, and right answers
written many ways: the set for its exactness check (``exact=True`` in bplab.checks.ch06_xor).

Written before that check's threshold was chosen, and not edited since to fit it. Entries as in
heldout_build_it.py: ``WRONG`` must fail, with one of ``names``; ``RIGHT_VARIANTS`` must pass.
Each ``source`` defines ``answer(weights, biases, X, T)`` and runs with ``np`` and ``bp``.
"""

_E = """
def E(weights, biases, X, T):
    Y = X
    for W, b in zip(weights, biases):
        Y = 1 / (1 + np.exp(-(Y @ W + b)))
    return np.sum((T - Y) ** 2) / (2 * len(X))
"""

_DIFFERENCES = (
    _E
    + """
def answer(weights, biases, X, T):
    params = [W.astype(float) for W in weights] + [b.astype(float) for b in biases]
    grads = []
    for P in params:
        g = np.zeros_like(P)
        for i in np.ndindex(P.shape):
            old = P[i]
            STEP
            P[i] = old
        grads.append(g)
    L = len(weights)
    return grads[:L], grads[L:]

def at(params, L, X, T):
    return E(params[:L], params[L:], X, T)
"""
)

_CENTRAL = """P[i] = old + H; up = at(params, len(weights), X, T)
            P[i] = old - H; down = at(params, len(weights), X, T)
            g[i] = (up - down) / (2 * H)"""
_FORWARD = """e0 = at(params, len(weights), X, T)
            P[i] = old + H; g[i] = (at(params, len(weights), X, T) - e0) / H"""

WRONG = [
    {
        "task": "deep_backward",
        "mistake": f"central differences, h = {h}",
        "names": ["not exact: a numerical gradient?"],
        "source": _DIFFERENCES.replace("STEP", _CENTRAL.replace("H", h)),
    }
    for h in ("1e-3", "1e-4", "1e-5", "1e-6", "1e-7")
] + [
    {
        "task": "deep_backward",
        "mistake": f"forward differences, h = {h}",
        "names": ["not exact: a numerical gradient?"],
        "source": _DIFFERENCES.replace("STEP", _FORWARD.replace("H", h)),
    }
    for h in ("1e-6", "1e-8")
]

_BACKPROP = """
def answer(weights, biases, X, T):
    X, T = X.astype(DTYPE), T.astype(DTYPE)
    weights = [W.astype(DTYPE) for W in weights]
    biases = [b.astype(DTYPE) for b in biases]
    Ys = [X]
    for W, b in zip(weights, biases):
        Ys.append(1 / (1 + np.exp(-(Ys[-1] @ W + b))))
    N, L = len(X), len(weights)
    dW, db = [None] * L, [None] * L
    delta = (T - Ys[-1]) * Ys[-1] * (1 - Ys[-1])
    for h in reversed(range(L)):
        dW[h] = -Ys[h].T @ delta / N
        db[h] = -delta.sum(axis=0) / N
        if h > 0:
            delta = (delta @ weights[h].T) * Ys[h] * (1 - Ys[h])
    return [d.astype(float) for d in dW], [d.astype(float) for d in db]
"""

WRONG.append(
    {
        "task": "deep_backward",
        "mistake": "backprop in float32",
        "names": ["not exact: a numerical gradient?"],
        "source": _BACKPROP.replace("DTYPE", "np.float32"),
    }
)

RIGHT_VARIANTS = [
    {
        "task": "deep_backward",
        "why": "backprop, float64, derivative from the outputs",
        "source": _BACKPROP.replace("DTYPE", "np.float64"),
    },
    {
        "task": "deep_backward",
        "why": "backprop in long double",
        "source": _BACKPROP.replace("DTYPE", "np.longdouble"),
    },
    {
        "task": "deep_backward",
        "why": "one sample at a time, the gradients summed",
        "source": """
def answer(weights, biases, X, T):
    L = len(weights)
    dW = [np.zeros(W.shape) for W in weights]
    db = [np.zeros(b.shape) for b in biases]
    for x, t in zip(X, T):
        ys = [x]
        for W, b in zip(weights, biases):
            ys.append(bp.sigmoid(ys[-1] @ W + b))
        d = (t - ys[-1]) * ys[-1] * (1 - ys[-1])
        for h in range(L - 1, -1, -1):
            dW[h] -= np.outer(ys[h], d) / len(X)
            db[h] -= d / len(X)
            d = (weights[h] @ d) * ys[h] * (1 - ys[h])
    return dW, db
""",
    },
    {
        "task": "deep_backward",
        "why": "samples in columns (the transposed convention), einsum for the products",
        "source": """
def answer(weights, biases, X, T):
    A = [X.T]
    for W, b in zip(weights, biases):
        A.append(bp.sigmoid(W.T @ A[-1] + b[:, None]))
    N, L = X.shape[0], len(weights)
    dW, db = [None] * L, [None] * L
    d = (A[-1] - T.T) * bp.d_sigmoid(weights[-1].T @ A[-2] + biases[-1][:, None])
    for h in range(L - 1, -1, -1):
        dW[h] = np.einsum("in,jn->ij", A[h], d) / N
        db[h] = d.mean(axis=1)
        if h:
            net = weights[h - 1].T @ A[h - 1] + biases[h - 1][:, None]
            d = (weights[h] @ d) * bp.d_sigmoid(net)
    return dW, db
""",
    },
    {
        "task": "deep_backward",
        "why": "complex-step differentiation: a numerical method that is exact to rounding",
        "source": """
def answer(weights, biases, X, T):
    params = [W.astype(complex) for W in weights] + [b.astype(complex) for b in biases]
    L, grads = len(weights), []
    for P in params:
        g = np.zeros(P.shape)
        for i in np.ndindex(P.shape):
            old = P[i]
            P[i] = old + 1e-30j
            Y = X
            for W, b in zip(params[:L], params[L:]):
                Y = 1 / (1 + np.exp(-(Y @ W + b)))
            g[i] = (np.sum((T - Y) ** 2) / (2 * len(X))).imag / 1e-30
            P[i] = old
        grads.append(g)
    return grads[:L], grads[L:]
""",
    },
]
