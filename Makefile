# Two commands: `make run` opens the editor, `make test` runs the whole suite headless.
# Both create the virtual environment in .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test screenshots bench clean bundle deb windows

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $@ $(VENV)/.installed

$(VENV)/.installed-bundle: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e ".[bundle]"
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/python main.py

test: $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

screenshots: $(VENV)/.installed-test
	$(BIN)/python -m ui.screenshots docs/screenshots

clean:
	rm -rf $(VENV) build dist *.egg-info

# The self-contained application folder dist/jixiao-ziping (PyInstaller, packaging/jixiao-ziping.spec).
bundle: $(VENV)/.installed-bundle
	$(BIN)/python -m PyInstaller --noconfirm --distpath dist --workpath build/pyinstaller packaging/jixiao-ziping.spec

# dist/jixiao-ziping_VERSION_ARCH.deb from that folder (dpkg-deb, no network).
deb: bundle
	$(BIN)/python packaging/build_deb.py dist/jixiao-ziping dist

# On Windows (Python 3.11 with `pip install -e .[bundle]`): the same spec, the folder zipped with a
# 绩效自评 desktop shortcut maker; see packaging/windows.py.
windows:
	$(PYTHON) packaging/windows.py

bench: $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench
