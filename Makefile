# Two commands set everything up on a fresh machine that has only Python:
#   make build   creates .venv, installs the package, builds the dataset into dist/
#   make test    the same set-up where needed, then the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test check lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/python build.py

test: $(STAMP)
	$(BIN)/python -m pytest -q

check: $(STAMP)
	$(BIN)/python build.py --check

lint: $(STAMP)
	$(BIN)/interview-dataset lint

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf dist .dist-build-* $(VENV)
