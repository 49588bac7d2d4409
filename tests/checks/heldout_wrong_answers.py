"""A held-aside set of wrong answers, written the way students err, before the checks were improved.

FROZEN: written before the checks of issue 10 were changed and kept as it was since, so that the
numbers measured on it (named correctly / generic / wrongly named / accepted) are not tuned to it.
Do not edit it to make the checks look better; add new wrong answers to the catalogue tests instead.

Each entry:
- ``task``: the question (a key of ``bplab.checks.tasks.TASKS``);
- ``question``: what the student was asked to write;
- ``mistake``: the mistake the author made on purpose;
- ``names``: the catalogue names a good message may give (the first is the intended one);
- ``good``: what a good message says;
- ``source``: the student's code; it defines ``answer`` (a function, or the value handed in). It
  runs with ``np``, ``bp``, ``sp``, the sympy symbols ``w, x, b, t`` and ``X_xor, T_xor`` defined.

``CASCADE`` holds right answers whose *earlier* question is wrong: graded on its own, each must pass.
"""

QUESTIONS = {
    "perceptron_predict": "perceptron_predict(w, b, X) -> y (N,) of 0.0/1.0, y = step(X @ w + b)",
    "perceptron_step": "perceptron_step(w, b, x, t, eta) -> (new w, new b)",
    "perceptron_learns_and": "train a perceptron on AND from w = 0, b = 0, eta = 1; return (w, b)",
    "mse": "mse(Y, T) -> E = 1/(2N) sum (t - y)^2",
    "mse_gradient": "mse_gradient(Y, T) -> dE/dY (N, l)",
    "sym_neuron_gradient": "dE_dw: sympy dE/dw of E = (t - sigmoid(w x + b))^2 / 2",
    "gd_step": "gd_step(A, y, theta, alpha) -> theta after one batch step on J = 1/(2m)|A th - y|^2",
    "sgd_epoch": "sgd_epoch(A, y, theta, alpha, order) -> theta after one step per sample, in order",
    "minibatch_epoch": "minibatch_epoch(A, y, theta, alpha, order, k) -> theta, batches of k",
    "delta": "delta(W, b, X, T) -> (T - Y) * f'(net) of a sigmoid layer",
    "delta_rule_step": "delta_rule_step(W, b, X, T, eta) -> (new W, new b)",
    "neuron_gradient": "neuron_gradient(w, b, x, t) -> (dE/dw, dE/db), E = (t - y)^2/2",
    "output_delta": "output_delta(net, Y, T) -> delta of a sigmoid output layer",
    "hidden_delta": "hidden_delta(delta_next, W_next, net) -> delta of a sigmoid hidden layer",
    "backward": "backward(W1, b1, W2, b2, X, T) -> (dE/dW1, dE/db1, dE/dW2, dE/db2)",
    "forward_pass": "forward_pass(W1, b1, W2, b2, X) -> (H, Y) of a sigmoid 2-layer net",
    "xor_by_hand": "(W1, b1, W2, b2) of a 2-2-1 step network that computes XOR",
    "xor_network": "train_xor(rng) -> a trained bp.MLP that solves XOR",
}

WRONG: list[dict] = []
RIGHT_VARIANTS: list[dict] = []  # answers written differently but right: each must pass

# the student's right answers to the earlier questions, in scope for every answer
PRELUDE = """
def perceptron_predict(w, b, X):
    return (X @ w + b >= 0).astype(float)

def perceptron_step(w, b, x, t, eta):
    y = float(x @ w + b >= 0)
    return w + eta * (t - y) * x, b + eta * (t - y)

def gd_step(A, y, theta, alpha):
    return theta - alpha * A.T @ (A @ theta - y) / len(y)

def delta(W, b, X, T):
    net = X @ W + b
    return (T - bp.sigmoid(net)) * bp.d_sigmoid(net)

def output_delta(net, Y, T):
    return (T - Y) * Y * (1 - Y)

def hidden_delta(delta_next, W_next, net):
    return (delta_next @ W_next.T) * bp.d_sigmoid(net)
"""


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


# ------------------------------------------------------------------ perceptron_predict
P = "perceptron_predict"
_w(
    P,
    "> instead of >=",
    "> instead of >=",
    "a net input of exactly 0 fires (step(0) = 1)",
    "def answer(w, b, X):\n    return (X @ w + b > 0).astype(float)",
)
_w(
    P,
    "< comparison (flipped)",
    ["flipped comparison", "flipped sign"],
    "the comparison is the wrong way round: fire when net >= 0",
    "def answer(w, b, X):\n    return (X @ w + b < 0).astype(float)",
)
_w(
    P,
    "<= comparison",
    ["flipped comparison", "flipped sign"],
    "fires for net >= 0, not <= 0",
    "def answer(w, b, X):\n    return (X @ w + b <= 0).astype(float)",
)
_w(
    P,
    "bias left out",
    "bias left out",
    "net = X @ w + b: the bias is missing",
    "def answer(w, b, X):\n    return (X @ w >= 0).astype(float)",
)
_w(
    P,
    "bias subtracted",
    "bias subtracted",
    "net = X @ w + b, not X @ w - b",
    "def answer(w, b, X):\n    return (X @ w - b >= 0).astype(float)",
)
_w(
    P,
    "returns bool",
    "wrong return type",
    "return floats 0.0/1.0: .astype(float)",
    "def answer(w, b, X):\n    return X @ w + b >= 0",
)
_w(
    P,
    "returns a list",
    "wrong return type",
    "return a numpy array",
    "def answer(w, b, X):\n    return [float(v >= 0) for v in X @ w + b]",
)
_w(
    P,
    "returns net, not step",
    "step missing",
    "apply the step to the net input",
    "def answer(w, b, X):\n    return X @ w + b",
)
_w(
    P,
    "sigmoid instead of step",
    "sigmoid instead of step",
    "the perceptron uses the step",
    "def answer(w, b, X):\n    return bp.sigmoid(X @ w + b)",
)
_w(
    P,
    "returns (N, 1)",
    "wrong shape",
    "return shape (N,)",
    "def answer(w, b, X):\n    return (X @ w + b >= 0).astype(float).reshape(-1, 1)",
)

