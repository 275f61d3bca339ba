//! Document persistence shared by the device store and the server: each
//! document is a compacted snapshot plus incremental change chunks, each
//! chunk holding the changes made after the heads saved last
//! (`save_after`). Past a threshold the chunks are folded into a new
//! snapshot in the same transaction.
//!
//! Loading replays the chunks in order. A last chunk that does not decode
//! (torn) is skipped and reported, not fatal; missing dependencies are
//! reported too.

use automerge::{AutoCommit, ChangeHash};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::migrate::Migration;

/// The migration that creates the document tables (first in every list).
pub const DOCS_MIGRATION: Migration = Migration {
    version: 1,
    sql: include_str!("migrations/docs_0001.sql"),
};

/// Fold chunks into a new snapshot once there are more than this many …
pub const COMPACT_CHUNKS: i64 = 32;
/// … or once they add up to more bytes than this and than the snapshot.
pub const COMPACT_BYTES: i64 = 64 * 1024;

/// Errors loading or saving a document.
#[derive(Debug, thiserror::Error)]
pub enum DocStoreError {
    /// SQLite failed.
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The stored snapshot does not decode.
    #[error("document {id} is corrupt: {source}")]
    Corrupt {
        /// Which document.
        id: String,
        /// Why (boxed: Automerge's error is large, and every store result
        /// carries this type).
        source: Box<automerge::AutomergeError>,
    },
}

/// A document as loaded, with what the load noticed.
#[derive(Debug)]
pub struct LoadedDoc {
    /// The document.
    pub doc: AutoCommit,
    /// Changes some loaded change depends on but that are not stored.
    pub missing_deps: Vec<ChangeHash>,
    /// Chunks that did not decode and were skipped (a torn write).
    pub skipped_chunks: usize,
}

/// A stored document's saved form: its snapshot followed by its chunks
/// (what `AutoCommit::load` reads as the whole document), and its saved
/// heads.
pub type SavedForm = (Vec<u8>, Vec<ChangeHash>);

/// Heads as stored: their 32-byte hashes one after another.
pub fn heads_to_bytes(heads: &[ChangeHash]) -> Vec<u8> {
    heads.iter().flat_map(|h| h.0).collect()
}

/// Heads as stored in `documents.saved_heads` (32 bytes each, in order).
pub fn heads_from_bytes(bytes: &[u8]) -> Vec<ChangeHash> {
    bytes
        .chunks_exact(32)
        .map(|c| ChangeHash(c.try_into().expect("32 bytes")))
        .collect()
}

/// Whether a document is stored.
pub fn exists(conn: &Connection, id: &str) -> Result<bool, DocStoreError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM documents WHERE id = ?1")?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Replays a stored snapshot and its chunks in order (the server's
/// PostgreSQL store keeps documents the same way): a chunk that does not
/// decode, or decodes to nothing (torn by a crash), is skipped and counted,
/// and so is a last chunk that stopped short of the `saved` heads. The
/// document and how many chunks were skipped.
pub fn replay(
    id: &str,
    snapshot: &[u8],
    saved: &[u8],
    chunks: &[Vec<u8>],
) -> Result<(AutoCommit, usize), DocStoreError> {
    let mut doc = AutoCommit::load(snapshot).map_err(|source| DocStoreError::Corrupt {
        id: id.to_string(),
        source: Box::new(source),
    })?;
    let mut skipped_chunks = 0;
    for chunk in chunks {
        match doc.load_incremental(chunk) {
            Ok(0) if !chunk.is_empty() => skipped_chunks += 1,
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(doc = id, error = %e, "skipping a chunk that does not decode");
                skipped_chunks += 1;
            }
        }
    }
    if skipped_chunks == 0 && !chunks.is_empty() && doc.get_heads() != heads_from_bytes(saved) {
        // A chunk decoded only in part: the saved heads were not reached.
        skipped_chunks = 1;
    }
    if skipped_chunks > 0 {
        tracing::warn!(doc = id, skipped_chunks, "recovered from a torn chunk");
    }
    Ok((doc, skipped_chunks))
}

/// A stored document's chunks, oldest first.
const CHUNKS_IN_ORDER: &str = "SELECT data FROM chunks WHERE doc_id = ?1 ORDER BY seq";

/// A document's snapshot and its saved heads, as stored.
type SnapshotRow = (Vec<u8>, Vec<u8>);

/// A stored document's snapshot and saved heads, or `None`.
fn snapshot_and_heads(conn: &Connection, id: &str) -> Result<Option<SnapshotRow>, DocStoreError> {
    Ok(conn
        .prepare_cached("SELECT snapshot, saved_heads FROM documents WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Loads a document, or `None` when it is not stored.
pub fn load(conn: &Connection, id: &str) -> Result<Option<LoadedDoc>, DocStoreError> {
    let Some((snapshot, saved)) = snapshot_and_heads(conn, id)? else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(CHUNKS_IN_ORDER)?;
    let chunks: Vec<Vec<u8>> = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let (mut doc, skipped_chunks) = replay(id, &snapshot, &saved, &chunks)?;
    let missing_deps = doc.get_missing_deps(&[]);
    if !missing_deps.is_empty() {
        tracing::warn!(
            doc = id,
            missing = missing_deps.len(),
            "document has missing dependencies"
        );
    }
    Ok(Some(LoadedDoc {
        doc,
        missing_deps,
        skipped_chunks,
    }))
}

/// A stored document's saved form without loading it: the snapshot
/// followed by its chunks in order (what `AutoCommit::load` reads as the
/// whole document), and the saved heads. `None` when it is not stored, or
/// when the bytes are not whole chunks ([`whole_chunks`]: a torn chunk,
/// which only a load can recover from).
pub fn saved_form(conn: &Connection, id: &str) -> Result<Option<SavedForm>, DocStoreError> {
    let Some((mut bytes, saved)) = snapshot_and_heads(conn, id)? else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(CHUNKS_IN_ORDER)?;
    let mut rows = stmt.query([id])?;
    while let Some(r) = rows.next()? {
        bytes.extend_from_slice(r.get_ref(0)?.as_blob().map_err(rusqlite::Error::from)?);
    }
    let heads = heads_from_bytes(&saved);
    if heads.is_empty() || !whole_chunks(&bytes) {
        return Ok(None);
    }
    Ok(Some((bytes, heads)))
}

/// Saves what changed in `doc` since it was last saved: the whole document
/// the first time, then one chunk of the changes after the saved heads.
/// Compacts past the thresholds. Returns whether anything was written.
pub fn save(
    tx: &Transaction<'_>,
    id: &str,
    kind: &str,
    doc: &mut AutoCommit,
) -> Result<bool, DocStoreError> {
    let now = chrono::Utc::now().timestamp_millis();
    let heads = doc.get_heads();
    let row: Option<(Vec<u8>, i64, i64, i64)> = tx
        .prepare_cached(
            "SELECT saved_heads, chunk_count, chunk_bytes, length(snapshot) FROM documents WHERE id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;
    let Some((saved, count, bytes, snapshot_len)) = row else {
        tx.prepare_cached(
            "INSERT INTO documents (id, kind, snapshot, saved_heads, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![id, kind, doc.save(), heads_to_bytes(&heads), now])?;
        return Ok(true);
    };
    let saved = heads_from_bytes(&saved);
    if saved == heads {
        return Ok(false);
    }
    let chunk = doc.save_after(&saved);
    if chunk.is_empty() {
        return Ok(false);
    }
    let (count, bytes) = (count + 1, bytes + chunk.len() as i64);
    if count > COMPACT_CHUNKS || (bytes > COMPACT_BYTES && bytes > snapshot_len) {
        tx.execute("DELETE FROM chunks WHERE doc_id = ?1", [id])?;
        // `make reliability` kills the server here, inside the fold.
        #[cfg(feature = "test-support")]
        crate::testing::faults::pause("fold");
        tx.execute(
            "UPDATE documents SET snapshot = ?2, saved_heads = ?3, chunk_count = 0, chunk_bytes = 0, updated_at = ?4 WHERE id = ?1",
            params![id, doc.save(), heads_to_bytes(&heads), now],
        )?;
    } else {
        tx.prepare_cached(
            "INSERT INTO chunks (doc_id, seq, data) VALUES (?1, (SELECT coalesce(max(seq), 0) + 1 FROM chunks WHERE doc_id = ?1), ?2)",
        )?
        .execute(params![id, chunk])?;
        tx.prepare_cached(
            "UPDATE documents SET saved_heads = ?2, chunk_count = ?3, chunk_bytes = ?4, updated_at = ?5 WHERE id = ?1",
        )?
        .execute(params![id, heads_to_bytes(&heads), count, bytes, now])?;
    }
    Ok(true)
}

/// Saves a document this store did not hold, received whole: `received`
/// is the saved form the peer sent (Automerge's whole-document sync
/// message carries `save()`'s bytes, optionally followed by change
/// chunks), kept as the snapshot instead of encoding the document again.
/// Used only when the document is not stored yet, `received` is made of
/// complete chunks only ([`whole_chunks`]) and `doc` is exactly what
/// loading them gives (the caller checks the heads); otherwise this is
/// [`save`].
pub fn save_received(
    tx: &Transaction<'_>,
    id: &str,
    kind: &str,
    doc: &mut AutoCommit,
    received: Option<&[u8]>,
) -> Result<bool, DocStoreError> {
    let Some(bytes) = received.filter(|b| whole_chunks(b)) else {
        return save(tx, id, kind, doc);
    };
    if exists(tx, id)? {
        return save(tx, id, kind, doc);
    }
    let heads = doc.get_heads();
    tx.prepare_cached(
        "INSERT INTO documents (id, kind, snapshot, saved_heads, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        id,
        kind,
        bytes,
        heads_to_bytes(&heads),
        chrono::Utc::now().timestamp_millis()
    ])?;
    Ok(true)
}

/// Whether `bytes` is a sequence of whole Automerge chunks (document or
/// change chunks: magic, checksum, type 0–2, LEB128 length, then exactly
/// that many bytes each) with nothing torn or left over — what
/// `AutoCommit::load` reads without skipping anything.
pub fn whole_chunks(bytes: &[u8]) -> bool {
    const MAGIC: [u8; 4] = [0x85, 0x6f, 0x4a, 0x83];
    let mut rest = bytes;
    if rest.is_empty() {
        return false;
    }
    while !rest.is_empty() {
        if rest.len() < 9 || rest[..4] != MAGIC || rest[8] > 2 {
            return false;
        }
        let mut len: u64 = 0;
        let mut i = 9;
        let mut shift = 0;
        loop {
            let Some(&b) = rest.get(i) else {
                return false;
            };
            i += 1;
            if shift > 56 {
                return false;
            }
            len |= u64::from(b & 0x7f) << shift;
            shift += 7;
            if b & 0x80 == 0 {
                break;
            }
        }
        let Some(end) = usize::try_from(len).ok().and_then(|l| i.checked_add(l)) else {
            return false;
        };
        if end > rest.len() {
            return false;
        }
        rest = &rest[end..];
    }
    true
}

/// Every stored document id of `kind` (all kinds when `None`).
pub fn ids(conn: &Connection, kind: Option<&str>) -> Result<Vec<String>, DocStoreError> {
    let mut stmt =
        conn.prepare("SELECT id FROM documents WHERE ?1 IS NULL OR kind = ?1 ORDER BY id")?;
    let ids = stmt
        .query_map([kind], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::migrate::migrate;
    use automerge::{transaction::Transactable, ReadDoc, ROOT};

    fn db() -> Connection {
        let mut c = Connection::open_in_memory().unwrap();
        migrate(&mut c, &[DOCS_MIGRATION]).unwrap();
        c
    }

    fn put(doc: &mut AutoCommit, k: &str, v: i64) {
        doc.put(ROOT, k, v).unwrap();
        doc.commit();
    }

    fn save_now(c: &mut Connection, id: &str, doc: &mut AutoCommit) -> bool {
        let tx = c.transaction().unwrap();
        let wrote = save(&tx, id, "wo", doc).unwrap();
        tx.commit().unwrap();
        wrote
    }

    /// Saves `doc` of `wo:1` as received in `bytes` (asserting it wrote),
    /// and gives back the snapshot stored.
    fn receive_now(c: &mut Connection, doc: &mut AutoCommit, bytes: &[u8]) -> Vec<u8> {
        let tx = c.transaction().unwrap();
        assert!(save_received(&tx, "wo:1", "wo", doc, Some(bytes)).unwrap());
        tx.commit().unwrap();
        c.query_row("SELECT snapshot FROM documents", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn edits_are_saved_as_chunks_and_load_back_whole() {
        let mut c = db();
        let mut doc = AutoCommit::new();
        put(&mut doc, "a", 1);
        assert!(save_now(&mut c, "wo:1", &mut doc));
        put(&mut doc, "b", 2);
        assert!(save_now(&mut c, "wo:1", &mut doc));
        assert!(
            !save_now(&mut c, "wo:1", &mut doc),
            "nothing new, nothing written"
        );
        let chunks: i64 = c
            .query_row("SELECT count(*) FROM chunks", [], |r| r.get(0))
            .unwrap();
        assert_eq!(chunks, 1);
        let mut loaded = load(&c, "wo:1").unwrap().unwrap();
        assert_eq!(loaded.doc.get_heads(), doc.get_heads());
        assert!(loaded.missing_deps.is_empty());
    }

    #[test]
    fn many_edits_are_compacted_into_the_snapshot() {
        let mut c = db();
        let mut doc = AutoCommit::new();
        for i in 0..(COMPACT_CHUNKS + 5) {
            put(&mut doc, "n", i);
            save_now(&mut c, "wo:1", &mut doc);
        }
        let chunks: i64 = c
            .query_row("SELECT count(*) FROM chunks", [], |r| r.get(0))
            .unwrap();
        assert!(chunks < COMPACT_CHUNKS, "compacted, {chunks} chunks left");
        let mut loaded = load(&c, "wo:1").unwrap().unwrap();
        assert_eq!(loaded.doc.get_heads(), doc.get_heads());
    }

    #[test]
    fn a_torn_last_chunk_is_skipped_and_reported_and_the_rest_loads() {
        let mut c = db();
        let mut doc = AutoCommit::new();
        put(&mut doc, "a", 1);
        save_now(&mut c, "wo:1", &mut doc);
        put(&mut doc, "b", 2);
        save_now(&mut c, "wo:1", &mut doc);
        let good_heads = doc.get_heads();
        put(&mut doc, "c", 3);
        save_now(&mut c, "wo:1", &mut doc);
        c.execute(
            "UPDATE chunks SET data = substr(data, 1, length(data) / 2) WHERE seq = (SELECT max(seq) FROM chunks)",
            [],
        )
        .unwrap();
        let mut loaded = load(&c, "wo:1").unwrap().unwrap();
        assert_eq!(loaded.skipped_chunks, 1);
        assert_eq!(loaded.doc.get_heads(), good_heads);
        assert!(loaded.doc.get(ROOT, "b").unwrap().is_some());
    }

    #[test]
    fn a_received_whole_document_is_kept_as_the_snapshot_and_loads_back() {
        let mut c = db();
        let mut doc = AutoCommit::new();
        put(&mut doc, "a", 1);
        let snapshot = doc.save();
        put(&mut doc, "b", 2);
        let mut received = snapshot.clone();
        received.extend(doc.save_incremental());
        let mut got = AutoCommit::load(&received).unwrap();
        assert!(whole_chunks(&snapshot) && whole_chunks(&received));
        let stored = receive_now(&mut c, &mut got, &received);
        assert_eq!(stored, received, "kept as received, not encoded again");
        let mut loaded = load(&c, "wo:1").unwrap().unwrap();
        assert_eq!(loaded.doc.get_heads(), doc.get_heads());
        assert_eq!(loaded.skipped_chunks, 0);
        // Later edits go on as chunks after the received heads.
        put(&mut got, "c", 3);
        assert!(save_now(&mut c, "wo:1", &mut got));
        let mut loaded = load(&c, "wo:1").unwrap().unwrap();
        assert_eq!(loaded.doc.get_heads(), got.get_heads());
    }

    #[test]
    fn torn_or_padded_bytes_are_not_whole_chunks_and_are_saved_afresh() {
        let mut doc = AutoCommit::new();
        put(&mut doc, "a", 1);
        let bytes = doc.save();
        assert!(!whole_chunks(&bytes[..bytes.len() - 1]), "torn");
        let mut padded = bytes.clone();
        padded.push(0);
        assert!(!whole_chunks(&padded), "trailing bytes");
        assert!(!whole_chunks(&[]));
        let mut c = db();
        let stored = receive_now(&mut c, &mut doc, &padded);
        assert_eq!(stored, doc.save(), "saved afresh");
    }

    #[test]
    fn a_corrupt_snapshot_is_an_error_naming_the_document() {
        let c = db();
        c.execute(
            "INSERT INTO documents (id, kind, snapshot, saved_heads, updated_at) VALUES ('wo:x', 'wo', x'00ff00', x'', 0)",
            [],
        )
        .unwrap();
        let err = load(&c, "wo:x").unwrap_err();
        assert!(err.to_string().contains("wo:x"));
    }
}
