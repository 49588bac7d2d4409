"""A class on a JupyterHub, end to end, on 127.0.0.1: the hub of deploy/hub/jupyterhub_config.py
(test mode: SimpleLocalProcessSpawner, shared password) behind configurable-http-proxy (npm,
pinned by deploy/chp/), three students added and started through the hub's REST API, the course
given to each, one exercise answered right, one wrong and one left untouched, each run cell by
cell in a kernel of that student's own server, collected, graded by bplab.grading, the feedback
returned, the course updated mid-term - then every process stopped by its PID, none left.

Each instructor step runs the command that docs/instructor-guide.md gives for it. The tests
before it check, without a hub, the rule that gives the course, and the files for Binder, the
container image and Zero to JupyterHub, which cannot run here."""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
import requests
import websocket
import yaml
from nbformat.v4 import new_markdown_cell, output_from_msg

from bplab.lecture.slides import npm_install

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
HUB_DIR = ROOT / "deploy" / "hub"
CONFIG = HUB_DIR / "jupyterhub_config.py"
EXERCISE = "exercises/02_cost_functions.ipynb"
STUDENTS = {"alice": "right", "bob": "wrong", "carol": "untouched"}

sys.path.insert(0, str(HUB_DIR))
import course  # noqa: E402  deploy/hub/course.py
from classroom import Hub  # noqa: E402  deploy/hub/classroom.py

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"


START_URL = "/lab/tree/notebooks/00_start_here.ipynb"


