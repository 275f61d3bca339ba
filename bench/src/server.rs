//! The real sync server for the benchmarks, in process: the SQLite store on
//! a data directory, users and devices added with the server's own
//! `admin` functions, documents put straight into the store with
//! `ServerStore::commit_doc` (what a device's first push would do), and
//! `onsite_sync_server::run` serving on 127.0.0.1 (a free port) on its own
//! tokio runtime and thread, stopped by [`Server::stop`].

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::thread::JoinHandle;

use anyhow::Context;
use automerge::AutoCommit;
use onsite_core::clock::SystemClock;
use onsite_core::model::DocId;
use onsite_sync_server::access::Access;
use onsite_sync_server::admin;
use onsite_sync_server::store::sqlite::SqliteStore;
use onsite_sync_server::store::{DocCommit, ServerStore};
use onsite_sync_server::AppState;

/// Opens (creating) the server's store in `dir`.
pub fn open_store(dir: &Path) -> anyhow::Result<Arc<SqliteStore>> {
    Ok(Arc::new(
        SqliteStore::open(dir).context("open the server store")?,
    ))
}

/// Adds a user (`role`: engineer, office, storekeeper) unless it exists.
pub fn add_user(store: &SqliteStore, name: &str, role: &str) -> anyhow::Result<()> {
    if store.user(name)?.is_none() {
        admin::add_user(store, &SystemClock, name, role, None)?;
    }
    Ok(())
}

/// Enrols a device for `user`; returns its token.
pub fn enroll(store: &SqliteStore, user: &str, label: &str) -> Result<String, admin::AdminError> {
    Ok(admin::enroll_device(store, &SystemClock, user, Some(label))?.token)
}

/// Stores a document the server does not have yet (or its new changes).
pub fn put_doc(store: &SqliteStore, id: &DocId, doc: &mut AutoCommit) -> anyhow::Result<()> {
    let expected_seq = store.load_doc(id.as_str())?.map(|s| s.seq);
    let access = Access::derive(id.kind(), &*doc);
    store.commit_doc(DocCommit {
        id: id.as_str(),
        kind: id.kind(),
        expected_seq,
        doc,
        access,
        sync_state: None,
        receipt: None,
        flag: None,
    })?;
    Ok(())
}

/// A running server.
pub struct Server {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<std::io::Result<()>>>,
}

impl Server {
    /// Serves `store` on a free loopback port.
    pub fn start(store: Arc<SqliteStore>) -> anyhow::Result<Server> {
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        std_listener.set_nonblocking(true)?;
        let addr: SocketAddr = std_listener.local_addr()?;
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("bench-server".into())
            .spawn(move || {
                let rt = tokio::runtime::Builder::new_multi_thread()
                    .enable_all()
                    .build()?;
                rt.block_on(async move {
                    let listener = tokio::net::TcpListener::from_std(std_listener)?;
                    let state = AppState::new(store);
                    onsite_sync_server::run(listener, state, async {
                        let _ = rx.await;
                    })
                    .await
                })
            })?;
        Ok(Server {
            url: format!("http://{addr}"),
            stop: Some(tx),
            thread: Some(thread),
        })
    }

    /// Stops serving and waits for the server thread.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            match t.join() {
                Ok(Err(e)) => eprintln!("[bench]   the server stopped with an error: {e}"),
                Err(_) => eprintln!("[bench]   the server thread panicked"),
                Ok(Ok(())) => {}
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shutdown();
    }
}
