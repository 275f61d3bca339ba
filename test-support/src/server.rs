//! [`TestServer`]: the real sync server (`onsite_sync_server::run`) on
//! `127.0.0.1:0` over a data directory (a temporary one unless told), on
//! the test's tokio runtime ([`ServerOptions::start`]) or on a thread of its
//! own ([`ServerOptions::start_on_thread`], for code that is not async).
//! Dropping it stops it. Beside it, the store-level helpers the server's
//! admin CLI would do (add a user, enrol a device, put a document), for a
//! data directory no server is serving yet.
//!
//! The store is SQLite in the data directory, or with
//! `ONSITE_TEST_ENGINE=postgres` a schema of the test database named after
//! the data directory (see [`crate::pg`]).
//!
//! (Over 500 lines on purpose: starting, stopping and restarting a server
//! and the admin steps tests take on its store belong together, and the
//! server's tests, `tests/` and the bench all reach them from here.)

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use automerge::{AutoCommit, ChangeHash};
use chrono::{DateTime, Duration, Utc};
use onsite_core::clock::{Clock, FixedClock, SystemClock};
use onsite_core::doc;
use onsite_core::model::{DocId, DocKind, WorkOrder};
use onsite_core::rules::state::Role;
use onsite_core::testing::PartBuilder;
use onsite_sync_server::admin::{self, AdminError, Enrollment};
use onsite_sync_server::store::{DocCommit, ServerStore, StoreError};
use onsite_sync_server::{run, AppState, Database, Limits};
use tempfile::TempDir;
use tokio::sync::oneshot;

use crate::pg::{self, Engine};
use crate::scratch_dir;

/// Where a test server keeps its data.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Location {
    /// The SQLite file in the data directory.
    Sqlite,
    /// PostgreSQL: the URL and the schema.
    Postgres { url: String, schema: String },
}

impl Location {
    /// The engine [`pg::engine`] chose, for data directory `dir`.
    fn for_dir(dir: &Path) -> Location {
        match pg::engine() {
            Engine::Sqlite => Location::Sqlite,
            Engine::Postgres => Location::Postgres {
                url: pg::test_database().expect("the engine checked it"),
                schema: pg::schema_for(dir),
            },
        }
    }

    fn open(&self, dir: &Path) -> Result<Database, StoreError> {
        match self {
            Location::Sqlite => Database::open(None, None, dir),
            Location::Postgres { url, schema } => Database::open(Some(url), Some(schema), dir),
        }
    }
}

/// Opens (creating and migrating) the store of data directory `dir`: the
/// SQLite file in it, or with `ONSITE_TEST_ENGINE=postgres` the schema
/// [`pg::schema_for`] names in the test database — the one a
/// [`TestServer`] on the same `dir` serves.
pub fn open_store(dir: &Path) -> Result<Arc<dyn ServerStore>, StoreError> {
    Ok(Location::for_dir(dir).open(dir)?.into_store())
}

/// Adds user `name` with `role`, unless the user exists.
pub fn add_user(
    store: &dyn ServerStore,
    clock: &dyn Clock,
    name: &str,
    role: Role,
) -> Result<(), AdminError> {
    if store.user(name)?.is_none() {
        admin::add_user(store, clock, name, role.as_str(), None)?;
    }
    Ok(())
}

/// Enrols a device labelled `label` for `user`.
pub fn enroll(
    store: &dyn ServerStore,
    clock: &dyn Clock,
    user: &str,
    label: &str,
) -> Result<Enrollment, AdminError> {
    admin::enroll_device(store, clock, user, Some(label))
}

/// Stores a document with its access row, as a device's push would: a new
/// one, or new changes to one the store holds.
pub fn put_doc(
    store: &dyn ServerStore,
    id: &DocId,
    doc: &mut AutoCommit,
) -> Result<(), StoreError> {
    let expected_seq = store.load_doc(id.as_str())?.map(|s| s.seq);
    store.commit_doc(DocCommit::plain(id.as_str(), id.kind(), expected_seq, doc))?;
    Ok(())
}

/// How to start a [`TestServer`]: limits, clock and data directory.
#[derive(Default)]
pub struct ServerOptions {
    limits: Limits,
    fixed_clock: Option<DateTime<Utc>>,
    data_dir: Option<PathBuf>,
    addr: Option<std::net::SocketAddr>,
    location: Option<Location>,
}

