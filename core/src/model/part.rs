//! A spare part 备件 in the catalogue. Its stock per warehouse is a map of
//! Automerge counters (`stock.<warehouse>`) kept outside the typed struct so
//! concurrent pickups on offline devices add up (see `crate::doc`), and
//! beside them the list `moves` of every counter change
//! (`crate::warehouse::moves`). The part number is the id: unique by
//! construction and never edited.

use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ids::DocId;
use super::scalars::hydrate_i64;
use super::tolerant::or_empty;

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
    pub unit_cost_fen: i64,
    /// Standard price, fen.
    #[autosurgeon(hydrate = "hydrate_i64")]
    pub standard_price_fen: i64,
    /// Stock at or below this shows a low-stock warning.
    #[autosurgeon(hydrate = "hydrate_i64")]
    pub low_threshold: i64,
    /// Unit 单位 ("个", "块"); may be empty.
    #[autosurgeon(hydrate = "or_empty")]
    #[serde(default)]
    pub unit: String,
    /// Retired 停用: listed greyed, no movements.
    #[autosurgeon(hydrate = "or_empty")]
    #[serde(default)]
    pub retired: bool,
}
