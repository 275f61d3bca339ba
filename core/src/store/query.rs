//! Reads of the projection tables for the lists: work orders by assignee,
//! status and customer, in the one list order ([`wo_order`]) or newest
//! first; pickups; customers ([`customers`]); the warehouse's stock,
//! confirmations and outstanding pickups (`warehouse`). Never touches the
//! documents.

use rusqlite::types::Value;
use rusqlite::{params_from_iter, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::device::Store;
use super::docs;
use super::error::{Result, StoreError};
use super::paging::Paging;
use super::projection::{from_secs, secs, PickupRow, StockRow, WoRow};
use crate::model::{Day, DocId, DocKind, Priority, Ts};
use crate::rules::{stock_level, Status};

/// Which work orders to list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct WoFilter {
    /// Only this engineer's.
    pub assignee: Option<String>,
    /// Only these statuses (an empty list matches nothing).
    pub statuses: Option<Vec<Status>>,
    /// Leave out closed and cancelled orders.
    pub open_only: bool,
    /// Only this customer's (the customer screen's history).
    pub customer_id: Option<DocId>,
    /// Words that must all appear (ignoring case) in the order's number,
    /// the customer's organisation, contact or phone (also typed without
    /// spaces or dashes), or the equipment's model or serial number; empty
    /// matches every order.
    pub query: String,
    /// Only orders no engineer is assigned to yet.
    pub unassigned: bool,
    /// Only these priorities (an empty list matches nothing).
    pub priorities: Option<Vec<Priority>>,
    /// Only calls at or after this instant.
    pub reported_from: Option<Ts>,
    /// Only calls before this instant.
    pub reported_before: Option<Ts>,
    /// Newest call first (a history) instead of the list order
    /// ([`wo_order`]).
    pub newest_first: bool,
    /// One page of the list; unset: every order.
    #[serde(flatten)]
    #[ts(flatten)]
    pub page: Paging,
}

const WO_COLUMNS: &str = "id, number, status, priority, assignee, customer_org, reported_at,
    response_due, onsite_due, fix_due, responded_at, arrived_at, resolved_at, signed_at,
    filing_due, filed_at, tampered, next_due, updated_at, loaner_issued, customer_id, closed_at,
    contract_call, loaner_serial, loaner_issued_at, loaner_returned_at, planned_until";

fn bad(table: &'static str, detail: impl std::fmt::Display) -> rusqlite::Error {
    rusqlite::Error::ToSqlConversionFailure(Box::new(StoreError::BadRow {
        table,
        detail: detail.to_string(),
    }))
}

