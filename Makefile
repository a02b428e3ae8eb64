# The two set-up commands of README.md.  Both create .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test install install-test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'

# Install, then run the main job on the bundled demo corpus; results go to out/.
demo: install
	$(BIN)/cwnlp demo --out out

# Install the test extras, then run the whole test suite.
test: install-test
	$(BIN)/python -m pytest
