"""Automatic differentiation of scalars: reverse mode (``Value``) and forward mode (``Dual``).

Chapter 09 builds this engine step by step. Every operation makes a new node of a computation
graph and remembers, beside its forward formula, its *local derivative*: how its output moves when
one input moves. ``Value.backward()`` then applies the chain rule to the whole graph at once:

1. list the graph's nodes in topological order (every node after the nodes it was made from);
2. set every ``grad`` to 0 and the output's to 1 (dE/dE = 1);
3. visit the nodes in reverse order; each passes ``its grad x local derivative`` to its inputs.

Step 3 *adds* (``+=``): a value used twice (``x * x``, or a hidden output feeding two neurons)
receives one contribution per use, and its derivative is their sum. After ``E.backward()``,
``v.grad`` is dE/dv for every node v of E's graph: the true derivative, so gradient descent
subtracts it. (The course's learning signal delta has the other sign and a factor N:
delta = -N dE/dnet; see ``bplab.network``.)

``Dual`` is forward mode: a number carries its value and its tangent, the derivative with respect
to one chosen input, and every operation updates both. One forward pass gives the derivative of
every output with respect to *one* input; reverse mode gives the derivative of *one* output with
respect to every input. A cost is one output of many parameters, so reverse mode wins.

Pure Python and ``math``: one node per scalar, slow, for reading. ``bplab.MLP`` is the same
algorithm with one node per layer (chapter 09 shows they agree).

Chapter 09's first neuron, y = f(w x + b) with the sigmoid, x = 2, w = -0.5, b = 0.25:

>>> x, w = Value(2.0), Value(-0.5)
>>> y = (w * x + 0.25).sigmoid()
>>> y.backward()
>>> round(y.data, 6), round(w.grad, 6), round(x.grad, 6)   # dy/dw = f' x, dy/dx = f' w
(0.320821, 0.43579, -0.108947)
>>> d = (Dual(-0.5, 1.0) * Dual(2.0) + 0.25).sigmoid()   # the same, forward mode, tangent dw = 1
>>> round(d.tangent, 6)
0.43579
"""

from __future__ import annotations

import math
import numbers
import sys
from collections.abc import Callable

Number = int | float


def _number(value, what: str) -> float:
    """A plain real number as a float; anything else raises TypeError naming what came."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"{what} must be a real number (int or float), got {type(value).__name__}: {value!r}"
        )
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{what} must be finite, got {value}")
    return value


def _sigmoid(z: float) -> float:
    """1 / (1 + e^-z), the course's sigmoid, without overflow: for z < 0 it is e^z / (1 + e^z)."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def _power_base(base: float, p: float) -> None:
    if base < 0 and not float(p).is_integer():
        raise ValueError(f"a negative number to a fractional power is not real: {base} ** {p}")
    if base == 0 and p < 0:
        raise ZeroDivisionError(f"0 to a negative power is undefined: {base} ** {p}")


def _power(base: float, p: float) -> float:
    """base ** p, with an overflow named as the ``**`` that caused it."""
    _power_base(base, p)
    try:
        return _finite(base**p, base, "**", p)
    except OverflowError:
        raise OverflowError(
            f"{base!r} ** {p:g} is larger than the largest float ({sys.float_info.max:.4g})"
        ) from None


def _power_slope(base: float, p: float) -> float:
    """d(a^p)/da = p a^(p-1); for p = 0 (a^0 = 1, a constant) it is 0, also at a = 0."""
    if p == 0:
        return 0.0
    if base == 0 and 0 < p < 1:
        raise ZeroDivisionError(
            f"the derivative of a ** {p:g} at a = 0 is infinite (p a^(p-1) with p - 1 < 0)"
        )
    try:
        slope = p * base ** (p - 1)
        if not math.isfinite(slope):
            raise OverflowError
        return slope
    except OverflowError:
        raise OverflowError(
            f"the derivative of a ** {p:g} at a = {base!r}, {p:g} a^{p - 1:g}, is larger than "
            f"the largest float"
        ) from None


def _finite(result: float, a: float, op: str, b: float) -> float:
    """``result`` of ``a op b`` if it is a finite float; else OverflowError naming the operation."""
    if not math.isfinite(result):
        raise OverflowError(
            f"{a!r} {op} {b!r} is beyond the largest float ({sys.float_info.max:.4g}); "
            f"rescale the numbers"
        )
    return result


def _log_argument(x: float) -> None:
    if x <= 0:
        raise ValueError(f"log needs a positive number, got {x}")


#: the largest x with a finite exp(x): ln(largest float) = 709.78...
EXP_MAX = math.log(sys.float_info.max)


