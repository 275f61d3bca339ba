//! The itemised charge shown to the customer before signing: one line per
//! labour, part, travel and lodging item, each with its basis, from the
//! warranty tier or — when there is one — the maintenance contract's terms;
//! plus the engineer's override, which needs a written reason.
//!
//! Choices recorded here:
//! - Labour is billed per started quarter hour (1–15 min = 1 quarter); the
//!   hourly rate becomes a quarter-hour rate rounded to the nearest fen, so
//!   every line's amount is exactly `qty × unit_fen`.
//! - Free items show `unit_fen = 0` and `amount_fen = 0` with basis `Free`.
//! - Lines with nothing in them (no labour minutes, zero travel or lodging)
//!   are left out; every part line is kept.
//! - Negative minutes, quantities and amounts in the input count as zero.
//! - Line descriptions are in Chinese (the signed record is the customer's);
//!   `kind` lets an English UI label lines itself.
//! - Overriding keeps the computed lines; only `total_fen` changes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::warranty::Tier;
use super::RulesConfig;

/// How a contract charges labour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum LabourTerm {
    Free,
    /// Fen per hour, billed per started quarter hour.
    RateFenPerHour(i64),
}

/// How a contract charges parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PartsTerm {
    Free,
    /// The part's unit cost 成本价.
    AtCost,
    /// The part's standard price.
    AtPrice,
}

/// A maintenance contract's own terms, which replace the warranty tier's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ContractTerms {
    pub labour: LabourTerm,
    pub parts: PartsTerm,
    pub travel_free: bool,
    pub lodging_free: bool,
}

/// A part used on the work order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PartLine {
    /// 料号.
    pub part_no: String,
    pub name: String,
    pub qty: i64,
    pub unit_cost_fen: i64,
    pub standard_price_fen: i64,
}

/// What the charge is computed from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ChargeInput {
    pub tier: Tier,
    /// The maintenance contract's terms, if the equipment is under one.
    pub contract: Option<ContractTerms>,
    pub labour_minutes: i64,
    pub parts: Vec<PartLine>,
    pub travel_fen: i64,
    pub lodging_fen: i64,
}

/// What a line is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ChargeKind {
    Labour,
    Part,
    Travel,
    Lodging,
}

/// Why a line costs what it costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Basis {
    /// Not charged.
    Free,
    /// Part at its unit cost.
    AtCost,
    /// Part at its standard price.
    AtPrice,
    /// Labour at the standard rate.
    StandardRate,
    /// Labour at the contract's rate.
    ContractRate,
    /// Travel or lodging passed on as incurred.
    Charged,
}

/// One line of the charge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ChargeLine {
    pub kind: ChargeKind,
    pub description: String,
    /// Quarter hours for labour, pieces for parts, 1 for travel and lodging.
    pub qty: i64,
    pub unit_fen: i64,
    /// Always `qty × unit_fen`.
    pub amount_fen: i64,
    pub basis: Basis,
}

/// The engineer's replacement total, with the written reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ChargeOverride {
    pub amount_fen: i64,
    pub reason: String,
    /// Who overrode (user id or name).
    pub by: String,
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
}

/// The itemised charge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Charges {
    pub tier: Tier,
    /// Computed from a contract's terms rather than the tier's.
    pub under_contract: bool,
    pub lines: Vec<ChargeLine>,
    /// The sum of the lines, or the override's amount when overridden.
    pub total_fen: i64,
    #[serde(rename = "override")]
    pub override_: Option<ChargeOverride>,
}

impl Charges {
    /// The sum of the computed lines, whatever the override says.
    pub fn computed_total_fen(&self) -> i64 {
        self.lines.iter().map(|l| l.amount_fen).sum()
    }
}

/// Why an override was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChargeError {
    /// The override has no written reason (empty or only whitespace).
    #[error("a charge can only be overridden with a written reason")]
    ReasonRequired,
    /// The override amount is below zero.
    #[error("the overridden charge cannot be negative ({amount_fen} fen)")]
    NegativeAmount {
        /// The refused amount.
        amount_fen: i64,
    },
}

/// Labour billing: free, or a rate per hour with its basis.
enum Labour {
    Free,
    Rate(i64, Basis),
}

/// The terms one charge is computed under.
struct Terms {
    labour: Labour,
    parts: PartsTerm,
    travel_free: bool,
    lodging_free: bool,
}

