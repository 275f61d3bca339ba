//! Tests of the charge lines and totals: labour by the quarter hour,
//! parts, warranty tiers, contracts and overrides.

use super::*;

fn part(qty: i64) -> PartLine {
    PartLine {
        part_no: "P-100".into(),
        name: "电源模块".into(),
        qty,
        unit_cost_fen: 3_000,
        standard_price_fen: 5_000,
    }
}
fn input(tier: Tier) -> ChargeInput {
    ChargeInput {
        tier,
        contract: None,
        labour_minutes: 70, // 5 started quarter hours
        parts: vec![part(2)],
        travel_fen: 8_000,
        lodging_fen: 20_000,
    }
}
fn amounts(c: &Charges) -> Vec<(ChargeKind, i64, Basis)> {
    c.lines
        .iter()
        .map(|l| (l.kind, l.amount_fen, l.basis))
        .collect()
}
use Basis as B;
use ChargeKind as K;

/// A tier, its four lines (kind, amount, basis) and the total.
type TierCase = (Tier, [(ChargeKind, i64, Basis); 4], i64);

/// The lines and total of each warranty tier for the same visit: 70 min
/// labour, two parts (cost 30.00, price 50.00 each), travel 80.00,
/// lodging 200.00.
#[rustfmt::skip]
const TIERS: &[TierCase] = &[
    // In warranty everything is free.
    (Tier::InWarranty, [(K::Labour, 0, B::Free), (K::Part, 0, B::Free), (K::Travel, 0, B::Free), (K::Lodging, 0, B::Free)], 0),
    // Extended 1: parts at cost only.
    (Tier::Extended1, [(K::Labour, 0, B::Free), (K::Part, 6_000, B::AtCost), (K::Travel, 0, B::Free), (K::Lodging, 0, B::Free)], 6_000),
    // Extended 2: parts at cost plus travel and lodging.
    (Tier::Extended2, [(K::Labour, 0, B::Free), (K::Part, 6_000, B::AtCost), (K::Travel, 8_000, B::Charged), (K::Lodging, 20_000, B::Charged)], 34_000),
];

#[test]
fn warranty_tiers_charge_their_lines() {
    for (tier, lines, total) in TIERS {
        let c = compute_charges(&input(*tier), &RulesConfig::default());
        assert_eq!(amounts(&c), lines.to_vec(), "{tier:?}");
        assert_eq!(c.total_fen, *total, "{tier:?}");
        assert!(!c.under_contract);
    }
}

#[test]
fn out_of_warranty_standard_rate_and_price() {
    let c = compute_charges(&input(Tier::OutOfWarranty), &RulesConfig::default());
    // 70 min → 5 quarters × 50.00 yuan.
    let labour = &c.lines[0];
    assert_eq!(
        (labour.qty, labour.unit_fen, labour.amount_fen),
        (5, 5_000, 25_000)
    );
    assert_eq!(labour.basis, B::StandardRate);
    assert_eq!(labour.description, "工时 5×15分钟");
    assert_eq!(c.lines[1].description, "P-100 电源模块");
    assert_eq!(
        (c.lines[1].unit_fen, c.lines[1].amount_fen),
        (5_000, 10_000)
    );
    assert_eq!(c.total_fen, 25_000 + 10_000 + 8_000 + 20_000);
}

#[test]
fn labour_per_started_quarter_hour() {
    assert_eq!(quarter_hours(0), 0);
    assert_eq!(quarter_hours(1), 1);
    assert_eq!(quarter_hours(15), 1);
    assert_eq!(quarter_hours(16), 2);
    assert_eq!(quarter_hours(60), 4);
    assert_eq!(quarter_hours(-5), 0);
    let mut i = input(Tier::OutOfWarranty);
    i.labour_minutes = 0;
    let c = compute_charges(&i, &RulesConfig::default());
    assert!(
        c.lines.iter().all(|l| l.kind != K::Labour),
        "no labour line without labour"
    );
}

