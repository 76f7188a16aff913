# Kumppani — `make run` serves the app, `make test` runs every suite. See README.md.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
KUMPPANI := $(VENV)/bin/kumppani
HOST ?= 127.0.0.1
PORT ?= 8000
PG_ADMIN_URL ?= postgresql://postgres@127.0.0.1:5432/postgres
PG_TEST_DB ?= kumppani_test_$(shell date +%s)_$$$$
PYTEST := $(PY) -m pytest -p no:cacheprovider

.PHONY: help run test test-fast lint types contracts openapi client bench clean \
        install install-dev frontend-deps frontend-build chromium test-sqlite test-postgres \
        test-e2e test-frontend

help:
	@echo "make run    - install, build the web app, migrate, load demo data, serve on http://$(HOST):$(PORT)"
	@echo "make test   - every suite: lint, types, import contracts, unit, integration (SQLite and PostgreSQL), API, contract, frontend, browser"
	@echo "make bench  - benchmarks on PostgreSQL (accounts, service requests, sales, segments over 1,000,000 accounts, a year of care plans for 10,000 accounts)"

# ------------------------------------------------------------------ set-up
$(PY):
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

$(UV): | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check "$$(grep -E '^uv==' requirements/dev.txt)"

$(VENV)/.base: requirements/base.txt pyproject.toml | $(UV)
	$(UV) pip install --quiet --python $(PY) -r requirements/base.txt
	$(UV) pip install --quiet --python $(PY) --no-deps -e .
	touch $@

$(VENV)/.dev: requirements/dev.txt pyproject.toml | $(UV)
	$(UV) pip install --quiet --python $(PY) -r requirements/dev.txt
	$(UV) pip install --quiet --python $(PY) --no-deps -e .
	touch $@ $(VENV)/.base

install: $(VENV)/.base
install-dev: $(VENV)/.dev

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error

frontend-deps: frontend/node_modules/.package-lock.json

frontend-build: frontend-deps
	cd frontend && npm run --silent build

chromium:
	@command -v chromium >/dev/null || { \
	  echo "Installing Debian chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# ------------------------------------------------------------------ run
run: install frontend-build
	$(KUMPPANI) migrate
	$(KUMPPANI) seed-demo --if-empty
	@echo "Demo logins: admin@kumppani.example (and the users listed at first start), password kumppani-demo"
	$(KUMPPANI) serve --host $(HOST) --port $(PORT)

# ------------------------------------------------------------------ checks
lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

types: install-dev
	$(VENV)/bin/mypy api domain persistence

contracts: install-dev
	$(VENV)/bin/lint-imports
	$(KUMPPANI) openapi export --check

openapi: install-dev
	$(KUMPPANI) openapi export
	cd frontend && npm run --silent generate

test-frontend: frontend-deps
	cd frontend && npm run --silent typecheck
	cd frontend && npm run --silent check-client
	cd frontend && npm run --silent test

test-sqlite: install-dev
	KUMPPANI_TEST_DATABASE_URL= $(PYTEST) -m "not e2e" -q

test-postgres: install-dev
	@db="$(PG_TEST_DB)"; \
	$(PY) -m tests.pgdb create "$$db"; \
	trap '$(PY) -m tests.pgdb drop "$$db"' EXIT; \
	KUMPPANI_TEST_DATABASE_URL="postgresql+asyncpg://postgres@127.0.0.1:5432/$$db" \
	  $(PYTEST) -m "integration or api or contract" -q

test-e2e: install-dev chromium frontend-build
	$(PYTEST) -m e2e -q

test-fast: install-dev
	$(PYTEST) -m unit -q

test: lint types contracts test-frontend test-sqlite test-postgres test-e2e

# The issue's sizes by default; smaller e.g. `make bench SEGMENT_ACCOUNTS=100000
# SEGMENT_CONTACTS=300000 CAREPLAN_ACCOUNTS=1000`. The segments database is kept between
# runs (a re-run skips the load); BENCH_SEGMENTS_ARGS=--drop drops it at the end.
SEGMENT_ACCOUNTS ?= 1000000
SEGMENT_CONTACTS ?= 3000000
SEGMENT_ORDERS ?= $(SEGMENT_ACCOUNTS)
CAREPLAN_ACCOUNTS ?= 10000
CAREPLAN_HORIZON_DAYS ?= 365
BENCH_SEGMENTS_ARGS ?=

bench: install-dev
	$(PY) -m bench.run
	$(PY) -m bench.service
	$(PY) -m bench.sales
	$(PY) -m bench.segments --accounts $(SEGMENT_ACCOUNTS) --contacts $(SEGMENT_CONTACTS) \
	    --orders $(SEGMENT_ORDERS) $(BENCH_SEGMENTS_ARGS)
	$(PY) -m bench.careplans --accounts $(CAREPLAN_ACCOUNTS) --horizon $(CAREPLAN_HORIZON_DAYS)

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist var .mypy_cache .ruff_cache
