# bill-sandbox: every command a developer needs. `make help` lists them.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install run dist test lint types unit pytest pytest-live bench fixtures clean e2e-deps postman-collection readme-lists

help: ## List the targets
	@grep -hE '^[a-zA-Z0-9_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-19s %s\n", $$1, $$2}'

RUNTIME := $(VENV)/.runtime

$(RUNTIME): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e .
	touch $(RUNTIME)

$(STAMP): $(RUNTIME)
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test]'
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install the package with its test tools

run: $(RUNTIME) ## Start the sandbox on 127.0.0.1:7431 (installs the runtime only; prints the Postman environment)
	$(BIN)/bill-sandbox serve

dist: $(RUNTIME) ## Build a wheel into dist/ (pip install dist/bill_sandbox-*.whl in your own project)
	$(BIN)/python -m pip wheel -q --no-deps -w dist .

e2e-deps: ## Install what the end-to-end tests drive (npm tools, Debian's chromium)
	@if [ -x scripts/bootstrap-e2e.sh ]; then scripts/bootstrap-e2e.sh; fi

lint: $(STAMP) ## ruff check and format check
	$(BIN)/ruff check src tests scripts bench
	$(BIN)/ruff format --check src tests scripts bench

types: $(STAMP) ## mypy (strict) on the package
	$(BIN)/mypy

LIVE_PYTEST_ARGS ?= tests/api tests/contract

pytest: $(STAMP) e2e-deps ## Every test layer (SQLite; PostgreSQL too when BILL_SANDBOX_TEST_DATABASE_URL is set), then the live pass
	$(BIN)/pytest $(PYTEST_ARGS)
	$(MAKE) --no-print-directory pytest-live

pytest-live: $(STAMP) ## The API and contract tests again, against real `bill-sandbox serve` processes (SQLite, 2 workers)
	BILL_SANDBOX_TEST_LIVE=1 $(BIN)/pytest -n 2 -m "not pg" $(LIVE_PYTEST_ARGS)

test: lint types pytest ## lint + types + every test: what CI runs

bench: $(STAMP) ## Benchmark a live server (wrk on loopback); prints req/s, p50/p99, cold start, memory (BENCH_ARGS=--quick)
	@command -v wrk >/dev/null || { command -v apt-get >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; } || { echo "bench needs wrk (apt-get install wrk)"; exit 1; }
	$(BIN)/python bench/run.py $(BENCH_ARGS)

fixtures: $(STAMP) ## Regenerate tests/fixtures/bill_reference.json from ../shared/bill-v3
	$(BIN)/python scripts/gen_reference.py

postman-collection: $(STAMP) e2e-deps ## Regenerate the Postman collection shipped in the package (Postman's converter; commit the result)
	$(BIN)/python scripts/gen_postman_collection.py

readme-lists: $(STAMP) ## Regenerate README.md's table of list filters and sorts from the code's ListSpecs
	$(BIN)/python scripts/gen_readme_lists.py

clean: ## Remove the venv, caches and local data
	rm -rf $(VENV) .bill-sandbox .mypy_cache .ruff_cache node_modules test-artifacts
