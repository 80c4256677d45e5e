# The two set-up commands from the README: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STORE ?= demo/demo.db

.PHONY: demo test venv venv-test system-deps bench fuzz clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

venv: $(VENV)/.installed
venv-test: $(VENV)/.installed-test

# Debian packages the tests drive (tmux, sshd, pdftoppm, fonts, pango for WeasyPrint).
system-deps:
	bash scripts/install-system-deps.sh

# Builds the demo council once (rebuild: rm -r demo), then opens the application on it.
demo: venv
	$(PY) -m revtui.demo build --store $(STORE) --keep --quiet
	$(VENV)/bin/revtui --store $(STORE)

# Type check of the domain library and the import layering (pyproject.toml) before the tests.
test: system-deps venv-test
	$(VENV)/bin/mypy --strict revcore
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -n 2 -q

# The benchmarks charge and print for the demo councils: their settings are the demo council folder.
bench: venv
	REVTUI_COUNCILS=revtui/demo/councils; export REVTUI_COUNCILS; for b in benchmarks/*.py; do echo "== $$b"; $(PY) $$b; done

# 2,000 mutated files per importer, each imported into a store; prints what was imported, refused, crashed.
fuzz: venv-test
	$(PY) scripts/fuzz_imports.py --examples 2000

clean:
	rm -rf $(VENV) demo .pytest_cache
