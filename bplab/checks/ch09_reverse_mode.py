"""The questions of exercise 09, backprop is reverse-mode differentiation: hand_gradient,
engine_sum_product, engine_all_ops, neuron_by_values (a tanh neuron's gradient, built from Values:
the student's own or bp.autodiff's, which stay switched on for this one).

The student writes a scalar autodiff class ``Value`` of their own (chapter 09). The grader makes a
random expression as plain data, a *program* of rows ``[op, a, b, c]`` (``bplab.checks.calling.
ENGINE_OPS``) over a few inputs, with fan-out: an input or an intermediate node used by several
later nodes. The sandbox builds it with the student's class, runs ``backward()`` and reports the
output's data and the inputs' grads (``calling.run_engine``); the judge compares them with its own
sweep over the program, here.

The named wrong answers are computed by ``_simulate``: a copy of the graph the skeleton's class
builds (neg is x * -1, sub is x + (-y), div is x * y**-1, a number c is Value(c)), in which each
node's ``_backward`` is run in the order a mistaken ``backward()`` would run it, with the local
derivatives a mistaken op would use, and with ``=`` or ``+=``.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from .calling import ENGINE_OPS
from .helpers import question, registry

OP = {name: i for i, name in enumerate(ENGINE_OPS)}


def _autodiff_sealed() -> tuple[str, ...]:
    """Every function of bplab.autodiff (chapter 09's engine: Value, Dual, topological_order) that
    can be switched off: with them, ``Value = bp.autodiff.Value`` does no work of its own."""
    try:
        from .. import autodiff
    except Exception:  # noqa: BLE001 - chapter 09's module is not there (or not importable)
        return ()
    names, seen = [], set()
    for owner_name in ("Value", "Dual"):
        owner = getattr(autodiff, owner_name, None)
        if not isinstance(owner, type):
            continue
        for attr, func in vars(owner).items():
            func = getattr(func, "__func__", func)
            if (
                callable(func)
                and hasattr(func, "__code__")
                and func.__qualname__ == f"{owner_name}.{attr}"
                and func.__module__ == autodiff.__name__
                and not func.__closure__
                and id(func) not in seen
            ):
                seen.add(id(func))
                names.append(f"bplab.autodiff:{owner_name}.{attr}")
    for attr, func in vars(autodiff).items():
        if (
            not attr.startswith("_")
            and callable(func)
            and not isinstance(func, type)
            and getattr(func, "__module__", None) == autodiff.__name__
            and getattr(func, "__qualname__", "") == attr
            and not getattr(func, "__closure__", True)
        ):
            names.append(f"bplab.autodiff:{attr}")
    return tuple(names)


SEALED = _autodiff_sealed()


# ------------------------------------------------------------------ the judge's own sweep
# the value of each operation from its operands' values u, v and its number c
FORWARD = {
    "add": lambda u, v, c: u + v,
    "mul": lambda u, v, c: u * v,
    "pow": lambda u, v, c: u**c,
    "tanh": lambda u, v, c: math.tanh(u),
    "exp": lambda u, v, c: math.exp(u),
    "neg": lambda u, v, c: -u,
    "sub": lambda u, v, c: u - v,
    "div": lambda u, v, c: u / v,
    "add_number": lambda u, v, c: u + c,
    "number_mul": lambda u, v, c: c * u,
}


def _values(program, inputs) -> list[float]:
    """The value of every node: the inputs, then one per row of the program."""
    x = [float(v) for v in inputs]
    for op, a, b, c in np.asarray(program, dtype=float):
        x.append(FORWARD[ENGINE_OPS[int(op)]](x[int(a)], x[int(b)], float(c)))
    return x


def engine_result(program, inputs, grads=True):
    """(f, df/dx_i for every input) of the program: the values in the program's order, then the
    adjoints in the reverse order (each node's adjoint is complete before it is passed down,
    because every consumer of a node comes after it in the program)."""
    program = np.asarray(program, dtype=float)
    x = _values(program, inputs)
    n_in = len(inputs)
    if not grads:
        return x[-1]
    bar = [0.0] * len(x)
    bar[-1] = 1.0
    for k in range(len(program) - 1, -1, -1):
        op, a, b, c = program[k]
        a, b, c, name, g = int(a), int(b), float(c), ENGINE_OPS[int(op)], bar[n_in + k]
        u, v, out = x[a], x[b], x[n_in + k]
        if name == "add":
            bar[a] += g
            bar[b] += g
        elif name == "mul":
            bar[a] += v * g
            bar[b] += u * g
        elif name == "pow":
            bar[a] += c * u ** (c - 1) * g
        elif name == "tanh":
            bar[a] += (1 - out**2) * g
        elif name == "exp":
            bar[a] += out * g
        elif name == "neg":
            bar[a] -= g
        elif name == "sub":
            bar[a] += g
            bar[b] -= g
        elif name == "div":
            bar[a] += g / v
            bar[b] -= u / v**2 * g
        elif name == "add_number":
            bar[a] += g
        else:
            bar[a] += c * g
    return x[-1], np.array(bar[:n_in])


# ------------------------------------------------------------------ a mistaken engine, simulated
class _Node:
    __slots__ = ("data", "grad", "parents", "local", "op")

    def __init__(self, data, parents=(), local=(), op=""):
        self.data, self.grad, self.parents, self.local = float(data), 0.0, parents, local
        self.op = op


def _simulate(program, inputs, *, order="topo", assign=(), slips=(), bare=()):
    """(output's data, the inputs' grads) of the skeleton's engine with these slips.

    ``order``: "topo" (reversed post-order DFS, the right one), "topo_not_reversed",
    "bfs" (a queue from the output, each node once), "dfs" (each node's ``_backward`` and then its
    parents', recursively, with no record of visited nodes), "stack" (the same with a list as a
    stack, so the last parent first). ``assign``: the ops ("add", "mul", ...) whose
    ``_backward`` writes ``=`` for ``+=``; ``bare``: the ops whose local derivative is not
    multiplied by out.grad. ``slips``: "mul own data", "tanh input", "pow no exponent",
    "pow not lowered", "exp input"."""

    def const(c):
        return _Node(c)

    def add(p, q):
        return _Node(p.data + q.data, (p, q), (lambda n: 1.0, lambda n: 1.0), "add")

    def mul(p, q):
        if "mul own data" in slips:
            return _Node(p.data * q.data, (p, q), (lambda n: p.data, lambda n: q.data), "mul")
        return _Node(p.data * q.data, (p, q), (lambda n: q.data, lambda n: p.data), "mul")

    def pow_(p, c):
        if "pow no parent" in slips:
            return _Node(p.data**c, (), (), "pow")
        if "pow no exponent" in slips:
            return _Node(p.data**c, (p,), (lambda n: p.data ** (c - 1),), "pow")
        if "pow not lowered" in slips:
            return _Node(p.data**c, (p,), (lambda n: c * p.data**c,), "pow")
        return _Node(p.data**c, (p,), (lambda n: c * p.data ** (c - 1),), "pow")

    def tanh(p):
        t = math.tanh(p.data)
        if "tanh input" in slips:
            return _Node(t, (p,), (lambda n: 1 - p.data**2,), "tanh")
        return _Node(t, (p,), (lambda n: 1 - n.data**2,), "tanh")

    def exp(p):
        e = math.exp(p.data)
        if "exp no parent" in slips:
            return _Node(e, (), (), "exp")
        if "exp input" in slips:
            return _Node(e, (p,), (lambda n: p.data,), "exp")
        return _Node(e, (p,), (lambda n: n.data,), "exp")

    def neg(p):
        return mul(p, const(-1.0))

    build = {
        "add": lambda p, q, c: add(p, q),
        "mul": lambda p, q, c: mul(p, q),
        "pow": lambda p, q, c: pow_(p, c),
        "tanh": lambda p, q, c: tanh(p),
        "exp": lambda p, q, c: exp(p),
        "neg": lambda p, q, c: neg(p),
        "sub": lambda p, q, c: add(p, neg(q)),
        "div": lambda p, q, c: mul(p, pow_(q, -1.0)),
        "add_number": lambda p, q, c: add(p, const(c)),
        "number_mul": lambda p, q, c: mul(p, const(c)),
    }
    leaves = [_Node(v) for v in inputs]
    nodes = list(leaves)
    for op, a, b, c in np.asarray(program, dtype=float):
        nodes.append(build[ENGINE_OPS[int(op)]](nodes[int(a)], nodes[int(b)], float(c)))
    root = nodes[-1]

    def step(n):  # n._backward()
        for parent, local in zip(n.parents, n.local):
            share = local(n) * (1.0 if n.op in bare else n.grad)
            parent.grad = share if n.op in assign else parent.grad + share

    root.grad = 1.0
    if order in ("topo", "topo_not_reversed"):
        topo, seen = [], set()

        def sort(n):
            if id(n) not in seen:
                seen.add(id(n))
                for p in n.parents:
                    sort(p)
                topo.append(n)

        sort(root)
        for n in reversed(topo) if order == "topo" else topo:
            step(n)
    elif order == "bfs":
        queue, seen = [root], {id(root)}
        while queue:
            n = queue.pop(0)
            step(n)
            for p in n.parents:
                if id(p) not in seen:
                    seen.add(id(p))
                    queue.append(p)
    elif order == "stack":
        stack, calls = [root], 0
        while stack:
            calls += 1
            if calls > 100_000:
                raise ValueError("too many calls")
            n = stack.pop()
            step(n)
            stack.extend(n.parents)
    elif order == "dfs":
        calls = [0]

        def visit(n):
            calls[0] += 1
            if calls[0] > 100_000:
                raise ValueError("too many calls")
            step(n)
            for p in n.parents:
                visit(p)

        visit(root)
    else:
        raise ValueError(order)
    return root.data, np.array([v.grad for v in leaves])


def _variant(**how):
    return lambda c: _simulate(c["program"], c["inputs"], **how)


# ------------------------------------------------------------------ random programs
SUM_PRODUCT_OPS = ("add", "mul", "neg", "sub", "add_number", "number_mul")
ALL_OPS = ENGINE_OPS


def _ok(program, inputs) -> bool:
    """Every value and gradient of a moderate size, no base of a power or divisor near 0."""
    try:
        x = _values(program, inputs)
        for op, a, b, _ in program:
            name = ENGINE_OPS[int(op)]
            if name in ("pow", "div") and abs(x[int(b if name == "div" else a)]) < 0.3:
                return False
        _, g = engine_result(program, inputs)
    except (OverflowError, ZeroDivisionError, ValueError):
        return False
    return all(abs(v) < 30 for v in x) and bool(np.all(np.abs(g) < 1e4))


def _program(rng, ops, *, n_in, n_ops, must=()):
    """A random program over ``n_in`` inputs: ``n_ops`` operations drawn from ``ops`` (every op
    of ``must`` among them), operands drawn from all earlier nodes with a preference for recent
    ones and for inputs (so inputs and intermediate nodes fan out); the nodes no operation used
    are then added up into the output, so every input reaches it."""
    names = list(must) + [str(rng.choice(ops)) for _ in range(n_ops - len(must))]
    rng.shuffle(names)
    rows, n = [], n_in
    used = set()
    for name in names:
        a = int(rng.integers(0, n)) if rng.random() < 0.5 else int(rng.integers(max(0, n - 3), n))
        b = int(rng.integers(0, n))
        c = 0.0
        if name == "pow":
            c = float(rng.choice([2.0, 3.0, -1.0, -2.0]))
        elif name in ("add_number", "number_mul"):
            c = float(np.round(rng.uniform(-2, 2), 2)) or 0.5
        if name in ("add", "mul", "sub", "div"):
            used.update((a, b))
        else:
            used.add(a)
        rows.append([OP[name], a, b, c])
        n += 1
    dangling = [k for k in range(n - 1) if k not in used]
    for k in dangling:
        rows.append([OP["add"], n - 1, k, 0.0])
        n += 1
    return np.array(rows, dtype=float)


def _inputs(rng, n_in):
    return rng.choice([-1.0, 1.0], n_in) * rng.uniform(0.4, 1.5, n_in)


def _case(ops, must=(), n_in=(2, 4), n_ops=(5, 9)):
    def make(rng):
        for _ in range(200):
            k = int(rng.integers(*n_in))
            program = _program(rng, ops, n_in=k, n_ops=int(rng.integers(*n_ops)), must=must)
            inputs = _inputs(rng, k)
            if _ok(program, inputs):
                return {"program": program, "inputs": inputs, "grads": True}
        raise RuntimeError("no program of moderate values found")

    return make


def _fan_out_case(rng):
    """x0 feeds three nodes at three depths, and an intermediate node feeds two: the smallest
    program on which every order other than a topological one goes wrong."""
    x = _inputs(rng, 2)
    c = float(np.round(rng.uniform(0.5, 2), 2))
    program = np.array(
        [
            [OP["mul"], 0, 1, 0],  # 2: x0 * x1
            [OP["add_number"], 2, 2, c],  # 3: node 2 + c
            [OP["mul"], 3, 0, 0],  # 4: node 3 * x0
            [OP["sub"], 4, 2, 0],  # 5: node 4 - node 2
            [OP["number_mul"], 0, 0, -c],  # 6: -c * x0
            [OP["add"], 5, 6, 0],  # 7: node 5 + node 6
            [OP["add"], 7, 1, 0],  # 8: output, node 7 + x1
        ],
        dtype=float,
    )
    return {"program": program, "inputs": x, "grads": True}


def _fan_out_all_case(rng):
    """Every operation once, x0, x0 * x1 and tanh(x0 * x1) each used at two depths."""
    x = _inputs(rng, 2)
    n = float(rng.choice([2.0, 3.0]))
    program = np.array(
        [
            [OP["mul"], 0, 1, 0],  # 2: x0 * x1
            [OP["tanh"], 2, 2, 0],  # 3: tanh(node 2)
            [OP["mul"], 3, 0, 0],  # 4: node 3 * x0
            [OP["exp"], 3, 3, 0],  # 5: exp(node 3)
            [OP["pow"], 4, 4, n],  # 6: node 4 ** n
            [OP["add"], 6, 5, 0],  # 7: node 6 + node 5
            [OP["div"], 7, 1, 0],  # 8: node 7 / x1
            [OP["sub"], 8, 2, 0],  # 9: node 8 - node 2
            [OP["add"], 9, 0, 0],  # 10: output, node 9 + x0
        ],
        dtype=float,
    )
    return {"program": program, "inputs": x, "grads": True}


SYMBOL = {"add": "+", "mul": "*", "sub": "-", "div": "/"}


def describe_program(program, inputs) -> str:
    """The expression of a case as a student reads it, one node a line:
    ``n2 = x0 * x1``, ..., with the inputs' values."""
    program = np.asarray(program, dtype=float)
    n_in = len(inputs)

    def name(k):
        return f"x{k}" if k < n_in else f"n{k}"

    lines = ["    " + ", ".join(f"x{k} = Value({float(v)!r})" for k, v in enumerate(inputs))]
    for k, (op, a, b, c) in enumerate(program):
        op, a, b, c = ENGINE_OPS[int(op)], name(int(a)), name(int(b)), float(c)
        text = {
            "pow": f"{a} ** {c:g}",
            "tanh": f"{a}.tanh()",
            "exp": f"{a}.exp()",
            "neg": f"-{a}",
            "add_number": f"{a} + {c:g}",
            "number_mul": f"{c:g} * {a}",
        }.get(op) or f"{a} {SYMBOL[op]} {b}"
        target = "f" if k == len(program) - 1 else name(n_in + k)
        lines.append(f"    {target} = {text}")
    return "\n".join(lines) + "\n    f.backward()"


def _explained(task):
    """The task with a judge that, on a failure, shows the expression the class was given."""
    judge = task.judge

    def explained(c, got):
        v = judge(c, got)
        if not v:
            parts = v.details.get("parts", {})
            if parts.get("output's data") is False:
                v.message += (
                    "\n  The output's data is wrong, so the forward formula (out.data) of one "
                    "of your operations is: build each one alone and print its data."
                )
            elif v.mistake is None:
                v.message += (
                    "\n  The output's data is right and the grads are not: test one operation "
                    "at a time, e.g. x = Value(0.7); y = x * x; y.backward() should give "
                    "x.grad = 1.4, and x = Value(0.7); y = x.tanh(); y.backward() should give "
                    "x.grad = 1 - y.data ** 2."
                )
            v.message += (
                "\n  The expression of this test case (build it and compare your grads with "
                "a central difference, or with your own chain rule on paper):\n"
                + describe_program(c["program"], c["inputs"])
            )
        return v

    return replace(task, judge=explained)


# ------------------------------------------------------------------ hand_gradient
def hand_gradient():
    """df/da of f(a, b) = a * tanh(a * b), as a sympy expression (the value handed in)."""
    import sympy as sp

    a, b = sp.symbols("a b")
    return sp.tanh(a * b) + a * b * (1 - sp.tanh(a * b) ** 2)


def _point(rng):
    return {
        "a": float(rng.choice([-1, 1]) * rng.uniform(0.3, 1.5)),
        "b": float(rng.choice([-1, 1]) * rng.uniform(0.3, 1.5)),
    }


def _t(c):
    return math.tanh(c["a"] * c["b"])


def _df_da(c):
    return _t(c) + c["a"] * c["b"] * (1 - _t(c) ** 2)


HAND_GRADIENT = question(
    "hand_gradient",
    "df_da: sympy expression for df/da of f(a, b) = a * tanh(a * b)",
    args=(),
    kind="sympy",
    reference=hand_gradient,
    value_of=lambda c: (_df_da(c),),
    returns="a sympy expression in a and b",
    labels=("df/da",),
    kinds=("number",),
    variants=[
        ("one path at fan-out", lambda c: _t(c)),
        ("one path at fan-out", lambda c: c["a"] * c["b"] * (1 - _t(c) ** 2)),
        (
            "tanh's derivative from the input",
            lambda c: _t(c) + c["a"] * c["b"] * (1 - (c["a"] * c["b"]) ** 2),
        ),
        ("inner derivative missing", lambda c: _t(c) + c["a"] * (1 - _t(c) ** 2)),
        ("wrong variable", lambda c: c["a"] ** 2 * (1 - _t(c) ** 2)),
        ("returned the cost", lambda c: c["a"] * _t(c)),
    ],
    hints={
        "wrong variable": "that is df/db; the question asks for df/da, where a appears twice",
        "returned the cost": "that is f itself; the question asks for its derivative df/da",
    },
    fixed=[_point],
    random=_point,
    n_random=5,
    rtol=1e-9,
)


# ------------------------------------------------------------------ the engine questions
OPS = ("add", "mul", "pow", "tanh", "exp")
ORDER_SLIPS = [
    (
        "no gradient reached the inputs",
        lambda c: (engine_result(c["program"], c["inputs"])[0], np.zeros(len(c["inputs"]))),
    ),
    ("overwrote the gradient at fan-out", _variant(assign=OPS)),
    ("overwrote the gradient at fan-out", _variant(assign=("add",))),
    ("overwrote the gradient at fan-out", _variant(assign=("mul",))),
    ("overwrote the gradient at fan-out", _variant(assign=OPS, order="bfs")),
    ("topological order not reversed", _variant(order="topo_not_reversed")),
    ("no topological order", _variant(order="bfs")),
    ("no topological order", _variant(order="dfs")),
    ("no topological order", _variant(order="stack")),
    ("local derivative not times out.grad", _variant(bare=OPS)),
    ("local derivative not times out.grad", _variant(bare=("add",))),
    ("local derivative not times out.grad", _variant(bare=("mul",))),
]

ENGINE_HINTS = {
    "wrong return type": "data and grad must be numbers (floats): the class stores "
    "self.data = data and self.grad = 0.0",
}

ENGINE_SUM_PRODUCT = question(
    "engine_sum_product",
    "class Value: __add__, __mul__ and backward() on random sums and products with fan-out",
    args=("program", "inputs", "grads"),
    kind="engine",
    reference=engine_result,
    returns="(the output's data, the inputs' grads)",
    labels=("output's data", "inputs' grads"),
    kinds=("number", "array"),
    variants=[("product rule with own data", _variant(slips=("mul own data",))), *ORDER_SLIPS],
    hints=ENGINE_HINTS,
    fixed=[_fan_out_case, _case(SUM_PRODUCT_OPS, must=("mul", "mul", "add"))],
    random=_case(SUM_PRODUCT_OPS, must=("mul", "add")),
    n_random=3,
    sealed=SEALED,
)

ENGINE_ALL_OPS = question(
    "engine_all_ops",
    "class Value: every operation (+ * ** tanh exp, and - / built from them) with backward()",
    args=("program", "inputs", "grads"),
    kind="engine",
    reference=engine_result,
    returns="(the output's data, the inputs' grads)",
    labels=("output's data", "inputs' grads"),
    kinds=("number", "array"),
    variants=[
        ("tanh's derivative from the input", _variant(slips=("tanh input",))),
        ("pow without the exponent", _variant(slips=("pow no exponent",))),
        ("pow's exponent not lowered", _variant(slips=("pow not lowered",))),
        ("exp's derivative from the input", _variant(slips=("exp input",))),
        ("product rule with own data", _variant(slips=("mul own data",))),
        ("input not a parent", _variant(slips=("exp no parent",))),
        ("input not a parent", _variant(slips=("pow no parent",))),
        # (not tanh without its parent: on the fan-out case a breadth-first order loses exactly
        # tanh's share of x0 * x1, as that tanh does, so it is named "no topological order")
        *ORDER_SLIPS,
        ("overwrote the gradient at fan-out", _variant(assign=("pow", "tanh", "exp"))),
        ("overwrote the gradient at fan-out", _variant(assign=("pow",))),
        ("overwrote the gradient at fan-out", _variant(assign=("tanh",))),
        ("local derivative not times out.grad", _variant(bare=("pow", "tanh", "exp"))),
    ],
    hints={
        **ENGINE_HINTS,
        "tanh's derivative from the input": "in tanh's _backward the local derivative is "
        "1 - t**2 with t = out.data, the OUTPUT tanh(x); 1 - x**2 uses the input",
    },
    fixed=[_fan_out_all_case, _case(ALL_OPS, must=("tanh", "exp", "pow", "mul", "div"))],
    random=_case(ALL_OPS, must=("tanh", "exp", "pow", "mul", "add")),
    n_random=3,
    sealed=SEALED,
)


# ------------------------------------------------------------------ neuron_by_values
def neuron_by_values(w, b, x, t):
    """(dE/dw, dE/db) of E = (t - y)^2 / 2, y = tanh(x . w + b), one sample: with
    g = -(t - y)(1 - y^2), dE/dw = g x and dE/db = g."""
    y = np.tanh(x @ w + b)
    g = -(t - y) * (1 - y**2)
    return g * x, float(g)


def _neuron(d):
    def make(rng):
        return {
            "w": rng.normal(size=d),
            "b": float(rng.normal()),
            "x": rng.normal(size=d),
            "t": float(rng.uniform(-0.9, 0.9)),
        }

    return make


def _neuron_random(rng):
    return _neuron(int(rng.integers(1, 6)))(rng)


def _neuron_with(df=None, sign=1.0, scale=1.0, bias=True):
    def variant(c):
        net = c["x"] @ c["w"] + c["b"]
        y = np.tanh(net)
        g = -(c["t"] - y) * (df(net, y) if df else 1 - y**2) * sign * scale
        return g * c["x"], float(g) if bias else 0.0

    return variant


NEURON_BY_VALUES = question(
    "neuron_by_values",
    "neuron_by_values(w, b, x, t) -> (dE/dw, dE/db) of a tanh neuron, built from Values",
    args=("w", "b", "x", "t"),
    reference=neuron_by_values,
    returns="(dE/dw, an array shaped like w; dE/db, one number)",
    labels=("dE/dw", "dE/db"),
    kinds=("array", "number"),
    variants=[
        ("flipped sign", _neuron_with(sign=-1.0)),
        ("missing 1/2", _neuron_with(scale=2.0)),
        ("missing f'", _neuron_with(df=lambda net, y: 1.0)),
        ("tanh's derivative from the input", _neuron_with(df=lambda net, y: 1 - net**2)),
        ("bias gradient missing", _neuron_with(bias=False)),
        # after "bias gradient missing", which has the same dE/db: every grad 0 (no backward())
        ("no gradient reached the inputs", lambda c: (np.zeros_like(c["w"]), 0.0)),
        ("values for the gradients", lambda c: (np.array(c["w"], dtype=float), c["b"])),
    ],
    hints={
        "flipped sign": "E = (t - y)^2 / 2 is built as it reads: dE/dw comes out of backward() "
        "with its sign, no minus to add or drop (t - y, not y - t, squared is the same E)",
        "missing 1/2": "E = 0.5 * (t - y) ** 2: the half is part of E",
        "missing f'": "y = net.tanh(): build y with your tanh, so that backward() passes "
        "through its local derivative",
        "no gradient reached the inputs": "every grad is still 0: build E from your Values, "
        "call E.backward(), and only then read each Value's .grad",
        "bias gradient missing": "the bias is a Value too: b = Value(b), net = ... + b, and "
        "after E.backward() its grad is dE/db",
    },
    fixed=[_neuron(3)],
    random=_neuron_random,
    n_random=3,
    sealed=(
        "bplab.network:MLP.backward",
        "bplab.network:learning_signals",
        "bplab.gradcheck:numerical_gradients",
    ),
    # the gradient must come from the student's engine: an answer that never calls its Value's
    # backward() wrote the derivative by hand (the same numbers, so the values alone cannot tell)
    must_call=("Value.backward",),
)

TASKS = registry(
    HAND_GRADIENT, _explained(ENGINE_SUM_PRODUCT), _explained(ENGINE_ALL_OPS), NEURON_BY_VALUES
)
