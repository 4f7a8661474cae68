# Two commands do all the set-up on a fresh machine with Python 3.11, make and Node/npm:
#   make run   — install, migrate, load demo data (first run), serve on http://127.0.0.1:$(PORT)
#   make test  — install and run the whole test suite
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
# `make run` serves with the development settings; tests always use lvv.conf.test (fast
# password hashing, in-memory SQLite), whatever the shell has set.
RUN_SETTINGS ?= lvv.conf.dev

.PHONY: setup run test lint format bench clean messages schema security

# Reinstall only when the pins change.
$(BIN)/.installed: pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

setup: $(BIN)/.installed node_modules/.installed

run: setup
	@mkdir -p var
	DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(BIN)/lvv migrate --no-input
	DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(BIN)/lvv seed_demo
	@echo "Serving on http://$(HOST):$(PORT)  (stop with Ctrl+C)"
	DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(BIN)/lvv runserver $(HOST):$(PORT)

# Two workers: the machines have two cores. TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= 2
test: setup
	DJANGO_SETTINGS_MODULE=lvv.conf.test $(BIN)/python -m pytest -n $(TEST_WORKERS) \
		--durations=10 $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# bandit (medium and up) and pip-audit; fails when the vulnerability service is unreachable
# unless LVV_PIP_AUDIT_OFFLINE=skip (see .ci/security).
security: setup
	.ci/security

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Regenerate the published OpenAPI document; CI fails when the committed copy is stale.
schema: setup
	DJANGO_SETTINGS_MODULE=lvv.conf.test $(BIN)/lvv spectacular --validate --fail-on-warn \
		--format openapi-json --file docs/api/openapi.json

messages: setup
	cd src/lvv && DJANGO_SETTINGS_MODULE=lvv.conf.test ../../$(BIN)/lvv makemessages -l nl -l en --no-obsolete -i "*/tests/*" && ../../$(BIN)/lvv compilemessages

bench: setup
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) node_modules var/static
