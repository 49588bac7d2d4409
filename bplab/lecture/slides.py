"""Offline reveal.js slides of the chapter notebooks (what `make slides` runs).

nbconvert's slides load reveal.js, MathJax, require.js, jQuery and the widget renderer from CDNs.
Here every one of them is served from the build folder instead, so a deck works with no internet:

    build/npm/node_modules/      npm ci of slides/package.json + slides/package-lock.json (pinned)
    build/slides/vendor/         only the files a deck loads, copied from there by ``vendor()``
    build/slides/<chapter>/index.html   one deck per notebook, loading ../vendor/... only
    build/slides/index.html      the list of decks

    python -m bplab.lecture.slides notebooks/*.ipynb --out build/slides

Cells with ``slideshow.slide_type`` metadata are split as in JupyterLab (slide, subslide,
fragment, skip, notes: speaker notes, press S). A notebook with no such metadata at all still
gets a usable deck: each markdown cell that opens with a heading starts a slide (``###`` a
subslide). Every slide fits a 1280 x 720 frame: one that would not is split into continuation
slides below it (``fit_slides``), figures are sized to the room left, code wraps. Links between
chapters lead to the sibling decks, and the notebooks are only read, never changed.

Only the standard library and nbconvert (imported when a deck is built) are used.
"""

from __future__ import annotations

import argparse
import base64
import copy
import hashlib
import html
import os
import re
import shutil
import struct
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

# --- what a page loads, and which of it is remote --------------------------------------------

# Tags whose attribute names a resource the browser fetches by itself (<a href> only navigates).
_LOADING_ATTRS = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "audio": ("src",),
    "video": ("src", "poster"),
    "track": ("src",),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "image": ("href", "xlink:href"),  # SVG
    "use": ("href", "xlink:href"),  # SVG
    "feimage": ("href", "xlink:href"),  # SVG
    "base": ("href",),
    "body": ("background",),
    "table": ("background",),
    "td": ("background",),
}
_JS_TYPES = {"", "text/javascript", "application/javascript", "module", "text/x-mathjax-config"}

