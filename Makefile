# The two set-up commands in README.md are `make demo` and `make test`.
# Each creates the virtual environment it needs on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint typecheck bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

demo: $(BIN)/python
	$(BIN)/pip install --quiet -e .
	$(BIN)/execbrief demo

test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/ruff check src tests benchmarks docs tools
	$(BIN)/ruff format --check src tests benchmarks docs tools
	$(BIN)/mypy
	$(BIN)/python -m pytest

bench: $(BIN)/python
	$(BIN)/pip install --quiet -e .
	$(BIN)/python benchmarks/startup.py
	$(BIN)/python benchmarks/due.py
	$(BIN)/python benchmarks/prometheus_summary.py
	$(BIN)/python benchmarks/outputs.py
	$(BIN)/python benchmarks/language_speed.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis
