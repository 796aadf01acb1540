# Two commands a new user needs (see README): `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# pytest-xdist workers for `make test` and `make test-long`: the CI machine has 2 cores
# (`make test PYTEST_WORKERS=0` runs in one process, e.g. to use a debugger).
PYTEST_WORKERS ?= 2

.PHONY: install demo test test-long browser emulator bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## The main job: the marimo sync app on the embedded demo (no accounts needed).
demo: install
	$(BIN)/marimo run notebooks/sync.py

## The whole test suite (installs Python packages and Debian's chromium first).
test: install browser
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

## The long reliability runs (many fault seeds and kinds, many kills): a separate CI step.
test-long: install
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) -m long $(PYTEST_ARGS)

## Debian's chromium for the browser tests; only installs when missing.
browser:
	@bash scripts/install-browser.sh

emulator: install
	$(BIN)/song-automations emulator --port 8765

bench: install
	$(BIN)/python benchmarks/run.py --scale small

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
