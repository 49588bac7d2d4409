# Two commands do everything on a fresh machine:
#   make lab    create .venv if needed and open the course in JupyterLab
#   make test   create .venv if needed and run every test (unit, property, golden, notebooks)
# and: make exercises (exercises/ from solutions/), make release OUT=DIR (the student handout),
#      make bench (benchmarks), make clean,
#      make slides (offline reveal.js decks of the chapters in build/slides/; needs node + npm)

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PORT   ?= 8888
# JupyterLab refuses to run as root unless told it may (containers, CI machines).
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: lab test bench exercises release slides venv clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

# The repository is JupyterLab's root, so chapters, exercises and the links between them
# (notebooks/*.ipynb <-> ../exercises/*.ipynb) all open; the address printed opens chapter 00.
START := notebooks/00_start_here.ipynb
LAB_FLAGS := --ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/$(START)

lab: $(STAMP)
	$(VENV)/bin/jupyter lab --port=$(PORT) $(ROOT_FLAG) $(LAB_FLAGS)

# ruff: lint and formatting of the package, tests, benchmarks, chapters and solutions (the exercises
# are made from the solutions, with answers left undefined on purpose)
LINTED := bplab tests benchmarks notebooks solutions

test: $(STAMP)
	$(PY) -m ruff check $(LINTED)
	$(PY) -m ruff format --check $(LINTED)
	$(PY) -m pytest tests bplab --doctest-modules notebooks solutions $(NBVAL)

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

clean:
	rm -rf $(VENV) build
