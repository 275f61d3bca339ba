//! The projection rows of one document — a work order's list row with its
//! deadlines, a pickup's row and a part's stock rows (`parts`), a customer's row
//! ([`customers`]), a work order's figures for the reports (`figures`), a complaint's row (its SQL in [`super::complaints`]) —
//! computed purely from the document and the rules ([`rows_for`]), and
//! written into the projection tables ([`write`]). Projections are never the source of truth: a
//! document whose shape does not parse produces no rows and a warning.

use automerge::AutoCommit;
use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::complaints;
use crate::complaints::ComplaintRow;
use crate::doc;
use crate::followups::projection::{self as care, CareRows};
use crate::model::{
    Complaint, Customer, Day, DocId, DocKind, OrderKind, Part, Pickup, Priority, Ts, WorkOrder,
};
use crate::rules::sla::{fix_due_at, ON_SITE_WITHIN, RESPONSE_WITHIN};
use crate::rules::{filing_deadline, RulesConfig, Status};
use crate::signoff::{self, SignatureCheck};

/// A work order as the lists show it (table `wo_list`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct WoRow {
    /// `wo:<ulid>`.
    pub id: DocId,
    /// Human number.
    pub number: String,
    /// Current status.
    pub status: Status,
    /// P1–P4.
    pub priority: Priority,
    /// Assigned engineer.
    pub assignee: Option<String>,
    /// The customer's organisation.
    pub customer_org: String,
    /// The customer document, when the customer is on file.
    pub customer_id: Option<DocId>,
    /// Call time.
    pub reported_at: Ts,
    /// The response clock's deadline (in time up to and including it).
    pub response_due: Ts,
    /// The on-site clock's deadline (only when a visit is needed).
    pub onsite_due: Option<Ts>,
    /// The fix clock's deadline (working-day calendar).
    pub fix_due: Ts,
    /// Timeline stamps.
    pub responded_at: Option<Ts>,
    /// Timeline stamps.
    pub arrived_at: Option<Ts>,
    /// Timeline stamps.
    pub resolved_at: Option<Ts>,
    /// When the customer signed.
    pub signed_at: Option<Ts>,
    /// The 5-day filing rule's deadline (once signed; in time up to and
    /// including it).
    pub filing_due: Option<Ts>,
    /// The server's (or office's) receipt time.
    pub filed_at: Option<Ts>,
    /// The signed content changed after signing (or the server flagged it).
    pub tampered: bool,
    /// Loaner equipment has been issued (the SLA rule's `loaner_issued`:
    /// no loaner prompt once one is out).
    pub loaner_issued: bool,
    /// The earliest deadline still running; `None` when nothing is running.
    pub next_due: Option<Ts>,
    /// The latest instant recorded in the document (derived, so a rebuild
    /// reproduces it).
    pub updated_at: Ts,
    /// When the order was closed (its `close` in the history); `None`
    /// until closed. The monthly complaint report counts closed orders by it.
    pub closed_at: Option<Ts>,
    /// A contract call: a repair under a maintenance contract (listed first).
    #[serde(default)]
    pub contract_call: bool,
    /// The loaner's serial, when one was issued.
    pub loaner_serial: Option<String>,
    /// When the loaner was issued.
    pub loaner_issued_at: Option<Ts>,
    /// When the loaner came back.
    pub loaner_returned_at: Option<Ts>,
    /// A planned maintenance visit's last day (its window's end): the
    /// lists say "due by" instead of a call time.
    pub planned_until: Option<Day>,
}

/// Every projection row one document yields.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProjectionRows {
    /// A work order's row.
    pub wo: Option<WoRow>,
    /// The work order's figures for the reports (table `wo_figures`).
    pub wo_figures: Option<WoFigures>,
    /// The work order's search text ([`search::work_order`]; table `wo_search`).
    pub wo_search: String,
    /// The blobs a work order's photos reference (each photo's `hash` and
    /// `thumb`; table `wo_photos`).
    pub photo_refs: Vec<String>,
    /// A pickup's row.
    pub pickup: Option<PickupRow>,
    /// A part's rows, one per warehouse.
    pub stock: Vec<StockRow>,
    /// The office's lists: a follow-up's row, a customer's due days
    /// (`crate::followups::projection`).
    pub care: CareRows,
    /// A customer's row and its search text.
    pub customer: Option<(CustomerRow, String)>,
    /// A complaint's row.
    pub complaint: Option<ComplaintRow>,
}

