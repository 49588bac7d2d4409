"""The course as a person meets it: JupyterLab and a slide deck in headless Chromium.

Starts JupyterLab on localhost over a copy of the chapters, opens chapter 01, clears and runs every
cell, and checks: no error output, figures shown, the widget rendered, and moving its slider redraws
its figure. Then opens a built slide deck from disk and checks that it renders its maths and notes
without a single request off the machine. Screenshots go to test-artifacts/browser/.
Needs Debian's chromium (/usr/bin/chromium) and Playwright for Python (a test extra); Playwright's
own browser download is never used.
"""

import os
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


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on 127.0.0.1 serving a copy of notebooks/ (the committed files stay untouched)."""
    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    port, token = free_port(), "bplab-browser-test"
    log = open(root / "lab.log", "w")
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--allow-root",
        f"--port={port}",
        "--ip=127.0.0.1",
        f"--ServerApp.token={token}",
        f"--ServerApp.root_dir={root / 'notebooks'}",
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
    yield url, token
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


def test_chapter_runs_in_jupyterlab_and_its_widget_redraws(lab, browser):
    url, token = lab
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(f"{url}/lab/tree/{CHAPTER}?token={token}")
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
    from bplab import slides

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
    assert page.evaluate("document.querySelectorAll('aside.notes').length") > 0  # speaker notes
    offsite = [u for u in requested if not u.startswith(("file://", "data:", "blob:"))]
    assert offsite == [], offsite
    page.close()
