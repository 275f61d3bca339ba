//! Documents with their change sequence and access rows, and the
//! per-(device, document) sync states, on PostgreSQL: loading (one
//! statement, so one snapshot of the document and its chunks), heads
//! without loading, and the optimistic commit that takes the document's
//! change-sequence number LAST (see [`commit_doc`]).
//!
//! Documents are stored as core's `store::docs` stores them: the whole
//! document the first time, then one chunk of the changes after the saved
//! heads, folded into a new snapshot past `COMPACT_CHUNKS`/`COMPACT_BYTES`.

use automerge::AutoCommit;
use deadpool_postgres::{GenericClient, Pool};
use onsite_core::model::DocKind;
use onsite_core::store::docs::{heads_from_bytes, replay};
use tokio_postgres::Row;

use super::{docstore, first_value, to_u64};
use crate::access::Access;
use crate::store::{
    ChangeRow, CommitOutcome, DocCommit, DocHead, Flag, Receipt, StoreError, StoredDoc,
};

/// The access columns (with `a` the access row): assignee, owner,
/// customer, contract, the experts sorted, the grant.
const ACCESS_COLS: &str = "a.assignee, a.owner, a.customer_id, a.contract_id,
     ARRAY(SELECT e.user_name FROM access_experts e WHERE e.doc_id = a.doc_id ORDER BY e.user_name),
     a.grant_seq";

/// The access row in `row` from column `at` on (see [`ACCESS_COLS`]).
fn access_at(row: &Row, at: usize, kind: DocKind) -> Result<Access, StoreError> {
    Ok(Access {
        kind,
        assignee: row.try_get(at)?,
        owner: row.try_get(at + 1)?,
        customer_id: row.try_get(at + 2)?,
        contract_id: row.try_get(at + 3)?,
        experts: row.try_get(at + 4)?,
    })
}

fn kind_of(kind: &str) -> DocKind {
    kind.parse().unwrap_or(DocKind::Complaint)
}

pub(super) async fn load_doc(
    client: &impl GenericClient,
    id: &str,
) -> Result<Option<StoredDoc>, StoreError> {
    let sql = format!(
        "SELECT d.snapshot, d.saved_heads, d.kind, coalesce(s.seq, 0),
                ARRAY(SELECT c.data FROM chunks c WHERE c.doc_id = d.id ORDER BY c.seq),
                a.doc_id IS NOT NULL, {ACCESS_COLS}
         FROM documents d LEFT JOIN doc_seq s ON s.doc_id = d.id
         LEFT JOIN access a ON a.doc_id = d.id WHERE d.id = $1"
    );
    let stmt = client.prepare_cached(&sql).await?;
    let Some(row) = client.query_opt(&stmt, &[&id]).await? else {
        return Ok(None);
    };
    let snapshot: Vec<u8> = row.try_get(0)?;
    let saved: Vec<u8> = row.try_get(1)?;
    let kind = kind_of(row.try_get(2)?);
    let chunks: Vec<Vec<u8>> = row.try_get(4)?;
    let (doc, _skipped) = replay(id, &snapshot, &saved, &chunks)?;
    let access = if row.try_get(5)? {
        access_at(&row, 6, kind)?
    } else {
        Access::derive(kind, &doc)
    };
    Ok(Some(StoredDoc {
        doc,
        seq: to_u64(row.try_get(3)?),
        access,
    }))
}

/// From the `documents` row's saved heads, which [`commit_doc`] keeps
/// equal to the whole document's heads. A document without an access row
/// is loaded to derive it.
pub(super) async fn doc_head(pool: &Pool, id: &str) -> Result<Option<DocHead>, StoreError> {
    let client = pool.get().await?;
    let sql = format!(
        "SELECT d.saved_heads, d.kind, coalesce(s.seq, 0), a.doc_id IS NOT NULL, {ACCESS_COLS}
         FROM documents d LEFT JOIN doc_seq s ON s.doc_id = d.id
         LEFT JOIN access a ON a.doc_id = d.id WHERE d.id = $1"
    );
    let stmt = client.prepare_cached(&sql).await?;
    let Some(row) = client.query_opt(&stmt, &[&id]).await? else {
        return Ok(None);
    };
    if row.try_get(3)? {
        let saved: Vec<u8> = row.try_get(0)?;
        return Ok(Some(DocHead {
            heads: heads_from_bytes(&saved),
            seq: to_u64(row.try_get(2)?),
            access: access_at(&row, 4, kind_of(row.try_get(1)?))?,
        }));
    }
    Ok(load_doc(&client, id).await?.map(|mut s| DocHead {
        heads: s.doc.get_heads(),
        seq: s.seq,
        access: s.access,
    }))
}

