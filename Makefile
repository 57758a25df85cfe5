# luoshi — two set-up commands: `make demo` and `make test`. Needs only Python 3.11+ and make.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test test-fast bench clean messages compile-messages docs

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
test: $(VENV)/.installed-test test-tools
	$(BIN)/python -m pytest

## test-tools: Taskwarrior for its round-trip test, installed with apt-get when missing and
## running as root; a no-op when it is there (elsewhere that test is skipped, saying why)
.PHONY: test-tools
test-tools:
	@command -v task >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "installing taskwarrior (apt-get) for the Taskwarrior round-trip test"; \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -q taskwarrior >/dev/null 2>&1 || \
			{ apt-get update -q >/dev/null 2>&1 && \
			  DEBIAN_FRONTEND=noninteractive apt-get install -y -q taskwarrior >/dev/null 2>&1; } || \
			echo "could not install taskwarrior; its round-trip test will be skipped"; \
		else \
			echo "taskwarrior is not installed (needs root and apt-get); its round-trip test will be skipped"; \
		fi; }

## test-fast: the suite without the slow process-level durability tests
test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest -m "not slow"

## messages: extract every _() message to the .pot and merge it into the Chinese .po (then translate)
LOCALE := src/luoshi/locale
messages: $(VENV)/.installed-test
	PYTHONPATH=tools $(BIN)/pybabel extract -F babel.cfg -o $(LOCALE)/luoshi.pot --project luoshi \
		--version 0.1.0 --add-location=file --sort-output -w 100 --msgid-bugs-address "" .
	test -f $(LOCALE)/zh/LC_MESSAGES/luoshi.po || \
		$(BIN)/pybabel init -i $(LOCALE)/luoshi.pot -d $(LOCALE) -D luoshi -l zh -w 100
	$(BIN)/pybabel update -i $(LOCALE)/luoshi.pot -d $(LOCALE) -D luoshi -l zh -w 100 --ignore-obsolete

## compile-messages: build the .mo catalogues luoshi ships (commit them with the .po)
compile-messages: $(VENV)/.installed-test
	$(BIN)/pybabel compile -d $(LOCALE) -D luoshi --statistics

## docs: regenerate docs/commands.md from the command line's own help
docs: $(VENV)/.installed
	$(BIN)/python tools/docgen.py > docs/commands.md

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build src/*.egg-info

## bench: time luoshi against a minimal Typer app and Taskwarrior (slow; writes bench/results/DATE-COMMIT.md)
bench: $(VENV)/.installed
	$(BIN)/python bench/run.py

## bench-smoke: the benchmark at tiny sizes, one run each, no results file (under ~30 s)
.PHONY: bench-smoke
bench-smoke: $(VENV)/.installed
	$(BIN)/python bench/run.py --smoke