impl ServerOptions {
    /// Listen on `addr` (default: `127.0.0.1:0`), e.g. the address of a
    /// server stopped before, to start it again where devices look for it.
    pub fn addr(mut self, addr: std::net::SocketAddr) -> Self {
        self.addr = Some(addr);
        self
    }

    /// Size and batch limits (default: the server's).
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// A clock that shows `t` until [`TestServer::advance_clock`] moves it
    /// (default: the system clock).
    pub fn fixed_clock(mut self, t: DateTime<Utc>) -> Self {
        self.fixed_clock = Some(t);
        self
    }

    /// Serve this data directory, kept afterwards (default: a fresh
    /// temporary one, deleted on drop).
    pub fn data_dir(mut self, dir: &Path) -> Self {
        self.data_dir = Some(dir.to_path_buf());
        self
    }

    /// Serve the store in PostgreSQL schema `schema` of the database at
    /// `url` (created when missing), whatever the engine of the other tests:
    /// several servers given the same schema are several instances of one
    /// deployment.
    pub fn postgres(mut self, url: &str, schema: &str) -> Self {
        self.location = Some(Location::Postgres {
            url: url.to_string(),
            schema: schema.to_string(),
        });
        self
    }

    /// Serve the store `other` serves: a second instance of the same
    /// deployment (same PostgreSQL schema; on SQLite the same data directory,
    /// which `other` must outlive).
    pub fn same_database_as(mut self, other: &TestServer) -> Self {
        if other.location == Location::Sqlite {
            self.data_dir = Some(other.dir.clone());
        }
        self.location = Some(other.location.clone());
        self
    }

    fn prepare(self) -> std::io::Result<Prepared> {
        let (temp, dir) = match self.data_dir {
            Some(dir) => (None, dir),
            None => {
                let temp = scratch_dir();
                let dir = temp.path().to_path_buf();
                (Some(temp), dir)
            }
        };
        let fixed = self.fixed_clock.map(|t| Arc::new(FixedClock::new(t)));
        let clock: Arc<dyn Clock> = match &fixed {
            Some(c) => c.clone(),
            None => Arc::new(SystemClock),
        };
        let location = self.location.unwrap_or_else(|| Location::for_dir(&dir));
        let database = location.open(&dir).map_err(std::io::Error::other)?;
        let state = AppState::new(database.into_store())
            .with_clock(clock)
            .with_limits(self.limits);
        let addr = self
            .addr
            .unwrap_or_else(|| std::net::SocketAddr::from(([127, 0, 0, 1], 0)));
        let listener = std::net::TcpListener::bind(addr)?;
        listener.set_nonblocking(true)?;
        let (stop, stopped) = oneshot::channel::<()>();
        let server = TestServer {
            url: format!("http://{}", listener.local_addr()?),
            state,
            fixed,
            dir,
            location,
            _temp: temp,
            stop: Some(stop),
            running: None,
        };
        Ok(Prepared {
            server,
            listener,
            stopped,
        })
    }

    /// Starts the server on the current tokio runtime.
    pub async fn start(self) -> TestServer {
        let Prepared {
            mut server,
            listener,
            stopped,
        } = self.prepare().expect("prepare the test server");
        let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
        let task = tokio::spawn(run(listener, server.state.clone(), async {
            let _ = stopped.await;
        }));
        server.running = Some(Running::Task(task));
        server
    }

    /// Starts the server on a thread with its own tokio runtime.
    pub fn start_on_thread(self) -> std::io::Result<TestServer> {
        let Prepared {
            mut server,
            listener,
            stopped,
        } = self.prepare()?;
        let state = server.state.clone();
        let thread = std::thread::Builder::new()
            .name("test-server".into())
            .spawn(move || {
                let rt = tokio::runtime::Builder::new_multi_thread()
                    .enable_all()
                    .build()?;
                rt.block_on(async move {
                    let listener = tokio::net::TcpListener::from_std(listener)?;
                    run(listener, state, async {
                        let _ = stopped.await;
                    })
                    .await
                })
            })?;
        server.running = Some(Running::Thread(thread));
        Ok(server)
    }
}

