//! What the kill and fault loops verify, read straight from the SQLite
//! files (the server's while it runs, which WAL allows; a device's while
//! its process is dead or idle): the notes each document holds, its heads,
//! whether every chunk decoded and every dependency is there, and SQLite's
//! own integrity check.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::{bail, Context};
use automerge::ChangeHash;
use onsite_core::doc;
use onsite_core::model::{DocKind, WorkOrder};
use onsite_core::store::docs;
use rusqlite::{Connection, OpenFlags};

/// One document as a file holds it.
pub struct Held {
    /// Its heads.
    pub heads: Vec<ChangeHash>,
    /// The texts of its notes.
    pub notes: BTreeSet<String>,
}

/// Every work order in the SQLite file at `path`, by id. Fails on a
/// document that is damaged: a chunk that did not decode, a missing
/// dependency, or a failed integrity check.
pub fn read_file(path: &Path) -> anyhow::Result<BTreeMap<String, Held>> {
    read_docs(path, None)
}

/// [`read_file`], only the orders in `only` when given (the file's
/// integrity check still covers all of it).
pub fn read_docs(
    path: &Path,
    only: Option<&BTreeSet<String>>,
) -> anyhow::Result<BTreeMap<String, Held>> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .with_context(|| format!("open {}", path.display()))?;
    let ok: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    if ok != "ok" {
        bail!("{}: SQLite integrity check failed: {ok}", path.display());
    }
    let mut out = BTreeMap::new();
    for id in docs::ids(&conn, Some(DocKind::WorkOrder.prefix()))? {
        if only.is_some_and(|o| !o.contains(&id)) {
            continue;
        }
        let loaded = docs::load(&conn, &id)?.context("listed, then gone")?;
        if loaded.skipped_chunks > 0 || !loaded.missing_deps.is_empty() {
            bail!(
                "{}: {id} is damaged ({} chunks skipped, {} dependencies missing)",
                path.display(),
                loaded.skipped_chunks,
                loaded.missing_deps.len()
            );
        }
        let mut d = loaded.doc;
        let wo: WorkOrder = doc::read(&d, DocKind::WorkOrder)?;
        out.insert(
            id,
            Held {
                heads: d.get_heads(),
                notes: wo.notes.into_iter().map(|n| n.text).collect(),
            },
        );
    }
    Ok(out)
}

/// The acknowledged notes (document, text) that `held` lacks.
pub fn missing(
    held: &BTreeMap<String, Held>,
    acked: &BTreeSet<(String, String)>,
) -> Vec<(String, String)> {
    acked
        .iter()
        .filter(|(id, text)| !held.get(id).is_some_and(|h| h.notes.contains(text)))
        .cloned()
        .collect()
}

/// The change chunks the server keeps for `id` (0 right after a fold).
pub fn chunk_count(db: &Path, id: &str) -> anyhow::Result<i64> {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    Ok(conn.query_row(
        "SELECT chunk_count FROM documents WHERE id = ?1",
        [id],
        |r| r.get(0),
    )?)
}

/// Whether every file holds the same documents with the same heads.
pub fn converged(files: &[&BTreeMap<String, Held>]) -> bool {
    files.windows(2).all(|w| {
        w[0].len() == w[1].len()
            && w[0]
                .iter()
                .zip(w[1].iter())
                .all(|((a, ha), (b, hb))| a == b && ha.heads == hb.heads)
    })
}
