"""The course as a person meets it: JupyterLab and a slide deck in headless Chromium.

Starts JupyterLab on localhost over a copy of the chapters and exercises, with `make lab`'s own
flags. Opens the address it prints and finds chapter 00 there, its glossary's Chinese rendered (a
CJK font installed) and its speaker notes collapsed; follows its link to chapter 01 and chapter 01's
link to its exercise notebook, and sees each open. Then opens chapter 01, clears and runs every
cell, and checks: no error output, figures shown, the widget rendered, and moving its slider
redraws its figure. Then opens a built slide deck from disk and checks that it renders its maths
and notes without a single request off the machine. Screenshots go to test-artifacts/browser/.
Needs Debian's chromium (/usr/bin/chromium) and Playwright for Python (a test extra); Playwright's
own browser download is never used.
"""

import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path(os.environ.get("BPLAB_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHAPTER = "01_neuron_and_perceptron.ipynb"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
    "--disable-background-networking",
    "--disable-component-update",
]

playwright = pytest.importorskip(
    "playwright.sync_api", reason="Playwright for Python is missing: pip install -e '.[test]'"
)
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"no Chromium at {CHROMIUM}: install Debian's package (apt-get install chromium) or set "
    f"BPLAB_CHROMIUM to a Chromium binary to run the browser test",
)


# the status bar's kernel item reads "Python 3 (ipykernel) | Idle" once the kernel waits for work
IDLE = (
    "() => [...document.querySelectorAll('.jp-StatusBar-TextItem')]"
    ".some(e => /\\| Idle$/.test(e.textContent.trim()))"
)


