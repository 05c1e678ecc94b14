# The two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test lint format setup system-deps venv db bench serve-prod clean

## run: install what is missing, migrate, load the catalogue, serve on http://127.0.0.1:8000
run: setup db
	$(PY) manage.py runserver $(HOST):$(PORT)

## test: the whole suite on SQLite (unit, integration, browser tests in chromium), then unit + integration
##       on a throwaway PostgreSQL (installed if missing); with DATABASE_URL set, one pass on that database
test: setup
	@PYTEST_ARGS="$(PYTEST_ARGS)" bash scripts/test.sh

## serve-prod: collectstatic, migrate, load the catalogue, then gunicorn with production settings on
##             http://127.0.0.1:8000 (DJANGO_SECRET_KEY from the environment; a throwaway one if unset)
serve-prod: setup
	@HOST=$(HOST) PORT=$(PORT) bash scripts/serve-prod.sh

## bench: latency, SQL queries, PDF times and a 60 s load test against gunicorn on 127.0.0.1, one server
##        and two sharing a throwaway Redis (~3 min)
bench: setup
	@bash scripts/install-system-deps.sh redis-server
	$(PY) bench/run.py

## lint: ruff
lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

setup: system-deps venv

system-deps:
	@bash scripts/install-system-deps.sh

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

db: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_catalogue
	$(PY) manage.py create_demo_agents

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
