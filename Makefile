# ICS Assistant — `make run` sets up, ingests the sample corpus and serves the app; `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
CLI := $(VENV)/bin/ics-assistant
STAMP := $(VENV)/.installed

.PHONY: setup browser run test lint bench eval clean

setup: $(STAMP)

# torch first, pinned to the CPU build that lies on this machine's disk (otherwise pip pulls a CUDA build).
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q -e '.[llm,onnx,test,bench]'
	touch $(STAMP)

# Debian's Chromium for the browser tests (Playwright's own browser download does not work offline).
browser:
	@test -x /usr/bin/chromium || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null; }

run: setup
	$(CLI) ingest
	$(CLI) serve

test: setup browser
	$(PY) -m pytest -q -p no:cacheprovider

lint: setup
	$(VENV)/bin/ruff check .

eval: setup
	$(CLI) ingest
	$(CLI) eval run --dataset eval/datasets/dev.jsonl --out eval/runs/latest --readme README.md

bench: setup
	$(PY) -m eval.bench

clean:
	rm -rf $(VENV) build *.egg-info
