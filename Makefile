# Two commands for a fresh machine (see README):  make demo   |   make test
# Only Python 3.13 is needed; uv is installed into .tools/ and the project into .venv/.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.13 2>/dev/null || command -v python3)
UV_VERSION := 0.13.9
UV := .tools/bin/uv
VENV := .venv
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
PORT ?= 8000

.PHONY: install demo test lint typecheck check-migrations ci clean

$(UV):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 13) else "Python 3.13 is required; found " + sys.version.split()[0] + " at $(PYTHON). Set PYTHON=/path/to/python3.13.")'
	$(PYTHON) -m venv .tools
	.tools/bin/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python "$$($(PYTHON) -c 'import sys; print(sys.executable)')"
	@touch $@

install: $(VENV)/.installed

## Install, create the SQLite database, load the demo Đảng bộ, print the demo accounts, serve (with the task worker).
demo: install
	$(VENV)/bin/sotay migrate --no-input
	SOTAY_STAFF_2FA=0 $(VENV)/bin/sotay demo --url http://127.0.0.1:$(PORT)/
	@# The task worker (notifications, reminders, daily snapshots) runs beside the web server and stops with it.
	SOTAY_STAFF_2FA=0 $(VENV)/bin/sotay worker --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	SOTAY_STAFF_2FA=0 $(VENV)/bin/sotay runserver 127.0.0.1:$(PORT)

## The whole test suite (SQLite unless DATABASE_URL names a PostgreSQL database).
test: install
	@status=0; \
	$(VENV)/bin/pytest -n 2 --dist loadfile -m "not browser" || status=$$?; \
	$(VENV)/bin/pytest -m browser -p no:xdist || status=$$?; \
	exit $$status

lint: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

typecheck: install
	$(VENV)/bin/mypy sotay

check-migrations: install
	$(VENV)/bin/sotay makemigrations --check --dry-run

clean:
	rm -rf .tools $(VENV) var
