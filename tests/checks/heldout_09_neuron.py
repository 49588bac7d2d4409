"""Held-aside wrong answers to exercise 09's question 4 (neuron_by_values), written after that
question's checks and never used to tune them. FROZEN, like heldout_07_09.py, whose ``ENGINE``
(a right student engine) these answers use; the same runner counts them
(tests/checks/test_heldout_07_09.py)."""

from heldout_07_09 import ENGINE

N = "neuron_by_values"
WRONG: list[dict] = []


# the skeleton of exercise 09 gives number - Value (__rsub__), which heldout_07_09's engine lacks
RSUB = "\nValue.__rsub__ = lambda self, other: (-self) + other\n"


def wrong(mistake, names, body):
    source = ENGINE + RSUB + "\n\ndef answer(w, b, x, t):\n" + body
    WRONG.append({"task": N, "mistake": mistake, "names": list(names), "source": source})


wrong(
    "y - t squared, then a minus added",
    ["flipped sign"],
    "    ws, bv = [Value(v) for v in w], Value(b)\n"
    "    net = bv\n"
    "    for wi, xi in zip(ws, x):\n"
    "        net = net + wi * xi\n"
    "    E = 0.5 * (t - net.tanh()) ** 2\n"
    "    E.backward()\n"
    "    return -np.array([wi.grad for wi in ws]), -bv.grad\n",
)
wrong(
    "no one half",
    ["missing 1/2"],
    "    ws, bv = [Value(v) for v in w], Value(b)\n"
    "    net = bv\n"
    "    for wi, xi in zip(ws, x):\n"
    "        net = net + wi * xi\n"
    "    E = (t - net.tanh()) ** 2\n"
    "    E.backward()\n"
    "    return np.array([wi.grad for wi in ws]), bv.grad\n",
)
wrong(
    "tanh taken with math on the number",
    ["missing f'"],
    "    ws, bv = [Value(v) for v in w], Value(b)\n"
    "    net = bv\n"
    "    for wi, xi in zip(ws, x):\n"
    "        net = net + wi * xi\n"
    "    y = net + (math.tanh(net.data) - net.data)\n"
    "    E = 0.5 * (t - y) ** 2\n"
    "    E.backward()\n"
    "    return np.array([wi.grad for wi in ws]), bv.grad\n",
)
wrong(
    "bias as a plain number",
    ["bias gradient missing"],
    "    ws = [Value(v) for v in w]\n"
    "    net = Value(0.0) + b\n"
    "    for wi, xi in zip(ws, x):\n"
    "        net = net + wi * xi\n"
    "    E = 0.5 * (t - net.tanh()) ** 2\n"
    "    E.backward()\n"
    "    return np.array([wi.grad for wi in ws]), 0.0\n",
)
wrong(
    "the grads of x instead of w",
    [],
    "    xs, bv = [Value(v) for v in x], Value(b)\n"
    "    net = bv\n"
    "    for wi, xi in zip(w, xs):\n"
    "        net = net + xi * wi\n"
    "    E = 0.5 * (t - net.tanh()) ** 2\n"
    "    E.backward()\n"
    "    return np.array([xi.grad for xi in xs]), bv.grad\n",
)
wrong(
    "the output y's grad returned for the bias",
    [],
    "    ws, bv = [Value(v) for v in w], Value(b)\n"
    "    net = bv\n"
    "    for wi, xi in zip(ws, x):\n"
    "        net = net + wi * xi\n"
    "    y = net.tanh()\n"
    "    E = 0.5 * (t - y) ** 2\n"
    "    E.backward()\n"
    "    return np.array([wi.grad for wi in ws]), y.grad\n",
)
wrong(
    "only the first weight",
    [],
    "    ws, bv = [Value(v) for v in w], Value(b)\n"
    "    net = bv + ws[0] * x[0]\n"
    "    E = 0.5 * (t - net.tanh()) ** 2\n"
    "    E.backward()\n"
    "    return np.array([wi.grad for wi in ws]), bv.grad\n",
)
