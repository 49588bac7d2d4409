"""Cost surfaces and step-size limits for chapters 02 (cost functions) and 03 (gradient descent).

numpy only. Rows are samples. Two models appear here:

* one neuron with one input, y_n = f(w x_n + b), whose cost E(w, b) we draw over a grid of (w, b);
* a linear model y = A theta (linear regression, or a linear neuron), A (m, p) a design matrix,
  whose cost under a convention of ``bplab.COSTS`` is  E(theta) = c ||A theta - y||^2  with the
  constant c of that convention (``cost_factor``). Its Hessian is 2 c A.T A, so batch gradient
  descent with step eta converges exactly when  eta < 2 / lambda_max(2 c A.T A)  (``step_limit``);
* logistic regression y = sigmoid(A theta) under the cross-entropy (``logistic_cost``), a convex
  cost that is not quadratic, where Newton's method needs several steps (``logistic_minimise``).

>>> import numpy as np
>>> cost_factor("mse", 4), cost_factor("half_sse", 4)
(0.125, 0.5)
"""

from __future__ import annotations

import numpy as np

from .._validate import as_matrix, as_rng, check_finite, positive, positive_int
from ..activations import get_activation, sigmoid
from ..costs import get_cost, squared_error
from ..linreg import least_squares

Array = np.ndarray


def _vector(a, name: str) -> Array:
    arr = np.asarray(a, dtype=np.float64).reshape(-1)
    if arr.size == 0:
        raise ValueError(f"{name} is empty; give at least one value")
    check_finite(arr, name)
    return arr


def _column(a, name: str) -> Array:
    """A 1-D sequence or an (N, 1) array as a float64 vector of length N."""
    arr = np.asarray(a, dtype=np.float64)
    if arr.ndim == 2 and arr.shape[1] != 1:
        raise ValueError(
            f"{name} must have one column (one input or one output), got shape {arr.shape}"
        )
    if arr.ndim > 2:
        raise ValueError(f"{name} must be 1-D or of shape (N, 1), got shape {arr.shape}")
    return _vector(arr, name)


def _design_and_targets(A, y) -> tuple[Array, Array]:
    A = as_matrix(A, "A")
    y = _column(y, "y")
    if len(y) != A.shape[0]:
        raise ValueError(f"A has {A.shape[0]} rows but y has {len(y)} values: one target per row")
    return A, y


def cost_factor(cost: str, N: int) -> float:
    """The constant c with E = c * sum_n sum_j (t_nj - y_nj)^2 for a batch of N samples.

    mse: 1/(2N), half_sse: 1/2, sse: 1, mean_squared: 1/N. Read off ``bplab.COSTS`` itself
    (E of N residuals equal to 1, divided by N), so it cannot drift from the package's costs.

    >>> cost_factor("sse", 10), cost_factor("mean_squared", 10)
    (1.0, 0.1)
    """
    N = positive_int(N, "N (the number of samples)")
    c = get_cost(cost)
    return c.f(np.ones((N, 1)), np.zeros((N, 1))) / N


def neuron_cost_grid(x, t, ws, bs, *, activation: str = "sigmoid", cost: str = "mse") -> Array:
    """E(w, b) of one neuron y_n = f(w x_n + b) on every point of a (w, b) grid.

    x, t: the N inputs and targets, shape (N,) or (N, 1). ws (n_w,), bs (n_b,): the grid axes.
    Returns E of shape (n_b, n_w) — row i is b = bs[i], column k is w = ws[k] — so that
    ``plt.contour(ws, bs, E)`` draws it with w across and b up.
    E[i, k] = c * sum_n (t_n - f(ws[k] x_n + bs[i]))^2 with c = ``cost_factor(cost, N)``.

    >>> E = neuron_cost_grid([1.0], [1.0], [0.0, 1.0], [0.0], activation="linear", cost="half_sse")
    >>> E.tolist()
    [[0.5, 0.0]]
    """
    x, t = _column(x, "x"), _column(t, "t")
    if len(x) != len(t):
        raise ValueError(f"x has {len(x)} values but t has {len(t)}: one target per input")
    ws, bs = _vector(ws, "ws"), _vector(bs, "bs")
    f = get_activation(activation).f
    c = cost_factor(cost, len(x))
    net = bs[:, None, None] + ws[None, :, None] * x  # (n_b, n_w, N)
    with np.errstate(over="ignore"):
        R = t - f(net)
    return c * np.einsum("ikn,ikn->ik", R, R)