# ------------------------------------------------------------------ perceptron_step
S = "perceptron_step"
_w(
    S,
    "bias not updated",
    "bias not updated",
    "b <- b + eta (t - y)",
    "def answer(w, b, x, t, eta):\n    y = float(x @ w + b >= 0)\n    return w + eta * (t - y) * x, b",
)
_w(
    S,
    "flipped sign",
    "flipped sign",
    "(t - y), not (y - t)",
    "def answer(w, b, x, t, eta):\n    y = float(x @ w + b >= 0)\n"
    "    return w + eta * (y - t) * x, b + eta * (y - t)",
)
_w(
    S,
    "missing x",
    "missing x",
    "w <- w + eta (t - y) x: the x is missing",
    "def answer(w, b, x, t, eta):\n    y = float(x @ w + b >= 0)\n"
    "    return w + eta * (t - y), b + eta * (t - y)",
)
_w(
    S,
    "> instead of >=",
    "> instead of >=",
    "step(0) = 1",
    "def answer(w, b, x, t, eta):\n    y = float(x @ w + b > 0)\n"
    "    return w + eta * (t - y) * x, b + eta * (t - y)",
)
_w(
    S,
    "in place",
    "changed in place",
    "w += ... changes the caller's array",
    "def answer(w, b, x, t, eta):\n    y = float(x @ w + b >= 0)\n    w += eta * (t - y) * x\n"
    "    return w, b + eta * (t - y)",
)
_w(
    S,
    "missing eta",
    "missing eta",
    "the learning rate multiplies the update",
    "def answer(w, b, x, t, eta):\n    y = float(x @ w + b >= 0)\n"
    "    return w + (t - y) * x, b + (t - y)",
)
_w(
    S,
    "net instead of y (Adaline)",
    "net instead of y",
    "y = step(net), the error is t - y",
    "def answer(w, b, x, t, eta):\n    y = x @ w + b\n"
    "    return w + eta * (t - y) * x, b + eta * (t - y)",
)
_w(
    S,
    "wrong order (b, w)",
    "wrong order",
    "return (w, b)",
    "def answer(w, b, x, t, eta):\n    y = float(x @ w + b >= 0)\n"
    "    return b + eta * (t - y), w + eta * (t - y) * x",
)
_w(
    S,
    "weights not updated",
    "weights not updated",
    "w changes by eta (t - y) x",
    "def answer(w, b, x, t, eta):\n    y = float(x @ w + b >= 0)\n    return w, b + eta * (t - y)",
)
_w(
    S,
    "bias left out of y",
    "bias left out",
    "y = step(x . w + b)",
    "def answer(w, b, x, t, eta):\n    y = float(x @ w >= 0)\n"
    "    return w + eta * (t - y) * x, b + eta * (t - y)",
)
_w(
    S,
    "returns a list [w, b] with w a list",
    "wrong return type",
    "return (w, b): w an array",
    "def answer(w, b, x, t, eta):\n    y = float(x @ w + b >= 0)\n"
    "    return list(w + eta * (t - y) * x), b + eta * (t - y)",
)
_w(
    S,
    "package does the work",
    "package does the work",
    "write it yourself",
    "def answer(w, b, x, t, eta):\n    w2, b2, _ = bp.perceptron_step(w, b, x, t, eta)\n"
    "    return w2, b2",
)
_w(
    S,
    "bias updated with x sum",
    "bias updated like a weight",
    "the bias input is 1: b <- b + eta (t - y)",
    "def answer(w, b, x, t, eta):\n    y = float(x @ w + b >= 0)\n"
    "    return w + eta * (t - y) * x, b + eta * (t - y) * x.sum()",
)

# ------------------------------------------------------------------ perceptron_learns_and
L = "perceptron_learns_and"
_w(
    L,
    "hard-coded AND",
    "hard-coded answer",
    "the answer must train on the X and t it is given",
    "def answer(X, t):\n    return np.array([1.0, 1.0]), -1.5",
)
_w(
    L,
    "one epoch only",
    "not trained to zero mistakes",
    "repeat epochs until none is wrong",
    "def answer(X, t):\n    w, b = np.zeros(2), 0.0\n    for x_n, t_n in zip(X, t):\n"
    "        w, b = perceptron_step(w, b, x_n, t_n, 1.0)\n    return w, b",
)
_w(
    L,
    "bias never trained",
    "bias not updated",
    "train b too",
    "def answer(X, t):\n    w, b = np.zeros(2), 0.0\n    for epoch in range(100):\n"
    "        for x_n, t_n in zip(X, t):\n            w = perceptron_step(w, b, x_n, t_n, 1.0)[0]\n"
    "    return w, b",
)
_w(
    L,
    "wrong order (b, w)",
    "wrong order",
    "return (w, b)",
    "def answer(X, t):\n    w, b = np.zeros(2), 0.0\n    for epoch in range(100):\n"
    "        for x_n, t_n in zip(X, t):\n            w, b = perceptron_step(w, b, x_n, t_n, 1.0)\n"
    "    return b, w",
)
_w(
    L,
    "package does the work",
    "package does the work",
    "write the training loop",
    "def answer(X, t):\n    run = bp.train_perceptron(X, t, eta=1.0)\n    return run.w, run.b",
)
_w(
    L,
    "trained on the wrong target (OR)",
    ["not trained to zero mistakes", "hard-coded answer"],
    "train on the t you are given",
    "def answer(X, t):\n    w, b = np.zeros(2), 0.0\n    t_or = np.array([0.0, 1.0, 1.0, 1.0])\n"
    "    for epoch in range(100):\n        for x_n, t_n in zip(X, t_or):\n"
    "            w, b = perceptron_step(w, b, x_n, t_n, 1.0)\n    return w, b",
)
_w(
    L,
    "one step per epoch on the first sample",
    "not trained to zero mistakes",
    "visit every sample in each epoch",
    "def answer(X, t):\n    w, b = np.zeros(2), 0.0\n    for epoch in range(100):\n"
    "        w, b = perceptron_step(w, b, X[0], t[0], 1.0)\n    return w, b",
)
_w(
    L,
    "returns trained w only",
    "wrong return type",
    "return the pair (w, b)",
    "def answer(X, t):\n    w, b = np.zeros(2), 0.0\n    for epoch in range(100):\n"
    "        for x_n, t_n in zip(X, t):\n            w, b = perceptron_step(w, b, x_n, t_n, 1.0)\n"
    "    return w",
)

# ------------------------------------------------------------------ mse
M = "mse"
_w(
    M,
    "forgotten 1/N",
    "forgotten 1/N",
    "divide by N",
    "def answer(Y, T):\n    return ((T - Y) ** 2).sum() / 2",
)
_w(
    M,
    "missing 1/2",
    "missing 1/2",
    "E has a 1/2",
    "def answer(Y, T):\n    return ((T - Y) ** 2).sum() / len(Y)",
)
_w(
    M,
    "np.mean over all entries",
    "mean over outputs too",
    "average over N only",
    "def answer(Y, T):\n    return ((T - Y) ** 2).mean() / 2",
)
_w(
    M,
    "/(2 * Y.shape[1])",
    "divided by the outputs",
    "N is Y.shape[0], the number of rows",
    "def answer(Y, T):\n    return ((T - Y) ** 2).sum() / (2 * Y.shape[1])",
)
_w(
    M,
    "doubled 1/N",
    "1/N twice",
    "divide by N once",
    "def answer(Y, T):\n    N = len(Y)\n    return ((T - Y) ** 2).sum() / N / (2 * N)",
)
_w(
    M,
    "no square",
    "square missing",
    "square the errors",
    "def answer(Y, T):\n    return np.abs(T - Y).sum() / (2 * len(Y))",
)
_w(
    M,
    "errors summed before squaring",
    "summed before squaring",
    "square each error, then sum",
    "def answer(Y, T):\n    return (T - Y).sum() ** 2 / (2 * len(Y))",
)
_w(
    M,
    "returns an array per output",
    "wrong return type",
    "return one number",
    "def answer(Y, T):\n    return ((T - Y) ** 2).sum(axis=0) / (2 * len(Y))",
)
_w(
    M,
    "returns per-sample array",
    "wrong return type",
    "sum over every entry: one number",
    "def answer(Y, T):\n    return ((T - Y) ** 2).sum(axis=1) / 2",
)
_w(
    M,
    "sqrt (RMS)",
    "square root taken",
    "no square root",
    "def answer(Y, T):\n    return np.sqrt(((T - Y) ** 2).sum() / (2 * len(Y)))",
)
_w(
    M,
    "package does the work",
    "package does the work",
    "write it yourself",
    "def answer(Y, T):\n    return bp.mse(Y, T)",
)
_w(
    M,
    "1/2 and 1/N both missing",
    ["missing 1/2 and 1/N", "forgotten 1/N"],
    "E = 1/(2N) sum: both factors are missing",
    "def answer(Y, T):\n    return ((T - Y) ** 2).sum()",
)

