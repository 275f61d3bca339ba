//! Spare-part accounting rules: how a stock count is flagged (negative
//! stock is flagged, never clamped), and which picked parts still block a
//! customer sign-off because they are neither used nor returned.
//!
//! Choice recorded here: a count at or below the low threshold is `Low`
//! (so an empty shelf with threshold 0 is `Low`); below zero is `Negative`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How a stock count looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StockLevel {
    Ok,
    /// At or below the low threshold.
    Low,
    /// Below zero: more recorded out than in (e.g. pickups merged from
    /// several offline devices); shown, never clamped.
    Negative,
}

/// A warehouse 仓库 of the company settings: the key of a part's stock
/// counter and what people read.
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    TS,
    autosurgeon::Hydrate,
    autosurgeon::Reconcile,
)]
#[ts(export)]
pub struct Warehouse {
    /// `[a-z0-9-]{1,20}`: the stock counter's key (`main`, `branch`).
    pub code: String,
    /// The name shown ("总库", "分库").
    pub name: String,
}

impl Warehouse {
    /// The default warehouse, `main` 总库.
    pub fn main() -> Warehouse {
        Warehouse {
            code: "main".into(),
            name: "总库".into(),
        }
    }
}

/// Flag a stock count.
pub fn stock_level(qty: i64, low_threshold: i64) -> StockLevel {
    if qty < 0 {
        StockLevel::Negative
    } else if qty <= low_threshold {
        StockLevel::Low
    } else {
        StockLevel::Ok
    }
}

/// One part picked up for a work order, with what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PickedLine {
    pub pickup_id: String,
    /// 料号.
    pub part_no: String,
    pub picked: i64,
    pub used: i64,
    pub returned: i64,
}

impl PickedLine {
    /// `picked − used − returned`: positive when parts are unaccounted for,
    /// negative when more is recorded used or returned than was picked.
    pub fn outstanding(&self) -> i64 {
        self.picked - self.used - self.returned
    }
}

/// A picked part that stops the work order from being signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SignBlocker {
    pub pickup_id: String,
    pub part_no: String,
    /// `picked − used − returned` (never 0 here).
    pub outstanding: i64,
    /// What to fix, for people.
    pub message: String,
}

/// Every picked line whose parts are not exactly accounted for, in input
/// order. An empty list means the picked parts do not block signing.
pub fn sign_blockers(lines: &[PickedLine]) -> Vec<SignBlocker> {
    lines
        .iter()
        .filter(|l| l.outstanding() != 0)
        .map(|l| {
            let n = l.outstanding();
            let message = if n > 0 {
                format!("part {}: {} picked but neither used nor returned", l.part_no, n)
            } else {
                format!(
                    "part {}: {} more used or returned than picked (picked {}, used {}, returned {})",
                    l.part_no, -n, l.picked, l.used, l.returned
                )
            };
            SignBlocker {
                pickup_id: l.pickup_id.clone(),
                part_no: l.part_no.clone(),
                outstanding: n,
                message,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pl(id: &str, picked: i64, used: i64, returned: i64) -> PickedLine {
        PickedLine {
            pickup_id: id.into(),
            part_no: format!("P-{id}"),
            picked,
            used,
            returned,
        }
    }

    #[test]
    fn levels() {
        assert_eq!(stock_level(5, 2), StockLevel::Ok);
        assert_eq!(stock_level(3, 2), StockLevel::Ok);
        assert_eq!(stock_level(2, 2), StockLevel::Low);
        assert_eq!(stock_level(0, 0), StockLevel::Low);
        assert_eq!(stock_level(1, 0), StockLevel::Ok);
        assert_eq!(stock_level(-1, 2), StockLevel::Negative);
        assert_eq!(stock_level(-1, -5), StockLevel::Negative);
    }

    #[test]
    fn fully_accounted_lines_do_not_block() {
        let lines = [
            pl("1", 3, 3, 0),
            pl("2", 2, 0, 2),
            pl("3", 4, 1, 3),
            pl("4", 0, 0, 0),
        ];
        assert!(sign_blockers(&lines).is_empty());
    }

    #[test]
    fn outstanding_and_over_accounted_lines_block() {
        let lines = [pl("1", 3, 1, 0), pl("2", 2, 2, 0), pl("3", 2, 2, 1)];
        let b = sign_blockers(&lines);
        assert_eq!(b.len(), 2);
        assert_eq!((b[0].pickup_id.as_str(), b[0].outstanding), ("1", 2));
        assert_eq!(
            b[0].message,
            "part P-1: 2 picked but neither used nor returned"
        );
        assert_eq!((b[1].pickup_id.as_str(), b[1].outstanding), ("3", -1));
        assert!(b[1]
            .message
            .starts_with("part P-3: 1 more used or returned than picked"));
    }

    #[test]
    fn serde_names() {
        assert_eq!(
            serde_json::to_value(StockLevel::Negative).unwrap(),
            "negative"
        );
    }
}
