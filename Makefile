# Two entry points for a fresh machine with only python3: `make demo` and `make test`.
# Both create the virtual environment in .venv on first use.

VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= out/demo

.PHONY: demo test lint bench constraints clean

$(BIN)/.installed: pyproject.toml constraints.txt
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

demo: $(BIN)/.installed  ## synthetic hogeschool -> warehouse -> metrics -> reports
	$(BIN)/gelijkekansen demo --out $(OUT)

lint: $(BIN)/.installed
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

test: lint  ## ruff, mypy --strict, then the whole test suite
	$(BIN)/pytest -n 2

bench: $(BIN)/.installed  ## performance scenarios (not part of the tests)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,bench]'
	$(BIN)/python bench/run.py

constraints:  ## re-resolve the newest versions within pyproject's ranges, test, then commit
	rm -rf .constraints-venv
	python3 -m venv .constraints-venv
	.constraints-venv/bin/python -m pip install --quiet --upgrade pip
	.constraints-venv/bin/python -m pip install --quiet '.[dev]'
	{ sed -n 1,2p constraints.txt; .constraints-venv/bin/python -m pip freeze --exclude gelijkekansen; } > constraints.new
	mv constraints.new constraints.txt
	rm -rf .constraints-venv

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache
