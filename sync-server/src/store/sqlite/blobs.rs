//! Photo bytes: complete blobs, the documents that reference each, and
//! uploads in progress (chunks appended at the offset the server holds,
//! verified against the blob's SHA-256 name when the declared length is
//! reached). See `migrations/0008_blobs.sql`.

use onsite_core::sync::blobs::sha256_hex;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::store::{Appended, BlobState, BlobUpload, StoreError};

pub(super) fn missing(conn: &Connection, hashes: &[String]) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT 1 FROM blobs WHERE hash = ?1")?;
    let mut out = Vec::new();
    for h in hashes {
        if !stmt.exists([h])? && !out.contains(h) {
            out.push(h.clone());
        }
    }
    Ok(out)
}

pub(super) fn state(conn: &Connection, hash: &str) -> Result<BlobState, StoreError> {
    let size: Option<u64> = conn
        .prepare_cached("SELECT size FROM blobs WHERE hash = ?1")?
        .query_row([hash], |r| r.get(0))
        .optional()?;
    if let Some(size) = size {
        return Ok(BlobState::Complete { size });
    }
    let partial: Option<(u64, u64)> = conn
        .prepare_cached("SELECT received, length FROM blob_uploads WHERE hash = ?1")?
        .query_row([hash], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(match partial {
        Some((offset, length)) => BlobState::Partial { offset, length },
        None => BlobState::Unknown,
    })
}

pub(super) fn append(conn: &mut Connection, up: BlobUpload<'_>) -> Result<Appended, StoreError> {
    let hash = up.hash;
    let tx = conn.transaction()?;
    let (held, declared) = match state(&tx, hash)? {
        BlobState::Complete { .. } => return Ok(Appended::Complete),
        BlobState::Partial { offset, length } => (offset, length),
        BlobState::Unknown => match up.length {
            Some(length) => {
                tx.prepare_cached(
                    "INSERT INTO blob_uploads (hash, length, received, device_id, updated_at)
                     VALUES (?1, ?2, 0, ?3, ?4)",
                )?
                .execute(params![hash, length, up.device_id, up.now_ms])?;
                (0, length)
            }
            None => return Ok(Appended::NoLength),
        },
    };
    if up.length.is_some_and(|l| l != declared) {
        return Ok(Appended::LengthChanged { length: declared });
    }
    if up.offset != held {
        return Ok(Appended::OffsetMismatch { offset: held });
    }
    if held + up.bytes.len() as u64 > declared {
        return Ok(Appended::PastLength { length: declared });
    }
    let received = held + up.bytes.len() as u64;
    if !up.bytes.is_empty() {
        tx.prepare_cached("INSERT INTO blob_parts (hash, offset, bytes) VALUES (?1, ?2, ?3)")?
            .execute(params![hash, held, up.bytes])?;
    }
    tx.prepare_cached("UPDATE blob_uploads SET received = ?2, updated_at = ?3 WHERE hash = ?1")?
        .execute(params![hash, received, up.now_ms])?;
    let outcome = if received == declared {
        complete(&tx, hash, up.now_ms)?
    } else {
        Appended::Partial { offset: received }
    };
    tx.commit()?;
    Ok(outcome)
}

/// Joins the parts, checks the hash and keeps the blob; either way the
/// upload is dropped.
fn complete(tx: &Transaction<'_>, hash: &str, now_ms: i64) -> Result<Appended, StoreError> {
    let mut whole = Vec::new();
    {
        let mut stmt =
            tx.prepare_cached("SELECT bytes FROM blob_parts WHERE hash = ?1 ORDER BY offset")?;
        let mut rows = stmt.query([hash])?;
        while let Some(row) = rows.next()? {
            whole.extend_from_slice(row.get_ref(0)?.as_blob().map_err(rusqlite::Error::from)?);
        }
    }
    tx.prepare_cached("DELETE FROM blob_uploads WHERE hash = ?1")?
        .execute([hash])?;
    if sha256_hex(&whole) != hash {
        return Ok(Appended::HashMismatch);
    }
    tx.prepare_cached(
        "INSERT INTO blobs (hash, bytes, size, created_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (hash) DO NOTHING",
    )?
    .execute(params![hash, whole, whole.len() as u64, now_ms])?;
    Ok(Appended::Complete)
}

pub(super) fn bytes(conn: &Connection, hash: &str) -> Result<Option<Vec<u8>>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT bytes FROM blobs WHERE hash = ?1")?
        .query_row([hash], |r| r.get(0))
        .optional()?)
}

pub(super) fn referencing(conn: &Connection, hash: &str) -> Result<Vec<String>, StoreError> {
    super::all_rows(
        conn,
        "SELECT doc_id FROM blob_refs WHERE hash = ?1 ORDER BY doc_id",
        [hash],
        |r| r.get(0),
    )
}

/// Adds the references of a document as just committed (never removes:
/// see the migration).
pub(super) fn add_refs(
    tx: &Transaction<'_>,
    doc_id: &str,
    hashes: &[String],
) -> rusqlite::Result<()> {
    let mut stmt =
        tx.prepare_cached("INSERT OR IGNORE INTO blob_refs (hash, doc_id) VALUES (?1, ?2)")?;
    for h in hashes {
        stmt.execute(params![h, doc_id])?;
    }
    Ok(())
}
