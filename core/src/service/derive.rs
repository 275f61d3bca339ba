//! Pure derivations the views show: the warranty tier and charges of a work
//! order, its clocks, the list group, the buttons a user may press and the
//! ones blocked (with why), the display names of the people it names, and
//! the conflicting values of the fields the UI flags. No store access here.

use std::collections::BTreeMap;

use automerge::ReadDoc;
use serde::Serialize;
use ts_rs::TS;

use super::views::{BlockReason, BlockedAction, FieldConflict, WoGroup};
use crate::doc;
use crate::model::{Contract, ContractParts, WorkOrder};
use crate::ops::Actor;
use crate::rules::localtime::local_date;
use crate::rules::state::{offered_actions, Action, Role, Status};
use crate::rules::{
    apply_override, compute_charges, tier, ChargeInput, ChargeOverride, Charges, ClockState,
    ContractTerms, LabourTerm, PartLine, PartsTerm, RulesConfig, SignBlocker, SlaInput, SlaReport,
    Tier,
};

/// The fields whose concurrent values the detail screen shows.
pub const CONFLICT_FIELDS: &[&[&str]] = &[
    &["status"],
    &["assignee"],
    &["priority"],
    &["service", "work_done"],
    &["service", "findings"],
    &["appointment"],
    &["fault"],
];

/// The warranty tier of the call. Without an acceptance date the tier
/// cannot be proven: out of warranty.
pub fn tier_of(wo: &WorkOrder, cfg: &RulesConfig) -> Tier {
    match wo.equipment.accepted_on {
        Some(accepted) => tier(
            accepted.0,
            local_date(wo.reported_at.0, cfg.tz),
            wo.equipment.original_end_user,
            &cfg.tiers,
        ),
        None => Tier::OutOfWarranty,
    }
}

/// A contract's terms, when it covers the day of the call.
pub fn contract_terms(
    contract: &Contract,
    wo: &WorkOrder,
    cfg: &RulesConfig,
) -> Option<ContractTerms> {
    let day = local_date(wo.reported_at.0, cfg.tz);
    if day < contract.starts_on.0 || day > contract.ends_on.0 {
        return None;
    }
    Some(ContractTerms {
        labour: match contract.labour_fen_per_hour {
            0 => LabourTerm::Free,
            r => LabourTerm::RateFenPerHour(r),
        },
        parts: match contract.parts {
            ContractParts::Free => PartsTerm::Free,
            ContractParts::AtCost => PartsTerm::AtCost,
            ContractParts::AtPrice => PartsTerm::AtPrice,
        },
        travel_free: contract.travel_free,
        lodging_free: contract.lodging_free,
    })
}

/// The charges as the customer sees them: the frozen ones once signed,
/// else computed from the record now, with the override applied.
pub fn charges_for(
    wo: &WorkOrder,
    tier: Tier,
    terms: Option<ContractTerms>,
    cfg: &RulesConfig,
) -> Charges {
    if let Some(frozen) = wo
        .signoff
        .as_ref()
        .and_then(|s| serde_json::from_str::<Charges>(&s.charges_json).ok())
    {
        return frozen;
    }
    let input = ChargeInput {
        tier,
        contract: terms,
        labour_minutes: wo.service.labour_minutes,
        parts: wo
            .parts_used
            .iter()
            .map(|p| PartLine {
                part_no: p.part_no.clone(),
                name: p.name.clone(),
                qty: p.qty,
                unit_cost_fen: p.unit_cost_fen,
                standard_price_fen: p.standard_price_fen,
            })
            .collect(),
        travel_fen: wo.service.travel_fen,
        lodging_fen: wo.service.lodging_fen,
    };
    let computed = compute_charges(&input, cfg);
    match &wo.charge_override {
        Some(ov) => {
            let ov = ChargeOverride {
                amount_fen: ov.amount_fen,
                reason: ov.reason.clone(),
                by: ov.by.clone(),
                at: ov.at.0,
            };
            apply_override(computed.clone(), ov).unwrap_or(computed)
        }
        None => computed,
    }
}

