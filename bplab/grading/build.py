"""The sealed copy of bplab that a sandbox sees instead of the real package.

It is the package a student imports, with three differences:

- no judge, no question bank, no reference answer and no grader: of ``bplab.checks`` only the
  side that calls answers is left, of ``bplab.grading`` only the worker and its wire format;
- ``bplab.check`` is a stand-in whose self-checks do nothing (the grader judges, not the kernel);
- the package functions that answer the notebook's questions (``Task.sealed``) have their bodies
  replaced, on disk, by a call that says "this question asks you to write this yourself".
"""

from __future__ import annotations

import ast
import compileall
import shutil
from collections.abc import Iterable
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]

# what of bplab.checks and bplab.grading the sandbox keeps
KEEP = {"checks": {"base.py", "calling.py"}, "grading": {"worker.py", "wire.py"}}

CHECK_STAND_IN = '''"""Self-checks are off while a notebook is graded: the grader judges
every answer itself."""


class CheckFailed(AssertionError):
    """Raised by a self-check when an answer is wrong (never while grading)."""


def run(*args, **kwargs):
    return None


def __getattr__(name):
    return run
'''

STUB = 'raise __import__("bplab.checks.calling", fromlist=["sealed_call"]).sealed_call({name!r})'


def build(target: Path, sealed: Iterable[str] = ()) -> Path:
    """Write the sealed package into ``target``/bplab; returns ``target`` (the sys.path entry)."""
    dest = target / "bplab"
    shutil.copytree(
        PACKAGE,
        dest,
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*"),
        dirs_exist_ok=False,
    )
    for sub, keep in KEEP.items():
        for path in (dest / sub).iterdir():
            if path.name not in keep:
                shutil.rmtree(path) if path.is_dir() else path.unlink()
        (dest / sub / "__init__.py").write_text('"""Sealed for grading."""\n')
    (dest / "check.py").write_text(CHECK_STAND_IN)
    by_module: dict[str, list[str]] = {}
    for name in sealed:
        module, _, qualname = name.partition(":")
        by_module.setdefault(module, []).append(qualname)
    for module, qualnames in by_module.items():
        path = target.joinpath(*module.split(".")).with_suffix(".py")
        if not path.exists():
            raise ValueError(f"cannot seal {module}: no file {path.relative_to(target)}")
        path.write_text(strip_bodies(path.read_text(), module, qualnames))
    compileall.compile_dir(str(dest), quiet=1)
    return target


def strip_bodies(source: str, module: str, qualnames: list[str]) -> str:
    """``source`` with the bodies of the named functions replaced by the sealed-call stub (their
    signature and docstring stay, so help() still reads)."""
    tree = ast.parse(source)
    found: dict[str, ast.AST] = {}

    def visit(node, prefix=""):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                qual = prefix + child.name
                found[qual] = child
                if isinstance(child, ast.ClassDef):
                    visit(child, qual + ".")

    visit(tree)
    lines = source.splitlines()
    spans = []
    for qual in qualnames:
        node = found.get(qual)
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            raise ValueError(f"cannot seal {module}:{qual}: no such function")
        body = node.body
        if (
            body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            body = body[1:]  # keep the docstring
        if not body:
            continue
        first, last = body[0].lineno, body[-1].end_lineno
        indent = " " * body[0].col_offset
        spans.append((first, last, indent + STUB.format(name=f"{module}:{qual}")))
    for first, last, stub in sorted(spans, reverse=True):
        lines[first - 1 : last] = [stub]
    return "\n".join(lines) + "\n"
