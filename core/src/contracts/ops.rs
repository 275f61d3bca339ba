//! The contract rules as pure functions: the checks of a new or edited
//! contract, its state, the planned work order of a period (derived id and
//! number, so two office devices planning offline make the same document),
//! which planned orders an earlier end cancels, and ticking the checklist.

use chrono::{Duration, NaiveDate};
use chrono_tz::Tz;

use super::error::ContractError;
use super::input::{ContractEdit, NewContract};
use super::periods::{periods, Period};
use super::view::ContractState;
use crate::model::{
    CheckItem, Contract, Customer, CustomerInfo, Day, DocId, DocKind, EquipmentInfo, OrderKind,
    PlannedVisit, Priority, WorkOrder,
};
use crate::ops::record::set;
use crate::ops::{new_work_order, Actor, NewWorkOrder, OpError};
use crate::rules::localtime::start_of_day;
use crate::rules::state::{Role, Status};

/// A contract "ends soon" within this many days; planned orders are
/// created this many days before their period starts.
pub const HORIZON_DAYS: i64 = 30;

/// The seed's preventive-visit checklist (软硬件系统检验、调试和设备清洁,
/// 了解网络系统运作情况, 对潜在问题给出合理化处理方案).
pub const CHECKLIST: [&str; 5] = [
    "软硬件系统检验",
    "调试",
    "设备清洁",
    "了解网络系统运作情况",
    "对潜在问题给出合理化处理方案",
];

/// The longest contract number, in characters.
const NUMBER_MAX: usize = 60;

/// The checklist of a new planned order, nothing ticked.
pub fn checklist() -> Vec<CheckItem> {
    CHECKLIST
        .iter()
        .map(|t| CheckItem {
            text: (*t).to_owned(),
            done: false,
        })
        .collect()
}

/// Refuses anyone but the office.
pub fn ensure_office(actor: &Actor, what: &str) -> Result<(), ContractError> {
    actor.ensure_office(|_| ContractError::OfficeOnly(what.to_owned()))
}

/// The state of `c` on `today` (the company's local date).
pub fn contract_state(c: &Contract, today: NaiveDate) -> ContractState {
    if today < c.starts_on.0 {
        ContractState::Upcoming
    } else if today > c.ends_on.0 {
        ContractState::Ended
    } else if c.ends_on.0 <= today + Duration::days(HORIZON_DAYS) {
        ContractState::EndingSoon
    } else {
        ContractState::Active
    }
}

/// A new contract `id` from `input`, checked against its `customer` and the
/// device's `others` contracts.
pub fn create(
    id: DocId,
    input: NewContract,
    customer: &Customer,
    others: &[Contract],
) -> Result<Contract, ContractError> {
    let c = Contract {
        id,
        number: input.number.trim().to_owned(),
        customer_id: input.customer_id,
        equipment_serials: clean_serials(input.equipment_serials),
        starts_on: input.starts_on,
        ends_on: input.ends_on,
        labour_fen_per_hour: input.labour_fen_per_hour,
        parts: input.parts,
        travel_free: input.travel_free,
        lodging_free: input.lodging_free,
        visit_every_months: input.visit_every_months,
    };
    check(&c, customer, others)?;
    Ok(c)
}

/// Applies `edit` to `c`, checked as a new one.
pub fn edit(
    c: &mut Contract,
    edit: ContractEdit,
    customer: &Customer,
    others: &[Contract],
) -> Result<(), ContractError> {
    let mut next = c.clone();
    set(&mut next.number, edit.number.map(|n| n.trim().to_owned()));
    set(
        &mut next.equipment_serials,
        edit.equipment_serials.map(clean_serials),
    );
    set(&mut next.starts_on, edit.starts_on);
    set(&mut next.ends_on, edit.ends_on);
    set(&mut next.labour_fen_per_hour, edit.labour_fen_per_hour);
    set(&mut next.parts, edit.parts);
    set(&mut next.travel_free, edit.travel_free);
    set(&mut next.lodging_free, edit.lodging_free);
    set(&mut next.visit_every_months, edit.visit_every_months);
    check(&next, customer, others)?;
    *c = next;
    Ok(())
}

fn clean_serials(v: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in v.into_iter().map(|s| s.trim().to_owned()) {
        if !s.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(&s)) {
            out.push(s);
        }
    }
    out
}

