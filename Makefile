# The two commands of the README: `make run` and `make test`. Everything else is a step of those.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
MYSTAR_TEST_POSTGRES_URL ?= postgresql+asyncpg://postgres@127.0.0.1:5432/mystar_test
export MYSTAR_TEST_POSTGRES_URL

.PHONY: run test install install-dev lint typecheck layers unit integration fuzz browser chromium migrate demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

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

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
