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