/// The clocks' input from a work order.
pub fn sla_input(wo: &WorkOrder) -> SlaInput {
    let tl = &wo.timeline;
    SlaInput {
        reported_at: wo.reported_at.0,
        responded_at: tl.responded_at.map(|t| t.0),
        arrived_at: tl.arrived_at.map(|t| t.0),
        resolved_at: tl.resolved_at.map(|t| t.0),
        visit_needed: wo.visit_needed,
        loaner_issued: wo.loaner.is_some(),
    }
}

/// The list section: done once filed; else what the status decides
/// ([`WoGroup::of_status`]: done once closed or cancelled, to file once
/// signed, act now when new or assigned); else act now when a clock still
/// running is due soon or already late, open otherwise.
pub fn group(status: Status, filed: bool, sla: &SlaReport) -> WoGroup {
    if filed {
        return WoGroup::Done;
    }
    match WoGroup::of_status(status) {
        Some(g) => g,
        None => {
            let urgent = [Some(sla.response), sla.on_site, Some(sla.fix)]
                .into_iter()
                .flatten()
                .any(|c| {
                    matches!(
                        c.state,
                        ClockState::Running { due_soon: true, .. }
                            | ClockState::Breached { done_at: None, .. }
                    )
                });
            if urgent {
                WoGroup::ActNow
            } else {
                WoGroup::Open
            }
        }
    }
}

/// The buttons of a work order for one user ([`buttons`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Buttons {
    /// What the user may press now, in lifecycle order.
    pub allowed: Vec<Action>,
    /// What the user would have next in this status but cannot take now,
    /// with why, in lifecycle order.
    pub blocked: Vec<BlockedAction>,
}

/// The buttons `actor` has on `wo` now: [`offered_actions`] for the
/// order's status and the actor's role (filing happens on receipt, never by
/// hand, so `file` is never offered), split into those allowed and those a
/// rule blocks now ([`block_reason`]); an engineer gets none on an order
/// that is not theirs. `blockers` are the order's sign blockers.
pub fn buttons(wo: &WorkOrder, actor: &Actor, blockers: &[SignBlocker]) -> Buttons {
    if actor.role == Role::Engineer && wo.assignee.as_deref() != Some(actor.name.as_str()) {
        return Buttons::default();
    }
    let mut out = Buttons::default();
    for action in offered_actions(wo.status, actor.role) {
        match block_reason(wo, action, blockers) {
            Some(reason) => out.blocked.push(BlockedAction::new(action, reason)),
            None => out.allowed.push(action),
        }
    }
    out
}

/// What an action waits for beyond its status ([`PRECONDITIONS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Precondition {
    /// Every picked part used or returned, exactly
    /// ([`crate::rules::sign_blockers`] empty).
    PartsAccounted,
    /// The service record's work done written.
    WorkDone,
}

/// The actions that wait for more than their status, and for what, in the
/// order the reasons are given (the first unmet one is shown): resolving
/// needs the work done; signing needs the parts accounted for (as the parts
/// page shows them), then the work done. The UI's tables carry this too.
pub const PRECONDITIONS: &[(Action, &[Precondition])] = &[
    (Action::Resolve, &[Precondition::WorkDone]),
    (
        Action::Sign,
        &[Precondition::PartsAccounted, Precondition::WorkDone],
    ),
];

/// Why `action`, legal in `wo`'s status, cannot be taken now: its first
/// unmet [`PRECONDITIONS`], with the count of parts for the parts one.
pub fn block_reason(
    wo: &WorkOrder,
    action: Action,
    blockers: &[SignBlocker],
) -> Option<BlockReason> {
    let needs = PRECONDITIONS
        .iter()
        .find(|(a, _)| *a == action)
        .map_or(&[][..], |(_, p)| *p);
    needs.iter().find_map(|p| unmet(*p, wo, blockers))
}

/// Why `p` is not met by `wo` now, if it is not.
fn unmet(p: Precondition, wo: &WorkOrder, blockers: &[SignBlocker]) -> Option<BlockReason> {
    match p {
        Precondition::WorkDone => wo
            .service
            .work_done
            .trim()
            .is_empty()
            .then_some(BlockReason::NoWorkDone),
        Precondition::PartsAccounted => {
            let sum = |keep: fn(i64) -> bool| -> u32 {
                let n: i64 = blockers
                    .iter()
                    .map(|b| b.outstanding)
                    .filter(|&n| keep(n))
                    .map(i64::abs)
                    .sum();
                u32::try_from(n).unwrap_or(u32::MAX)
            };
            let (open, over) = (sum(|n| n > 0), sum(|n| n < 0));
            if open > 0 {
                Some(BlockReason::PartsOpen { count: open })
            } else if over > 0 {
                Some(BlockReason::PartsOverCounted { count: over })
            } else {
                None
            }
        }
    }
}

