# The two set-up commands of the README: `make run` and `make test`. Each installs what is missing.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
APT_PACKAGES := swi-prolog-nox chromium
SUDO := $(shell [ "$$(id -u)" != 0 ] && command -v sudo >/dev/null && echo sudo)

.PHONY: run test lint bench docs fuzz system clean crosscheck conecheck

run: $(STAMP)
	$(BIN)/pyrules run

test: $(STAMP)
	$(BIN)/ruff check pyrules repl tests fuzz
	$(BIN)/mypy
	$(BIN)/pyrules lint
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/pyrules lint

docs: $(STAMP)
	$(BIN)/pyrules docs

# The long fuzz run (issue 13): thousands of mutated student files and hostile REPL lines, the table
# of outcomes; fails unless every case ends in exit 0 or exit 2 with a file:line message.
fuzz: $(STAMP)
	$(BIN)/python -m fuzz --per-family 550 --repl 600

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_engine.py
	$(BIN)/python benchmarks/bench_prolog.py

# Both engines on a generated cohort (issue 18): `pyrules check --format json` byte-identical.
CROSSCHECK_STUDENTS ?= 1000
CROSSCHECK_ON ?= 2026-12-02
crosscheck: $(STAMP)
	@dir=$$(mktemp -d); trap 'rm -rf "$$dir"' EXIT; \
	$(BIN)/pyrules generate --students $(CROSSCHECK_STUDENTS) --seed 1 --out "$$dir/cohort" 2>/dev/null && \
	{ $(BIN)/pyrules check "$$dir/cohort" --on $(CROSSCHECK_ON) --format json > "$$dir/clingo.json" || [ $$? = 2 ]; } && \
	{ $(BIN)/pyrules check "$$dir/cohort" --on $(CROSSCHECK_ON) --format json --engine prolog > "$$dir/prolog.json" || [ $$? = 2 ]; } && \
	$(BIN)/python -m pyrules.maintain.crosscheck "$$dir/clingo.json" "$$dir/prolog.json"

# Every question kind's cone against the whole KB on every scenario case and bundled student (issue
# 12; `make test` checks a sample: the kinds each case names and one more). About 5 minutes.
conecheck: $(STAMP)
	PYRULES_CONES=all $(BIN)/pytest tests/test_cones.py

# Debian packages the project needs (SWI-Prolog for the second engine); installed only when missing.
system:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing$$missing with apt..."; \
	  log=$$(mktemp); \
	  if ! { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; } >$$log 2>&1; then \
	    cat $$log; rm -f $$log; echo "apt-get failed (output above)"; exit 1; \
	  fi; rm -f $$log; \
	fi

# Quiet unless something fails: one line per step, pip's output only when it goes wrong.
$(STAMP): pyproject.toml | system
	@echo "installing Python packages into $(VENV)..."
	@log=$$(mktemp); \
	if ! { $(PYTHON) -m venv $(VENV) && $(BIN)/pip install --upgrade pip \
	       && $(BIN)/pip install -e '.[dev]'; } >$$log 2>&1; then \
	  cat $$log; rm -f $$log; echo "pip failed (output above)"; exit 1; \
	fi; rm -f $$log
	@touch $(STAMP)

clean:
	rm -rf $(VENV) build *.egg-info
