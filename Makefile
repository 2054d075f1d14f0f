# Everything a fresh machine with Python 3.11 needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck pytest bench clean catalogs

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev,fulltext]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/reader articles

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider -o addopts=""

test: lint typecheck pytest

bench: $(STAMP)
	$(BIN)/python bench/engine.py
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/switch.py
	$(BIN)/python bench/folder.py
	$(BIN)/python bench/search.py

# After changing the interface's words: update every .po from the source and compile the .mo files.
catalogs: $(STAMP)
	$(BIN)/python -m tests.i18n.catalogs

clean:
	rm -rf $(VENV) build dist .mypy_cache .pytest_cache .ruff_cache
