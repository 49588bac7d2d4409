"""`make slides`: offline reveal.js decks (bplab.lecture.slides).

The unit tests run everywhere. test_a_chapter_deck_loads_nothing_remote builds one chapter for
real: it needs the pinned assets, fetched once with npm into build/npm/ (reused afterwards, also by
`make slides`), and is skipped with instructions when npm is not installed.
"""

import re
from pathlib import Path

import nbformat
import pytest

from bplab.lecture import slides

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = ROOT / "notebooks" / "01_neuron_and_perceptron.ipynb"  # maths, plots and widgets


# --- remote_urls on small pages -------------------------------------------------------------


@pytest.mark.parametrize(
    "page, remote",
    [
        (
            '<script src="https://unpkg.com/reveal.js@4.0.2/dist/reveal.js"></script>',
            "https://unpkg.com/reveal.js@4.0.2/dist/reveal.js",
        ),
        (
            '<link rel="stylesheet" href="http://cdn.example.org/theme.css">',
            "http://cdn.example.org/theme.css",
        ),
        ('<link rel="icon" href="//cdn.example.org/favicon.ico">', "//cdn.example.org/favicon.ico"),
        ("<img src='https://example.org/fig.png' alt=''>", "https://example.org/fig.png"),
        ('<img srcset="a.png 1x, https://example.org/b.png 2x">', "https://example.org/b.png"),
        (
            '<style>@import url("https://fonts.example.com/css?family=Lato");</style>',
            "https://fonts.example.com/css?family=Lato",
        ),
        (
            "<style>@import 'https://fonts.example.com/x.css';</style>",
            "https://fonts.example.com/x.css",
        ),
        (
            "<style>body { background: url(https://example.org/bg.jpg) }</style>",
            "https://example.org/bg.jpg",
        ),
        (
            "<style>@font-face { src: url('//example.org/f.woff2') format('woff2') }</style>",
            "//example.org/f.woff2",
        ),
        (
            '<div style="background-image: url(&quot;https://example.org/a.png&quot;)"></div>',
            "https://example.org/a.png",
        ),
        (
            "<script>require(['https://unpkg.com/reveal.js/dist/reveal.js'], f)</script>",
            "https://unpkg.com/reveal.js/dist/reveal.js",
        ),
        (
            "<script type=\"module\">import mermaid from 'https://cdn.example/m.mjs';</script>",
            "https://cdn.example/m.mjs",
        ),
        (
            "<script>var s = document.createElement('script'); s.src = \"https://x.org/w.js\";</script>",
            "https://x.org/w.js",
        ),
        ('<svg><image href="https://example.org/pic.svg"/></svg>', "https://example.org/pic.svg"),
        (
            '<iframe src="https://www.example.com/embed/v"></iframe>',
            "https://www.example.com/embed/v",
        ),
    ],
)
def test_remote_urls_finds_remote_loads(page, remote):
    assert slides.remote_urls(page) == [remote]


LOCAL_PAGE = """<!DOCTYPE html><html><head>
<script src="../vendor/requirejs/require.js"></script>
<script src="../vendor/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"> </script>
<link rel="stylesheet" href="../vendor/reveal.js/dist/reveal.css">
<link rel="stylesheet" href="/abs/theme.css">
<style>
/* @import url('https://fonts.googleapis.com/css?family=Roboto+Mono'); was commented out */
@import url(./fonts/local.css);
.x { background: url(data:image/svg+xml;base64,PHN2Zz4=) }
</style>
<script>require(["../vendor/reveal.js/dist/reveal.js"], function () {});
// docs: https://github.com/hakimel/reveal.js#configuration
</script>
<script type="application/vnd.jupyter.widget-state+json">{"url": "https://example.org/x"}</script>
</head><body>
<a href="https://en.wikipedia.org/wiki/Backpropagation">a link is not a load</a>
<img src="data:image/png;base64,iVBORw0KGgo=">
<img src="file:///tmp/fig.png">
<pre>&lt;script src="https://escaped.example/in/a/code/cell.js"&gt;&lt;/script&gt;</pre>
<p>Plain text mentioning https://example.org/ is not a load.</p>
</body></html>"""


