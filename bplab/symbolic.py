"""Symbolic versions of the package's formulas (sympy), for derivations and checking numbers.

This module imports sympy, so ``import bplab`` does not load it; use ``import bplab.symbolic``.

>>> import sympy as sp
>>> z = sp.Symbol("z")
>>> sp.simplify(sp.diff(activation("sigmoid", z), z) - d_activation("sigmoid", z))
0
"""

from __future__ import annotations

import sympy as sp

from .activations import ACTIVATIONS


def activation(name: str, z: sp.Expr) -> sp.Expr:
    """f(z) of a named activation as a sympy expression (step as a Heaviside with H(0) = 1)."""
    exprs = {
        "sigmoid": 1 / (1 + sp.exp(-z)),
        "tanh": sp.tanh(z),
        "relu": sp.Max(0, z),
        "linear": z,
        "step": sp.Heaviside(z, 1),
    }
    if name not in exprs:
        raise ValueError(
            f"unknown activation {name!r}; choose one of {', '.join(map(repr, ACTIVATIONS))}"
        )
    return exprs[name]


def d_activation(name: str, z: sp.Expr) -> sp.Expr:
    """f'(z) as the package writes it: f(1 - f), 1 - tanh^2, H(z) for relu, 1, and 0 for step
    (its derivative where it exists)."""
    f = activation(name, z)
    exprs = {
        "sigmoid": f * (1 - f),
        "tanh": 1 - sp.tanh(z) ** 2,
        "relu": sp.Heaviside(z, 0),
        "linear": sp.Integer(1),
        "step": sp.Integer(0),
    }
    return exprs[name]


def cost(name: str, Y, T) -> sp.Expr:
    """The cost conventions of ``bplab.COSTS`` on sympy matrices Y, T of shape (N, l)."""
    N = Y.shape[0]
    squares = sum((T[n, j] - Y[n, j]) ** 2 for n in range(Y.shape[0]) for j in range(Y.shape[1]))
    factors = {
        "mse": sp.Rational(1, 2 * N),
        "half_sse": sp.Rational(1, 2),
        "sse": sp.Integer(1),
        "mean_squared": sp.Rational(1, N),
    }
    if name not in factors:
        raise ValueError(f"unknown cost {name!r}; choose one of {', '.join(map(repr, factors))}")
    return factors[name] * squares


def simplify_residual(expr) -> sp.Expr:
    """Simplify a difference of two formulas quickly: each exp/tanh, innermost first, is replaced
    by a fresh symbol, the rational function left is cancelled, and the symbols are put back.

    The result equals ``expr``; it is 0 when the two formulas agree as rational functions of those
    exponentials, which is how the derivatives of sigmoid and tanh networks agree. Much faster
    than ``sp.simplify`` on a network's nested exponentials.

    >>> z = sp.Symbol("z")
    >>> simplify_residual(sp.diff(activation("sigmoid", z), z) - d_activation("sigmoid", z))
    0
    """
    expr = sp.sympify(expr)
    back = {}
    k = 0
    while True:
        atoms = [a for a in expr.atoms(sp.exp, sp.tanh) if not a.args[0].atoms(sp.exp, sp.tanh)]
        if not atoms:
            break
        subs = {}
        for a in atoms:
            u = sp.Dummy(f"u{k}")
            k += 1
            subs[a] = u
            back[u] = a
        expr = expr.xreplace(subs)
    expr = sp.cancel(sp.together(expr))
    if expr == 0:
        return sp.Integer(0)
    for _ in range(len(back) + 1):
        expr = expr.xreplace(back)
    return expr


# ---------------------------------------------------------------------------------------------
# Chapter 04: the Delta rule for one neuron, derived with the chain rule and checked by sympy.
# ---------------------------------------------------------------------------------------------
def delta_rule_derivation(n_inputs: int = 2, activation_name: str = "sigmoid") -> dict:
    """The chain rule for one neuron y = f(s), s = sum_i x_i w_i + b, E = 1/2 (t - y)^2.

    Returns a dict of sympy objects: the symbols ``x``, ``w`` (lists), ``b``, ``t``, ``eta``; ``s``,
    ``y``, ``E``; the chain factors ``dE_dy = y - t``, ``dy_ds = f'(s)``, ``ds_dw = [x_i]``; the
    learning signal ``delta = (t - y) f'(s)``; ``chain = [dE_dy dy_ds ds_dw_i]``;
    ``direct = [dE/dw_i]`` (sympy differentiating E itself) and ``update = [eta x_i delta]``,
    the Delta rule.

    >>> d = delta_rule_derivation(2)
    >>> [sp.simplify(c - g) for c, g in zip(d["chain"], d["direct"])]
    [0, 0]
    """
    if int(n_inputs) < 1:
        raise ValueError(f"n_inputs must be >= 1, got {n_inputs}")
    x = list(sp.symbols(f"x1:{n_inputs + 1}", real=True))
    w = list(sp.symbols(f"w1:{n_inputs + 1}", real=True))
    b, t, eta = sp.symbols("b t eta", real=True)
    s = sum(xi * wi for xi, wi in zip(x, w)) + b
    y = activation(activation_name, s)
    E = sp.Rational(1, 2) * (t - y) ** 2
    dE_dy = y - t
    dy_ds = d_activation(activation_name, s)
    delta = (t - y) * dy_ds
    return {
        "x": x,
        "w": w,
        "b": b,
        "t": t,
        "eta": eta,
        "s": s,
        "y": y,
        "E": E,
        "dE_dy": dE_dy,
        "dy_ds": dy_ds,
        "ds_dw": list(x),
        "delta": delta,
        "chain": [dE_dy * dy_ds * xi for xi in x],
        "direct": [sp.diff(E, wi) for wi in w],
        "update": [eta * xi * delta for xi in x],
    }


def delta_rule_residuals(
    n_inputs: int = 2, activation_name: str = "sigmoid", *, update=None
) -> list[sp.Expr]:
    """Simplified ``update_i - (-eta dE/dw_i)`` for each weight of one neuron: all 0 when the
    update formula is right. ``update`` (a list of expressions in the symbols of
    ``delta_rule_derivation``) replaces the Delta rule eta x_i (t - y) f'(s), e.g. to test a
    wrong one.

    >>> delta_rule_residuals(2)
    [0, 0]
    """
    d = delta_rule_derivation(n_inputs, activation_name)
    update = d["update"] if update is None else update
    return [simplify_residual(u + d["eta"] * g) for u, g in zip(update, d["direct"])]


def delta_rule_matrix_residual(
    N: int = 2, d: int = 2, l: int = 1, activation_name: str = "sigmoid", *, scale=None
) -> sp.Matrix:
    """Matrix form for a batch: with X (N, d), W (d, l), b (l,), T (N, l), E = 1/(2N) sum (t - y)^2,
    delta = (T - Y) o f'(net), returns simplified (eta * scale) X^T delta - (-eta dE/dW), a (d, l)
    matrix of zeros when ``scale`` is 1/N (the default). Pass ``scale=1`` to see the forgotten 1/N.

    >>> delta_rule_matrix_residual(2, 2, 1)
    Matrix([
    [0],
    [0]])
    """
    X = sp.Matrix(N, d, lambda n, i: sp.Symbol(f"x_{n + 1}{i + 1}", real=True))
    T = sp.Matrix(N, l, lambda n, j: sp.Symbol(f"t_{n + 1}{j + 1}", real=True))
    W = sp.Matrix(d, l, lambda i, j: sp.Symbol(f"w_{i + 1}{j + 1}", real=True))
    b = sp.Matrix(1, l, lambda _, j: sp.Symbol(f"b_{j + 1}", real=True))
    eta = sp.Symbol("eta", positive=True)
    net = X * W + sp.ones(N, 1) * b
    Y = net.applyfunc(lambda z: activation(activation_name, z))
    fprime = net.applyfunc(lambda z: d_activation(activation_name, z))
    delta = (T - Y).multiply_elementwise(fprime)
    E = cost("mse", Y, T)
    scale = sp.Rational(1, N) if scale is None else sp.sympify(scale)
    update = eta * scale * X.T * delta
    grad = W.applyfunc(lambda wij: sp.diff(E, wij))
    return (update + eta * grad).applyfunc(simplify_residual)