pub(super) fn parse<T: std::str::FromStr>(table: &'static str, text: String) -> rusqlite::Result<T>
where
    T::Err: std::fmt::Display,
{
    text.parse()
        .map_err(|e| bad(table, format!("{text:?}: {e}")))
}

pub(super) fn ts_at(row: &Row<'_>, i: usize) -> rusqlite::Result<Ts> {
    Ok(from_secs(row.get(i)?))
}

pub(super) fn opt_ts_at(row: &Row<'_>, i: usize) -> rusqlite::Result<Option<Ts>> {
    Ok(row.get::<_, Option<i64>>(i)?.map(from_secs))
}

fn wo_row(r: &Row<'_>) -> rusqlite::Result<WoRow> {
    const T: &str = "wo_list";
    Ok(WoRow {
        id: parse(T, r.get(0)?)?,
        number: r.get(1)?,
        status: parse(T, r.get(2)?)?,
        priority: parse(T, r.get(3)?)?,
        assignee: r.get(4)?,
        customer_org: r.get(5)?,
        reported_at: ts_at(r, 6)?,
        response_due: ts_at(r, 7)?,
        onsite_due: opt_ts_at(r, 8)?,
        fix_due: ts_at(r, 9)?,
        responded_at: opt_ts_at(r, 10)?,
        arrived_at: opt_ts_at(r, 11)?,
        resolved_at: opt_ts_at(r, 12)?,
        signed_at: opt_ts_at(r, 13)?,
        filing_due: opt_ts_at(r, 14)?,
        filed_at: opt_ts_at(r, 15)?,
        tampered: r.get(16)?,
        next_due: opt_ts_at(r, 17)?,
        updated_at: ts_at(r, 18)?,
        loaner_issued: r.get(19)?,
        customer_id: r
            .get::<_, Option<String>>(20)?
            .map(|c| parse(T, c))
            .transpose()?,
        closed_at: opt_ts_at(r, 21)?,
        contract_call: r.get(22)?,
        loaner_serial: r.get(23)?,
        loaner_issued_at: opt_ts_at(r, 24)?,
        loaner_returned_at: opt_ts_at(r, 25)?,
        planned_until: r
            .get::<_, Option<String>>(26)?
            .map(|d| d.parse().map(Day).map_err(|e| bad(T, e)))
            .transpose()?,
    })
}

/// The columns [`pickup_row`] reads, of `pickup_list p` joined with
/// `wo_list w` (the order's number; the pickup's own copy where the device
/// does not hold the order, as the storekeeper's).
pub(super) const PICKUP_COLS: &str = "p.id, p.work_order_id, p.part_id, p.part_no, p.name,
    p.warehouse, p.qty, p.used, p.returned, p.engineer, p.picked_at, p.serials,
    coalesce(w.number, nullif(p.work_order_no, ''), ''), p.pickup_state, p.return_state, p.confirmed_counted, p.return_counted";

/// `FROM` for [`PICKUP_COLS`].
pub(super) const PICKUP_FROM: &str =
    "FROM pickup_list p LEFT JOIN wo_list w ON w.id = p.work_order_id";

pub(super) fn pickup_row(r: &Row<'_>) -> rusqlite::Result<PickupRow> {
    const T: &str = "pickup_list";
    Ok(PickupRow {
        id: parse(T, r.get(0)?)?,
        work_order_id: parse(T, r.get(1)?)?,
        part_id: parse(T, r.get(2)?)?,
        part_no: r.get(3)?,
        name: r.get(4)?,
        warehouse: r.get(5)?,
        qty: r.get(6)?,
        used: r.get(7)?,
        returned: r.get(8)?,
        engineer: r.get(9)?,
        picked_at: ts_at(r, 10)?,
        serials: serde_json::from_str(&r.get::<_, String>(11)?).map_err(|e| bad(T, e))?,
        work_order_no: r.get(12)?,
        pickup_state: parse(T, r.get(13)?)?,
        return_state: parse(T, r.get(14)?)?,
        confirmed_counted: r.get(15)?,
        return_counted: r.get(16)?,
    })
}

pub(super) fn stock_row(r: &Row<'_>) -> rusqlite::Result<StockRow> {
    let (qty, low_threshold) = (r.get(4)?, r.get(5)?);
    Ok(StockRow {
        part_id: parse("stock_list", r.get(0)?)?,
        part_no: r.get(1)?,
        name: r.get(2)?,
        warehouse: r.get(3)?,
        qty,
        low_threshold,
        unit_cost_fen: r.get(6)?,
        standard_price_fen: r.get(7)?,
        level: stock_level(qty, low_threshold),
        unit: r.get(8)?,
        retired: r.get(9)?,
    })
}

/// Unwraps a `BadRow` smuggled through rusqlite's row mapping.
pub(super) fn unwrap_bad(e: rusqlite::Error) -> StoreError {
    match e {
        rusqlite::Error::ToSqlConversionFailure(inner) => match inner.downcast::<StoreError>() {
            Ok(store) => *store,
            Err(other) => rusqlite::Error::ToSqlConversionFailure(other).into(),
        },
        other => other.into(),
    }
}

/// `select` from `wo_list` with the `WHERE` clause of `filter` and its
/// arguments; `None` when the filter matches nothing (no status allowed).
fn wo_where(select: &str, filter: &WoFilter) -> Option<(String, Vec<Value>)> {
    let mut sql = format!("{select} FROM wo_list WHERE 1 = 1");
    let mut args: Vec<Value> = Vec::new();
    if let Some(a) = &filter.assignee {
        sql.push_str(" AND assignee = ?");
        args.push(Value::Text(a.clone()));
    }
    if filter.unassigned {
        sql.push_str(" AND assignee IS NULL");
    }
    let statuses = filter
        .statuses
        .as_ref()
        .map(|l| l.iter().map(|s| s.as_str()).collect::<Vec<_>>());
    let priorities = filter
        .priorities
        .as_ref()
        .map(|l| l.iter().map(|p| p.as_str()).collect::<Vec<_>>());
    for (column, allowed) in [("status", statuses), ("priority", priorities)] {
        let Some(allowed) = allowed else { continue };
        if allowed.is_empty() {
            return None;
        }
        sql.push_str(&format!(" AND {column} IN ("));
        sql.push_str(&vec!["?"; allowed.len()].join(", "));
        sql.push(')');
        args.extend(allowed.into_iter().map(|a| Value::Text(a.into())));
    }
    if filter.open_only {
        sql.push_str(" AND status NOT IN ('closed', 'cancelled')");
    }
    if let Some(c) = &filter.customer_id {
        sql.push_str(" AND customer_id = ?");
        args.push(Value::Text(c.to_string()));
    }
    if let Some(t) = filter.reported_from {
        sql.push_str(" AND reported_at >= ?");
        args.push(Value::Integer(secs(t)));
    }
    if let Some(t) = filter.reported_before {
        sql.push_str(" AND reported_at < ?");
        args.push(Value::Integer(secs(t)));
    }
    if !filter.query.trim().is_empty() {
        sql.push_str(" AND id IN (SELECT id FROM wo_search WHERE 1 = 1");
        words_match(&mut sql, &mut args, &filter.query);
        sql.push(')');
    }
    Some((sql, args))
}

/// Appends to a `WHERE` clause that every word of `query` appears, ignoring
/// case, in the row's `search` text (LIKE's wildcards typed in `query` are
/// taken as text); an empty query adds nothing.
pub(super) fn words_match(sql: &mut String, args: &mut Vec<Value>, query: &str) {
    for word in query.split_whitespace() {
        sql.push_str(" AND search LIKE ? ESCAPE '\\'");
        let mut pattern = String::from("%");
        for c in word.to_lowercase().chars() {
            if matches!(c, '%' | '_' | '\\') {
                pattern.push('\\');
            }
            pattern.push(c);
        }
        pattern.push('%');
        args.push(Value::Text(pattern));
    }
}

/// The `ORDER BY` of every work-order list (the office board, the
/// engineer's list, every page of them), most pressing first:
/// 0. contract calls (a repair under a maintenance contract: the seed's
///    最高优先级) before every other order;
/// 1. unassigned before assigned (someone has to pick an engineer);
/// 2. the more urgent priority first (P1 … P4);
/// 3. at the same priority, active orders before paused ones (awaiting
///    parts, on hold: [`Status::is_paused`]);
/// 4. the nearest running deadline first; orders with none after;
/// 5. the newest call first, then by id (so pages never overlap).
///
/// An unassigned P1 is thus above a paused P2 and a P4 (issue 10).
pub fn wo_order() -> String {
    let paused: Vec<String> = Status::ALL
        .iter()
        .filter(|s| s.is_paused())
        .map(|s| format!("'{}'", s.as_str()))
        .collect();
    format!(
        "contract_call DESC, assignee IS NOT NULL, priority, status IN ({}), next_due IS NULL, next_due, \
         reported_at DESC, id",
        paused.join(", ")
    )
}

impl Store {
    /// Work orders matching `filter` in the list order ([`wo_order`]).
    /// `filter.limit` and `filter.offset` select one page of that order;
    /// without them, every match.
    pub fn list_work_orders(&self, filter: &WoFilter) -> Result<Vec<WoRow>> {
        let Some((mut sql, mut args)) = wo_where(&format!("SELECT {WO_COLUMNS}"), filter) else {
            return Ok(Vec::new());
        };
        sql.push_str(" ORDER BY ");
        match filter.newest_first {
            true => sql.push_str("reported_at DESC, id"),
            false => sql.push_str(&wo_order()),
        }
        filter.page.push(&mut sql, &mut args);
        self.rows(&sql, args, wo_row)
    }

    /// The rows of the work orders `ids` this device holds (ids it does
    /// not hold are left out), newest call first, at most `limit`.
    pub fn work_orders_by_ids(&self, ids: &[String], limit: u32) -> Result<Vec<WoRow>> {
        let json = serde_json::to_string(ids).map_err(|e| bad("wo_list", e))?;
        self.rows(
            &format!(
                "SELECT {WO_COLUMNS} FROM wo_list WHERE id IN (SELECT value FROM json_each(?1))
                 ORDER BY reported_at DESC, id LIMIT ?2"
            ),
            vec![Value::Text(json), Value::Integer(i64::from(limit))],
            wo_row,
        )
    }

    /// How many work orders match `filter`, whatever its `limit` and
    /// `offset` (the total a paged list shows).
    pub fn count_work_orders(&self, filter: &WoFilter) -> Result<u32> {
        let Some((sql, args)) = wo_where("SELECT count(*)", filter) else {
            return Ok(0);
        };
        self.count(&sql, args)
    }

    /// The rows `sql` selects with `args`, each read by `read`.
    fn rows<T>(
        &self,
        sql: &str,
        args: Vec<Value>,
        read: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt
            .query_map(params_from_iter(args), read)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(unwrap_bad)?;
        Ok(rows)
    }

    /// The number a `SELECT count(*)` with `args` gives.
    fn count(&self, sql: &str, args: Vec<Value>) -> Result<u32> {
        let n: i64 = self
            .conn
            .prepare_cached(sql)?
            .query_row(params_from_iter(args), |r| r.get(0))?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    /// Pickups, optionally for one work order and/or one engineer, newest
    /// first.
    pub fn list_pickups(
        &self,
        work_order: Option<&DocId>,
        engineer: Option<&str>,
    ) -> Result<Vec<PickupRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {PICKUP_COLS} {PICKUP_FROM}
             WHERE (?1 IS NULL OR p.work_order_id = ?1) AND (?2 IS NULL OR p.engineer = ?2)
             ORDER BY p.picked_at DESC, p.id"
        ))?;
        let rows = stmt
            .query_map(
                rusqlite::params![work_order.map(DocId::as_str), engineer],
                pickup_row,
            )?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(unwrap_bad)?;
        Ok(rows)
    }

    /// The ids of every stored document of `kind`.
    pub fn doc_ids(&self, kind: DocKind) -> Result<Vec<DocId>> {
        Ok(docs::ids(&self.conn, Some(kind.prefix()))?
            .into_iter()
            .filter_map(|id| match id.parse() {
                Ok(id) => Some(id),
                Err(e) => {
                    tracing::warn!(id, error = %e, "stored document with a malformed id");
                    None
                }
            })
            .collect())
    }
}

mod customers;
pub use customers::CustomerFilter;
mod dispatch;
mod loaners;
pub use dispatch::AssigneeLoad;
pub use loaners::LoanerOut;
mod warehouse;

#[cfg(test)]
mod tests;
