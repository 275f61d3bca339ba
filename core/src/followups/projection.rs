//! The device's projection rows for the office's lists (device migration
//! 7): one `care_follow_ups` row per follow-up, one `care_customers` row per
//! customer with the days its next survey and visit are due, computed with
//! the company's time zone when the document is saved (and again for every
//! document when the rules change, as for the work orders' deadlines). The
//! store calls [`rows_for`], [`write`], [`delete`] and [`delete_all`] next to
//! its own projections; [`super::query`] reads them.

use automerge::AutoCommit;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection};

use super::model::FollowUp;
use crate::doc::{self, DocError};
use crate::model::{Customer, DocId, DocKind, Ts};
use crate::rules::yearly::next_due_on;
use crate::rules::RulesConfig;

/// A customer as the survey and visit lists need it (table `care_customers`).
#[derive(Debug, Clone, PartialEq)]
pub struct CareCustomerRow {
    /// `cust:<ulid>`.
    pub id: DocId,
    /// Organisation.
    pub org: String,
    /// A key customer 关键用户.
    pub key_customer: bool,
    /// The last survey.
    pub last_survey_at: Option<Ts>,
    /// The last visit.
    pub last_visit_at: Option<Ts>,
    /// The day the next survey is due (`None`: never surveyed, due now).
    pub survey_due_on: Option<NaiveDate>,
    /// The day the next visit is due (`None`: never visited, due now).
    pub visit_due_on: Option<NaiveDate>,
}

/// The rows one document gives the office's lists.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CareRows {
    /// A follow-up's row.
    pub follow_up: Option<FollowUp>,
    /// A customer's row.
    pub customer: Option<CareCustomerRow>,
}

/// The rows of `doc`, a document of `kind` (follow-ups and customers have
/// some; other kinds none).
pub fn rows_for(doc: &AutoCommit, kind: DocKind, cfg: &RulesConfig) -> Result<CareRows, DocError> {
    let mut rows = CareRows::default();
    match kind {
        DocKind::FollowUp => rows.follow_up = Some(doc::read(doc, kind)?),
        DocKind::Customer => {
            let c: Customer = doc::read(doc, kind)?;
            let due = |t: Option<Ts>| t.map(|t| next_due_on(t.0, cfg.tz));
            rows.customer = Some(CareCustomerRow {
                survey_due_on: due(c.last_survey_at),
                visit_due_on: due(c.last_visit_at),
                id: c.id,
                org: c.org,
                key_customer: c.key_customer,
                last_survey_at: c.last_survey_at,
                last_visit_at: c.last_visit_at,
            });
        }
        _ => {}
    }
    Ok(rows)
}

/// Seconds since the epoch, as the projection tables keep instants.
pub(super) fn secs(t: Ts) -> i64 {
    t.0.timestamp()
}

/// An instant back from seconds.
pub(super) fn from_secs(s: i64) -> Ts {
    Ts(DateTime::<Utc>::from_timestamp(s, 0).unwrap_or(DateTime::<Utc>::UNIX_EPOCH))
}

/// Writes `rows` as the rows of document `key` (after [`delete`]). A row
/// whose `id` is not `key` is skipped with a warning.
pub fn write(conn: &Connection, key: &DocId, rows: &CareRows) -> rusqlite::Result<()> {
    if let Some(f) = &rows.follow_up {
        if &f.id != key {
            tracing::warn!(%key, id = %f.id, "follow-up's id field differs from its key: no projection");
            return Ok(());
        }
        let r = f.record.as_ref();
        conn.prepare_cached(
            "INSERT INTO care_follow_ups (id, origin, work_order_id, wo_number, customer_id,
                customer_org, contact, phone, channel, planned_on, created_at, created_by,
                recorded_at, record_channel, outcome, satisfaction, remarks, recorded_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
        )?
        .execute(params![
            f.id.as_str(),
            f.origin.as_str(),
            f.work_order_id.as_ref().map(DocId::as_str),
            f.wo_number,
            f.customer_id.as_ref().map(DocId::as_str),
            f.customer.org,
            f.customer.contact,
            f.customer.phone,
            f.channel.as_str(),
            f.planned_on.map(|d| d.to_string()),
            secs(f.created_at),
            f.created_by,
            r.map(|r| secs(r.at)),
            r.map(|r| r.channel.as_str()),
            r.map(|r| r.outcome.as_str()),
            r.map(|r| r.satisfaction),
            r.map(|r| r.remarks.as_str()),
            r.map(|r| r.by.as_str()),
        ])?;
    }
    if let Some(c) = &rows.customer {
        if &c.id != key {
            tracing::warn!(%key, id = %c.id, "customer's id field differs from its key: no projection");
            return Ok(());
        }
        conn.prepare_cached(
            "INSERT INTO care_customers (id, org, key_customer, last_survey_at, last_visit_at,
                survey_due_on, visit_due_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            c.id.as_str(),
            c.org,
            c.key_customer,
            c.last_survey_at.map(secs),
            c.last_visit_at.map(secs),
            c.survey_due_on.map(|d| d.to_string()),
            c.visit_due_on.map(|d| d.to_string()),
        ])?;
    }
    Ok(())
}

/// Deletes the rows of document `key`.
pub fn delete(conn: &Connection, key: &DocId) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM care_follow_ups WHERE id = ?1")?
        .execute([key.as_str()])?;
    conn.prepare_cached("DELETE FROM care_customers WHERE id = ?1")?
        .execute([key.as_str()])?;
    Ok(())
}

/// Deletes every row (before a rebuild).
pub fn delete_all(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch("DELETE FROM care_follow_ups; DELETE FROM care_customers;")
}
