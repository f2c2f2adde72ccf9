# Quick start: `make demo` and `make test`. Both build what they need first.
PYTHON ?= python3
# The system Python that has Debian's python3-qgis (PyQt5/Qt5): the plugin
# suite runs there, never in the PySide6 (Qt6) venv.
QGIS_PYTHON ?= /usr/bin/python3
VENV := .venv
QGIS_VENV := .venv-qgis
BIN := $(VENV)/bin
LINTED := analysis desktop qgis_plugin tests benchmarks
# Pseudonym keys of what make runs go to folders of the project, never to the user's data
# folder (the test suites give each session a temporary one of its own as well).
KEYS := $(CURDIR)/build/keys
PYTEST_CORE := QT_QPA_PLATFORM=offscreen URBANISTA_KEY_DIR="$(KEYS)" $(BIN)/python -m pytest

.PHONY: demo test test-core test-qgis lint benchmark screenshot translations registry clean fuzz

$(BIN)/urbanista: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Urbanista needs Python >= 3.11: make ... PYTHON=python3.11"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -e ".[test,bench,dask]"
	touch $@

demo: $(BIN)/urbanista
	URBANISTA_KEY_DIR="$(CURDIR)/demo/.keys" $(BIN)/urbanista demo --out demo

test: test-core test-qgis

test-core: $(BIN)/urbanista lint
	$(PYTEST_CORE) tests/analysis tests/desktop

$(QGIS_VENV)/.installed: tests/qgis_plugin/requirements.txt
	test -x $(QGIS_VENV)/bin/python || $(QGIS_PYTHON) -m venv --system-site-packages $(QGIS_VENV)
	$(QGIS_VENV)/bin/python -m pip install -q -r tests/qgis_plugin/requirements.txt
	touch $@

# Without QGIS the plugin suite is skipped loudly; in CI (CI=true) that is a failure.
test-qgis: $(BIN)/urbanista
	@if $(QGIS_PYTHON) -c "import qgis.core" 2>/dev/null; then \
	  $(MAKE) --no-print-directory $(QGIS_VENV)/.installed && \
	  QT_QPA_PLATFORM=offscreen URBANISTA_CORE_PYTHON="$(CURDIR)/$(BIN)/python" \
	    URBANISTA_KEY_DIR="$(KEYS)" $(QGIS_VENV)/bin/python -m pytest tests/qgis_plugin; \
	else \
	  echo "######################################################################"; \
	  echo "# QGIS PLUGIN SUITE SKIPPED: $(QGIS_PYTHON) cannot import qgis.core."; \
	  echo "# Install QGIS:  sudo apt-get install python3-qgis qgis-providers"; \
	  echo "# or point QGIS_PYTHON at a Python that has it: make test QGIS_PYTHON=..."; \
	  echo "######################################################################"; \
	  if [ "$$CI" = "true" ]; then echo "CI=true: a skipped plugin suite fails the run."; exit 1; fi; \
	fi

# CI runs this through `make test`: an unformatted file fails it, as a lint error does.
lint: $(BIN)/urbanista
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/mypy

# The README's picture: the app on the demo's workspace, on a virtual X display.
screenshot: $(BIN)/urbanista
	test -f demo/przykladowo.gpkg || \
	  URBANISTA_KEY_DIR="$(CURDIR)/demo/.keys" $(BIN)/urbanista demo --out demo --no-gui
	URBANISTA_KEY_DIR="$(CURDIR)/demo/.keys" \
	  xvfb-run -a -s "-screen 0 1920x1080x24" $(BIN)/python -m desktop.screenshot \
	  demo/przykladowo.gpkg docs/screenshot.png --size 1600x1000 --lang pl

# After changing UI strings or parameter docstrings: regenerate desktop/param_help.py (the
# help texts), update the .ts catalogues (translate with Qt Linguist), compile .qm.
translations: $(BIN)/urbanista
	$(BIN)/python -m desktop.param_docs --write
	$(BIN)/pyside6-lupdate -no-obsolete $$(git ls-files 'desktop/*.py' 'desktop/**/*.py' | sort -u) \
	  -ts resources/translations/urbanista_pl.ts resources/translations/urbanista_en.ts
	$(BIN)/pyside6-lrelease resources/translations/urbanista_pl.ts resources/translations/urbanista_en.ts

# The QGIS plugin's copy of the analysis registry (it cannot call the core when QGIS loads
# it): after adding or changing an analysis, regenerate and commit it; a test fails until then.
registry: $(BIN)/urbanista
	$(BIN)/urbanista analyze list --json > qgis_plugin/analyses.json.tmp
	mv qgis_plugin/analyses.json.tmp qgis_plugin/analyses.json

# The importer fuzz test at length (CI runs a short, fixed one): random examples,
# URBANISTA_FUZZ_EXAMPLES per format (1000 unless given); each finding's file goes to build/fuzz-findings.
fuzz: $(BIN)/urbanista
	URBANISTA_FUZZ=long URBANISTA_FUZZ_FINDINGS="$(CURDIR)/build/fuzz-findings" \
	  $(PYTEST_CORE) tests/analysis/test_fuzz_importers.py

benchmark: $(BIN)/urbanista
	for b in benchmarks/*.py; do URBANISTA_KEY_DIR="$(KEYS)" $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) $(QGIS_VENV) demo build
