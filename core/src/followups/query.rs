//! Reads of the office's projection tables ([`super::projection`]): the
//! follow-ups, open (oldest first) or recorded (newest first), and the
//! customers whose yearly survey or visit is due by a given day, never
//! done first. Each list is read a page at a time (`LIMIT … OFFSET`, like
//! the work-order lists) with a count of all matches.

use chrono::NaiveDate;
use rusqlite::types::{FromSql, Type, Value};
use rusqlite::{params_from_iter, Connection, Row};

use super::model::{FollowUp, FollowUpRecord};
use super::projection::{from_secs, CareCustomerRow};
use super::views::{DueFilter, FollowUpFilter};
use crate::model::{CustomerInfo, Day, DocId};

/// Which yearly duty a list is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duty {
    /// Every customer's satisfaction survey.
    Survey,
    /// Every key customer's visit.
    Visit,
}

/// A text column parsed as `T` (an id, an enumeration, a day); a value that
/// does not parse is a conversion error naming the column.
fn parsed<T: std::str::FromStr>(r: &Row<'_>, i: usize) -> rusqlite::Result<T>
where
    T::Err: std::fmt::Display,
{
    let text: String = r.get(i)?;
    text.parse().map_err(|e: T::Err| {
        rusqlite::Error::FromSqlConversionFailure(i, Type::Text, format!("{text:?}: {e}").into())
    })
}

/// [`parsed`] for a column that may be NULL.
fn parsed_opt<T: std::str::FromStr>(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<T>>
where
    T::Err: std::fmt::Display,
{
    match r.get::<_, Option<String>>(i)? {
        None => Ok(None),
        Some(_) => parsed(r, i).map(Some),
    }
}

fn day(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<Day>> {
    Ok(parsed_opt::<NaiveDate>(r, i)?.map(Day))
}

fn get<T: FromSql>(r: &Row<'_>, i: usize) -> rusqlite::Result<T> {
    r.get(i)
}

const FOLLOW_UP_COLUMNS: &str = "id, origin, work_order_id, wo_number, customer_id, customer_org,
    contact, phone, channel, planned_on, created_at, created_by, recorded_at, record_channel,
    outcome, satisfaction, remarks, recorded_by";

fn follow_up(r: &Row<'_>) -> rusqlite::Result<FollowUp> {
    let record = match get::<Option<i64>>(r, 12)? {
        None => None,
        Some(at) => Some(FollowUpRecord {
            at: from_secs(at),
            channel: parsed(r, 13)?,
            outcome: parsed(r, 14)?,
            satisfaction: get(r, 15)?,
            remarks: get(r, 16)?,
            by: get(r, 17)?,
        }),
    };
    Ok(FollowUp {
        id: parsed(r, 0)?,
        origin: parsed(r, 1)?,
        work_order_id: parsed_opt(r, 2)?,
        wo_number: get(r, 3)?,
        customer_id: parsed_opt(r, 4)?,
        customer: CustomerInfo {
            org: get(r, 5)?,
            site_address: String::new(),
            contact: get(r, 6)?,
            phone: get(r, 7)?,
        },
        channel: parsed(r, 8)?,
        planned_on: day(r, 9)?,
        created_at: from_secs(get(r, 10)?),
        created_by: get(r, 11)?,
        record,
    })
}

fn follow_up_where(filter: &FollowUpFilter) -> &'static str {
    match filter.recorded {
        false => "FROM care_follow_ups WHERE recorded_at IS NULL",
        true => "FROM care_follow_ups WHERE recorded_at IS NOT NULL",
    }
}

/// One page of the follow-ups `filter` selects: open ones oldest first (by
/// when the task arose), recorded ones newest first (by when they took
/// place). The customer's site address is not kept in the list (empty).
pub fn follow_ups(conn: &Connection, filter: &FollowUpFilter) -> rusqlite::Result<Vec<FollowUp>> {
    let order = match filter.recorded {
        false => "created_at, id",
        true => "recorded_at DESC, id",
    };
    let sql = format!(
        "SELECT {FOLLOW_UP_COLUMNS} {} ORDER BY {order} LIMIT ?1 OFFSET ?2",
        follow_up_where(filter)
    );
    let page = filter.page.args();
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(page), follow_up)?;
    rows.collect()
}

/// How many follow-ups `filter` selects, on all pages.
pub fn count_follow_ups(conn: &Connection, filter: &FollowUpFilter) -> rusqlite::Result<u32> {
    let sql = format!("SELECT count(*) {}", follow_up_where(filter));
    let n: i64 = conn.prepare_cached(&sql)?.query_row([], |r| r.get(0))?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// The follow-up `id`'s row, if it is projected.
pub fn follow_up_row(conn: &Connection, id: &DocId) -> rusqlite::Result<Option<FollowUp>> {
    let sql = format!("SELECT {FOLLOW_UP_COLUMNS} FROM care_follow_ups WHERE id = ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query_map([id.as_str()], follow_up)?;
    rows.next().transpose()
}

/// A customer whose yearly duty is due, with the first open visit planned
/// for it (visits only).
#[derive(Debug, Clone, PartialEq)]
pub struct DueRow {
    /// The customer's row.
    pub customer: CareCustomerRow,
    /// The earliest day an open visit is planned for.
    pub planned_on: Option<Day>,
}

fn due_where(duty: Duty) -> &'static str {
    match duty {
        Duty::Survey => {
            "FROM care_customers c WHERE (c.survey_due_on IS NULL OR c.survey_due_on <= ?1)"
        }
        Duty::Visit => {
            "FROM care_customers c WHERE c.key_customer <> 0
             AND (c.visit_due_on IS NULL OR c.visit_due_on <= ?1)"
        }
    }
}

fn due_row(r: &Row<'_>) -> rusqlite::Result<DueRow> {
    Ok(DueRow {
        customer: CareCustomerRow {
            id: parsed(r, 0)?,
            org: get(r, 1)?,
            key_customer: get(r, 2)?,
            last_survey_at: get::<Option<i64>>(r, 3)?.map(from_secs),
            last_visit_at: get::<Option<i64>>(r, 4)?.map(from_secs),
            survey_due_on: parsed_opt(r, 5)?,
            visit_due_on: parsed_opt(r, 6)?,
        },
        planned_on: day(r, 7)?,
    })
}

/// One page of the customers whose `duty` is due on or before `until`
/// (a day of the company's zone), never done first, then the earliest due
/// day, then by organisation.
pub fn due(
    conn: &Connection,
    duty: Duty,
    until: NaiveDate,
    filter: &DueFilter,
) -> rusqlite::Result<Vec<DueRow>> {
    let due_on = match duty {
        Duty::Survey => "c.survey_due_on",
        Duty::Visit => "c.visit_due_on",
    };
    let sql = format!(
        "SELECT c.id, c.org, c.key_customer, c.last_survey_at, c.last_visit_at, c.survey_due_on,
            c.visit_due_on,
            (SELECT min(f.planned_on) FROM care_follow_ups f
              WHERE f.customer_id = c.id AND f.origin = 'planned_visit' AND f.recorded_at IS NULL)
         {} ORDER BY {due_on} IS NOT NULL, {due_on}, c.org, c.id LIMIT ?2 OFFSET ?3",
        due_where(duty)
    );
    let mut args = vec![Value::Text(until.to_string())];
    args.extend(filter.page.args());
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(args), due_row)?;
    rows.collect()
}

/// How many customers' `duty` is due on or before `until`, on all pages.
pub fn count_due(conn: &Connection, duty: Duty, until: NaiveDate) -> rusqlite::Result<u32> {
    let sql = format!("SELECT count(*) {}", due_where(duty));
    let n: i64 = conn
        .prepare_cached(&sql)?
        .query_row([until.to_string()], |r| r.get(0))?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Whether customer `id` has a row (it is stored and reads as a customer).
pub fn has_customer(conn: &Connection, id: &DocId) -> rusqlite::Result<bool> {
    let n: i64 = conn
        .prepare_cached("SELECT count(*) FROM care_customers WHERE id = ?1")?
        .query_row([id.as_str()], |r| r.get(0))?;
    Ok(n > 0)
}