# ---------------------------------------------------------------------------------------------
# Chapter 05: the d-q-l network in the sources' index notation and in matrix notation.
# ---------------------------------------------------------------------------------------------
class IndexNetwork:
    """A symbolic d-q-l network in the watermelon-book notation of the Zhihu and derivation
    articles, one sample.

    x_i (i = 1..d) -> alpha_h = sum_i v_ih x_i -> b_h = f(alpha_h - gamma_h)       (h = 1..q)
                   -> beta_j  = sum_h w_hj b_h  -> y_j = f(beta_j - theta_j)       (j = 1..l)
    E_k = 1/2 sum_j (t_j - y_j)^2. Thresholds enter with a minus sign: a bias is -threshold.

    Attributes are sympy Matrices: ``x`` (d, 1), ``t`` (l, 1), ``v`` (d, q), ``gamma`` (q, 1),
    ``w`` (q, l), ``theta`` (l, 1), ``alpha``, ``b`` (q, 1), ``beta``, ``y`` (l, 1); ``E`` the cost;
    the learning signals ``g`` (l, 1): g_j = f'(beta_j - theta_j)(t_j - y_j) and
    ``e`` (q, 1): e_h = f'(alpha_h - gamma_h) sum_j w_hj g_j. For the sigmoid f' is written
    y(1 - y) and b(1 - b), as the sources write it.
    """

    def __init__(self, d: int = 2, q: int = 2, l: int = 2, activation_name: str = "sigmoid"):
        for name, n in (("d", d), ("q", q), ("l", l)):
            if int(n) < 1:
                raise ValueError(f"{name} must be >= 1, got {n}")
        self.d, self.q, self.l = d, q, l
        self.activation_name = activation_name
        sym = lambda name: sp.Symbol(name, real=True)  # noqa: E731
        self.eta = sp.Symbol("eta", positive=True)
        self.x = sp.Matrix(d, 1, lambda i, _: sym(f"x_{i + 1}"))
        self.t = sp.Matrix(l, 1, lambda j, _: sym(f"t_{j + 1}"))
        self.v = sp.Matrix(d, q, lambda i, h: sym(f"v_{i + 1}{h + 1}"))
        self.gamma = sp.Matrix(q, 1, lambda h, _: sym(f"gamma_{h + 1}"))
        self.w = sp.Matrix(q, l, lambda h, j: sym(f"w_{h + 1}{j + 1}"))
        self.theta = sp.Matrix(l, 1, lambda j, _: sym(f"theta_{j + 1}"))
        f = lambda z: activation(activation_name, z)  # noqa: E731
        df = lambda z: d_activation(activation_name, z)  # noqa: E731
        self.alpha = self.v.T * self.x
        self.b = (self.alpha - self.gamma).applyfunc(f)
        self.beta = self.w.T * self.b
        self.y = (self.beta - self.theta).applyfunc(f)
        self.E = sp.Rational(1, 2) * sum((self.t[j] - self.y[j]) ** 2 for j in range(l))
        if activation_name == "sigmoid":
            fy = self.y.applyfunc(lambda yj: yj * (1 - yj))
            fb = self.b.applyfunc(lambda bh: bh * (1 - bh))
        else:
            fy = (self.beta - self.theta).applyfunc(df)
            fb = (self.alpha - self.gamma).applyfunc(df)
        self.g = fy.multiply_elementwise(self.t - self.y)
        self.e = fb.multiply_elementwise(self.w * self.g)

    @property
    def params(self) -> dict:
        """name -> sympy Matrix of that parameter: v, gamma, w, theta."""
        return {"v": self.v, "gamma": self.gamma, "w": self.w, "theta": self.theta}

    @property
    def n_params(self) -> int:
        """(d + l + 1) q + l: every weight and threshold."""
        return sum(P.rows * P.cols for P in self.params.values())

    def updates(self) -> dict:
        """The update formulas of the sources, as matrices shaped like their parameters:
        Delta w_hj = eta g_j b_h, Delta theta_j = -eta g_j, Delta v_ih = eta e_h x_i,
        Delta gamma_h = -eta e_h."""
        eta = self.eta
        return {
            "w": eta * self.b * self.g.T,
            "theta": -eta * self.g,
            "v": eta * self.x * self.e.T,
            "gamma": -eta * self.e,
        }

    def __repr__(self) -> str:
        return f"IndexNetwork(d={self.d}, q={self.q}, l={self.l}, {self.activation_name!r})"