def _exp(x: float) -> float:
    if x > EXP_MAX:
        raise OverflowError(
            f"exp({x}) is larger than the largest float (exp(x) overflows for x > {EXP_MAX:.6f})"
        )
    return math.exp(x)


# ============================================================================ reverse mode
class Value:
    """One scalar of a computation graph: its ``data``, and after ``backward()`` its ``grad``.

    ``parents``: the Values it was computed from (empty for an input); ``op``: the operation that
    made it ("+", "*", "tanh", ...; "" for an input); ``label``: an optional name for printing.
    """

    __slots__ = ("data", "grad", "parents", "op", "label", "_backward")

    def __init__(self, data: Number, *, label: str = "", _parents: tuple = (), _op: str = ""):
        self.data: float = _number(data, "Value(data)")
        self.grad: float = 0.0
        self.parents: tuple[Value, ...] = _parents
        self.op: str = _op
        self.label: str = label
        self._backward: Callable[[], None] = _nothing

    def __repr__(self) -> str:
        name = f"{self.label}: " if self.label else ""
        return f"Value({name}data={self.data:.6g}, grad={self.grad:.6g})"

    # ------------------------------------------------------------------ the operations
    # Each one computes its output, then says how to send the output's grad back to its inputs:
    # input.grad += (local derivative d out / d input) * out.grad.
    def __add__(self, other) -> Value:
        other = _as_value(other, "+")
        data = _finite(self.data + other.data, self.data, "+", other.data)
        out = Value(data, _parents=(self, other), _op="+")

        def _backward():
            self.grad += 1.0 * out.grad  # d(a + b)/da = 1
            other.grad += 1.0 * out.grad  # d(a + b)/db = 1

        out._backward = _backward
        return out

    def __mul__(self, other) -> Value:
        other = _as_value(other, "*")
        data = _finite(self.data * other.data, self.data, "*", other.data)
        out = Value(data, _parents=(self, other), _op="*")

        def _backward():
            self.grad += other.data * out.grad  # d(a b)/da = b
            other.grad += self.data * out.grad  # d(a b)/db = a

        out._backward = _backward
        return out

    def __sub__(self, other) -> Value:
        other = _as_value(other, "-")
        data = _finite(self.data - other.data, self.data, "-", other.data)
        out = Value(data, _parents=(self, other), _op="-")

        def _backward():
            self.grad += 1.0 * out.grad  # d(a - b)/da = 1
            other.grad += -1.0 * out.grad  # d(a - b)/db = -1

        out._backward = _backward
        return out

    def __truediv__(self, other) -> Value:
        other = _as_value(other, "/")
        if other.data == 0:
            raise ZeroDivisionError(f"division by a Value that is 0: {self.data} / 0")
        data = _finite(self.data / other.data, self.data, "/", other.data)
        out = Value(data, _parents=(self, other), _op="/")

        def _backward():
            self.grad += (1.0 / other.data) * out.grad  # d(a / b)/da = 1/b
            # -a/b^2 is computed as -(a/b)/b: b^2 underflows to 0 for |b| < 1e-162
            other.grad += (-out.data / other.data) * out.grad  # d(a / b)/db = -a/b^2

        out._backward = _backward
        return out

    def __pow__(self, p) -> Value:
        if isinstance(p, Value | Dual):
            raise TypeError(
                f"the exponent of ** must be a plain number, got a {type(p).__name__}; "
                "write exp(p * log(a)) for a variable exponent"
            )
        p = _number(p, "the exponent of **")
        out = Value(_power(self.data, p), _parents=(self,), _op=f"**{p:g}")

        def _backward():
            self.grad += _power_slope(self.data, p) * out.grad  # d(a^p)/da = p a^(p-1)

        out._backward = _backward
        return out

    def __neg__(self) -> Value:
        out = Value(-self.data, _parents=(self,), _op="neg")

        def _backward():
            self.grad += -1.0 * out.grad  # d(-a)/da = -1

        out._backward = _backward
        return out

    def exp(self) -> Value:
        e = _exp(self.data)
        out = Value(e, _parents=(self,), _op="exp")

        def _backward():
            self.grad += e * out.grad  # d(e^a)/da = e^a

        out._backward = _backward
        return out

    def log(self) -> Value:
        _log_argument(self.data)
        out = Value(math.log(self.data), _parents=(self,), _op="log")

        def _backward():
            self.grad += (1.0 / self.data) * out.grad  # d(ln a)/da = 1/a

        out._backward = _backward
        return out

    def tanh(self) -> Value:
        t = math.tanh(self.data)
        out = Value(t, _parents=(self,), _op="tanh")

        def _backward():
            self.grad += (1.0 - t * t) * out.grad  # d tanh(a)/da = 1 - tanh(a)^2

        out._backward = _backward
        return out

    def sigmoid(self) -> Value:
        s = _sigmoid(self.data)
        out = Value(s, _parents=(self,), _op="sigmoid")

        def _backward():
            self.grad += s * (1.0 - s) * out.grad  # d f(a)/da = f(a)(1 - f(a))

        out._backward = _backward
        return out

    def relu(self) -> Value:
        out = Value(max(self.data, 0.0), _parents=(self,), _op="relu")

        def _backward():
            self.grad += (1.0 if self.data > 0 else 0.0) * out.grad  # 1 for a > 0, else 0

        out._backward = _backward
        return out

    def max(self, other) -> Value:
        """max(a, b): the gradient goes to the larger input only (to ``self`` on a tie)."""
        other = _as_value(other, "max")
        first = self.data >= other.data
        out = Value(self.data if first else other.data, _parents=(self, other), _op="max")

        def _backward():
            self.grad += (1.0 if first else 0.0) * out.grad  # d max/da = 1 if a is the max
            other.grad += (0.0 if first else 1.0) * out.grad  # d max/db = 1 if b is the max

        out._backward = _backward
        return out

    # a number on the left: 2 * v, 1 - v, 1 / v, ...
    def __radd__(self, other) -> Value:
        return _as_value(other, "+") + self

    def __rmul__(self, other) -> Value:
        return _as_value(other, "*") * self

    def __rsub__(self, other) -> Value:
        return _as_value(other, "-") - self

    def __rtruediv__(self, other) -> Value:
        return _as_value(other, "/") / self

    # ------------------------------------------------------------------ the backward pass
    def backward(self) -> None:
        """Fill ``grad`` of every node of this graph with d self / d node (reverse mode).

        Zeroes every grad of the graph first, so calling it twice gives the same grads."""
        order = topological_order(self)
        for node in order:
            node.grad = 0.0
        self.grad = 1.0  # d self / d self
        for node in reversed(order):  # reversed: every node after all the nodes it feeds
            node._backward()


