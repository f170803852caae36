# Two commands for a fresh machine (Python 3.11+ and npm):
#   make run   - install into .venv, migrate, load demo content, serve http://127.0.0.1:8000
#   make test  - install test dependencies and run the whole suite (SQLite, then PostgreSQL)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev assets lint

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-deps: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.run-deps $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# The public stylesheet: Bootstrap's Sass sources and the portal's CSS, compiled offline from
# node_modules into build/static/ (gitignored, one of STATICFILES_DIRS).
SITE_CSS := build/static/css/site.css
SASS_FLAGS := --style=compressed --no-source-map --quiet-deps --silence-deprecation=import --load-path=node_modules

$(SITE_CSS): node_modules/.package-lock.json $(wildcard static/scss/*.scss) $(wildcard static/css/*.css)
	@mkdir -p $(dir $@)
	node_modules/.bin/sass $(SASS_FLAGS) static/scss/site.scss $@

assets: $(SITE_CSS)

install: $(VENV)/.run-deps assets

install-dev: $(VENV)/.dev-deps assets

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo "Cổng thông tin: http://$(HOST):$(PORT)/   Quản trị: http://$(HOST):$(PORT)/quan-tri/"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install-dev
	scripts/run-tests

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