/// The checks of a contract (code `invalid`, the message names the field).
pub fn check(c: &Contract, customer: &Customer, others: &[Contract]) -> Result<(), ContractError> {
    fn f(field: &str, why: impl std::fmt::Display) -> ContractError {
        ContractError::field(field, why)
    }
    if c.number.is_empty() {
        return Err(f("number", "required"));
    }
    if c.number.chars().count() > NUMBER_MAX {
        return Err(f("number", format!("at most {NUMBER_MAX} characters")));
    }
    if others
        .iter()
        .any(|o| o.id != c.id && o.number.trim().eq_ignore_ascii_case(&c.number))
    {
        return Err(f("number", format!("{} is already used", c.number)));
    }
    if customer.id != c.customer_id {
        return Err(f("customer_id", format!("{} is not held", c.customer_id)));
    }
    for s in &c.equipment_serials {
        if !customer
            .equipment
            .iter()
            .any(|e| e.serial.trim().eq_ignore_ascii_case(s))
        {
            return Err(f(
                "equipment_serials",
                format!("{s} is not equipment of {}", customer.org),
            ));
        }
    }
    if c.ends_on < c.starts_on {
        return Err(f("ends_on", "before starts_on"));
    }
    if c.labour_fen_per_hour < 0 {
        return Err(f("labour_fen_per_hour", "must not be negative"));
    }
    if !(0..=24).contains(&c.visit_every_months) {
        return Err(f("visit_every_months", "must be 0 to 24"));
    }
    Ok(())
}

/// The id of the planned order of the period starting `start` of contract
/// `contract`: `wo:pm-<contract suffix>-<YYYYMMDD>`. Derived, not drawn:
/// two office devices planning the same visit offline make the same
/// document, which merges into one.
pub fn planned_id(contract: &DocId, start: NaiveDate) -> DocId {
    let suffix = contract
        .as_str()
        .split_once(':')
        .map_or(contract.as_str(), |(_, rest)| rest);
    DocId::with_suffix(
        DocKind::WorkOrder,
        &format!("pm-{suffix}-{}", start.format("%Y%m%d")),
    )
}

/// The number of that planned order: `PM-<contract number>-<YYYY-MM>`.
pub fn planned_number(c: &Contract, start: NaiveDate) -> String {
    format!("PM-{}-{}", c.number, start.format("%Y-%m"))
}

/// The periods of `c` whose planned order should exist on `today`: those
/// started and not over, and those starting within [`HORIZON_DAYS`].
pub fn due_periods(c: &Contract, today: NaiveDate) -> Vec<Period> {
    let until = today + Duration::days(HORIZON_DAYS);
    periods(c)
        .into_iter()
        .filter(|p| p.end >= today && p.start <= until)
        .collect()
}

/// The planned order of period `p` of contract `c` for `customer`:
/// everything derived from them, so two office devices make the same
/// document (created "by" [`PLANNED_BY`] at the first moment it could be
/// planned, [`HORIZON_DAYS`] before the period starts): maintenance, P3, unassigned, status `new`,
/// its call time the first moment of the period's last day in `tz` (so
/// the service clocks run out only after the due window), the seed's
/// checklist.
pub fn planned_order(c: &Contract, customer: &Customer, p: Period, tz: Tz) -> WorkOrder {
    let first = c.equipment_serials.first();
    let equipment = first
        .and_then(|s| {
            customer
                .equipment
                .iter()
                .find(|e| e.serial.trim().eq_ignore_ascii_case(s))
        })
        .map(|e| EquipmentInfo {
            model: e.model.clone(),
            serial: e.serial.clone(),
            accepted_on: e.accepted_on,
            original_end_user: e.original_end_user,
        })
        .unwrap_or_default();
    let input = NewWorkOrder {
        order_kind: OrderKind::Maintenance,
        priority: Priority::P3,
        customer_id: Some(customer.id.clone()),
        customer: CustomerInfo {
            org: customer.org.clone(),
            site_address: customer.site_address.clone(),
            contact: customer.contact.clone(),
            phone: customer.phone.clone(),
        },
        equipment,
        contract_id: Some(c.id.clone()),
        fault: format!(
            "计划维护 {}（合约 {}）：{}",
            p.start.format("%Y-%m"),
            c.number,
            c.equipment_serials.join("、")
        ),
        // The clocks count from the last day of the window: a visit made
        // within it meets them, one not made by then shows late.
        reported_at: Some(start_of_day(p.end, tz).into()),
        visit_needed: true,
        repair_items: Vec::new(),
        estimate_fen: 0,
        appointment: None,
        save_equipment: false,
    };
    let created = start_of_day(p.start - Duration::days(HORIZON_DAYS), tz);
    let mut wo = new_work_order(input, planned_number(c, p.start), PLANNED_BY, created);
    wo.id = planned_id(&c.id, p.start);
    wo.planned = Some(PlannedVisit {
        contract_id: c.id.clone(),
        period_start: Day(p.start),
        period_end: Day(p.end),
    });
    wo.checklist = checklist();
    wo
}