/// The projection rows of `doc`. Kinds without a projection (contracts,
/// surveys, settings, complaint-report records) and documents that do not
/// parse as their kind yield no rows; the latter log a warning. A customer
/// has its list row and the office's due days
/// ([`crate::followups::projection`]).
pub fn rows_for(doc: &AutoCommit, cfg: &RulesConfig) -> ProjectionRows {
    let mut rows = ProjectionRows::default();
    let result = match doc::kind_of(doc) {
        // One pass over the document (`doc::fast_read`), `autosurgeon`'s
        // field-by-field read only when that refuses the document.
        Some(DocKind::WorkOrder) => {
            doc::fast_read::read_or_hydrate::<WorkOrder, _>(doc, DocKind::WorkOrder).map(|wo| {
                rows.wo_search = search::work_order(&wo);
                rows.wo_figures = Some(figures::figures_row(&wo));
                rows.photo_refs = wo
                    .photos
                    .iter()
                    .flat_map(|p| [p.hash.clone(), p.thumb.clone()])
                    .collect();
                rows.wo = Some(wo_row(&wo, cfg));
            })
        }
        Some(DocKind::Pickup) => {
            doc::read::<Pickup, _>(doc, DocKind::Pickup).map(|p| rows.pickup = Some(pickup_row(p)))
        }
        Some(DocKind::Part) => {
            doc::read::<Part, _>(doc, DocKind::Part).map(|p| rows.stock = stock_rows(doc, p))
        }
        Some(DocKind::Customer) => doc::read::<Customer, _>(doc, DocKind::Customer)
            .map(|c| rows.customer = Some(customers::customer_row(&c)))
            .and_then(|()| care::rows_for(doc, DocKind::Customer, cfg).map(|r| rows.care = r)),
        Some(DocKind::FollowUp) => {
            care::rows_for(doc, DocKind::FollowUp, cfg).map(|r| rows.care = r)
        }
        Some(DocKind::Complaint) => doc::read::<Complaint, _>(doc, DocKind::Complaint)
            .map(|c| rows.complaint = Some(complaints::row_of(&c))),
        Some(_) => Ok(()),
        None => {
            tracing::warn!("document without a known kind: no projection");
            Ok(())
        }
    };
    if let Err(e) = result {
        tracing::warn!(id = ?doc::id_of(doc), error = %e, "document does not parse: no projection");
    }
    rows
}

fn ts(t: DateTime<Utc>) -> Ts {
    Ts::from(t)
}

fn wo_row(wo: &WorkOrder, cfg: &RulesConfig) -> WoRow {
    let reported = wo.reported_at.0;
    let response_due = ts(reported + RESPONSE_WITHIN);
    let onsite_due = wo.visit_needed.then(|| ts(reported + ON_SITE_WITHIN));
    let fix_due = ts(fix_due_at(reported, cfg));
    let signed_at = wo.signoff.as_ref().map(|s| s.signed_at);
    let filing_due = signed_at.map(|s| ts(filing_deadline(s.0, cfg.tz)));
    let filed_at = wo.filing.as_ref().map(|f| f.received_at);
    let tl = &wo.timeline;

    let mut running = Vec::new();
    if !wo.status.is_final() {
        let sla_running = tl.resolved_at.is_none()
            && !matches!(wo.status, Status::Resolved | Status::Signed | Status::Filed);
        if sla_running {
            if tl.responded_at.is_none() {
                running.push(response_due);
            }
            if tl.arrived_at.is_none() {
                running.extend(onsite_due);
            }
            running.push(fix_due);
        }
        if filed_at.is_none() {
            running.extend(filing_due);
        }
    }

    WoRow {
        id: wo.id.clone(),
        number: wo.number.clone(),
        status: wo.status,
        priority: wo.priority,
        assignee: wo.assignee.clone(),
        customer_org: wo.customer.org.clone(),
        customer_id: wo.customer_id.clone(),
        reported_at: wo.reported_at,
        response_due,
        onsite_due,
        fix_due,
        responded_at: tl.responded_at,
        arrived_at: tl.arrived_at,
        resolved_at: tl.resolved_at,
        signed_at,
        filing_due,
        filed_at,
        tampered: matches!(
            signoff::check(wo),
            SignatureCheck::ChangedAfterSigning { .. } | SignatureCheck::Flagged { .. }
        ) || wo.tamper_flag.is_some(),
        loaner_issued: wo.loaner.is_some(),
        next_due: running.into_iter().min(),
        updated_at: latest_instant(wo),
        closed_at: closed_at(wo),
        contract_call: wo.contract_id.is_some() && wo.order_kind == OrderKind::Repair,
        loaner_serial: wo.loaner.as_ref().map(|l| l.serial.clone()),
        loaner_issued_at: wo.loaner.as_ref().map(|l| l.issued_at),
        loaner_returned_at: wo.loaner.as_ref().and_then(|l| l.returned_at),
        planned_until: wo.planned.as_ref().map(|p| p.period_end),
    }
}

