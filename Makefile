# Every target creates .venv when it is missing; only Python 3.11+ and the package index are needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test test-slow bench bench-full clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,parquet,datasette,plot]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/archiver demo

test: $(STAMP)
	$(BIN)/python -m pytest -q

# The long forms (tests marked slow): crawls stopped at 12 random moments (kill -9, SIGTERM, Ctrl-C).
test-slow: $(STAMP)
	$(BIN)/python -m pytest -q -m slow

$(VENV)/.bench-installed: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,parquet,datasette,plot,bench]'
	touch $@

bench: $(VENV)/.bench-installed
	$(BIN)/python -m benchmarks.run

bench-full: $(VENV)/.bench-installed
	$(BIN)/python -m benchmarks.run --full

clean:
	rm -rf $(VENV) .pytest_cache
