# luoshi — two set-up commands: `make demo` and `make test`. Needs only Python 3.11+ and make.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test test-fast bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

## demo: install luoshi and show a demo ledger built from examples/ in a temporary folder
demo: $(VENV)/.installed
	$(BIN)/luoshi demo

## test: install luoshi with its test extras and run the whole suite
test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

## test-fast: the suite without the slow process-level durability tests
test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest -m "not slow"

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build src/*.egg-info