/// When a closed order was closed: its last move to `closed` in the
/// history (its latest instant when the history does not say).
fn closed_at(wo: &WorkOrder) -> Option<Ts> {
    if wo.status != Status::Closed {
        return None;
    }
    wo.history
        .iter()
        .rev()
        .find(|h| h.to == Status::Closed)
        .map(|h| h.at)
        .or_else(|| Some(latest_instant(wo)))
}

/// The latest instant the work order records anywhere.
fn latest_instant(wo: &WorkOrder) -> Ts {
    let tl = &wo.timeline;
    [wo.created_at, wo.reported_at]
        .into_iter()
        .chain(
            [
                tl.responded_at,
                tl.departed_at,
                tl.arrived_at,
                tl.resolved_at,
            ]
            .into_iter()
            .flatten(),
        )
        .chain(wo.history.iter().map(|h| h.at))
        .chain(wo.notes.iter().map(|n| n.at))
        .chain(wo.follow_ups.iter().map(|f| f.at))
        .chain(wo.signoff.as_ref().map(|s| s.signed_at))
        .chain(wo.filing.as_ref().map(|f| f.received_at))
        .chain(wo.tamper_flag.as_ref().map(|t| t.detected_at))
        .chain(wo.charge_override.as_ref().map(|c| c.at))
        .chain(
            wo.loaner
                .iter()
                .flat_map(|l| [Some(l.issued_at), l.returned_at])
                .flatten(),
        )
        .max()
        .unwrap_or(wo.created_at)
}

/// Unix seconds of an instant, as stored.
pub(super) fn secs(t: Ts) -> i64 {
    t.0.timestamp()
}

