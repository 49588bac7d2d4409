"""Exercise checks that answer like a tutor: what was expected, what came, the tolerance, and the
likely mistake by name.

A check compares a student's answer with the reference and, when they differ, with a list of
*named wrong answers* computed for the same inputs (the same formula without f', with the sign
flipped, without the 1/N, ...). If the student's answer matches one of them, the message names that
mistake and says how to fix it. The comparison is plain data in, verdict out, so the grader can run
it in its own process, where student code cannot reach.

>>> import numpy as np
>>> verdict = compare(np.array([1.0, 2.0]), np.array([1.0, 2.0]), name="delta")
>>> verdict.passed
True
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

# The mistakes the course names, with the advice a tutor would give. A question may word the advice
# for itself (``hints=`` of ``compare``), so that a hint fits the question it is given for.
MISTAKES = {
    "missing f'": "the derivative of the activation is missing: the learning signal is "
    "(t - y) * f'(net), not just (t - y)",
    "flipped sign": "the sign is flipped: a gradient is the uphill direction and a descent step "
    "subtracts it (theta <- theta - eta * gradient); the error is (t - y) in the learning signal "
    "delta = (t - y) f'(net), which points downhill, and (y - t) in dE/dy",
    "missing transpose": "a transpose is missing: with samples in rows, a layer passes its signal "
    "down through W.T (delta @ W.T), and weight gradients are Y.T @ delta",
    "forgotten 1/N": "the average over the samples is missing: the cost and its gradient carry "
    "a 1/N (1/m, or 1/k for a batch of k), so the gradient and the step come out that many times "
    "too large",
    "extra 1/N": "there is a 1/N too many: this quantity is per sample (or already averaged)",
    "1/N twice": "the 1/N is there twice: divide by the number of samples once",
    "divided by the outputs": "the division is by the wrong size: N is the number of samples, "
    "the number of ROWS (X.shape[0], len(Y)), not the number of columns",
    "bias not updated": "the bias was left unchanged: it is a parameter like any weight, a weight "
    "on a constant input 1, and gets the same kind of update (the perceptron: "
    "b <- b + eta (t - y); the Delta rule: b <- b + (eta/N) * the sum of the deltas)",
    "derivative applied to the activated output": "f' was applied to the output y = f(net) "
    "instead of to net: for the sigmoid use f'(net) = f(net)(1 - f(net)), which in terms of the "
    "output is y(1 - y), not f'(y)",
    "net(1 - net)": "the sigmoid's derivative is y(1 - y) with y = sigmoid(net), the layer's "
    "OUTPUT; net(1 - net) puts the net input where the output belongs",
    "tanh's derivative": "that is tanh's derivative, 1 - y^2; this layer is a sigmoid, whose "
    "derivative is y(1 - y) = bp.d_sigmoid(net)",
    "half of f'": "only one factor of the sigmoid's derivative is there: f'(net) = y(1 - y), both "
    "y and (1 - y)",
    "f' of the wrong layer": "f' belongs to the layer whose delta you compute: delta_h = "
    "(delta_next @ W_next.T) * f'(net_h), with this layer's own net input",
    "missing 1/2": "the 1/2 of E = 1/(2N) sum (t - y)^2 is missing, so the answer is twice too big",
    "extra 1/2": "there is a 1/2 too many, so the answer is half of what it should be",
    "missing 1/2 and 1/N": "both factors of E = 1/(2N) sum (t - y)^2 are missing: divide the sum "
    "by 2N",
    "mean over outputs too": "the average was taken over every entry (N * outputs) instead of "
    "over the N samples only",
    "square missing": "the errors are not squared: E sums (t - y)^2",
    "summed before squaring": "the errors were summed and then squared: square each (t - y) "
    "first, then sum",
    "square root taken": "there is no square root in E = 1/(2N) sum (t - y)^2",
    "summed over the samples": "the answer was summed over the samples: it has one value per "
    "sample (a row each), shape (N, outputs)",
    "returned the cost": "that is the cost E itself; the question asks for its derivative",
    "flipped sign and forgotten 1/N": "two slips: the sign (dE/dY = (Y - T)/N, Y first) and the "
    "1/N of the mean",
    "wrong variable": "that is the derivative with respect to b (= dE/dnet); differentiate with "
    "respect to w: the chain rule then brings the factor dnet/dw = x",
    "missing x": "the input x is missing: the weight of input i moves in proportion to x_i "
    "(dnet/dw = x)",
    "missing eta": "the learning rate (step size) is missing: the change is multiplied by it",
    "net instead of y": "the error was taken from the net input: the output is y = step(net), 0 "
    "or 1, and the error is t - y",
    "bias updated like a weight": "the bias is a weight on a constant input 1: its change has "
    "no x in it",
    "bias left out": "the bias is missing from the net input: net = X @ W + b",
    "bias subtracted": "the bias is added, not subtracted: net = X @ w + b",
    "bias of the wrong layer": "each layer adds its own bias: net1 = X @ W1 + b1, "
    "net2 = H @ W2 + b2",
    "bias summed over the wrong axis": "each output has its own bias: sum the deltas over the "
    "samples only, delta.sum(axis=0), one number per output",
    "bias gradient times x": "the bias's input is the constant 1, so dE/db = dE/dnet, with no x",
    "bias gradient missing": "the bias gradients are missing: dE/db = -(1/N) * the sum of the "
    "layer's deltas over the samples",
    "weights not updated": "the weights did not change: the step must add -eta * dE/dW to them",
    "step not taken": "nothing changed: the step must add -eta * gradient to the parameters",
    "returned the gradient": "that is the gradient; the step returns the new parameters, "
    "theta - alpha * gradient",
    "returned the change": "that is the change; return the new parameters, old + change",
    "order ignored": "the samples were not visited in the order given: loop over `order` "
    "(for n in order), not over range(m)",
    "whole batch each step": "each step used every sample: a stochastic or mini-batch step uses "
    "only the rows of its own batch, A[batch], y[batch]",
    "steps not chained": "each step must start from the theta the previous step produced "
    "(theta = theta - ...), so that one epoch is a chain of steps",
    "stopped after one sample": "only one step was taken: one epoch takes one step per sample",
    "stopped after one batch": "only one step was taken: one epoch takes one step per batch",
    "short batch divided by k": "the last batch can be shorter than k: average over the size of "
    "each batch, len(batch), not over k",
    "last batch dropped": "the short last batch was skipped: it is a step like the others, "
    "range(0, m, k) visits it",
    "batches overlap": "the batches overlap: step through `order` k samples at a time, "
    "range(0, m, k)",
    "k ignored": "the step used one sample at a time: a mini-batch step averages over k samples",
    "divided by m, not the batch size": "a mini-batch step averages over its own batch: divide by "
    "len(batch), not by m",
    "activation missing": "a sigmoid is missing: each layer's output is sigmoid(its net input)",
    "wrong activation": "the activation is not the sigmoid this question asks for "
    "(bp.sigmoid(z) = 1/(1 + exp(-z)))",
    "wrong sigmoid": "the sigmoid is 1/(1 + exp(-z)), with a minus in the exponent",
    "sigmoid instead of step": "the perceptron's activation is the step, 1 if net >= 0 else 0, "
    "not the sigmoid",
    "step missing": "the step is missing: y = step(net), 0 or 1, not the net input itself",
    "returned the net inputs": "those are the net inputs; return the outputs after the sigmoid",
    "X and H swapped": "the inputs of two layers are swapped: layer 1 takes X, layer 2 takes H "
    "(in the forward pass, and in dE/dW1 = -(1/N) X.T @ delta1, dE/dW2 = -(1/N) H.T @ delta2)",
    "W1 and W2 swapped": "the weights of two layers are swapped: X goes through W1, H through W2; "
    "a layer's signal goes down through the weights above it (delta1 uses W2)",
    "> instead of >=": "a net input of exactly 0 fires: step(0) = 1, so compare with >=, not >",
    "activation at the output": "the output layer is a sigmoid whatever `activation` is: "
    "`activation` (its f and its f') is for the hidden layers only",
    "input not a parent": "an operation made its output Value without its input among the "
    "parents, so backward() never reaches that input: every op passes its operands as the "
    "parents of the Value it returns, as __add__ and __mul__ do",
    "values for the gradients": "those are the Values' data (the weights and the bias "
    "themselves); the gradients are their .grad after E.backward()",
    "returned the given weights": "the losses show that training happened, but the weights and "
    "biases returned are the ones handed in: return the lists the steps produced",
    "non-strict at (0,0)": "on (0,0) the net input is -theta, and step(0) = 1: with theta = 0 "
    "the unit fires there, which XOR forbids, so this condition may not hold at theta = 0",
    "non-strict at (1,1)": "on (1,1) the net input is w1 + w2 - theta, and step(0) = 1: with "
    "w1 + w2 = theta the unit fires there, which XOR forbids, so this condition may not hold on "
    "that line",
    "sign instead of step": "np.sign gives -1, 0 or +1; the perceptron's step gives 0 or 1, and 1 "
    "at a net input of exactly 0: use bp.step(net), or (net >= 0).astype(float)",
    "flipped comparison": "the comparison is the wrong way round: the perceptron fires (y = 1) "
    "when net = X @ w + b >= 0, and gives 0 below",
    "wrong order": "the values came back in the wrong order",
    "wrong return type": "the answer is not the type asked for",
    "shapes do not fit": "two arrays whose shapes do not fit were combined elementwise: write the "
    "shape of every term next to it (rows are samples); a product in the wrong order or a "
    "missing transpose is the usual cause",
    "wrong shape": "the numbers are right but the shape is not",
    "matrix product for elementwise": "the product is elementwise: (T - Y) * f'(net) with `*`, "
    "not a matrix product `@`",
    "hard-coded answer": "the answer does not depend on the data it is given: train on X and t",
    "not trained to zero mistakes": "the line still misclassifies a sample: train epoch after "
    "epoch, every sample in each, until an epoch makes no mistake",
    "not trained enough": "the network has not learnt XOR yet: train for more epochs, try "
    "another eta (for example 0.5 to 5) or more hidden units",
    "no hidden layer": "a network without a hidden layer draws one straight line, and XOR needs "
    "two: give it a hidden layer, bp.MLP([2, q, 1])",
    "trained on the wrong data": "the network learnt another function: train it on "
    "bp.datasets.xor()",
    "ignored rng": "the answer does not use the rng it is given: build and train the network with "
    "that rng (bp.MLP(..., rng=rng), fit(..., rng=rng)), so that another rng gives another "
    "network and the same one the same",
    "computes OR": "the network computes OR: the output must fire for OR but not for AND "
    "(for example W2 = [[1], [-1]], b2 = [-0.5] on hidden units OR and AND)",
    "computes AND": "the network computes AND: XOR is OR and not AND",
    "computes NAND": "the network computes NAND: XOR is OR and not AND",
    "computes NOR": "the network computes NOR: XOR is OR and not AND",
    "computes XNOR": "the network computes XNOR, the opposite of XOR: flip the output unit's "
    "weights and bias",
    "wrong threshold": "the output unit gives the same answer for every input: its bias puts the "
    "threshold outside the range of its net input",
    # chapter 07 (beyond): starting scales, the signal per layer, accuracy
    "Glorot's scale": "that is Glorot's scale sqrt(2 / (n_in + n_out)), made for sigmoid and "
    "tanh; He's, for ReLU, is sqrt(2 / n_in): only the layer's inputs count",
    "n_out for n_in": "the scale was taken from the layer's outputs: He's standard deviation is "
    "sqrt(2 / n_in), with n_in the number of inputs of the layer (the rows of W)",
    "variance for the standard deviation": "that is the variance 2 / n_in; the standard deviation "
    "(what rng.normal(0, std, ...) takes) is its square root, sqrt(2 / n_in)",
    "LeCun's scale": "the 2 is missing: sqrt(1 / n_in) is LeCun's scale; ReLU switches off about "
    "half its units, and He's sqrt(2 / n_in) makes up for that half",
    "layers in reverse order": "the layers come in the wrong order: index 0 is the layer next to "
    "the input, the last one is the output layer (reverse the list you built going down)",
    "norm of dE/dW for delta": "those are the sizes of the weight gradients dE/dW; the question "
    "asks for the learning signal delta of each layer, before it is multiplied by Y_prev.T",
    "ReLU's slope at 0": "at net = 0 the course takes ReLU's slope as 0 (bp.d_relu: net > 0), "
    "not 1 (net >= 0)",
    "argmax over the wrong axis": "the argmax ran down the columns: each ROW is a sample, so the "
    "predicted class of sample n is Y[n].argmax(), Y.argmax(axis=1)",
    "percent for a fraction": "that is a percentage; return the fraction, between 0 and 1",
    "count for a fraction": "that is the number of right answers; divide by the number of "
    "samples N to get the fraction",
    "error rate for accuracy": "that is the share of WRONG answers (the error rate); the accuracy "
    "is the share of rows whose argmax equals the label",
    "one value per size": "a network with sizes [n_0, ..., n_L] has L weight matrices: one "
    "standard deviation each, from the inputs of each, sizes[:-1]",
    "activation ignored": "the hidden layers use `activation` (its f and its f'), not always the "
    "sigmoid; only the output layer is a sigmoid",
    # chapter 09 (reverse mode): the engine's local derivatives and its backward()
    "overwrote the gradient at fan-out": "a node used twice lost one of its contributions: with "
    "`self.grad = ...` the second consumer overwrites the first; add them, `self.grad += ...`",
    "one path at fan-out": "a appears twice in f = a * tanh(a b), so df/da is the sum over both "
    "paths from a to f: the product rule has two terms, one for each place a stands",
    "inner derivative missing": "the chain rule through tanh(a b) brings the inner derivative "
    "d(a b)/da = b as a factor",
    "tanh's derivative from the input": "tanh's derivative is 1 - tanh(x)^2, the square of the "
    "OUTPUT; 1 - x^2 squares the input",
    "product rule with own data": "in a product each factor's local derivative is the OTHER "
    "factor: self.grad += other.data * out.grad and other.grad += self.data * out.grad",
    "pow without the exponent": "d(x^n)/dx = n x^(n-1): the factor n is missing",
    "exp's derivative from the input": "d(e^x)/dx = e^x, the OUTPUT: self.grad += out.data * "
    "out.grad, not the input x",
    "local derivative not times out.grad": "the chain rule multiplies each local derivative by "
    "the gradient that arrives from above: self.grad += (local derivative) * out.grad",
    "topological order not reversed": "backward() ran the nodes from the inputs up: the output's "
    "gradient must reach a node before the node passes it on, so call _backward() in reversed "
    "topological order, output first",
    "no topological order": "a node passed its gradient down before all its consumers had added "
    "theirs (or passed it twice): build the topological order (a node after all its parents, "
    "each node once) and call _backward() over it reversed",
    "no gradient reached the inputs": "every input's grad is 0: backward() must set the output's "
    "own grad to 1.0 before it goes down, each op must list its inputs as the node's parents, "
    "and the nodes must run output first (reversed topological order)",
    "pow's exponent not lowered": "d(x^n)/dx = n x^(n-1): the power goes down by one",
    "not finite": "the answer contains NaN or inf: a step too large, a division by zero, or an "
    "exp that overflowed",
    "too slow": "a call ran far longer than the grader allows (an endless loop?)",
    # issue 13: the XOR conditions of a threshold unit (01), the stable step (03), f' in terms of
    # the output (04), a network of any depth built by hand (06)
    "threshold added": "the threshold is subtracted: the unit fires when "
    "w1 x1 + w2 x2 - theta >= 0 (theta is the weight of a constant input -1), not "
    "w1 x1 + w2 x2 + theta",
    "outputs, not conditions": "those are the unit's outputs y; the question asks whether each "
    "output is XOR's target: 1.0 where y equals the target, 0.0 where it does not",
    "wrong targets": "those are the conditions of another function: XOR's targets on (0,0), "
    "(0,1), (1,0), (1,1) are 0, 1, 1, 0",
    "inputs in another order": "the conditions come in another order: one entry per input, in "
    "the order (0,0), (0,1), (1,0), (1,1), so entry 1 is about w2 (x2 = 1) and entry 2 about w1",
    "conditions inverted": "1.0 marks where the unit gets XOR right, 0.0 where it gets it wrong; "
    "these are the other way round",
    "half the limit": "that is half the limit: along an eigenvector the error is multiplied by "
    "(1 - eta lambda) each step, and it shrinks while |1 - eta lambda| < 1; that also holds for "
    "some eta where 1 - eta lambda is negative - solve for the largest eta it allows",
    "smallest eigenvalue": "every direction must shrink, |1 - eta lambda| < 1 for every "
    "eigenvalue at once: which eigenvalue makes that the strictest?",
    "not the largest eigenvalue": "that comes from an eigenvalue of A, but not from the one "
    "that limits the step: every direction must shrink, |1 - eta lambda| < 1 for every "
    "eigenvalue, and the strictest decides (np.linalg.eig does not sort its eigenvalues; "
    "np.linalg.eigvalsh(A) does, ascending)",
    "trace for the largest eigenvalue": "the trace is the sum of all eigenvalues, not the largest "
    "one: use np.linalg.eigvalsh(A).max()",
    "diagonal for the eigenvalues": "the diagonal entries of A are its curvatures along the "
    "axes, not its eigenvalues (unless A is diagonal): the steepest direction can lie between "
    "the axes; use np.linalg.eigvalsh(A)",
    "inverted limit": "the limit is a step size, and the steeper the bowl, the smaller the "
    "step must be: it falls as the eigenvalue grows",
    "eigenvalues of A squared": "A is already the Hessian of E(w) = 1/2 w.T A w - b.T w: take "
    "its eigenvalues, not those of A.T A (which are their squares)",
    "norm for the largest eigenvalue": "that norm is not the largest eigenvalue: the Frobenius "
    "norm np.linalg.norm(A) is the root of the sum of all squared eigenvalues; use "
    "np.linalg.eigvalsh(A).max()",
    "sigmoid's derivative": "that is the sigmoid's derivative written with its output; tanh's "
    "is another: differentiate tanh(z) = sinh(z)/cosh(z) by z, then write the result with "
    "t = tanh(z)",
    "output f' missing": "the output layer's learning signal has no f': delta_L = (T - Y_L) * "
    "f'(net_L), for the sigmoid (T - Y_L) * Y_L * (1 - Y_L)",
    "hidden f' missing": "a hidden layer's signal is not multiplied by that layer's f': "
    "delta_h = (delta_{h+1} @ W_{h+1}.T) * f'(net_h), for the sigmoid times Y_h * (1 - Y_h)",
    "weights of the wrong layer": "the signal goes down through the weights ABOVE the layer: "
    "delta_h = (delta_{h+1} @ W_{h+1}.T) * f'(net_h); with 0-based lists, deltas[i] uses "
    "weights[i + 1]",
    "inputs of the wrong layer": "dE/dW_h multiplies delta_h by the layer's INPUT, the output of "
    "the layer below: -(1/N) Y_{h-1}.T @ delta_h, with Y_0 = X (outputs[i] for weights[i])",
    "input missing from the list": "the list of outputs starts with the input itself, Y_0 = X, "
    "then one output per layer: L layers give L + 1 arrays",
    "only the last layer": "only the output layer learnt: every layer has a gradient and is "
    "updated, the signal carried down layer by layer",
    "updated weights used for the signal below": "the signal of the layer below was passed "
    "through weights already changed in this step: the gradient is taken at one point, so "
    "compute every delta (every gradient) with the weights of the forward pass first, then "
    "update them all",
    "loss before the step": "losses[k] is E after step k + 1, as in bp.MLP.fit's history: its "
    "last entry is E of the network you return (you recorded E before each step)",
    "package does the work": "this question asks you to write the computation yourself",
    "engine not used": "the question asks the engine to find the gradient: make w and b Values, "
    "build E from them with your class's operations, call E.backward(), and return the .grad "
    "of each (a derivative written by hand gives the same numbers, but skips what the question "
    "practises)",
    "not exact: a numerical gradient?": "backprop in float64 gives the gradient to about 1e-15 of "
    "its size, and these numbers are off by far more, though close: finite differences "
    "((E(w + h) - E(w - h)) / 2h, chapter 09) look like this, as does arithmetic in float32. "
    "Write the backward pass: delta_L = (T - Y_L) f'(net_L), delta_h = (delta_(h+1) @ "
    "W_(h+1).T) f'(net_h), dE/dW_h = -(1/N) Y_(h-1).T @ delta_h, dE/db_h = -(1/N) "
    "delta_h.sum(axis=0), all in float64",
    "changed in place": "the function wrote into an array it was given "
    " (`w += ...`, `W[...] = ...`):"
    " the caller's array changes too. Work on a copy (`w = w + ...`, `w.copy()`) and return the"
    " new values",
}


@dataclass
class Verdict:
    """The outcome of one check: ``passed``, the tutor's ``message``, and the ``mistake`` named
    (a key of ``MISTAKES``) when the answer matches a known wrong one."""

    passed: bool
    message: str
    mistake: str | None = None
    details: dict = field(default_factory=dict)

    def __bool__(self) -> bool:
        return self.passed


class CheckFailed(AssertionError):
    """Raised by a self-check cell when the answer is wrong; its message is the tutor's.

    IPython shows it without a traceback (``_render_traceback_``): the message is all a student
    needs, and a traceback into bplab's checking code would bury it."""

    def _render_traceback_(self) -> list[str]:
        lines = str(self).splitlines() or [""]
        return ["\x1b[0;31mCheckFailed\x1b[0m: " + lines[0], *lines[1:]]