_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""", re.I)
_CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.I)
# In inline scripts: any quoted string that is a network address (require([...]), import ... from,
# import(), a src assigned to a created element: all of them fetch it).
_JS_REMOTE_STRING = re.compile(r"""(["'`])((?:[a-z][a-z0-9+.\-]*:)?//[^"'`\s]+)\1""", re.I)
_JS_IMPORT = re.compile(r"""\bimport\s*(?:[^'"`;]*?\bfrom\s*)?\(?\s*(["'])([^"']+)\1""")

_REMOTE = re.compile(r"^\s*(?:(?:https?|wss?|ftp):)?//", re.I)


def is_remote(url: str) -> bool:
    """True for an address fetched over the network (``http(s)://``, ``//host/...``, ``ws://``).

    Relative paths, absolute paths, ``file:``, ``data:``, ``blob:`` and ``#fragment`` are local.
    A server on this machine (``http://localhost``) still counts as remote: the deck must work
    when it is copied to another machine with no server at all.

    >>> [is_remote(u) for u in ["https://unpkg.com/x.js", "//cdn.example/a.css", "../vendor/a.js"]]
    [True, True, False]
    >>> [is_remote(u) for u in ["data:image/png;base64,AAA", "file:///tmp/x.css", "#top"]]
    [False, False, False]
    """
    return bool(_REMOTE.match(url))


def css_urls(css: str) -> list[str]:
    """Every ``url(...)`` and ``@import "..."`` of a style sheet, comments skipped."""
    css = _CSS_COMMENT.sub("", css)
    found = [next(g for g in m.groups() if g is not None) for m in _CSS_URL.finditer(css)]
    found += [m.group(1) or m.group(2) for m in _CSS_IMPORT.finditer(css)]
    return [u.strip() for u in found if u.strip()]


def _srcset(value: str) -> list[str]:
    return [part.split()[0] for part in value.split(",") if part.strip()]


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []
        self._raw: str | None = None  # "style" or "script" while inside one
        self._script_is_js = False
        self._buf: list[str] = []

    def handle_starttag(self, tag, attrs):
        tag = tag.lower()
        attrs = [(k.lower(), v) for k, v in attrs if v is not None]
        for key, value in attrs:
            if key in _LOADING_ATTRS.get(tag, ()):
                self.refs += _srcset(value) if key == "srcset" else [value.strip()]
            elif key == "style":
                self.refs += css_urls(value)
        if tag in ("style", "script"):
            self._raw, self._buf = tag, []
            kind = dict(attrs).get("type", "").strip().lower()
            self._script_is_js = tag == "script" and kind in _JS_TYPES

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag.lower() in ("style", "script"):
            self._raw = None

    def handle_data(self, data):
        if self._raw:
            self._buf.append(data)

    def handle_endtag(self, tag):
        tag = tag.lower()
        if self._raw != tag:
            return
        text = "".join(self._buf)
        if tag == "style":
            self.refs += css_urls(text)
        elif self._script_is_js:
            self.refs += [m.group(2) for m in _JS_IMPORT.finditer(text)]
            self.refs += [m.group(2) for m in _JS_REMOTE_STRING.finditer(text)]
        self._raw = None


def resource_urls(page: str) -> list[str]:
    """Every address the page makes the browser fetch, local or remote, in order, deduplicated.

    Attributes that load (``script src``, ``link href``, ``img src/srcset``, media, frames, SVG
    ``image href``...), ``url(...)`` and ``@import`` in ``<style>`` and ``style=""``, and in
    inline scripts ``import ... from "..."`` plus any quoted network address (a ``require([...])``
    path, a ``script.src = "..."``). Hyperlinks (``<a href>``) are not fetched and not listed.
    """
    parser = _Refs()
    parser.feed(page)
    parser.close()
    seen: dict[str, None] = {}
    for ref in parser.refs:
        if ref and not ref.startswith("#"):
            seen.setdefault(ref, None)
    return list(seen)


def remote_urls(page: str) -> list[str]:
    """The addresses the page would fetch from another machine (what breaks with no internet).

    >>> remote_urls('<script src="https://unpkg.com/reveal.js@4.0.2/dist/reveal.js"></script>'
    ...             '<link rel="stylesheet" href="vendor/reveal.css"><a href="https://x.org">x</a>')
    ['https://unpkg.com/reveal.js@4.0.2/dist/reveal.js']
    """
    return [u for u in resource_urls(page) if is_remote(u)]


def local_path(ref: str, base: Path) -> Path | None:
    """The file a local reference points to, relative to ``base`` (None for data:, blob:...)."""
    if is_remote(ref) or re.match(r"^(data|blob|about|javascript|mailto):", ref, re.I):
        return None
    ref = re.split(r"[?#]", ref, maxsplit=1)[0]
    if ref.lower().startswith("file://"):
        return Path(ref[7:])
    return (base / ref) if ref else None


# --- the vendored assets -----------------------------------------------------------------------

# (package folder in node_modules, files or folders to copy, relative to it) -> vendor/<dest>
MATHJAX_CONFIG = "TeX-AMS_CHTML-full,Safe"
VENDOR_FILES = {
    "reveal.js": [
        "LICENSE",
        "dist/reveal.js",
        "dist/reveal.css",
        "dist/theme/{theme}.css",
        "dist/theme/fonts",
        "plugin/notes/notes.js",
    ],
    "mathjax": [
        "LICENSE",
        "MathJax.js",
        "config/TeX-AMS_CHTML-full.js",
        "config/Safe.js",
        "extensions",
        "jax/input/TeX",
        "jax/element",
        "jax/output/CommonHTML",
        "fonts/HTML-CSS/TeX/woff",
        "fonts/HTML-CSS/TeX/otf",
        "localization/en",
    ],
    "requirejs": ["require.js"],
    "jquery": ["LICENSE.txt", "dist/jquery.min.js"],
    # embed-amd.js finds its Font Awesome files next to itself
    "@jupyter-widgets/html-manager": [
        "dist/embed-amd.js",
        "dist/*.woff2",
        "dist/*.woff",
        "dist/*.ttf",
        "dist/*.eot",
        "dist/*.svg",
    ],
}


def vendor_urls(prefix: str, theme: str = "white") -> dict[str, str]:
    """nbconvert's SlidesExporter settings that point every asset at ``prefix`` (e.g. ../vendor)."""
    return {
        "reveal_url_prefix": f"{prefix}/reveal.js",
        "reveal_theme": theme,
        "mathjax_url": f"{prefix}/mathjax/MathJax.js?config={MATHJAX_CONFIG}",
        "require_js_url": f"{prefix}/requirejs/require.js",
        "jquery_url": f"{prefix}/jquery/dist/jquery.min.js",
        "widget_renderer_url": f"{prefix}/@jupyter-widgets/html-manager/dist/embed-amd.js",
    }


def vendor(node_modules: Path | str, vendor_dir: Path | str, theme: str = "white") -> Path:
    """Copy the files a deck loads from ``node_modules`` into ``vendor_dir`` (made afresh)."""
    node_modules, vendor_dir = Path(node_modules), Path(vendor_dir)
    if vendor_dir.exists():
        shutil.rmtree(vendor_dir)
    for package, entries in VENDOR_FILES.items():
        root = node_modules / package
        if not root.is_dir():
            raise FileNotFoundError(f"{root} is missing: run npm ci in {node_modules.parent}")
        for entry in entries:
            entry = entry.format(theme=theme)
            sources = sorted(root.glob(entry)) if "*" in entry else [root / entry]
            for src in sources:
                dest = vendor_dir / package / src.relative_to(root)
                dest.parent.mkdir(parents=True, exist_ok=True)
                if src.is_dir():
                    shutil.copytree(src, dest)
                elif src.is_file():
                    shutil.copy2(src, dest)
                else:
                    raise FileNotFoundError(f"{src} is missing from the npm package {package}")
    return vendor_dir


# --- npm, pinned and cached ----------------------------------------------------------------------

NPM_HELP = (
    "make slides needs Node.js (18 or newer) with npm, to fetch reveal.js, MathJax and friends\n"
    "once into build/npm/ (pinned by slides/package-lock.json). Install it, then run again:\n"
    "  Debian/Ubuntu: sudo apt-get install nodejs npm\n"
    "  macOS:         brew install node\n"
    "  conda:         conda install -c conda-forge nodejs"
)


class NpmMissing(RuntimeError):
    pass


def npm_install(package_dir: Path | str, npm_dir: Path | str) -> Path:
    """``npm ci`` of package_dir's package.json + package-lock.json into npm_dir, once.

    Skipped while npm_dir holds an install of the same two files (a stamp records their hash).
    Returns npm_dir/node_modules. Raises NpmMissing (with how to get npm) when npm is not found.
    """
    package_dir, npm_dir = Path(package_dir), Path(npm_dir)
    files = [package_dir / "package.json", package_dir / "package-lock.json"]
    digest = hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()
    stamp, node_modules = npm_dir / ".installed", npm_dir / "node_modules"
    import fcntl  # POSIX, as npm ci here is; imported here so the module loads anywhere

    npm_dir.mkdir(parents=True, exist_ok=True)
    # one install at a time: a second caller (make slides beside make test, or two test workers)
    # waits here, then finds the stamp and returns
    with open(npm_dir.with_name(npm_dir.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if stamp.is_file() and stamp.read_text().strip() == digest and node_modules.is_dir():
            return node_modules
        npm = shutil.which("npm")
        if npm is None:
            raise NpmMissing(NPM_HELP)
        stamp.unlink(missing_ok=True)
        for f in files:
            shutil.copy2(f, npm_dir / f.name)
        cmd = [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]
        subprocess.run(cmd, cwd=npm_dir, check=True)
        stamp.write_text(digest + "\n")
    return node_modules


# --- the decks --------------------------------------------------------------------------------

# nbconvert's reveal template, less its mermaid loader (an ES module import from a CDN that no
# chapter needs; a notebook with mermaid diagrams would show them as text), with our style sheet
# (assets/slides.css) and our reveal.js set-up (assets/deck.js: a 1280 x 720 frame, the measured
# fallback) inlined, so a deck is still one file plus vendor/.
ASSETS = Path(__file__).with_name("assets")
_TEMPLATE = "bplab_reveal.html.j2"
_TEMPLATE_SOURCE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_css -%}
<script type="text/x-mathjax-config">
// Automatic line breaks break a formula in a table cell at every operator (the cell has no width
// yet when MathJax measures it); a formula stays whole, as in JupyterLab.
MathJax.Hub.Config({ CommonHTML: { linebreaks: { automatic: false } } });
</script>
<style type="text/css">
{{ resources.bplab.css }}
</style>
{%- endblock html_head_css -%}
{% block footer_js %}
<script>
window.BPLAB_SLIDES = {{ resources.bplab.config }};
{{ resources.bplab.js }}
</script>
{% endblock footer_js %}
"""
_HEADING = re.compile(r"^\s*(#{1,6})\s+\S")


def has_slide_metadata(nb) -> bool:
    return any(cell.get("metadata", {}).get("slideshow", {}).get("slide_type") for cell in nb.cells)


def split_at_headings(nb):
    """A copy of nb where each markdown cell opening with a heading starts a slide (### a subslide).

    For notebooks with no slideshow metadata yet; the first cell always starts a slide.
    """
    nb = copy.deepcopy(nb)
    for i, cell in enumerate(nb.cells):
        m = _HEADING.match(cell.source) if cell.cell_type == "markdown" else None
        if i == 0 or (m and len(m.group(1)) <= 2):
            kind = "slide"
        elif m and len(m.group(1)) == 3:
            kind = "subslide"
        else:
            kind = "-"
        cell.metadata.setdefault("slideshow", {})["slide_type"] = kind
    return nb


# --- every slide fits its frame (issue 12) ------------------------------------------------------
#
# Reveal draws each slide in a SLIDE_W x SLIDE_H frame, scaled to the screen (0.96 at 1280 x 720).
# Before a deck is written, each slide's height is estimated from its cells (text wrapped at the
# frame's width, code and outputs by their lines, figures by their pixel size), and a slide that
# would be too tall is cut at the last boundary that fits -- between paragraphs, list items, table
# rows, a code cell and its output, lines of a long output -- into continuation slides below it
# (vertical: "subslide"), each headed by a small "<title> (continued)". A figure gets the width
# at which it fits the height left on its slide, but never less than MIN_FIGURE_SCALE of its pixel
# size: then it moves to a slide of its own. The estimate errs on the tall side; what it still
# misses, deck.js draws a little smaller (down to MIN_ZOOM, measured in the browser).

SLIDE_W, SLIDE_H = 1280, 720
#: The smallest scale (CSS px of the frame per figure pixel) a figure is drawn at. The course style
#: draws figures at 100 dpi with 12 pt tick labels (16.7 px) and 14 pt axis labels (19.4 px). The
#: browser test asks for 0.6 on a 1280 x 720 screen (tick labels >= 10 px); 0.64 in the frame is
#: 0.614 there (reveal scales the frame by 0.96), a little above it for rounding.
MIN_FIGURE_SCALE = 0.64
#: deck.js zooms a slide out at most this far when the estimate below fell short.
MIN_ZOOM = 0.8

# The layout in CSS px of the frame, as nbconvert's reveal styles and assets/slides.css draw it
# (fitted to Chromium's rendering of the chapters; tests/test_browser.py checks every slide).
LAYOUT = {
    "content_w": 1240,  # width of a cell's text
    "budget": 680,  # height a slide may fill: the frame less a margin for the estimate's errors
    "text_char": 10.4,  # mean advance of a character of 20 px body text
    "text_line": 32.0,  # line height of body text
    "para_gap": 20.0,  # margin below a paragraph
    "item_indent": 40.0,
    "item_gap": 4.0,
    "code_char": 11.45,  # 19 px monospace
    "code_line": 25.0,
    "code_pad": 10.0,  # padding and borders of a code cell's input
    "out_pad": 10.0,  # of an output
    "cell_gap": 10.0,  # padding of every cell
    "math_line": 50.0,  # a row of display maths
    "math_tall": 24.0,  # more for a row with fractions, sums or big brackets
    # heading level: (line height, mean character advance)
    "heading": {
        1: (70, 30.0),
        2: (56, 24.0),
        3: (46, 20.0),
        4: (38, 14.0),
        5: (32, 12.0),
        6: (32, 12.0),
    },
    "table_char": 9.4,
    "table_line": 26.0,
    "table_pad": 14.0,  # per row
    "quote_pad": 40.0,  # a blockquote's margins and padding
    "table_tall": 40.0,  # more for a row with fractions
    "image_pad": 38.0,  # margins around a figure
    "widget": 640.0,  # a widget with its figure
    "continued": 34.0,  # the "(continued)" line
}

_FENCE = re.compile(r"^\s*(```|~~~)")
_ITEM = re.compile(r"^( *)([-*+]|\d{1,9}[.)])\s+")
_TABLE_ROW = re.compile(r"^\s*\|")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}")
_TALL_MATH = re.compile(r"\\(d?frac|sum|prod|int|begin|left|binom|underbrace|overbrace)")


def _plain(text: str) -> str:
    """Roughly the characters a line of markdown shows (link targets, tags, marks dropped; maths
    counted at half its TeX length)."""
    text = re.sub(r"\$([^$]+)\$", lambda m: "x" * max(1, len(m.group(1)) // 2), text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"&[a-z]+;|&#\d+;", "x", text)
    text = re.sub(r"[\u2e80-\u9fff\uff00-\uffef]", "xx", text)  # CJK: full width
    return re.sub(r"[*_`]", "", text)


def wrapped_lines(text: str, width: float, char: float) -> int:
    """Lines ``text`` takes at ``width`` px, ``char`` px a character (each newline starts one).

    >>> wrapped_lines("abcdef\\nxy", width=40, char=10)
    3
    """
    per_line = max(1, int(width // char))
    return sum(max(1, -(-len(line) // per_line)) for line in text.split("\n"))


def markdown_blocks(source: str) -> list[tuple[str, str]]:
    """Markdown cut into the blocks a slide may be split between, as (kind, text) pairs.

    Kinds: heading, para, item (one list item with its indented lines), table, math ($$ ... $$),
    code (a fence), quote (> ...), html. Joining the texts gives back ``source`` exactly.

    >>> [k for k, _ in markdown_blocks("# T\\n\\nSome\\ntext.\\n\\n- a\\n- b\\n  b2\\n\\n$$x$$")]
    ['heading', 'para', 'item', 'item', 'math']
    """
    blocks: list[list] = []  # [kind, text, closed]
    fence = math = False
    for line in source.splitlines(keepends=True):
        bare = line.strip()
        if fence or math:
            blocks[-1][1] += line
            if fence and _FENCE.match(line):
                fence = False
            elif math and bare.count("$$") % 2 == 1:
                math = False
            continue
        last = blocks[-1] if blocks else None
        open_ = last is not None and not last[2]
        if not bare:  # a blank line closes the block before it
            if last is None:
                blocks.append(["para", line, True])
            else:
                last[1] += line
                last[2] = True
        elif _FENCE.match(line):
            blocks.append(["code", line, False])
            fence = True
        elif bare.startswith("$$") and not (open_ and last[0] == "item"):
            blocks.append(["math", line, False])
            math = bare.count("$$") % 2 == 1
        elif _HEADING.match(line):
            blocks.append(["heading", line, True])
        elif bare.startswith(">"):
            if last is not None and last[0] == "quote" and (open_ or bare == ">"):
                last[1] += line
                last[2] = False
            else:
                blocks.append(["quote", line, False])
        elif _TABLE_ROW.match(line) and not (open_ and last[0] == "item"):
            if open_ and last[0] == "table":
                last[1] += line
            else:
                blocks.append(["table", line, False])
        elif (m := _ITEM.match(line)) and (len(m.group(1)) < 2 or not last or last[0] != "item"):
            blocks.append(["item", line, False])
        elif last is not None and last[0] == "item" and (open_ or line[:1] in " \t"):
            last[1] += line  # the item goes on (a lazy line, an indented line, a nested list)
            last[2] = False
        elif open_ and last[0] in ("para", "html", "math"):
            last[1] += line
        else:
            blocks.append(["html" if bare.startswith("<") else "para", line, False])
    return [(kind, text) for kind, text, _ in blocks]


def table_rows(text: str) -> tuple[str, list[str]]:
    """A markdown table's header (its first row and the rule below it) and its body rows."""
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if _TABLE_RULE.match(line):
            return "".join(lines[: i + 1]), lines[i + 1 :]
    return "", lines


def block_height(kind: str, text: str, width: float = LAYOUT["content_w"]) -> float:
    """The estimated height in px of one markdown block drawn ``width`` px wide."""
    L = _L = LAYOUT
    if kind == "heading":
        level = len(_HEADING.match(text).group(1))
        line, char = L["heading"][level]
        return wrapped_lines(_plain(text.strip().lstrip("#").strip()), width, char) * line + 14
    if kind == "math":
        rows = [r for r in re.split(r"\\\\(?:\[[^\]]*\])?", text.strip().strip("$")) if r.strip()]
        tall = sum(1 for r in rows if _TALL_MATH.search(r))
        return len(rows) * L["math_line"] + tall * L["math_tall"] + 12
    if kind == "quote":
        inner = "\n".join(re.sub(r"^\s*> ?", "", line) for line in text.splitlines())
        return markdown_height(inner, width * 0.7 - 10) + L["quote_pad"]
    if kind == "code":
        inner = "\n".join(text.strip().splitlines()[1:-1])
        return code_height(inner, width)
    if kind == "table":
        # columns share the width as their text needs (auto layout): a row takes about as many
        # lines as its text would at the table's width, at least one
        header, body = table_rows(text)
        rows = [r for r in header.splitlines()[:1] + body if r.strip()]
        height = 16.0
        for row in rows:
            cells = [_plain(c.strip()) for c in row.strip().strip("|").split("|")]
            room = width - 14 * len(cells)
            lines = max(
                -(-sum(len(c) for c in cells) * L["table_char"] // room),
                *(wrapped_lines(c, room, L["table_char"]) for c in cells),
                1,
            )
            height += lines * L["table_line"] + L["table_pad"]
            height += L["table_tall"] if _TALL_MATH.search(row) else 0
        return height
    if kind == "item":
        depth = len(_ITEM.match(text).group(1)) // 2 + 1 if _ITEM.match(text) else 1
        body, *more = _ITEM.sub("", text.rstrip(), count=1).split("\n")
        indent = L["item_indent"] * depth
        height = sum(
            block_height(k, t, width - indent)
            for k, t in markdown_blocks("\n".join(line.strip() for line in more))
            if t.strip()
        )
        return height + block_height("para", body, width - indent) - L["para_gap"] + L["item_gap"]
    if "$$" in text:  # a paragraph with display maths inside it
        pieces = text.split("$$")
        return sum(
            block_height("math" if i % 2 else "para", piece, width)
            for i, piece in enumerate(pieces)
            if piece.strip()
        )
    if not text.strip():
        return 0.0
    lines = wrapped_lines(_plain(" ".join(text.split())), width, L["text_char"])
    return lines * L["text_line"] + L["para_gap"]


def markdown_height(source: str, width: float = LAYOUT["content_w"]) -> float:
    """The estimated height in px of a markdown cell (or a markdown output)."""
    return sum(block_height(k, t, width) for k, t in markdown_blocks(source))


def code_height(
    text: str, width: float = LAYOUT["content_w"], *, pad: float | None = None
) -> float:
    """The estimated height in px of code or printed text (long lines wrap, see slides.css)."""
    L = LAYOUT
    lines = wrapped_lines(text.rstrip("\n"), width - 16, L["code_char"])
    return lines * L["code_line"] + (L["code_pad"] if pad is None else pad)


def image_size(output) -> tuple[float, float] | None:
    """A figure's size in CSS px: its metadata's width/height, else the PNG's pixels."""
    data = output.get("data", {})
    meta = (output.get("metadata") or {}).get("image/png", {})
    if "image/png" not in data:
        return None
    try:
        head = base64.b64decode(data["image/png"][:64])
        w, h = struct.unpack(">II", head[16:24])
    except (ValueError, struct.error):
        return None
    if meta.get("width"):
        w, h = float(meta["width"]), float(meta.get("height") or h * float(meta["width"]) / w)
    return float(w), float(h)


def output_height(output, width: float = LAYOUT["content_w"]) -> float:
    """The estimated height in px of one output (a figure: at its own size, at most ``width``)."""
    L = LAYOUT
    kind = output.get("output_type")
    if kind == "stream":
        return code_height(_text(output.get("text", "")), width, pad=L["out_pad"])
    if kind == "error":
        return code_height("\n".join(output.get("traceback", [])), width, pad=L["out_pad"])
    data = output.get("data", {})
    if "application/vnd.jupyter.widget-view+json" in data:
        return L["widget"]
    if "text/html" in data:
        page = _text(data["text/html"])
        rows = len(re.findall(r"<tr\b", page, re.I))
        rest = re.sub(r"<table\b.*?</table>", "", page, flags=re.I | re.S)
        return rows * (L["table_line"] + L["table_pad"]) + block_height("para", rest, width)
    size = image_size(output)
    if size is not None:
        w, h = size
        return h * min(1.0, width / w) + L["image_pad"]
    if "text/latex" in data:
        return block_height("math", _text(data["text/latex"]), width)
    if "text/markdown" in data:
        return markdown_height(_text(data["text/markdown"]), width)
    if "text/plain" in data:
        return code_height(_text(data["text/plain"]), width, pad=L["out_pad"])
    return 0.0


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _slide_type(cell) -> str:
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type") or "-"


def _md_pieces(text: str, width: float, **where) -> list[dict]:
    """Markdown as pieces: its blocks, a tall table's rows (its header repeated on a new slide)."""
    pieces = []
    for kind, block in markdown_blocks(text):
        h = block_height(kind, block, width)
        if kind == "table" and h > LAYOUT["budget"] / 2:
            header, rows = table_rows(block)
            for n, row in enumerate(rows):
                head = header if n == 0 else ""
                pieces.append(
                    {
                        **where,
                        "text": head + row,
                        "header": header if n else "",
                        "h": block_height("table", header + row, width) - (16 if n else 0),
                    }
                )
            continue
        pieces.append({**where, "text": block, "heading": kind == "heading", "h": h})
    return pieces


def code_chunks(source: str, width: float = LAYOUT["content_w"]) -> list[str]:
    """Code cut where a slide may end inside it: at blank lines before a top-level statement, and
    a stretch longer than a slide also before any top-level line (failing that, any line).

    >>> code_chunks("a = 1\\n\\nb = 2\\n")
    ['a = 1\\n\\n', 'b = 2\\n']
    """
    chunks = []
    for chunk in re.split(r"(?<=\n\n)(?=\S)", source):
        while code_height(chunk, width) > LAYOUT["budget"]:
            lines = chunk.splitlines(keepends=True)
            fits = 1
            while (
                fits < len(lines)
                and code_height("".join(lines[: fits + 1]), width) <= LAYOUT["budget"] * 0.9
            ):
                fits += 1
            cut = (
                next(
                    (
                        i
                        for i in range(fits, 0, -1)
                        if not lines[i][:1].isspace() and lines[i].strip()
                    ),
                    fits,
                )
                if fits < len(lines)
                else fits
            )
            if cut < fits // 2:
                cut = fits
            chunks.append("".join(lines[:cut]))
            chunk = "".join(lines[cut:])
        if chunk:
            chunks.append(chunk)
    return chunks


def _printed(output) -> str | None:
    """The text of an output that is only printed text (a stream, or a plain text result)."""
    if output.get("output_type") == "stream":
        return _text(output.get("text", ""))
    data = output.get("data", {})
    if output.get("output_type") in ("execute_result", "display_data") and set(data) == {
        "text/plain"
    }:
        return _text(data["text/plain"])
    return None


def _pieces(index: int, cell, width: float) -> list[dict]:
    """A cell as the pieces a slide may be cut between: dicts with the cell's index, where the piece
    comes from (``part``: whole, md, input, or the output's index), its text and height ``h``."""
    L = LAYOUT
    if _slide_type(cell) in ("skip", "notes") or cell.cell_type not in ("markdown", "code"):
        return [{"cell": index, "part": "whole", "h": 0.0}]
    if cell.cell_type == "markdown":
        return _md_pieces(cell.source, width, cell=index, part="md") or [
            {"cell": index, "part": "whole", "h": 0.0}
        ]
    pieces = []
    hidden = cell.get("metadata", {}).get("transient", {}).get("remove_source")
    if cell.source.strip() and not hidden:
        for chunk in code_chunks(cell.source, width):
            pieces.append(
                {"cell": index, "part": "input", "text": chunk, "h": code_height(chunk, width)}
            )
        pieces[0]["h"] += L["cell_gap"]
    for n, output in enumerate(cell.get("outputs", [])):
        printed = _printed(output)
        data = output.get("data", {})
        if printed is not None:
            # printed text may be cut between lines, in runs of about a quarter of a slide
            lines = printed.splitlines(keepends=True)
            step = max(4, int(L["budget"] / 4 // L["code_line"]))
            for start in range(0, len(lines), step):
                chunk = "".join(lines[start : start + step])
                h = code_height(chunk, width, pad=L["out_pad"] if start == 0 else 0)
                pieces.append({"cell": index, "part": n, "text": chunk, "h": h})
        elif "text/markdown" in data and not ({"text/html", "text/latex"} & set(data)):
            pieces += _md_pieces(_text(data["text/markdown"]), width, cell=index, part=n)
        else:
            size = image_size(output)
            pieces.append(
                {"cell": index, "part": n, "image": size, "h": output_height(output, width)}
            )
    return pieces or [{"cell": index, "part": "whole", "h": L["code_pad"]}]


def _pack(pieces: list[dict], budget: float, width: float) -> list[list[dict]]:
    """Pieces in slides: as many as fit in ``budget`` px each, a figure shrunk to the room left
    (not below MIN_FIGURE_SCALE), a heading never last."""
    L = LAYOUT
    parts: list[list[dict]] = [[]]
    used = 0.0

    def visible(part):
        return any(p["h"] > 0 for p in part)

    def new_part():
        nonlocal used
        carry = []
        while parts[-1] and parts[-1][-1].get("heading") and visible(parts[-1][:-1]):
            carry.insert(0, parts[-1].pop())  # keep a heading with what follows it
        parts.append(carry)
        used = L["continued"] + sum(p["h"] for p in carry)

    for piece in pieces:
        piece = dict(piece)
        if piece.get("image"):
            w, h = piece["image"]
            full = min(1.0, width / w)
            # a figure's height is known, not estimated: it may use the frame's full height
            room = SLIDE_H - 8 - used - L["image_pad"]
            scale = min(full, room / h)
            if scale < full and (scale < MIN_FIGURE_SCALE or room < 0) and visible(parts[-1]):
                new_part()
            if len(parts) > 1 and not visible(parts[-1]):
                # first on a continuation slide: it may take the room of the "(continued)" line,
                # which a slide showing only this figure leaves out
                scale = min(full, (SLIDE_H - 8 - used + L["continued"] - L["image_pad"]) / h)
                if scale < full:
                    piece["alone"] = True
            else:
                scale = min(full, (SLIDE_H - 8 - used - L["image_pad"]) / h)
            piece["scale"] = scale = max(scale, 0.05)
            piece["h"] = h * scale + L["image_pad"]
            if piece.get("alone"):
                used = SLIDE_H  # nothing else fits beside it
        elif used + piece["h"] > budget and visible(parts[-1]):
            new_part()
        parts[-1].append(piece)
        used += piece["h"]
    return [part for part in parts if part]


def slide_groups(cells) -> list[list]:
    """Cells in slides: a new group at each cell whose slide_type is slide or subslide."""
    groups: list[list] = []
    for cell in cells:
        if not groups or _slide_type(cell) in ("slide", "subslide"):
            groups.append([])
        groups[-1].append(cell)
    return groups


def _title(group) -> str:
    for cell in group:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if _HEADING.match(line):
                    return _plain(line.strip().lstrip("#").strip())
    return ""


def _rebuild(group, parts: list[list[dict]]) -> list:
    """The cells of one slide, cut into ``parts`` (continuation slides after the first)."""
    import nbformat

    title = html.escape(_title(group))
    cells, started = [], set()
    for k, part in enumerate(parts):
        alone = [p for p in part if p["h"] > 0] == [p for p in part if p.get("alone")] != []
        if k and not alone:
            label = nbformat.v4.new_markdown_cell(
                f'<p class="bplab-continued">{title + " " if title else ""}(continued)</p>'
            )
            label.id = f"{(group[0].get('id') or 'cell')[:50]}-c{k}"
            label.metadata["slideshow"] = {"slide_type": "subslide"}
            cells.append(label)
        runs: list[list[dict]] = []
        for piece in part:
            if runs and runs[-1][0]["cell"] == piece["cell"]:
                runs[-1].append(piece)
            else:
                runs.append([piece])
        if alone:  # the figure opens its slide; speaker notes beside it follow it
            runs.sort(key=lambda run: not any(p["h"] > 0 for p in run))
        for run in runs:
            i = run[0]["cell"]
            cell = copy.deepcopy(group[i])
            if i in started:
                cell.id = f"{(cell.get('id') or 'cell')[:50]}-p{k}"
                kind = "-"
            else:
                kind = _slide_type(cell)
                if k and kind in ("slide", "subslide"):
                    kind = "-"
            if k and alone and run is runs[0]:
                kind = "subslide"  # a figure alone on its continuation slide, no label
            started.add(i)
            cell.metadata.setdefault("slideshow", {})["slide_type"] = kind
            if run[0]["part"] != "whole":
                _fill(cell, run)
            cells.append(cell)
    return cells


def _fill(cell, run: list[dict]) -> None:
    """Give ``cell`` only the source and outputs of the pieces in ``run``."""
    first = run[0]
    if first.get("header"):  # a table goes on: its header again
        first = {**first, "text": first["header"] + first["text"]}
        run = [first, *run[1:]]
    if cell.cell_type == "markdown":
        cell.source = "".join(p["text"] for p in run).rstrip("\n")
        return
    source = "".join(p["text"] for p in run if p["part"] == "input")
    if source:
        cell.source = source.rstrip("\n")
    else:
        cell.metadata.setdefault("transient", {})["remove_source"] = True
    outputs = []
    for n in dict.fromkeys(p["part"] for p in run if p["part"] != "input"):
        output = copy.deepcopy(cell.outputs[n])
        mine = [p for p in run if p["part"] == n]
        if "text" in mine[0]:
            text = "".join(p["text"] for p in mine)
            if output.get("output_type") == "stream":
                output["text"] = text
            elif "text/markdown" in output.get("data", {}):
                output["data"] = {"text/markdown": text}
            else:
                output["data"]["text/plain"] = text
        if mine[0].get("image") and mine[0].get("scale") is not None:
            w, h = mine[0]["image"]
            s = mine[0]["scale"]
            output.setdefault("metadata", {})["image/png"] = {
                **output.get("metadata", {}).get("image/png", {}),
                "width": int(w * s),
                "height": int(h * s),
            }
        outputs.append(output)
    cell.outputs = outputs


def fit_slides(nb, *, budget: float | None = None, width: float | None = None):
    """A copy of ``nb`` in which no slide is estimated taller than the frame (see above).

    Slides that fit are left as they are, except that each figure gets the width it is drawn at.
    """
    budget = LAYOUT["budget"] if budget is None else budget
    width = LAYOUT["content_w"] if width is None else width
    nb = copy.deepcopy(nb)
    cells = []
    for group in slide_groups(nb.cells):
        pieces = [p for i, cell in enumerate(group) for p in _pieces(i, cell, width)]
        cells += _rebuild(group, _pack(pieces, budget, width))
    nb.cells = cells
    return nb


def title_of(nb, default: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return nb.metadata.get("title") or default


def _deck_assets(prefix: str) -> dict:
    """What the template inlines: assets/slides.css, assets/deck.js and deck.js's settings."""
    import json

    config = {
        "width": SLIDE_W,
        "height": SLIDE_H,
        "minZoom": MIN_ZOOM,
        "transition": "slide",
        "number": "c/t",
        "reveal": f"{prefix}/reveal.js/dist/reveal.js",
        "notes": f"{prefix}/reveal.js/plugin/notes/notes.js",
    }
    return {
        "css": (ASSETS / "slides.css").read_text(encoding="utf-8"),
        "js": (ASSETS / "deck.js").read_text(encoding="utf-8"),
        "config": json.dumps(config),
    }


def build(notebooks, out_dir, vendor_dir, theme: str = "white", *, fit: bool = True) -> list[Path]:
    """Write one deck per notebook to out_dir/<stem>/index.html, plus out_dir/index.html.

    With ``fit`` (the default) slides too tall for the frame are split (``fit_slides``).

    Every asset is loaded from vendor_dir (filled by ``vendor()``) through relative addresses,
    so out_dir can be copied anywhere together with vendor_dir. Returns the decks' paths.
    """
    import nbformat
    from jinja2 import DictLoader  # comes with nbconvert
    from nbconvert import SlidesExporter

    out_dir, vendor_dir = Path(out_dir), Path(vendor_dir)
    if not (vendor_dir / "reveal.js" / "dist" / "reveal.js").is_file():
        raise FileNotFoundError(f"{vendor_dir} holds no reveal.js: fill it with vendor() first")
    decks, listing = [], []
    notebooks = sorted(Path(n) for n in notebooks)
    stems = {n.stem for n in notebooks}
    for notebook in notebooks:
        nb = nbformat.read(notebook, as_version=4)
        split = not has_slide_metadata(nb)
        if split:
            nb = split_at_headings(nb)
        deck_dir = out_dir / notebook.stem
        deck_dir.mkdir(parents=True, exist_ok=True)
        prefix = Path(os.path.relpath(vendor_dir, deck_dir)).as_posix()
        if fit:
            nb = fit_slides(nb)
        exporter = SlidesExporter(
            extra_loaders=[DictLoader({_TEMPLATE: _TEMPLATE_SOURCE})],
            template_file=_TEMPLATE,
            reveal_number="c/t",
            reveal_width=str(SLIDE_W),
            reveal_height=str(SLIDE_H),
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            embed_images=True,
            **vendor_urls(prefix, theme),
        )
        resources = {
            "metadata": {"name": notebook.stem, "path": str(notebook.parent)},
            "bplab": _deck_assets(prefix),
        }
        body, _ = exporter.from_notebook_node(nb, resources=resources)
        body = _link_decks(body, stems)
        deck = deck_dir / "index.html"
        deck.write_text(body, encoding="utf-8")
        decks.append(deck)
        listing.append((notebook.stem, title_of(nb, notebook.stem), split))
    _write_listing(out_dir, listing)
    return decks


def _link_decks(page: str, stems) -> str:
    """Links between chapters (``href="04_delta_rule.ipynb"``) lead to the sibling decks."""

    def repl(m):
        return f'href="../{m.group(1)}/index.html"' if m.group(1) in stems else m.group(0)

    return re.sub(r'href="(?:\./)?([^"/#?]+)\.ipynb(?:#[^"]*)?"', repl, page)


def _write_listing(out_dir: Path, listing) -> None:
    items = "\n".join(
        f'<li><a href="{html.escape(stem)}/index.html">{html.escape(title)}</a>'
        f" <small>({html.escape(stem)}{', split at headings' if split else ''})</small></li>"
        for stem, title, split in listing
    )
    (out_dir / "index.html").write_text(
        f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>bplab slides</title>
<style>body {{ font-family: sans-serif; max-width: 44em; margin: 2em auto; line-height: 1.6 }}
</style></head>
<body><h1>bplab slides</h1>
<p>Arrow keys or space to move, <kbd>S</kbd> for the speaker view (notes, timer, next slide),
<kbd>F</kbd> full screen, <kbd>Esc</kbd> overview. Works offline: everything is in this folder.</p>
<ol>
{items}
</ol></body></html>
""",
        encoding="utf-8",
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bplab.lecture.slides",
        description="Offline reveal.js slides of notebooks, assets served from the build folder.",
    )
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=Path("build/slides"))
    parser.add_argument(
        "--package-dir",
        type=Path,
        default=Path("slides"),
        help="holds package.json + package-lock.json (default: slides)",
    )
    parser.add_argument(
        "--npm-dir",
        type=Path,
        default=Path("build/npm"),
        help="where npm ci installs, cached between runs (default: build/npm)",
    )
    parser.add_argument("--theme", default="white", help="a reveal.js theme (default: white)")
    args = parser.parse_args(argv)
    try:
        node_modules = npm_install(args.package_dir, args.npm_dir)
    except NpmMissing as e:
        print(e, file=sys.stderr)
        return 2
    vendor_dir = vendor(node_modules, args.out / "vendor", theme=args.theme)
    decks = build(args.notebooks, args.out, vendor_dir, theme=args.theme)
    for deck in decks:
        remote = remote_urls(deck.read_text(encoding="utf-8"))
        if remote:
            print(f"{deck}: loads remote {remote}", file=sys.stderr)
            return 1
    print(f"{len(decks)} decks in {args.out}/ (open {args.out / 'index.html'}), no remote loads")
    return 0


if __name__ == "__main__":
    sys.exit(main())
