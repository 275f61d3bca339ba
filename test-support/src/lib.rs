//! # onsite-test-support
//!
//! The one in-process harness of Onsite's tests and benchmarks: a real sync
//! server on `127.0.0.1:0` over a temporary data directory, stopped when
//! dropped, and devices that sync with it. Used by the sync server's tests
//! (`sync-server/tests/`), the end-to-end tests (`tests/`) and the
//! benchmarks (`bench/`). A crate of its own so the server's normal build
//! never carries it (see `docs/decisions.md`, "Test support").
//!
//! ```no_run
//! # async fn demo() {
//! use onsite_core::rules::state::Role;
//! use onsite_test_support::{new_order, TestServer};
//!
//! let server = TestServer::start().await;
//! let office = server.device("office", Role::Office);
//! let yang = server.device("yangjinwei", Role::Engineer);
//! office.create_orders(3, "贵州省分析测试研究院", Some("yangjinwei"));
//! office.sync().await;
//! assert_eq!(yang.sync().await.docs_received, 3);
//! # }
//! ```
//!
//! ## Layout
//!
//! - [`server`]: [`TestServer`] (start on the test's runtime or on a thread
//!   of its own, users, enrolment, documents straight into the store,
//!   heads, raw HTTP) and the same admin steps on a store no server serves.
//! - [`device`]: [`TestDevice`], the app's facade on a temporary file
//!   syncing with the real client; orders, parts, heads, text fields.
//! - [`raw`]: [`RawDevice`], the protocol loop with Automerge's sync API
//!   directly, for the server's own tests.
//! - [`blobs`]: photo bytes: raw `/v1/blobs/…` requests, photo-like
//!   bytes, a work order's `photos` references.
//! - [`paths`]: text fields by path below the typed structs.
//! - [`transport`]: [`Hooked`], the real HTTP transport with a hook on
//!   each sync round trip (cut the network, notice or time a request).
//! - [`pg`]: the engine of the test servers (SQLite, or PostgreSQL with
//!   `ONSITE_TEST_ENGINE=postgres` under `scripts/with-postgres.sh`).
//!
//! The documents themselves come from `onsite_core::testing` (feature
//! `test-support`), re-exported here as [`builders`].

pub mod blobs;
pub mod device;
pub mod paths;
pub mod pg;
pub mod raw;
pub mod server;
pub mod transport;

use std::path::Path;

use tempfile::TempDir;

pub use device::{new_order, TestDevice};
pub use onsite_core::testing as builders;
pub use paths::{put_text, text_at};
pub use pg::{test_database, Engine};
pub use raw::{RawDevice, RawReport};
pub use server::{ServerOptions, TestServer};
pub use transport::{ExchangeHook, Hooked};

/// A temporary directory, in memory (`/dev/shm`) when the machine has it:
/// the tests measure sync, not the disk's fsync (a killed process loses
/// nothing a tmpfs holds, so crash tests are still meaningful).
pub fn scratch_dir() -> TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        if let Ok(d) = tempfile::Builder::new()
            .prefix("onsite-test-")
            .tempdir_in(shm)
        {
            return d;
        }
    }
    tempfile::tempdir().expect("temp dir")
}

/// The JSON body of a response (an error's `{code, message}`, `/v1/me`, …).
pub fn json(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).unwrap_or_else(|_| panic!("not JSON: {bytes:?}"))
}
