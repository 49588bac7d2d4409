"""The grader and the exercise maker on the tiny assignment of conftest.py: honest, looping,
crashing and tampering submissions, the command line, feedback, the release, per-part credit.
(The attacks of a hostile class are in test_class_run.py and test_channel.py.)"""

import json
from pathlib import Path

import nbformat
import pytest
from conftest import MSE, SETUP, answer, digest, grade_one, graded_cell, scores, solution, write
from nbformat.v4 import new_code_cell, new_notebook

from bplab.grading import assignments, grade


def submission(tmp_path, name="tiny.ipynb", mse=None, delta=None, edit=None):
    """tiny.ipynb handed in with its answers replaced, after ``edit(nb)`` if given."""
    nb = solution()
    if edit:
        edit(nb)
    return write(tmp_path / name, nb, mse=mse, delta=delta)


run = grade_one


# ------------------------------------------------------------------ exercises from solutions
def test_student_version_stubs_answers_drops_hidden_tests_and_outputs():
    nb = solution()
    nb.cells[2].outputs = [nbformat.v4.new_output("stream", text="hi")]
    nb.cells[2].execution_count = 3
    ex = assignments.student_version(nb)
    assert (
        ex.cells[2].source
        == "def mse(Y, T):\n    # YOUR CODE HERE\n    raise NotImplementedError()"
    )
    assert "HIDDEN" not in ex.cells[3].source and "seed=99" not in ex.cells[3].source
    assert ex.cells[3].source == "check.mse(mse)"
    assert ex.cells[2].outputs == [] and ex.cells[2].execution_count is None
    assert nb.cells[2].execution_count == 3  # the solution itself is untouched


def test_unclosed_solution_region_is_an_error():
    with pytest.raises(ValueError, match="has no '### END SOLUTION'"):
        assignments.strip_solution("### BEGIN SOLUTION\nx = 1")


# ------------------------------------------------------------------ honest submissions
def test_solution_scores_full_marks_and_is_not_modified(sealed, tmp_path):
    path = submission(tmp_path)
    before = digest(path)
    r = run(path, sealed)
    assert (r.score, r.max_score) == (5, 5) and all(t.passed for t in r.tests)
    assert digest(path) == before


def test_untouched_exercise_runs_and_scores_zero(sealed, tmp_path):
    path = tmp_path / "tiny.ipynb"
    nbformat.write(assignments.student_version(solution()), path)
    r = run(path, sealed)
    assert (r.score, r.max_score) == (0, 5)
    assert all("not written yet" in t.message for t in r.tests)


def test_a_wrong_answer_is_named_and_costs_only_its_cell(sealed, tmp_path):
    path = submission(tmp_path, mse="def mse(Y, T):\n    return ((T - Y) ** 2).sum() / 2")
    r = run(path, sealed)
    assert scores(r) == {"mse_test": 0, "delta_test": 3}
    assert "Likely mistake: forgotten 1/N" in r.tests[0].message


# ------------------------------------------------------------------ loops and crashes
def test_endless_loop_in_an_answer_cell_costs_only_that_question(sealed, tmp_path):
    path = submission(tmp_path, mse="while True:\n    pass")
    r = run(path, sealed)
    assert scores(r) == {"mse_test": 0, "delta_test": 3}
    assert any("timed out" in n for n in r.notes)


def test_endless_loop_inside_the_function(sealed, tmp_path):
    path = submission(tmp_path, mse="def mse(Y, T):\n    while True:\n        pass")
    r = run(path, sealed)
    assert scores(r) == {"mse_test": 0, "delta_test": 3}
    assert "longer than" in r.tests[0].message


def test_a_loop_that_swallows_the_interrupt(sealed, tmp_path):
    code = "while True:\n    try:\n        pass\n    except BaseException:\n        pass"
    r = run(submission(tmp_path, mse=code), sealed)
    assert scores(r) == {"mse_test": 0, "delta_test": 3}


def test_crashing_the_kernel_costs_only_that_question(sealed, tmp_path):
    path = submission(tmp_path, mse="import os\nos._exit(1)")
    r = run(path, sealed)
    assert scores(r) == {"mse_test": 0, "delta_test": 3}
    assert any("crashed its sandbox" in n for n in r.notes)


def test_notebook_wall_clock_limit(sealed, tmp_path):
    path = submission(tmp_path, mse="import time\ntime.sleep(3)\n" + MSE)
    r = run(path, sealed, cell_timeout=10, notebook_timeout=2)
    assert r.score == 0 and len(r.tests) == 2


# ------------------------------------------------------------------ tampering
WRONG_MSE = "def mse(Y, T):\n    return 0.0\n"