def _as_array(x):
    try:
        return np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError):
        return None


def _fmt(a: np.ndarray) -> str:
    """An array as numpy prints it (6 significant digits, columns lined up), later rows indented
    to line up under the first; written out because np.array2string is slow for many checks."""
    a = np.asarray(a, dtype=float)
    if a.ndim == 0:
        return f"{float(a):.6g}"
    if a.ndim > 2 or a.size > 200:
        text = np.array2string(a, precision=6, max_line_width=78)
        return text.replace("\n", "\n" + " " * 12)
    rows = a.reshape(1, -1) if a.ndim == 1 else a
    finite = np.abs(a[np.isfinite(a)])
    if finite.size and (finite.max() >= 1e8 or 0 < finite.max() < 1e-4):
        text = np.array2string(a, precision=6, max_line_width=78)
        return text.replace("\n", "\n" + " " * 12)
    # like numpy: one number of decimals for all, the fewest (at most 6) that show every entry
    decimals = max(
        (len(f"{float(v):.6f}".rstrip("0").split(".")[1]) for v in a.ravel() if np.isfinite(v)),
        default=0,
    )
    cells = [
        [f"{float(v):.{max(decimals, 1)}f}" if np.isfinite(v) else str(float(v)) for v in row]
        for row in rows
    ]
    width = max((len(x) for row in cells for x in row), default=1)
    lines = [" ".join(x.rjust(width) for x in row) for row in cells]
    if a.ndim == 1:
        return f"[{lines[0]}]"
    return "[" + ("\n" + " " * 13).join(f"[{line}]" for line in lines) + "]"


