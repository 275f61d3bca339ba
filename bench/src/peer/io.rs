//! The plumbing of the samod side by side run ([`crate::peer`]): samod's
//! `Storage` trait on SQLite (rusqlite), and a TCP stream that counts the
//! bytes going through it.
//!
//! samod ships only an in-memory and a filesystem storage; its `Storage`
//! trait is a key/value store with prefix ranges, so this one keeps every
//! key (its components joined with `/`, which samod guarantees no component
//! contains) in one table, with the same settings as our stores (WAL,
//! `synchronous = FULL`; `BENCH_PEER_SQLITE_SYNC=NORMAL` to see what the
//! fsyncs cost). Each call is one statement in its own transaction
//! (the trait has no batches), run with `spawn_blocking` so a commit's
//! fsync does not stall the runtime's workers.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use rusqlite::{Connection, OptionalExtension};
use samod::storage::{Storage, StorageKey};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// samod's storage on one SQLite file.
#[derive(Clone)]
pub struct SqliteStorage {
    conn: Arc<Mutex<Connection>>,
    /// The first key component (a document id) of every key written.
    written: Arc<Mutex<HashSet<String>>>,
}

impl SqliteStorage {
    /// Opens (creating) the file at `path`.
    pub fn open(path: &Path) -> anyhow::Result<Self> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        let sync = std::env::var("BENCH_PEER_SQLITE_SYNC").unwrap_or_else(|_| "FULL".into());
        conn.pragma_update(None, "synchronous", sync)?;
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID",
        )?;
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
            written: Arc::default(),
        })
    }

    /// How many of `ids` this storage has written data under since it was
    /// opened.
    pub fn written_of(&self, ids: &[String]) -> usize {
        let w = self.written.lock().unwrap();
        ids.iter().filter(|id| w.contains(*id)).count()
    }

    fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> impl std::future::Future<Output = T> + Send + 'static {
        let conn = self.conn.clone();
        async move {
            tokio::task::spawn_blocking(move || f(&conn.lock().unwrap()))
                .await
                .expect("storage task")
                .expect("SQLite storage")
        }
    }
}

fn key_of(text: &str) -> StorageKey {
    StorageKey::from_parts(text.split('/')).expect("a key written by samod")
}

impl Storage for SqliteStorage {
    fn load(&self, key: StorageKey) -> impl std::future::Future<Output = Option<Vec<u8>>> + Send {
        let k = key.to_string();
        self.run(move |c| {
            c.prepare_cached("SELECT data FROM kv WHERE key = ?1")?
                .query_row([k], |r| r.get(0))
                .optional()
        })
    }

    fn load_range(
        &self,
        prefix: StorageKey,
    ) -> impl std::future::Future<Output = HashMap<StorageKey, Vec<u8>>> + Send {
        let p = prefix.to_string();
        self.run(move |c| {
            // The key itself and every key under it: `p/…` sorts between
            // `p/` and `p0` ('0' follows '/').
            let (sql, args) = if p.is_empty() {
                ("SELECT key, data FROM kv", vec![])
            } else {
                (
                    "SELECT key, data FROM kv WHERE key = ?1 OR (key >= ?2 AND key < ?3)",
                    vec![p.clone(), format!("{p}/"), format!("{p}0")],
                )
            };
            let mut st = c.prepare_cached(sql)?;
            let rows = st.query_map(rusqlite::params_from_iter(args), |r| {
                Ok((key_of(&r.get::<_, String>(0)?), r.get::<_, Vec<u8>>(1)?))
            })?;
            rows.collect()
        })
    }

    fn put(&self, key: StorageKey, data: Vec<u8>) -> impl std::future::Future<Output = ()> + Send {
        let k = key.to_string();
        if let Some(first) = key.into_iter().next() {
            self.written.lock().unwrap().insert(first.to_string());
        }
        self.run(move |c| {
            c.prepare_cached("INSERT OR REPLACE INTO kv (key, data) VALUES (?1, ?2)")?
                .execute(rusqlite::params![k, data])
                .map(|_| ())
        })
    }

    fn delete(&self, key: StorageKey) -> impl std::future::Future<Output = ()> + Send {
        let k = key.to_string();
        self.run(move |c| {
            c.prepare_cached("DELETE FROM kv WHERE key = ?1")?
                .execute([k])
                .map(|_| ())
        })
    }
}

/// A stream that adds the bytes read from and written to it to a counter.
pub struct Counted<S> {
    pub inner: S,
    pub bytes: Arc<AtomicU64>,
}

impl<S: AsyncRead + Unpin> AsyncRead for Counted<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let r = Pin::new(&mut self.inner).poll_read(cx, buf);
        let n = buf.filled().len() - before;
        self.bytes.fetch_add(n as u64, Ordering::Relaxed);
        r
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Counted<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write(cx, buf);
        if let Poll::Ready(Ok(n)) = &r {
            self.bytes.fetch_add(*n as u64, Ordering::Relaxed);
        }
        r
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