@pytest.mark.parametrize(
    "trick",
    [
        "import numpy\nnumpy.allclose = lambda *a, **k: True\nnumpy.isclose = lambda *a, **k: True",
        "import bplab.check, bplab.tasks\nbplab.check.run = lambda *a, **k: None\n"
        "bplab.tasks.verdict = lambda *a, **k: True",
        "print('All tests passed')\nprint('mse_test: 2/2')",
    ],
)
def test_tampering_in_the_kernel_earns_nothing(sealed, tmp_path, trick):
    path = submission(tmp_path, mse=WRONG_MSE + trick)
    r = run(path, sealed)
    assert scores(r) == {"mse_test": 0, "delta_test": 3}


def test_edited_and_deleted_test_cells_are_restored(sealed, tmp_path):
    def edit(nb):
        nb.cells[3].source = "pass  # tests? what tests?"
        del nb.cells[5]

    r = run(submission(tmp_path, mse=WRONG_MSE, edit=edit), sealed)
    assert scores(r) == {"mse_test": 0, "delta_test": 3}
    honest = run(submission(tmp_path, name="honest.ipynb", edit=lambda nb: nb.cells.pop(5)), sealed)
    assert honest.score == 5  # matched by grade ids, deleted test restored, answers right


def test_forged_answer_payload_is_not_trusted(sealed, tmp_path):
    # the student tries to print a fake answer line; the marker is random per probe
    trick = "print('BPLAB-' + '0' * 32 + ':' + '[{\"value\": 1.0}]')"
    r = run(submission(tmp_path, mse=WRONG_MSE + trick), sealed)
    assert scores(r)["mse_test"] == 0


# ------------------------------------------------------------------ the command line
def test_command_line_grades_a_folder_and_writes_json(source_dir, tmp_path, capsys):
    folder = tmp_path / "class"
    folder.mkdir()
    submission(folder, name="alice.ipynb")
    submission(folder, name="bob.ipynb", mse=WRONG_MSE)
    out = tmp_path / "grades.json"
    code = grade.main(
        [
            str(folder),
            "--source",
            str(source_dir),
            "--json",
            str(out),
            "--timeout",
            "10",
            "--seed",
            "3",
        ]
    )
    assert code == 0
    data = json.loads(out.read_text())
    got = {Path(s["path"]).name: (s["score"], s["max_score"]) for s in data["submissions"]}
    assert got == {"alice.ipynb": (5, 5), "bob.ipynb": (3, 5)}
    test = data["submissions"][0]["tests"][0]
    assert set(test) == {"grade_id", "points", "max_points", "passed", "message"}
    printed = capsys.readouterr()
    assert "alice.ipynb  5 / 5" in printed.out and "[2/2]" in printed.err


def test_bad_source_is_a_usage_error(tmp_path):
    with pytest.raises(SystemExit) as info:
        grade.main([str(tmp_path), "--source", str(tmp_path / "nowhere")])
    assert info.value.code == 2


