//! Photo bytes on PostgreSQL: complete blobs, the documents that reference
//! each, and uploads in progress (chunks appended at the offset the server
//! holds, verified against the blob's SHA-256 name when the declared
//! length is reached). An append locks its upload's row, so two instances
//! appending to one upload take turns and the second sees the first's
//! offset. See `pg_migrations/0001_schema.sql`.

use deadpool_postgres::{GenericClient, Pool};
use onsite_core::sync::blobs::sha256_hex;

use super::{all_rows, first_value, to_i64, to_u64};
use crate::store::{Appended, BlobState, BlobUpload, StoreError};

pub(super) async fn missing(pool: &Pool, hashes: &[String]) -> Result<Vec<String>, StoreError> {
    let client = pool.get().await?;
    let held: Vec<String> = client
        .query("SELECT hash FROM blobs WHERE hash = ANY($1)", &[&hashes])
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<Result<_, _>>()?;
    let mut out: Vec<String> = Vec::new();
    for h in hashes {
        if !held.contains(h) && !out.contains(h) {
            out.push(h.clone());
        }
    }
    Ok(out)
}

/// The blob's state; with `lock`, the upload's row is locked (in the
/// caller's transaction) until it ends.
pub(super) async fn state(
    client: &impl GenericClient,
    hash: &str,
    lock: bool,
) -> Result<BlobState, StoreError> {
    let size = client
        .query_opt("SELECT size FROM blobs WHERE hash = $1", &[&hash])
        .await?;
    if let Some(r) = size {
        return Ok(BlobState::Complete {
            size: to_u64(r.try_get(0)?),
        });
    }
    let sql = if lock {
        "SELECT received, length FROM blob_uploads WHERE hash = $1 FOR UPDATE"
    } else {
        "SELECT received, length FROM blob_uploads WHERE hash = $1"
    };
    Ok(match client.query_opt(sql, &[&hash]).await? {
        Some(r) => BlobState::Partial {
            offset: to_u64(r.try_get(0)?),
            length: to_u64(r.try_get(1)?),
        },
        None => BlobState::Unknown,
    })
}

pub(super) async fn append(pool: &Pool, up: BlobUpload<'_>) -> Result<Appended, StoreError> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let hash = up.hash;
    let mut current = state(&tx, hash, true).await?;
    if current == BlobState::Unknown {
        let Some(length) = up.length else {
            return Ok(Appended::NoLength);
        };
        // Another instance may start the same upload at once: the second
        // insert does nothing and the row is read (and locked) again.
        tx.execute(
            "INSERT INTO blob_uploads (hash, length, received, device_id, updated_at)
             VALUES ($1, $2, 0, $3, $4) ON CONFLICT (hash) DO NOTHING",
            &[&hash, &to_i64(length), &up.device_id, &up.now_ms],
        )
        .await?;
        current = state(&tx, hash, true).await?;
    }
    let (held, declared) = match current {
        BlobState::Complete { .. } => return Ok(Appended::Complete),
        BlobState::Partial { offset, length } => (offset, length),
        BlobState::Unknown => return Ok(Appended::NoLength),
    };
    if up.length.is_some_and(|l| l != declared) {
        return Ok(Appended::LengthChanged { length: declared });
    }
    if up.offset != held {
        return Ok(Appended::OffsetMismatch { offset: held });
    }
    let received = held + up.bytes.len() as u64;
    if received > declared {
        return Ok(Appended::PastLength { length: declared });
    }
    if !up.bytes.is_empty() {
        tx.execute(
            "INSERT INTO blob_parts (hash, part_offset, bytes) VALUES ($1, $2, $3)",
            &[&hash, &to_i64(held), &up.bytes],
        )
        .await?;
    }
    tx.execute(
        "UPDATE blob_uploads SET received = $2, updated_at = $3 WHERE hash = $1",
        &[&hash, &to_i64(received), &up.now_ms],
    )
    .await?;
    let outcome = if received == declared {
        complete(&tx, hash, up.now_ms).await?
    } else {
        Appended::Partial { offset: received }
    };
    tx.commit().await?;
    Ok(outcome)
}

/// Joins the parts, checks the hash and keeps the blob; either way the
/// upload is dropped.
async fn complete(
    tx: &impl GenericClient,
    hash: &str,
    now_ms: i64,
) -> Result<Appended, StoreError> {
    let mut whole = Vec::new();
    let parts = tx
        .query(
            "SELECT bytes FROM blob_parts WHERE hash = $1 ORDER BY part_offset",
            &[&hash],
        )
        .await?;
    for r in &parts {
        whole.extend_from_slice(r.try_get::<_, &[u8]>(0)?);
    }
    tx.execute("DELETE FROM blob_uploads WHERE hash = $1", &[&hash])
        .await?;
    if sha256_hex(&whole) != hash {
        return Ok(Appended::HashMismatch);
    }
    tx.execute(
        "INSERT INTO blobs (hash, bytes, size, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (hash) DO NOTHING",
        &[&hash, &whole, &(whole.len() as i64), &now_ms],
    )
    .await?;
    Ok(Appended::Complete)
}

pub(super) async fn bytes(pool: &Pool, hash: &str) -> Result<Option<Vec<u8>>, StoreError> {
    let client = pool.get().await?;
    first_value(&client, "SELECT bytes FROM blobs WHERE hash = $1", &[&hash]).await
}

pub(super) async fn referencing(pool: &Pool, hash: &str) -> Result<Vec<String>, StoreError> {
    let sql = "SELECT doc_id FROM blob_refs WHERE hash = $1 ORDER BY doc_id";
    all_rows(pool, sql, &[&hash], |r| Ok(r.try_get(0)?)).await
}

/// Adds the references of a document as just committed (never removes).
pub(super) async fn add_refs(
    tx: &impl GenericClient,
    doc_id: &str,
    hashes: &[String],
) -> Result<(), StoreError> {
    if hashes.is_empty() {
        return Ok(());
    }
    tx.execute(
        "INSERT INTO blob_refs (hash, doc_id) SELECT h, $2 FROM unnest($1::text[]) AS h
         ON CONFLICT DO NOTHING",
        &[&hashes, &doc_id],
    )
    .await?;
    Ok(())
}
