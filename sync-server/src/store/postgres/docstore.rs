//! Documents as core's `store::docs` stores them, on PostgreSQL: a
//! compacted snapshot plus change chunks, the whole document the first
//! time, then one chunk of the changes after the saved heads, folded into
//! a new snapshot past `COMPACT_CHUNKS`/`COMPACT_BYTES` (core's
//! thresholds); loading replays the chunks as core's `docs::replay` does,
//! skipping a torn one.

use automerge::AutoCommit;
use deadpool_postgres::GenericClient;
use onsite_core::store::docs::{
    heads_from_bytes, heads_to_bytes, SavedForm, COMPACT_BYTES, COMPACT_CHUNKS,
};

use crate::store::StoreError;

/// A stored document's saved form (core's `docs::saved_form` on
/// PostgreSQL): its snapshot followed by its chunks, read in one statement
/// (one consistent view), with the saved heads; `None` when it is not
/// stored or the bytes are not whole chunks.
pub(super) async fn saved_form(
    client: &impl GenericClient,
    id: &str,
) -> Result<Option<SavedForm>, StoreError> {
    let stmt = client
        .prepare_cached(
            "SELECT d.snapshot, d.saved_heads,
                    ARRAY(SELECT c.data FROM chunks c WHERE c.doc_id = d.id ORDER BY c.seq)
             FROM documents d WHERE d.id = $1",
        )
        .await?;
    let Some(row) = client.query_opt(&stmt, &[&id]).await? else {
        return Ok(None);
    };
    let mut bytes: Vec<u8> = row.try_get(0)?;
    let heads = heads_from_bytes(&row.try_get::<_, Vec<u8>>(1)?);
    for chunk in row.try_get::<_, Vec<Vec<u8>>>(2)? {
        bytes.extend_from_slice(&chunk);
    }
    if heads.is_empty() || !onsite_core::store::docs::whole_chunks(&bytes) {
        return Ok(None);
    }
    Ok(Some((bytes, heads)))
}

/// Saves what changed in `doc` since it was last saved (core's
/// `docs::save` on PostgreSQL); whether anything was written. With
/// `expect_new` (the caller found no `doc_seq` row), a `documents` row
/// found here was created by another instance since: [`StoreError::Conflict`],
/// never a chunk appended to a document this commit did not load.
pub(super) async fn save(
    tx: &impl GenericClient,
    id: &str,
    kind: &str,
    doc: &mut AutoCommit,
    expect_new: bool,
) -> Result<bool, StoreError> {
    let now = chrono::Utc::now().timestamp_millis();
    let heads = doc.get_heads();
    let row = tx
        .query_opt(
            "SELECT saved_heads, chunk_count, chunk_bytes, octet_length(snapshot)::bigint
             FROM documents WHERE id = $1 FOR UPDATE",
            &[&id],
        )
        .await?;
    let Some(row) = row else {
        let inserted = tx
            .execute(
                "INSERT INTO documents (id, kind, snapshot, saved_heads, updated_at)
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING",
                &[&id, &kind, &doc.save(), &heads_to_bytes(&heads), &now],
            )
            .await?;
        if inserted == 0 {
            // Another instance created it since this commit looked.
            return Err(StoreError::Conflict(id.to_string()));
        }
        return Ok(true);
    };
    if expect_new {
        // Regression (CI, 2026-12-01): two instances creating one id both
        // found no `doc_seq` row; the second then saw the first's committed
        // document here and appended itself as a chunk (both "stored").
        return Err(StoreError::Conflict(id.to_string()));
    }
    let saved = heads_from_bytes(&row.try_get::<_, Vec<u8>>(0)?);
    if saved == heads {
        return Ok(false);
    }
    let chunk = doc.save_after(&saved);
    if chunk.is_empty() {
        return Ok(false);
    }
    let count: i64 = row.try_get::<_, i64>(1)? + 1;
    let bytes: i64 = row.try_get::<_, i64>(2)? + chunk.len() as i64;
    let snapshot_len: i64 = row.try_get(3)?;
    if count > COMPACT_CHUNKS || (bytes > COMPACT_BYTES && bytes > snapshot_len) {
        tx.execute("DELETE FROM chunks WHERE doc_id = $1", &[&id])
            .await?;
        tx.execute(
            "UPDATE documents SET snapshot = $2, saved_heads = $3, chunk_count = 0, chunk_bytes = 0,
               updated_at = $4 WHERE id = $1",
            &[&id, &doc.save(), &heads_to_bytes(&heads), &now],
        )
        .await?;
    } else {
        let stmt = tx
            .prepare_cached(
                "INSERT INTO chunks (doc_id, seq, data) VALUES
                 ($1, (SELECT coalesce(max(seq), 0) + 1 FROM chunks WHERE doc_id = $1), $2)",
            )
            .await?;
        tx.execute(&stmt, &[&id, &chunk]).await?;
        let stmt = tx
            .prepare_cached(
                "UPDATE documents SET saved_heads = $2, chunk_count = $3, chunk_bytes = $4,
                   updated_at = $5 WHERE id = $1",
            )
            .await?;
        tx.execute(&stmt, &[&id, &heads_to_bytes(&heads), &count, &bytes, &now])
            .await?;
    }
    Ok(true)
}