/// A [`DocCommit`] without its borrows, to move onto the store's runtime.
#[derive(Debug)]
pub(super) struct OwnedCommit {
    id: String,
    kind: DocKind,
    expected_seq: Option<u64>,
    access: Access,
    sync_state: Option<(i64, Vec<u8>)>,
    receipt: Option<Receipt>,
    flag: Option<Flag>,
    changes: Vec<ChangeRow>,
}

impl OwnedCommit {
    /// The commit's owned part, and its document.
    pub(super) fn from(c: DocCommit<'_>) -> (OwnedCommit, &mut AutoCommit) {
        let owned = OwnedCommit {
            id: c.id.to_string(),
            kind: c.kind,
            expected_seq: c.expected_seq,
            access: c.access,
            sync_state: c.sync_state,
            receipt: c.receipt,
            flag: c.flag,
            changes: c.changes,
        };
        (owned, c.doc)
    }
}

/// Commits `c` with `doc`; the document comes back whatever happened.
pub(super) async fn commit_doc(
    pool: &Pool,
    c: OwnedCommit,
    mut doc: AutoCommit,
) -> Result<(Result<CommitOutcome, StoreError>, AutoCommit), StoreError> {
    let outcome = commit(pool, &c, &mut doc).await;
    Ok((outcome, doc))
}

/// The commit, in one transaction (READ COMMITTED):
///
/// 1. lock the document's `doc_seq` row (`FOR UPDATE`) and compare its
///    number with `expected_seq` (a stale one is a Conflict; a concurrent
///    commit of the same document waits here and then sees the new number);
/// 2. save the document (a new one is inserted with `ON CONFLICT DO
///    NOTHING`: when two instances create the same id at once the second
///    waits for the first and inserts nothing, a Conflict);
/// 3. access row and experts, change receipts, blob refs, filing receipt,
///    flag, sync state;
/// 4. ONLY THEN take the change-sequence number from the one
///    `change_counter` row and write `doc_seq` (and `access.grant_seq`),
///    and COMMIT.
///
/// Why the number is taken last, under the counter's row lock: the
/// `UPDATE … RETURNING` locks the row until this transaction ends, so the
/// next commit that takes a number waits for this one to COMMIT (or roll
/// back, which gives the number back). Numbers are therefore committed in
/// number order: once n+1 is visible, n is visible too (or never existed),
/// and a reader that read `max_seq` = M and then asks `changed_since` finds
/// every document numbered up to M. Taking the number early would let a
/// slow transaction with n commit after a fast one with n+1, and a device
/// whose cursor passed n+1 would never see n. Taken last, the lock is held
/// only for the two small writes and the COMMIT.
async fn commit(
    pool: &Pool,
    c: &OwnedCommit,
    doc: &mut AutoCommit,
) -> Result<CommitOutcome, StoreError> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let id = c.id.as_str();
    let sql = "SELECT seq FROM doc_seq WHERE doc_id = $1 FOR UPDATE";
    let current: Option<i64> = first_value(&tx, sql, &[&id]).await?;
    if current.map(to_u64) != c.expected_seq {
        return Err(StoreError::Conflict(c.id.clone()));
    }
    let wrote = docstore::save(&tx, id, c.kind.prefix(), doc, current.is_none()).await?;
    let stored = wrote || current.is_none();
    // The grant to keep, `None` when the readers changed (a new grant).
    let mut keep_grant: Option<i64> = None;
    if stored {
        let stmt = tx
            .prepare_cached(&format!(
                "SELECT {ACCESS_COLS} FROM access a WHERE a.doc_id = $1"
            ))
            .await?;
        if let Some(row) = tx.query_opt(&stmt, &[&id]).await? {
            let old = access_at(&row, 0, c.kind)?;
            if !old.readers_differ(&c.access) {
                keep_grant = Some(row.try_get(5)?);
            }
        }
        let a = &c.access;
        let stmt = tx
            .prepare_cached(
                "INSERT INTO access (doc_id, kind, assignee, owner, customer_id, contract_id, grant_seq)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (doc_id) DO UPDATE SET kind = excluded.kind, assignee = excluded.assignee,
                   owner = excluded.owner, customer_id = excluded.customer_id,
                   contract_id = excluded.contract_id, grant_seq = excluded.grant_seq",
            )
            .await?;
        let placeholder = keep_grant.unwrap_or(0);
        let kind = c.kind.prefix();
        tx.execute(
            &stmt,
            &[
                &id,
                &kind,
                &a.assignee,
                &a.owner,
                &a.customer_id,
                &a.contract_id,
                &placeholder,
            ],
        )
        .await?;
        tx.execute("DELETE FROM access_experts WHERE doc_id = $1", &[&id])
            .await?;
        if !a.experts.is_empty() {
            tx.execute(
                "INSERT INTO access_experts (doc_id, user_name)
                 SELECT $1, u FROM unnest($2::text[]) AS u ON CONFLICT DO NOTHING",
                &[&id, &a.experts],
            )
            .await?;
        }
        super::attribution::insert_receipts(&tx, id, &c.changes).await?;
        if c.kind == DocKind::WorkOrder {
            let refs = onsite_core::sync::blobs::photo_refs(&*doc);
            super::blobs::add_refs(&tx, id, &refs).await?;
        }
    }
    if let Some(r) = &c.receipt {
        tx.execute(
            "INSERT INTO receipts (doc_id, received_at, content_hash, via) VALUES ($1, $2, $3, $4)
             ON CONFLICT (doc_id) DO NOTHING",
            &[&r.doc_id, &r.received_at, &r.content_hash, &r.via],
        )
        .await?;
    }
    if let Some(f) = &c.flag {
        tx.execute(
            "INSERT INTO flags (doc_id, detected_at, reason) VALUES ($1, $2, $3)",
            &[&f.doc_id, &f.detected_at, &f.reason],
        )
        .await?;
    }
    if let Some((device, state)) = &c.sync_state {
        put_state(&tx, *device, id, state).await?;
    }
    let outcome = if stored {
        // Last: the number, under the counter's row lock until COMMIT.
        let seq = take_number(&tx).await?;
        tx.execute(
            "INSERT INTO doc_seq (doc_id, seq) VALUES ($1, $2)
             ON CONFLICT (doc_id) DO UPDATE SET seq = excluded.seq",
            &[&id, &seq],
        )
        .await?;
        if keep_grant.is_none() {
            tx.execute(
                "UPDATE access SET grant_seq = $2 WHERE doc_id = $1",
                &[&id, &seq],
            )
            .await?;
        }
        CommitOutcome::Stored(to_u64(seq))
    } else {
        CommitOutcome::Unchanged
    };
    tx.commit().await?;
    Ok(outcome)
}

