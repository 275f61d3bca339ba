//! The customer's sign-off 用户签字确认: the checks before it (resolved,
//! the work done recorded, every picked part used or returned, a signer and
//! a signature with real ink — [`crate::rules::ink`]), the
//! charges frozen as shown, the content hash sealed, and the move to
//! `signed`. After it the signed content is read-only (see
//! [`super::actor::ensure_unsigned`]).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::actor::Actor;
use super::error::OpError;
use super::record::{ensure_work_recorded, record_gaps, RecordGap};
use super::work_order::record;
use crate::model::{DocId, Pickup, SignOff, WorkOrder};
use crate::rules::charges::Charges;
use crate::rules::ink::{check_ink, InkRule};
use crate::rules::state::{transition, Action};
use crate::rules::stock::{sign_blockers, PickedLine};
use crate::signoff::seal;

/// What the customer enters on the sign-off screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SignInput {
    /// The signer's name.
    pub signer: String,
    /// The customer's opinion 用户意见.
    pub opinion: String,
    /// Satisfaction 1–5.
    pub satisfaction: i64,
    /// The work matches the agreed repair items.
    pub matches_agreed_items: bool,
    /// Signature strokes, each `"x,y x,y …"` in a 1000 × 400 box.
    pub strokes: Vec<String>,
}

/// What the sign-off screen needs before the customer signs: the gaps in
/// the service record that stop resolving and signing (shown beside the
/// 已修复 / 去签字 buttons), and the company's ink rule, so the screen runs
/// the same check live as [`sign`] runs at the end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SignReadiness {
    /// What the service record still lacks (empty when nothing does).
    pub record_gaps: Vec<RecordGap>,
    /// How much ink a signature needs.
    pub ink: InkRule,
}

/// The [`SignReadiness`] of `wo` under the company's `ink` rule.
pub fn sign_readiness(wo: &WorkOrder, ink: &InkRule) -> SignReadiness {
    SignReadiness {
        record_gaps: record_gaps(wo),
        ink: *ink,
    }
}

/// The pickups made for work order `wo_id`, as the stock rules see them.
pub fn picked_lines(wo_id: &DocId, pickups: &[Pickup]) -> Vec<PickedLine> {
    pickups
        .iter()
        .filter(|p| &p.work_order_id == wo_id)
        .map(|p| PickedLine {
            pickup_id: p.id.to_string(),
            part_no: p.part_no.clone(),
            picked: p.qty,
            used: p.used,
            returned: p.returned,
        })
        .collect()
}

fn check_input(input: &SignInput, ink: &InkRule) -> Result<(), OpError> {
    if input.signer.trim().is_empty() {
        return Err(OpError::Invalid("the signer's name is required".into()));
    }
    check_ink(&input.strokes, ink)?;
    if !(1..=5).contains(&input.satisfaction) {
        return Err(OpError::Invalid(format!(
            "satisfaction must be 1 to 5, not {}",
            input.satisfaction
        )));
    }
    Ok(())
}

