//! Editing what is recorded on a work order: the service record, the
//! office's order details, notes and expert advice, the charge override
//! (always with a written reason) and loaner equipment 备用机.
//!
//! The service record is also what makes an order resolvable: without the
//! work done written down ([`record_gaps`]) it can be neither resolved nor
//! signed ([`ensure_work_recorded`]).
//!
//! Fields inside the signed content (see [`crate::signoff`]) are refused
//! with [`OpError::SignedReadOnly`] once the customer signed, and so is
//! every order detail ([`update_order`]); notes and loaners are outside it
//! and stay editable.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::actor::{ensure_open, ensure_unsigned, Actor};
use super::error::OpError;
use crate::model::{ChargeOverrideRecord, Loaner, Note, Priority, Ts, WorkOrder};
use crate::rules::charges::ChargeError;
use crate::rules::state::{Action, Role};

/// Changes to the service record; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct ServicePatch {
    /// Work done 维修内容.
    pub work_done: Option<String>,
    /// Findings.
    pub findings: Option<String>,
    /// Labour time, minutes.
    pub labour_minutes: Option<i64>,
    /// Travel cost, fen.
    pub travel_fen: Option<i64>,
    /// Lodging cost, fen.
    pub lodging_fen: Option<i64>,
}

/// Changes to the order's details; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct OrderPatch {
    /// P1–P4.
    pub priority: Option<Priority>,
    /// The reported fault (signed content).
    pub fault: Option<String>,
    /// The agreed repair items (signed content).
    pub repair_items: Option<Vec<String>>,
    /// A new appointment.
    pub appointment: Option<Ts>,
    /// Estimated price, fen.
    pub estimate_fen: Option<i64>,
    /// Whether a site visit is needed.
    pub visit_needed: Option<bool>,
}

/// Something the service record must say before the order can be
/// resolved or signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RecordGap {
    /// The work done 维修内容 is empty (white space does not count).
    WorkDone,
}

/// What the service record of `wo` still lacks before resolving or
/// signing; empty when nothing does. Findings are not required: a routine
/// fix may have none beyond the work done (see `docs/decisions.md`).
pub fn record_gaps(wo: &WorkOrder) -> Vec<RecordGap> {
    let mut gaps = Vec::new();
    if wo.service.work_done.trim().is_empty() {
        gaps.push(RecordGap::WorkDone);
    }
    gaps
}

/// Refuses `action` (resolve or sign) while the service record has gaps.
pub fn ensure_work_recorded(wo: &WorkOrder, action: Action) -> Result<(), OpError> {
    match record_gaps(wo).first() {
        None => Ok(()),
        Some(_) => Err(OpError::WorkNotRecorded {
            number: wo.number.clone(),
            action,
        }),
    }
}

fn non_negative(value: Option<i64>, what: &str) -> Result<(), OpError> {
    match value {
        Some(v) if v < 0 => Err(OpError::Invalid(format!("{what} cannot be negative ({v})"))),
        _ => Ok(()),
    }
}

/// Updates the service record. The assigned engineer or the office; not
/// after signing; numbers cannot be negative.
pub fn update_service(
    wo: &mut WorkOrder,
    patch: ServicePatch,
    actor: &Actor,
) -> Result<(), OpError> {
    actor.ensure_may_edit(wo, "edit the service record")?;
    ensure_unsigned_for(wo, "service.", &patch)?;
    ensure_open(wo, "edit the service record")?;
    non_negative(patch.labour_minutes, "labour time")?;
    non_negative(patch.travel_fen, "the travel cost")?;
    non_negative(patch.lodging_fen, "the lodging cost")?;
    let s = &mut wo.service;
    set(&mut s.work_done, patch.work_done);
    set(&mut s.findings, patch.findings);
    set(&mut s.labour_minutes, patch.labour_minutes);
    set(&mut s.travel_fen, patch.travel_fen);
    set(&mut s.lodging_fen, patch.lodging_fen);
    Ok(())
}

