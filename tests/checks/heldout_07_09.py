"""A held-aside set of wrong answers to exercises 07 and 09, written the way students err, before
the checks of those exercises were tried as a student and improved.

FROZEN once written (issue 13): the numbers measured on it (named correctly / rejected without a
name / accepted) must not be tuned to it. Add new wrong answers to the catalogue tests instead.

Each entry of ``WRONG``: ``task`` (a key of ``bplab.checks.tasks.TASKS``), ``mistake`` (what the
author did on purpose), ``names`` (the catalogue names a good message may give; empty when no name
fits and a plain "not the expected values" is the right outcome), ``source`` (the student's code:
it defines ``answer``; it runs with ``np``, ``bp``, ``sp``, ``math`` and the sympy symbols ``a, b``
defined). ``RIGHT_VARIANTS`` are right answers written differently: each must pass.
"""

# a student's right engine, the one each wrong engine below changes in one place
ENGINE = """
class Value:
    def __init__(self, data, _parents=()):
        self.data = float(data)
        self.grad = 0.0
        self._parents = _parents
        self._backward = lambda: None

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other))
        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other))
        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __pow__(self, n):
        out = Value(self.data ** n, (self,))
        def _backward():
            self.grad += n * self.data ** (n - 1) * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = Value(t, (self,))
        def _backward():
            self.grad += (1 - t ** 2) * out.grad
        out._backward = _backward
        return out

    def exp(self):
        e = math.exp(self.data)
        out = Value(e, (self,))
        def _backward():
            self.grad += e * out.grad
        out._backward = _backward
        return out

    def backward(self):
        order, seen = [], set()
        def build(v):
            if v not in seen:
                seen.add(v)
                for p in v._parents:
                    build(p)
                order.append(v)
        build(self)
        self.grad = 1.0
        for v in reversed(order):
            v._backward()

    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-other)

    def __truediv__(self, other):
        return self * other ** -1

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

answer = Value
"""


def engine(old: str, new: str) -> str:
    """The right engine with one slip: ``old`` (which must occur once) replaced by ``new``."""
    assert ENGINE.count(old) == 1, old
    return ENGINE.replace(old, new)


WRONG: list[dict] = []
RIGHT_VARIANTS: list[dict] = []


def wrong(task, mistake, names, source):
    WRONG.append({"task": task, "mistake": mistake, "names": list(names), "source": source})


def right(task, why, source):
    RIGHT_VARIANTS.append({"task": task, "why": why, "source": source})


# ---------------------------------------------------------------------- 09 hand_gradient
H = "hand_gradient"
wrong(H, "only the outer path", ["one path at fan-out"], "answer = sp.tanh(a*b)")
wrong(H, "only the inner path", ["one path at fan-out"], "answer = a*b*(1 - sp.tanh(a*b)**2)")
wrong(
    H,
    "tanh' from the input",
    ["tanh's derivative from the input"],
    "answer = sp.tanh(a*b) + a*b*(1 - (a*b)**2)",
)
wrong(
    H,
    "inner factor b forgotten",
    ["inner derivative missing"],
    "answer = sp.tanh(a*b) + a*(1 - sp.tanh(a*b)**2)",
)
wrong(H, "df/db instead", ["wrong variable"], "answer = a**2*(1 - sp.tanh(a*b)**2)")
wrong(H, "sech instead of sech^2", [], "answer = sp.tanh(a*b) + a*b/sp.cosh(a*b)")
wrong(H, "dropped the 1 -", [], "answer = sp.tanh(a*b) + a*b*sp.tanh(a*b)**2")
wrong(H, "only tanh's derivative", [], "answer = 1 - sp.tanh(a*b)**2")
wrong(H, "minus between the paths", [], "answer = sp.tanh(a*b) - a*b*(1 - sp.tanh(a*b)**2)")
wrong(H, "f itself", ["returned the cost"], "answer = a*sp.tanh(a*b)")
right(H, "sp.diff", "answer = sp.diff(a*sp.tanh(a*b), a)")
right(H, "sech squared", "answer = sp.tanh(a*b) + a*b/sp.cosh(a*b)**2")

