# Bostøtte - common tasks. `make help` lists them.
#
#   make run            embedded PostgreSQL + Redis, migrate, demo data, web + worker + beat
#   make run ARGS="--port 8765 --no-demo"
#   make test           the test suite (real PostgreSQL and Redis, see scripts/ensure_services.py)
#   make lint           ruff format --check, ruff check, mypy
#
# Installs are stamp-based: `venv` reinstalls only when pyproject.toml changes, `assets` only
# when package.json/package-lock.json or scripts/build_assets.py change.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON_BOOT := $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
VENV_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
ASSETS_STAMP := static/vendor/VERSIONS.json
ARGS ?=
PYTEST_ARGS ?=

.PHONY: help venv assets run test lint bench clean-data

help:
	@echo "make venv        .venv with '.[dev,embedded]' (only reinstalls when pyproject.toml changes)"
	@echo "make assets      npm ci + copy DKFDS, htmx, Chart.js, axe-core into static/vendor/"
	@echo "make run         run everything locally (embedded PostgreSQL/Redis unless DATABASE_URL/REDIS_URL)"
	@echo "                 options: make run ARGS=\"--port 8765 --no-demo --reload\""
	@echo "make test        test suite"
	@echo "make lint        ruff format --check, ruff check, mypy"
	@echo "make bench       benchmarks (scripts/bench.sh)"
	@echo "make clean-data  delete .data/ (embedded databases, logs, collected static files)"

venv: $(VENV_STAMP)

$(VENV_STAMP): pyproject.toml
	@test -n "$(PYTHON_BOOT)" || { echo "python3.11/python3 not found" >&2; exit 1; }
	test -x $(PY) || $(PYTHON_BOOT) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,embedded]'
	touch $@

assets: $(ASSETS_STAMP)

$(NODE_STAMP): package.json $(wildcard package-lock.json)
	if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
	touch $@

$(ASSETS_STAMP): $(NODE_STAMP) scripts/build_assets.py
	$(PYTHON_BOOT) scripts/build_assets.py

run: venv assets
	$(PY) scripts/run_embedded.py $(ARGS)

test: venv assets
	.venv/bin/python scripts/ensure_services.py && .venv/bin/pytest -n 2 --dist loadfile $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy bostotte

bench: venv
	@if [ -f scripts/bench.sh ]; then bash scripts/bench.sh; \
	else echo "Ingen benchmarks endnu (scripts/bench.sh findes ikke)."; fi

clean-data:
	@if [ -f .data/pg/postmaster.pid ] && kill -0 "$$(head -n1 .data/pg/postmaster.pid)" 2>/dev/null; then \
		echo "Den indlejrede PostgreSQL kører stadig - stop 'make run' først." >&2; exit 1; fi
	rm -rf .data
