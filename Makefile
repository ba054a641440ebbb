# Vestnik — the two set-up commands are `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
DEMO_ENV := DJANGO_DEBUG=1
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help demo test test-midnight install lock e2e-tools lint format check serve messages bench bench-emergency bench-subscribers bench-partnerships clean backup restore fonts screenshots

help: ## Print the targets and what each does
	@awk -F':.*## ' '/^[a-z][a-z0-9-]*:.*## / {printf "  make %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Exact versions from the lock file; pyproject.toml keeps the compatible ranges.
$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $@

install: $(VENV)/.installed ## Create .venv/ and install the locked dependencies (runtime and development)

lock: | $(BIN)/python ## Re-lock exact versions after changing the ranges in pyproject.toml (pip-tools)
	$(BIN)/python -m pip install --quiet "pip-tools>=7.4,<8"
	$(BIN)/pip-compile --quiet --extra dev --strip-extras --allow-unsafe --no-emit-index-url \
	  --no-emit-find-links --no-header -o requirements.lock pyproject.toml

# The browser tests' tools (tests/e2e): axe-core and vnu.jar from npm, as locked. Chromium and
# Java come from apt (`apt-get install chromium default-jre-headless`); nothing is downloaded
# by install scripts.
E2E := tests/e2e
e2e-tools: $(E2E)/node_modules/.installed ## The browser tests' tools: axe-core and vnu.jar from npm, as locked

$(E2E)/node_modules/.installed: $(E2E)/package.json $(E2E)/package-lock.json
	cd $(E2E) && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# The demo runs as production does (DEBUG off, so the site's own 404 and 500 pages show), over
# plain HTTP on this machine, with a secret key generated once and kept in var/.
DEMO_SECRET := var/demo-secret-key
DEMO_SITE_ENV = DJANGO_DEBUG=0 DJANGO_SECRET_KEY="$$(cat $(DEMO_SECRET))" DJANGO_USE_TLS=0 \
	DJANGO_SERVE_MEDIA=1 DJANGO_ALLOWED_HOSTS="$(HOST),127.0.0.1,localhost" \
	SITE_URL="http://$(HOST):$(PORT)"

$(DEMO_SECRET): | $(BIN)/python
	mkdir -p var
	umask 077 && $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(64))" > $@

demo: install $(DEMO_SECRET) ## Migrate, load the demo content, print the logins, run a task worker and serve on http://127.0.0.1:8000/ (HOST=, PORT= to change)
	$(DEMO_SITE_ENV) $(MANAGE) migrate --noinput
	$(DEMO_SITE_ENV) $(MANAGE) demo_content
	$(DEMO_SITE_ENV) $(MANAGE) collectstatic --noinput -v0
	@echo ""
	@echo "  Вестник работает: http://$(HOST):$(PORT)/"
	@echo "  Редакция (админка): http://$(HOST):$(PORT)/admin/"
	@echo "  Демонстрационные учётные записи (пароль у всех vestnik-demo-2026):"
	@echo "    glavred, redaktor   главный редактор: публикует, планирует, возвращает, журнал действий"
	@echo "    avtor               автор: свои черновики, отправляет их на согласование"
	@echo "    partnery            специалист по партнёрству: партнёры, соглашения, события, планы"
	@echo "    dezhurny            дежурный: объявления на сайте (тревога, отключения, траур) без главного редактора"
	@echo "  Письма (выводятся ниже) отправляет обработчик очереди задач, запущенный рядом с сервером."
	@echo "  Остановить: Ctrl-C."
	@echo ""
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEMO_SITE_ENV) $(MANAGE) run_worker & worker=$$!; \
	$(DEMO_SITE_ENV) $(MANAGE) runserver $(HOST):$(PORT)

test: install ## The whole test suite on SQLite, and on PostgreSQL too (side by side) when DATABASE_URL points at one
	@case "$$DATABASE_URL" in \
	  postgres*) \
	    echo "== on SQLite and on PostgreSQL side by side, one process each (the browser tests run"; \
	    echo "   once, in the PostgreSQL pass); PostgreSQL: $$DATABASE_URL"; \
	    mkdir -p var; \
	    env -u DATABASE_URL REDIS_URL="$$SQLITE_PASS_REDIS_URL" $(BIN)/pytest -m "not e2e" \
	      > var/test-sqlite.log 2>&1 & sqlite=$$!; \
	    $(BIN)/pytest > var/test-postgresql.log 2>&1; postgresql=$$?; \
	    wait $$sqlite; sqlite=$$?; \
	    echo "== on SQLite"; cat var/test-sqlite.log; \
	    echo "== on PostgreSQL, browser tests included"; cat var/test-postgresql.log; \
	    test $$sqlite -eq 0 -a $$postgresql -eq 0 ;; \
	  *) \
	    env -u DATABASE_URL $(BIN)/pytest && \
	    echo "== DATABASE_URL is not PostgreSQL: ran on SQLite only" ;; \
	esac

