//! Read-only queries across documents: what changed for a reader since a
//! cursor, the customer and contract links, a receipt, and the admin listings (documents, receipts,
//! flags).

use onsite_core::model::DocKind;
use rusqlite::{params, Connection, OptionalExtension};

use super::all_rows;
use crate::role::Role;
use crate::store::{sql, Changed, ChangedPage, DocSummary, Flag, Reader, Receipt, StoreError};

const RECEIPT_COLS: &str = "doc_id, received_at, content_hash, via";

fn receipt_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Receipt> {
    let (doc_id, received_at, content_hash, via) = r.try_into()?;
    Ok(Receipt {
        doc_id,
        received_at,
        content_hash,
        via,
    })
}

pub(super) fn linked_to(
    conn: &Connection,
    user: &str,
    id: &str,
    kind: DocKind,
) -> Result<bool, StoreError> {
    let Some(sql) = sql::linked_to(kind) else {
        return Ok(false);
    };
    Ok(conn
        .prepare_cached(sql)?
        .query_row(params![id, user], |_| Ok(()))
        .optional()?
        .is_some())
}

pub(super) fn receipt(conn: &Connection, doc_id: &str) -> Result<Option<Receipt>, StoreError> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {RECEIPT_COLS} FROM receipts WHERE doc_id = ?1"
        ))?
        .query_row([doc_id], receipt_from_row)
        .optional()?)
}

pub(super) fn changed_since(
    conn: &Connection,
    reader: Reader<'_>,
    after: u64,
    limit: usize,
) -> Result<ChangedPage, StoreError> {
    let mut total = 0;
    let rows = all_rows(
        conn,
        changed_sql(reader.role),
        params![after, limit as i64, reader.user],
        |r| {
            total = r.get(2)?;
            Ok(Changed {
                id: r.get(0)?,
                seq: r.get(1)?,
            })
        },
    )?;
    Ok(ChangedPage { rows, total })
}

/// The change feed of a role: `?1` after, `?2` the limit, `?3` the user;
/// each row also carries the feed's length without the limit (a window
/// count, taken before the limit).
fn changed_sql(role: Role) -> &'static str {
    match role {
        Role::Office => {
            "SELECT doc_id, seq, count(*) OVER () FROM doc_seq WHERE seq > ?1 AND ?3 IS NOT NULL
             ORDER BY seq, doc_id LIMIT ?2"
        }
        Role::Storekeeper => {
            "SELECT d.doc_id, d.seq, count(*) OVER () FROM doc_seq d JOIN access a ON a.doc_id = d.doc_id
             WHERE d.seq > ?1 AND a.kind IN ('part', 'pickup', 'settings') AND ?3 IS NOT NULL
             ORDER BY d.seq, d.doc_id LIMIT ?2"
        }
        // The orders they are asked on, by their own sequence number (an
        // expert is added by a change to the order).
        // And the company settings, as every role.
        Role::Expert => {
            "SELECT d.doc_id, d.seq, count(*) OVER () FROM doc_seq d JOIN access a ON a.doc_id = d.doc_id
             WHERE d.seq > ?1 AND (a.kind = 'settings'
                   OR EXISTS (SELECT 1 FROM access_experts e WHERE e.doc_id = d.doc_id AND e.user = ?3))
             ORDER BY d.seq, d.doc_id LIMIT ?2"
        }
        // Work orders, pickups, parts and the company settings by their
        // own sequence number;
        // customers and contracts by theirs or by the grant of the work
        // order that made them readable, whichever is later.
        Role::Engineer => {
            "SELECT id, max(eff) AS e, count(*) OVER () FROM (
               SELECT d.doc_id AS id, d.seq AS eff FROM doc_seq d JOIN access a ON a.doc_id = d.doc_id
               WHERE d.seq > ?1 AND (a.kind IN ('part', 'settings')
                     OR (a.kind = 'wo' AND a.assignee = ?3)
                     OR (a.kind = 'pickup' AND a.owner = ?3))
               UNION ALL
               SELECT c.doc_id, max(c.seq, w.grant_seq) FROM access w
               JOIN doc_seq c ON c.doc_id = w.customer_id
               WHERE w.kind = 'wo' AND w.assignee = ?3 AND (c.seq > ?1 OR w.grant_seq > ?1)
               UNION ALL
               SELECT k.doc_id, max(k.seq, w.grant_seq) FROM access w
               JOIN doc_seq k ON k.doc_id = w.contract_id
               WHERE w.kind = 'wo' AND w.assignee = ?3 AND (k.seq > ?1 OR w.grant_seq > ?1)
             ) GROUP BY id ORDER BY e, id LIMIT ?2"
        }
    }
}

pub(super) fn max_seq(conn: &Connection) -> Result<u64, StoreError> {
    Ok(
        conn.query_row("SELECT value FROM change_counter WHERE id = 1", [], |r| {
            r.get(0)
        })?,
    )
}

pub(super) fn doc_list(
    conn: &Connection,
    kind: Option<DocKind>,
) -> Result<Vec<DocSummary>, StoreError> {
    all_rows(
        conn,
        "SELECT d.id, d.kind, coalesce(s.seq, 0), coalesce(a.assignee, a.owner)
         FROM documents d LEFT JOIN doc_seq s ON s.doc_id = d.id LEFT JOIN access a ON a.doc_id = d.id
         WHERE ?1 IS NULL OR d.kind = ?1 ORDER BY d.id",
        [kind.map(|k| k.prefix())],
        |r| {
            Ok(DocSummary {
                id: r.get(0)?,
                kind: r.get(1)?,
                seq: r.get(2)?,
                holder: r.get(3)?,
            })
        },
    )
}

pub(super) fn receipts(conn: &Connection) -> Result<Vec<Receipt>, StoreError> {
    let sql = format!("SELECT {RECEIPT_COLS} FROM receipts ORDER BY doc_id");
    all_rows(conn, &sql, [], receipt_from_row)
}

pub(super) fn flags(conn: &Connection) -> Result<Vec<Flag>, StoreError> {
    let sql = "SELECT doc_id, detected_at, reason FROM flags ORDER BY id";
    all_rows(conn, sql, [], |r| {
        Ok(Flag {
            doc_id: r.get(0)?,
            detected_at: r.get(1)?,
            reason: r.get(2)?,
        })
    })
}