def lsq_cost_grid(A, y, theta_a, theta_b) -> Array:
    """J(theta) = 1/(2m) ||A theta - y||^2 on a grid, for a model with two parameters.

    A (m, 2), y (m,); theta_a (n_a,) the values of the first parameter (drawn across),
    theta_b (n_b,) of the second (drawn up). Returns J of shape (n_b, n_a), ready for
    ``plt.contour(theta_a, theta_b, J)``. Computed as the quadratic form
    J = 1/2 theta.T H theta - g.T theta + y.T y / (2m), H = A.T A / m, g = A.T y / m.

    >>> lsq_cost_grid([[1.0, 0.0], [0.0, 1.0]], [0.0, 0.0], [0.0, 2.0], [1.0]).tolist()
    [[0.25, 1.25]]
    """
    A, y = _design_and_targets(A, y)
    if A.shape[1] != 2:
        raise ValueError(
            "a cost surface needs a model with exactly 2 parameters (A with 2 columns), "
            f"got A {A.shape}"
        )
    a, b = _vector(theta_a, "theta_a"), _vector(theta_b, "theta_b")
    m = len(y)
    H, g = A.T @ A / m, A.T @ y / m
    Ta, Tb = np.meshgrid(a, b)
    quad = H[0, 0] * Ta**2 + 2 * H[0, 1] * Ta * Tb + H[1, 1] * Tb**2
    return 0.5 * quad - (g[0] * Ta + g[1] * Tb) + (y @ y) / (2 * m)


def hessian_eigenvalues(A, *, cost: str = "mse") -> Array:
    """Eigenvalues (ascending) of the Hessian 2 c A.T A of E(theta) = c ||A theta - y||^2.

    A (m, p). For ``mse`` this is A.T A / m, the H of ``bplab.newton_step``.
    """
    A = as_matrix(A, "A")
    return np.linalg.eigvalsh(2 * cost_factor(cost, A.shape[0]) * (A.T @ A))


def condition_number(A) -> float:
    """kappa = lambda_max / lambda_min of A.T A (A (m, p)): how stretched the cost's contours are.

    kappa = 1: round contours, the gradient points at the minimum. Large kappa: long narrow
    valleys, and gradient descent zig-zags across them. A singular A.T A is an error.

    >>> condition_number([[1.0, 0.0], [0.0, 3.0]])
    9.0
    """
    lam = hessian_eigenvalues(A)
    if lam[0] <= 1e-12 * lam[-1]:
        raise ValueError(
            "A.T A is singular (a column of A is constant zero or a combination of the others): "
            "the condition number is infinite"
        )
    return float(lam[-1] / lam[0])


def step_limit(A, *, cost: str = "mse") -> float:
    """The largest stable step of batch gradient descent on E(theta) = c ||A theta - y||^2:
    eta_max = 2 / lambda_max(2 c A.T A). Steps above it diverge; steps below it converge.

    >>> step_limit([[1.0], [1.0]])  # mse: H = A.T A / m = 1
    2.0
    """
    return float(2.0 / hessian_eigenvalues(A, cost=cost)[-1])


def linear_neuron_descent(
    A, y, eta: float, *, cost: str = "mse", steps: int = 100, theta0=None
) -> Array:
    """Batch gradient descent on a linear model y = A theta under a cost of ``bplab.COSTS``.

    Each step: theta <- theta - eta * A.T dE/dY, with dE/dY from ``get_cost(cost).grad``.
    A (m, p), y (m,). Returns the path, shape (steps + 1, p), row k = theta after k steps
    (theta0 defaults to zeros). Once theta stops being finite the remaining rows are inf.
    """
    A, y = _design_and_targets(A, y)
    eta = positive(eta, "eta (the learning rate)")
    steps = positive_int(steps, "steps")
    grad = get_cost(cost).grad
    p = A.shape[1]
    theta = np.zeros(p) if theta0 is None else _vector(theta0, "theta0")
    if theta.shape != (p,):
        raise ValueError(f"theta0 must have {p} entries, one per column of A, got {theta.shape[0]}")
    path = np.full((steps + 1, p), np.inf)
    path[0] = theta
    Y = y[:, None]
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(1, steps + 1):
            pred = A @ theta
            if not np.isfinite(pred).all():
                break
            theta = theta - eta * (A.T @ grad(pred[:, None], Y)).ravel()
            if not np.isfinite(theta).all():
                break
            path[k] = theta
    return path


