# Two commands for a newcomer: `make demo` and `make test`. Both bootstrap .venv themselves.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test lint bench clean pages chromium messages

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/ambassade-opt demo

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check ambassade_opt tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python -m benchmarks

# The pages in a real browser: Debian's chromium (and poppler-utils for the print preview), as root or via sudo.
chromium:
	command -v chromium >/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium poppler-utils; }

# Screenshots and print PDFs of the fr/nl report and public agenda pages, in benchmarks/results/pages/.
pages: $(STAMP) chromium
	$(BIN)/python scripts/render_pages.py --out benchmarks/results/pages

# After a text of the pages changed: extract the messages and merge them into the fr/nl catalogs.
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_ --no-location --sort-output --project ambassade_opt \
		--copyright-holder SMart -o ambassade_opt/pages/locale/messages.pot .
	$(BIN)/pybabel update -i ambassade_opt/pages/locale/messages.pot -d ambassade_opt/pages/locale \
		--no-wrap --ignore-obsolete

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