def _allclose(a: np.ndarray, b: np.ndarray, rtol: float, atol: float) -> bool:
    """np.allclose for two arrays of one shape, without its overhead (checks run it a lot)."""
    return bool((np.abs(a - b) <= atol + rtol * np.abs(b)).all())


def compare(
    got,
    expected,
    *,
    name: str,
    rtol: float = 1e-6,
    atol: float = 1e-9,
    mistakes: dict[str, object] | list[tuple[str, object]] | None = None,
    hints: dict[str, str] | None = None,
) -> Verdict:
    """Compare an answer with the reference (arrays or numbers) and with named wrong answers.

    Passes when ``|got - expected| <= atol + rtol * |expected|`` everywhere and the shapes agree.
    ``mistakes``: {name: wrong value} (or (name, value) pairs, so one name can have several
    values); the first that matches the answer is named, with ``hints[name]`` as the advice when
    the question words it for itself, else ``MISTAKES[name]``.
    """
    pairs = list(mistakes.items()) if isinstance(mistakes, dict) else list(mistakes or [])
    hints = hints or {}
    exp = np.asarray(expected, dtype=np.float64)
    tol = f"tolerance {atol:g} + {rtol:g} x |expected|"
    if got is None:
        return Verdict(
            False,
            f"{name}: nothing came back (the function returned None). Did you forget the `return`?",
        )
    arr = _as_array(got)
    if arr is None:
        return Verdict(False, f"{name}: expected numbers, got {type(got).__name__} ({got!r:.80})")

    def close(a, b):
        return a.shape == b.shape and _allclose(a, b, rtol, atol)

    if arr.shape != exp.shape:
        for mistake, wrong in pairs:
            w = _as_array(wrong)
            if w is not None and close(arr, w):
                return _named(name, mistake, exp, arr, tol, hints)
        if arr.ndim == 2 and arr.shape == exp.shape[::-1] and close(arr.T, exp):
            return _named(
                name,
                "missing transpose",
                exp,
                arr,
                tol,
                {
                    "missing transpose": f"these are the right numbers, in the transposed shape "
                    f"{arr.shape}: the answer has shape {exp.shape} (rows are samples)"
                },
            )
        if arr.size == exp.size and close(arr.reshape(exp.shape), exp):
            return _named(
                name,
                "wrong shape",
                exp,
                arr,
                tol,
                {
                    "wrong shape": f"the numbers are right but the shape is {arr.shape}; return "
                    f"shape {exp.shape}"
                    + (" (a flat array: no extra axis of length 1)" if exp.ndim == 1 else "")
                },
            )
        hint = ""
        rows = (
            " (Rows are samples: X is (N, inputs), W is (inputs, outputs).)"
            if exp.ndim == 2
            else ""
        )
        if arr.shape == exp.shape[::-1] and arr.ndim == 2:
            hint = " It is the transposed shape: check which side of the product needs a .T."
        elif arr.size == exp.size:
            hint = " Same number of entries: check for a reshape, or (N,) versus (N, 1)."
        return Verdict(
            False,
            f"{name}: expected shape {exp.shape}, got shape {arr.shape}.{hint}{rows}",
            "missing transpose" if hint.startswith(" It is the transposed") else None,
        )
    if not np.isfinite(arr).all():
        return Verdict(False, f"{name}: the answer contains NaN or inf: {_fmt(arr)}")
    if close(arr, exp):
        return Verdict(True, f"{name}: correct.")
    for mistake, wrong in pairs:
        w = _as_array(wrong)
        if w is not None and close(arr, w) and not close(w, exp):
            return _named(name, mistake, exp, arr, tol, hints)
    diff = np.abs(arr - exp)
    where = np.unravel_index(int(np.argmax(diff)), diff.shape) if diff.ndim else ()
    at = f" at index {tuple(int(i) for i in where)}" if diff.ndim else ""
    return Verdict(
        False,
        f"{name}: not the expected values.\n  expected: {_fmt(exp)}\n  got:      {_fmt(arr)}\n"
        f"  largest difference {float(diff.max()):.3g}{at}; {tol}.",
        details={"max_abs_diff": float(diff.max())},
    )


def hint_for(mistake: str, hints: dict[str, str] | None = None) -> str:
    """The advice for ``mistake``: the question's own wording if it has one, else the
    catalogue's."""
    return (hints or {}).get(mistake) or MISTAKES[mistake]


def _named(name, mistake, exp, arr, tol, hints=None) -> Verdict:
    return Verdict(
        False,
        f"{name}: not the expected values. Likely mistake: {mistake} - "
        f"{hint_for(mistake, hints)}.\n"
        f"  expected: {_fmt(exp)}\n  got:      {_fmt(arr)}\n  ({tol})",
        mistake,
    )
