# Hearth: `make demo` serves a demo on SQLite; `make test` runs every check.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_WORKERS ?= 2
export HEARTH_PGTEST_PORT

.PHONY: setup install demo test system-deps lint typecheck migrations-check test-sqlite test-postgres test-browser test-deploy format messages bench lock clean

$(STAMP): requirements/lock.txt pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/lock.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

setup: $(STAMP)

# Production: only what Hearth needs to run (requirements/prod.txt), no test tools.
install:
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/prod.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .

demo: setup
	HEARTH_DEMO=1 $(BIN)/hearth demo

test: setup system-deps lint typecheck migrations-check test-sqlite test-postgres test-deploy test-browser
	@echo "All checks passed."

system-deps:
	@scripts/system-deps

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy --strict (pyproject.toml) over the app, the benchmarks and the tests alike.
TYPED := hearth bench tests

typecheck: setup
	$(BIN)/mypy $(TYPED)

# Every model change has its migration.
migrations-check: setup
	HEARTH_DEBUG=1 $(BIN)/hearth makemigrations --check --dry-run

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# German catalogues: each app keeps its own (hearth/<app>/locale/de), written the way the
# committed files are (no source locations, long lines unwrapped), then compiled to .mo.
messages: setup
	@for locale in hearth/*/locale; do \
		(cd $$(dirname $$locale) && HEARTH_DEBUG=1 $(abspath $(BIN))/hearth makemessages -l de --no-location --no-wrap) || exit 1; \
	done
	cd hearth && HEARTH_DEBUG=1 $(abspath $(BIN))/hearth compilemessages -l de

# --durations: the slowest tests are named in every run, so a slow one is seen early.
test-sqlite: setup
	$(BIN)/pytest -m "not browser and not deploy" -n $(PYTEST_WORKERS) -q --durations=20

test-postgres: setup system-deps
	scripts/pgtest run $(BIN)/pytest -m "not browser and not deploy" -n $(PYTEST_WORKERS) -q --durations=20

# Caddy, two app servers, PostgreSQL, SMTP and upgrades, as docs/deploy.md runs them (127.0.0.1).
test-deploy: setup system-deps
	scripts/pgtest run $(BIN)/pytest tests/deploy -m deploy -q --durations=20

test-browser: setup system-deps
	$(BIN)/pytest tests/browser -m browser -q --durations=20

# BENCH_SIZE=small: 10 couples only, a few minutes; large (default): also 100,000 couples and
# ten million check-ins, on SQLite and PostgreSQL (long). Report: bench/out/report.md + .png
BENCH_SIZE ?= large

bench: setup
	@scripts/bench-deps
	$(PY) bench/run.py --size $(BENCH_SIZE)

# lock.txt: everything, for development and `make test`; prod.txt: what a server runs.
lock:
	$(PY) -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements/lock.txt
	$(BIN)/uv pip compile pyproject.toml --extra install --generate-hashes --python-version 3.11 -c requirements/lock.txt -o requirements/prod.txt

clean:
	rm -rf $(VENV) var test-artifacts .mypy_cache .ruff_cache .pytest_cache
