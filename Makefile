# Police complaints analysis: `make help` lists the targets.
# The two commands a newcomer needs:  make all   (rebuild everything)
#                                     make test  (run every test)

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
FORCE  ?= Staffordshire
# FORCE reaches the program only through the environment, never pasted into a shell command line:
# its raw text (quotes, `;`, `$(...)` and all) is taken literally and exported.
override FORCE := $(value FORCE)
export FORCE
JOBS   ?=
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]-*.ipynb))

.DEFAULT_GOAL := help
.PHONY: help all install lock lint data notebooks figures test test-fast lab profile profiles benchmark clean site browser

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[1m%-12s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

all: data notebooks figures teaching ## The main job: rebuild data/processed, execute every notebook, export figures
	$(PY) -m analysis profile Staffordshire --notebook
	$(PY) -m analysis site --index-only

# Installs come from the lock file: every package, direct and transitive, at the exact version (and hash) that made
# the committed outputs. The stamp depends on the lock, so a changed lock reinstalls. `make lock` refreshes it.
LOCK   := requirements.lock
UV_VERSION := 0.13.10

$(STAMP): $(LOCK) pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=...)")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(PY) -m uv pip sync --quiet --python $(PY) --require-hashes --compile-bytecode $(LOCK)
	$(PY) -m uv pip install --quiet --python $(PY) --no-deps --no-build-isolation -e .
	@$(PY) -m analysis.pipeline.lockcheck $(LOCK)
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install exactly the versions in requirements.lock (only when the lock changed)

lock: ## Refresh requirements.lock from pyproject.toml's ranges; then run make all and commit lock and outputs together
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(PY) -m uv pip compile pyproject.toml --extra test --generate-hashes --upgrade --python-version 3.11 \
		--python-platform x86_64-unknown-linux-gnu --quiet -o $(LOCK)
	$(PY) -m analysis.pipeline.lockcheck --write-environment $(LOCK)

data: $(STAMP) ## Validate data/raw and rebuild data/processed
	$(PY) -m analysis build

notebooks: data ## Execute every notebook in place (outputs kept): 00-05, then the default force profile
	$(PY) -m analysis notebooks

figures: data ## Re-export every figure into figures/ (PNG, SVG, CSV, alt text)
	$(PY) -m analysis figures

test: lint ## Run every test: lint, unit tests, nbval on every notebook, the browser test
	$(PY) -m pytest -n 2

test-fast: lint ## The inner loop, in seconds: lint and every test that starts no kernel and is not marked slow
	$(PY) -m pytest -n 2 -m "not kernel and not slow" tests

lint: $(STAMP) ## ruff check (pyfflakes errors, syntax errors, import order) on the package, tests and notebooks
	$(PY) -m ruff check --quiet .

lab: $(STAMP) ## Open JupyterLab at the repository root, showing classroom/ (after make class) or notebooks/
	$(VENV)/bin/jupyter lab --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/$(if $(wildcard classroom/*.ipynb),classroom,notebooks) $(if $(filter 0,$(shell id -u)),--allow-root,)

profile: $(STAMP) ## Force profile for one force: make profile FORCE="West Yorkshire"
	$(PY) -m analysis profile

profiles: $(STAMP) ## Force profiles for all 43 forces, in parallel
	$(PY) -m analysis profiles $(if $(JOBS),--jobs $(JOBS),)

# --- pages: the static site and the real-browser test -------------------------------------------------------
site: data ## Build every force's page and reports/index.html (sortable, searchable, works offline)
	$(PY) -m analysis site $(if $(JOBS),--jobs $(JOBS),)

browser: ## Install headless Chromium (Debian package) for the real-browser test in make test
	command -v chromium || (apt-get update && apt-get install -y --no-install-recommends chromium)
# ------------------------------------------------------------------------------------------------------------

benchmark: $(STAMP) ## Time the notebooks, the tests and the profiles against an empty-notebook floor
	$(PY) benchmarks/run.py

# --- teaching room: the route's build, a class workspace, a worksheet per force -------------------------
.PHONY: teaching class worksheet assignment
teaching: data ## Execute the lesson solutions; rewrite teaching/lessons, docs/glossary.md, docs/teachers-overview.md
	$(PY) -m analysis teaching

class: $(STAMP) ## Copy the lessons (no solutions) into classroom/ (git-ignored; existing files kept)
	$(PY) -m analysis class

# FORCE reaches the program only through the environment (never pasted into the shell command line)
worksheet: override export FORCE := $(value FORCE)
worksheet: $(STAMP) ## Worksheet and answer key for one force: make worksheet FORCE="Dyfed-Powys"
	$(PY) -m analysis worksheet

# FORCE reaches the program only through the environment (never pasted into the shell command line)
assignment: override export FORCE := $(value FORCE)
assignment: $(STAMP) ## Marked assignments for one force (briefs, model answers, marking sheets): make assignment FORCE="Gwent"
	$(PY) -m analysis assignment

clean: ## Remove the virtual environment, caches and generated force profiles (keeps the committed default)
	rm -rf $(VENV) build *.egg-info
	find reports -mindepth 1 -maxdepth 1 -type d ! -name staffordshire -exec rm -rf {} +
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
