//! # onsite-tests
//!
//! End-to-end tests of sync: a real sync server on `127.0.0.1:0` over a
//! temporary data directory, devices on temporary SQLite files talking to
//! it over HTTP with the real client. Each test starts its own server and
//! stops it.
//!
//! ## Layout
//!
//! - this file: re-exports the shared harness (`onsite-test-support`:
//!   [`TestServer`], [`TestDevice`], text fields by path) and core's
//!   document builders ([`builders`]), plus what only these tests need
//!   (`node`, the workspace root).
//! - `tests/sync_convergence.rs`: office and two engineers converge; access
//!   follows assignment.
//! - `tests/sync_cost.rs`: bytes and round trips at 100 and 5,000 documents.
//! - `tests/sync_bad_input.rs`: revoked tokens, malformed bodies, bad and
//!   forbidden documents, oversized bodies.
//! - `tests/sync_crash.rs`: the server binary killed mid-sync and restarted.
//! - `tests/sync_loop.rs`: the background sync loop against a real server.
//! - `tests/import_route.rs`: a signed record exported offline, imported at
//!   the office and filed by the server; a forged file refused.
//! - `tests/node_client.rs` + `node-client/`: a JavaScript client written
//!   from `docs/sync-protocol.md`.
//! - [`sim`] + `tests/simulation.rs`: the seeded many-device simulation
//!   (office, storekeeper, five engineers, random partitions).
//! - `src/bin/device_under_test.rs`: `onsite-device-under-test`, a headless
//!   device driven line by line; `src/bin/reliability/`: `onsite-reliability`,
//!   the kill, disk-full and simulation loops of `make reliability`
//!   (`docs/reliability.md`).

use std::path::{Path, PathBuf};

pub mod sim;

pub use onsite_core;
pub use onsite_sync_server;
pub use onsite_test_support::*;

/// Whether `node` can be run.
pub fn node_available() -> bool {
    std::process::Command::new("node")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}