def test_remote_urls_ignores_local_references_and_links():
    assert slides.remote_urls(LOCAL_PAGE) == []
    found = slides.resource_urls(LOCAL_PAGE)
    assert "../vendor/requirejs/require.js" in found
    assert "./fonts/local.css" in found
    assert not any("wikipedia" in u or "escaped.example" in u for u in found)


def test_local_path():
    base = Path("/deck")
    assert slides.local_path("../vendor/a.js?x=1#y", base) == Path("/deck/../vendor/a.js")
    assert slides.local_path("data:image/png;base64,AAAA", base) is None
    assert slides.local_path("https://example.org/a.js", base) is None


def test_notebooks_without_slide_metadata_are_split_at_headings():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Title"),
        nbformat.v4.new_code_cell("1 + 1"),
        nbformat.v4.new_markdown_cell("## Part one\ntext"),
        nbformat.v4.new_markdown_cell("### A detail"),
        nbformat.v4.new_markdown_cell("#### A small heading"),
        nbformat.v4.new_markdown_cell("no heading"),
    ]
    assert not slides.has_slide_metadata(nb)
    split = slides.split_at_headings(nb)
    kinds = [c.metadata["slideshow"]["slide_type"] for c in split.cells]
    assert kinds == ["slide", "-", "slide", "subslide", "-", "-"]
    assert slides.has_slide_metadata(split) and not slides.has_slide_metadata(nb)  # a copy


def test_links_between_chapters_lead_to_the_sibling_decks():
    page = '<a href="04_delta_rule.ipynb">next</a> <a href="../exercises/04_delta_rule.ipynb">x</a>'
    linked = slides._link_decks(page, {"04_delta_rule"})
    assert linked == page.replace('"04_delta_rule.ipynb"', '"../04_delta_rule/index.html"')


# --- one chapter, built for real -----------------------------------------------------------


def _local_refs_exist(page: str, base: Path, seen: set) -> list[str]:
    """Local references of a page or style sheet (recursively through CSS) that are missing."""
    missing = []
    refs = slides.resource_urls(page) if base.suffix != ".css" else slides.css_urls(page)
    for ref in refs:
        assert not slides.is_remote(ref), f"{base} loads {ref}"
        path = slides.local_path(ref, base.parent)
        if path is None or path.resolve() in seen:
            continue
        seen.add(path.resolve())
        if not path.is_file():
            missing.append(f"{ref} (from {base.name})")
        elif path.suffix == ".css":
            missing += _local_refs_exist(path.read_text(encoding="utf-8"), path, seen)
    return missing


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    try:
        node_modules = slides.npm_install(ROOT / "slides", ROOT / "build" / "npm")
    except slides.NpmMissing:
        pytest.skip(
            "npm not found: install Node.js 18+ with npm (Debian/Ubuntu: apt-get install nodejs "
            "npm) to build a deck for real; the pinned assets are then fetched once into build/npm/"
        )
    out = tmp_path_factory.mktemp("slides")
    vendor_dir = slides.vendor(node_modules, out / "vendor")
    [path] = slides.build([CHAPTER], out, vendor_dir)
    return path


def test_a_chapter_deck_loads_nothing_remote(deck):
    assert deck == deck.parent.parent / CHAPTER.stem / "index.html"
    page = deck.read_text(encoding="utf-8")
    assert slides.remote_urls(page) == []
    missing = _local_refs_exist(page, deck, set())
    # what scripts load by themselves: reveal.js and its notes plugin (require), the widget renderer
    dynamic = set(re.findall(r"""["'](\.\./vendor/[^"'?]+)""", page))
    assert any(d.endswith("reveal.js/plugin/notes/notes.js") for d in dynamic)
    assert any(d.endswith("html-manager/dist/embed-amd.js") for d in dynamic)
    missing += [d for d in dynamic if not (deck.parent / d).is_file()]
    # what MathJax loads by itself for TeX-AMS_CHTML-full,Safe
    mathjax = deck.parent.parent / "vendor" / "mathjax"
    for needed in [
        "config/TeX-AMS_CHTML-full.js",
        "config/Safe.js",
        "extensions/Safe.js",
        "jax/output/CommonHTML/jax.js",
        "fonts/HTML-CSS/TeX/woff/MathJax_Main-Regular.woff",
    ]:
        if not (mathjax / needed).is_file():
            missing.append(f"mathjax/{needed}")
    assert missing == []


