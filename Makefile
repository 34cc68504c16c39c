# Two entry points for a new user: `make run` and `make test`. Both create .venv when it is
# missing and install what they need into it, so they work on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: run test lint typecheck bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The stamp files record what is installed; they are rebuilt when pyproject.toml changes.
$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.run-installed

# The web app on the embedded default database (built-in MSS Haiti data); it prints its address.
run: $(VENV)/.run-installed
	$(BIN)/peaceledger serve --public  # anyone may read; writing needs `peaceledger user add` (docs/trust.md)

# The browser tests drive Debian's chromium (no browser download): install it when missing.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
test: $(VENV)/.test-installed
	command -v chromium >/dev/null || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium)
	PEACELEDGER_TEST_PG="$(PG_TEST_URL)" $(BIN)/python -m pytest

lint: $(VENV)/.test-installed
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

$(VENV)/.bench-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $@ $(VENV)/.test-installed $(VENV)/.run-installed

bench: $(VENV)/.bench-installed
	$(BIN)/python bench/state.py
	$(BIN)/python bench/extract.py
	$(BIN)/python bench/assess.py
	$(BIN)/python bench/api.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-artifacts
