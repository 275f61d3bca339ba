//! # onsite-sync-server
//!
//! The Onsite sync server: one more Automerge peer that keeps every
//! document, decides who may read and write each one, hands out changes by
//! a change sequence, and writes filing receipts into signed work orders.
//! The wire contract is `docs/sync-protocol.md` and
//! [`onsite_core::sync::protocol`].
//!
//! ## Layout
//!
//! - [`app`] / [`run`]: the router and the server loop (tests bind port 0).
//! - [`http`]: the routes, thin; blocking work goes to `spawn_blocking`.
//! - [`sync`]: one `POST /v1/sync` round trip against the store.
//! - [`access`]: the access row derived from a document, read/write rules.
//! - [`attribution`]: which actors a device may push changes under, and
//!   the receipt of every accepted change.
//! - [`filing`]: filing receipts and tamper flags.
//! - [`import`]: `POST /v1/import` of an exported signed work order.
//! - [`auth`]: device tokens and the authenticated [`auth::Principal`].
//! - [`blobs`]: the photo bytes (`/v1/blobs/…`): missing, resumable
//!   upload verified by hash, download by a reader of a referencing order.
//! - [`bloom_check`]: refuses sync messages whose bloom filters Automerge
//!   would panic or run out of memory on.
//! - [`store`]: the [`store::ServerStore`] trait and its SQLite implementation
//!   (users and enrolled devices, documents and sync states, queries).
//! - [`admin`]: user, device and document administration (the CLI's verbs).
//! - [`role`]: engineer, office, storekeeper.
//! - [`slots`]: the numbers each device slot made, for a slot given again.
//! - [`error`]: [`error::HttpError`], a status with a `{code, message}` body.
//!
//! ## Example
//!
//! ```no_run
//! # async fn example() -> std::io::Result<()> {
//! use onsite_sync_server::{run, AppState};
//! let state = AppState::open(std::path::Path::new("data")).expect("database");
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8787").await?;
//! run(listener, state, async { let _ = tokio::signal::ctrl_c().await; }).await
//! # }
//! ```

pub mod access;
pub mod admin;
pub mod attribution;
pub mod auth;
pub mod blobs;
pub mod bloom_check;
pub mod error;
pub mod filing;
pub mod http;
pub mod import;
pub mod role;
pub mod slots;
pub mod store;
pub mod sync;

use std::future::Future;
use std::path::Path;
use std::sync::Arc;

use axum::Router;
use onsite_core::clock::{Clock, SystemClock};
use onsite_core::sync::protocol::MAX_BODY_BYTES;

use crate::store::sqlite::SqliteStore;
use crate::store::{ServerStore, StoreError};

/// Size limits of requests and response batches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest request body; above it, 413.
    pub max_body_bytes: usize,
    /// The most changed documents one response adds before `more: true`.
    pub batch_docs: usize,
    /// Stop adding changed documents once the response's messages reach
    /// this many bytes (`more: true`).
    pub batch_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: MAX_BODY_BYTES,
            batch_docs: 500,
            batch_bytes: 8 * 1024 * 1024,
        }
    }
}

/// What every request handler shares: the store, the clock and the limits.
#[derive(Clone)]
pub struct AppState {
    /// The storage.
    pub store: Arc<dyn ServerStore>,
    /// The server's clock (filing receipt times).
    pub clock: Arc<dyn Clock>,
    /// Size limits.
    pub limits: Limits,
}

impl AppState {
    /// A state over `store`, with the system clock and default limits.
    pub fn new(store: Arc<dyn ServerStore>) -> Self {
        AppState {
            store,
            clock: Arc::new(SystemClock),
            limits: Limits::default(),
        }
    }

    /// A state over the SQLite store in `data_dir` (created and migrated).
    pub fn open(data_dir: &Path) -> Result<Self, StoreError> {
        Ok(Self::new(Arc::new(SqliteStore::open(data_dir)?)))
    }

    /// The same state with another clock (tests).
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The same state with other limits.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }
}

/// The whole HTTP application.
pub fn app(state: AppState) -> Router {
    http::router(state)
}

/// Serves [`app`] on `listener` until `shutdown` completes, then finishes
/// the requests in flight.
pub async fn run(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown)
        .await
}
