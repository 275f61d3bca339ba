//! A spare part 备件 in the catalogue. Its stock per warehouse is a map of
//! Automerge counters (`stock.<warehouse>`) kept outside the typed struct so
//! concurrent pickups on offline devices add up; see `crate::doc::stock`.

use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ids::DocId;
use super::scalars::hydrate_i64;

/// The default warehouse name.
pub const MAIN_WAREHOUSE: &str = "main";

/// A part document's catalogue fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Hydrate, Reconcile)]
#[ts(export)]
pub struct Part {
    /// `part:<part number>`.
    pub id: DocId,
    /// Part number 料号.
    pub part_no: String,
    /// Name.
    pub name: String,
    /// Unit cost 成本价, fen.
    #[autosurgeon(hydrate = "hydrate_i64")]
    #[ts(type = "number")]
    pub unit_cost_fen: i64,
    /// Standard price, fen.
    #[autosurgeon(hydrate = "hydrate_i64")]
    #[ts(type = "number")]
    pub standard_price_fen: i64,
    /// Stock at or below this shows a low-stock warning.
    #[autosurgeon(hydrate = "hydrate_i64")]
    #[ts(type = "number")]
    pub low_threshold: i64,
}
