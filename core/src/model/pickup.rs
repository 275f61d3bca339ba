//! A spare-part pickup 领取备件: parts an engineer took from a warehouse for
//! a work order, and how many were used or returned since.

use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ids::DocId;
use super::scalars::{hydrate_i64, Ts};
use super::tolerant::or_empty;

/// A pickup document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Hydrate, Reconcile)]
#[ts(export)]
pub struct Pickup {
    /// `pickup:<ulid>`.
    pub id: DocId,
    /// The part document.
    pub part_id: DocId,
    /// Part number 料号.
    pub part_no: String,
    /// Part name.
    pub name: String,
    /// Quantity picked up.
    #[autosurgeon(hydrate = "hydrate_i64")]
    pub qty: i64,
    /// Serial numbers of the units, where they have them.
    #[autosurgeon(hydrate = "or_empty")]
    pub serials: Vec<String>,
    /// The work order they are for.
    pub work_order_id: DocId,
    /// Its number, as people read it (the storekeeper's device does not
    /// hold work orders; empty in pickups written before it was kept).
    #[autosurgeon(hydrate = "or_empty")]
    #[serde(default)]
    pub work_order_no: String,
    /// The engineer (user name) who picked them up.
    pub engineer: String,
    /// The warehouse.
    pub warehouse: String,
    /// When.
    pub picked_at: Ts,
    /// Quantity used on the work order.
    #[autosurgeon(hydrate = "hydrate_i64")]
    pub used: i64,
    /// Quantity returned to the warehouse.
    #[autosurgeon(hydrate = "hydrate_i64")]
    pub returned: i64,
    /// The storekeeper's (or office's) confirmation of the pickup.
    #[autosurgeon(hydrate = "or_empty")]
    pub confirmed: Option<Confirmation>,
    /// The confirmation of the units returned (of `returned` when confirmed).
    #[autosurgeon(hydrate = "or_empty")]
    pub return_confirmed: Option<Confirmation>,
}

/// Who counted what, when confirming a pickup or its return. Confirming
/// moves no stock: a disputed count is settled by talking and, if needed,
/// a stocktake.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, Hydrate, Reconcile)]
#[ts(export)]
pub struct Confirmation {
    /// Who confirmed (user name).
    pub by: String,
    /// When.
    pub at: Ts,
    /// What the pickup said: its `qty`, or for a return its `returned`.
    #[autosurgeon(hydrate = "hydrate_i64")]
    pub claimed: i64,
    /// What the storekeeper counted.
    #[autosurgeon(hydrate = "hydrate_i64")]
    pub counted: i64,
}

impl Pickup {
    /// Units neither used nor returned (negative when over-accounted).
    pub fn outstanding(&self) -> i64 {
        self.qty - self.used - self.returned
    }
}