/// Who a planned order is created by: the office (whichever office
/// device planned it).
pub const PLANNED_BY: &str = "office";

/// The Automerge actor that writes a planned order's creation, derived
/// from its id: with [`planned_order`]'s derived content, two office
/// devices planning it offline make one identical change.
pub fn planned_actor(id: &DocId) -> automerge::ActorId {
    use sha2::{Digest, Sha256};
    let hash = Sha256::digest(id.as_str().as_bytes());
    automerge::ActorId::from(&hash[..16])
}

/// The planned orders of `old` (the contract before an edit) that the new
/// end `new_end` leaves outside: periods starting after it.
pub fn outside_end(old: &Contract, new_end: NaiveDate) -> Vec<DocId> {
    periods(old)
        .into_iter()
        .filter(|p| p.start > new_end)
        .map(|p| planned_id(&old.id, p.start))
        .collect()
}

/// The period start a planned order's id names, when `id` is one of
/// contract `contract`'s planned orders (`wo:pm-<suffix>-<YYYYMMDD>`).
pub fn planned_start(contract: &DocId, id: &DocId) -> Option<NaiveDate> {
    let suffix = contract
        .as_str()
        .split_once(':')
        .map_or(contract.as_str(), |(_, rest)| rest);
    let rest = id.as_str().strip_prefix(&format!("wo:pm-{suffix}-"))?;
    NaiveDate::parse_from_str(rest, "%Y%m%d").ok()
}

/// Whether a planned order may still be cancelled: not started.
pub fn not_started(wo: &WorkOrder) -> bool {
    matches!(wo.status, Status::New | Status::Assigned)
}

/// Ticks (or unticks) item `index` of `wo`'s checklist: the office, or the
/// engineer on their own order; never after signing.
pub fn tick(wo: &mut WorkOrder, index: usize, done: bool, actor: &Actor) -> Result<(), OpError> {
    if actor.role != Role::Office
        && !(actor.role == Role::Engineer && wo.assignee.as_deref() == Some(&actor.name))
    {
        return Err(OpError::Forbidden {
            role: actor.role,
            what: "tick the checklist of someone else's order".into(),
        });
    }
    if wo.signoff.is_some()
        || matches!(
            wo.status,
            Status::Signed | Status::Filed | Status::Closed | Status::Cancelled
        )
    {
        return Err(OpError::Invalid(
            "checklist: read-only after signing".into(),
        ));
    }
    let n = wo.checklist.len();
    let item = wo.checklist.get_mut(index).ok_or_else(|| {
        OpError::Invalid(format!(
            "index: the checklist has {n} items, no item {index}"
        ))
    })?;
    item.done = done;
    Ok(())
}

#[cfg(test)]
mod tables_json {
    /// Written by the `export_bindings` run beside the TypeScript types
    /// (`TS_RS_EXPORT_DIR`): the planned visit's checklist, so the browser
    /// tests' fake backend plans visits with core's words
    /// (`contract-tables.json`).
    #[test]
    fn export_bindings_contract_tables_json() {
        let dir = std::env::var_os("TS_RS_EXPORT_DIR").unwrap_or_else(|| "bindings".into());
        let dir = std::path::Path::new(&dir);
        std::fs::create_dir_all(dir).unwrap();
        let json = serde_json::json!({ "checklist": super::CHECKLIST });
        let text = serde_json::to_string_pretty(&json).unwrap();
        std::fs::write(dir.join("contract-tables.json"), text + "\n").unwrap();
    }
}