def _nothing() -> None:
    """The backward step of an input: it has no parents to pass a gradient to."""


def _as_value(x, op: str) -> Value:
    if isinstance(x, Value):
        return x
    if isinstance(x, Dual):
        raise TypeError(
            f"cannot combine a Value and a Dual with {op}: use one mode for the whole expression"
        )
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(f"{op} needs a Value or a real number, got {type(x).__name__}: {x!r}")
    return Value(x)


def topological_order(root: Value) -> list[Value]:
    """Every node of root's graph once, each after all the nodes it was computed from; root last.

    Iterative depth-first search (no recursion, so a graph 100 000 operations deep is fine).

    >>> a = Value(1.0, label="a")
    >>> b = a * 2.0
    >>> [v.op or v.label for v in topological_order(b + a)]
    ['a', '', '*', '+']
    """
    if not isinstance(root, Value):
        raise TypeError(f"topological_order needs a Value, got {type(root).__name__}: {root!r}")
    order: list[Value] = []
    seen: set[int] = set()
    stack: list[tuple[Value, bool]] = [(root, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:  # all its parents are in ``order``: now it may follow them
            order.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.append((node, True))
        for p in reversed(node.parents):
            if id(p) not in seen:
                stack.append((p, False))
    return order


# ============================================================================ forward mode
class Dual:
    """A number with a tangent: ``value`` and ``tangent`` = d value / d x for one chosen input x.

    Seed the chosen input with tangent 1 and every other with 0; every operation then carries
    tangent_out = (local derivative) x tangent_in, summed over its inputs.
    """

    __slots__ = ("value", "tangent")

    def __init__(self, value: Number, tangent: Number = 0.0):
        self.value: float = _number(value, "Dual(value)")
        self.tangent: float = _number(tangent, "Dual(tangent)")

    def __repr__(self) -> str:
        return f"Dual(value={self.value:.6g}, tangent={self.tangent:.6g})"

    def __add__(self, other) -> Dual:
        o = _as_dual(other, "+")
        tangent = self.tangent + o.tangent  # (a + b)' = a' + b'
        return Dual(_finite(self.value + o.value, self.value, "+", o.value), tangent)

    def __mul__(self, other) -> Dual:
        o = _as_dual(other, "*")
        tangent = self.tangent * o.value + self.value * o.tangent  # (a b)' = a' b + a b'
        return Dual(_finite(self.value * o.value, self.value, "*", o.value), tangent)

    def __sub__(self, other) -> Dual:
        o = _as_dual(other, "-")
        tangent = self.tangent - o.tangent  # (a - b)' = a' - b'
        return Dual(_finite(self.value - o.value, self.value, "-", o.value), tangent)

    def __truediv__(self, other) -> Dual:
        o = _as_dual(other, "/")
        if o.value == 0:
            raise ZeroDivisionError(f"division by a Dual that is 0: {self.value} / 0")
        value = _finite(self.value / o.value, self.value, "/", o.value)
        tangent = self.tangent / o.value - value * (o.tangent / o.value)  # a'/b - (a/b) b'/b
        return Dual(value, tangent)

    def __pow__(self, p) -> Dual:
        if isinstance(p, Value | Dual):
            raise TypeError(f"the exponent of ** must be a plain number, got a {type(p).__name__}")
        p = _number(p, "the exponent of **")
        value = _power(self.value, p)
        return Dual(value, _power_slope(self.value, p) * self.tangent)  # p a^(p-1) a'

    def __neg__(self) -> Dual:
        return Dual(-self.value, -self.tangent)  # (-a)' = -a'

    def exp(self) -> Dual:
        e = _exp(self.value)
        return Dual(e, e * self.tangent)  # (e^a)' = e^a a'

    def log(self) -> Dual:
        _log_argument(self.value)
        return Dual(math.log(self.value), self.tangent / self.value)  # (ln a)' = a'/a

    def tanh(self) -> Dual:
        t = math.tanh(self.value)
        return Dual(t, (1.0 - t * t) * self.tangent)  # (1 - tanh^2) a'

    def sigmoid(self) -> Dual:
        s = _sigmoid(self.value)
        return Dual(s, s * (1.0 - s) * self.tangent)  # f(1 - f) a'

    def relu(self) -> Dual:
        return Dual(max(self.value, 0.0), self.tangent if self.value > 0 else 0.0)

    def max(self, other) -> Dual:
        """max(a, b) with the tangent of the larger input (of ``self`` on a tie)."""
        o = _as_dual(other, "max")
        return self if self.value >= o.value else o

    def __radd__(self, other) -> Dual:
        return _as_dual(other, "+") + self

    def __rmul__(self, other) -> Dual:
        return _as_dual(other, "*") * self

    def __rsub__(self, other) -> Dual:
        return _as_dual(other, "-") - self

    def __rtruediv__(self, other) -> Dual:
        return _as_dual(other, "/") / self


def _as_dual(x, op: str) -> Dual:
    if isinstance(x, Dual):
        return x
    if isinstance(x, Value):
        raise TypeError(
            f"cannot combine a Dual and a Value with {op}: use one mode for the whole expression"
        )
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(f"{op} needs a Dual or a real number, got {type(x).__name__}: {x!r}")
    return Dual(x, 0.0)  # a constant: its tangent is 0


# ============================================================================ using them
def reverse_gradient(f: Callable, xs) -> tuple[float, list[float]]:
    """(f(xs), [df/dx_i]) with ONE forward and ONE backward pass through ``f`` (reverse mode).
    ``f`` takes a list of numbers-like objects and returns one; xs: list of floats.

    >>> reverse_gradient(lambda v: v[0] * v[1] + v[0], [3.0, 4.0])
    (15.0, [5.0, 3.0])
    """
    inputs = [Value(_number(x, f"xs[{i}]")) for i, x in enumerate(xs)]
    out = f(inputs)
    if not isinstance(out, Value):
        raise TypeError(f"f must return one Value built from its inputs, got {type(out).__name__}")
    out.backward()
    return out.data, [v.grad for v in inputs]


def forward_gradient(f: Callable, xs) -> tuple[float, list[float]]:
    """(f(xs), [df/dx_i]) with one forward-mode pass PER INPUT: len(xs) passes of ``f``.

    >>> forward_gradient(lambda v: v[0] * v[1] + v[0], [3.0, 4.0])
    (15.0, [5.0, 3.0])
    """
    xs = [_number(x, f"xs[{i}]") for i, x in enumerate(xs)]
    if not xs:
        raise ValueError("xs is empty: give at least one input")
    grads, value = [], None
    for i in range(len(xs)):  # pass i: seed input i with tangent 1, the others with 0
        out = f([Dual(x, 1.0 if k == i else 0.0) for k, x in enumerate(xs)])
        if not isinstance(out, Dual):
            raise TypeError(
                f"f must return one Dual built from its inputs, got {type(out).__name__}"
            )
        value = out.value
        grads.append(out.tangent)
    return value, grads
