//! What the reports read from the projection tables — never a document —
//! as plain rows, one query per kind, each reading only the rows in the
//! period (by the indexed instant that puts a row in scope) and only the
//! columns a figure needs:
//!
//! - [`CallFact`]: repair calls received in the period (`wo_list.reported_at`;
//!   not cancelled, not planned maintenance visits, which have no call
//!   clocks) with their deadlines and stamps;
//! - [`SignedFact`]: records signed in the period (`wo_list.signed_at`)
//!   with their filing and the sign-off's figures (`wo_figures`);
//! - [`ComplaintFact`]: complaints received in the period
//!   (`complaint_list.received_at`);
//! - the instants orders were closed in the period (`wo_list.closed_at`),
//!   for the complaint rate;
//! - [`PartFact`]: pickups in the period with units used
//!   (`pickup_list.picked_at`).

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, Row};

use super::period::Period;
use crate::model::{ComplaintClass, Priority};
use crate::rules::warranty::Tier;
use crate::store::{Store, StoreError};

/// A repair call of the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallFact {
    /// `wo:<ulid>`.
    pub id: String,
    pub priority: Priority,
    /// The assigned engineer's user name.
    pub assignee: Option<String>,
    pub reported_at: DateTime<Utc>,
    pub response_due: DateTime<Utc>,
    pub responded_at: Option<DateTime<Utc>>,
    /// `None`: no visit needed, no on-site clock.
    pub onsite_due: Option<DateTime<Utc>>,
    pub arrived_at: Option<DateTime<Utc>>,
    pub fix_due: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
}

/// A record signed in the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedFact {
    /// `wo:<ulid>`.
    pub id: String,
    pub assignee: Option<String>,
    pub signed_at: DateTime<Utc>,
    /// The 5-day filing deadline (inclusive).
    pub filing_due: DateTime<Utc>,
    /// The server's (or office's) receipt.
    pub filed_at: Option<DateTime<Utc>>,
    /// As signed (the tables count 1–5 only).
    pub satisfaction: Option<i64>,
    /// What the customer signed for, fen; `None` when the signed charges
    /// did not parse.
    pub charge_fen: Option<i64>,
    pub tier: Option<Tier>,
    /// The maintenance contract on the order.
    pub contract_id: Option<String>,
}

/// A complaint received in the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintFact {
    /// `complaint:<ulid>`.
    pub id: String,
    pub class: ComplaintClass,
    pub received_at: DateTime<Utc>,
}

/// A pickup of the period with units used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartFact {
    /// The work order it was for.
    pub work_order_id: String,
    pub part_no: String,
    pub name: String,
    /// The warehouse code.
    pub warehouse: String,
    /// Pieces used.
    pub used: i64,
}

/// Everything one report reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    pub calls: Vec<CallFact>,
    pub signed: Vec<SignedFact>,
    pub complaints: Vec<ComplaintFact>,
    /// When each order closed in the period was closed.
    pub closed: Vec<DateTime<Utc>>,
    pub parts: Vec<PartFact>,
}

fn at(s: i64) -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp(s, 0).unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
}

fn opt_at(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
    Ok(r.get::<_, Option<i64>>(i)?.map(at))
}

fn parsed<T: std::str::FromStr>(text: String) -> rusqlite::Result<T>
where
    T::Err: std::fmt::Display,
{
    text.parse().map_err(|e: T::Err| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("{text:?}: {e}").into(),
        )
    })
}

const CALLS: &str = "SELECT id, priority, assignee, reported_at, response_due, responded_at,
        onsite_due, arrived_at, fix_due, resolved_at
    FROM wo_list
    WHERE reported_at >= ?1 AND reported_at < ?2
        AND status <> 'cancelled' AND planned_until IS NULL";

const SIGNED: &str = "SELECT w.id, w.assignee, w.signed_at, w.filing_due, w.filed_at,
        f.satisfaction, f.charge_fen, f.tier, f.contract_id
    FROM wo_list w LEFT JOIN wo_figures f ON f.id = w.id
    WHERE w.signed_at >= ?1 AND w.signed_at < ?2";

const COMPLAINTS: &str = "SELECT id, class, received_at FROM complaint_list
    WHERE received_at >= ?1 AND received_at < ?2";

const CLOSED: &str = "SELECT closed_at FROM wo_list WHERE closed_at >= ?1 AND closed_at < ?2";

const PARTS: &str = "SELECT work_order_id, part_no, name, warehouse, used FROM pickup_list
    WHERE picked_at >= ?1 AND picked_at < ?2 AND used > 0";

fn call(r: &Row<'_>) -> rusqlite::Result<CallFact> {
    Ok(CallFact {
        id: r.get(0)?,
        priority: parsed(r.get(1)?)?,
        assignee: r.get(2)?,
        reported_at: at(r.get(3)?),
        response_due: at(r.get(4)?),
        responded_at: opt_at(r, 5)?,
        onsite_due: opt_at(r, 6)?,
        arrived_at: opt_at(r, 7)?,
        fix_due: at(r.get(8)?),
        resolved_at: opt_at(r, 9)?,
    })
}

fn signed(r: &Row<'_>) -> rusqlite::Result<SignedFact> {
    let signed_at = at(r.get(2)?);
    Ok(SignedFact {
        id: r.get(0)?,
        assignee: r.get(1)?,
        signed_at,
        // Always set once signed; a row without it is judged from the
        // signing instant (never happens with the projection's writer).
        filing_due: opt_at(r, 3)?.unwrap_or(signed_at),
        filed_at: opt_at(r, 4)?,
        satisfaction: r.get(5)?,
        charge_fen: r.get(6)?,
        tier: r.get::<_, Option<String>>(7)?.map(parsed).transpose()?,
        contract_id: r.get(8)?,
    })
}

fn complaint(r: &Row<'_>) -> rusqlite::Result<ComplaintFact> {
    Ok(ComplaintFact {
        id: r.get(0)?,
        class: parsed(r.get(1)?)?,
        received_at: at(r.get(2)?),
    })
}

fn part(r: &Row<'_>) -> rusqlite::Result<PartFact> {
    Ok(PartFact {
        work_order_id: r.get(0)?,
        part_no: r.get(1)?,
        name: r.get(2)?,
        warehouse: r.get(3)?,
        used: r.get(4)?,
    })
}

fn read<T>(
    conn: &Connection,
    sql: &str,
    p: &Period,
    f: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<Vec<T>> {
    conn.prepare_cached(sql)?
        .query_map(params![p.from.timestamp(), p.to.timestamp()], f)?
        .collect()
}

impl Facts {
    /// Reads the facts of `period` from the store's projections.
    pub fn read(store: &Store, period: &Period) -> Result<Facts, StoreError> {
        let conn = store.conn();
        Ok(Facts {
            calls: read(conn, CALLS, period, call)?,
            signed: read(conn, SIGNED, period, signed)?,
            complaints: read(conn, COMPLAINTS, period, complaint)?,
            closed: read(conn, CLOSED, period, |r| Ok(at(r.get(0)?)))?,
            parts: read(conn, PARTS, period, part)?,
        })
    }
}
