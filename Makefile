# Flashpoint task runner. CI runs `make test` (see .ci/run); the README's quick start is
# `make demo` and `make test`. Every target does its own set-up from the project's files.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JARS   := .cache/kafka/lib/.stamp
COMPOSE_CHECK := .cache/bin/compose-check
LOGFMT_CHECK := .cache/bin/logfmt-check
PYTEST_ARGS ?=
ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help install jars tools system-deps demo run test test-clock test-unit test-integration reliability lint \
        format bench bench-quick kafka-up kafka-down kafka-status clean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-18s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) ## create .venv and install Flashpoint with its dev tools

$(JARS): deploy/kafka/pom.xml
	mvn -B -q -f deploy/kafka/pom.xml dependency:copy-dependencies
	@touch $(JARS)

jars: $(JARS) ## fetch the Kafka broker jars from Maven Central (cached in .cache/)

$(COMPOSE_CHECK): scripts/compose-check/main.go scripts/compose-check/go.mod scripts/compose-check/go.sum
	cd scripts/compose-check && go build -o ../../$(COMPOSE_CHECK) .

$(LOGFMT_CHECK): scripts/logfmt-check/main.go scripts/logfmt-check/go.mod scripts/logfmt-check/go.sum
	cd scripts/logfmt-check && go build -o ../../$(LOGFMT_CHECK) .

tools: $(COMPOSE_CHECK) $(LOGFMT_CHECK) ## build the test tools (compose-check: `docker compose config` without Docker; logfmt-check: go-logfmt, the decoder Loki's logfmt parser comes from)

system-deps: ## install system packages the tests need (Prometheus, promtool), via scripts/
	bash scripts/install-system-deps.sh

demo: install jars ## run the demo: local Kafka, bundled recorded feeds, live alerts (ARGS=--duration 90)
	$(BIN)/flashpoint demo $(ARGS)

run: install jars ## run for real: flashpoint run with deploy/feeds.yaml, rules.yaml, channels.yaml
	$(BIN)/flashpoint run $(ARGS)

test: install jars system-deps tools ## run every test (unit and integration, with a real Kafka), then the unit tests with the clock 400 days ahead
	$(BIN)/pytest -q -p no:cacheprovider $(PYTEST_ARGS)
	$(MAKE) --no-print-directory test-clock

test-clock: install tools ## the unit tests again under libfaketime, the clock 400 days ahead (no test may depend on the date)
	faketime -f '+400d' $(BIN)/pytest -q -p no:cacheprovider -m "not integration" $(PYTEST_ARGS)

test-unit: install tools ## run the fast unit tests only
	$(BIN)/pytest -q -m "not integration" $(PYTEST_ARGS)

test-integration: install jars system-deps ## run the integration tests only
	$(BIN)/pytest -q -m integration $(PYTEST_ARGS)

reliability: install jars ## run the fault-injection suite and regenerate docs/reliability.md
	$(BIN)/python scripts/reliability_report.py

lint: install ## ruff (lint and format check), mypy and the import floors (lint-imports)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache --no-logo

format: install ## apply ruff's formatter and safe fixes
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install jars ## run every benchmark (prints figures; last line is a JSON summary)
	$(BIN)/python -m benchmarks.run --full

bench-quick: install jars ## the benchmarks in about 2 minutes
	$(BIN)/python -m benchmarks.run --quick

kafka-up: install jars ## start the local Kafka on 127.0.0.1:9092 (idempotent)
	$(BIN)/flashpoint kafka up

kafka-down: install ## stop the local Kafka
	$(BIN)/flashpoint kafka down

kafka-status: install ## is the local Kafka up?
	$(BIN)/flashpoint kafka status

clean: ## remove local state (var/) and caches, keep .venv and the jars
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