def update_residuals(E: sp.Expr, params: dict, updates: dict, eta: sp.Symbol) -> dict:
    """For each name: simplified ``updates[name] - (-eta dE/dparams[name])``, elementwise.

    A matrix of zeros proves the update formula is gradient descent on E; a wrong formula
    (a flipped sign, a missing f') leaves something non-zero.
    """
    out = {}
    for name, P in params.items():
        grad = P.applyfunc(lambda p: sp.diff(E, p))
        out[name] = (updates[name] + eta * grad).applyfunc(simplify_residual)
    return out


def index_update_residuals(
    d: int = 2, q: int = 2, l: int = 2, activation_name: str = "sigmoid", *, updates=None
) -> dict:
    """``update_residuals`` of an ``IndexNetwork``: all zero matrices for the sources' formulas.
    ``updates`` (a dict like ``IndexNetwork.updates()``, built on ``IndexNetwork(d, q, l)``
    symbols) replaces some formulas, e.g. to show that a wrong sign is caught."""
    net = IndexNetwork(d, q, l, activation_name)
    formulas = net.updates()
    if updates is not None:
        formulas.update(updates)
    return update_residuals(net.E, net.params, formulas, net.eta)


class MatrixNetwork:
    """A symbolic two-layer network in the matrix notation of DESIGN.md, a batch of N samples.

    net1 = X W1 + b1, Y1 = f(net1), net2 = Y1 W2 + b2, Y2 = f(net2), E = 1/(2N) sum (T - Y2)^2,
    delta2 = (T - Y2) o f'(net2), delta1 = (delta2 W2^T) o f'(net1).
    Shapes: X (N, d), W1 (d, q), b1 (1, q), W2 (q, l), b2 (1, l), T (N, l).
    """

    def __init__(
        self, N: int = 1, d: int = 2, q: int = 2, l: int = 2, activation_name: str = "sigmoid"
    ):
        sym = lambda name: sp.Symbol(name, real=True)  # noqa: E731
        self.N = N
        self.eta = sp.Symbol("eta", positive=True)
        self.X = sp.Matrix(N, d, lambda n, i: sym(f"x_{n + 1}{i + 1}"))
        self.T = sp.Matrix(N, l, lambda n, j: sym(f"t_{n + 1}{j + 1}"))
        self.W1 = sp.Matrix(d, q, lambda i, h: sym(f"W1_{i + 1}{h + 1}"))
        self.b1 = sp.Matrix(1, q, lambda _, h: sym(f"b1_{h + 1}"))
        self.W2 = sp.Matrix(q, l, lambda h, j: sym(f"W2_{h + 1}{j + 1}"))
        self.b2 = sp.Matrix(1, l, lambda _, j: sym(f"b2_{j + 1}"))
        f = lambda z: activation(activation_name, z)  # noqa: E731
        df = lambda z: d_activation(activation_name, z)  # noqa: E731
        ones = sp.ones(N, 1)
        self.net1 = self.X * self.W1 + ones * self.b1
        self.Y1 = self.net1.applyfunc(f)
        self.net2 = self.Y1 * self.W2 + ones * self.b2
        self.Y2 = self.net2.applyfunc(f)
        self.E = cost("mse", self.Y2, self.T)
        self.delta2 = (self.T - self.Y2).multiply_elementwise(self.net2.applyfunc(df))
        self.delta1 = (self.delta2 * self.W2.T).multiply_elementwise(self.net1.applyfunc(df))

    @property
    def params(self) -> dict:
        """name -> sympy Matrix: W1, b1, W2, b2."""
        return {"W1": self.W1, "b1": self.b1, "W2": self.W2, "b2": self.b2}

    def updates(self) -> dict:
        """Delta W^h = (eta/N) (Y^{h-1})^T delta^h and Delta b^h = (eta/N) sum_rows delta^h."""
        c = self.eta / self.N
        ones = sp.ones(1, self.N)
        return {
            "W1": c * self.X.T * self.delta1,
            "b1": c * ones * self.delta1,
            "W2": c * self.Y1.T * self.delta2,
            "b2": c * ones * self.delta2,
        }