/// The next change-sequence number, from the one counter row: its row lock
/// is held until the caller's transaction ends, so take it as the
/// transaction's last step (see [`commit`]). Role changes take theirs here
/// too.
pub(super) async fn take_number(client: &impl GenericClient) -> Result<i64, StoreError> {
    Ok(client
        .query_one(
            "UPDATE change_counter SET value = value + 1 WHERE id = 1 RETURNING value",
            &[],
        )
        .await?
        .try_get(0)?)
}

async fn put_state(
    client: &impl GenericClient,
    device: i64,
    doc: &str,
    state: &[u8],
) -> Result<(), StoreError> {
    let stmt = client
        .prepare_cached(
            "INSERT INTO sync_states (device_id, doc_id, state) VALUES ($1, $2, $3)
             ON CONFLICT (device_id, doc_id) DO UPDATE SET state = excluded.state",
        )
        .await?;
    client.execute(&stmt, &[&device, &doc, &state]).await?;
    Ok(())
}

pub(super) async fn sync_state(
    pool: &Pool,
    device_id: i64,
    doc_id: &str,
) -> Result<Option<Vec<u8>>, StoreError> {
    let client = pool.get().await?;
    let stmt = client
        .prepare_cached("SELECT state FROM sync_states WHERE device_id = $1 AND doc_id = $2")
        .await?;
    first_value(&client, &stmt, &[&device_id, &doc_id]).await
}

/// Stores the states in one transaction: all of them or none.
pub(super) async fn put_sync_states(
    pool: &Pool,
    device_id: i64,
    states: &[(String, Vec<u8>)],
) -> Result<(), StoreError> {
    if states.is_empty() {
        return Ok(());
    }
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    for (doc_id, state) in states {
        put_state(&tx, device_id, doc_id, state).await?;
    }
    tx.commit().await?;
    Ok(())
}
