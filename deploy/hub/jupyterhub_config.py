"""JupyterHub for one class on one server: every student gets a JupyterLab of their own, with the
course in their home, run by this server's processes (no containers, no Kubernetes).

    jupyterhub -f deploy/hub/jupyterhub_config.py

Everything that differs between a class and the test is read from the environment:

BPLAB_HUB_MODE     "server" (default): each student is a Unix user of this machine, signs in with
                   that user's password (PAM) and runs as that user (LocalProcessSpawner). The hub
                   runs as root. See docs/instructor-guide.md for GitHub or LMS (LTI) sign-in.
                   "test": every student's server runs as the hub's own user in a folder of its
                   own under BPLAB_HOMES, and signs in with the shared password
                   BPLAB_HUB_PASSWORD. No isolation between students: for tests and for trying
                   the hub on a laptop only; it binds to 127.0.0.1 whatever BPLAB_HUB_URL says.
BPLAB_COURSE       the student handout (make release OUT=...): what each student is given,
                   without overwriting their work (deploy/hub/course.py). /srv/bplab/course
BPLAB_HUB_DIR      the hub's own files: database, cookie secret, pid files. /srv/bplab/hub
BPLAB_HUB_URL      where students connect (the proxy). http://127.0.0.1:8000 (put a TLS reverse
                   proxy such as Caddy or nginx in front of it, or set c.JupyterHub.ssl_cert/key)
BPLAB_HUB_API_PORT, BPLAB_PROXY_API_PORT   the hub's and the proxy's own ports, on 127.0.0.1.
                   8081 and 8001
BPLAB_INSTRUCTOR_TOKEN   the API token of the "instructor" service, which deploy/hub/classroom.py
                   uses to add students, start servers, collect and return notebooks; if unset,
                   read from BPLAB_HUB_DIR/instructor.token (make it: openssl rand -hex 32)
BPLAB_ADMINS       comma-separated users who may use the hub's admin page
BPLAB_PYTHON       the Python of the course environment students' servers run in (default: the
                   hub's own, so one environment holds JupyterHub, JupyterLab and bplab)
BPLAB_CHP          the configurable-http-proxy command (default: build/chp's, from make hub-proxy)
CONFIGPROXY_AUTH_TOKEN   the secret between hub and proxy (JupyterHub makes one if unset)
"""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]

c = get_config()  # noqa: F821  (JupyterHub defines it when it loads this file)

MODE = os.environ.get("BPLAB_HUB_MODE", "server")
if MODE not in ("server", "test"):
    raise ValueError(f"BPLAB_HUB_MODE must be 'server' or 'test', got {MODE!r}")
COURSE = Path(os.environ.get("BPLAB_COURSE", "/srv/bplab/course"))
HUB_DIR = Path(os.environ.get("BPLAB_HUB_DIR", "/srv/bplab/hub"))
HUB_DIR.mkdir(parents=True, exist_ok=True)
URL = os.environ.get("BPLAB_HUB_URL", "http://127.0.0.1:8000")
if MODE == "test" and urlparse(URL).hostname != "127.0.0.1":
    raise ValueError(f"BPLAB_HUB_MODE=test binds to 127.0.0.1 only, got BPLAB_HUB_URL={URL}")

# ------------------------------------------------------------------ the hub, the proxy, their files
c.JupyterHub.bind_url = URL
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{os.environ.get('BPLAB_HUB_API_PORT', '8081')}"
c.JupyterHub.db_url = f"sqlite:///{HUB_DIR / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(HUB_DIR / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(HUB_DIR / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every student's server

chp = REPO / "build" / "chp" / "node_modules" / ".bin" / "configurable-http-proxy"
c.ConfigurableHTTPProxy.command = [
    os.environ.get("BPLAB_CHP", str(chp) if chp.exists() else "configurable-http-proxy")
]
c.ConfigurableHTTPProxy.api_url = (
    f"http://127.0.0.1:{os.environ.get('BPLAB_PROXY_API_PORT', '8001')}"
)
c.ConfigurableHTTPProxy.pid_file = str(HUB_DIR / "proxy.pid")