# The date-heavy folders with the clock started at 23:30 UTC and at 00:30 Moscow time, when
# the Moscow date is not the UTC one (tests/conftest.py, VESTNIK_FREEZE_AT). The date tests of
# `make test` already run at both instants (the near_midnight fixture); this is the wider check.
MIDNIGHT_TESTS := tests/news tests/partnerships tests/search tests/workflow tests/api
test-midnight: install ## The date-heavy test folders with the clock at 23:30 UTC, then 00:30 Moscow time
	VESTNIK_FREEZE_AT=2026-12-31T23:30:00Z env -u DATABASE_URL $(BIN)/pytest -q $(MIDNIGHT_TESTS)
	VESTNIK_FREEZE_AT=2026-12-31T21:30:00Z env -u DATABASE_URL $(BIN)/pytest -q $(MIDNIGHT_TESTS)

# Templates are indented by djhtml, stylesheets laid out one declaration a line by css-beautify.
TEMPLATES := templates
CSS := $(wildcard static/css/*.css)
CSS_BEAUTIFY := $(BIN)/css-beautify --indent-size 2 --end-with-newline --space-around-combinator

lint: install ## ruff, djhtml and css-beautify checks, the import-linter layering contracts and mypy on portal/
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check $(TEMPLATES)
	@for css in $(CSS); do $(CSS_BEAUTIFY) "$$css" | cmp -s - "$$css" || { echo "$$css is not formatted: make format"; exit 1; }; done
	$(BIN)/lint-imports
	$(DEMO_ENV) $(BIN)/mypy

format: install ## Fix what ruff can and format the code, templates and stylesheets
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml $(TEMPLATES)
	$(CSS_BEAUTIFY) --replace $(CSS)

check: install ## Django's system checks and makemigrations --check
	$(DEMO_ENV) $(MANAGE) check
	$(DEMO_ENV) $(MANAGE) makemigrations --check --dry-run

serve: install $(DEMO_SECRET) ## Serve the site as make demo does, without loading the demo content
	$(DEMO_SITE_ENV) $(MANAGE) collectstatic --noinput -v0
	$(DEMO_SITE_ENV) $(MANAGE) runserver $(HOST):$(PORT)

messages: install ## Refresh locale/ru after changing UI strings (needs GNU gettext)
	$(DEMO_ENV) $(MANAGE) makemessages --locale ru --no-obsolete --ignore ".venv/*" --ignore "var/*" --ignore ".wt/*"
	$(DEMO_ENV) $(MANAGE) compilemessages --locale ru --ignore ".venv/*"

# The self-hosted typeface: PT Sans and PT Serif from Debian's fonts-paratype, subset to Latin,
# Cyrillic and Russian punctuation (static/fonts/README.md).
fonts: install ## Regenerate static/fonts/*.woff2 from Debian's fonts-paratype (apt-get install fonts-paratype)
	$(BIN)/python docs/fonts/make_fonts.py

# Serves the demo on a free port with a temporary SQLite database, or uses URL= a running site.
screenshots: install ## PNGs of the home, an article, the agreement and the admin form at 1366 and 375 px into docs/screenshots/
	$(BIN)/python docs/screenshots/make_screenshots.py $(if $(URL),--url $(URL))

bench: install ## The load benchmark on PostgreSQL + Redis (needs wrk); writes bench/results.md
	$(BIN)/python bench/run.py $(BENCH_ARGS)

bench-emergency: install ## «Emergency day»: 64 connections for 60 s while an editor publishes every 5 s, protection off/on (after make bench)
	$(BIN)/python bench/emergency.py $(BENCH_ARGS)

bench-subscribers: install ## Publishing with 10,000 subscribers, mails/s, the pages meanwhile; writes bench/subscribers.md
	$(BIN)/python bench/subscribers.py --subscribers 10000 --duration 10 --output bench/subscribers.md $(SUBSCRIBERS_ARGS)

bench-partnerships: install ## The yearly report and the plans dashboard at 1,000 agreements, 5,000 events, 200 plans; writes bench/partnerships.md
	$(BIN)/python bench/partnerships.py $(PARTNERSHIPS_ARGS)

# Production runs these with its own environment (DJANGO_SECRET_KEY, DATABASE_URL, ...);
# without a secret key in the environment they use the demo settings, like `make demo`.
BACKUP_ENV := $(if $(DJANGO_SECRET_KEY),,$(DEMO_ENV))

backup: ## Back up the database and media into var/backups/<timestamp>/
	$(BACKUP_ENV) $(MANAGE) backup

restore: ## Restore a backup: make restore BACKUP=var/backups/<timestamp>
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=var/backups/<timestamp>"; exit 2; }
	$(BACKUP_ENV) $(MANAGE) restore --noinput "$(BACKUP)"

clean: ## Remove .venv/ and collected static files
	rm -rf $(VENV) var/static