# ---------------------------------------------------------------------- 09 the engine
for T in ("engine_sum_product", "engine_all_ops"):
    wrong(
        T,
        "= in add",
        ["overwrote the gradient at fan-out"],
        engine(
            "            self.grad += out.grad\n            other.grad += out.grad",
            "            self.grad = out.grad\n            other.grad = out.grad",
        ),
    )
    wrong(
        T,
        "= in mul",
        ["overwrote the gradient at fan-out"],
        engine(
            "            self.grad += other.data * out.grad\n"
            "            other.grad += self.data * out.grad",
            "            self.grad = other.data * out.grad\n"
            "            other.grad = self.data * out.grad",
        ),
    )
    wrong(
        T,
        "product rule with own data",
        ["product rule with own data"],
        engine(
            "            self.grad += other.data * out.grad\n"
            "            other.grad += self.data * out.grad",
            "            self.grad += self.data * out.grad\n"
            "            other.grad += other.data * out.grad",
        ),
    )
    wrong(
        T,
        "grad for data in mul",
        [],
        engine(
            "            self.grad += other.data * out.grad\n",
            "            self.grad += other.grad * out.grad\n",
        ),
    )
    wrong(
        T,
        "topological order not reversed",
        ["topological order not reversed"],
        engine("        for v in reversed(order):", "        for v in order:"),
    )
    wrong(
        T,
        "a stack, no visited set",
        ["no topological order"],
        engine(
            "        build(self)\n        self.grad = 1.0\n        for v in reversed(order):\n"
            "            v._backward()",
            "        self.grad = 1.0\n        stack = [self]\n        while stack:\n"
            "            v = stack.pop()\n            v._backward()\n"
            "            stack.extend(v._parents)",
        ),
    )
    wrong(
        T,
        "breadth first, each node once",
        ["no topological order"],
        engine(
            "        build(self)\n        self.grad = 1.0\n        for v in reversed(order):\n"
            "            v._backward()",
            "        self.grad = 1.0\n        queue, done = [self], {self}\n        while queue:\n"
            "            v = queue.pop(0)\n            v._backward()\n"
            "            for p in v._parents:\n"
            "                if p not in done:\n                    done.add(p)\n"
            "                    queue.append(p)",
        ),
    )
    wrong(
        T,
        "recursive, no order",
        ["no topological order"],
        engine(
            "        build(self)\n        self.grad = 1.0\n        for v in reversed(order):\n"
            "            v._backward()",
            "        self.grad = 1.0\n        def go(v):\n            v._backward()\n"
            "            for p in v._parents:\n                go(p)\n        go(self)",
        ),
    )
    wrong(T, "forgot the seed grad 1", [], engine("        self.grad = 1.0\n", ""))
    wrong(
        T,
        "add without out.grad",
        ["local derivative not times out.grad"],
        engine(
            "            self.grad += out.grad\n            other.grad += out.grad",
            "            self.grad += 1\n            other.grad += 1",
        ),
    )
    wrong(
        T,
        "other not a parent in add",
        [],
        engine(
            "        out = Value(self.data + other.data, (self, other))",
            "        out = Value(self.data + other.data, (self,))",
        ),
    )
    wrong(
        T, "hostile: the package's Value", ["package does the work"], "answer = bp.autodiff.Value"
    )
    wrong(
        T,
        "hostile: a subclass of the package's Value",
        ["package does the work"],
        "class Value(bp.autodiff.Value):\n    pass\nanswer = Value",
    )
    wrong(
        T,
        "hostile: constant answers",
        [],
        engine(
            "        self.grad = 1.0\n        for v in reversed(order):\n            v._backward()",
            "        for v in order:\n            v.grad = 1.0",
        ),
    )

A = "engine_all_ops"
wrong(
    A,
    "tanh' from the input",
    ["tanh's derivative from the input"],
    engine(
        "            self.grad += (1 - t ** 2) * out.grad",
        "            self.grad += (1 - self.data ** 2) * out.grad",
    ),
)
wrong(
    A,
    "tanh of tanh",
    [],
    engine(
        "            self.grad += (1 - t ** 2) * out.grad",
        "            self.grad += (1 - math.tanh(out.data) ** 2) * out.grad",
    ),
)
wrong(
    A,
    "pow without n",
    ["pow without the exponent"],
    engine(
        "            self.grad += n * self.data ** (n - 1) * out.grad",
        "            self.grad += self.data ** (n - 1) * out.grad",
    ),
)
wrong(
    A,
    "pow exponent not lowered",
    [],
    engine(
        "            self.grad += n * self.data ** (n - 1) * out.grad",
        "            self.grad += n * self.data ** n * out.grad",
    ),
)
wrong(
    A,
    "exp' from the input",
    ["exp's derivative from the input"],
    engine(
        "            self.grad += e * out.grad", "            self.grad += self.data * out.grad"
    ),
)
wrong(
    A,
    "exp' forgotten",
    [],
    engine("            self.grad += e * out.grad", "            self.grad += out.grad"),
)
wrong(
    A,
    "pow not a parent",
    [],
    engine("        out = Value(self.data ** n, (self,))", "        out = Value(self.data ** n)"),
)