# --------------------------------------------------------------- the course, given and updated
def write_course(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def test_the_course_is_given_and_updated_without_touching_a_students_work(tmp_path):
    course_dir = write_course(
        tmp_path / "v1",
        {
            "exercises/01.ipynb": "ex1",
            "exercises/02.ipynb": "ex2",
            "notebooks/01.ipynb": "ch1",
            "solutions/01.ipynb": "answers",
            "exercises/.ipynb_checkpoints/01.ipynb": "old",
        },
    )
    home = tmp_path / "home"
    done = course.give(course_dir, home)
    assert sorted(done.copied) == ["exercises/01.ipynb", "exercises/02.ipynb", "notebooks/01.ipynb"]
    assert (
        not (home / "solutions").exists() and not (home / "exercises/.ipynb_checkpoints").exists()
    )
    (home / "exercises/01.ipynb").write_text("my answers")  # the student's work
    (home / "notebooks/01.ipynb").unlink()  # deleted by the student: given again
    (home / "mine.ipynb").write_text("mine")  # a file of their own
    (home / "exercises/02.ipynb").rename(home / "exercises/02-mine.ipynb")
    (home / "exercises/02.ipynb").mkdir()  # a folder where a file of the course was
    update = write_course(
        tmp_path / "v2",
        {
            "exercises/01.ipynb": "ex1 fixed",
            "exercises/02.ipynb": "ex2 fixed",
            "notebooks/01.ipynb": "ch1 fixed",
            "notebooks/02.ipynb": "ch2",
        },
    )
    done = course.give(update, home)
    assert sorted(done.copied) == ["notebooks/01.ipynb", "notebooks/02.ipynb"]
    assert sorted(done.kept) == ["exercises/01.ipynb", "exercises/02.ipynb"]
    assert (home / "exercises/01.ipynb").read_text() == "my answers"
    assert (home / "exercises/02-mine.ipynb").read_text() == "ex2"
    assert (home / "mine.ipynb").read_text() == "mine"
    assert (home / "notebooks/01.ipynb").read_text() == "ch1 fixed"
    # a file given and never changed follows the course; once changed, it is the student's
    write_course(update, {"notebooks/02.ipynb": "ch2 fixed"})
    assert course.give(update, home).updated == ["notebooks/02.ipynb"]
    (home / "notebooks/02.ipynb").write_text("my notes in ch2")
    write_course(update, {"notebooks/02.ipynb": "ch2 fixed twice"})
    assert sorted(course.give(update, home).kept) == [
        "exercises/01.ipynb",
        "exercises/02.ipynb",
        "notebooks/02.ipynb",
    ]
    assert (home / "notebooks/02.ipynb").read_text() == "my notes in ch2"
    assert not list(home.rglob("*.bplab-new"))
    with pytest.raises(FileNotFoundError, match="make release"):
        course.give(tmp_path / "nowhere", home)


def test_the_course_goes_around_odd_files_in_a_home(tmp_path):
    course_dir = write_course(
        tmp_path / "course", {"exercises/01.ipynb": "ex1", "notebooks/01.ipynb": "ch1"}
    )
    home, outside = tmp_path / "home", tmp_path / "outside.txt"
    home.mkdir()
    outside.write_text("not the course's")
    (home / "notebooks").write_text("a file where the course has a folder")
    (home / "exercises").mkdir()
    (home / "exercises" / "01.ipynb").symlink_to(outside)
    done = course.give(course_dir, home)
    assert sorted(done.kept) == ["exercises/01.ipynb", "notebooks/01.ipynb"] and not done.copied
    assert outside.read_text() == "not the course's"
    assert (home / "notebooks").read_text() == "a file where the course has a folder"


# --------------------------------------------------------------- Binder, the image, Kubernetes
def test_binder_builds_from_the_environment_yml_at_the_root():
    # repo2docker reads binder/ instead of the root when binder/ exists: there must be none
    assert not (ROOT / "binder").exists() and not (ROOT / ".binder").exists()
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    names = [d.split(">")[0].split("=")[0] for d in env["dependencies"] if isinstance(d, str)]
    assert {"jupyterlab", "jupyterhub"} <= set(names)
    [pip] = [d["pip"] for d in env["dependencies"] if isinstance(d, dict)]
    assert "-e ." in pip  # bplab itself, from the repository


def test_readme_launch_badge_opens_the_first_chapter():
    readme = (ROOT / "README.md").read_text()
    [link] = [w for w in readme.split("(") if w.startswith("https://mybinder.org/v2/gh/")]
    link = link.split(")")[0]
    assert "urlpath=" + START_URL.lstrip("/").replace("/", "%2F") in link, link
    assert (ROOT / START_URL.removeprefix("/lab/tree/")).is_file()


def test_the_image_is_built_from_the_same_environment_without_solutions():
    docker = ROOT / "deploy" / "docker"
    text = (docker / "Dockerfile").read_text()
    stages = [line.split()[1] for line in text.splitlines() if line.startswith("FROM ")]
    assert stages == ["${BASE}", "${BASE}"], stages  # the handout stage, then the image
    assert "ARG BASE=quay.io/jupyter/minimal-notebook" in text
    final = text.rsplit("\nFROM ", 1)[1]
    assert "bplab.grading.release" not in final and "COPY --from=handout" in final
    assert "COPY . " not in final  # the full sources (with the solutions) stay in stage 1
    assert "--file /opt/bplab/environment.yml" in final
    assert f"JUPYTERHUB_DEFAULT_URL={START_URL}" in final
    hook = (docker / "give-course.sh").read_text()
    assert "/opt/bplab/deploy/hub/course.py /opt/bplab" in hook
    tracked = subprocess.run(
        ["git", "ls-files", "deploy"], cwd=ROOT, capture_output=True, text=True
    ).stdout.split()
    if tracked:  # in a git checkout the handout (hence the image) has course.py
        assert "deploy/hub/course.py" in tracked
    ignored = (docker / "Dockerfile.dockerignore").read_text().split()
    assert {".git", ".venv", "build"} <= set(ignored)


def test_zero_to_jupyterhub_values_hold_what_a_class_needs():
    values = yaml.safe_load((ROOT / "deploy" / "z2jh" / "values.yaml").read_text())
    assert set(values) <= {"hub", "singleuser", "proxy", "cull", "scheduling", "prePuller"}
    hub, single = values["hub"], values["singleuser"]
    assert hub["config"]["JupyterHub"]["authenticator_class"] == "github"
    assert "client_secret" not in hub["config"]["GitHubOAuthenticator"]  # never committed
    role = hub["loadRoles"]["instructor"]
    assert role["services"] == ["instructor"] and "instructor" in hub["services"]
    hub_config = (HUB_DIR / "jupyterhub_config.py").read_text()
    assert f'"scopes": {json.dumps(role["scopes"])}' in hub_config  # the same rights as there
    assert single["defaultUrl"] == START_URL and f'"{START_URL}"' in hub_config
    assert single["image"]["name"].endswith("bplab-singleuser")
    assert single["storage"]["homeMountPath"] == "/home/jovyan"
    assert single["cmd"] == "jupyterhub-singleuser"
    assert values["cull"]["enabled"] is True and values["proxy"]["https"]["enabled"] is True


# --------------------------------------------------------------- the hub, end to end
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


# A process is its PID and its start time (clock ticks after boot, /proc/PID/stat field 22), so a
# PID the system has given to another process since is never taken for ours, nor signalled.
Proc = tuple[int, int]


def stat_of(pid: int) -> list[str] | None:
    """Fields 3 and on of /proc/PID/stat (state, ppid, ...), or None if there is no such PID."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def proc(pid: int) -> Proc:
    fields = stat_of(pid)
    assert fields is not None, f"no process {pid}"
    return pid, int(fields[19])


def alive(p: Proc) -> bool:
    fields = stat_of(p[0])
    return fields is not None and fields[0] != "Z" and int(fields[19]) == p[1]


def descendants(procs: set[Proc]) -> set[Proc]:
    """``procs`` and every process below them (kernels below servers, the proxy below the hub)."""
    children: dict[Proc, list[Proc]] = {}
    for entry in Path("/proc").iterdir():
        fields = stat_of(int(entry.name)) if entry.name.isdigit() else None
        if fields is not None:
            parent = stat_of(int(fields[1]))
            if parent is not None:
                key = (int(fields[1]), int(parent[19]))
                children.setdefault(key, []).append((int(entry.name), int(fields[19])))
    found, todo = set(), [p for p in procs if alive(p)]
    while todo:
        p = todo.pop()
        if p not in found:
            found.add(p)
            todo += children.get(p, [])
    return found | procs


def stop_all(procs: set[Proc], *, grace: float = 20) -> None:
    """SIGTERM each, wait for them to go, SIGKILL what is left: by PID, nothing broader."""
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5)):
        for p in procs:
            if alive(p):
                try:
                    os.kill(p[0], sig)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + wait
        while any(alive(p) for p in procs) and time.monotonic() < deadline:
            time.sleep(0.2)


def answered(exercise: dict, solution: nbformat.NotebookNode, *, wrong: bool) -> dict:
    """The student's notebook: each answer cell written as the solution has it (markers gone);
    ``wrong`` forgets the 1/2 of the cost."""
    answers = {
        c.metadata["nbgrader"]["grade_id"]: "\n".join(
            line for line in c.source.splitlines() if line.strip() not in (BEGIN, END)
        )
        for c in solution.cells
        if c.metadata.get("nbgrader", {}).get("solution")
    }
    nb = nbformat.from_dict(json.loads(json.dumps(exercise)))
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in answers:
            cell.source = answers[gid]
    if wrong:
        [cell] = [
            c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "mse_answer"
        ]
        assert "(2 * Y.shape[0])" in cell.source
        cell.source = cell.source.replace("(2 * Y.shape[0])", "Y.shape[0]")
    return nb


def run_in_server(hub: Hub, ws_url: str, user: str, path: str) -> nbformat.NotebookNode:
    """Run every code cell of ``path`` in a kernel of ``user``'s server, as JupyterLab does (the
    kernels REST API and the kernel's websocket, through the proxy), and save it with outputs."""
    model = hub.server(user, "GET", f"/contents/{path}").json()
    nb = nbformat.from_dict(model["content"])
    kernel = hub.server(user, "POST", "/kernels", json={"name": "python3"})
    kernel.raise_for_status()
    kid = kernel.json()["id"]
    token = hub.http.headers["Authorization"]
    ws = websocket.create_connection(
        f"{ws_url}/user/{user}/api/kernels/{kid}/channels",
        header=[f"Authorization: {token}"],
        timeout=120,
    )
    session = uuid.uuid4().hex
    try:
        for n, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
            msg_id = uuid.uuid4().hex
            header = {
                "msg_id": msg_id,
                "msg_type": "execute_request",
                "session": session,
                "username": user,
                "version": "5.3",
                "date": "",
            }
            ws.send(
                json.dumps(
                    {
                        "channel": "shell",
                        "header": header,
                        "parent_header": {},
                        "metadata": {},
                        "content": {
                            "code": cell.source,
                            "silent": False,
                            "store_history": True,
                            "user_expressions": {},
                            "allow_stdin": False,
                            "stop_on_error": False,
                        },
                        "buffers": [],
                    }
                )
            )
            cell.outputs, idle, replied = [], False, False
            while not (idle and replied):
                msg = json.loads(ws.recv())
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind = msg["header"]["msg_type"]
                if msg["channel"] == "shell" and kind == "execute_reply":
                    replied = True
                    cell.execution_count = msg["content"].get("execution_count", n + 1)
                elif kind == "status":
                    idle = msg["content"]["execution_state"] == "idle"
                elif kind in ("stream", "display_data", "execute_result", "error"):
                    cell.outputs.append(output_from_msg(msg))
    finally:
        ws.close()
        hub.server(user, "DELETE", f"/kernels/{kid}")
    saved = hub.server(user, "PUT", f"/contents/{path}", json={"type": "notebook", "content": nb})
    saved.raise_for_status()
    return nb


def outputs(nb: nbformat.NotebookNode, kind: str) -> list[str]:
    """The text of every output of one kind: "stream" (printed) or "error" (name: message)."""
    found = [o for cell in nb.cells for o in cell.get("outputs", []) if o.output_type == kind]
    return [o.text if kind == "stream" else f"{o.ename}: {o.evalue}" for o in found]


def sign_in(url: str, name: str, password: str) -> requests.Response:
    """A student's sign-in on the hub's login page, as a browser does it (form and xsrf)."""
    browser = requests.Session()
    page = browser.get(f"{url}/hub/login", timeout=60)
    [xsrf] = re.findall(r'name="_xsrf" value="([^"]+)"', page.text)
    form = {"username": name, "password": password, "_xsrf": xsrf}
    return browser.post(f"{url}/hub/login", data=form, allow_redirects=False, timeout=60)


def classroom(env: dict, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [PY, str(HUB_DIR / "classroom.py"), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    return done


@pytest.fixture(scope="module")
def proxy_command() -> str:
    """configurable-http-proxy, npm ci of deploy/chp/ into build/chp/ (once; what make hub-proxy
    does)."""
    node_modules = npm_install(ROOT / "deploy" / "chp", ROOT / "build" / "chp")
    return str(node_modules / ".bin" / "configurable-http-proxy")


@pytest.mark.slow
def test_a_class_on_the_hub(tmp_path, proxy_command):
    started = time.monotonic()

    # printed with -s: where the time goes (the issue asks for under 3 minutes; measured and
    # reported, not asserted: the project times nothing in its tests)
    def phase(what):
        print(f"{time.monotonic() - started:6.1f} s  {what}", file=sys.stderr)

    work = tmp_path / "instructor"
    work.mkdir()
    # the handout, as the guide makes it: the course without solutions/ or hidden tests
    course = tmp_path / "srv" / "course"
    subprocess.run(
        [PY, "-m", "bplab.grading.release", str(course)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert not (course / "solutions").exists()

    phase("released")
    public, hub_api, proxy_api = free_port(), free_port(), free_port()
    url = f"http://127.0.0.1:{public}"
    homes, hub_dir = tmp_path / "homes", tmp_path / "srv" / "hub"
    token = secrets.token_hex(32)
    env = dict(
        os.environ,
        BPLAB_HUB_MODE="test",
        BPLAB_COURSE=str(course),
        BPLAB_HUB_DIR=str(hub_dir),
        BPLAB_HOMES=str(homes),
        BPLAB_HUB_URL=url,
        BPLAB_HUB_API_PORT=str(hub_api),
        BPLAB_PROXY_API_PORT=str(proxy_api),
        BPLAB_INSTRUCTOR_TOKEN=token,
        BPLAB_HUB_PASSWORD=secrets.token_hex(8),
        BPLAB_CHP=proxy_command,
        CONFIGPROXY_AUTH_TOKEN=secrets.token_hex(32),
        JUPYTERHUB_URL=url,
    )
    log = (tmp_path / "hub.log").open("w")
    hub_proc = subprocess.Popen(
        [PY, "-m", "jupyterhub", "-f", str(CONFIG)],
        cwd=work,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    pids, ports = {proc(hub_proc.pid)}, {public, hub_api, proxy_api}
    hub = Hub(url, token, timeout=60)
    try:
        deadline = time.monotonic() + 90
        while True:
            assert hub_proc.poll() is None, (tmp_path / "hub.log").read_text()[-4000:]
            try:
                if hub.api("GET", "/").status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, "the hub did not answer within 90 s"
            time.sleep(0.5)
        pids.add(proc(int((hub_dir / "proxy.pid").read_text())))

        # students: added and started with the guide's commands; the course is in each home
        phase("hub up")
        classroom(env, "add", *STUDENTS, cwd=work)
        classroom(env, "start", *STUDENTS, cwd=work)
        for name in STUDENTS:
            server = hub.user(name)["servers"][""]
            pids.add(proc(server["state"]["pid"]))
            assert (homes / name / EXERCISE).is_file()
            assert (homes / name / "notebooks" / "00_start_here.ipynb").is_file()
            assert not (homes / name / "solutions").exists()
        routes = requests.get(
            f"http://127.0.0.1:{proxy_api}/api/routes",
            timeout=10,
            headers={"Authorization": f"token {env['CONFIGPROXY_AUTH_TOKEN']}"},
        )
        ports |= {int(r["target"].rsplit(":", 1)[1].split("/")[0]) for r in routes.json().values()}

        phase("servers started")
        # a student added by the instructor signs in with the password; no one else does
        assert sign_in(url, "alice", secrets.token_hex(8)).status_code == 403
        assert sign_in(url, "mallory", env["BPLAB_HUB_PASSWORD"]).status_code == 403
        signed_in = sign_in(url, "alice", env["BPLAB_HUB_PASSWORD"])
        assert signed_in.status_code == 302, signed_in.text[-500:]
        assert signed_in.headers["Location"].startswith(("/hub/", "/user/alice")), signed_in.headers

        # each student works in their own server: writes answers (or not), runs every cell
        solution = nbformat.read(ROOT / "solutions" / Path(EXERCISE).name, as_version=4)
        given = hub.server("carol", "GET", f"/contents/{EXERCISE}").json()["content"]
        for name, how in STUDENTS.items():
            if how != "untouched":
                nb = answered(given, solution, wrong=how == "wrong")
                body = {"type": "notebook", "content": nb}
                hub.server(name, "PUT", f"/contents/{EXERCISE}", json=body).raise_for_status()
        with ThreadPoolExecutor(len(STUDENTS)) as pool:  # the three at once, as in a class
            ws_url = url.replace("http", "ws")
            runs = {n: pool.submit(run_in_server, hub, ws_url, n, EXERCISE) for n in STUDENTS}
            ran = {name: run.result() for name, run in runs.items()}
        pids |= descendants(pids)  # anything the servers started (kernels end with them)
        # the self-checks answered in each student's kernel: all correct; the missing 1/2
        # named; every answer not written yet
        assert outputs(ran["alice"], "error") == []
        printed = "".join(outputs(ran["alice"], "stream"))
        for question in ("mse", "mse_gradient", "sym_neuron_gradient"):
            assert f"{question}: correct" in printed, printed
        [failed] = outputs(ran["bob"], "error")
        assert failed.startswith("CheckFailed: mse:") and "missing 1/2" in failed, failed
        untouched = outputs(ran["carol"], "error")
        assert [e.split(":")[0] for e in untouched] == [
            "CheckFailed",
            "CheckFailed",
            "NotImplementedError",
            "NameError",
        ], untouched
        assert all("not written yet" in e for e in untouched[:2]), untouched
        phase("notebooks run")
        on_disk = {n: (homes / n / EXERCISE).read_bytes() for n in STUDENTS}

        # collect, grade, return the feedback: the guide's commands
        classroom(env, "collect", EXERCISE, "--out", "submissions", cwd=work)
        for name in STUDENTS:  # byte for byte what is in the student's home
            assert (work / "submissions" / name / Path(EXERCISE).name).read_bytes() == on_disk[name]
        phase("collected")
        grading = subprocess.run(
            [
                PY,
                "-m",
                "bplab.grading",
                "submissions/",
                "--source",
                str(ROOT / "solutions"),
                "--json",
                "grades.json",
                "--feedback",
                "feedback/",
                "--jobs",
                "2",
            ],
            cwd=work,
            capture_output=True,
            text=True,
            timeout=240,
        )
        assert grading.returncode == 0, grading.stdout[-2000:] + grading.stderr[-3000:]
        grades = {
            Path(s["path"]).parent.name: s
            for s in json.loads((work / "grades.json").read_text())["submissions"]
        }
        right, wrong, untouched = grades["alice"], grades["bob"], grades["carol"]
        assert right["max_score"] > 0 and right["score"] == right["max_score"], right
        assert 0 < wrong["score"] < wrong["max_score"], wrong
        [missed] = [t for t in wrong["tests"] if not t["passed"]]
        assert missed["grade_id"] == "mse_test" and "missing 1/2" in missed["message"], missed
        assert untouched["score"] == 0, untouched
        phase("graded")
        classroom(env, "return", "feedback", cwd=work)
        for name in STUDENTS:
            page = homes / name / "feedback" / "02_cost_functions.html"
            assert page.read_bytes() == (work / "feedback" / name / page.name).read_bytes()
        classroom(env, "return", "feedback", "bob", cwd=work)  # again: beside, never over
        assert (homes / "bob" / "feedback" / "02_cost_functions-2.html").is_file()

        phase("returned")
        # the course updated mid-term: a new release, swapped in; each student gets it at the
        # next start of their server - new files, and new versions of files they never changed,
        # never over their work
        update = tmp_path / "srv" / "course.new"
        subprocess.run(
            [PY, "-m", "bplab.grading.release", str(update)],
            cwd=ROOT,
            check=True,
            capture_output=True,
            timeout=120,
        )
        news = nbformat.v4.new_notebook(cells=[new_markdown_cell("# Week 5: what changed")])
        nbformat.write(news, update / "notebooks" / "news.ipynb")
        for rel in (EXERCISE, "notebooks/01_neuron_and_perceptron.ipynb"):  # corrections
            fixed = nbformat.read(update / rel, as_version=4)
            fixed.cells.insert(1, new_markdown_cell("A correction made mid-term."))
            nbformat.write(fixed, update / rel)
        phase("released again")
        course.rename(tmp_path / "srv" / "course.old")
        update.rename(course)
        # alice's server restarted: the hub gives her the update as it starts it
        first = proc(hub.user("alice")["servers"][""]["state"]["pid"])
        classroom(env, "stop", "alice", cwd=work)
        assert not alive(first)
        phase("stopped")
        classroom(env, "start", "alice", cwd=work)
        pids.add(proc(hub.user("alice")["servers"][""]["state"]["pid"]))
        home = homes / "alice"
        assert (home / "notebooks" / "news.ipynb").is_file()  # new: given
        chapter = "notebooks/01_neuron_and_perceptron.ipynb"  # never changed by her: updated
        assert (home / chapter).read_bytes() == (course / chapter).read_bytes()
        assert (home / EXERCISE).read_bytes() == on_disk["alice"]  # her work: kept
        assert (homes / "bob" / chapter).read_bytes() != (course / chapter).read_bytes()
        phase("before teardown")
    finally:
        pids |= descendants(pids)
        hub_proc.send_signal(signal.SIGTERM)  # the hub stops the servers and the proxy itself
        try:
            hub_proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass
        deadline = time.monotonic() + 10  # kernels end a moment after their server
        while any(alive(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.2)
        left_by_hub = sorted(p for p in pids if alive(p))
        stop_all(pids)  # whatever the hub left, by PID
        log.close()
    phase("all stopped")
    assert not left_by_hub, f"the stopped hub left these running: {left_by_hub}"
    left = sorted(p for p in pids if alive(p))
    assert not left, f"still running: {left}"
    assert not [p for p in ports if listening(p)], "a port is still listening"
