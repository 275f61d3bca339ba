//! Read-only queries across documents on PostgreSQL: what changed for a
//! reader since a cursor (the same rules per role as the SQLite store's),
//! the customer and contract links, a receipt, the latest change-sequence
//! number and the admin listings (documents, receipts, flags).

use deadpool_postgres::Pool;
use onsite_core::model::DocKind;
use tokio_postgres::Row;

use super::{all_rows, to_i64, to_u64};
use crate::role::Role;
use crate::store::{sql, Changed, ChangedPage, DocSummary, Flag, Receipt, StoreError};

const RECEIPT_COLS: &str = "doc_id, received_at, content_hash, via";

fn receipt_from_row(r: &Row) -> Result<Receipt, StoreError> {
    Ok(Receipt {
        doc_id: r.try_get(0)?,
        received_at: r.try_get(1)?,
        content_hash: r.try_get(2)?,
        via: r.try_get(3)?,
    })
}

pub(super) async fn linked_to(
    pool: &Pool,
    user: &str,
    id: &str,
    kind: DocKind,
) -> Result<bool, StoreError> {
    let Some(sql) = sql::linked_to(kind) else {
        return Ok(false);
    };
    let client = pool.get().await?;
    let stmt = client.prepare_cached(sql).await?;
    Ok(client.query_opt(&stmt, &[&id, &user]).await?.is_some())
}

pub(super) async fn receipt(pool: &Pool, doc_id: &str) -> Result<Option<Receipt>, StoreError> {
    let client = pool.get().await?;
    let sql = format!("SELECT {RECEIPT_COLS} FROM receipts WHERE doc_id = $1");
    let stmt = client.prepare_cached(&sql).await?;
    client
        .query_opt(&stmt, &[&doc_id])
        .await?
        .map(|r| receipt_from_row(&r))
        .transpose()
}

pub(super) async fn changed_since(
    pool: &Pool,
    user: &str,
    role: Role,
    after: u64,
    limit: usize,
) -> Result<ChangedPage, StoreError> {
    let (sql, with_user) = changed_sql(role);
    let client = pool.get().await?;
    let stmt = client.prepare_cached(sql).await?;
    let (after, limit) = (to_i64(after), i64::try_from(limit).unwrap_or(i64::MAX));
    let rows = if with_user {
        client.query(&stmt, &[&after, &limit, &user]).await?
    } else {
        client.query(&stmt, &[&after, &limit]).await?
    };
    let total = match rows.first() {
        Some(r) => to_u64(r.try_get(2)?),
        None => 0,
    };
    let rows = rows
        .iter()
        .map(|r| {
            Ok(Changed {
                id: r.try_get(0)?,
                seq: to_u64(r.try_get(1)?),
            })
        })
        .collect::<Result<_, StoreError>>()?;
    Ok(ChangedPage { rows, total })
}

/// The change feed of a role, and whether it takes the user: $1 after, $2
/// limit, $3 the user (only where the role needs it); each row also
/// carries the feed's length without the limit (a window count, taken
/// before the limit).
fn changed_sql(role: Role) -> (&'static str, bool) {
    match role {
        Role::Office => (
            "SELECT doc_id, seq, count(*) OVER () FROM doc_seq WHERE seq > $1 ORDER BY seq, doc_id LIMIT $2",
            false,
        ),
        Role::Storekeeper => (
            "SELECT d.doc_id, d.seq, count(*) OVER () FROM doc_seq d JOIN access a ON a.doc_id = d.doc_id
             WHERE d.seq > $1 AND a.kind IN ('part', 'pickup', 'settings')
             ORDER BY d.seq, d.doc_id LIMIT $2",
            false,
        ),
        // The orders they are asked on, by their own sequence number, and
        // the company settings, as every role.
        Role::Expert => (
            "SELECT d.doc_id, d.seq, count(*) OVER () FROM doc_seq d JOIN access a ON a.doc_id = d.doc_id
             WHERE d.seq > $1 AND (a.kind = 'settings'
                   OR EXISTS (SELECT 1 FROM access_experts e
                              WHERE e.doc_id = d.doc_id AND e.user_name = $3))
             ORDER BY d.seq, d.doc_id LIMIT $2",
            true,
        ),
        // Work orders, pickups, parts and the settings by their own
        // number; customers and contracts by theirs or by the grant of the
        // work order that made them readable, whichever is later.
        Role::Engineer => (
            "SELECT id, max(eff) AS e, count(*) OVER () FROM (
               SELECT d.doc_id AS id, d.seq AS eff FROM doc_seq d JOIN access a ON a.doc_id = d.doc_id
               WHERE d.seq > $1 AND (a.kind IN ('part', 'settings')
                     OR (a.kind = 'wo' AND a.assignee = $3)
                     OR (a.kind = 'pickup' AND a.owner = $3))
               UNION ALL
               SELECT c.doc_id, GREATEST(c.seq, w.grant_seq) FROM access w
               JOIN doc_seq c ON c.doc_id = w.customer_id
               WHERE w.kind = 'wo' AND w.assignee = $3 AND (c.seq > $1 OR w.grant_seq > $1)
               UNION ALL
               SELECT k.doc_id, GREATEST(k.seq, w.grant_seq) FROM access w
               JOIN doc_seq k ON k.doc_id = w.contract_id
               WHERE w.kind = 'wo' AND w.assignee = $3 AND (k.seq > $1 OR w.grant_seq > $1)
             ) AS changed GROUP BY id ORDER BY e, id LIMIT $2",
            true,
        ),
    }
}

/// The counter's committed value: every number up to it is committed
/// (see `documents::commit_doc`).
pub(super) async fn max_seq(pool: &Pool) -> Result<u64, StoreError> {
    let client = pool.get().await?;
    let stmt = client
        .prepare_cached("SELECT value FROM change_counter WHERE id = 1")
        .await?;
    Ok(to_u64(client.query_one(&stmt, &[]).await?.try_get(0)?))
}

pub(super) async fn doc_list(
    pool: &Pool,
    kind: Option<DocKind>,
) -> Result<Vec<DocSummary>, StoreError> {
    let kind = kind.map(|k| k.prefix());
    let sql = "SELECT d.id, d.kind, coalesce(s.seq, 0), coalesce(a.assignee, a.owner)
               FROM documents d LEFT JOIN doc_seq s ON s.doc_id = d.id
               LEFT JOIN access a ON a.doc_id = d.id
               WHERE $1::text IS NULL OR d.kind = $1 ORDER BY d.id";
    all_rows(pool, sql, &[&kind], |r| {
        Ok(DocSummary {
            id: r.try_get(0)?,
            kind: r.try_get(1)?,
            seq: to_u64(r.try_get(2)?),
            holder: r.try_get(3)?,
        })
    })
    .await
}

pub(super) async fn receipts(pool: &Pool) -> Result<Vec<Receipt>, StoreError> {
    let sql = format!("SELECT {RECEIPT_COLS} FROM receipts ORDER BY doc_id");
    all_rows(pool, &sql, &[], receipt_from_row).await
}

pub(super) async fn flags(pool: &Pool) -> Result<Vec<Flag>, StoreError> {
    let sql = "SELECT doc_id, detected_at, reason FROM flags ORDER BY id";
    all_rows(pool, sql, &[], |r| {
        Ok(Flag {
            doc_id: r.try_get(0)?,
            detected_at: r.try_get(1)?,
            reason: r.try_get(2)?,
        })
    })
    .await
}
