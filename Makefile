# CSP Portal: `make run` to try it, `make test` to check it. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# The first Python 3.12+ found; override with `make run PYTHON=/path/to/python3`.
PYTHON ?= $(shell for p in python3.13 python3.12 python3 \
	$(HOME)/.pyenv/versions/3.13*/bin/python3 $(HOME)/.pyenv/versions/3.12*/bin/python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { echo $$p; break; }; \
	done)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: help install system-packages run test lint format migrate seed bench

help:
	@echo "make run    set everything up and serve the portal on http://127.0.0.1:$(PORT)/"
	@echo "make test   run the whole test suite"
	@echo "make lint   ruff check, and format checks of the code and the templates"
	@echo "make bench  load benchmark on PostgreSQL (see docs/benchmarks.md)"

$(VENV)/.installed: pyproject.toml
	@if [ -z "$(PYTHON)" ]; then \
		echo "CSP Portal needs Python 3.12 or newer, and none was found."; \
		echo "Install Python 3.12+ (python3.12 or python3.13 on PATH) or run: make PYTHON=/path/to/python3.12"; \
		exit 1; \
	fi
	@[ -x $(PY) ] || { echo "Creating $(VENV) with $(PYTHON)"; $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; \
		print("\n".join(p["dependencies"] + p["optional-dependencies"]["dev"]))' \
		| xargs $(PY) -m pip install --quiet --disable-pip-version-check
	@touch $@

install: $(VENV)/.installed

# The Debian packages the tests need (PDF text, Chromium, WeasyPrint's libraries): installed
# when run as root, otherwise named with the exact command to install them.
system-packages:
	@scripts/system-packages

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py load_seed_partnership
	$(PY) manage.py load_seed_plans
	$(PY) manage.py load_seed_indicators
	$(PY) manage.py create_demo_accounts
	$(PY) manage.py freeze_closed_rounds

run: seed
	@echo "Serving the portal on http://127.0.0.1:$(PORT)/ (Ctrl+C to stop)"
	DEBUG=True $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The suite runs in parallel, one worker per core (PYTEST_WORKERS=0: in this process); each
# worker has its own test database, and gets whole modules, whose shared data it builds once.
PYTEST_WORKERS ?= auto

test: install system-packages
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadscope $(PYTEST_ARGS)

# Djade formats the Django template syntax of the templates (tags, filters, {% load %}), not
# their HTML, so what a page renders does not change.
TEMPLATES = $(shell find templates -type f -name '*.html' -o -type f -name '*.txt' -o -type f -name '*.xml')
DJADE := $(VENV)/bin/djade --target-version 6.1

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(DJADE) --check $(TEMPLATES)

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	@# Djade exits 1 when it has rewritten a file: then check that all is formatted now.
	$(DJADE) $(TEMPLATES) || $(DJADE) --check $(TEMPLATES)

# Needs PostgreSQL (DB_HOST, DB_USER, ...) and wrk; writes docs/benchmarks.md.
bench: install
	$(PY) benchmarks/run.py $(BENCH_ARGS)
