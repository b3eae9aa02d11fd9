# Hearth: `make demo` serves a demo on SQLite; `make test` runs every check.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_WORKERS ?= 2
export HEARTH_PGTEST_PORT

.PHONY: setup demo test system-deps lint typecheck test-sqlite test-postgres test-browser test-deploy bench lock clean

$(STAMP): requirements/lock.txt pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/lock.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

setup: $(STAMP)

demo: setup
	HEARTH_DEMO=1 $(BIN)/hearth demo

test: setup system-deps lint typecheck test-sqlite test-postgres test-deploy test-browser
	@echo "All checks passed."

system-deps:
	@scripts/system-deps

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/mypy hearth

test-sqlite: setup
	$(BIN)/pytest -m "not browser and not deploy" -n $(PYTEST_WORKERS) -q

test-postgres: setup system-deps
	scripts/pgtest run $(BIN)/pytest -m "not browser and not deploy" -n $(PYTEST_WORKERS) -q

# Caddy, two app servers, PostgreSQL, SMTP and upgrades, as docs/deploy.md runs them (127.0.0.1).
test-deploy: setup system-deps
	scripts/pgtest run $(BIN)/pytest tests/deploy -m deploy -q

test-browser: setup system-deps
	$(BIN)/pytest tests/browser -m browser -q

# BENCH_SIZE=small: 10 couples only, a few minutes; large (default): also 100,000 couples and
# ten million check-ins, on SQLite and PostgreSQL (long). Report: bench/out/report.md + .png
BENCH_SIZE ?= large

bench: setup
	@scripts/bench-deps
	$(PY) bench/run.py --size $(BENCH_SIZE)

lock:
	$(PY) -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements/lock.txt

clean:
	rm -rf $(VENV) var test-artifacts .mypy_cache .ruff_cache .pytest_cache
