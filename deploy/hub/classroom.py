"""The instructor's side of a class on the hub, through JupyterHub's REST API and each student's
server's contents API (both behind the hub's proxy):

    python deploy/hub/classroom.py add alice bob carol      # new students (Unix users too)
    python deploy/hub/classroom.py start alice bob carol    # their servers, the course given
    python deploy/hub/classroom.py collect exercises/02_cost_functions.ipynb --out submissions
    python deploy/hub/classroom.py return feedback          # feedback/<student>/*.html to each
    python deploy/hub/classroom.py stop alice bob carol

``collect`` and ``return`` without names mean every student whose server runs. It reads
JUPYTERHUB_URL (the address students open, default http://127.0.0.1:8000) and
BPLAB_INSTRUCTOR_TOKEN (the "instructor" service's token of jupyterhub_config.py).

Nothing here overwrites a file: ``collect`` refuses a submission that is already in --out,
``return`` puts a page beside an older one (``02_cost_functions-2.html``) instead of over it.
"""

from __future__ import annotations

import argparse
import base64
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import requests


class Hub:
    def __init__(self, url: str, token: str, *, timeout: float = 30):
        self.url, self.timeout = url.rstrip("/"), timeout
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"token {token}"

    def api(self, method: str, path: str, **kw) -> requests.Response:
        return self.http.request(method, f"{self.url}/hub/api{path}", timeout=self.timeout, **kw)

    def server(self, user: str, method: str, path: str, **kw) -> requests.Response:
        """A request to ``user``'s own server (its REST API), through the proxy."""
        url = f"{self.url}/user/{quote(user)}/api{path}"
        return self.http.request(method, url, timeout=self.timeout, **kw)

    # ---------------------------------------------------------------- users and servers
    def user(self, name: str) -> dict | None:
        r = self.api("GET", f"/users/{quote(name)}")
        if r.status_code == 404:
            return None
        r.raise_for_status()
        return r.json()

    def running(self) -> list[str]:
        r = self.api("GET", "/users", params={"state": "ready"})
        r.raise_for_status()
        return sorted(u["name"] for u in r.json())

    def add(self, names: list[str]) -> None:
        for name in names:
            if self.user(name) is None:
                self.api("POST", f"/users/{quote(name)}").raise_for_status()

    def start(self, names: list[str], *, wait: float = 150) -> None:
        self._each(names, "POST", (201, 202, 400))  # 400: it runs already
        self._wait(names, wait, lambda u: u["servers"].get("", {}).get("ready"), "start")

    def stop(self, names: list[str], *, wait: float = 60) -> None:
        self._each(names, "DELETE", (202, 204, 400))  # 400: it is not running
        self._wait(names, wait, lambda u: not u["servers"], "stop")

    def _each(self, names, method, fine) -> None:
        """One request per student's server, all at once: the hub holds each for up to its
        slow_spawn_timeout (10 s) before it answers 202, "still starting"."""

        def one(name):
            r = self.api(method, f"/users/{quote(name)}/server")
            if r.status_code not in fine:
                r.raise_for_status()

        with ThreadPoolExecutor(min(8, len(names) or 1)) as pool:
            list(pool.map(one, names))

    def _wait(self, names, seconds, done, what) -> None:
        deadline, left = time.monotonic() + seconds, list(names)
        while left:
            left = [n for n in left if not done(self.user(n))]
            if left and time.monotonic() > deadline:
                raise TimeoutError(f"servers did not {what} within {seconds:g} s: {left}")
            if left:
                time.sleep(0.5)

    # ---------------------------------------------------------------- files in a student's home
    def download(self, user: str, path: str) -> bytes:
        r = self.server(
            user, "GET", f"/contents/{quote(path)}", params={"format": "base64", "type": "file"}
        )
        r.raise_for_status()
        return base64.b64decode(r.json()["content"])

    def exists(self, user: str, path: str) -> bool:
        r = self.server(user, "GET", f"/contents/{quote(path)}", params={"content": "0"})
        if r.status_code == 404:
            return False
        r.raise_for_status()
        return True

    def upload(self, user: str, path: str, data: bytes) -> None:
        folder = path.rpartition("/")[0]
        if folder and not self.exists(user, folder):
            self.server(user, "PUT", f"/contents/{quote(folder)}", json={"type": "directory"})
        body = {"type": "file", "format": "base64", "content": base64.b64encode(data).decode()}
        self.server(user, "PUT", f"/contents/{quote(path)}", json=body).raise_for_status()


def collect(hub: Hub, path: str, out: Path, names: list[str]) -> list[Path]:
    """Each student's ``path`` into ``out/<student>/<its name>``, byte for byte."""
    written = []
    for name in names:
        dest = out / name / Path(path).name
        if dest.exists():
            raise FileExistsError(f"{dest} exists already: collect into a new folder")
        try:
            data = hub.download(name, path)
        except requests.HTTPError as e:
            print(f"not collected from {name}: {e}", file=sys.stderr)
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)
        written.append(dest)
        print(f"collected {dest}")
    return written


def give_back(hub: Hub, feedback: Path, names: list[str]) -> list[str]:
    """``feedback/<student>/*.html`` (what ``python -m bplab.grading --feedback`` writes) into
    ``feedback/`` of each student's home, never over a file that is there."""
    placed = []
    for name in names:
        for page in sorted((feedback / name).glob("*.html")):
            where, k = f"feedback/{page.name}", 1
            while hub.exists(name, where):
                k += 1
                where = f"feedback/{page.stem}-{k}.html"
            hub.upload(name, where, page.read_bytes())
            placed.append(f"{name}:{where}")
            print(f"returned {page} to {name}: {where}")
    return placed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for command in ("add", "start", "stop"):
        sub.add_parser(command).add_argument("students", nargs="+")
    p = sub.add_parser("collect", help="download one notebook from every student's home")
    p.add_argument("path", help="the notebook's path in the home, e.g. exercises/02_x.ipynb")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("students", nargs="*")
    p = sub.add_parser("return", help="upload feedback/<student>/*.html to each student")
    p.add_argument("feedback", type=Path)
    p.add_argument("students", nargs="*")
    args = parser.parse_args(argv)

    token = os.environ.get("BPLAB_INSTRUCTOR_TOKEN")
    if not token:
        parser.error("set BPLAB_INSTRUCTOR_TOKEN to the instructor service's token")
    hub = Hub(os.environ.get("JUPYTERHUB_URL", "http://127.0.0.1:8000"), token)
    if args.command == "add":
        hub.add(args.students)
    elif args.command == "start":
        hub.start(args.students)
    elif args.command == "stop":
        hub.stop(args.students)
    elif args.command == "collect":
        names = args.students or hub.running()
        return 0 if len(collect(hub, args.path, args.out, names)) == len(names) else 1
    else:
        names = args.students or [d.name for d in sorted(args.feedback.iterdir()) if d.is_dir()]
        give_back(hub, args.feedback, names)
    return 0


if __name__ == "__main__":
    sys.exit(main())