S = "engine_sum_product"
right(
    S,
    "Kahn's algorithm",
    engine(
        "        build(self)\n        self.grad = 1.0\n        for v in reversed(order):\n"
        "            v._backward()",
        "        build(self)\n        users = {v: 0 for v in order}\n        for v in order:\n"
        "            for p in v._parents:\n                users[p] += 1\n"
        "        self.grad = 1.0\n        ready = [self]\n        while ready:\n"
        "            v = ready.pop()\n            v._backward()\n            for p in v._parents:\n"
        "                users[p] -= 1\n                if users[p] == 0:\n"
        "                    ready.append(p)",
    ),
)
right(
    A,
    "tanh' as (1 - t)(1 + t), pow' from the output",
    engine(
        "            self.grad += (1 - t ** 2) * out.grad",
        "            self.grad += (1 - t) * (1 + t) * out.grad",
    ).replace(
        "            self.grad += n * self.data ** (n - 1) * out.grad",
        "            self.grad += n * out.data / self.data * out.grad",
    ),
)

# ---------------------------------------------------------------------- 07 he_std
E = "he_std"
wrong(
    E,
    "n_out",
    ["n_out for n_in"],
    "def answer(sizes):\n    return np.sqrt(2 / np.array(sizes[1:]))",
)
wrong(
    E,
    "variance",
    ["variance for the standard deviation"],
    "def answer(sizes):\n    return 2 / np.array(sizes[:-1])",
)
wrong(
    E,
    "Glorot",
    ["Glorot's scale"],
    "def answer(sizes):\n    s = np.array(sizes)\n    return np.sqrt(2 / (s[:-1] + s[1:]))",
)
wrong(
    E,
    "Glorot uniform",
    ["Glorot's scale"],
    "def answer(sizes):\n    s = np.array(sizes)\n    return np.sqrt(6 / (s[:-1] + s[1:]))",
)
wrong(
    E, "no 2", ["LeCun's scale"], "def answer(sizes):\n    return np.sqrt(1 / np.array(sizes[:-1]))"
)
wrong(E, "every size", [], "def answer(sizes):\n    return np.sqrt(2 / np.array(sizes))")
wrong(
    E, "integer division", [], "def answer(sizes):\n    return np.sqrt(2 // np.array(sizes[:-1]))"
)
wrong(E, "root misplaced", [], "def answer(sizes):\n    return np.sqrt(2) / np.array(sizes[:-1])")
right(
    E, "a loop", "def answer(sizes):\n    return np.array([math.sqrt(2 / n) for n in sizes[:-1]])"
)

# ---------------------------------------------------------------------- 07 layer_deltas
FWD = """
def answer(weights, X, T, activation):
    act = bp.ACTIVATIONS[activation]
    nets, outs = [], [X]
    for h, W in enumerate(weights):
        nets.append(outs[-1] @ W)
        f = bp.sigmoid if h == len(weights) - 1 else act.f
        outs.append(f(nets[-1]))
    Y = outs[-1]
    delta = OUTPUT
    deltas = [delta]
    for h in range(len(weights) - 2, -1, -1):
        delta = HIDDEN
        deltas.append(delta)
    deltas = deltas[::-1]
    return RESULT
"""


def deltas(
    output="(T - Y) * Y * (1 - Y)",
    hidden="(delta @ weights[h + 1].T) * act.df(nets[h])",
    result="np.array([np.linalg.norm(d) for d in deltas])",
):
    return FWD.replace("OUTPUT", output).replace("HIDDEN", hidden).replace("RESULT", result)


