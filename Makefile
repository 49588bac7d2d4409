# Two commands do everything on a fresh machine:
#   make lab    create .venv if needed and open the course in JupyterLab
#   make test   create .venv if needed and run every test (unit, property, golden, notebooks)
# and: make exercises (exercises/ from solutions/), make release OUT=DIR (the student handout),
#      make bench (benchmarks), make clean,
#      make slides (offline reveal.js decks of the chapters in build/slides/; needs node + npm),
#      make hub-proxy (configurable-http-proxy into build/chp/; needs npm), make hub (JupyterHub
#      for a class, deploy/hub/jupyterhub_config.py; see docs/instructor-guide.md)

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PORT   ?= 8888
# JupyterLab refuses to run as root unless told it may (containers, CI machines).
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg
# pytest-xdist: one worker per core (JOBS=1 runs everything in one process). loadscope keeps a
# notebook's cells in one worker, in order, as nbval needs, and a test file's module fixtures too.
JOBS ?= auto
WORKERS := $(if $(filter 1,$(JOBS)),,-n $(JOBS) --dist loadscope)

.PHONY: lab test bench exercises release slides venv clean hub-proxy hub

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test,hub]"
	touch $(STAMP)

# The repository is JupyterLab's root, so chapters, exercises and the links between them
# (notebooks/*.ipynb <-> ../exercises/*.ipynb) all open; the address printed opens chapter 00.
START := notebooks/00_start_here.ipynb
LAB_FLAGS := --ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/$(START)

lab: $(STAMP)
	$(VENV)/bin/jupyter lab --port=$(PORT) $(ROOT_FLAG) $(LAB_FLAGS)

# ruff: lint and formatting of the package, tests, benchmarks, chapters, solutions and deploy/ (the
# exercises are made from the solutions, with answers left undefined on purpose)
LINTED := bplab tests benchmarks notebooks solutions deploy

# tests/test_hub.py runs a JupyterHub behind configurable-http-proxy: installed first, from npm
test: $(STAMP) hub-proxy
	$(PY) -m ruff check $(LINTED)
	$(PY) -m ruff format --check $(LINTED)
	$(PY) -m pytest tests bplab --doctest-modules notebooks solutions $(NBVAL) $(WORKERS) --durations=25

exercises: $(STAMP)
	$(PY) -m bplab.grading.assignments solutions exercises

# the student handout of a graded class: the course without solutions/, tests or hidden tests
OUT ?= handout
release: $(STAMP)
	$(PY) -m bplab.grading.release $(OUT)

bench: $(STAMP)
	$(PY) -c "import torch" 2>/dev/null || $(PY) -m pip install --quiet -e ".[bench]"
	$(PY) benchmarks/run.py

# reveal.js, MathJax & co. are fetched by npm ci (pinned by slides/package-lock.json) into
# build/npm/ once, and copied into build/slides/vendor/: the decks load nothing from the internet.
slides: $(STAMP)
	$(PY) -m bplab.lecture.slides notebooks/*.ipynb --out build/slides --npm-dir build/npm

# configurable-http-proxy, the proxy in front of JupyterHub, at the version pinned by
# deploy/chp/package-lock.json: npm ci into build/chp/ once (the same step as make slides)
CHP_DIR := build/chp
hub-proxy: $(STAMP)
	$(PY) -c "from bplab.lecture.slides import npm_install; npm_install('deploy/chp', '$(CHP_DIR)')"

# JupyterHub for a class on this server (as root: students are Unix users); its settings come
# from the environment, see deploy/hub/jupyterhub_config.py and docs/instructor-guide.md
hub: hub-proxy
	$(VENV)/bin/jupyterhub -f deploy/hub/jupyterhub_config.py

clean:
	rm -rf $(VENV) build
