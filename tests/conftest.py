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
KERNEL_TESTS = ("tests/grading/", "tests/test_exercises.py", "tests/test_student_work.py")


def pytest_collection_modifyitems(config, items):
    root = str(config.rootpath)
    for item in items:
        where = str(item.path).removeprefix(root).lstrip("/")
        if where.startswith(("notebooks/", "solutions/")) or where.startswith(KERNEL_TESTS):
            item.add_marker(pytest.mark.kernel)
        if where == "tests/test_browser.py":
            item.add_marker(pytest.mark.browser)