def test_a_chapter_deck_has_slides_notes_and_maths(deck):
    page = deck.read_text(encoding="utf-8")
    assert page.count("<section") > 3  # split into slides, with or without slide metadata
    assert "RevealNotes" in page  # speaker view (S)
    assert "MathJax.js?config=TeX-AMS_CHTML-full,Safe" in page
    assert (deck.parent.parent / "index.html").is_file()


# --- slides that fit their frame (issue 12) -------------------------------------------------


def _png(width: int, height: int) -> str:
    """A base64 PNG header of the given size (all fit_slides reads of a figure)."""
    import base64
    import struct

    head = (
        b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">II", width, height)
    )
    return base64.b64encode(head + b"\x08\x06\x00\x00\x00" + b"\x00" * 8).decode()


def _slide(*cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    nb.cells[0].metadata["slideshow"] = {"slide_type": "slide"}
    return nb


def _kinds(nb):
    return [c.metadata.get("slideshow", {}).get("slide_type", "-") for c in nb.cells]


def _shown(nb):
    """The text of each slide: a new one at slide/subslide, skip and notes left out."""
    out = []
    for cell in nb.cells:
        kind = cell.metadata.get("slideshow", {}).get("slide_type", "-")
        if kind in ("slide", "subslide"):
            out.append("")
        if kind not in ("skip", "notes"):
            out[-1] += cell.source
    return out


def test_markdown_blocks_cut_between_paragraphs_items_and_rows_and_join_back():
    source = (
        "## Title\n\nA paragraph\nwith two lines.\n\n- one\n- two\n  more of two\n"
        "  - nested\n\n1. first\n2. second\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "$$\nE = \\frac12\n$$\n\n> quoted\n> on\n\n```python\nx = 1\n\ny = 2\n```\n"
    )
    blocks = slides.markdown_blocks(source)
    assert "".join(text for _, text in blocks) == source
    assert [kind for kind, _ in blocks] == [
        "heading", "para", "item", "item", "item", "item", "table", "math", "quote", "code",
    ]  # fmt: skip
    assert "nested" in blocks[3][1]  # a nested list stays in its item
    assert blocks[-1][1].count("\n\n") == 1  # a blank line inside a fence does not cut it


def test_a_slide_that_fits_is_left_whole():
    nb = _slide(nbformat.v4.new_markdown_cell("## A\n\nShort.\n\n- a\n- b"))
    fitted = slides.fit_slides(nb)
    assert [c.source for c in fitted.cells] == [nb.cells[0].source]
    assert _kinds(fitted) == ["slide"]


def test_a_long_slide_is_cut_between_paragraphs_into_continuations():
    paragraphs = [f"Paragraph {i}: " + "words " * 60 for i in range(12)]
    nb = _slide(nbformat.v4.new_markdown_cell("## Long\n\n" + "\n\n".join(paragraphs)))
    fitted = slides.fit_slides(nb)
    shown = _shown(fitted)
    assert len(shown) > 1
    assert _kinds(fitted)[0] == "slide" and set(_kinds(fitted)[1:]) <= {"subslide", "-"}
    # nothing lost, nothing repeated, no paragraph cut in two
    for p in paragraphs:
        assert sum(p.strip() in s for s in shown) == 1, p[:20]
    assert all("(continued)" in s and "Long" in s for s in shown[1:])
    for s in shown:  # each part is estimated to fit
        body = s.split("</p>", 1)[-1]
        assert slides.markdown_height(body) <= slides.LAYOUT["budget"]


def test_a_heading_is_never_left_at_the_bottom_of_a_slide():
    text = "## T\n\n" + "\n\n".join("filler " * 80 for _ in range(3)) + "\n\n### Next part\n\n"
    text += "\n\n".join("more " * 80 for _ in range(3))
    fitted = slides.fit_slides(_slide(nbformat.v4.new_markdown_cell(text)))
    for s in _shown(fitted):
        assert not s.rstrip().endswith("### Next part")


def test_a_code_cell_is_cut_from_its_output_when_both_do_not_fit():
    code = nbformat.v4.new_code_cell("\n".join(f"x{i} = {i}" for i in range(14)))
    code.outputs = [nbformat.v4.new_output("stream", name="stdout", text="".join(
        f"line {i}\n" for i in range(16)
    ))]  # fmt: skip
    fitted = slides.fit_slides(_slide(nbformat.v4.new_markdown_cell("## Code"), code))
    codes = [c for c in fitted.cells if c.cell_type == "code"]
    assert len(codes) >= 2
    assert codes[0].source == code.source  # the input whole, on the first slide
    later = [c for c in codes[1:]]
    assert all(c.metadata.get("transient", {}).get("remove_source") for c in later)
    printed = "".join(o["text"] for c in codes for o in c.outputs)
    assert printed == code.outputs[0]["text"]  # every line, once, in order


def test_a_long_table_repeats_its_header_on_each_continuation():
    rows = "".join(f"| term {i} | " + "a long explanation " * 4 + "|\n" for i in range(40))
    table = "| term | meaning |\n|---|---|\n" + rows
    fitted = slides.fit_slides(_slide(nbformat.v4.new_markdown_cell("## Table\n\n" + table)))
    shown = _shown(fitted)
    assert len(shown) > 1
    assert all(s.count("| term | meaning |") == 1 for s in shown)
    assert sum(s.count("| term ") - 1 for s in shown) == 40


def test_figures_are_sized_to_the_room_left_or_get_a_slide_of_their_own():
    def figure(w, h):
        cell = nbformat.v4.new_code_cell("fig")
        cell.outputs = [nbformat.v4.new_output("display_data", data={"image/png": _png(w, h)})]
        return cell

    def widths(nb):
        return [
            o["metadata"]["image/png"]["width"]
            for c in nb.cells
            if c.cell_type == "code"
            for o in c.outputs
        ]

    # small enough: drawn at its own size, on its slide
    fitted = slides.fit_slides(_slide(nbformat.v4.new_markdown_cell("## F"), figure(600, 300)))
    assert widths(fitted) == [600] and len(_shown(fitted)) == 1
    # too wide: as wide as the slide, never wider
    fitted = slides.fit_slides(_slide(nbformat.v4.new_markdown_cell("## F"), figure(2400, 600)))
    assert widths(fitted) == [int(slides.LAYOUT["content_w"])]
    # tall, below a lot of text: it would shrink below MIN_FIGURE_SCALE, so it moves on
    text = "## F\n\n" + "\n\n".join("text " * 100 for _ in range(3))
    fitted = slides.fit_slides(_slide(nbformat.v4.new_markdown_cell(text), figure(1000, 800)))
    [w] = widths(fitted)
    assert len(_shown(fitted)) == 2 and w / 1000 >= slides.MIN_FIGURE_SCALE
    assert 800 * w / 1000 <= slides.SLIDE_H  # and fits the frame's height


def test_fragments_notes_and_skipped_cells_keep_their_kind():
    notes = nbformat.v4.new_markdown_cell("Speaker notes. " * 50)
    notes.metadata["slideshow"] = {"slide_type": "notes"}
    frag = nbformat.v4.new_markdown_cell("A fragment.")
    frag.metadata["slideshow"] = {"slide_type": "fragment"}
    skip = nbformat.v4.new_markdown_cell("skipped " * 400)
    skip.metadata["slideshow"] = {"slide_type": "skip"}
    fitted = slides.fit_slides(_slide(nbformat.v4.new_markdown_cell("## K"), notes, frag, skip))
    assert _kinds(fitted) == ["slide", "notes", "fragment", "skip"]  # notes and skip take no room


def test_every_chapter_keeps_all_its_text_when_split():
    """On the chapters as they are today: the markdown of the split deck is the chapter's."""
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        fitted = slides.fit_slides(nb)

        def lines(cells):
            return [
                line.strip()
                for c in cells
                if c.cell_type == "markdown" and "bplab-continued" not in c.source
                for line in c.source.splitlines()
                if line.strip()
            ]

        # every line of the chapter is shown, no line is made up (a table's header may repeat)
        assert set(lines(fitted.cells)) == set(lines(nb.cells)), path.name
        assert len(lines(fitted.cells)) >= len(lines(nb.cells)), path.name
        ids = [c.get("id") for c in fitted.cells]
        assert len(ids) == len(set(ids)), path.name  # cell ids stay unique