/// Updates the order's details after creation: the office (everything) or
/// the assigned engineer (everything but the priority, which the office
/// decides). Refused once the customer signed: the sign-off covers the
/// order as it was (the fault and the repair items are signed content, and
/// the estimate is part of the charges shown). Repair items are trimmed and
/// empty ones dropped; the fault may not be empty, nor the estimate
/// negative.
pub fn update_order(wo: &mut WorkOrder, patch: OrderPatch, actor: &Actor) -> Result<(), OpError> {
    actor.ensure_may_edit(wo, "edit the work order")?;
    if patch.priority.is_some() && actor.role != Role::Office {
        return Err(OpError::Forbidden {
            role: actor.role,
            what: "change a work order's priority".into(),
        });
    }
    ensure_unsigned_for(wo, "", &patch)?;
    ensure_open(wo, "edit the work order")?;
    non_negative(patch.estimate_fen, "the estimated price")?;
    if patch.fault.as_deref().is_some_and(|f| f.trim().is_empty()) {
        return Err(OpError::Invalid(
            "the reported fault cannot be empty".into(),
        ));
    }
    let items = patch.repair_items.map(|items| {
        items
            .iter()
            .map(|i| i.trim().to_owned())
            .filter(|i| !i.is_empty())
            .collect()
    });
    set(&mut wo.priority, patch.priority);
    set(&mut wo.fault, patch.fault.map(|f| f.trim().to_owned()));
    set(&mut wo.repair_items, items);
    set(&mut wo.appointment, patch.appointment.map(Some));
    set(&mut wo.estimate_fen, patch.estimate_fen);
    set(&mut wo.visit_needed, patch.visit_needed);
    Ok(())
}

/// Refuses a patch of a signed order, naming a field it sets (`prefix`
/// and the field's name, the first in alphabetical order); a patch that
/// sets nothing (every field `None`) passes.
fn ensure_unsigned_for(
    wo: &WorkOrder,
    prefix: &str,
    patch: &impl Serialize,
) -> Result<(), OpError> {
    let value = serde_json::to_value(patch).unwrap_or_default();
    let set = value
        .as_object()
        .and_then(|fields| fields.iter().find(|(_, v)| !v.is_null()));
    match set {
        Some((field, _)) => ensure_unsigned(wo, &format!("{prefix}{field}")),
        None => Ok(()),
    }
}

/// Sets `field` to a patch's `value`, when the patch has one (also for
/// other documents' edits, e.g. a contract's).
pub(crate) fn set<T>(field: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *field = v;
    }
}

/// The longest note accepted, in characters (the UI counts the same way and
/// shows `123 / 2000`).
pub const MAX_NOTE_CHARS: usize = 2000;

/// Adds a note (or, from a technical expert, advice). Anyone but an
/// engineer who is not assigned; allowed after signing (notes are not
/// signed content).
pub fn add_note(
    wo: &mut WorkOrder,
    text: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), OpError> {
    actor.ensure_assignee(wo)?;
    super::expert::ensure_asked(wo, actor)?;
    let text = text.trim();
    if text.is_empty() {
        return Err(OpError::Invalid("the note is empty".into()));
    }
    let chars = text.chars().count();
    if chars > MAX_NOTE_CHARS {
        return Err(OpError::Invalid(format!(
            "the note is {chars} characters long; at most {MAX_NOTE_CHARS} are allowed"
        )));
    }
    wo.notes.push(Note {
        at: now.into(),
        by: actor.name.clone(),
        role: actor.role.as_str().to_owned(),
        text: text.to_owned(),
    });
    Ok(())
}

/// Overrides the computed charge with `amount_fen`, for a written
/// `reason`. The assigned engineer or the office; not after signing.
pub fn set_charge_override(
    wo: &mut WorkOrder,
    amount_fen: i64,
    reason: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), OpError> {
    actor.ensure_may_edit(wo, "override the charge")?;
    ensure_unsigned(wo, "charge_override")?;
    ensure_open(wo, "override the charge")?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(ChargeError::ReasonRequired.into());
    }
    if amount_fen < 0 {
        return Err(ChargeError::NegativeAmount { amount_fen }.into());
    }
    wo.charge_override = Some(ChargeOverrideRecord {
        amount_fen,
        reason: reason.to_owned(),
        by: actor.name.clone(),
        at: now.into(),
    });
    Ok(())
}

