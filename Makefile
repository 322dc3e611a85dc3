# The two quick-start commands (`make run`, `make test`) need only Python 3.11 on the machine.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev
PG_URL ?= postgres://postgres@127.0.0.1:5432/ats_ci
REDIS_URL ?= redis://127.0.0.1:6379/15

.PHONY: run test test-schema test-postgres lint typecheck migrations-check format migrate demo worker clean \
	translations check-translations

RUN_STAMP := $(VENV)/.installed-run
# No version check, no byte-compiling of every installed file (Python compiles what it
# imports, once). pip is upgraded first: the one a venv starts with resolved the same
# install about four times slower (100 s against 27 s, measured).
PIP_INSTALL := $(BIN)/python -m pip install --quiet --disable-pip-version-check --no-compile

$(BIN)/python:
	@echo "== creating the virtual environment in $(VENV) …"
	$(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	@echo "== installing the project with its development tools …"
	$(PIP_INSTALL) -e '.[dev]'
	touch $(STAMP)

# `make run` needs the product and the demo's PDF writer only, not the test and lint tools;
# a venv that has the development install already has all of it.
$(RUN_STAMP): pyproject.toml | $(BIN)/python
	@if [ -f $(STAMP) ] && [ $(STAMP) -nt pyproject.toml ]; then :; else \
		echo "== installing the project (without the development tools) …"; \
		$(PIP_INSTALL) -e '.[demo]'; fi
	@touch $(RUN_STAMP)

var:
	mkdir -p var

migrate: $(RUN_STAMP) | var
	@echo "== migrating the database …"
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	@echo "== loading the demo (once; its CV parses are kept in var/cv-parse-cache/) …"
	$(BIN)/python manage.py load_demo

run: demo
	@echo "== serving on http://127.0.0.1:8000  (HR pages /hr/jobs/, API docs /api/docs/, admin /admin/)"
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# Tests run in parallel processes (pytest-xdist, one per core, at most 4), each with its own
# test database; PYTEST_ARGS adds options, e.g. `make test PYTEST_ARGS="-n 0 -k workflow"`.
PARALLEL := -n auto --maxprocesses=4 --dist=loadgroup
PYTEST_ARGS ?=

test: $(STAMP) | var
	$(BIN)/pytest $(PARALLEL) $(PYTEST_ARGS)

# Schemathesis against the API's OpenAPI schema (tests/schema, not part of `make test`): every
# operation, a few generated requests each, as HR, as an interviewer and anonymously, against a
# small seeded database of its own (var/test_schema.sqlite3, so it may run beside `make test`).
# Fails on any server error, undocumented status or body that does not match the schema, and
# prints "schemathesis: N operations, M cases, E errors, V violations".
test-schema: $(STAMP) | var
	ATS_SCHEMA_RUN=1 DATABASE_URL=sqlite:///var/schema.sqlite3 $(BIN)/pytest -n 0 -q tests/schema $(PYTEST_ARGS)

# The suite on PostgreSQL: every test that touches the database, in parallel, and beside it the
# integration tests, talking to real Celery workers on Redis (the tests start and stop the
# workers themselves, and print which workers and which database they used; they spend most of
# their minutes waiting for a killed worker's task to come back, so they run alongside, their
# output kept in var/test-integration.log and printed at the end). The tests that never touch
# the database run the same code on either one and are left to `make test`
# (ATS_DATABASE_TESTS_ONLY, see tests/conftest.py).
PG_ENV = DATABASE_URL=$(PG_URL) CELERY_BROKER_URL=$(REDIS_URL) CELERY_RESULT_BACKEND=$(REDIS_URL)
test-postgres: $(STAMP) | var
	@$(PG_ENV) $(BIN)/pytest -m integration $(PYTEST_ARGS) >var/test-integration.log 2>&1 & integration=$$!; \
	ATS_DATABASE_TESTS_ONLY=1 $(PG_ENV) $(BIN)/pytest $(PARALLEL) -m "not integration" $(PYTEST_ARGS); suite=$$?; \
	wait $$integration; integration_status=$$?; \
	echo "== integration tests (real Celery workers), run beside the suite:"; cat var/test-integration.log; \
	[ $$suite -eq 0 ] && [ $$integration_status -eq 0 ]

worker: $(STAMP)
	$(BIN)/celery -A ats worker -Q ats,cv --loglevel=INFO

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy with django-stubs and djangorestframework-stubs; strict for the engine, services,
# selectors, the CV parser and the pure modules (the list is in pyproject.toml).
typecheck: $(STAMP)
	$(BIN)/mypy .

# Fails when a model change has no migration.
migrations-check: $(STAMP) | var
	$(BIN)/python manage.py makemigrations --check --dry-run

# The Simplified Chinese catalogue: extract the marked strings (new ones arrive untranslated),
# then, after translating them in locale/zh_Hans/LC_MESSAGES/*.po, compile the .mo files
# (committed, so that `make run` needs no gettext). Needs GNU gettext (`apt-get install gettext`).
translations: $(STAMP)
	$(BIN)/python manage.py check_translations --compile

# Fails on any marked string without a zh_Hans translation, a fuzzy entry, or a stale .mo.
check-translations: $(STAMP)
	$(BIN)/python manage.py check_translations

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var