# ------------------------------------------------------------------ mse_gradient
G = "mse_gradient"
_w(
    G,
    "flipped sign",
    "flipped sign",
    "dE/dY = (Y - T)/N",
    "def answer(Y, T):\n    return (T - Y) / len(Y)",
)
_w(G, "forgotten 1/N", "forgotten 1/N", "divide by N", "def answer(Y, T):\n    return Y - T")
_w(
    G,
    "missing 1/2 (factor 2)",
    "missing 1/2",
    "the 1/2 cancels the 2",
    "def answer(Y, T):\n    return 2 * (Y - T) / len(Y)",
)
_w(
    G,
    "mean over outputs too",
    "mean over outputs too",
    "divide by N only",
    "def answer(Y, T):\n    return (Y - T) / Y.size",
)
_w(
    G,
    "/ Y.shape[1]",
    "divided by the outputs",
    "N is Y.shape[0]",
    "def answer(Y, T):\n    return (Y - T) / Y.shape[1]",
)
_w(
    G,
    "summed over samples",
    "summed over the samples",
    "one gradient per entry, shape (N, l)",
    "def answer(Y, T):\n    return (Y - T).sum(axis=0) / len(Y)",
)
_w(
    G,
    "returns the cost",
    "returned the cost",
    "the gradient, not E",
    "def answer(Y, T):\n    return ((T - Y) ** 2).sum() / (2 * len(Y))",
)
_w(
    G,
    "doubled 1/N",
    "1/N twice",
    "divide by N once",
    "def answer(Y, T):\n    return (Y - T) / len(Y) ** 2",
)
_w(
    G,
    "returns np.matrix",
    "wrong return type",
    "return an ndarray",
    "def answer(Y, T):\n    return np.asmatrix((Y - T) / len(Y))",
)
_w(
    G,
    "flipped sign and no 1/N",
    ["flipped sign and forgotten 1/N", "flipped sign", "forgotten 1/N"],
    "both: (Y - T) / N",
    "def answer(Y, T):\n    return T - Y",
)
_w(
    G,
    "package does the work",
    "package does the work",
    "write it yourself",
    "def answer(Y, T):\n    return bp.d_mse(Y, T)",
)

# ------------------------------------------------------------------ sym_neuron_gradient
Y_ = "y = 1 / (1 + sp.exp(-(w * x + b)))\n"
Z = "sym_neuron_gradient"
_w(Z, "missing f'", "missing f'", "the sigmoid's derivative y(1 - y)", Y_ + "answer = -(t - y) * x")
_w(
    Z,
    "flipped sign",
    "flipped sign",
    "dE/dw = -(t - y) y (1 - y) x",
    Y_ + "answer = (t - y) * y * (1 - y) * x",
)
_w(Z, "missing 1/2", "missing 1/2", "E has 1/2", Y_ + "answer = sp.diff((t - y) ** 2, w)")
_w(
    Z,
    "missing x (dE/dnet)",
    "missing x",
    "the chain rule's last factor, dnet/dw = x",
    Y_ + "answer = -(t - y) * y * (1 - y)",
)
_w(
    Z,
    "differentiated by b",
    "wrong variable",
    "differentiate with respect to w",
    Y_ + "answer = sp.diff((t - y) ** 2 / 2, b)",
)
_w(Z, "returned E", "returned the cost", "differentiate E", Y_ + "answer = (t - y) ** 2 / 2")
_w(
    Z,
    "tanh derivative",
    "tanh's derivative",
    "the sigmoid's derivative is y(1 - y)",
    Y_ + "answer = -(t - y) * (1 - y ** 2) * x",
)
_w(
    Z,
    "net(1 - net)",
    "net(1 - net)",
    "y(1 - y), not net(1 - net)",
    "net = w * x + b\ny = 1 / (1 + sp.exp(-net))\nanswer = -(t - y) * net * (1 - net) * x",
)
_w(
    Z,
    "sigmoid with +",
    "wrong sigmoid",
    "sigmoid(z) = 1/(1 + exp(-z))",
    "y = 1 / (1 + sp.exp(w * x + b))\nanswer = sp.diff((t - y) ** 2 / 2, w)",
)

# ------------------------------------------------------------------ gd_step
D = "gd_step"
_w(
    D,
    "forgotten 1/m",
    "forgotten 1/N",
    "divide the gradient by m",
    "def answer(A, y, theta, alpha):\n    return theta - alpha * A.T @ (A @ theta - y)",
)
_w(
    D,
    "flipped sign",
    "flipped sign",
    "step against the gradient",
    "def answer(A, y, theta, alpha):\n    return theta + alpha * A.T @ (A @ theta - y) / len(y)",
)
_w(
    D,
    "residual y - A theta with minus",
    "flipped sign",
    "(A theta - y) or + with (y - A theta)",
    "def answer(A, y, theta, alpha):\n    return theta - alpha * A.T @ (y - A @ theta) / len(y)",
)
_w(
    D,
    "in place",
    "changed in place",
    "theta -= changes the caller's theta",
    "def answer(A, y, theta, alpha):\n    theta -= alpha * A.T @ (A @ theta - y) / len(y)\n"
    "    return theta",
)
_w(
    D,
    "returns the gradient",
    "returned the gradient",
    "return theta - alpha * gradient",
    "def answer(A, y, theta, alpha):\n    return A.T @ (A @ theta - y) / len(y)",
)
_w(
    D,
    "missing alpha",
    "missing eta",
    "multiply by the step size alpha",
    "def answer(A, y, theta, alpha):\n    return theta - A.T @ (A @ theta - y) / len(y)",
)
_w(
    D,
    "1/(2m)",
    "extra 1/2",
    "the 1/2 cancels against the 2 of the derivative",
    "def answer(A, y, theta, alpha):\n    return theta - alpha * A.T @ (A @ theta - y) / (2 * len(y))",
)
_w(
    D,
    "divides by p",
    "divided by the outputs",
    "m = len(y), the number of samples",
    "def answer(A, y, theta, alpha):\n    return theta - alpha * A.T @ (A @ theta - y) / A.shape[1]",
)
_w(
    D,
    "package does the work",
    "package does the work",
    "write it yourself",
    "def answer(A, y, theta, alpha):\n    return theta - alpha * bp.lsq_gradient(A, y, theta)",
)
_w(
    D,
    "step not taken",
    "step not taken",
    "theta must change",
    "def answer(A, y, theta, alpha):\n    g = A.T @ (A @ theta - y) / len(y)\n    return theta",
)
_w(
    D,
    "doubled 1/m",
    "1/N twice",
    "divide by m once",
    "def answer(A, y, theta, alpha):\n    m = len(y)\n"
    "    return theta - alpha * A.T @ (A @ theta - y) / m / m",
)
_w(
    D,
    "returns a list",
    "wrong return type",
    "return an array",
    "def answer(A, y, theta, alpha):\n    return list(theta - alpha * A.T @ (A @ theta - y) / len(y))",
)

# ------------------------------------------------------------------ sgd_epoch
E = "sgd_epoch"
_w(
    E,
    "order ignored",
    "order ignored",
    "visit the rows in the order given",
    "def answer(A, y, theta, alpha, order):\n    for n in range(len(y)):\n"
    "        theta = theta - alpha * A[n] * (A[n] @ theta - y[n])\n    return theta",
)
_w(
    E,
    "flipped sign",
    "flipped sign",
    "step against the gradient",
    "def answer(A, y, theta, alpha, order):\n    for n in order:\n"
    "        theta = theta + alpha * A[n] * (A[n] @ theta - y[n])\n    return theta",
)
_w(
    E,
    "full batch each step",
    "whole batch each step",
    "one sample's gradient per step",
    "def answer(A, y, theta, alpha, order):\n    for n in order:\n"
    "        theta = theta - alpha * A.T @ (A @ theta - y) / len(y)\n    return theta",
)
_w(
    E,
    "only the last step returned (theta not carried)",
    "steps not chained",
    "each step starts from the theta of the previous one",
    "def answer(A, y, theta, alpha, order):\n    for n in order:\n"
    "        new = theta - alpha * A[n] * (A[n] @ theta - y[n])\n    return new",
)
_w(
    E,
    "divides each sample's step by m",
    "extra 1/N",
    "one sample: no 1/m",
    "def answer(A, y, theta, alpha, order):\n    for n in order:\n"
    "        theta = theta - alpha * A[n] * (A[n] @ theta - y[n]) / len(y)\n    return theta",
)
_w(
    E,
    "in place",
    "changed in place",
    "theta -= changes the caller's array",
    "def answer(A, y, theta, alpha, order):\n    for n in order:\n"
    "        theta -= alpha * A[n] * (A[n] @ theta - y[n])\n    return theta",
)
_w(
    E,
    "one step only",
    "stopped after one sample",
    "one step per sample, all of them",
    "def answer(A, y, theta, alpha, order):\n    n = order[0]\n"
    "    return theta - alpha * A[n] * (A[n] @ theta - y[n])",
)
_w(
    E,
    "step not taken",
    "step not taken",
    "theta must change",
    "def answer(A, y, theta, alpha, order):\n    return theta",
)
_w(
    E,
    "order reversed",
    "order ignored",
    "visit in the given order",
    "def answer(A, y, theta, alpha, order):\n    for n in order[::-1]:\n"
    "        theta = theta - alpha * A[n] * (A[n] @ theta - y[n])\n    return theta",
)
_w(
    E,
    "package does the work",
    "package does the work",
    "write it yourself",
    "def answer(A, y, theta, alpha, order):\n    for n in order:\n"
    "        theta = theta - alpha * bp.lsq_gradient(A[[n]], y[[n]], theta)\n    return theta",
)

