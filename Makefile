# vnrestore: set-up, demo, tests, model build.
# `make demo` and `make test` each set up everything a fresh Debian machine needs.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
VNRESTORE := $(VENV)/bin/vnrestore
SHARED ?= ../shared
SYSTEM_PACKAGES := tesseract-ocr tesseract-ocr-vie poppler-utils python3-venv
DEMO_INPUT := tests/fixtures/sample-scan.pdf
DEMO_OUT := demo-out

# The recipe step that installs the Debian packages a recipe collected in the shell variable `missing`
# (none: nothing), as root or through sudo -n.
INSTALL_MISSING = if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; \
	  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; \
	  else echo "error: need root to install$$missing; run: sudo apt-get install -y$$missing" >&2; exit 1; fi; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null \
	    || { echo "error: apt-get could not install$$missing" >&2; exit 1; }; \
	fi

.PHONY: setup system-deps build-deps demo test model eval bench clean

setup: system-deps $(VENV)/.installed

# Debian's Tesseract (with its Vietnamese data), poppler and python3-venv (Debian's python3 lacks
# ensurepip without it), installed only when missing.
system-deps:
	@missing=""; \
	command -v tesseract >/dev/null 2>&1 || missing="$$missing tesseract-ocr"; \
	{ command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx vie; } || missing="$$missing tesseract-ocr-vie"; \
	command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	$(PYTHON) -c 'import ensurepip, venv' >/dev/null 2>&1 || missing="$$missing python3-venv"; \
	$(INSTALL_MISSING)

# The faces the garble channel's training pages are rendered in (model builds and evals only), installed
# only when missing: DejaVu (core and extra), FreeFont, Noto Mono, Liberation 2 (Times / Arial / Courier clones), TeX Gyre,
# Carlito, Open Sans, Roboto, Linux Libertine, EB Garamond.
FONT_PACKAGES := fonts-dejavu-core:DejaVuSans.ttf fonts-dejavu-extra:DejaVuSansCondensed.ttf \
	fonts-freefont-ttf:FreeSerif.ttf fonts-noto-mono:NotoMono-Regular.ttf fonts-liberation2:LiberationSerif-Regular.ttf \
	fonts-texgyre:texgyrepagella-regular.otf fonts-crosextra-carlito:Carlito-Regular.ttf \
	fonts-open-sans:OpenSans-Regular.ttf fonts-roboto-unhinted:RobotoCondensed-Regular.ttf \
	fonts-linuxlibertine:LinLibertine_R.otf fonts-ebgaramond:EBGaramond12-Regular.otf
build-deps: system-deps
	@missing=""; \
	for entry in $(FONT_PACKAGES); do \
	  find /usr/share/fonts /usr/share/texmf/fonts -name "$${entry#*:}" 2>/dev/null | grep -q . || missing="$$missing $${entry%%:*}"; \
	done; \
	$(INSTALL_MISSING)

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test,build,engines,cluster]"
	touch $@

demo: setup
	$(VNRESTORE) run $(DEMO_INPUT) --out-dir $(DEMO_OUT)
	@echo; echo "== restored text ($(DEMO_OUT)/sample-scan.txt) =="; cat $(DEMO_OUT)/sample-scan.txt

test: setup
	$(PY) -m pytest -q -n 2

# Rebuild the language models in models/ from $(SHARED)/corpora (byte-for-byte reproducible).
model: setup build-deps
	$(VNRESTORE) model build --corpora $(SHARED)/corpora --out models

eval: setup build-deps
	$(PY) scripts/eval_restore.py --shared $(SHARED)
	$(PY) scripts/eval_ocr.py --shared $(SHARED)

clean:
	rm -rf $(DEMO_OUT) .pytest_cache build
