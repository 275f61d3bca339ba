//! The complaint room in the store: a complaint's list row (table
//! `complaint_list`, computed from the document like every projection),
//! the list's page in its order (earliest stage first, then the oldest),
//! and what the monthly report reads — the complaints received and the
//! work orders closed between two instants (`wo_list.closed_at`).

use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, Row};

use super::device::Store;
use super::error::Result;
use super::projection::secs;
use super::query::{opt_ts_at, parse, ts_at, unwrap_bad};
use crate::complaints::steps::{last_step_at, stage_of};
use crate::complaints::{ComplaintFilter, ComplaintRow};
use crate::model::{Complaint, DocId};

const COLUMNS: &str = "id, class, customer_id, work_order_id, order_no, part_no, quantity,
    defective_qty, stage, received_at, last_step_at, closed_at, not_ours";

/// The list row of complaint `c`.
pub fn row_of(c: &Complaint) -> ComplaintRow {
    ComplaintRow {
        id: c.id.clone(),
        class: c.class,
        customer_id: c.customer_id.clone(),
        work_order_id: c.work_order_id.clone(),
        order_no: c.order_no.clone(),
        part_no: c.part_no.clone(),
        quantity: c.quantity,
        defective_qty: c.defective_qty,
        stage: stage_of(c),
        received_at: c.received_at,
        last_step_at: last_step_at(&c.steps),
        closed_at: c.closed_at,
        not_ours: c.not_ours.is_some(),
    }
}

/// Inserts `r` (its old row already deleted).
pub(super) fn write(conn: &Connection, r: &ComplaintRow) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO complaint_list (id, class, customer_id, work_order_id, order_no, part_no,
            quantity, defective_qty, stage, stage_rank, received_at, last_step_at, closed_at,
            not_ours)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        r.id.as_str(),
        r.class.as_str(),
        r.customer_id.as_ref().map(DocId::as_str),
        r.work_order_id.as_ref().map(DocId::as_str),
        r.order_no,
        r.part_no,
        r.quantity,
        r.defective_qty,
        r.stage.as_str(),
        r.stage.rank(),
        secs(r.received_at),
        r.last_step_at.map(secs),
        r.closed_at.map(secs),
        r.not_ours,
    ])?;
    Ok(())
}

fn complaint_row(r: &Row<'_>) -> rusqlite::Result<ComplaintRow> {
    const T: &str = "complaint_list";
    let id_opt = |i: usize| -> rusqlite::Result<Option<DocId>> {
        r.get::<_, Option<String>>(i)?
            .map(|s| parse(T, s))
            .transpose()
    };
    Ok(ComplaintRow {
        id: parse(T, r.get(0)?)?,
        class: parse(T, r.get(1)?)?,
        customer_id: id_opt(2)?,
        work_order_id: id_opt(3)?,
        order_no: r.get(4)?,
        part_no: r.get(5)?,
        quantity: r.get(6)?,
        defective_qty: r.get(7)?,
        stage: parse(T, r.get(8)?)?,
        received_at: ts_at(r, 9)?,
        last_step_at: opt_ts_at(r, 10)?,
        closed_at: opt_ts_at(r, 11)?,
        not_ours: r.get(12)?,
    })
}

/// `select` from `complaint_list` with the filter's `WHERE` and arguments.
fn filtered(select: &str, f: &ComplaintFilter) -> (String, Vec<Value>) {
    let mut sql = format!("{select} FROM complaint_list WHERE 1 = 1");
    let mut args = Vec::new();
    if f.open_only {
        sql.push_str(" AND closed_at IS NULL");
    }
    if let Some(stage) = f.stage {
        sql.push_str(" AND stage = ?");
        args.push(Value::Text(stage.as_str().into()));
    }
    (sql, args)
}

impl Store {
    /// Complaints matching `filter`: the earliest stage first, then the
    /// oldest first, then by id (pages never overlap); `limit` and
    /// `offset` select one page, `limit: None` every match.
    pub fn list_complaints(&self, filter: &ComplaintFilter) -> Result<Vec<ComplaintRow>> {
        let (mut sql, mut args) = filtered(&format!("SELECT {COLUMNS}"), filter);
        sql.push_str(" ORDER BY stage_rank, received_at, id LIMIT ? OFFSET ?");
        args.extend(filter.page.args());
        let rows = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params_from_iter(args), complaint_row)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(unwrap_bad)?;
        Ok(rows)
    }

    /// How many complaints match `filter`, whatever its page.
    pub fn count_complaints(&self, filter: &ComplaintFilter) -> Result<u32> {
        let (sql, args) = filtered("SELECT count(*)", filter);
        let n: i64 = self
            .conn
            .prepare_cached(&sql)?
            .query_row(params_from_iter(args), |r| r.get(0))?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    /// Complaints received from `start` (included) to `end` (excluded),
    /// oldest first.
    pub fn complaints_received(
        &self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<Vec<ComplaintRow>> {
        let rows = self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM complaint_list
                 WHERE received_at >= ?1 AND received_at < ?2 ORDER BY received_at, id"
            ))?
            .query_map(params![start.timestamp(), end.timestamp()], complaint_row)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(unwrap_bad)?;
        Ok(rows)
    }

    /// Work orders closed from `start` (included) to `end` (excluded).
    pub fn count_closed_orders(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> Result<u32> {
        let n: i64 = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM wo_list WHERE closed_at >= ?1 AND closed_at < ?2",
            )?
            .query_row(params![start.timestamp(), end.timestamp()], |r| r.get(0))?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    /// The work order numbered `number`, if this device holds it.
    pub fn work_order_by_number(&self, number: &str) -> Result<Option<DocId>> {
        let id: Option<String> = self
            .conn
            .prepare_cached("SELECT id FROM wo_list WHERE number = ?1 ORDER BY id LIMIT 1")?
            .query_map([number], |r| r.get(0))?
            .next()
            .transpose()?;
        Ok(id.and_then(|s| s.parse().ok()))
    }

    /// The number of work order `id`, if this device holds it.
    pub fn work_order_number(&self, id: &DocId) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT number FROM wo_list WHERE id = ?1")?
            .query_map([id.as_str()], |r| r.get(0))?
            .next()
            .transpose()?)
    }
}
