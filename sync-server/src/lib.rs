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
//! - [`store`]: the [`store::ServerStore`] trait and its implementations on
//!   SQLite (the default, one file in the data directory) and PostgreSQL
//!   (several server instances on one database); [`Database`] picks one
//!   from the configuration.
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

use crate::store::postgres::PgStore;
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

    /// A state over the configured store: PostgreSQL when `database` is a
    /// `postgres://` URL (in `schema` if given), else the SQLite file in
    /// `data_dir` (see [`Database::open`]).
    pub fn open_database(
        database: Option<&str>,
        schema: Option<&str>,
        data_dir: &Path,
    ) -> Result<Self, StoreError> {
        Ok(Self::new(
            Database::open(database, schema, data_dir)?.into_store(),
        ))
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

/// The store the configuration chose: the server's command line
/// (`--database`, `--data`) and the test harness share the choice.
#[derive(Clone)]
pub enum Database {
    /// The SQLite file `onsite-server.db` in a data directory (the default).
    Sqlite(Arc<SqliteStore>),
    /// A PostgreSQL database several server instances may share.
    Postgres(Arc<PgStore>),
}

impl Database {
    /// True when `database` names a PostgreSQL database
    /// (`postgres://…` or `postgresql://…`).
    pub fn is_postgres_url(database: &str) -> bool {
        database.starts_with("postgres://") || database.starts_with("postgresql://")
    }

    /// Opens (creating and migrating) the configured store: PostgreSQL when
    /// `database` is a `postgres://` URL (the store in `schema` when given,
    /// else in the connection's default search path), the SQLite file in
    /// `data_dir` when `database` is None. Anything else is refused.
    /// Blocking; also callable from inside a tokio runtime.
    pub fn open(
        database: Option<&str>,
        schema: Option<&str>,
        data_dir: &Path,
    ) -> Result<Self, StoreError> {
        match database {
            Some(url) if Self::is_postgres_url(url) => {
                Ok(Database::Postgres(Arc::new(PgStore::connect(url, schema)?)))
            }
            Some(other) => Err(StoreError::PgConfig(format!(
                "--database must be a postgres:// or postgresql:// URL (got {:?}); \
                 leave it out for the SQLite file in the data directory",
                redact(other)
            ))),
            None if schema.is_some() => Err(StoreError::PgConfig(
                "a schema is only meaningful with --database postgres://…".into(),
            )),
            None => Ok(Database::Sqlite(Arc::new(SqliteStore::open(data_dir)?))),
        }
    }

    /// The store behind the trait.
    pub fn store(&self) -> &dyn ServerStore {
        match self {
            Database::Sqlite(s) => s.as_ref(),
            Database::Postgres(s) => s.as_ref(),
        }
    }

    /// The store as the server shares it.
    pub fn into_store(self) -> Arc<dyn ServerStore> {
        match self {
            Database::Sqlite(s) => s,
            Database::Postgres(s) => s,
        }
    }

    /// `"SQLite"` or `"PostgreSQL"`, for messages.
    pub fn engine_name(&self) -> &'static str {
        match self {
            Database::Sqlite(_) => "SQLite",
            Database::Postgres(_) => "PostgreSQL",
        }
    }
}

/// `url` without its password, for messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            match userinfo.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme + 3],
                    &userinfo[..colon],
                    &url[at..]
                ),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_urls() {
        assert!(Database::is_postgres_url("postgres://u@h/db"));
        assert!(Database::is_postgres_url("postgresql://u@h:5432/db"));
        assert!(!Database::is_postgres_url("data/onsite-server.db"));
        assert_eq!(
            redact("postgres://onsite:secret@db:5432/onsite"),
            "postgres://onsite:***@db:5432/onsite"
        );
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
        let dir = std::env::temp_dir();
        let err = Database::open(Some("mysql://x:pw@h/db"), None, &dir)
            .err()
            .expect("refused");
        assert!(err.to_string().contains("postgres://"), "{err}");
        assert!(!err.to_string().contains("pw"), "{err}");
    }
}