fn tier_terms(tier: Tier, cfg: &RulesConfig) -> Terms {
    let (labour, parts, travel_lodging_free) = match tier {
        Tier::InWarranty => (Labour::Free, PartsTerm::Free, true),
        Tier::Extended1 => (Labour::Free, PartsTerm::AtCost, true),
        Tier::Extended2 => (Labour::Free, PartsTerm::AtCost, false),
        Tier::OutOfWarranty => (
            Labour::Rate(cfg.rates.labour_fen_per_hour, Basis::StandardRate),
            PartsTerm::AtPrice,
            false,
        ),
    };
    Terms {
        labour,
        parts,
        travel_free: travel_lodging_free,
        lodging_free: travel_lodging_free,
    }
}

fn contract_terms(c: &ContractTerms) -> Terms {
    Terms {
        labour: match c.labour {
            LabourTerm::Free => Labour::Free,
            LabourTerm::RateFenPerHour(r) => Labour::Rate(r, Basis::ContractRate),
        },
        parts: c.parts,
        travel_free: c.travel_free,
        lodging_free: c.lodging_free,
    }
}

/// Started quarter hours in `minutes`.
pub fn quarter_hours(minutes: i64) -> i64 {
    (minutes.max(0) + 14) / 15
}

/// An hourly rate per quarter hour, rounded half up to the fen.
fn per_quarter(fen_per_hour: i64) -> i64 {
    (fen_per_hour.max(0) + 2) / 4
}

fn line(
    kind: ChargeKind,
    description: String,
    qty: i64,
    unit_fen: i64,
    basis: Basis,
) -> ChargeLine {
    let unit_fen = if basis == Basis::Free {
        0
    } else {
        unit_fen.max(0)
    };
    ChargeLine {
        kind,
        description,
        qty,
        unit_fen,
        amount_fen: qty * unit_fen,
        basis,
    }
}

fn labour_line(minutes: i64, labour: &Labour) -> Option<ChargeLine> {
    let qty = quarter_hours(minutes);
    if qty == 0 {
        return None;
    }
    let description = format!("工时 {}×15分钟", qty);
    Some(match *labour {
        Labour::Free => line(ChargeKind::Labour, description, qty, 0, Basis::Free),
        Labour::Rate(r, basis) => line(ChargeKind::Labour, description, qty, per_quarter(r), basis),
    })
}

fn part_line(p: &PartLine, term: PartsTerm) -> ChargeLine {
    let (unit, basis) = match term {
        PartsTerm::Free => (0, Basis::Free),
        PartsTerm::AtCost => (p.unit_cost_fen, Basis::AtCost),
        PartsTerm::AtPrice => (p.standard_price_fen, Basis::AtPrice),
    };
    let description = format!("{} {}", p.part_no, p.name).trim().to_owned();
    line(ChargeKind::Part, description, p.qty.max(0), unit, basis)
}

fn expense_line(kind: ChargeKind, label: &str, fen: i64, free: bool) -> Option<ChargeLine> {
    (fen > 0).then(|| {
        let basis = if free { Basis::Free } else { Basis::Charged };
        line(kind, label.to_owned(), 1, fen, basis)
    })
}

/// Compute the itemised charge.
pub fn compute_charges(input: &ChargeInput, cfg: &RulesConfig) -> Charges {
    let terms = match &input.contract {
        Some(c) => contract_terms(c),
        None => tier_terms(input.tier, cfg),
    };
    let mut lines = Vec::new();
    lines.extend(labour_line(input.labour_minutes, &terms.labour));
    lines.extend(input.parts.iter().map(|p| part_line(p, terms.parts)));
    lines.extend(expense_line(
        ChargeKind::Travel,
        "交通费",
        input.travel_fen,
        terms.travel_free,
    ));
    lines.extend(expense_line(
        ChargeKind::Lodging,
        "住宿费",
        input.lodging_fen,
        terms.lodging_free,
    ));
    let total_fen = lines.iter().map(|l| l.amount_fen).sum();
    Charges {
        tier: input.tier,
        under_contract: input.contract.is_some(),
        lines,
        total_fen,
        override_: None,
    }
}

/// Replace the total with the engineer's amount. The reason must be written
/// out and the amount must not be negative; the computed lines stay.
pub fn apply_override(charges: Charges, ov: ChargeOverride) -> Result<Charges, ChargeError> {
    if ov.reason.trim().is_empty() {
        return Err(ChargeError::ReasonRequired);
    }
    if ov.amount_fen < 0 {
        return Err(ChargeError::NegativeAmount {
            amount_fen: ov.amount_fen,
        });
    }
    Ok(Charges {
        total_fen: ov.amount_fen,
        override_: Some(ov),
        ..charges
    })
}

#[cfg(test)]
mod tests;