# ------------------------------------------------------------------ minibatch_epoch
B = "minibatch_epoch"
_w(
    B,
    "forgotten 1/k",
    "forgotten 1/N",
    "average over the batch",
    "def answer(A, y, theta, alpha, order, k):\n    for s in range(0, len(order), k):\n"
    "        i = order[s:s + k]\n        theta = theta - alpha * A[i].T @ (A[i] @ theta - y[i])\n"
    "    return theta",
)
_w(
    B,
    "divides by k on the short last batch",
    "short batch divided by k",
    "the last batch may be shorter: divide by its own size",
    "def answer(A, y, theta, alpha, order, k):\n    for s in range(0, len(order), k):\n"
    "        i = order[s:s + k]\n"
    "        theta = theta - alpha * A[i].T @ (A[i] @ theta - y[i]) / k\n    return theta",
)
_w(
    B,
    "last batch dropped",
    "last batch dropped",
    "the short last batch is a step too",
    "def answer(A, y, theta, alpha, order, k):\n    for s in range(0, len(order) - k + 1, k):\n"
    "        i = order[s:s + k]\n        theta = gd_step(A[i], y[i], theta, alpha)\n"
    "    return theta",
)
_w(
    B,
    "order ignored",
    "order ignored",
    "batches follow the order",
    "def answer(A, y, theta, alpha, order, k):\n    for s in range(0, len(y), k):\n"
    "        i = np.arange(s, min(s + k, len(y)))\n        theta = gd_step(A[i], y[i], theta, alpha)\n"
    "    return theta",
)
_w(
    B,
    "flipped sign",
    "flipped sign",
    "step against the gradient",
    "def answer(A, y, theta, alpha, order, k):\n    for s in range(0, len(order), k):\n"
    "        i = order[s:s + k]\n"
    "        theta = theta + alpha * A[i].T @ (A[i] @ theta - y[i]) / len(i)\n    return theta",
)
_w(
    B,
    "batches overlap (stride 1)",
    "batches overlap",
    "step through the order k at a time",
    "def answer(A, y, theta, alpha, order, k):\n    for s in range(0, len(order) - k + 1):\n"
    "        i = order[s:s + k]\n        theta = gd_step(A[i], y[i], theta, alpha)\n"
    "    return theta",
)
_w(
    B,
    "full batch each step",
    "whole batch each step",
    "only the batch's rows",
    "def answer(A, y, theta, alpha, order, k):\n    for s in range(0, len(order), k):\n"
    "        theta = gd_step(A, y, theta, alpha)\n    return theta",
)
_w(
    B,
    "one sample per step (k ignored)",
    "k ignored",
    "batches of k samples",
    "def answer(A, y, theta, alpha, order, k):\n    for n in order:\n"
    "        theta = gd_step(A[[n]], y[[n]], theta, alpha)\n    return theta",
)
_w(
    B,
    "in place",
    "changed in place",
    "theta -= changes the caller's array",
    "def answer(A, y, theta, alpha, order, k):\n    for s in range(0, len(order), k):\n"
    "        i = order[s:s + k]\n"
    "        theta -= alpha * A[i].T @ (A[i] @ theta - y[i]) / len(i)\n    return theta",
)
_w(
    B,
    "divides by m",
    "divided by m, not the batch size",
    "each batch averages over its own rows",
    "def answer(A, y, theta, alpha, order, k):\n    for s in range(0, len(order), k):\n"
    "        i = order[s:s + k]\n"
    "        theta = theta - alpha * A[i].T @ (A[i] @ theta - y[i]) / len(y)\n    return theta",
)
_w(
    B,
    "first batch only",
    "stopped after one batch",
    "one step per batch, all of them",
    "def answer(A, y, theta, alpha, order, k):\n    i = order[:k]\n"
    "    return gd_step(A[i], y[i], theta, alpha)",
)

# ------------------------------------------------------------------ delta
DL = "delta"
_w(
    DL,
    "missing f'",
    "missing f'",
    "multiply by f'(net)",
    "def answer(W, b, X, T):\n    return T - bp.sigmoid(X @ W + b)",
)
_w(
    DL,
    "flipped sign",
    "flipped sign",
    "(T - Y), not (Y - T)",
    "def answer(W, b, X, T):\n    net = X @ W + b\n    return (bp.sigmoid(net) - T) * bp.d_sigmoid(net)",
)
_w(
    DL,
    "f'(Y)",
    "derivative applied to the activated output",
    "f'(net), or Y(1 - Y)",
    "def answer(W, b, X, T):\n    Y = bp.sigmoid(X @ W + b)\n    return (T - Y) * bp.d_sigmoid(Y)",
)
_w(
    DL,
    "net(1 - net)",
    "net(1 - net)",
    "Y(1 - Y) uses the output",
    "def answer(W, b, X, T):\n    net = X @ W + b\n    return (T - bp.sigmoid(net)) * net * (1 - net)",
)
_w(
    DL,
    "tanh derivative 1 - Y^2",
    "tanh's derivative",
    "the sigmoid's is Y(1 - Y)",
    "def answer(W, b, X, T):\n    Y = bp.sigmoid(X @ W + b)\n    return (T - Y) * (1 - Y ** 2)",
)
_w(
    DL,
    "bp.d_tanh",
    "tanh's derivative",
    "bp.d_sigmoid",
    "def answer(W, b, X, T):\n    net = X @ W + b\n    return (T - bp.sigmoid(net)) * bp.d_tanh(net)",
)
_w(
    DL,
    "bias left out",
    "bias left out",
    "net = X @ W + b",
    "def answer(W, b, X, T):\n    net = X @ W\n    return (T - bp.sigmoid(net)) * bp.d_sigmoid(net)",
)
_w(
    DL,
    "W.T @ X.T (transposed)",
    "missing transpose",
    "rows are samples: X @ W",
    "def answer(W, b, X, T):\n    net = (W.T @ X.T).T + b\n"
    "    return ((T.T - bp.sigmoid(net).T) * bp.d_sigmoid(net).T)",
)
_w(
    DL,
    "no activation (linear Y)",
    "activation missing",
    "Y = sigmoid(net)",
    "def answer(W, b, X, T):\n    net = X @ W + b\n    return (T - net) * bp.d_sigmoid(net)",
)
_w(
    DL,
    "in place on T",
    "changed in place",
    "T -= changes the caller's array",
    "def answer(W, b, X, T):\n    net = X @ W + b\n    T -= bp.sigmoid(net)\n"
    "    return T * bp.d_sigmoid(net)",
)
_w(
    DL,
    "divided by N",
    "extra 1/N",
    "delta is per sample",
    "def answer(W, b, X, T):\n    net = X @ W + b\n"
    "    return (T - bp.sigmoid(net)) * bp.d_sigmoid(net) / len(X)",
)
_w(
    DL,
    "1 - Y only",
    "half of f'",
    "f' = Y(1 - Y), both factors",
    "def answer(W, b, X, T):\n    Y = bp.sigmoid(X @ W + b)\n    return (T - Y) * (1 - Y)",
)

