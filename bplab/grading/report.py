"""One feedback page per graded submission: plain HTML, readable offline, with each question's
points and the tutor's message - never a hidden test's code, its inputs or the grader's seed."""

from __future__ import annotations

import html
from pathlib import Path

STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem;
       color: #1a1a1a; }
h1 { font-size: 1.5rem; } table { border-collapse: collapse; width: 100%; }
td, th { border-bottom: 1px solid #ccc; padding: .4rem .6rem; text-align: left;
         vertical-align: top; }
.pass { color: #1b7837; font-weight: 600; } .fail { color: #b2182b; font-weight: 600; }
pre { white-space: pre-wrap; margin: 0; font: 14px/1.4 ui-monospace, monospace; }
.note { background: #fff6d5; padding: .5rem .8rem; border-radius: 4px; }
"""


def page(result) -> str:
    """The feedback page of one ``grade.Result``."""
    e = html.escape
    name = Path(result.path).name
    rows = []
    for t in result.tests:
        mark = "pass" if t.passed else "fail"
        rows.append(
            f"<tr><td>{e(t.grade_id)}</td><td>{t.points:g} / {t.max_points:g}</td>"
            f"<td class='{mark}'>{mark}</td><td><pre>{e(t.message)}</pre></td></tr>"
        )
    notes = "".join(f"<p class='note'>{e(n)}</p>" for n in result.notes)
    status = "" if result.status == "graded" else "<p class='note'><b>Not graded.</b></p>"
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Feedback: {e(name)}</title><style>{STYLE}</style></head><body>"
        f"<h1>Feedback on {e(name)}</h1>{status}"
        f"<p><b>Score: {result.score:g} / {result.max_score:g}</b></p>{notes}"
        "<table><tr><th>question</th><th>points</th><th></th><th>what the checker says</th></tr>"
        + "".join(rows)
        + "</table><p>Each answer was run on new inputs, in a sandbox of its own, and judged by"
        " the grader. Fix the first message of a failing question first: it names the likely"
        " mistake.</p></body></html>\n"
    )


def feedback_paths(subs: list[Path], roots: list[Path]) -> list[Path]:
    """Where each submission's page goes, relative to the feedback folder: the submission's path
    below the folder it was found in (``submissions/alice/04.ipynb`` -> ``alice/04.html``), so
    that every student's page has a place of its own; a clash gets a number."""
    out, seen = [], set()
    for sub in subs:
        rel = Path(sub.name)
        for root in roots:
            if root.is_dir() and sub.is_relative_to(root):
                rel = sub.relative_to(root)
                break
        page_path, k = rel.with_suffix(".html"), 1
        while page_path in seen:
            k += 1
            page_path = rel.with_name(f"{rel.stem}-{k}.html")
        seen.add(page_path)
        out.append(page_path)
    return out


def write_feedback(path: Path, result) -> Path:
    from .grade import write_atomically

    write_atomically(path, page(result))
    return path
