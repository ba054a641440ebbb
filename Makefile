# Vestnik — the two set-up commands are `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
DEMO_ENV := DJANGO_DEBUG=1
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test test-midnight install e2e-tools lint format check serve messages bench clean backup restore

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet ".[dev]"
	touch $@

install: $(VENV)/.installed

## The browser tests' tools (tests/e2e): axe-core and vnu.jar from npm, as locked. Chromium and
## Java come from apt (`apt-get install chromium default-jre-headless`); nothing is downloaded
## by install scripts.
E2E := tests/e2e
e2e-tools: $(E2E)/node_modules/.installed

$(E2E)/node_modules/.installed: $(E2E)/package.json $(E2E)/package-lock.json
	cd $(E2E) && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

## Migrate, load the demo content, print the logins and serve on http://127.0.0.1:8000/
demo: install
	mkdir -p var
	$(DEMO_ENV) $(MANAGE) migrate --noinput
	$(DEMO_ENV) $(MANAGE) demo_content
	@echo ""
	@echo "  Vestnik is running at http://$(HOST):$(PORT)/"
	@echo "  Editors' admin:       http://$(HOST):$(PORT)/admin/"
	@echo "  Demo logins (password vestnik-demo-2026 for each):"
	@echo "    glavred, redaktor   chief editor: publishes, schedules, sends back, audit trail"
	@echo "    avtor               author: own drafts, submits them for review"
	@echo "    partnery            partnerships officer: partners, agreements, events, plans"
	@echo ""
	$(DEMO_ENV) $(MANAGE) runserver $(HOST):$(PORT)

## The whole test suite on SQLite, then again on PostgreSQL when DATABASE_URL points at one.
test: install
	env -u DATABASE_URL $(BIN)/pytest
	@case "$$DATABASE_URL" in \
	  postgres*) echo "== again on PostgreSQL: $$DATABASE_URL"; $(BIN)/pytest ;; \
	  *) echo "== DATABASE_URL is not PostgreSQL: ran on SQLite only" ;; \
	esac

## The date-heavy folders with the clock started at 23:30 UTC and at 00:30 Moscow time, when
## the Moscow date is not the UTC one (tests/conftest.py, VESTNIK_FREEZE_AT); CI runs it.
MIDNIGHT_TESTS := tests/news tests/partnerships tests/search tests/workflow tests/api
test-midnight: install
	VESTNIK_FREEZE_AT=2026-12-31T23:30:00Z env -u DATABASE_URL $(BIN)/pytest -q $(MIDNIGHT_TESTS)
	VESTNIK_FREEZE_AT=2026-12-31T21:30:00Z env -u DATABASE_URL $(BIN)/pytest -q $(MIDNIGHT_TESTS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install
	$(DEMO_ENV) $(MANAGE) check
	$(DEMO_ENV) $(MANAGE) makemigrations --check --dry-run

serve: install
	$(DEMO_ENV) $(MANAGE) runserver $(HOST):$(PORT)

## Refresh locale/ru after changing UI strings (needs GNU gettext).
messages: install
	$(DEMO_ENV) $(MANAGE) makemessages --locale ru --no-obsolete --ignore ".venv/*" --ignore "var/*"
	$(DEMO_ENV) $(MANAGE) compilemessages --locale ru --ignore ".venv/*"

## The load benchmark on PostgreSQL + Redis (needs wrk); writes bench/results.md.
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Production runs these with its own environment (DJANGO_SECRET_KEY, DATABASE_URL, ...);
# without a secret key in the environment they use the demo settings, like `make demo`.
BACKUP_ENV := $(if $(DJANGO_SECRET_KEY),,$(DEMO_ENV))

## Back up the database (pg_dump / SQLite copy) and media into var/backups/<timestamp>/
backup:
	$(BACKUP_ENV) $(MANAGE) backup

## Restore a backup: make restore BACKUP=var/backups/<timestamp>
restore:
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=var/backups/<timestamp>"; exit 2; }
	$(BACKUP_ENV) $(MANAGE) restore --noinput "$(BACKUP)"

clean:
	rm -rf $(VENV) var/static
