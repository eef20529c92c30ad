//! claimwatch integration tests: one test binary, one module per area.
//!
//! Tests that need Kafka talk to the real broker whose address is in `CLAIMWATCH_TEST_BOOTSTRAP`
//! (`make test` starts one with `tests/tools/with-kafka.sh`); the schema-registry test also needs
//! the registry whose URL is in `CLAIMWATCH_TEST_SCHEMA_REGISTRY_URL` (`with-registry.sh`).
//! They share the pipeline's topics, so each test writes articles with unique URLs and only
//! looks at its own records; services run as separate OS processes built by
//! `cargo build --bins` (the Makefile does that first).

mod harness;
mod hooks;

mod alerting_state;
mod broker_unreachable;
mod chaos;
mod demo;
mod deploy;
mod dlq;
mod entities;
mod exactly_once;
mod feed;
mod fetcher_restart;
mod fetcher_state_ttl;
mod observability;
mod oversized_claims;
mod pipeline;
mod registry;
mod story;
mod too_large;
mod txloop_scale;
mod watch_topics;
mod webhook;
