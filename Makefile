# The two set-up commands of README.md.  Both create .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test install install-test browser

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

# Headless Chromium for the test of the HTML network view: installed from Debian's
# packages when we are root on a Debian machine; otherwise that one test is skipped.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null) \
	      || echo "could not install chromium: the HTML view test will be skipped"; \
	  else echo "chromium not found: the HTML view test will be skipped"; fi; }

# Install the test extras, then run the whole test suite.
test: install-test browser
	$(BIN)/python -m pytest
