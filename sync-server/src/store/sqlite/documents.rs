//! Documents with their change sequence and access rows, and the
//! per-(device, document) sync states: loading, heads without loading, the
//! optimistic commit.

use onsite_core::model::DocKind;
use onsite_core::store::docs;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::access::Access;
use crate::store::{CommitOutcome, DocCommit, DocHead, StoreError, StoredDoc};

/// The experts column of the access queries: the access row's experts,
/// sorted, joined by [`EXPERT_SEP`].
const EXPERTS_SQL: &str =
    "(SELECT group_concat(user, char(31)) FROM (SELECT user FROM access_experts e WHERE e.doc_id = a.doc_id ORDER BY user))";

/// What separates the experts in [`EXPERTS_SQL`] (the unit separator,
/// which no user name contains).
const EXPERT_SEP: char = '\u{1f}';

fn experts(joined: Option<String>) -> Vec<String> {
    joined
        .map(|j| j.split(EXPERT_SEP).map(str::to_string).collect())
        .unwrap_or_default()
}

fn access_row(conn: &Connection, id: &str, kind: DocKind) -> rusqlite::Result<Option<Access>> {
    conn.prepare_cached(&format!(
        "SELECT assignee, owner, customer_id, contract_id, {EXPERTS_SQL} FROM access a WHERE doc_id = ?1"
    ))?
    .query_row([id], |r| {
        Ok(Access {
            kind,
            assignee: r.get(0)?,
            owner: r.get(1)?,
            customer_id: r.get(2)?,
            contract_id: r.get(3)?,
            experts: experts(r.get(4)?),
        })
    })
    .optional()
}

fn bump_seq(tx: &Transaction<'_>) -> rusqlite::Result<u64> {
    tx.prepare_cached("UPDATE change_counter SET value = value + 1 WHERE id = 1 RETURNING value")?
        .query_row([], |r| r.get(0))
}

fn put_state(conn: &Connection, device: i64, doc: &str, state: &[u8]) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO sync_states (device_id, doc_id, state) VALUES (?1, ?2, ?3)
         ON CONFLICT (device_id, doc_id) DO UPDATE SET state = excluded.state",
    )?
    .execute(params![device, doc, state])?;
    Ok(())
}

