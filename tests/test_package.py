"""The package as a whole: what `import bplab` loads, and the dependency lists kept in step."""

import re
import subprocess
import sys
from pathlib import Path

import tomllib

import bplab as bp

ROOT = Path(__file__).resolve().parents[1]


def test_import_loads_no_heavy_layer():
    heavy = "('matplotlib', 'sympy', 'ipywidgets')"
    code = f"import bplab, sys; print(sorted(m for m in {heavy} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_public_names_of_the_design():
    for name in [
        "ACTIVATIONS",
        "sigmoid",
        "d_sigmoid",
        "tanh",
        "d_tanh",
        "relu",
        "d_relu",
        "linear",
        "d_linear",
        "mse",
        "MLP",
        "gradient_check",
        "datasets",
    ]:
        assert hasattr(bp, name), name
    for name in ["xor", "and_", "or_", "worked_example"]:
        assert callable(getattr(bp.datasets, name))
    assert set(bp.ACTIVATIONS) == {"sigmoid", "tanh", "relu", "linear", "step"}
    assert sorted(bp.__all__) == sorted(set(bp.__all__))


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_lists_the_same_packages_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(r): r.replace(" ", "") for r in project["dependencies"]}
    for name, extra in project["optional-dependencies"].items():
        if name == "bench":  # PyTorch, for make bench only: never part of the course environment
            continue
        wanted.update({_name(r): r.replace(" ", "") for r in extra})
    conda = {}
    text = (ROOT / "environment.yml").read_text()
    for line in text.split("dependencies:", 1)[1].splitlines():
        m = re.match(r"^\s+-\s+([A-Za-z0-9_.\-]+[^#]*?)\s*(#.*)?$", line)
        if m and not m.group(1).startswith(("python", "pip", "-e")):
            conda[_name(m.group(1))] = m.group(1).replace(" ", "")
    assert conda == wanted
