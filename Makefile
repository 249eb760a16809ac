# The two commands of the README: `make run` and `make test`. Everything else is a step of those.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
MYSTAR_TEST_POSTGRES_URL ?= postgresql+asyncpg://postgres@127.0.0.1:5432/mystar_test
export MYSTAR_TEST_POSTGRES_URL

.PHONY: run test install install-dev install-bench lint typecheck layers unit integration fuzz browser chromium bench bench-quick migrate demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed-dev
	$(BIN)/pip install --quiet -e ".[dev,bench]"
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev
install-bench: $(VENV)/.installed-bench

## Serve the API on MYSTAR_HOST:MYSTAR_PORT (127.0.0.1:8000), after migrating and loading the demo catalogue.
run: install migrate demo
	$(BIN)/mystar serve

migrate: install
	$(BIN)/mystar db upgrade

demo: install
	$(BIN)/mystar demo

## Every check CI runs: lint, format, types, layer contracts, unit, integration (SQLite and PostgreSQL) and browser tests.
test: install-dev lint typecheck layers chromium
	$(BIN)/pytest

lint: install-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: install-dev
	$(BIN)/mypy src tests bench

layers: install-dev
	$(BIN)/lint-imports

unit: install-dev
	$(BIN)/pytest tests/unit

integration: install-dev
	$(BIN)/pytest tests/integration

## Schemathesis against the service's own OpenAPI document (MYSTAR_FUZZ_EXAMPLES per operation and mode, 25).
fuzz: install-dev
	$(BIN)/pytest tests/fuzz

browser: install-dev chromium
	$(BIN)/pytest tests/browser

chromium:
	scripts/ensure-chromium

## The benchmark (PostgreSQL, two workers, against the Django twin): about twenty minutes; writes bench/RESULTS.md.
bench: install-bench
	scripts/ensure-wrk
	cd bench && ../$(BIN)/python run.py

## A quick look: SQLite, one pass of two seconds a run; writes bench/RESULTS-quick.md.
bench-quick: install-bench
	scripts/ensure-wrk
	cd bench && ../$(BIN)/python run.py --sqlite --passes 1 --seconds 2 --results RESULTS-quick.md

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