def matrix_update_residuals(
    N: int = 1,
    d: int = 2,
    q: int = 2,
    l: int = 2,
    activation_name: str = "sigmoid",
    *,
    updates=None,
) -> dict:
    """``update_residuals`` of a ``MatrixNetwork``: all zero for
    Delta W^h = (eta/N)(Y^{h-1})^T delta^h and Delta b^h = (eta/N) sum_rows delta^h.
    ``updates`` replaces some formulas."""
    net = MatrixNetwork(N, d, q, l, activation_name)
    formulas = net.updates()
    if updates is not None:
        formulas.update(updates)
    return update_residuals(net.E, net.params, formulas, net.eta)


def is_zero(residuals) -> bool:
    """True when every entry of a residual (an expression, a Matrix, a list or dict) is 0."""
    if isinstance(residuals, dict):
        return all(is_zero(r) for r in residuals.values())
    if isinstance(residuals, (list, tuple)):
        return all(is_zero(r) for r in residuals)
    if isinstance(residuals, sp.MatrixBase):
        return all(simplify_residual(r) == 0 for r in residuals)
    return simplify_residual(residuals) == 0


# ---------------------------------------------------------------------------------------------
# Chapter 09: the four equations of backpropagation for any depth, and cross-entropy.
# ---------------------------------------------------------------------------------------------
def d_undefined(f, arg) -> sp.Expr:
    """f'(arg) for an undefined function f (``sp.Function("f")``), the way sympy's chain rule
    writes it: Subs(Derivative(f(z), z), z, arg)."""
    z = sp.Dummy("z")
    return sp.Subs(sp.Derivative(f(z), z), z, arg)


class DeepNetwork:
    """A symbolic network of any depth with *unknown* activations, a batch of N samples.

    Layer h = 1..L has its own activation, an undefined function f_h, so nothing below uses what
    f is: the proof holds for sigmoid, tanh, relu (where it has a derivative) and any other.
    Attributes are dicts keyed by the layer number h of the maths (1..L; ``bplab.network``'s
    lists use index h - 1): ``W[h]`` (n_{h-1}, n_h), ``b[h]`` (1, n_h), ``f[h]``, ``net[h]``,
    ``Y[h]`` (N, n_h), with ``Y[0] = X`` (N, n0); ``T`` (N, n_L);
    E = 1/(2N) sum_n sum_j (t_nj - y_nj)^2.

    The four equations, in the course's signs (delta = -N dE/dnet, pointing downhill):

        (1) delta^L = (T - Y^L) o f_L'(net^L)
        (2) delta^h = (delta^{h+1} (W^{h+1})^T) o f_h'(net^h)          h = L-1, ..., 1
        (3) dE/db^h = -(1/N) sum_n delta^h_n
        (4) dE/dW^h = -(1/N) (Y^{h-1})^T delta^h

    ``delta[h]`` holds the right-hand sides of (1) and (2); ``dE_dnet(h)`` is the true
    sensitivity of E to layer h's net inputs, which sympy differentiates from E itself.
    """

    def __init__(self, sizes=(2, 2, 2, 2), N: int = 1):
        sizes = [int(n) for n in sizes]
        if len(sizes) < 2 or min(sizes) < 1 or int(N) < 1:
            raise ValueError(
                f"need at least two layer sizes, all >= 1, and N >= 1; got sizes {sizes}, N={N}"
            )
        sym = lambda name: sp.Symbol(name, real=True)  # noqa: E731
        self.sizes, self.N, self.L = sizes, int(N), len(sizes) - 1
        N, L = self.N, self.L
        # names with a separator between indices, so that x_1_11 (n = 1, i = 11) and x_11_1 differ
        self.X = sp.Matrix(N, sizes[0], lambda n, i: sym(f"x_{n + 1}_{i + 1}"))
        self.T = sp.Matrix(N, sizes[-1], lambda n, j: sym(f"t_{n + 1}_{j + 1}"))
        self.W, self.b, self.f, self.net, self.Y = {}, {}, {}, {}, {0: self.X}
        for h in range(1, L + 1):
            n_in, n_out = sizes[h - 1], sizes[h]
            self.W[h] = sp.Matrix(n_in, n_out, lambda i, k, h=h: sym(f"W{h}_{i + 1}_{k + 1}"))
            self.b[h] = sp.Matrix(1, n_out, lambda _, k, h=h: sym(f"b{h}_{k + 1}"))
            self.f[h] = sp.Function(f"f_{h}")
            self.net[h] = self.Y[h - 1] * self.W[h] + sp.ones(N, 1) * self.b[h]
            self.Y[h] = self.net[h].applyfunc(self.f[h])
        self.E = cost("mse", self.Y[L], self.T)
        self.fprime = {
            h: self.net[h].applyfunc(lambda z, h=h: d_undefined(self.f[h], z))
            for h in range(1, L + 1)
        }
        self.delta = {L: (self.T - self.Y[L]).multiply_elementwise(self.fprime[L])}
        for h in range(L - 1, 0, -1):
            self.delta[h] = (self.delta[h + 1] * self.W[h + 1].T).multiply_elementwise(
                self.fprime[h]
            )

    def _from_net(self, h: int):
        """(Z, Y^L): symbols Z (N, n_h) standing for net^h, and the output computed from them."""
        Z = sp.Matrix(self.N, self.sizes[h], lambda n, k: sp.Symbol(f"z{h}_{n + 1}_{k + 1}"))
        Y = Z.applyfunc(self.f[h])
        for g in range(h + 1, self.L + 1):
            Y = (Y * self.W[g] + sp.ones(self.N, 1) * self.b[g]).applyfunc(self.f[g])
        return Z, Y

    def _sensitivity(self, h: int, costs_of_output) -> sp.Matrix:
        Z, Y = self._from_net(h)
        back = dict(zip(Z, self.net[h]))
        return sp.Matrix(
            self.N,
            self.sizes[h],
            lambda n, k: sp.diff(costs_of_output(Y, n), Z[n, k]).subs(back),
        )

    def dE_dnet(self, h: int) -> sp.Matrix:
        """dE/dnet^h (N, n_h): E written as a function of layer h's net inputs, differentiated
        by sympy, at the network's net inputs."""
        return self._sensitivity(h, lambda Y, n: cost("mse", Y, self.T))

    def dC_dnet(self, h: int) -> sp.Matrix:
        """dC_n/dnet^h_n (N, n_h), with C_n = 1/2 sum_j (t_nj - y_nj)^2 the cost of sample n
        alone (Nielsen's C_x; E = (1/N) sum_n C_n): Nielsen's delta, the error of a neuron (cs231n
        and d2l write the same derivative as dz and dJ/dz)."""

        def C(Y, n):
            return sp.Rational(1, 2) * sum((self.T[n, j] - Y[n, j]) ** 2 for j in range(Y.cols))

        return self._sensitivity(h, C)

    def residuals(self) -> dict:
        """Each of the four equations as left side minus true derivative (all zero matrices
        when the equation holds), keyed "(1) h=L", "(2) h=...", "(3) h=...", "(4) h=..."; and
        "Nielsen h=...": the course's delta plus Nielsen's dC_n/dnet, zero because the two differ
        only in sign."""
        N, L = self.N, self.L
        out = {}
        for h in range(L, 0, -1):
            key = f"(1) h={h}" if h == L else f"(2) h={h}"
            out[key] = _expand(self.delta[h] + N * self.dE_dnet(h))
        for h in range(1, L + 1):
            db = self.b[h].applyfunc(lambda p: sp.diff(self.E, p))
            dW = self.W[h].applyfunc(lambda p: sp.diff(self.E, p))
            out[f"(3) h={h}"] = _expand(db + sp.ones(1, N) * self.delta[h] / N)
            out[f"(4) h={h}"] = _expand(dW + self.Y[h - 1].T * self.delta[h] / N)
        for h in range(1, L + 1):
            out[f"Nielsen h={h}"] = _expand(self.delta[h] + self.dC_dnet(h))
        return out

    def __repr__(self) -> str:
        return f"DeepNetwork(sizes={self.sizes}, N={self.N}, L={self.L})"


def _expand(M: sp.Matrix) -> sp.Matrix:
    return M.applyfunc(sp.expand)


def four_equations_residuals(sizes=(2, 2, 2, 2), N: int = 2) -> dict:
    """``DeepNetwork(sizes, N).residuals()``: every entry zero proves the four equations (and
    delta = -N dE/dnet = -dC_n/dnet) for that depth, with no assumption about the activations.

    >>> res = four_equations_residuals((1, 1, 1, 1), N=1)
    >>> sorted(res)[:3], all(m.is_zero_matrix for m in res.values())
    (['(1) h=3', '(2) h=1', '(2) h=2'], True)
    """
    return DeepNetwork(sizes, N).residuals()