L = "layer_deltas"
wrong(
    L,
    "no transpose",
    ["missing transpose"],
    deltas(hidden="(delta @ weights[h + 1]) * act.df(nets[h])"),
)
wrong(L, "hidden f' missing", ["missing f'"], deltas(hidden="delta @ weights[h + 1].T"))
wrong(L, "output f' missing", ["missing f'"], deltas(output="T - Y"))
wrong(
    L,
    "f' of the output",
    ["derivative applied to the activated output"],
    deltas(
        hidden="(delta @ weights[h + 1].T) * act.df(outs[h + 1])",
        output="(T - Y) * bp.d_sigmoid(Y)",
    ),
)
wrong(
    L,
    "ReLU slope 1 at 0",
    ["ReLU's slope at 0"],
    deltas(
        hidden="(delta @ weights[h + 1].T) * (act.df(nets[h]) if activation != 'relu' "
        "else (nets[h] >= 0).astype(float))"
    ),
)
wrong(
    L,
    "output first",
    ["layers in reverse order"],
    deltas(result="np.array([np.linalg.norm(d) for d in deltas[::-1]])"),
)
wrong(
    L,
    "dE/dW norms",
    ["norm of dE/dW for delta"],
    deltas(result="np.array([np.linalg.norm(Yp.T @ d) / len(X) for Yp, d in zip(outs, deltas)])"),
)
wrong(
    L,
    "sigmoid everywhere",
    [],
    deltas(hidden="(delta @ weights[h + 1].T) * bp.d_sigmoid(nets[h])").replace(
        "f = bp.sigmoid if h == len(weights) - 1 else act.f", "f = bp.sigmoid"
    ),
)
wrong(
    L,
    "mean of per-sample norms",
    [],
    deltas(result="np.array([np.linalg.norm(d, axis=1).mean() for d in deltas])"),
)
wrong(L, "L1 sizes", [], deltas(result="np.array([np.abs(d).sum() for d in deltas])"))
wrong(
    L, "hidden layers only", [], deltas(result="np.array([np.linalg.norm(d) for d in deltas[:-1]])")
)
wrong(
    L,
    "the package's backward",
    ["package does the work"],
    """
def answer(weights, X, T, activation):
    biases = [np.zeros(W.shape[1]) for W in weights]
    net = bp.MLP.from_params(weights, biases, activation, "sigmoid")
    g = net.backward(net.forward(X), T)
    return np.array([np.linalg.norm(d) for d in g.deltas])
""",
)
right(
    L,
    "written out",
    deltas(
        hidden="(delta @ weights[h + 1].T) * "
        "(outs[h + 1] * (1 - outs[h + 1]) if activation == 'sigmoid' else (nets[h] > 0) * 1.0)"
    ),
)

# ---------------------------------------------------------------------- 07 accuracy
C = "accuracy"
wrong(
    C,
    "argmax down the columns",
    ["argmax over the wrong axis"],
    "def answer(Y, labels):\n    return np.mean(Y.argmax(axis=0) == labels)",
)
wrong(
    C,
    "percent",
    ["percent for a fraction"],
    "def answer(Y, labels):\n    return 100 * np.mean(Y.argmax(axis=1) == labels)",
)
wrong(
    C,
    "count",
    ["count for a fraction"],
    "def answer(Y, labels):\n    return np.sum(Y.argmax(axis=1) == labels)",
)
wrong(
    C,
    "max instead of argmax",
    [],
    "def answer(Y, labels):\n    return np.mean(Y.max(axis=1) == labels)",
)
wrong(
    C,
    "divided by the classes",
    [],
    "def answer(Y, labels):\n    return (Y.argmax(1) == labels).sum() / Y.shape[1]",
)
wrong(C, "error rate", [], "def answer(Y, labels):\n    return np.mean(Y.argmax(1) != labels)")
wrong(
    C, "no mean", ["wrong return type"], "def answer(Y, labels):\n    return Y.argmax(1) == labels"
)
wrong(
    C,
    "the package's",
    ["package does the work"],
    "from bplab.chapters import experiments\n\ndef answer(Y, labels):\n"
    "    return experiments.accuracy(Y, labels)",
)
right(
    C,
    "a loop",
    "def answer(Y, labels):\n    hits = 0\n    for y, k in zip(Y, labels):\n"
    "        hits += int(np.argmax(y) == k)\n    return hits / len(labels)",
)
