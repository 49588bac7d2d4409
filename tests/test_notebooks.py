"""The shape every chapter and solution notebook keeps: navigation, a seeded first code cell, links
that resolve, outputs of one clean top-to-bottom run (nbval then compares them)."""

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
LINK = re.compile(r"\]\(([^)#\s]+\.ipynb)(#[^)]*)?\)")


def read(path):
    return nbformat.read(path, as_version=4)


@pytest.mark.parametrize("path", CHAPTERS + SOLUTIONS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_stored_outputs_come_from_one_clean_run(path):
    nb = read(path)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not errors, "a stored error output"


@pytest.mark.parametrize("path", CHAPTERS + SOLUTIONS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_links_resolve(path):
    for cell in read(path).cells:
        if cell.cell_type == "markdown":
            for target, _ in LINK.findall(cell.source):
                if "://" not in target:
                    assert (path.parent / target).exists(), f"{path.name} links to missing {target}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_frame(path):
    nb = read(path)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and "contents" in first.source and "→" in first.source
    code = next(c for c in nb.cells if c.cell_type == "code")
    assert "import bplab as bp" in code.source and "np.random.default_rng(" in code.source
    last = nb.cells[-1].source
    assert "Summary" in last or "summary" in last
    number = path.name[:2]
    if "01" <= number <= "06":
        assert f"../exercises/{path.name}" in last, "the summary links to the chapter's exercises"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_speaker_notes_are_collapsed_for_a_reader(path):
    """Notes cells stay in the decks' speaker view but are collapsed in JupyterLab (a bar to click),
    so a student reading the chapter is not interrupted by the lecturer's timings and cues."""
    notes = [
        c
        for c in read(path).cells
        if c.get("metadata", {}).get("slideshow", {}).get("slide_type") == "notes"
    ]
    shown = [
        c.source.splitlines()[0][:60]
        for c in notes
        if not c.metadata.get("jupyter", {}).get("source_hidden")
    ]
    assert not shown, f"speaker notes shown to a reader (set jupyter.source_hidden): {shown}"