def converges(A, y, eta: float, *, cost: str = "mse", steps: int = 1000) -> bool:
    """True when ``steps`` steps of ``linear_neuron_descent`` end nearer the least-squares
    answer than they started (from theta = 0): the empirical test of a step size."""
    A, y = _design_and_targets(A, y)
    best = least_squares(A, y)
    end = linear_neuron_descent(A, y, eta, cost=cost, steps=steps)[-1]
    if not np.isfinite(end).all():
        return False
    with np.errstate(over="ignore", invalid="ignore"):
        return bool(np.linalg.norm(end - best) < np.linalg.norm(best))


def largest_converging_eta(
    A,
    y,
    *,
    cost: str = "mse",
    steps: int = 1000,
    lo: float = 1e-6,
    hi: float = 1e6,
    iters: int = 50,
) -> float:
    """Find the boundary between converging and diverging steps by bisection (on log eta).

    ``lo`` must converge and ``hi`` must diverge. The answer lands within about 1/``steps``
    (relative) of ``step_limit(A, cost=cost)``: right at the limit the slowest mode neither grows
    nor shrinks, so ``steps`` steps cannot tell a little above from a little below. Computed by
    trying, not from the formula.
    """
    lo, hi = positive(lo, "lo"), positive(hi, "hi")
    iters = positive_int(iters, "iters")
    if not converges(A, y, lo, cost=cost, steps=steps):
        raise ValueError(f"the smallest step lo={lo} does not converge; choose a smaller lo")
    if converges(A, y, hi, cost=cost, steps=steps):
        raise ValueError(f"the largest step hi={hi} still converges; choose a larger hi")
    for _ in range(iters):
        mid = float(np.sqrt(lo * hi))
        if converges(A, y, mid, cost=cost, steps=steps):
            lo = mid
        else:
            hi = mid
    return lo


def repeat_data(X, T, k: int) -> tuple[Array, Array]:
    """The same data set written k times: X (N, d), T (N, l) -> (k N, d), (k N, l).

    >>> Xk, Tk = repeat_data([[1.0]], [[2.0]], 3)
    >>> Xk.ravel().tolist(), Tk.ravel().tolist()
    ([1.0, 1.0, 1.0], [2.0, 2.0, 2.0])
    """
    X, T = as_matrix(X, "X"), as_matrix(T, "T")
    if X.shape[0] != T.shape[0]:
        raise ValueError(
            f"X has {X.shape[0]} rows but T has {T.shape[0]}: one target row per sample"
        )
    k = positive_int(k, "k (how many copies)")
    return np.tile(X, (k, 1)), np.tile(T, (k, 1))


def distance_table(
    points: dict, best, A, y, *, tol: float = 1e-12
) -> list[tuple[str, float, float, float]]:
    """For each named theta: (name, ||theta - best||, J(theta), J(theta) - J(best)),
    J = 1/(2m)||A theta - y||^2.

    points: {name: theta (p,)}; best (p,) the least-squares answer; A (m, p); y (m,).
    Distances and excess costs below ``tol`` are round-off and are reported as exactly 0.0,
    so that printed tables do not change from one machine to the next.
    """
    A, y = _design_and_targets(A, y)
    best = _vector(best, "best")
    if best.shape != (A.shape[1],):
        raise ValueError(
            f"best must have {A.shape[1]} entries, one per column of A, got {best.size}"
        )

    def cost(theta):
        return squared_error(A @ theta, y)

    def snap(v):
        return 0.0 if abs(v) < tol else v

    J_best = cost(best)
    rows = []
    for name, theta in points.items():
        theta = _vector(theta, f"theta of {name!r}")
        if theta.shape != best.shape:
            raise ValueError(f"theta of {name!r} has {theta.size} entries, best has {best.size}")
        J = cost(theta)
        rows.append((str(name), snap(float(np.linalg.norm(theta - best))), J, snap(J - J_best)))
    return rows