#[test]
fn odd_hourly_rate_rounds_per_quarter_and_lines_stay_consistent() {
    let mut cfg = RulesConfig::default();
    cfg.rates.labour_fen_per_hour = 15_002; // 3750.5 per quarter → 3751
    let mut i = input(Tier::OutOfWarranty);
    i.labour_minutes = 60;
    let c = compute_charges(&i, &cfg);
    assert_eq!(
        (c.lines[0].unit_fen, c.lines[0].amount_fen),
        (3_751, 15_004)
    );
    for l in &c.lines {
        assert_eq!(l.amount_fen, l.qty * l.unit_fen);
    }
}

#[test]
fn contract_overrides_the_tier() {
    let mut i = input(Tier::OutOfWarranty);
    i.contract = Some(ContractTerms {
        labour: LabourTerm::RateFenPerHour(12_000),
        parts: PartsTerm::AtCost,
        travel_free: true,
        lodging_free: false,
    });
    let c = compute_charges(&i, &RulesConfig::default());
    assert!(c.under_contract);
    assert_eq!(c.tier, Tier::OutOfWarranty);
    assert_eq!(
        amounts(&c),
        vec![
            (K::Labour, 15_000, B::ContractRate),
            (K::Part, 6_000, B::AtCost),
            (K::Travel, 0, B::Free),
            (K::Lodging, 20_000, B::Charged)
        ]
    );
    // A contract can also be worse for the customer than the tier.
    let mut i = input(Tier::InWarranty);
    i.contract = Some(ContractTerms {
        labour: LabourTerm::Free,
        parts: PartsTerm::AtPrice,
        travel_free: false,
        lodging_free: true,
    });
    let c = compute_charges(&i, &RulesConfig::default());
    assert_eq!(c.total_fen, 10_000 + 8_000);
}

#[test]
fn empty_expenses_leave_no_line_negative_inputs_count_as_zero() {
    let mut i = input(Tier::OutOfWarranty);
    i.travel_fen = 0;
    i.lodging_fen = -100;
    i.parts = vec![part(-3)];
    let c = compute_charges(&i, &RulesConfig::default());
    assert_eq!(
        amounts(&c),
        vec![
            (K::Labour, 25_000, B::StandardRate),
            (K::Part, 0, B::AtPrice)
        ]
    );
}

fn ov(amount_fen: i64, reason: &str) -> ChargeOverride {
    ChargeOverride {
        amount_fen,
        reason: reason.into(),
        by: "eng-1".into(),
        at: "2026-03-04T10:00:00Z".parse().unwrap(),
    }
}

#[test]
fn override_needs_a_reason_and_keeps_the_lines() {
    let c = compute_charges(&input(Tier::OutOfWarranty), &RulesConfig::default());
    assert_eq!(
        apply_override(c.clone(), ov(0, "")),
        Err(ChargeError::ReasonRequired)
    );
    assert_eq!(
        apply_override(c.clone(), ov(0, " \t\n　")),
        Err(ChargeError::ReasonRequired)
    );
    assert_eq!(
        apply_override(c.clone(), ov(-1, "goodwill")),
        Err(ChargeError::NegativeAmount { amount_fen: -1 })
    );
    let o = apply_override(c.clone(), ov(50_000, "客户长期合作，优惠")).unwrap();
    assert_eq!(o.total_fen, 50_000);
    assert_eq!(o.lines, c.lines);
    assert_eq!(o.computed_total_fen(), c.total_fen);
    assert_eq!(o.override_.as_ref().unwrap().reason, "客户长期合作，优惠");
    let zero = apply_override(c, ov(0, "warranty goodwill")).unwrap();
    assert_eq!(zero.total_fen, 0);
}

#[test]
fn serde_shape() {
    let c = compute_charges(&input(Tier::Extended1), &RulesConfig::default());
    let v = serde_json::to_value(&c).unwrap();
    assert_eq!(v["tier"], "extended1");
    assert_eq!(v["override"], serde_json::Value::Null);
    assert_eq!(v["lines"][1]["basis"], "at_cost");
    assert_eq!(v["lines"][1]["kind"], "part");
    let t = serde_json::to_value(LabourTerm::RateFenPerHour(100)).unwrap();
    assert_eq!(t, serde_json::json!({"rate_fen_per_hour": 100}));
}
