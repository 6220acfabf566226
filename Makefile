# Pay It Forward — `make run` to try it, `make test` to check it.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: install install-dev lock run test lint layers fmt typecheck migrations-check worker beat bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Stamp files: reinstall only when a lock file changes. The lock files pin every package,
# direct or not, with its hashes: what CI tested is exactly what the image runs.
$(VENV)/.installed: requirements.lock | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	touch $@

$(VENV)/.installed-dev: requirements.lock requirements-dev.lock | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

# After editing requirements*.txt: re-resolve both lock files (the dev one keeps the runtime
# versions). tests/site/test_lockfile.py fails when a requirement is missing from a lock.
PIP_COMPILE := $(PY) -m piptools compile --quiet --generate-hashes --strip-extras --allow-unsafe \
	--no-emit-find-links --no-emit-index-url
lock: $(VENV)/.installed-dev
	$(PIP_COMPILE) --output-file requirements.lock requirements.txt
	$(PIP_COMPILE) --constraint requirements.lock --output-file requirements-dev.lock \
		requirements-dev.txt

# axe-core (from npm) is only for the browser accessibility tests; npm ci reinstalls on a lock change.
# Without npm the suite still runs: those tests skip, or fail under REQUIRE_BROWSER=1 as CI sets.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund && touch $@; \
	else echo "npm not found: axe-core not installed, the accessibility tests will skip"; fi

install-dev: $(VENV)/.installed-dev node_modules/.installed

# Without REDIS_URL, beat runs beside the web server and executes the periodic jobs in-process
# (tasks are eager), so reminders go out with no broker server at all.
# Links in emails point at the port this server listens on (unless SITE_URL says otherwise).
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@mkdir -p .run
	@echo "Serving on http://127.0.0.1:$(PORT)/ (Ctrl+C stops the web server and beat)"
	@$(PY) -m celery -A mentoring beat --loglevel=warning \
		--schedule .run/celerybeat-schedule --pidfile= & BEAT=$$!; \
	trap 'kill $$BEAT 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# The static checks run side by side, then the suite: pytest-xdist in three processes on the
# two cores, each with its own test database; the third fills the time the others spend
# waiting on PostgreSQL, Redis, Chromium and worker processes. worksteal: a process that runs
# out of tests takes some from one that still has many, so no long test waits at the end of
# one queue. The suite starts Python dozens of times (xdist, Celery workers, manage.py in a
# subprocess), so it keeps compiled modules even where the machine says not to write them:
# each start then skips compiling (collection alone went from 12 s to 5 s a process).
test: install-dev
	@$(MAKE) --no-print-directory -j4 lint layers typecheck migrations-check
	env -u PYTHONDONTWRITEBYTECODE $(PY) -m pytest -n 3 --dist worksteal

lint: install-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

# The import-linter contracts in pyproject.toml: layers, a pure engine, no cycles.
layers: install-dev
	$(VENV)/bin/lint-imports

# mypy with django-stubs; its cache (.mypy_cache) makes a re-run take seconds. A setting added
# after a module that reads it was checked can stay reported missing: rm -rf .mypy_cache.
typecheck: install-dev
	$(PY) -m mypy mentoring matching events

fmt: install-dev
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

migrations-check: install-dev
	$(PY) manage.py makemigrations --check --dry-run

worker: install
	$(PY) -m celery -A mentoring worker --loglevel=info

beat: install
	@mkdir -p .run
	$(PY) -m celery -A mentoring beat --loglevel=info --schedule .run/celerybeat-schedule

bench: install-dev
	$(PY) bench/matching.py

clean:
	rm -rf $(VENV) node_modules .run staticfiles .pytest_cache .ruff_cache .mypy_cache
