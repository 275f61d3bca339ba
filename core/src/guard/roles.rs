//! Who may create and change which documents and fields.
//!
//! - Office: everything, except `filing` and `tamper_flag`, which only the
//!   server writes (for every role).
//! - Engineer: never creates work orders or parts. On a work order
//!   assigned to them, changes the visit (status, timeline, service record,
//!   parts used, notes, sign-off, loaner…) but not what the office decides:
//!   `assignee`, `customer_id`, `contract_id`, `number`, `order_kind`,
//!   `priority`, `reported_at`, `created_at`, `created_by`. Creates and
//!   changes pickups of their own, booked on an order the server has
//!   assigned to them, without setting the storekeeper's `confirmed_by`.
//!   On an existing part, changes only its stock counters.
//! - Storekeeper: parts and pickups.
//! - Company settings (`settings:company`): the office only; everyone
//!   reads them.
//! - Follow-ups and surveys (`followup:`, `survey:`): the office only;
//!   nobody else reads them either.
//! - Complaints and complaint-report records: the office only; nobody
//!   else reads them either.
//! - Expert: on a work order they were asked on (`experts`), adds notes of
//!   their own (`role` = `expert`); changes nothing else, creates nothing.
//!
//! Read access (whether the writer may see the document at all) is checked
//! before, by whoever holds the documents.

use super::{Records, Refusal, Sides, Writer};
use crate::model::{DocKind, Part, Pickup, WorkOrder};
use crate::rules::state::Role;

/// Work-order fields only the office sets.
const OFFICE_FIELDS: &str =
    "assignee, customer_id, contract_id, number, order_kind, priority, reported_at, created_at or created_by";

/// Whether `w` may create a document of `kind` at all (checked before the
/// document's content).
pub fn may_create(w: Writer<'_>, kind: DocKind) -> Result<(), Refusal> {
    let may = match w.role {
        Role::Office => true,
        Role::Storekeeper => matches!(kind, DocKind::Part | DocKind::Pickup),
        Role::Engineer => kind == DocKind::Pickup,
        Role::Expert => false,
    };
    match may {
        true => Ok(()),
        false if w.role == Role::Engineer && kind == DocKind::WorkOrder => {
            Err(Refusal::forbidden("an engineer may not create work orders"))
        }
        false if w.role == Role::Engineer && kind == DocKind::Part => {
            Err(Refusal::forbidden("an engineer may not create parts"))
        }
        false => Err(not_theirs(w.role, kind)),
    }
}

/// Work orders: creation, the office's fields, the server's fields.
pub fn work_order(w: Writer<'_>, s: &Sides<WorkOrder>) -> Result<(), Refusal> {
    let a = &s.after;
    let server_fields_changed = match &s.before {
        Some(b) => b.filing != a.filing || b.tamper_flag != a.tamper_flag,
        None => a.filing.is_some() || a.tamper_flag.is_some(),
    };
    if server_fields_changed {
        return Err(Refusal::forbidden(
            "only the server writes the filing receipt and the tamper flag",
        ));
    }
    match w.role {
        Role::Office => Ok(()),
        Role::Engineer => {
            let Some(b) = &s.before else {
                return Err(Refusal::forbidden("an engineer may not create work orders"));
            };
            if b.assignee != a.assignee {
                return Err(Refusal::forbidden(
                    "an engineer may not change a work order's assignee",
                ));
            }
            let office_fields = |wo: &WorkOrder| {
                (
                    wo.customer_id.clone(),
                    wo.contract_id.clone(),
                    wo.number.clone(),
                    wo.order_kind,
                    wo.priority,
                    wo.reported_at,
                    wo.created_at,
                    wo.created_by.clone(),
                )
            };
            if office_fields(b) != office_fields(a) {
                return Err(Refusal::forbidden(format!(
                    "an engineer may not change a work order's {OFFICE_FIELDS}"
                )));
            }
            Ok(())
        }
        Role::Expert => expert_advice(w, s),
        Role::Storekeeper => Err(not_theirs(w.role, DocKind::WorkOrder)),
    }
}

