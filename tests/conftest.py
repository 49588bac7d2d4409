import matplotlib

matplotlib.use("Agg")  # figures are built, never shown, in the tests

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    """Every test starts without open figures and leaves none behind."""
    yield
    plt.close("all")


@pytest.fixture
def rng():
    return np.random.default_rng(20261128)


from hypothesis import settings  # noqa: E402

# Deterministic property tests: the same examples on every run and every machine, no deadline
# (CI machines are shared and slow). Run with HYPOTHESIS_PROFILE=explore to search afresh.
settings.register_profile("default", derandomize=True, deadline=None, max_examples=60)
settings.register_profile("explore", deadline=None, max_examples=500)
settings.load_profile(__import__("os").environ.get("HYPOTHESIS_PROFILE", "default"))


# Tiers, by where a test lives (make test runs them all):
#   pytest -m "not kernel and not browser and not slow"   the unit, property, golden and sympy tests
#   -m kernel    anything that starts kernels or sandboxes: nbval, the grader, exercises, students
#   -m browser   JupyterLab and the slide decks in Chromium
#   -m slow      the real nbgrader, and a JupyterHub with three students (tests/test_hub.py)
KERNEL_TESTS = (
    "tests/grading/",
    "tests/test_exercises.py",
    "tests/test_student_work.py",
    "tests/test_execute.py",
)


def pytest_collection_modifyitems(config, items):
    root = str(config.rootpath)
    for item in items:
        where = _where(root, item)
        if where.startswith(("notebooks/", "solutions/")) or where.startswith(KERNEL_TESTS):
            item.add_marker(pytest.mark.kernel)
        if where == "tests/test_browser.py":
            item.add_marker(pytest.mark.browser)
    # The longest files first (measured with --durations): make test runs a file's tests in one
    # worker (pytest-xdist, --dist loadscope), and the workers end together when the long files
    # are handed out before the short ones. The order within a file is kept (a stable sort).
    items.sort(key=lambda item: _LONG_FIRST.get(_where(root, item), len(_LONG_FIRST)))


# seconds each took in CI, roughly: browser 190, catalogue 100, nbgrader 75, hub 70, student
# work 60, class run 50, chapter 06 40, exercises 30
_LONG_FIRST = {
    name: rank
    for rank, name in enumerate(
        [
            "tests/test_browser.py",
            "tests/checks/test_catalogue.py",
            "tests/test_nbgrader.py",
            "tests/test_hub.py",
            "tests/test_student_work.py",
            "tests/grading/test_class_run.py",
            "notebooks/06_solving_xor.ipynb",
            "tests/test_exercises.py",
        ]
    )
}


def _where(root: str, item) -> str:
    return str(item.path).removeprefix(root).lstrip("/")
