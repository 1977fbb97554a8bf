# The two commands: `make run` and `make test`. Everything else supports them.
# `make test`: ruff, the import-layer contracts of pyproject.toml (lint-imports), pytest.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.install-stamp
# CPU-only torch must be installed before sentence-transformers, or pip pulls a multi-GB CUDA build.
# On a machine without a local torch wheel, add: TORCH_PIP_ARGS="--index-url https://download.pytorch.org/whl/cpu"
TORCH_SPEC ?= torch==2.13.0
TORCH_PIP_ARGS ?=

.PHONY: install browser ocr run test lint format services-start services-stop services-status migrate seed bench clean

install: $(STAMP)

$(STAMP): pyproject.toml Makefile
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check $(TORCH_PIP_ARGS) "$(TORCH_SPEC)"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@# The int8 ONNX embedding backend, converted offline from the bundled model into the venv
	@# (EMBEDDING_ONNX_DIR, default $(VENV)/share/esa-onnx). Never fails the install: PyTorch stays.
	@HF_HUB_OFFLINE=1 $(BIN)/python -m assistant embeddings export-onnx \
		|| echo "NOTE: ONNX export failed: embeddings will run on PyTorch"
	@touch $(STAMP)

run: install ocr
	$(BIN)/python -m assistant run

# Debian's Chromium for the browser tests (tests/e2e), through apt when this machine allows it.
# Never `playwright install`. Without it the browser tests skip loudly (fail when REQUIRE_BROWSER=1).
CHROMIUM ?= /usr/bin/chromium
browser:
	@if [ -x "$(CHROMIUM)" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then SUDO=""; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; \
	else echo "NOTE: $(CHROMIUM) is missing and apt needs root: browser tests will be skipped"; exit 0; fi; \
	if ! command -v apt-get >/dev/null 2>&1; then \
		echo "NOTE: no apt-get here: install Chromium yourself or browser tests will be skipped"; exit 0; fi; \
	echo "installing Debian's chromium for the browser tests (apt-get install -y chromium)"; \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q chromium >/dev/null \
	|| { $$SUDO apt-get update -q >/dev/null && \
	     DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q chromium >/dev/null; } \
	|| echo "WARNING: could not install chromium: browser tests will be skipped"

# Debian's Tesseract reads scanned resumes (data_layer/resumes/documents.py), installed like
# Chromium above. Without it a scanned resume goes to a recruiter ("needs review") and the
# OCR test skips.
TESSERACT ?= /usr/bin/tesseract
ocr:
	@if [ -x "$(TESSERACT)" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then SUDO=""; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; \
	else echo "NOTE: $(TESSERACT) is missing and apt needs root: scanned resumes go to review"; exit 0; fi; \
	if ! command -v apt-get >/dev/null 2>&1; then \
		echo "NOTE: no apt-get here: install Tesseract yourself or scanned resumes go to review"; exit 0; fi; \
	echo "installing Debian's tesseract-ocr for scanned resumes (apt-get install -y tesseract-ocr)"; \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q tesseract-ocr >/dev/null \
	|| { $$SUDO apt-get update -q >/dev/null && \
	     DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q tesseract-ocr >/dev/null; } \
	|| echo "WARNING: could not install tesseract-ocr: scanned resumes go to review"

# Test files are spread over PYTEST_WORKERS processes (pytest-xdist), each with its own
# embedded services; a file's tests stay together so its module fixtures are built once.
PYTEST_WORKERS ?= 2
test: install browser ocr
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile --durations=25

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

services-start services-stop services-status: install
	$(BIN)/python -m assistant services $(subst services-,,$@)

migrate: install
	$(BIN)/python -m assistant migrate

seed: install
	$(BIN)/python -m assistant seed

bench: install
	$(BIN)/python bench/foundation.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