def cross_entropy_cost(Y, T) -> sp.Expr:
    """E = -1/N sum_n sum_j [t ln y + (1 - t) ln(1 - y)] on sympy matrices Y, T (N, l)."""
    N = Y.shape[0]
    total = sum(
        T[n, j] * sp.log(Y[n, j]) + (1 - T[n, j]) * sp.log(1 - Y[n, j])
        for n in range(N)
        for j in range(Y.shape[1])
    )
    return -sp.Rational(1, N) * total


def output_signal(cost_name: str, N: int = 2) -> dict:
    """For a sigmoid output y = f(net) and one entry of a batch of N: the learning signal
    -N dE/dnet that sympy differentiates from the cost, and the cost's name.

    ``cost_name`` "mse" gives (t - y) y (1 - y): f' is in it; "cross_entropy" gives t - y.
    Returns dict(net, t, y, E, signal) with ``signal`` simplified.

    >>> sp.simplify(output_signal("cross_entropy")["signal"] - (sp.Symbol("t", real=True)
    ...     - 1 / (1 + sp.exp(-sp.Symbol("net", real=True)))))
    0
    """
    net, t = sp.Symbol("net", real=True), sp.Symbol("t", real=True)
    others = sp.Matrix(N - 1, 1, lambda n, _: sp.Symbol(f"y_{n + 2}", positive=True))
    targets = sp.Matrix(N - 1, 1, lambda n, _: sp.Symbol(f"t_{n + 2}", real=True))
    y = activation("sigmoid", net)
    Y = sp.Matrix([[y]]).col_join(others) if N > 1 else sp.Matrix([[y]])
    T = sp.Matrix([[t]]).col_join(targets) if N > 1 else sp.Matrix([[t]])
    if cost_name == "cross_entropy":
        E = cross_entropy_cost(Y, T)
    else:
        E = cost(cost_name, Y, T)
    signal = simplify_residual(-N * sp.diff(E, net))
    return {"net": net, "t": t, "y": y, "E": E, "signal": signal}


def softmax_output_signal(n_outputs: int = 3, N: int = 2) -> dict:
    """For a softmax output y_j = e^{net_j} / sum_k e^{net_k} under the categorical cross-entropy
    E = -1/N sum_n sum_j t_nj ln y_nj, with targets that sum to 1 (one-hot or probabilities):
    the learning signal -N dE/dnet_k of the first sample, as sympy differentiates it from E.

    Returns dict(net, t, y, E, signal), each (1, n_outputs) except E, with the last target written
    1 - (the others) so that the targets sum to 1; ``signal`` as one fraction, equal to t - y.

    >>> d = softmax_output_signal(2, N=1)
    >>> (d["signal"] - (d["t"] - d["y"])).applyfunc(sp.cancel).is_zero_matrix
    True
    """
    if n_outputs < 2 or N < 1:
        raise ValueError(f"need n_outputs >= 2 and N >= 1, got n_outputs={n_outputs}, N={N}")
    l = n_outputs
    net = sp.Matrix(1, l, lambda _, j: sp.Symbol(f"net_{j + 1}", real=True))
    free = [sp.Symbol(f"t_{j + 1}", real=True) for j in range(l - 1)]
    t = sp.Matrix([[*free, 1 - sum(free)]])
    exps = net.applyfunc(sp.exp)
    y = exps / sum(exps)
    # the other samples of the batch: their outputs do not depend on this sample's net
    rest = sum(
        sp.Symbol(f"t_{n + 2}_{j + 1}", real=True)
        * sp.log(sp.Symbol(f"y_{n + 2}_{j + 1}", positive=True))
        for n in range(N - 1)
        for j in range(l)
    )
    E = -sp.Rational(1, N) * (sum(t[j] * sp.log(y[j]) for j in range(l)) + rest)
    signal = net.applyfunc(lambda z: sp.cancel(-N * sp.diff(E, z)))  # one fraction in e^net
    return {"net": net, "t": t, "y": y, "E": E, "signal": signal}