# ------------------------------------------------------------------ delta_rule_step
R = "delta_rule_step"
_w(
    R,
    "bias not updated",
    "bias not updated",
    "b <- b + eta/N sum delta",
    "def answer(W, b, X, T, eta):\n    D = delta(W, b, X, T)\n"
    "    return W + eta / len(X) * X.T @ D, b",
)
_w(
    R,
    "forgotten 1/N",
    "forgotten 1/N",
    "eta/N",
    "def answer(W, b, X, T, eta):\n    D = delta(W, b, X, T)\n"
    "    return W + eta * X.T @ D, b + eta * D.sum(axis=0)",
)
_w(
    R,
    "flipped sign",
    "flipped sign",
    "+ with delta = (T - Y) f'",
    "def answer(W, b, X, T, eta):\n    D = delta(W, b, X, T)\n"
    "    return W - eta / len(X) * X.T @ D, b - eta / len(X) * D.sum(axis=0)",
)
_w(
    R,
    "in place",
    "changed in place",
    "W += changes the caller's array",
    "def answer(W, b, X, T, eta):\n    D = delta(W, b, X, T)\n    W += eta / len(X) * X.T @ D\n"
    "    b = b + eta / len(X) * D.sum(axis=0)\n    return W, b",
)
_w(
    R,
    "bias in place",
    "changed in place",
    "b += changes the caller's array",
    "def answer(W, b, X, T, eta):\n    D = delta(W, b, X, T)\n    b += eta / len(X) * D.sum(axis=0)\n"
    "    return W + eta / len(X) * X.T @ D, b",
)
_w(
    R,
    "bias summed over outputs",
    "bias summed over the wrong axis",
    "one bias per output: sum over the samples (axis=0)",
    "def answer(W, b, X, T, eta):\n    D = delta(W, b, X, T)\n"
    "    return W + eta / len(X) * X.T @ D, b + eta / len(X) * D.sum()",
)
_w(
    R,
    "missing f' (own delta inline)",
    "missing f'",
    "delta has f'",
    "def answer(W, b, X, T, eta):\n    D = T - bp.sigmoid(X @ W + b)\n"
    "    return W + eta / len(X) * X.T @ D, b + eta / len(X) * D.sum(axis=0)",
)
_w(
    R,
    "wrong order (b, W)",
    "wrong order",
    "return (W, b)",
    "def answer(W, b, X, T, eta):\n    D = delta(W, b, X, T)\n"
    "    return b + eta / len(X) * D.sum(axis=0), W + eta / len(X) * X.T @ D",
)
_w(
    R,
    "package does the work",
    "package does the work",
    "write it yourself",
    "def answer(W, b, X, T, eta):\n    s = bp.delta_rule_step(W, b, X, T, eta)\n    return s.W, s.b",
)
_w(
    R,
    "weights not updated",
    "weights not updated",
    "W changes",
    "def answer(W, b, X, T, eta):\n    D = delta(W, b, X, T)\n"
    "    return W, b + eta / len(X) * D.sum(axis=0)",
)
_w(
    R,
    "returns the changes",
    "returned the change",
    "return the new W and b",
    "def answer(W, b, X, T, eta):\n    D = delta(W, b, X, T)\n"
    "    return eta / len(X) * X.T @ D, eta / len(X) * D.sum(axis=0)",
)
_w(
    R,
    "1/N on W only",
    "forgotten 1/N",
    "eta/N on b too",
    "def answer(W, b, X, T, eta):\n    D = delta(W, b, X, T)\n"
    "    return W + eta / len(X) * X.T @ D, b + eta * D.sum(axis=0)",
)
_w(
    R,
    "(D.T @ X).T",
    None,
    "correct (a transpose written another way)",
    "def answer(W, b, X, T, eta):\n    D = delta(W, b, X, T)\n"
    "    return W + eta / len(X) * (D.T @ X).T, b + eta * D.mean(axis=0)",
)

# ------------------------------------------------------------------ neuron_gradient
NG = "neuron_gradient"
_w(
    NG,
    "flipped sign",
    "flipped sign",
    "dE/dnet = -(t - y) y (1 - y)",
    "def answer(w, b, x, t):\n    y = bp.sigmoid(x @ w + b)\n    g = (t - y) * y * (1 - y)\n"
    "    return g * x, float(g)",
)
_w(
    NG,
    "missing f'",
    "missing f'",
    "times y(1 - y)",
    "def answer(w, b, x, t):\n    y = bp.sigmoid(x @ w + b)\n    return -(t - y) * x, float(-(t - y))",
)
_w(
    NG,
    "f'(y)",
    "derivative applied to the activated output",
    "y(1 - y) is f'(net)",
    "def answer(w, b, x, t):\n    y = bp.sigmoid(x @ w + b)\n    g = -(t - y) * bp.d_sigmoid(y)\n"
    "    return g * x, float(g)",
)
_w(
    NG,
    "missing x in dE/dw",
    "missing x",
    "dE/dw = dE/dnet * x",
    "def answer(w, b, x, t):\n    y = bp.sigmoid(x @ w + b)\n    g = -(t - y) * y * (1 - y)\n"
    "    return g * np.ones_like(x), float(g)",
)
_w(
    NG,
    "db gets x",
    "bias gradient times x",
    "dnet/db = 1",
    "def answer(w, b, x, t):\n    y = bp.sigmoid(x @ w + b)\n    g = -(t - y) * y * (1 - y)\n"
    "    return g * x, float(g * x.sum())",
)
_w(
    NG,
    "wrong order",
    "wrong order",
    "return (dE/dw, dE/db)",
    "def answer(w, b, x, t):\n    y = bp.sigmoid(x @ w + b)\n    g = -(t - y) * y * (1 - y)\n"
    "    return float(g), g * x",
)
_w(
    NG,
    "tanh derivative",
    "tanh's derivative",
    "y(1 - y)",
    "def answer(w, b, x, t):\n    y = bp.sigmoid(x @ w + b)\n    g = -(t - y) * (1 - y ** 2)\n"
    "    return g * x, float(g)",
)
_w(
    NG,
    "missing 1/2 (factor 2)",
    "missing 1/2",
    "the 1/2 cancels the 2",
    "def answer(w, b, x, t):\n    y = bp.sigmoid(x @ w + b)\n    g = -2 * (t - y) * y * (1 - y)\n"
    "    return g * x, float(g)",
)
_w(
    NG,
    "bias left out",
    "bias left out",
    "y = sigmoid(x . w + b)",
    "def answer(w, b, x, t):\n    y = bp.sigmoid(x @ w)\n    g = -(t - y) * y * (1 - y)\n"
    "    return g * x, float(g)",
)
_w(
    NG,
    "net(1-net)",
    "net(1 - net)",
    "y(1 - y)",
    "def answer(w, b, x, t):\n    net = x @ w + b\n    y = bp.sigmoid(net)\n"
    "    g = -(t - y) * net * (1 - net)\n    return g * x, float(g)",
)
_w(
    NG,
    "returns one array of both",
    "wrong return type",
    "return a pair (dE/dw, dE/db)",
    "def answer(w, b, x, t):\n    y = bp.sigmoid(x @ w + b)\n    g = -(t - y) * y * (1 - y)\n"
    "    return np.append(g * x, g)",
)
_w(
    NG,
    "package does the work",
    "package does the work",
    "write it yourself",
    "def answer(w, b, x, t):\n    net = bp.MLP.from_params([w[:, None]], [np.array([b])])\n"
    "    g = net.backward(net.forward(x[None, :]), np.array([[t]]))\n"
    "    return g.dW[0].ravel(), float(g.db[0][0])",
)

