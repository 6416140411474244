# The two commands of the README. Each does its own set-up on a fresh machine:
#   make preview   offline cost preview of the reference stack gpu-aws (no credentials, no Pulumi CLI)
#   make test      the whole test suite (installs the Debian packages the tests use when run as root)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.llmkit-installed

.PHONY: preview test install system-deps benchmarks

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# chromium renders the HTML reports in the browser tests; cloud-init validates boot scripts.
system-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v cloud-init >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium cloud-init >/dev/null; \
	  else echo "note: install Debian packages chromium and cloud-init for the browser and boot-script tests" >&2; fi; \
	fi

preview: $(STAMP)
	$(BIN)/llmkit preview --stack gpu-aws

# pytest exits 5 when it collected no test: a failure, said in words.
test: $(STAMP) system-deps
	@$(BIN)/python -m pytest -q; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: no test ran" >&2; fi; exit $$rc

benchmarks: $(STAMP)
	$(BIN)/python benchmarks/run.py