# ------------------------------------------------------------------ the instructor's API token
token = os.environ.get("BPLAB_INSTRUCTOR_TOKEN")
token_file = HUB_DIR / "instructor.token"
if not token and token_file.is_file():
    token = token_file.read_text().strip()
if token:
    c.JupyterHub.services = [{"name": "instructor", "api_token": token}]
    c.JupyterHub.load_roles = [
        {
            "name": "instructor",
            "description": "add students, start and stop their servers, read and write their files",
            "scopes": ["admin:users", "admin:servers", "access:servers", "list:users"],
            "services": ["instructor"],
        }
    ]

# ------------------------------------------------------------------ who signs in, as whom it runs
c.Authenticator.admin_users = {u for u in os.environ.get("BPLAB_ADMINS", "").split(",") if u}
c.Authenticator.allow_existing_users = True  # the students the instructor added may sign in
if MODE == "test":
    c.JupyterHub.authenticator_class = "shared-password"
    c.SharedPasswordAuthenticator.user_password = os.environ.get("BPLAB_HUB_PASSWORD", "")
    c.JupyterHub.spawner_class = "simple"  # SimpleLocalProcessSpawner: no Unix users needed
    c.SimpleLocalProcessSpawner.home_dir_template = str(
        Path(os.environ.get("BPLAB_HOMES", HUB_DIR / "homes")) / "{username}"
    )
else:
    c.JupyterHub.authenticator_class = "pam"  # the students' Unix passwords
    c.LocalAuthenticator.create_system_users = True  # a student added on the hub gets a user
    c.JupyterHub.spawner_class = "localprocess"  # each student's server runs as that student

# ------------------------------------------------------------------ each student's server
PYTHON = os.environ.get("BPLAB_PYTHON", sys.executable)
c.Spawner.cmd = [PYTHON, "-m", "jupyterhub.singleuser"]
c.Spawner.ip = "127.0.0.1"
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = "/lab/tree/notebooks/00_start_here.ipynb"
c.Spawner.start_timeout = 120  # a shared machine can be slow to start thirty servers at once
c.Spawner.http_timeout = 90
if MODE == "test" and os.getuid() == 0:
    c.Spawner.args = ["--allow-root"]  # the hub's user is root on CI machines
# limits each server (LocalProcessSpawner cannot enforce them; systemdspawner or
# Kubernetes can): c.Spawner.mem_limit = "2G"


def give_course(spawner):
    """Before a student's server starts: the course into their home, their work kept. It runs as
    the student (on a server the hub is root, and root never writes into a home a student
    controls, where a symlink could point it anywhere)."""
    if MODE == "test":
        home, as_user = spawner.home_dir, {}
    else:
        import pwd

        entry = pwd.getpwnam(spawner.user.name)
        home = entry.pw_dir
        as_user = {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}
    # the handout's own copy of course.py and the students' Python: both readable by students
    giver = COURSE / "deploy" / "hub" / "course.py"
    done = subprocess.run(
        [PYTHON, str(giver if giver.is_file() else HERE / "course.py"), str(COURSE), home],
        capture_output=True,
        text=True,
        timeout=120,
        cwd="/",
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home},
        **as_user,
    )
    if done.returncode != 0:  # their server starts anyway, with what they have
        spawner.log.error("could not give the course to %s: %s", spawner.user.name, done.stderr)
        return
    report = done.stdout.splitlines()
    spawner.log.info(
        "course for %s: %d copied, %d updated; kept (their work): %s",
        spawner.user.name,
        sum(line.startswith("copied ") for line in report),
        sum(line.startswith("updated ") for line in report),
        ", ".join(line.split()[1].rstrip(":") for line in report if line.startswith("kept ")),
    )


c.Spawner.pre_spawn_hook = give_course