# ------------------------------------------------------------------ output_delta
O = "output_delta"
_w(O, "missing f'", "missing f'", "times f'(net)", "def answer(net, Y, T):\n    return T - Y")
_w(
    O,
    "flipped sign",
    "flipped sign",
    "(T - Y)",
    "def answer(net, Y, T):\n    return (Y - T) * Y * (1 - Y)",
)
_w(
    O,
    "f'(Y)",
    "derivative applied to the activated output",
    "f'(net) or Y(1 - Y)",
    "def answer(net, Y, T):\n    return (T - Y) * bp.d_sigmoid(Y)",
)
_w(
    O,
    "net(1 - net)",
    "net(1 - net)",
    "Y(1 - Y)",
    "def answer(net, Y, T):\n    return (T - Y) * net * (1 - net)",
)
_w(
    O,
    "1 - Y^2",
    "tanh's derivative",
    "Y(1 - Y)",
    "def answer(net, Y, T):\n    return (T - Y) * (1 - Y ** 2)",
)
_w(
    O,
    "d_tanh(net)",
    "tanh's derivative",
    "bp.d_sigmoid(net)",
    "def answer(net, Y, T):\n    return (T - Y) * bp.d_tanh(net)",
)
_w(
    O,
    "1 - tanh(net)^2 from tanh of Y",
    "tanh's derivative",
    "the sigmoid's derivative",
    "def answer(net, Y, T):\n    return (T - Y) * (1 - np.tanh(net) ** 2)",
)
_w(
    O,
    "divided by N",
    "extra 1/N",
    "per sample, no 1/N",
    "def answer(net, Y, T):\n    return (T - Y) * Y * (1 - Y) / len(Y)",
)
_w(
    O,
    "summed over samples",
    "summed over the samples",
    "one delta per sample and output",
    "def answer(net, Y, T):\n    return ((T - Y) * Y * (1 - Y)).sum(axis=0)",
)
_w(
    O,
    "matrix product instead of elementwise",
    "matrix product for elementwise",
    "multiply elementwise with *",
    "def answer(net, Y, T):\n    return (T - Y).T @ (Y * (1 - Y))",
)
_w(
    O,
    "in place",
    "changed in place",
    "T -= changes the caller's array",
    "def answer(net, Y, T):\n    T -= Y\n    return T * Y * (1 - Y)",
)
_w(
    O,
    "Y recomputed as sigmoid(Y)",
    "derivative applied to the activated output",
    "Y is already the output",
    "def answer(net, Y, T):\n    y = bp.sigmoid(Y)\n    return (T - y) * y * (1 - y)",
)

# ------------------------------------------------------------------ hidden_delta
H = "hidden_delta"
_w(
    H,
    "missing transpose",
    "missing transpose",
    "delta_next @ W_next.T",
    "def answer(delta_next, W_next, net):\n    return (delta_next @ W_next) * bp.d_sigmoid(net)",
)
_w(
    H,
    "missing f'",
    "missing f'",
    "times f'(net)",
    "def answer(delta_next, W_next, net):\n    return delta_next @ W_next.T",
)
_w(
    H,
    "f'(H) for f'(net)",
    "derivative applied to the activated output",
    "f'(net), not f'(sigmoid(net))",
    "def answer(delta_next, W_next, net):\n"
    "    return (delta_next @ W_next.T) * bp.d_sigmoid(bp.sigmoid(net))",
)
_w(
    H,
    "net(1 - net)",
    "net(1 - net)",
    "sigmoid(net)(1 - sigmoid(net))",
    "def answer(delta_next, W_next, net):\n    return (delta_next @ W_next.T) * net * (1 - net)",
)
_w(
    H,
    "tanh derivative",
    "tanh's derivative",
    "bp.d_sigmoid",
    "def answer(delta_next, W_next, net):\n    return (delta_next @ W_next.T) * bp.d_tanh(net)",
)
_w(
    H,
    "1 - sigmoid(net)^2",
    "tanh's derivative",
    "the sigmoid's derivative is y(1 - y)",
    "def answer(delta_next, W_next, net):\n    H = bp.sigmoid(net)\n"
    "    return (delta_next @ W_next.T) * (1 - H ** 2)",
)
_w(
    H,
    "flipped sign",
    "flipped sign",
    "no minus: delta already carries T - Y",
    "def answer(delta_next, W_next, net):\n    return -(delta_next @ W_next.T) * bp.d_sigmoid(net)",
)
_w(
    H,
    "product order W @ delta.T",
    "missing transpose",
    "rows are samples: delta @ W.T, (N, q)",
    "def answer(delta_next, W_next, net):\n    return (W_next @ delta_next.T) * bp.d_sigmoid(net).T",
)
_w(
    H,
    "f' of the next layer",
    "f' of the wrong layer",
    "f' of this layer's net",
    "def answer(delta_next, W_next, net):\n"
    "    return (delta_next * bp.d_sigmoid(delta_next)) @ W_next.T",
)
_w(
    H,
    "divided by N",
    "extra 1/N",
    "no 1/N in delta",
    "def answer(delta_next, W_next, net):\n"
    "    return (delta_next @ W_next.T) * bp.d_sigmoid(net) / len(net)",
)
_w(
    H,
    "f' multiplied before the product (shapes)",
    "f' of the wrong layer",
    "f'(net) multiplies after the product",
    "def answer(delta_next, W_next, net):\n"
    "    return delta_next @ (W_next * bp.d_sigmoid(net).mean(axis=0)[:, None]).T",
)
_w(
    H,
    "in place on net",
    "changed in place",
    "don't write into net",
    "def answer(delta_next, W_next, net):\n    net *= 1.0\n    net[:] = bp.d_sigmoid(net)\n"
    "    return (delta_next @ W_next.T) * net",
)