def eta_sweep(A, y, etas, *, cost: str = "mse", steps: int = 200) -> Array:
    """For each step size in ``etas`` (n,): ||theta_K - theta*|| / ||theta*|| after K = ``steps``
    steps of ``linear_neuron_descent`` from theta = 0, theta* the least-squares answer.
    Below 1: the step made progress; inf: it diverged. Shape (n,)."""
    A, y = _design_and_targets(A, y)
    etas = _vector(etas, "etas")
    best = least_squares(A, y)
    scale = np.linalg.norm(best)
    if scale == 0:
        raise ValueError(
            "the least-squares answer is theta = 0, where every run starts: nothing to measure"
        )
    out = np.empty(len(etas))
    with np.errstate(over="ignore", invalid="ignore"):
        for i, eta in enumerate(etas):
            end = linear_neuron_descent(A, y, float(eta), cost=cost, steps=steps)[-1]
            d = np.linalg.norm(end - best) / scale
            out[i] = d if np.isfinite(d) else np.inf
    return out


def logistic_cost(A, t, theta, *, hessian: bool = True) -> tuple[float, Array, Array | None]:
    """The cross-entropy of logistic regression y = sigmoid(A theta) and its derivatives.

    J(theta) = -1/m sum_n [t_n log y_n + (1 - t_n) log(1 - y_n)], a convex cost that is not
    quadratic (chapter 03 uses it to show Newton's method where one step is not enough).
    A (m, p), t (m,) of 0s and 1s, theta (p,). Returns (J, gradient (p,), Hessian (p, p)):
    grad = A.T (y - t) / m, H = A.T diag(y (1 - y)) A / m (None with ``hessian=False``, which
    spares its O(m p^2) work).

    >>> J, g, H = logistic_cost([[1.0], [1.0]], [0.0, 1.0], [0.0])
    >>> round(J, 6), g.tolist(), H.tolist()
    (0.693147, [0.0], [[0.25]])
    """
    A, t = _design_and_targets(A, t)
    theta = _vector(theta, "theta")
    if theta.shape != (A.shape[1],):
        raise ValueError(f"theta must have {A.shape[1]} entries, one per column of A")
    z = A @ theta
    y = sigmoid(z)
    m = len(t)
    # log(1 + exp(-z)) and log(1 + exp(z)) without overflow
    J = float(np.sum(t * np.logaddexp(0.0, -z) + (1 - t) * np.logaddexp(0.0, z)) / m)
    grad = A.T @ (y - t) / m
    H = (A * (y * (1 - y))[:, None]).T @ A / m if hessian else None
    return J, grad, H


def logistic_minimise(
    A,
    t,
    *,
    method: str = "newton",
    alpha: float | None = None,
    tol: float = 1e-10,
    max_iter: int = 100_000,
) -> Array:
    """Minimise ``logistic_cost`` from theta = 0 by Newton's method, BFGS or gradient descent.

    method "newton": theta <- theta - H^-1 grad (each iteration forms the p x p Hessian,
    O(m p^2), and solves with it, O(p^3)); method "gd": theta <- theta - alpha grad (O(m p)
    an iteration; ``alpha`` is required); method "bfgs" (quasi-Newton): theta <- theta + s d
    with d = -B grad, B an estimate of H^-1 that starts as the identity and is corrected after
    each step from s = the step and r = the change of the gradient (kept only when s.r > 0),
    B <- (I - rho s r^T) B (I - rho r s^T) + rho s s^T, rho = 1/(s.r); the step length s is
    halved from 1 until J falls by at least 1e-4 s |d.grad| (Armijo). No Hessian, no solve:
    O(m p + p^2) an iteration. Stops when |grad| < ``tol`` or after ``max_iter`` iterations.
    Returns the path, shape (iterations + 1, p): row k = theta after k iterations.
    """
    A, t = _design_and_targets(A, t)
    if method not in ("newton", "gd", "bfgs"):
        raise ValueError(f"method must be 'newton', 'gd' or 'bfgs', got {method!r}")
    if method == "gd":
        if alpha is None:
            raise ValueError("gradient descent needs a step size: give alpha")
        alpha = positive(alpha, "alpha (the step size)")
    tol, max_iter = positive(tol, "tol"), positive_int(max_iter, "max_iter")
    theta = np.zeros(A.shape[1])
    path = [theta]
    if method == "bfgs":
        return _bfgs(A, t, theta, path, tol, max_iter)
    for _ in range(max_iter):
        _, g, H = logistic_cost(A, t, theta, hessian=method == "newton")
        if np.linalg.norm(g) < tol:
            break
        theta = theta - (np.linalg.solve(H, g) if method == "newton" else alpha * g)
        path.append(theta)
    return np.array(path)


