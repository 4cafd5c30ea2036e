# Two commands for a newcomer: `make demo` and `make test`. Each bootstraps uv (through pip when it
# is missing, into .tools/ so neither the system nor the user site is touched) and then the locked
# environment from uv.lock.

PYTHON ?= python3
UV ?= $(shell command -v uv 2>/dev/null || echo .tools/uv/bin/uv)
RUN := $(UV) run --locked --all-extras

.PHONY: all demo test check lint typecheck pytest pytest-fast bench sync clean

all: test

.tools/uv/bin/uv:
	@echo "uv not found: installing it with pip into .tools/uv" >&2
	$(PYTHON) -m pip install --quiet --target .tools/uv uv \
	  || $(PYTHON) -m pip install --quiet --break-system-packages --target .tools/uv uv

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --all-extras
	@touch $@

sync: .venv/.synced

demo: sync
	$(RUN) trackcue demo

test: lint typecheck pytest

# The fast lane while working: lint, types and every test not marked slow (a few minutes).
check: lint typecheck pytest-fast

lint: sync
	$(RUN) ruff check .
	$(RUN) ruff format --check .

typecheck: sync
	$(RUN) mypy

pytest: sync
	$(RUN) pytest

pytest-fast: sync
	$(RUN) pytest -m "not slow"

# Every module in bench/ with its defaults; each prints its headline figures last.
bench: sync
	@for m in $$(ls bench/*.py | xargs -n1 basename | grep -v '^_' | sed 's/\.py$$//'); do \
	  echo "== bench.$$m"; $(RUN) python -m bench.$$m || exit 1; done

clean:
	rm -rf .venv .tools .mypy_cache .ruff_cache .pytest_cache .hypothesis