# ------------------------------------------------------------------ backward
BW = "backward"
_BW = (
    "def answer(W1, b1, W2, b2, X, T):\n"
    "    N = X.shape[0]\n"
    "    net1 = X @ W1 + b1\n    H = bp.sigmoid(net1)\n"
    "    net2 = H @ W2 + b2\n    Y = bp.sigmoid(net2)\n"
)
_w(
    BW,
    "flipped sign",
    "flipped sign",
    "dE/dW = -(1/N) Y_prev.T @ delta",
    _BW + "    d2 = output_delta(net2, Y, T)\n    d1 = hidden_delta(d2, W2, net1)\n"
    "    return X.T @ d1 / N, d1.sum(0) / N, H.T @ d2 / N, d2.sum(0) / N",
)
_w(
    BW,
    "forgotten 1/N",
    "forgotten 1/N",
    "divide by N",
    _BW + "    d2 = output_delta(net2, Y, T)\n    d1 = hidden_delta(d2, W2, net1)\n"
    "    return -X.T @ d1, -d1.sum(0), -H.T @ d2, -d2.sum(0)",
)
_w(
    BW,
    "X and H swapped",
    "X and H swapped",
    "dW1 uses X, dW2 uses H",
    _BW + "    d2 = output_delta(net2, Y, T)\n    d1 = hidden_delta(d2, W2, net1)\n"
    "    return -H.T @ d1 / N, -d1.sum(0) / N, -X.T @ d2 / N, -d2.sum(0) / N",
)
_w(
    BW,
    "W1 for W2 in the hidden delta",
    "W1 and W2 swapped",
    "delta1 = (delta2 @ W2.T) f'(net1)",
    _BW + "    d2 = (T - Y) * Y * (1 - Y)\n    d1 = (d2 @ W1.T) * bp.d_sigmoid(net1)\n"
    "    return -X.T @ d1 / N, -d1.sum(0) / N, -H.T @ d2 / N, -d2.sum(0) / N",
)
_w(
    BW,
    "f'(H) for f'(net1)",
    "derivative applied to the activated output",
    "f'(net1)",
    _BW + "    d2 = (T - Y) * Y * (1 - Y)\n    d1 = (d2 @ W2.T) * bp.d_sigmoid(H)\n"
    "    return -X.T @ d1 / N, -d1.sum(0) / N, -H.T @ d2 / N, -d2.sum(0) / N",
)
_w(
    BW,
    "missing f' in hidden",
    "missing f'",
    "delta1 has f'(net1)",
    _BW + "    d2 = (T - Y) * Y * (1 - Y)\n    d1 = d2 @ W2.T\n"
    "    return -X.T @ d1 / N, -d1.sum(0) / N, -H.T @ d2 / N, -d2.sum(0) / N",
)
_w(
    BW,
    "missing f' in output",
    "missing f'",
    "delta2 has f'(net2)",
    _BW + "    d2 = T - Y\n    d1 = (d2 @ W2.T) * H * (1 - H)\n"
    "    return -X.T @ d1 / N, -d1.sum(0) / N, -H.T @ d2 / N, -d2.sum(0) / N",
)
_w(
    BW,
    "hidden delta from the old output f'",
    "f' of the wrong layer",
    "f'(net1) in delta1",
    _BW + "    d2 = (T - Y) * Y * (1 - Y)\n    d1 = (d2 * Y * (1 - Y)) @ W2.T\n"
    "    return -X.T @ d1 / N, -d1.sum(0) / N, -H.T @ d2 / N, -d2.sum(0) / N",
)
_w(
    BW,
    "wrong order (W2 first)",
    "wrong order",
    "(dW1, db1, dW2, db2)",
    _BW + "    d2 = output_delta(net2, Y, T)\n    d1 = hidden_delta(d2, W2, net1)\n"
    "    return -H.T @ d2 / N, -d2.sum(0) / N, -X.T @ d1 / N, -d1.sum(0) / N",
)
_w(
    BW,
    "bias gradients not averaged",
    "forgotten 1/N",
    "db = -(1/N) sum delta",
    _BW + "    d2 = output_delta(net2, Y, T)\n    d1 = hidden_delta(d2, W2, net1)\n"
    "    return -X.T @ d1 / N, -d1.sum(0), -H.T @ d2 / N, -d2.sum(0)",
)
_w(
    BW,
    "bias gradients zero",
    "bias gradient missing",
    "db = -(1/N) sum over samples of delta",
    _BW + "    d2 = output_delta(net2, Y, T)\n    d1 = hidden_delta(d2, W2, net1)\n"
    "    return -X.T @ d1 / N, np.zeros_like(b1), -H.T @ d2 / N, np.zeros_like(b2)",
)
_w(
    BW,
    "bias summed over wrong axis (keepdims shape)",
    "wrong shape",
    "db1 has shape (q,)",
    _BW + "    d2 = output_delta(net2, Y, T)\n    d1 = hidden_delta(d2, W2, net1)\n"
    "    return -X.T @ d1 / N, -d1.sum(0, keepdims=True) / N, -H.T @ d2 / N,"
    " -d2.sum(0, keepdims=True) / N",
)
_w(
    BW,
    "tanh derivative in hidden",
    "tanh's derivative",
    "H(1 - H)",
    _BW + "    d2 = (T - Y) * Y * (1 - Y)\n    d1 = (d2 @ W2.T) * (1 - H ** 2)\n"
    "    return -X.T @ d1 / N, -d1.sum(0) / N, -H.T @ d2 / N, -d2.sum(0) / N",
)
_w(
    BW,
    "doubled 1/N",
    "1/N twice",
    "divide by N once",
    _BW + "    d2 = output_delta(net2, Y, T) / N\n    d1 = hidden_delta(d2, W2, net1)\n"
    "    return -X.T @ d1 / N, -d1.sum(0) / N, -H.T @ d2 / N, -d2.sum(0) / N",
)
_w(
    BW,
    "package does the work",
    "package does the work",
    "write it yourself",
    "def answer(W1, b1, W2, b2, X, T):\n"
    "    net = bp.MLP.from_params([W1, W2], [b1, b2])\n"
    "    g = net.backward(net.forward(X), T)\n    return g.dW[0], g.db[0], g.dW[1], g.db[1]",
)
_w(
    BW,
    "returns a list of arrays",
    None,
    "a list of four is fine",
    _BW + "    d2 = output_delta(net2, Y, T)\n    d1 = hidden_delta(d2, W2, net1)\n"
    "    return [-X.T @ d1 / N, -d1.sum(0) / N, -H.T @ d2 / N, -d2.sum(0) / N]",
)

# ------------------------------------------------------------------ forward_pass
F = "forward_pass"
_w(
    F,
    "bias left out",
    "bias left out",
    "net = X @ W + b",
    "def answer(W1, b1, W2, b2, X):\n    H = bp.sigmoid(X @ W1)\n    return H, bp.sigmoid(H @ W2)",
)
_w(
    F,
    "X into layer 2",
    "X and H swapped",
    "layer 2 takes H",
    "def answer(W1, b1, W2, b2, X):\n    H = bp.sigmoid(X @ W1 + b1)\n"
    "    return H, bp.sigmoid(X @ W2 + b2)",
)
_w(
    F,
    "W1 and W2 swapped",
    "W1 and W2 swapped",
    "layer 1 uses W1",
    "def answer(W1, b1, W2, b2, X):\n    H = bp.sigmoid(X @ W2 + b2)\n"
    "    return H, bp.sigmoid(H @ W1 + b1)",
)
_w(
    F,
    "output not squashed",
    "activation missing",
    "Y = sigmoid(H @ W2 + b2)",
    "def answer(W1, b1, W2, b2, X):\n    H = bp.sigmoid(X @ W1 + b1)\n    return H, H @ W2 + b2",
)
_w(
    F,
    "hidden not squashed",
    "activation missing",
    "H = sigmoid(X @ W1 + b1)",
    "def answer(W1, b1, W2, b2, X):\n    H = X @ W1 + b1\n    return H, bp.sigmoid(H @ W2 + b2)",
)
_w(
    F,
    "wrong order (Y, H)",
    "wrong order",
    "return (H, Y)",
    "def answer(W1, b1, W2, b2, X):\n    H = bp.sigmoid(X @ W1 + b1)\n"
    "    return bp.sigmoid(H @ W2 + b2), H",
)
_w(
    F,
    "tanh instead of sigmoid",
    "wrong activation",
    "the network is sigmoid",
    "def answer(W1, b1, W2, b2, X):\n    H = np.tanh(X @ W1 + b1)\n"
    "    return H, np.tanh(H @ W2 + b2)",
)
_w(
    F,
    "returns only Y",
    "wrong return type",
    "return (H, Y)",
    "def answer(W1, b1, W2, b2, X):\n    H = bp.sigmoid(X @ W1 + b1)\n"
    "    return bp.sigmoid(H @ W2 + b2)",
)
_w(
    F,
    "returns nets",
    "returned the net inputs",
    "return the outputs after sigmoid",
    "def answer(W1, b1, W2, b2, X):\n    net1 = X @ W1 + b1\n"
    "    return net1, bp.sigmoid(net1) @ W2 + b2",
)
_w(
    F,
    "transposed W",
    "missing transpose",
    "X @ W1, not X @ W1.T",
    "def answer(W1, b1, W2, b2, X):\n    H = bp.sigmoid((W1.T @ X.T).T.T.T + b1)\n"
    "    return H, bp.sigmoid(H @ W2 + b2)",
)
_w(
    F,
    "package does the work",
    "package does the work",
    "write it yourself",
    "def answer(W1, b1, W2, b2, X):\n    tr = bp.MLP.from_params([W1, W2], [b1, b2]).forward(X)\n"
    "    return tr.outputs[1], tr.outputs[2]",
)
_w(
    F,
    "second bias b1",
    "bias of the wrong layer",
    "each layer has its own bias",
    "def answer(W1, b1, W2, b2, X):\n    H = bp.sigmoid(X @ W1 + b1)\n"
    "    return H, bp.sigmoid(H @ W2 + b1[: W2.shape[1]])",
)