def _bfgs(A: Array, t: Array, theta: Array, path: list, tol: float, max_iter: int) -> Array:
    """The "bfgs" method of ``logistic_minimise`` (see there)."""
    B = np.eye(len(theta))  # estimate of the inverse Hessian
    J, g, _ = logistic_cost(A, t, theta, hessian=False)
    for _ in range(max_iter):
        if np.linalg.norm(g) < tol:
            break
        d = -B @ g
        step = 1.0
        while True:  # backtracking: halve until J falls enough (d is a descent direction)
            new = theta + step * d
            J_new, g_new, _ = logistic_cost(A, t, new, hessian=False)
            if J_new <= J + 1e-4 * step * (d @ g) or step < 1e-12:
                break
            step /= 2
        s, r = new - theta, g_new - g
        if s @ r > 0:  # keeps B positive definite
            rho = 1.0 / (s @ r)
            V = np.eye(len(theta)) - rho * np.outer(s, r)
            B = V @ B @ V.T + rho * np.outer(s, s)
        theta, J, g = new, J_new, g_new
        path.append(theta)
    return np.array(path)


def stacked_descent(
    A, y, alpha: float, *, epochs: int, batch_size: int, seeds
) -> tuple[Array, Array]:
    """Many runs of ``bp.gradient_descent(A, y, alpha, epochs, batch_size, rng=seed)`` at once.

    The runs differ only in their shuffling seed; each is the same sequence of steps
    theta <- theta - alpha (1/k) A_b.T (A_b theta - y_b) from theta = 0 as the single run with
    that seed (same permutations, so the same path), but all R runs take each step together,
    stacked along a leading axis. ``batch_size`` must divide m. Returns (evals (S + 1,),
    path (S + 1, R, p)): row s holds every run's theta after s steps, which cost evals[s]
    per-sample gradient evaluations.
    """
    A, y = _design_and_targets(A, y)
    m, p = A.shape
    alpha = positive(alpha, "alpha (the step size)")
    epochs, k = positive_int(epochs, "epochs"), positive_int(batch_size, "batch_size")
    if m % k:
        raise ValueError(f"batch_size must divide the {m} samples, got {k}")
    gens = [as_rng(int(s)) for s in seeds]
    R = len(gens)
    # orders[r] = run r's sample order, epoch after epoch (what gradient_descent draws)
    orders = np.array([np.concatenate([g.permutation(m) for _ in range(epochs)]) for g in gens])
    steps = epochs * m // k
    batches = orders.reshape(R, steps, k)
    path = np.zeros((steps + 1, R, p))
    theta = path[0].copy()
    for s in range(steps):
        idx = batches[:, s]  # (R, k)
        Ab = A[idx]  # (R, k, p)
        residual = np.einsum("rkp,rp->rk", Ab, theta) - y[idx]
        theta = theta - alpha * np.einsum("rkp,rk->rp", Ab, residual) / k
        path[s + 1] = theta
    return np.arange(steps + 1) * k, path


def median_interval(values, level: float = 0.95) -> tuple[float, float, float]:
    """The median of ``values`` and a distribution-free interval for it (order statistics).

    The ranks are n/2 -+ z sqrt(n)/2 (normal approximation to the binomial(n, 1/2) count of values
    below the median), so the interval covers the true median with probability about ``level``.
    Returns (median, low, high).

    >>> median_interval(range(1, 101))
    (50.5, 40.0, 60.0)
    """
    v = np.sort(np.asarray(values, dtype=float).ravel())
    n = len(v)
    if n < 10:
        raise ValueError(f"need at least 10 values for an interval of the median, got {n}")
    z = {0.9: 1.6448536269514722, 0.95: 1.959963984540054, 0.99: 2.5758293035489004}.get(level)
    if z is None:
        raise ValueError(f"level must be 0.9, 0.95 or 0.99, got {level}")
    half = z * np.sqrt(n) / 2
    lo, hi = int(np.floor(n / 2 - half)), int(np.ceil(n / 2 + half))
    return float(np.median(v)), float(v[max(lo, 1) - 1]), float(v[min(hi, n) - 1])
