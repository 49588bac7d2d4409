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
subslide). Long slides scroll, links between chapters lead to the sibling decks, and the
notebooks are only read, never changed.

Only the standard library and nbconvert (imported when a deck is built) are used.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import html
import os
import re
import shutil
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
    if stamp.is_file() and stamp.read_text().strip() == digest and node_modules.is_dir():
        return node_modules
    npm = shutil.which("npm")
    if npm is None:
        raise NpmMissing(NPM_HELP)
    npm_dir.mkdir(parents=True, exist_ok=True)
    stamp.unlink(missing_ok=True)
    for f in files:
        shutil.copy2(f, npm_dir / f.name)
    cmd = [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]
    subprocess.run(cmd, cwd=npm_dir, check=True)
    stamp.write_text(digest + "\n")
    return node_modules


# --- the decks --------------------------------------------------------------------------------

# nbconvert's reveal template, less its mermaid loader (an ES module import from a CDN that no
# chapter needs; a notebook with mermaid diagrams would show them as text).
_TEMPLATE = "bplab_reveal.html.j2"
_TEMPLATE_SOURCE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
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


def title_of(nb, default: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return nb.metadata.get("title") or default


def build(notebooks, out_dir, vendor_dir, theme: str = "white") -> list[Path]:
    """Write one deck per notebook to out_dir/<stem>/index.html, plus out_dir/index.html.

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
        exporter = SlidesExporter(
            extra_loaders=[DictLoader({_TEMPLATE: _TEMPLATE_SOURCE})],
            template_file=_TEMPLATE,
            reveal_scroll=True,
            reveal_number="c/t",
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            embed_images=True,
            **vendor_urls(prefix, theme),
        )
        resources = {"metadata": {"name": notebook.stem, "path": str(notebook.parent)}}
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