struct Prepared {
    server: TestServer,
    listener: std::net::TcpListener,
    stopped: oneshot::Receiver<()>,
}

enum Running {
    Task(tokio::task::JoinHandle<std::io::Result<()>>),
    Thread(std::thread::JoinHandle<std::io::Result<()>>),
}

/// A running sync server; stopped when dropped (or by [`TestServer::stop`],
/// which waits for the requests in flight).
pub struct TestServer {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    /// The server's state (its store is the one serving requests).
    pub state: AppState,
    fixed: Option<Arc<FixedClock>>,
    dir: PathBuf,
    location: Location,
    _temp: Option<TempDir>,
    stop: Option<oneshot::Sender<()>>,
    running: Option<Running>,
}

impl TestServer {
    /// How to start one other than with the defaults.
    pub fn options() -> ServerOptions {
        ServerOptions::default()
    }

    /// Starts a server with the defaults: system clock, default limits,
    /// a temporary data directory.
    pub async fn start() -> TestServer {
        TestServer::options().start().await
    }

    /// Starts a server with `limits`.
    pub async fn start_with(limits: Limits) -> TestServer {
        TestServer::options().limits(limits).start().await
    }

    /// The data directory.
    pub fn data_dir(&self) -> &Path {
        &self.dir
    }

    /// The engine serving this server's store. Tests about the SQLite file
    /// itself (backup and restore of the data directory, …) return early
    /// with `SKIPPED on PostgreSQL: …` when it is not [`Engine::Sqlite`].
    pub fn engine(&self) -> Engine {
        match self.location {
            Location::Sqlite => Engine::Sqlite,
            Location::Postgres { .. } => Engine::Postgres,
        }
    }

    /// On PostgreSQL, the database URL and the schema of this server's
    /// store (for raw SQL in PostgreSQL-only tests).
    pub fn postgres(&self) -> Option<(&str, &str)> {
        match &self.location {
            Location::Sqlite => None,
            Location::Postgres { url, schema } => Some((url, schema)),
        }
    }

    /// The server's store.
    pub fn store(&self) -> &dyn ServerStore {
        self.state.store.as_ref()
    }

    /// The server's clock now.
    pub fn now(&self) -> DateTime<Utc> {
        self.state.clock.now()
    }

    /// Moves the server's fixed clock forward.
    pub fn advance_clock(&self, d: Duration) {
        self.fixed
            .as_ref()
            .expect("advance_clock needs ServerOptions::fixed_clock")
            .advance(d);
    }

    /// Adds user `name` with `role`, unless the user exists.
    pub fn add_user(&self, name: &str, role: Role) {
        add_user(self.store(), self.state.clock.as_ref(), name, role).expect("add user");
    }

    /// Enrols a device for `user` (added already).
    pub fn enroll(&self, user: &str) -> Enrollment {
        enroll(self.store(), self.state.clock.as_ref(), user, "test").expect("enroll")
    }

    /// Revokes a device.
    pub fn revoke(&self, device_id: i64) {
        admin::revoke_device(self.store(), self.state.clock.as_ref(), device_id).expect("revoke");
    }

    /// A stored document.
    pub fn load(&self, id: &str) -> Option<AutoCommit> {
        self.store().load_doc(id).expect("load").map(|s| s.doc)
    }

    /// The heads of a stored document.
    pub fn heads(&self, id: &str) -> Option<Vec<ChangeHash>> {
        self.load(id).map(|mut d| d.get_heads())
    }

    /// Every stored document with its heads.
    pub fn all_heads(&self) -> BTreeMap<String, Vec<ChangeHash>> {
        admin::list_docs(self.store(), None)
            .expect("list")
            .into_iter()
            .map(|d| {
                let heads = self.heads(&d.id).unwrap_or_default();
                (d.id, heads)
            })
            .collect()
    }

    /// The server's copy of a work order.
    pub fn work_order(&self, id: &str) -> WorkOrder {
        let stored = self.load(id).expect("stored");
        doc::read(&stored, DocKind::WorkOrder).expect("a work order")
    }

    /// Stores a document directly (as if synced by the office), with its
    /// access row; much faster than syncing thousands of documents.
    pub fn seed(&self, id: &DocId, doc: &mut AutoCommit) {
        put_doc(self.store(), id, doc).expect("seed document");
    }