/// Replaces the projection rows of document `key` with `rows`. Rows that
/// name another document (a document whose `id` field disagrees with the
/// key it is stored under) are skipped with a warning.
pub(super) fn write(conn: &Connection, key: &DocId, rows: &ProjectionRows) -> rusqlite::Result<()> {
    delete(conn, key)?;
    let opt = |t: Option<Ts>| t.map(secs);
    if let Some(r) = &rows.wo {
        if mismatch(key, &r.id) {
            return Ok(());
        }
        conn.prepare_cached(
            "INSERT INTO wo_list (id, number, status, priority, assignee, customer_org, reported_at,
                response_due, onsite_due, fix_due, responded_at, arrived_at, resolved_at, signed_at,
                filing_due, filed_at, tampered, next_due, updated_at, loaner_issued, customer_id,
                closed_at, contract_call, loaner_serial, loaner_issued_at, loaner_returned_at,
                planned_until)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
                ?21, ?22, ?23, ?24, ?25, ?26, ?27)",
        )?
        .execute(params![
            r.id.as_str(),
            r.number,
            r.status.as_str(),
            r.priority.as_str(),
            r.assignee,
            r.customer_org,
            secs(r.reported_at),
            secs(r.response_due),
            opt(r.onsite_due),
            secs(r.fix_due),
            opt(r.responded_at),
            opt(r.arrived_at),
            opt(r.resolved_at),
            opt(r.signed_at),
            opt(r.filing_due),
            opt(r.filed_at),
            r.tampered,
            opt(r.next_due),
            secs(r.updated_at),
            r.loaner_issued,
            r.customer_id.as_ref().map(DocId::as_str),
            opt(r.closed_at),
            r.contract_call,
            r.loaner_serial,
            opt(r.loaner_issued_at),
            opt(r.loaner_returned_at),
            r.planned_until.map(|d| d.0.to_string()),
        ])?;
        conn.prepare_cached("INSERT INTO wo_search (id, search) VALUES (?1, ?2)")?
            .execute(params![r.id.as_str(), rows.wo_search])?;
        if let Some(f) = &rows.wo_figures {
            figures::write(conn, f)?;
        }
        for hash in &rows.photo_refs {
            conn.prepare_cached("INSERT OR IGNORE INTO wo_photos (doc_id, hash) VALUES (?1, ?2)")?
                .execute(params![r.id.as_str(), hash])?;
        }
    }
    if let Some(r) = &rows.pickup {
        if mismatch(key, &r.id) {
            return Ok(());
        }
        conn.prepare_cached(
            "INSERT INTO pickup_list (id, work_order_id, part_id, part_no, name, warehouse, qty, used,
                returned, engineer, picked_at, serials, pickup_state, return_state,
                confirmed_counted, return_counted, work_order_no)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
        )?
        .execute(params![
            r.id.as_str(),
            r.work_order_id.as_str(),
            r.part_id.as_str(),
            r.part_no,
            r.name,
            r.warehouse,
            r.qty,
            r.used,
            r.returned,
            r.engineer,
            secs(r.picked_at),
            serde_json::to_string(&r.serials).unwrap_or_else(|_| "[]".into()),
            r.pickup_state.as_str(),
            r.return_state.as_str(),
            r.confirmed_counted,
            r.return_counted,
            r.work_order_no,
        ])?;
    }
    if let Some((r, search)) = &rows.customer {
        if mismatch(key, &r.id) {
            return Ok(());
        }
        customers::write(conn, r, search)?;
    }
    if let Some(r) = &rows.complaint {
        if mismatch(key, &r.id) {
            return Ok(());
        }
        complaints::write(conn, r)?;
    }
    for r in &rows.stock {
        if mismatch(key, &r.part_id) {
            return Ok(());
        }
        conn.prepare_cached(
            "INSERT INTO stock_list (part_id, part_no, name, warehouse, qty, low_threshold,
                unit_cost_fen, standard_price_fen, unit, retired)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(params![
            r.part_id.as_str(),
            r.part_no,
            r.name,
            r.warehouse,
            r.qty,
            r.low_threshold,
            r.unit_cost_fen,
            r.standard_price_fen,
            r.unit,
            r.retired,
        ])?;
    }
    care::write(conn, key, &rows.care)
}

fn mismatch(key: &DocId, row_id: &DocId) -> bool {
    if key != row_id {
        tracing::warn!(key = %key, id = %row_id, "document's id field differs from its key: no projection");
    }
    key != row_id
}

/// Deletes every projection row of document `key`.
pub(super) fn delete(conn: &Connection, key: &DocId) -> rusqlite::Result<()> {
    let id = key.as_str();
    conn.prepare_cached("DELETE FROM wo_list WHERE id = ?1")?
        .execute([id])?;
    conn.prepare_cached("DELETE FROM wo_search WHERE id = ?1")?
        .execute([id])?;
    conn.prepare_cached("DELETE FROM wo_figures WHERE id = ?1")?
        .execute([id])?;
    conn.prepare_cached("DELETE FROM wo_photos WHERE doc_id = ?1")?
        .execute([id])?;
    conn.prepare_cached("DELETE FROM pickup_list WHERE id = ?1")?
        .execute([id])?;
    conn.prepare_cached("DELETE FROM stock_list WHERE part_id = ?1")?
        .execute([id])?;
    customers::delete(conn, id)?;
    conn.prepare_cached("DELETE FROM complaint_list WHERE id = ?1")?
        .execute([id])?;
    care::delete(conn, key)
}

/// Deletes every projection row of every document.
pub(super) fn delete_all(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "DELETE FROM wo_list; DELETE FROM wo_search; DELETE FROM wo_figures; DELETE FROM wo_photos; DELETE FROM pickup_list; DELETE FROM stock_list;
         DELETE FROM cust_list; DELETE FROM complaint_list;",
    )?;
    care::delete_all(conn)
}

/// Seconds back to an instant (for reading rows).
pub(super) fn from_secs(s: i64) -> Ts {
    Ts(DateTime::<Utc>::UNIX_EPOCH + Duration::seconds(s))
}

pub mod customers;
pub use customers::CustomerRow;
mod figures;
pub use figures::WoFigures;
mod parts;
use parts::{pickup_row, stock_rows};
pub use parts::{PickupRow, StockRow};
mod search;

#[cfg(test)]
mod tests;
