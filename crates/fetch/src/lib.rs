//! The fetcher's logic without I/O: everything here takes bytes, strings, addresses and instants
//! and returns decisions, so it can be tested exhaustively without a network or a broker. The
//! service (`services/fetcher`) owns sockets, clocks, tasks and Kafka.

pub mod backoff;
pub mod charset;
pub mod decompress;
pub mod feed;
pub mod html;
pub mod ratelimit;
pub mod robots;
pub mod sitemap;
pub mod ssrf;
pub mod state;
pub mod url;
