//! What the warehouse forms send: a new part for the catalogue, an edit of
//! one.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A new catalogue part (`add_part`). The part number becomes its id
/// (`part:<part_no>`) and cannot be changed afterwards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NewPart {
    /// Part number 料号 (unique; not editable).
    pub part_no: String,
    /// Name.
    pub name: String,
    /// Unit 单位 ("个"); may be empty.
    pub unit: String,
    /// Unit cost 成本价, fen (≥ 0).
    pub unit_cost_fen: i64,
    /// Standard price, fen (≥ 0).
    pub standard_price_fen: i64,
    /// Low-stock threshold (≥ 0).
    pub low_threshold: i64,
}

/// An edit of a part's catalogue fields (`edit_part`): each `Some` field
/// is set, `None` left as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PartEdit {
    /// Name.
    pub name: Option<String>,
    /// Unit.
    pub unit: Option<String>,
    /// Unit cost, fen.
    pub unit_cost_fen: Option<i64>,
    /// Standard price, fen.
    pub standard_price_fen: Option<i64>,
    /// Low-stock threshold.
    pub low_threshold: Option<i64>,
    /// Retire (`true`) or reactivate (`false`).
    pub retired: Option<bool>,
}
