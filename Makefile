# Introsak: `make run` sets everything up and serves the demo; `make test` runs the suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The demo runs with DEBUG on and the second factor off; production sets neither (.env.example).
DEMO_ENV := INTROSAK_DEBUG=true INTROSAK_REQUIRE_2FA=false

.PHONY: run test lint bench messages assets setup clean

$(BIN)/introsak: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# Designsystemet CSS when npm is present; without it the app uses its own small stylesheet.
assets:
	@if command -v npm >/dev/null 2>&1; then \
		if [ ! -d node_modules/@digdir/designsystemet-css ]; then \
			npm install --no-audit --no-fund --loglevel=error || echo "npm install failed: using the fallback stylesheet"; \
		fi; \
	else echo "npm not found: using Introsak's own stylesheet instead of Designsystemet"; fi

setup: $(BIN)/introsak assets
	$(BIN)/python -m introsak.translations

run: setup
	$(DEMO_ENV) $(BIN)/introsak migrate --noinput
	$(DEMO_ENV) $(BIN)/introsak load_demo
	@echo ""
	@echo "Introsak kjører på http://127.0.0.1:$(PORT)/  (Ctrl+C stopper)"
	$(DEMO_ENV) $(BIN)/introsak runserver 127.0.0.1:$(PORT) --noreload

test: $(BIN)/introsak
	$(BIN)/python -m introsak.translations
	$(BIN)/pytest

lint: $(BIN)/introsak
	$(BIN)/ruff check src
	$(BIN)/ruff format --check src

# Extract new strings from the code into the .po files (needs GNU gettext's xgettext).
messages: $(BIN)/introsak
	cd src/introsak && INTROSAK_DEBUG=true ../../$(BIN)/introsak makemessages -l nb -l en --no-obsolete --no-location
	$(BIN)/python -m introsak.translations

# Benchmarks print their figures; results are kept in bench/RESULTS.md.
bench: $(BIN)/introsak
	$(BIN)/python bench/attendance.py --participants 25 --month 2026-06
	$(BIN)/python bench/payroll.py --participants 1000
	$(BIN)/python bench/reporting.py --participants 2000

clean:
	rm -rf $(VENV) node_modules var
