# Every target creates .venv when it is missing; only Python 3.11+ and the package index are needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test test-slow test-shifted-clock bench bench-full clean

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

# The whole suite on a clock set to 2025-06-01 23:59:50, so that it also runs across midnight
# (libfaketime: apt-get install faketime). tools/shifted-clock/ holds the harness it needs.
SHIFTED_CLOCK ?= 2025-06-01 23:59:50
test-shifted-clock: $(STAMP)
	@command -v faketime >/dev/null || { echo "make test-shifted-clock: needs faketime (apt-get install faketime)" >&2; exit 1; }
	FAKETIME_DONT_FAKE_MONOTONIC=1 PYTHONPATH=$(CURDIR)/tools/shifted-clock \
		faketime '$(SHIFTED_CLOCK)' $(BIN)/python -m pytest -q -p no:cacheprovider

$(VENV)/.bench-installed: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,parquet,datasette,plot,bench]'
	touch $@

bench: $(VENV)/.bench-installed
	$(BIN)/python -m benchmarks.run

bench-full: $(VENV)/.bench-installed
	$(BIN)/python -m benchmarks.run --full

clean:
	rm -rf $(VENV) .pytest_cache
