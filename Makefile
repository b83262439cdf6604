# ICS Assistant — `make run` sets up, ingests the sample corpus and serves the app; `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
CLI := $(VENV)/bin/ics-assistant
STAMP := $(VENV)/.installed
# `make run PORT=8080 HOST=0.0.0.0 ICS_HOME=/data/ics`: where to serve and where the index lives.
# HOST is taken only from the command line: some shells export HOST as the machine's name, which would expose the app.
PORT ?= 7860
ifneq ($(origin HOST),command line)
HOST := 127.0.0.1
endif
ICS_HOME ?=
RUN_ENV := $(if $(ICS_HOME),ICS_ASSISTANT_HOME="$(ICS_HOME)")

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
	$(RUN_ENV) $(CLI) ingest
	$(RUN_ENV) $(CLI) serve --host $(HOST) --port $(PORT)

# Two workers, whole files each (module fixtures such as a served app are built once); the slowest tests listed.
TEST_WORKERS ?= 2
test: setup browser
	$(PY) -m pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --dist loadfile --durations=15

lint: setup
	$(VENV)/bin/ruff check .

eval: setup
	$(CLI) ingest
	$(CLI) eval run --dataset eval/datasets/dev.jsonl --out eval/runs/latest --readme README.md

bench: setup
	$(PY) -m eval.bench

clean:
	rm -rf $(VENV) build *.egg-info
