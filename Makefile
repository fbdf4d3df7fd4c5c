# Two commands set everything up on a fresh machine that has only Python:
#   make build   creates .venv, installs the package, builds the dataset into dist/
#   make test    the same set-up where needed, then the test suite
# Everything is installed from the lock, constraints.txt, so that the same inputs give the same
# bytes on every machine (the Parquet writer, the figure and the card depend on library versions).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PIP_INSTALL := $(BIN)/python -m pip install --quiet --disable-pip-version-check

.PHONY: build test check lint format bench readers-lowest lowest lock clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -c constraints.txt -e ".[dev]"
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/python build.py

test: $(STAMP)
	$(BIN)/python -m pytest -q

check: $(STAMP)
	$(BIN)/python build.py --check

# Code style (ruff, configured in pyproject.toml) and annotation consistency.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/interview-dataset lint

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# The README's loading snippets against the oldest `datasets` releases readers may have
# (needs dist/: run `make build` first).
readers-lowest: $(STAMP)
	$(BIN)/python tests/old_stacks.py readers

# The build with the lowest versions that pyproject.toml's ranges allow (output not byte-identical
# to the lock's: that is what the lock is for).
lowest: $(STAMP)
	$(BIN)/python tests/old_stacks.py build

# Re-lock after changing dependencies: a fresh venv from pyproject.toml's ranges, frozen.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	head -2 constraints.txt > .constraints.new
	.venv-lock/bin/python -m pip freeze --exclude-editable | sed '/^interview.dataset/d' >> .constraints.new
	mv .constraints.new constraints.txt
	rm -rf .venv-lock

clean:
	rm -rf dist .dist-build-* $(VENV) .venv-old-*
