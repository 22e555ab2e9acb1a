# The two commands of the README: `make demo` and `make test`.
# Both create .venv with the first python3 (3.11+) on PATH and install with
# constraints.txt, which pins torch to the CPU build.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --disable-pip-version-check -q -c constraints.txt

.PHONY: demo gallery test lint typecheck pytest bench clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "schedax needs Python 3.11+")'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-all: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) -e ".[all]"
	touch $@

$(VENV)/.installed-dev: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) -e ".[dev]"
	$(PIP) --no-deps timm==1.0.31  # timm.scheduler only: timm's deps pull torchvision (no CPU build)
	touch $@ $(VENV)/.installed-all

demo: $(VENV)/.installed-all
	$(BIN)/python -m schedax demo

# the README's gallery image (commit docs/gallery.png after looking at it)
gallery: $(VENV)/.installed-all
	$(BIN)/python -m schedax demo -o docs/gallery.png

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

pytest: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -q

test: lint typecheck pytest

bench: $(VENV)/.installed-dev
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis *.egg-info