/// Every login name `wo` names (its creator, assignee, history, notes,
/// charge override and follow-ups), each with its display name from
/// `directory` (login → display name), the login name itself when the
/// directory does not know it or has an empty name.
pub fn people(wo: &WorkOrder, directory: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let named = std::iter::once(&wo.created_by)
        .chain(wo.assignee.as_ref())
        .chain(wo.history.iter().map(|h| &h.by))
        .chain(wo.notes.iter().map(|n| &n.by))
        .chain(wo.charge_override.iter().map(|o| &o.by))
        .chain(wo.follow_ups.iter().map(|f| &f.by));
    named
        .filter(|login| !login.is_empty())
        .map(|login| (login.clone(), display_name(login, directory)))
        .collect()
}

/// `login`'s display name in `directory`, else the login name.
pub fn display_name(login: &str, directory: &BTreeMap<String, String>) -> String {
    directory
        .get(login)
        .map(|d| d.trim())
        .filter(|d| !d.is_empty())
        .unwrap_or(login)
        .to_owned()
}

/// The conflicting values of [`CONFLICT_FIELDS`] in `doc`.
pub fn field_conflicts<D: ReadDoc>(doc: &D) -> Vec<FieldConflict> {
    CONFLICT_FIELDS
        .iter()
        .filter_map(|path| {
            let values = doc::conflicts(doc, path);
            (!values.is_empty()).then(|| FieldConflict {
                field: path.join("."),
                values,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Day;

    fn d(s: &str) -> Day {
        Day(s.parse().unwrap())
    }

    #[test]
    fn tier_counts_from_acceptance_to_the_local_call_day() {
        let mut wo = crate::ops::new_work_order(
            crate::ops::work_order::tests::input(),
            "WO-1".into(),
            "office",
            // 2026-03-01 17:00 UTC is 2026-03-02 in Shanghai.
            "2026-03-01T17:00:00Z".parse().unwrap(),
        );
        wo.equipment.original_end_user = true;
        wo.equipment.accepted_on = Some(d("2025-03-01"));
        assert_eq!(tier_of(&wo, &RulesConfig::default()), Tier::Extended1);
        wo.equipment.accepted_on = Some(d("2025-03-02"));
        assert_eq!(tier_of(&wo, &RulesConfig::default()), Tier::InWarranty);
        wo.equipment.accepted_on = None;
        assert_eq!(tier_of(&wo, &RulesConfig::default()), Tier::OutOfWarranty);
    }

    #[test]
    fn groups_follow_status_and_the_clocks_still_running() {
        let cfg = RulesConfig::default();
        let wo = crate::ops::work_order::tests::assigned();
        let at = |min| crate::ops::work_order::tests::t0() + chrono::Duration::minutes(min);
        let sla = |min| crate::rules::sla_report(&sla_input(&wo), &cfg, at(min));
        assert_eq!(group(Status::Assigned, false, &sla(10)), WoGroup::ActNow);
        assert_eq!(group(Status::New, false, &sla(10)), WoGroup::ActNow);
        assert_eq!(group(Status::OnSite, false, &sla(10)), WoGroup::Open);
        assert_eq!(
            group(Status::Assigned, false, &sla(50)),
            WoGroup::ActNow,
            "due soon"
        );
        assert_eq!(
            group(Status::Assigned, false, &sla(70)),
            WoGroup::ActNow,
            "breached"
        );
        assert_eq!(group(Status::Signed, false, &sla(70)), WoGroup::ToFile);
        assert_eq!(group(Status::Signed, true, &sla(70)), WoGroup::Done);
        assert_eq!(group(Status::Cancelled, false, &sla(70)), WoGroup::Done);
    }

    #[test]
    fn engineers_get_no_buttons_on_other_orders_and_never_file() {
        let wo = crate::ops::work_order::tests::assigned();
        let yang = crate::ops::work_order::tests::yang();
        assert_eq!(buttons(&wo, &yang, &[]).allowed, vec![Action::Respond]);
        assert_eq!(
            buttons(&wo, &Actor::new("chenqin", Role::Engineer), &[]),
            Buttons::default()
        );
        let office = crate::ops::work_order::tests::office();
        assert_eq!(
            buttons(&wo, &office, &[]).allowed,
            vec![Action::Assign, Action::Respond, Action::Cancel]
        );
    }

    fn open_part(part_no: &str, outstanding: i64) -> SignBlocker {
        SignBlocker {
            pickup_id: format!("pickup:{part_no}"),
            part_no: part_no.into(),
            outstanding,
            message: String::new(),
        }
    }

    fn done(work: &str) -> crate::ops::ServicePatch {
        crate::ops::ServicePatch {
            work_done: Some(work.into()),
            ..Default::default()
        }
    }

    #[test]
    fn sign_blocked_by_open_parts_says_how_many() {
        use crate::testing::WorkOrderBuilder;
        let mut wo = WorkOrderBuilder::new()
            .assigned_to("yangjinwei")
            .actions(&[Action::Respond])
            .service(done("清洗雾化器"))
            .build();
        wo.status = Status::Resolved;
        let yang = Actor::new("yangjinwei", Role::Engineer);
        let b = buttons(&wo, &yang, &[open_part("PN-1", 1), open_part("PN-2", 1)]);
        assert!(!b.allowed.contains(&Action::Sign));
        assert_eq!(
            b.blocked,
            vec![BlockedAction::new(
                Action::Sign,
                BlockReason::PartsOpen { count: 2 }
            )]
        );
        let over = buttons(&wo, &yang, &[open_part("PN-1", -3)]);
        assert_eq!(
            over.blocked[0].reason,
            BlockReason::PartsOverCounted { count: 3 }
        );
        let clear = buttons(&wo, &yang, &[]);
        assert!(clear.allowed.contains(&Action::Sign) && clear.blocked.is_empty());
    }

    #[test]
    fn resolve_and_sign_wait_for_the_work_done() {
        use crate::testing::WorkOrderBuilder;
        let yang = Actor::new("yangjinwei", Role::Engineer);
        let on_site = WorkOrderBuilder::new()
            .assigned_to("yangjinwei")
            .actions(&[Action::Respond, Action::Depart, Action::Arrive])
            .build();
        let b = buttons(&on_site, &yang, &[]);
        assert_eq!(b.allowed, vec![Action::AwaitParts, Action::Hold]);
        assert_eq!(
            b.blocked,
            vec![BlockedAction::new(Action::Resolve, BlockReason::NoWorkDone)]
        );
        let mut written = on_site.clone();
        written.service.work_done = "更换电源".into();
        let b = buttons(&written, &yang, &[]);
        assert!(b.allowed.contains(&Action::Resolve) && b.blocked.is_empty());
        let mut resolved = written;
        resolved.status = Status::Resolved;
        resolved.service.work_done = "  ".into();
        assert_eq!(
            buttons(&resolved, &yang, &[]).blocked[0],
            BlockedAction::new(Action::Sign, BlockReason::NoWorkDone)
        );
    }

    #[test]
    fn people_are_named_by_display_name_with_the_login_as_fallback() {
        use crate::testing::WorkOrderBuilder;
        let mut wo = WorkOrderBuilder::new()
            .assigned_to("yangjinwei")
            .actions(&[Action::Respond])
            .build();
        wo.notes.push(crate::model::Note {
            at: wo.created_at,
            by: "newbie".into(),
            role: "engineer".into(),
            text: "hi".into(),
        });
        let directory: BTreeMap<String, String> = [
            ("yangjinwei".to_string(), "杨金伟".to_string()),
            ("office".into(), "调度办公室".into()),
            ("blank".into(), " ".into()),
        ]
        .into();
        let p = people(&wo, &directory);
        assert_eq!(p["yangjinwei"], "杨金伟", "assignee and history");
        assert_eq!(p["office"], "调度办公室", "creator, assigner");
        assert_eq!(p["newbie"], "newbie", "unknown: the login name");
        assert_eq!(p.len(), 3);
        assert_eq!(display_name("blank", &directory), "blank");
    }
}