    /// Changes a stored document directly (as another device's sync would),
    /// bumping its change sequence.
    pub fn edit(&self, id: &DocId, f: impl FnOnce(&mut AutoCommit)) {
        let mut doc = self.load(id.as_str()).expect("stored");
        doc.set_actor(automerge::ActorId::random());
        f(&mut doc);
        doc.commit();
        put_doc(self.store(), id, &mut doc).expect("edit document");
    }

    /// Seeds `n` catalogue parts (`part:P00000`, …, 10 in stock each).
    pub fn seed_parts(&self, n: usize) -> Vec<DocId> {
        (0..n)
            .map(|i| {
                let (id, mut am) = PartBuilder::new(&format!("P{i:05}")).doc();
                self.seed(&id, &mut am);
                id
            })
            .collect()
    }

    /// What the store holds, to check that a refused request stored
    /// nothing: on SQLite every document's saved heads and chunk count and
    /// the change counter, read straight from the file; on PostgreSQL every
    /// document's heads and sequence number and the highest sequence number,
    /// through the store.
    pub fn db_snapshot(&self) -> (BTreeMap<String, (Vec<u8>, i64)>, i64) {
        if self.engine() != Engine::Sqlite {
            let store = self.store();
            let docs = store
                .doc_list(None)
                .expect("doc list")
                .into_iter()
                .map(|d| {
                    let heads: Vec<u8> = self
                        .heads(&d.id)
                        .unwrap_or_default()
                        .iter()
                        .flat_map(|h| h.0)
                        .collect();
                    (d.id, (heads, d.seq as i64))
                })
                .collect();
            return (docs, store.max_seq().expect("max_seq") as i64);
        }
        let conn = rusqlite::Connection::open(self.dir.join("onsite-server.db")).unwrap();
        let mut stmt = conn
            .prepare("SELECT id, saved_heads, chunk_count FROM documents")
            .unwrap();
        let docs = stmt
            .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let seq = conn
            .query_row("SELECT value FROM change_counter", [], |r| r.get(0))
            .unwrap();
        (docs, seq)
    }

    /// A raw HTTP POST of a CBOR body; the status and the response body.
    pub async fn post(&self, path: &str, token: Option<&str>, body: Vec<u8>) -> (u16, Vec<u8>) {
        let req = reqwest::Client::new()
            .post(format!("{}{path}", self.url))
            .header("content-type", onsite_core::sync::protocol::CONTENT_TYPE)
            .body(body);
        send(req, token).await
    }

    /// A raw HTTP request with any method and body; the status, the
    /// `Content-Type` and the response body.
    pub async fn request(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Vec<u8>,
    ) -> (u16, String, Vec<u8>) {
        let mut req = reqwest::Client::new()
            .request(method, format!("{}{path}", self.url))
            .body(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().await.expect("request");
        let status = resp.status().as_u16();
        let content_type = resp
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        (
            status,
            content_type,
            resp.bytes().await.expect("body").to_vec(),
        )
    }

    /// A raw HTTP GET; the status and the response body.
    pub async fn get(&self, path: &str, token: Option<&str>) -> (u16, Vec<u8>) {
        send(
            reqwest::Client::new().get(format!("{}{path}", self.url)),
            token,
        )
        .await
    }

    /// Stops the server, waits for the requests in flight and checks that
    /// it stopped without an error.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(Running::Task(task)) = self.running.take() {
            let served = task.await.expect("the server task");
            served.expect("the server stopped cleanly");
        }
    }
}

async fn send(mut req: reqwest::RequestBuilder, token: Option<&str>) -> (u16, Vec<u8>) {
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let resp = req.send().await.expect("request");
    let status = resp.status().as_u16();
    (status, resp.bytes().await.expect("body").to_vec())
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.running.take() {
            Some(Running::Task(task)) => task.abort(),
            Some(Running::Thread(thread)) => match thread.join() {
                Ok(Err(e)) => eprintln!("the test server stopped with an error: {e}"),
                Err(_) => eprintln!("the test server's thread panicked"),
                Ok(Ok(())) => {}
            },
            None => {}
        }
    }
}