pub(super) fn load_doc(conn: &Connection, id: &str) -> Result<Option<StoredDoc>, StoreError> {
    let Some(loaded) = docs::load(conn, id)? else {
        return Ok(None);
    };
    let (kind, seq): (String, u64) = conn
        .prepare_cached(
            "SELECT d.kind, coalesce(s.seq, 0) FROM documents d LEFT JOIN doc_seq s ON s.doc_id = d.id WHERE d.id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let kind: DocKind = kind.parse().unwrap_or(DocKind::Complaint);
    let access = access_row(conn, id, kind)?.unwrap_or_else(|| Access::derive(kind, &loaded.doc));
    Ok(Some(StoredDoc {
        doc: loaded.doc,
        seq,
        access,
    }))
}

/// From the `documents` row's saved heads, which `commit_doc` keeps
/// equal to the whole document's heads (the server saves every change
/// it stores). A document without an access row is loaded to derive it.
pub(super) fn doc_head(conn: &Connection, id: &str) -> Result<Option<DocHead>, StoreError> {
    // `None` inside: the document has no access row.
    let row: Option<Option<DocHead>> = conn
        .prepare_cached(&format!(
            "SELECT d.saved_heads, d.kind, coalesce(s.seq, 0), a.doc_id IS NOT NULL,
                    a.assignee, a.owner, a.customer_id, a.contract_id, {EXPERTS_SQL}
             FROM documents d LEFT JOIN doc_seq s ON s.doc_id = d.id
             LEFT JOIN access a ON a.doc_id = d.id WHERE d.id = ?1"
        ))?
        .query_row([id], |r| {
            if !r.get::<_, bool>(3)? {
                return Ok(None);
            }
            let kind: String = r.get(1)?;
            Ok(Some(DocHead {
                heads: docs::heads_from_bytes(&r.get::<_, Vec<u8>>(0)?),
                seq: r.get(2)?,
                access: Access {
                    kind: kind.parse().unwrap_or(DocKind::Complaint),
                    assignee: r.get(4)?,
                    owner: r.get(5)?,
                    customer_id: r.get(6)?,
                    contract_id: r.get(7)?,
                    experts: experts(r.get(8)?),
                },
            }))
        })
        .optional()?;
    match row {
        None => Ok(None),
        Some(Some(head)) => Ok(Some(head)),
        Some(None) => Ok(load_doc(conn, id)?.map(|mut s| DocHead {
            heads: s.doc.get_heads(),
            seq: s.seq,
            access: s.access,
        })),
    }
}

pub(super) fn commit_doc(
    conn: &mut Connection,
    c: DocCommit<'_>,
) -> Result<CommitOutcome, StoreError> {
    let tx = conn.transaction()?;
    let current: Option<u64> = tx
        .prepare_cached("SELECT seq FROM doc_seq WHERE doc_id = ?1")?
        .query_row([c.id], |r| r.get(0))
        .optional()?;
    if current != c.expected_seq {
        return Err(StoreError::Conflict(c.id.to_string()));
    }
    let wrote = docs::save(&tx, c.id, c.kind.prefix(), c.doc)?;
    let outcome = if wrote || current.is_none() {
        let seq = bump_seq(&tx)?;
        tx.prepare_cached(
            "INSERT INTO doc_seq (doc_id, seq) VALUES (?1, ?2)
             ON CONFLICT (doc_id) DO UPDATE SET seq = excluded.seq",
        )?
        .execute(params![c.id, seq])?;
        let old = access_row(&tx, c.id, c.kind)?;
        let grant_seq: Option<u64> = match &old {
            Some(old) if !old.readers_differ(&c.access) => tx.query_row(
                "SELECT grant_seq FROM access WHERE doc_id = ?1",
                [c.id],
                |r| r.get(0),
            )?,
            _ => Some(seq),
        };
        tx.prepare_cached(
            "INSERT INTO access (doc_id, kind, assignee, owner, customer_id, contract_id, grant_seq)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (doc_id) DO UPDATE SET kind = excluded.kind, assignee = excluded.assignee,
               owner = excluded.owner, customer_id = excluded.customer_id,
               contract_id = excluded.contract_id, grant_seq = excluded.grant_seq",
        )?
        .execute(params![
            c.id,
            c.kind.prefix(),
            c.access.assignee,
            c.access.owner,
            c.access.customer_id,
            c.access.contract_id,
            grant_seq
        ])?;
        tx.prepare_cached("DELETE FROM access_experts WHERE doc_id = ?1")?
            .execute([c.id])?;
        for user in &c.access.experts {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO access_experts (doc_id, user) VALUES (?1, ?2)",
            )?
            .execute(params![c.id, user])?;
        }
        super::attribution::insert_receipts(&tx, c.id, &c.changes)?;
        if c.kind == DocKind::WorkOrder {
            let refs = onsite_core::sync::blobs::photo_refs(&*c.doc);
            super::blobs::add_refs(&tx, c.id, &refs)?;
        }
        CommitOutcome::Stored(seq)
    } else {
        CommitOutcome::Unchanged
    };
    if let Some(r) = &c.receipt {
        tx.execute(
            "INSERT INTO receipts (doc_id, received_at, content_hash, via) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (doc_id) DO NOTHING",
            params![r.doc_id, r.received_at, r.content_hash, r.via],
        )?;
    }
    if let Some(f) = &c.flag {
        tx.execute(
            "INSERT INTO flags (doc_id, detected_at, reason) VALUES (?1, ?2, ?3)",
            params![f.doc_id, f.detected_at, f.reason],
        )?;
    }
    if let Some((device, state)) = &c.sync_state {
        put_state(&tx, *device, c.id, state)?;
    }
    tx.commit()?;
    Ok(outcome)
}

pub(super) fn sync_state(
    conn: &Connection,
    device_id: i64,
    doc_id: &str,
) -> Result<Option<Vec<u8>>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT state FROM sync_states WHERE device_id = ?1 AND doc_id = ?2")?
        .query_row(params![device_id, doc_id], |r| r.get(0))
        .optional()?)
}

pub(super) fn put_sync_state(
    conn: &Connection,
    device_id: i64,
    doc_id: &str,
    state: &[u8],
) -> Result<(), StoreError> {
    Ok(put_state(conn, device_id, doc_id, state)?)
}

pub(super) fn put_sync_states(
    conn: &mut Connection,
    device_id: i64,
    states: &[(String, Vec<u8>)],
) -> Result<(), StoreError> {
    if states.is_empty() {
        return Ok(());
    }
    let tx = conn.transaction()?;
    for (doc_id, state) in states {
        put_state(&tx, device_id, doc_id, state)?;
    }
    tx.commit()?;
    Ok(())
}