# ------------------------------------------------------------------ no sandbox, feedback, release
def test_without_a_sandbox_the_grader_refuses_in_one_line(
    source_dir, tmp_path, capsys, monkeypatch
):
    from bplab.grading import sandbox

    monkeypatch.setattr(sandbox, "bwrap", lambda: None)
    path = submission(tmp_path)
    out = tmp_path / "grades.json"
    code = grade.main([str(path), "--source", str(source_dir), "--json", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and not out.exists()
    assert len(err) == 1 and "refusing to grade" in err[0] and "bubblewrap" in err[0]
    assert "--unsealed" in err[0]


def test_unsealed_runs_only_when_asked_and_says_so(source_dir, tmp_path, capsys, monkeypatch):
    from bplab.grading import sandbox

    monkeypatch.setattr(sandbox, "bwrap", lambda: None)
    path = submission(tmp_path)
    code = grade.main([str(path), "--source", str(source_dir), "--unsealed", "--seed", "1"])
    printed = capsys.readouterr()
    assert code == 0 and "UNSEALED" in printed.err and "5 / 5" in printed.out


def test_feedback_page_per_submission_without_hidden_tests(source_dir, tmp_path):
    folder = tmp_path / "class"
    (folder / "alice").mkdir(parents=True)
    (folder / "bob").mkdir(parents=True)
    submission(folder / "alice")
    submission(folder / "bob", mse="def mse(Y, T):\n    return ((T - Y) ** 2).sum() / 2")
    feedback = tmp_path / "feedback"
    code = grade.main(
        [str(folder), "--source", str(source_dir), "--feedback", str(feedback), "--seed", "7"]
    )
    assert code == 0
    pages = {str(p.relative_to(feedback)): p.read_text() for p in feedback.rglob("*.html")}
    assert set(pages) == {"alice/tiny.html", "bob/tiny.html"}
    bob = pages["bob/tiny.html"]
    assert "Score: 3 / 5" in bob and "forgotten 1/N" in bob
    for secret in ("seed=99", "HIDDEN", "check.mse", "--seed", " 7"):
        assert secret not in bob, secret


def test_results_are_replaced_atomically(tmp_path):
    path = tmp_path / "grades.json"
    path.write_text("old")
    grade.write_atomically(path, "new")
    assert path.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["grades.json"]  # no temporary left behind


def test_unreadable_and_unmatched_notebooks_are_not_graded_not_zero(sealed, tmp_path):
    bad = tmp_path / "broken.ipynb"
    bad.write_text("{ this is not json")
    r = run(bad, sealed)
    assert r.status == "not graded" and "could not read" in r.notes[0]
    other = tmp_path / "other.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("x = 1")]), other)
    r = run(other, sealed)
    assert r.status == "not graded" and "no source notebook matches" in r.notes[0]
    assert "NOT GRADED" in grade.table(r)


def test_release_leaves_out_solutions_and_hidden_tests(tmp_path):
    from bplab.grading import release

    root = Path(__file__).resolve().parents[2]
    out = tmp_path / "handout"
    written = release.release(root, out)
    names = {p.relative_to(out).parts[0] for p in written}
    assert {"notebooks", "exercises", "bplab", "README.md"} <= names
    assert not names & {"solutions", "tests", "benchmarks", ".ci"}
    assert sorted(p.name for p in (out / "exercises").glob("*.ipynb")) == sorted(
        p.name for p in (root / "solutions").glob("*.ipynb")
    )
    assert release.find_leaks(out, root / "solutions") == []
    with pytest.raises(FileExistsError):
        release.release(root, out)  # never written over


def test_each_call_of_a_slow_answer_gets_the_whole_timeout(sealed, tmp_path):
    # 4 cases x 1.5 s is over the 4 s limit in all, but every call is under it: full marks
    slow = "import time\n" + MSE.replace(
        "    ### BEGIN SOLUTION\n", "    ### BEGIN SOLUTION\n    time.sleep(1.5)\n"
    )
    r = run(submission(tmp_path, mse=slow), sealed)
    assert scores(r) == {"mse_test": 2, "delta_test": 3}


def test_a_symbolic_link_is_not_graded(sealed, tmp_path):
    real = submission(tmp_path, name="real.ipynb")
    link = tmp_path / "tiny.ipynb"
    link.symlink_to(real)
    r = run(link, sealed)
    assert r.status == "not graded" and "symbolic link" in r.notes[0]


def test_a_multi_part_answer_earns_credit_for_the_parts_that_are_right(tmp_path):
    # backward with dE/db2 summed over the wrong axis: three parts of four are right
    from bplab.checks.tasks import TASKS

    source = tmp_path / "src"
    source.mkdir()
    nb = new_notebook(
        cells=[
            new_code_cell(SETUP, metadata={"nbgrader": {"locked": True, "grade_id": "setup"}}),
            answer(
                "def backward(W1, b1, W2, b2, X, T):\n    ### BEGIN SOLUTION\n"
                "    N = len(X)\n    H = bp.sigmoid(X @ W1 + b1)\n    Y = bp.sigmoid(H @ W2 + b2)\n"
                "    d2 = (T - Y) * Y * (1 - Y)\n    d1 = (d2 @ W2.T) * H * (1 - H)\n"
                "    return -X.T @ d1 / N, -d1.sum(0) / N, -H.T @ d2 / N, -d2.sum(0) / N\n"
                "    ### END SOLUTION",
                "backward_answer",
            ),
            graded_cell("backward", "backward_test", 4),
        ]
    )
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, source / "bw.ipynb")
    assert TASKS["backward"].uses  # the question gives credit per part
    wrong = nbformat.reads(nbformat.writes(nb), as_version=4)
    wrong.cells[1].source = wrong.cells[1].source.replace("-d2.sum(0) / N", "-d2.sum(1) / N")
    path = tmp_path / "bw.ipynb"
    nbformat.write(wrong, path)
    sources = grade.load_sources(source)
    builds = grade.make_builds(sources, tmp_path / "sealed")
    r = grade.grade_notebook(path, sources, builds, seed=3, cell_timeout=10)
    assert r.tests[0].points == 3 and not r.tests[0].passed
    assert "partial credit: 3 of 4" in r.tests[0].message
    honest = tmp_path / "honest" / "bw.ipynb"
    honest.parent.mkdir()
    nbformat.write(nb, honest)
    assert grade.grade_notebook(honest, sources, builds, seed=3).score == 4