/// An expert's change to an order they were asked on: new notes of their
/// own (`role` = `expert`, `by` = them), nothing else.
fn expert_advice(w: Writer<'_>, s: &Sides<WorkOrder>) -> Result<(), Refusal> {
    let Some(b) = &s.before else {
        return Err(Refusal::forbidden(
            "a technical expert may not create work orders",
        ));
    };
    let a = &s.after;
    if !b.experts.iter().any(|e| e == w.user) {
        return Err(Refusal::forbidden(format!(
            "{} was not asked for advice on {}",
            w.user, a.number
        )));
    }
    let without_notes = |wo: &WorkOrder| WorkOrder {
        notes: Vec::new(),
        ..wo.clone()
    };
    if without_notes(b) != without_notes(a) {
        return Err(Refusal::forbidden(format!(
            "a technical expert may only add notes to {}",
            a.number
        )));
    }
    let mut added = a.notes.clone();
    for old in &b.notes {
        match added.iter().position(|n| n == old) {
            Some(i) => {
                added.remove(i);
            }
            None => {
                return Err(Refusal::forbidden(format!(
                    "a technical expert may not change or remove the notes of {}",
                    a.number
                )))
            }
        }
    }
    if added.iter().any(|n| n.by != w.user || n.role != "expert") {
        return Err(Refusal::forbidden(
            "an expert's note is written by them, with role expert",
        ));
    }
    Ok(())
}

/// Pickups: the engineer's own, on their own order, unconfirmed by them.
pub fn pickup(w: Writer<'_>, s: &Sides<Pickup>, records: &dyn Records) -> Result<(), Refusal> {
    let a = &s.after;
    match w.role {
        Role::Office | Role::Storekeeper => Ok(()),
        Role::Engineer => {
            let own = |p: &Pickup| p.engineer == w.user;
            if !own(a) || s.before.as_ref().is_some_and(|b| !own(b)) {
                return Err(Refusal::forbidden(format!(
                    "an engineer may only record pickups of their own ({})",
                    w.user
                )));
            }
            let confirmed = |p: Option<&Pickup>| p.and_then(|p| p.confirmed_by.clone());
            if confirmed(s.before.as_ref()) != confirmed(Some(a)) {
                return Err(Refusal::forbidden(
                    "only the storekeeper confirms a pickup (confirmed_by)",
                ));
            }
            let moved = s
                .before
                .as_ref()
                .is_none_or(|b| b.work_order_id != a.work_order_id);
            if moved && records.assignee_of(&a.work_order_id).as_deref() != Some(w.user) {
                return Err(Refusal::forbidden(format!(
                    "{} is not a work order assigned to {}",
                    a.work_order_id, w.user
                )));
            }
            Ok(())
        }
        Role::Expert => Err(not_theirs(w.role, DocKind::Pickup)),
    }
}

/// Parts: storekeeper and office; an engineer only moves existing stock.
pub fn part(w: Writer<'_>, s: &Sides<Part>) -> Result<(), Refusal> {
    match w.role {
        Role::Office | Role::Storekeeper => Ok(()),
        Role::Engineer => match &s.before {
            None => Err(Refusal::forbidden("an engineer may not create parts")),
            Some(b) if *b != s.after => Err(Refusal::forbidden(
                "an engineer may change only a part's stock counters",
            )),
            Some(_) => Ok(()),
        },
        Role::Expert => Err(not_theirs(w.role, DocKind::Part)),
    }
}

/// Customers, contracts, complaints, complaint-report records, the company
/// settings, follow-ups and surveys: the office's.
pub fn office_only(w: Writer<'_>, kind: DocKind) -> Result<(), Refusal> {
    match w.role {
        Role::Office => Ok(()),
        other => Err(not_theirs(other, kind)),
    }
}

fn not_theirs(role: Role, kind: DocKind) -> Refusal {
    Refusal::forbidden(format!("a {role} may not write {kind} documents"))
}
