# The set-up commands in README.md are `make demo`, `make serve` and `make test`.
# Each creates the virtual environment it needs on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo serve test lint typecheck bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

demo: $(BIN)/python
	$(BIN)/pip install --quiet -e .
	$(BIN)/execbrief demo

# The web workspace on http://127.0.0.1:8000/, on the same store as the command line
# ($$EXECBRIEF_DATABASE_URL, else execbrief.db in your user data folder). With no user yet,
# it makes the first one, $(ADMIN), an editor: the password from $$EXECBRIEF_ADMIN_PASSWORD,
# else asked for here.
ADMIN ?= admin
serve: $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@if [ -z "$$($(BIN)/execbrief user list)" ]; then \
	  if [ -n "$$EXECBRIEF_ADMIN_PASSWORD" ]; then \
	    printf '%s' "$$EXECBRIEF_ADMIN_PASSWORD" | $(BIN)/execbrief user add $(ADMIN) --role editor --password-stdin || exit $$?; \
	  elif [ -t 0 ]; then \
	    printf 'No user yet. Password for the first user, $(ADMIN): ' >&2; \
	    stty -echo; IFS= read -r password; status=$$?; stty echo; echo >&2; \
	    [ $$status -eq 0 ] || exit 2; \
	    printf '%s' "$$password" | $(BIN)/execbrief user add $(ADMIN) --role editor --password-stdin || exit $$?; \
	  else \
	    echo "error: no user yet: set EXECBRIEF_ADMIN_PASSWORD for the first user, $(ADMIN)" >&2; exit 2; \
	  fi; \
	fi
	$(BIN)/execbrief serve --host 127.0.0.1 --port 8000

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
	$(BIN)/python benchmarks/web_preview.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis
