//! The device's blobs: photo bytes stored once by their SHA-256 (table
//! `blobs`, migration 15), apart from the documents. A blob's name is the
//! lower-case hex SHA-256 of its bytes; reading re-hashes them, so a
//! damaged row is found, deleted (the sync client fetches it again) and
//! reported as [`StoreError::CorruptBlob`]. Which blobs wait for upload is
//! a join with the `wo_photos` projection: those a work order on the
//! device references and the server does not hold yet.

use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use super::device::Store;
#[cfg(test)]
use super::error::EditError;
use super::error::{Result, StoreError};
use crate::photos::MAX_BLOB_BYTES;

/// The name of `bytes`: SHA-256, lower-case hex.
pub fn hash_of(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Stores `bytes` under their hash unless already there (inside the
/// caller's transaction). Returns the hash.
pub(crate) fn put(conn: &Connection, bytes: &[u8], now_ms: i64) -> Result<String> {
    let size = bytes.len() as u64;
    if size > MAX_BLOB_BYTES {
        return Err(StoreError::BlobTooLarge {
            size,
            max: MAX_BLOB_BYTES,
        });
    }
    let hash = hash_of(bytes);
    conn.prepare_cached(
        "INSERT OR IGNORE INTO blobs (hash, bytes, size, created_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![hash, bytes, size as i64, now_ms])?;
    Ok(hash)
}

impl Store {
    /// Stores `bytes` once (the same bytes again are not stored twice) and
    /// returns their hash.
    pub fn put_blob(&mut self, bytes: &[u8]) -> Result<String> {
        let now = self.now_ms();
        put(&self.conn, bytes, now)
    }

    /// Stores bytes downloaded from the server: as [`Store::put_blob`], but
    /// marked uploaded (the server holds them). Refuses bytes that do not
    /// hash to `hash` ([`StoreError::CorruptBlob`]), storing nothing.
    pub fn put_downloaded_blob(&mut self, hash: &str, bytes: &[u8]) -> Result<()> {
        if hash_of(bytes) != hash {
            return Err(StoreError::CorruptBlob { hash: hash.into() });
        }
        let now = self.now_ms();
        let tx = self.conn.transaction()?;
        put(&tx, bytes, now)?;
        tx.execute(
            "UPDATE blobs SET uploaded_at = COALESCE(uploaded_at, ?2) WHERE hash = ?1",
            params![hash, now],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The bytes of blob `hash`, or `None` when the device does not hold
    /// it. The bytes are hashed again: a row whose bytes no longer match
    /// is deleted and reported as [`StoreError::CorruptBlob`].
    pub fn blob(&self, hash: &str) -> Result<Option<Vec<u8>>> {
        let bytes: Option<Vec<u8>> = self
            .conn
            .prepare_cached("SELECT bytes FROM blobs WHERE hash = ?1")?
            .query_row([hash], |r| r.get(0))
            .optional()?;
        let Some(bytes) = bytes else {
            return Ok(None);
        };
        if hash_of(&bytes) != hash {
            tracing::warn!(hash, "stored blob does not match its hash: deleted");
            self.conn
                .prepare_cached("DELETE FROM blobs WHERE hash = ?1")?
                .execute([hash])?;
            return Err(StoreError::CorruptBlob { hash: hash.into() });
        }
        Ok(Some(bytes))
    }

    /// Whether the device holds blob `hash` (not re-hashed).
    pub fn has_blob(&self, hash: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM blobs WHERE hash = ?1")?
            .query_row([hash], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// The blobs waiting for upload: referenced by a work order on the
    /// device and not yet held by the server. Thumbnails first (the
    /// smaller blobs), then by age.
    pub fn blobs_to_upload(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT b.hash FROM blobs b
             WHERE b.uploaded_at IS NULL
               AND EXISTS (SELECT 1 FROM wo_photos p WHERE p.hash = b.hash)
             ORDER BY b.size, b.created_at, b.hash",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many photos wait for upload: a photo counts once, whether its
    /// thumbnail, its full picture or both are not on the server yet (what
    /// the sync badge says, "1 张照片待上传").
    pub fn photos_waiting(&self) -> Result<usize> {
        let waiting: std::collections::HashSet<String> =
            self.blobs_to_upload()?.into_iter().collect();
        if waiting.is_empty() {
            return Ok(0);
        }
        let ids: Vec<String> = {
            let mut stmt = self.conn.prepare_cached(
                "SELECT DISTINCT p.doc_id FROM wo_photos p JOIN blobs b ON b.hash = p.hash
                 WHERE b.uploaded_at IS NULL",
            )?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut n = 0;
        for id in ids {
            let Ok(id) = id.parse::<crate::model::DocId>() else {
                continue;
            };
            let Some(doc) = self.load(&id)? else {
                continue;
            };
            let Ok(wo) = crate::doc::read::<crate::model::WorkOrder, _>(
                &doc,
                crate::model::DocKind::WorkOrder,
            ) else {
                continue;
            };
            n += wo
                .photos
                .iter()
                .filter(|p| waiting.contains(&p.hash) || waiting.contains(&p.thumb))
                .count();
        }
        Ok(n)
    }

    /// Records that the server holds blob `hash`.
    pub fn mark_uploaded(&mut self, hash: &str) -> Result<()> {
        let now = self.now_ms();
        self.conn
            .prepare_cached("UPDATE blobs SET uploaded_at = ?2 WHERE hash = ?1")?
            .execute(params![hash, now])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