/// Captures the customer's sign-off on a resolved order. `charges` are the
/// itemised charges the customer was shown (with the override applied);
/// `pickups` are the pickups made for the order; `ink` is the company's
/// rule for a real signature. Refused while the work done is not recorded,
/// while a picked part is neither used nor returned, and for a signature
/// with too little ink.
pub fn sign(
    wo: &mut WorkOrder,
    input: SignInput,
    charges: &Charges,
    pickups: &[Pickup],
    ink: &InkRule,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), OpError> {
    actor.ensure_may_perform(Action::Sign)?;
    actor.ensure_assignee(wo)?;
    if wo.signoff.is_some() {
        return Err(OpError::SignedReadOnly {
            number: wo.number.clone(),
            field: "signoff".into(),
        });
    }
    let from = wo.status;
    let to = transition(from, Action::Sign, None)?;
    ensure_work_recorded(wo, Action::Sign)?;
    check_input(&input, ink)?;
    let blockers = sign_blockers(&picked_lines(&wo.id, pickups));
    if !blockers.is_empty() {
        return Err(OpError::SignBlocked { blockers });
    }
    if let Some(ov) = &wo.charge_override {
        if charges.total_fen != ov.amount_fen {
            return Err(OpError::Invalid(
                "the charges shown do not include the override recorded on the order".into(),
            ));
        }
    }
    let mut signoff = SignOff {
        signer: input.signer.trim().to_owned(),
        signed_at: now.into(),
        opinion: input.opinion,
        satisfaction: input.satisfaction,
        matches_agreed_items: input.matches_agreed_items,
        strokes: input.strokes,
        charges_json: serde_json::to_string(charges).expect("charges serialise"),
        content_hash: String::new(),
    };
    seal(wo, &mut signoff);
    wo.signoff = Some(signoff);
    wo.status = to;
    record(wo, from, Action::Sign, &actor.name, now);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocKind, Ts};
    use crate::ops::record::{
        set_charge_override, update_order, update_service, OrderPatch, ServicePatch,
    };
    use crate::ops::work_order::tests::{assigned, office, resolved, t0, yang};
    use crate::rules::state::Status;
    use crate::rules::{compute_charges, ChargeInput, RulesConfig, Tier};
    use crate::signoff::{verify, SignatureCheck};

    fn charges() -> Charges {
        let input = ChargeInput {
            tier: Tier::InWarranty,
            contract: None,
            labour_minutes: 60,
            parts: vec![],
            travel_fen: 0,
            lodging_fen: 0,
        };
        compute_charges(&input, &RulesConfig::default())
    }

    fn ink() -> InkRule {
        InkRule::default()
    }

    pub fn input() -> SignInput {
        SignInput {
            signer: "王主任".into(),
            opinion: "满意".into(),
            satisfaction: 5,
            matches_agreed_items: true,
            strokes: crate::testing::signature(),
        }
    }

    fn pickup(wo: &WorkOrder, qty: i64, used: i64, returned: i64) -> Pickup {
        Pickup {
            id: DocId::with_suffix(DocKind::Pickup, "p1"),
            part_id: DocId::with_suffix(DocKind::Part, "PS-100"),
            part_no: "PS-100".into(),
            name: "电源模块".into(),
            qty,
            serials: vec![],
            work_order_id: wo.id.clone(),
            work_order_no: wo.number.clone(),
            engineer: "yangjinwei".into(),
            warehouse: "main".into(),
            picked_at: Ts::from(t0()),
            used,
            returned,
            confirmed: None,
            return_confirmed: None,
        }
    }

    #[test]
    fn signing_seals_the_content_and_moves_to_signed() {
        let mut wo = resolved();
        let p = pickup(&wo, 2, 1, 1);
        sign(&mut wo, input(), &charges(), &[p], &ink(), &yang(), t0()).unwrap();
        assert_eq!(wo.status, Status::Signed);
        assert_eq!(verify(&wo), SignatureCheck::Valid);
        let s = wo.signoff.as_ref().unwrap();
        assert_eq!(
            serde_json::from_str::<Charges>(&s.charges_json).unwrap(),
            charges()
        );
        assert_eq!(wo.history.last().unwrap().action, "sign");
    }

    #[test]
    fn an_outstanding_picked_part_blocks_signing() {
        let mut wo = resolved();
        let p = pickup(&wo, 3, 1, 0);
        let err = sign(&mut wo, input(), &charges(), &[p], &ink(), &yang(), t0()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot sign: part PS-100: 2 picked but neither used nor returned"
        );
        assert!(matches!(err, OpError::SignBlocked { ref blockers } if blockers.len() == 1));
        assert_eq!(wo.status, Status::Resolved);
        assert!(wo.signoff.is_none());
    }

    #[test]
    fn only_a_resolved_order_with_a_signer_and_a_signature_is_signed() {
        let mut wo = assigned();
        let err = sign(&mut wo, input(), &charges(), &[], &ink(), &yang(), t0()).unwrap_err();
        assert_eq!(err.to_string(), "cannot sign: work order is assigned");
        let mut wo = resolved();
        let no_name = SignInput {
            signer: " ".into(),
            ..input()
        };
        assert_eq!(
            sign(&mut wo, no_name, &charges(), &[], &ink(), &yang(), t0())
                .unwrap_err()
                .to_string(),
            "the signer's name is required"
        );
        let no_strokes = SignInput {
            strokes: vec![],
            ..input()
        };
        assert!(sign(&mut wo, no_strokes, &charges(), &[], &ink(), &yang(), t0()).is_err());
        let bad = SignInput {
            satisfaction: 6,
            ..input()
        };
        assert!(sign(&mut wo, bad, &charges(), &[], &ink(), &yang(), t0()).is_err());
    }

    #[test]
    fn edits_to_signed_content_after_signing_are_refused() {
        let mut wo = resolved();
        sign(&mut wo, input(), &charges(), &[], &ink(), &yang(), t0()).unwrap();
        let before = wo.clone();
        let p = ServicePatch {
            work_done: Some("改过".into()),
            ..Default::default()
        };
        let err = update_service(&mut wo, p, &office()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "work order WO-2026-01-000001 is signed: service.work_done can no longer be changed"
        );
        assert!(matches!(
            set_charge_override(&mut wo, 1, "x", &office(), t0()),
            Err(OpError::SignedReadOnly { .. })
        ));
        let p = OrderPatch {
            fault: Some("x".into()),
            ..Default::default()
        };
        assert!(matches!(
            update_order(&mut wo, p, &office()),
            Err(OpError::SignedReadOnly { .. })
        ));
        assert!(matches!(
            sign(&mut wo, input(), &charges(), &[], &ink(), &yang(), t0()),
            Err(OpError::SignedReadOnly { .. })
        ));
        assert_eq!(wo, before);
        // The order's details are closed too once signed (issue 13) …
        let p = OrderPatch {
            priority: Some(crate::model::Priority::P4),
            ..Default::default()
        };
        assert!(matches!(
            update_order(&mut wo, p, &office()),
            Err(OpError::SignedReadOnly { .. })
        ));
        // … but a note is outside the signed content: allowed, the seal holds.
        crate::ops::add_note(&mut wo, "已回访", &office(), t0()).unwrap();
        assert_eq!(verify(&wo), SignatureCheck::Valid);
    }

    #[test]
    fn filing_needs_a_valid_seal() {
        let mut wo = resolved();
        sign(&mut wo, input(), &charges(), &[], &ink(), &yang(), t0()).unwrap();
        let mut tampered = wo.clone();
        tampered.service.work_done = "bypassed ops".into();
        assert!(crate::ops::record_filing(&mut tampered, t0(), "sync", "server").is_err());
        crate::ops::record_filing(&mut wo, t0(), "sync", "server").unwrap();
        assert_eq!(wo.status, Status::Filed);
        assert_eq!(wo.filing.as_ref().unwrap().via, "sync");
    }
}
