import numpy as np
import pytest

import bplab as bp


def test_gates():
    for make, t in [
        (bp.datasets.xor, [0, 1, 1, 0]),
        (bp.datasets.and_, [0, 0, 0, 1]),
        (bp.datasets.or_, [0, 1, 1, 1]),
    ]:
        X, T = make()
        assert X.dtype == T.dtype == np.float64 and X.shape == (4, 2) and T.shape == (4, 1)
        assert T.ravel().tolist() == t
        X[0, 0] = 9  # callers get fresh arrays
        assert make()[0][0, 0] == 0


def test_worked_example_is_the_step_by_step_example():
    net, x, t, eta = bp.datasets.worked_example()
    (w1, w3), (w2, w4) = net.weights[0]
    (w5, w7), (w6, w8) = net.weights[1]
    assert [w1, w2, w3, w4, w5, w6, w7, w8] == [0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55]
    assert net.biases[0].tolist() == [0.35, 0.35] and net.biases[1].tolist() == [0.6, 0.6]
    assert x.tolist() == [[0.05, 0.10]] and t.tolist() == [[0.01, 0.99]] and eta == 0.5


def test_digits_shipped_and_learnable():
    X, labels = bp.datasets.digits()
    assert X.shape == (1797, 64) and labels.shape == (1797,)
    assert X.min() == 0 and X.max() == 16 and sorted(set(labels.tolist())) == list(range(10))
    Xtr, Xte, ytr, yte = bp.datasets.train_test_split(X / 16, labels, 0.25, rng=0)
    assert len(Xte) == 449 and len(Xtr) == 1348
    net = bp.MLP([64, 32, 10], rng=0)
    net.fit(Xtr, bp.datasets.one_hot(ytr, 10), eta=1.0, epochs=30, batch_size=32, rng=0)
    assert (net.predict(Xte).argmax(axis=1) == yte).mean() >= 0.90


def test_one_hot_checks():
    assert bp.datasets.one_hot([1, 0]).tolist() == [[0, 1], [1, 0]]
    with pytest.raises(ValueError, match="does not fit in 2 classes"):
        bp.datasets.one_hot([2], 2)
    with pytest.raises(ValueError, match="class numbers"):
        bp.datasets.one_hot([0.5])


def test_linear_data_shapes_and_checks():
    X, y = bp.datasets.linear_data(10, theta=(1, 2, 3), scales=(1, 1000), rng=0)
    assert X.shape == (10, 2) and y.shape == (10,) and X[:, 1].max() > 10
    with pytest.raises(ValueError, match="one entry per feature"):
        bp.datasets.linear_data(10, theta=(1, 2), scales=(1, 2))