/// Issues loaner equipment of the same function while the fix is late.
/// The office or the assigned engineer; one loaner out at a time.
pub fn issue_loaner(
    wo: &mut WorkOrder,
    model: &str,
    serial: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), OpError> {
    actor.ensure_may_edit(wo, "issue loaner equipment")?;
    ensure_open(wo, "issue loaner equipment")?;
    if model.trim().is_empty() {
        return Err(OpError::Invalid("the loaner's model is required".into()));
    }
    if let Some(l) = wo.loaner.as_ref().filter(|l| l.returned_at.is_none()) {
        return Err(OpError::Invalid(format!(
            "loaner {} {} is still out: record its return first",
            l.model, l.serial
        )));
    }
    wo.loaner = Some(Loaner {
        model: model.trim().to_owned(),
        serial: serial.trim().to_owned(),
        issued_at: now.into(),
        returned_at: None,
    });
    Ok(())
}

/// Records that the loaner came back.
pub fn return_loaner(wo: &mut WorkOrder, actor: &Actor, now: DateTime<Utc>) -> Result<(), OpError> {
    actor.ensure_may_edit(wo, "record a loaner's return")?;
    match wo.loaner.as_mut().filter(|l| l.returned_at.is_none()) {
        Some(l) => {
            l.returned_at = Some(now.into());
            Ok(())
        }
        None => Err(OpError::Invalid(format!(
            "work order {} has no loaner out",
            wo.number
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::work_order::tests::{assigned, office, t0, yang};
    use crate::rules::state::Role;

    fn patch() -> ServicePatch {
        ServicePatch {
            work_done: Some("更换电源模块".into()),
            labour_minutes: Some(90),
            ..Default::default()
        }
    }

    #[test]
    fn the_assigned_engineer_fills_in_the_service_record() {
        let mut wo = assigned();
        update_service(&mut wo, patch(), &yang()).unwrap();
        update_service(
            &mut wo,
            ServicePatch {
                findings: Some("电容老化".into()),
                ..Default::default()
            },
            &yang(),
        )
        .unwrap();
        assert_eq!(wo.service.work_done, "更换电源模块");
        assert_eq!(wo.service.findings, "电容老化");
        assert_eq!(wo.service.labour_minutes, 90);
    }

    #[test]
    fn someone_elses_order_and_negative_numbers_are_refused() {
        let mut wo = assigned();
        let chen = Actor::new("chenqin", Role::Engineer);
        assert!(matches!(
            update_service(&mut wo, patch(), &chen),
            Err(OpError::NotAssignee { .. })
        ));
        let expert = Actor::new("expert1", Role::Expert);
        let err = update_service(&mut wo, patch(), &expert).unwrap_err();
        assert_eq!(
            err.to_string(),
            "a technical expert may not edit the service record"
        );
        let bad = ServicePatch {
            travel_fen: Some(-1),
            ..Default::default()
        };
        let err = update_service(&mut wo, bad, &yang()).unwrap_err();
        assert_eq!(err.to_string(), "the travel cost cannot be negative (-1)");
    }

    #[test]
    fn override_without_a_reason_is_refused() {
        let mut wo = assigned();
        let err = set_charge_override(&mut wo, 5000, "  ", &yang(), t0()).unwrap_err();
        assert_eq!(err, OpError::Charge(ChargeError::ReasonRequired));
        assert_eq!(
            err.to_string(),
            "a charge can only be overridden with a written reason"
        );
        let err = set_charge_override(&mut wo, -5, "折扣", &yang(), t0()).unwrap_err();
        assert!(matches!(
            err,
            OpError::Charge(ChargeError::NegativeAmount { .. })
        ));
        set_charge_override(&mut wo, 5000, "老客户优惠", &yang(), t0()).unwrap();
        let ov = wo.charge_override.unwrap();
        assert_eq!(
            (ov.amount_fen, ov.reason.as_str(), ov.by.as_str()),
            (5000, "老客户优惠", "yangjinwei")
        );
    }

    #[test]
    fn notes_come_from_anyone_concerned() {
        let mut wo = assigned();
        wo.experts.push("expert1".into());
        add_note(
            &mut wo,
            "建议先检查保险丝",
            &Actor::new("expert1", Role::Expert),
            t0(),
        )
        .unwrap();
        add_note(&mut wo, "客户已通知", &office(), t0()).unwrap();
        assert_eq!(wo.notes[0].role, "expert");
        assert!(add_note(&mut wo, " ", &office(), t0()).is_err());
        let tang = Actor::new("tangrong", Role::Engineer);
        assert!(add_note(&mut wo, "x", &tang, t0()).is_err());
    }

    /// Issue 10: a 100,000-character note made the order page enormous.
    #[test]
    fn a_note_longer_than_the_limit_is_refused_and_one_at_the_limit_kept() {
        let mut wo = assigned();
        let at_limit = "备".repeat(MAX_NOTE_CHARS);
        add_note(&mut wo, &at_limit, &office(), t0()).unwrap();
        let err = add_note(&mut wo, &format!("{at_limit}注"), &office(), t0()).unwrap_err();
        assert!(
            matches!(&err, OpError::Invalid(m) if m.contains("at most 2000")),
            "{err}"
        );
        assert_eq!(wo.notes.len(), 1);
    }

    #[test]
    fn one_loaner_at_a_time() {
        let mut wo = assigned();
        assert!(return_loaner(&mut wo, &office(), t0()).is_err());
        issue_loaner(&mut wo, "DX-200", "L001", &office(), t0()).unwrap();
        let err = issue_loaner(&mut wo, "DX-200", "L002", &office(), t0()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "loaner DX-200 L001 is still out: record its return first"
        );
        return_loaner(&mut wo, &office(), t0()).unwrap();
        assert!(wo.loaner.as_ref().unwrap().returned_at.is_some());
        issue_loaner(&mut wo, "DX-200", "L002", &office(), t0()).unwrap();
    }

    #[test]
    fn order_details_signed_fields_and_cancelled_orders() {
        let mut wo = assigned();
        let p = OrderPatch {
            priority: Some(Priority::P3),
            fault: Some("偶发报错".into()),
            ..Default::default()
        };
        update_order(&mut wo, p, &office()).unwrap();
        assert_eq!((wo.priority, wo.fault.as_str()), (Priority::P3, "偶发报错"));
        crate::ops::apply_action(
            &mut wo,
            crate::rules::state::Action::Cancel,
            &office(),
            t0(),
        )
        .unwrap();
        let err = update_service(&mut wo, patch(), &office()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot edit the service record: work order WO-2026-01-000001 is cancelled"
        );
        let p = OrderPatch {
            priority: Some(Priority::P1),
            ..Default::default()
        };
        assert_eq!(
            update_order(&mut wo, p, &office()).unwrap_err().to_string(),
            "cannot edit the work order: work order WO-2026-01-000001 is cancelled"
        );
    }

    #[test]
    fn the_office_edits_every_detail_after_creation_and_the_engineer_not_the_priority() {
        let mut wo = assigned();
        let p = OrderPatch {
            fault: Some("  开机后基线漂移  ".into()),
            repair_items: Some(vec!["更换色谱柱".into(), "  ".into(), " 校准 ".into()]),
            estimate_fen: Some(120_000),
            appointment: Some(t0().into()),
            ..Default::default()
        };
        update_order(&mut wo, p, &office()).unwrap();
        assert_eq!(wo.fault, "开机后基线漂移");
        assert_eq!(
            wo.repair_items,
            ["更换色谱柱", "校准"],
            "blank items dropped"
        );
        assert_eq!(wo.estimate_fen, 120_000);
        assert_eq!(wo.appointment, Some(t0().into()));
        let raise = OrderPatch {
            priority: Some(Priority::P1),
            ..Default::default()
        };
        let err = update_order(&mut wo, raise, &yang()).unwrap_err();
        assert!(matches!(err, OpError::Forbidden { .. }), "{err}");
        let blank = OrderPatch {
            fault: Some(" ".into()),
            ..Default::default()
        };
        assert_eq!(
            update_order(&mut wo, blank, &office())
                .unwrap_err()
                .to_string(),
            "the reported fault cannot be empty"
        );
        let below_zero = OrderPatch {
            estimate_fen: Some(-1),
            ..Default::default()
        };
        assert!(update_order(&mut wo, below_zero, &office()).is_err());
        assert_eq!(wo.estimate_fen, 120_000, "a refused edit changes nothing");
    }
}