# ------------------------------------------------------------------ xor_by_hand
XH = "xor_by_hand"
_w(
    XH,
    "computes OR",
    "computes OR",
    "the output unit must fire for OR and not AND",
    "answer = (np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([-0.5, -1.5]),"
    " np.array([[1.0], [0.0]]), np.array([-0.5]))",
)
_w(
    XH,
    "computes AND",
    "computes AND",
    "XOR is OR and not AND",
    "answer = (np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([-0.5, -1.5]),"
    " np.array([[0.0], [1.0]]), np.array([-0.5]))",
)
_w(
    XH,
    "computes XNOR",
    "computes XNOR",
    "the output is inverted",
    "answer = (np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([-0.5, -1.5]),"
    " np.array([[-1.0], [1.0]]), np.array([0.5]))",
)
_w(
    XH,
    "W2 as a row (1, 2)",
    "wrong shape",
    "W2 is (2, 1)",
    "answer = (np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([-0.5, -1.5]),"
    " np.array([[1.0, -1.0]]), np.array([-0.5]))",
)
_w(
    XH,
    "threshold 0.5 off: bias +0.5",
    "wrong threshold",
    "b2 = -0.5",
    "answer = (np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([-0.5, -1.5]),"
    " np.array([[1.0], [-1.0]]), np.array([0.5]))",
)
_w(
    XH,
    "net exactly 0 on a boundary",
    "> instead of >=",
    "step(0) = 1: put thresholds between",
    "answer = (np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([-1.0, -2.0]),"
    " np.array([[1.0], [-1.0]]), np.array([-1.0]))",
)
_w(
    XH,
    "only three parts",
    "wrong return type",
    "(W1, b1, W2, b2)",
    "answer = (np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([-0.5, -1.5]),"
    " np.array([[1.0], [-1.0]]))",
)
_w(
    XH,
    "a function instead of values",
    "wrong return type",
    "assign the tuple of arrays",
    "def answer(X):\n    return np.array([0.0, 1.0, 1.0, 0.0])",
)

# ------------------------------------------------------------------ xor_network
XN = "xor_network"
_w(
    XN,
    "ignored rng (fixed seed)",
    "ignored rng",
    "build the network with the rng given",
    "def answer(rng):\n    X, T = bp.datasets.xor()\n"
    "    net = bp.MLP([2, 8, 1], rng=0)\n    net.fit(X, T, eta=2.0, epochs=4000, rng=0)\n"
    "    return net",
)
_w(
    XN,
    "untrained",
    "not trained enough",
    "train longer",
    "def answer(rng):\n    return bp.MLP([2, 8, 1], rng=rng)",
)
_w(
    XN,
    "too few epochs",
    "not trained enough",
    "train longer",
    "def answer(rng):\n    X, T = bp.datasets.xor()\n"
    "    net = bp.MLP([2, 8, 1], rng=rng)\n    net.fit(X, T, eta=0.1, epochs=20, rng=rng)\n"
    "    return net",
)
_w(
    XN,
    "returns the history",
    "wrong return type",
    "return the network",
    "def answer(rng):\n    X, T = bp.datasets.xor()\n"
    "    net = bp.MLP([2, 8, 1], rng=rng)\n    return net.fit(X, T, eta=2.0, epochs=4000, rng=rng)",
)
_w(
    XN,
    "no hidden layer",
    "no hidden layer",
    "XOR needs a hidden layer",
    "def answer(rng):\n    X, T = bp.datasets.xor()\n"
    "    net = bp.MLP([2, 1], rng=rng)\n    net.fit(X, T, eta=2.0, epochs=2000, rng=rng)\n"
    "    return net",
)
_w(
    XN,
    "trained on AND",
    "trained on the wrong data",
    "train on XOR",
    "def answer(rng):\n    X, T = bp.datasets.and_()\n"
    "    net = bp.MLP([2, 8, 1], rng=rng)\n    net.fit(X, T, eta=2.0, epochs=3000, rng=rng)\n"
    "    return net",
)
_w(
    XN,
    "ignored rng (global np.random)",
    "ignored rng",
    "use the rng given",
    "def answer(rng):\n    X, T = bp.datasets.xor()\n    np.random.seed(1)\n"
    "    net = bp.MLP([2, 8, 1], rng=np.random.randint(1000))\n"
    "    net.fit(X, T, eta=2.0, epochs=4000, rng=1)\n    return net",
)

CASCADE: list[dict] = [
    {
        "task": "delta_rule_step",
        "why": "its delta (question 1) forgets f'; delta_rule_step itself is right",
        "source": "def delta(W, b, X, T):\n    return T - bp.sigmoid(X @ W + b)\n\n"
        "def answer(W, b, X, T, eta):\n    D = delta(W, b, X, T)\n"
        "    return W + eta / len(X) * X.T @ D, b + eta / len(X) * D.sum(axis=0)",
    },
    {
        "task": "sgd_epoch",
        "why": "its gd_step has a flipped sign; the loop is right",
        "source": "def gd_step(A, y, theta, alpha):\n"
        "    return theta + alpha * A.T @ (A @ theta - y) / len(y)\n\n"
        "def answer(A, y, theta, alpha, order):\n    for n in order:\n"
        "        theta = gd_step(A[[n]], y[[n]], theta, alpha)\n    return theta",
    },
    {
        "task": "minibatch_epoch",
        "why": "its gd_step forgets 1/m; the loop is right",
        "source": "def gd_step(A, y, theta, alpha):\n"
        "    return theta - alpha * A.T @ (A @ theta - y)\n\n"
        "def answer(A, y, theta, alpha, order, k):\n    for s in range(0, len(order), k):\n"
        "        i = order[s:s + k]\n        theta = gd_step(A[i], y[i], theta, alpha)\n"
        "    return theta",
    },
    {
        "task": "backward",
        "why": "its output_delta forgets f' and hidden_delta the transpose; backward is right",
        "source": "def output_delta(net, Y, T):\n    return T - Y\n\n"
        "def hidden_delta(d, W, net):\n    return d @ W * bp.d_sigmoid(net)\n\n"
        "def answer(W1, b1, W2, b2, X, T):\n    N = X.shape[0]\n    net1 = X @ W1 + b1\n"
        "    H = bp.sigmoid(net1)\n    net2 = H @ W2 + b2\n    Y = bp.sigmoid(net2)\n"
        "    d2 = output_delta(net2, Y, T)\n    d1 = hidden_delta(d2, W2, net1)\n"
        "    return -X.T @ d1 / N, -d1.sum(0) / N, -H.T @ d2 / N, -d2.sum(0) / N",
    },
    {
        "task": "perceptron_learns_and",
        "why": "its perceptron_step forgets the bias; the training loop is right",
        "source": "def perceptron_step(w, b, x, t, eta):\n    y = float(x @ w + b >= 0)\n"
        "    return w + eta * (t - y) * x, b\n\n"
        "def perceptron_predict(w, b, X):\n    return (X @ w + b > 0).astype(float)\n\n"
        "def answer(X, t):\n    w, b = np.zeros(X.shape[1]), 0.0\n    for epoch in range(100):\n"
        "        mistakes = 0\n        for x_n, t_n in zip(X, t):\n"
        "            mistakes += int(perceptron_predict(w, b, x_n[None, :])[0] != t_n)\n"
        "            w, b = perceptron_step(w, b, x_n, t_n, 1.0)\n"
        "        if mistakes == 0:\n            break\n    return w, b",
    },
]