# MathJax 2 has typeset every formula: its queue is empty and no quick preview is left on the page
TYPESET = (
    "() => window.MathJax && MathJax.Hub && MathJax.Hub.queue.pending === 0"
    " && document.querySelector('.MathJax_CHTML') !== null"
    " && ![...document.querySelectorAll('.MathJax_Preview')].some(e => e.innerHTML.trim())"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_lab_flags() -> list[str]:
    """The flags `make lab` gives JupyterLab (its root and the page it opens), from the Makefile."""
    out = subprocess.run(
        [
            "make",
            "-s",
            "--no-print-directory",
            "-C",
            str(ROOT),
            "--eval=print-lab-flags: ; @echo $(LAB_FLAGS)",
            "print-lab-flags",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return shlex.split(out)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on 127.0.0.1 as `make lab` starts it, over a copy of the course (the committed
    files stay untouched): yields the address it prints, and its token."""
    root = tmp_path_factory.mktemp("lab")
    for folder in ("notebooks", "exercises"):
        shutil.copytree(ROOT / folder, root / folder)
    port, token = free_port(), "bplab-browser-test"
    log_path = root / "lab.log"
    log = open(log_path, "w")
    flags = [f for f in make_lab_flags() if not f.startswith("--ServerApp.root_dir=")]
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        *flags,
        "--no-browser",
        "--allow-root",
        f"--port={port}",
        "--ip=127.0.0.1",
        f"--ServerApp.token={token}",
        f"--ServerApp.root_dir={root}",
        "--LabApp.news_url=None",
        f"--LabApp.workspaces_dir={root / 'workspaces'}",  # no tabs restored from earlier sessions
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    server = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=root)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        server.kill()
        pytest.fail(f"JupyterLab did not answer on {url}: see {root / 'lab.log'}")
    printed = None  # the address it tells people to open (with the token masked as "...")
    while printed is None and time.monotonic() < deadline + 10:
        printed = re.search(rf"{re.escape(url)}(/\S*?)\?token=", log_path.read_text())
        time.sleep(0.2)
    yield url, token, f"{url}{printed.group(1)}?token={token}" if printed else None
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield b
        b.close()


def shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name))


def images_in(handle) -> str:
    return handle.evaluate("e => [...e.querySelectorAll('img')].map(i => i.src).join('|')")


# the tab in front, as "notebooks/01_....ipynb" (its tooltip holds the path)
CURRENT_TAB = (
    "() => (document.querySelector('.lm-DockPanel-tabBar .lm-mod-current')?.title ?? '')"
    ".split('\\n').filter(l => l.startsWith('Path: ')).map(l => l.slice(6))[0] ?? ''"
)
SHOWN = ".jp-NotebookPanel:not(.lm-mod-hidden)"  # the notebook in front, not those behind it


def wait_for_tab(page, path):
    page.wait_for_function(f"() => ({CURRENT_TAB})() === {path!r}", timeout=60_000)
    page.wait_for_selector(f"{SHOWN} .jp-MarkdownCell.jp-mod-rendered", timeout=60_000)


def scroll_to(page, locator, tries=20):
    """Scroll the notebook in front until ``locator`` is rendered and on screen (JupyterLab draws
    long notebooks lazily, so what is far down appears only once the view gets near it)."""
    for _ in range(tries):
        if locator.count() and locator.first.is_visible():
            locator.first.scroll_into_view_if_needed()
            page.wait_for_timeout(300)  # let MathJax and the lazy cells settle
            locator.first.scroll_into_view_if_needed()
            return locator.first
        page.evaluate(
            f"() => {{ const w = document.querySelector('{SHOWN} .jp-WindowedPanel-outer');"
            " if (w) w.scrollBy(0, w.clientHeight * 1.5); }"
        )
        page.wait_for_timeout(200)
    raise AssertionError(f"never found {locator} in the notebook in front")


def test_make_lab_opens_chapter_00_and_its_links_reach_the_exercises(lab, browser):
    url, token, printed = lab
    assert printed, "JupyterLab printed no address to open"
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(printed)  # what a student copies from the terminal
    wait_for_tab(page, "notebooks/00_start_here.ipynb")
    no_news = page.get_by_role("button", name="No", exact=True)
    page.wait_for_timeout(500)
    if no_news.count():
        no_news.first.click()

    # the glossary, in Chinese: a font that has the characters is installed, and they show
    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True)
    assert fonts.stdout.strip(), (
        "no font with Chinese characters: the glossary shows empty boxes. Install one "
        "(Debian/Ubuntu: apt-get install fonts-noto-cjk; see the README)"
    )
    glossary = page.locator(f"{SHOWN} .jp-MarkdownCell h2", has_text="Glossary")
    heading = scroll_to(page, glossary)
    assert "中文" in heading.inner_text()
    cell = page.locator(f"{SHOWN} .jp-MarkdownCell", has=page.locator("h2", has_text="Glossary"))
    assert "误差逆传播" in cell.locator("table").first.inner_text()
    shot(page, "00-glossary.png")

    # speaker notes: a collapsed one-line bar each, never the lecturer's text in full
    notes = page.locator(f"{SHOWN} .jp-InputPlaceholder", has_text="Speaker notes")
    assert notes.count() > 0, "no collapsed speaker notes in view"
    shown = page.locator(f"{SHOWN} .jp-MarkdownOutput", has_text=re.compile(r"^Speaker notes\."))
    assert shown.count() == 0, shown.first.inner_text()[:200]

    # chapter 00's table of chapters leads to chapter 01, and chapter 01's summary to its exercises
    to_01 = page.locator(f"{SHOWN} .jp-MarkdownCell a", has_text="the neuron and the perceptron")
    to_01.first.click()
    wait_for_tab(page, f"notebooks/{CHAPTER}")
    link = scroll_to(page, page.locator(f"{SHOWN} .jp-MarkdownCell a[href*='exercises/{CHAPTER}']"))
    shot(page, "01-summary-with-notes-collapsed.png")
    link.click()
    wait_for_tab(page, f"exercises/{CHAPTER}")
    title = page.locator(f"{SHOWN} .jp-MarkdownCell h1").first
    assert title.inner_text().startswith("Exercises 01")
    shot(page, "01-exercises-opened.png")
    # and back: the exercise's first link returns to its chapter
    page.locator(f"{SHOWN} .jp-MarkdownCell a", has_text="← chapter").first.click()
    wait_for_tab(page, f"notebooks/{CHAPTER}")
    page.close()


def test_chapter_runs_in_jupyterlab_and_its_widget_redraws(lab, browser):
    url, token, _ = lab
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(f"{url}/lab/tree/notebooks/{CHAPTER}?reset&token={token}")  # reset: no tabs left over
    page.wait_for_selector(".jp-Notebook .jp-CodeCell", timeout=90_000)
    page.wait_for_function(IDLE, timeout=90_000)
    no_news = page.get_by_role("button", name="No", exact=True)  # JupyterLab's news toast
    if no_news.count():
        no_news.first.click()
    shot(page, "01-opened.png")

    page.get_by_text("Edit", exact=True).first.click()
    page.get_by_text("Clear Outputs of All Cells", exact=True).click()
    page.wait_for_function(  # the stored outputs are gone: what is checked below is fresh
        "() => document.querySelectorAll('.jp-RenderedImage img').length === 0", timeout=30_000
    )
    page.get_by_text("Run", exact=True).first.click()
    page.get_by_text("Run All Cells", exact=True).click()
    page.wait_for_function(
        """() => {
            const p = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
                .map(e => e.textContent.trim());
            return p.length > 0 && p.every(t => /^\\[\\d+\\]:$/.test(t));
        }""",
        timeout=180_000,
    )
    shot(page, "01-ran.png")

    errors = page.query_selector_all(
        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
    )
    assert not errors, [e.inner_text()[:300] for e in errors]
    assert len(page.query_selector_all(".jp-RenderedImage img")) >= 5, (
        "the chapter's figures are missing"
    )

    slider = page.wait_for_selector(".widget-slider", timeout=30_000)
    area = slider.evaluate_handle("e => e.closest('.jp-OutputArea')")
    slider.scroll_into_view_if_needed()
    page.wait_for_function("a => a.querySelector('img') !== null", arg=area, timeout=30_000)
    before = images_in(area)
    readout = page.query_selector(".widget-readout").inner_text()
    shot(page, "01-widget-before.png")
    page.query_selector(".noUi-handle").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "([a, old]) => [...a.querySelectorAll('img')].map(i => i.src).join('|') !== old "
        "&& a.querySelector('img') !== null",
        arg=[area, before],
        timeout=30_000,
    )
    assert page.query_selector(".widget-readout").inner_text() != readout
    assert images_in(area) != before
    page.wait_for_function(IDLE, timeout=30_000)
    shot(page, "01-widget-after.png")
    page.close()


def test_a_slide_deck_opens_offline_with_maths_and_speaker_notes(browser, tmp_path):
    from bplab.lecture import slides

    try:
        node_modules = slides.npm_install(ROOT / "slides", ROOT / "build" / "npm")
    except slides.NpmMissing:
        pytest.skip("npm not found: install Node.js 18+ with npm to build a deck (see README)")
    vendor_dir = slides.vendor(node_modules, tmp_path / "vendor")
    [deck] = slides.build([ROOT / "notebooks" / "02_cost_functions.ipynb"], tmp_path, vendor_dir)

    page = browser.new_page(viewport={"width": 1280, "height": 800})
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(deck.as_uri())
    # reveal.js is loaded through require.js, so it is not a global: its "ready" class tells
    page.wait_for_selector(".reveal.ready", timeout=60_000)
    page.wait_for_function(TYPESET, timeout=60_000)
    shot(page, "02-deck-title.png")
    first = page.evaluate("document.querySelector('section.present').innerText.slice(0, 80)")
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(800)
    now = page.evaluate("document.querySelector('section.present').innerText.slice(0, 80)")
    assert now != first
    shot(page, "02-deck-next.png")
    assert page.evaluate("document.querySelectorAll('.slides section').length") > 5
    # speaker notes, collapsed in JupyterLab (source_hidden), are still there in full for S
    notes = page.evaluate("[...document.querySelectorAll('aside.notes')].map(a => a.textContent)")
    assert any("Speaker notes." in n and len(n) > 100 for n in notes), notes[:3]
    offsite = [u for u in requested if not u.startswith(("file://", "data:", "blob:"))]
    assert offsite == [], offsite
    page.close()
