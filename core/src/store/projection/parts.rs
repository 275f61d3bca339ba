//! The projection rows of the parts: a pickup's list row with its
//! confirmation states (table `pickup_list`) and a part's stock rows, one
//! per warehouse counter (table `stock_list`).

use automerge::AutoCommit;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::doc;
use crate::model::{DocId, Part, Pickup, Ts, MAIN_WAREHOUSE};
use crate::rules::{stock_level, StockLevel};
use crate::warehouse::{pickup_state, return_state, ConfirmState};

/// A pickup as the lists show it (table `pickup_list`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PickupRow {
    /// `pickup:<ulid>`.
    pub id: DocId,
    /// The work order.
    pub work_order_id: DocId,
    /// The part document.
    pub part_id: DocId,
    /// Part number 料号.
    pub part_no: String,
    /// Part name.
    pub name: String,
    /// Warehouse picked from.
    pub warehouse: String,
    /// Quantity picked up.
    pub qty: i64,
    /// Quantity used.
    pub used: i64,
    /// Quantity returned.
    pub returned: i64,
    /// Engineer (user name).
    pub engineer: String,
    /// When.
    pub picked_at: Ts,
    /// Serial numbers of the units, where they have them.
    pub serials: Vec<String>,
    /// The work order's number (from the order on this device, else the
    /// pickup's own copy: the storekeeper's device holds no orders).
    pub work_order_no: String,
    /// The storekeeper's confirmation of the pickup.
    pub pickup_state: ConfirmState,
    /// The confirmation of its returns.
    pub return_state: ConfirmState,
    /// What the storekeeper counted when confirming the pickup.
    pub confirmed_counted: Option<i64>,
    /// What they counted when confirming the returns.
    pub return_counted: Option<i64>,
}

/// One part's stock in one warehouse (table `stock_list`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StockRow {
    /// `part:<part number>`.
    pub part_id: DocId,
    /// Part number 料号.
    pub part_no: String,
    /// Name.
    pub name: String,
    /// Warehouse.
    pub warehouse: String,
    /// Count (may be negative: flagged, never clamped).
    pub qty: i64,
    /// Low-stock threshold.
    pub low_threshold: i64,
    /// Unit cost, fen.
    pub unit_cost_fen: i64,
    /// Standard price, fen.
    pub standard_price_fen: i64,
    /// `rules::stock_level` of `qty` (not stored; computed on read).
    pub level: StockLevel,
    /// Unit 单位.
    pub unit: String,
    /// Retired 停用 (listed last, greyed).
    pub retired: bool,
}

pub(super) fn pickup_row(p: Pickup) -> PickupRow {
    PickupRow {
        pickup_state: pickup_state(&p),
        return_state: return_state(&p),
        confirmed_counted: p.confirmed.as_ref().map(|c| c.counted),
        return_counted: p.return_confirmed.as_ref().map(|c| c.counted),
        work_order_no: p.work_order_no,
        id: p.id,
        work_order_id: p.work_order_id,
        part_id: p.part_id,
        part_no: p.part_no,
        name: p.name,
        warehouse: p.warehouse,
        qty: p.qty,
        used: p.used,
        returned: p.returned,
        engineer: p.engineer,
        picked_at: p.picked_at,
        serials: p.serials,
    }
}

/// One row per warehouse counter; a part without counters still shows in
/// the main warehouse with 0, so the catalogue lists it.
pub(super) fn stock_rows(doc: &AutoCommit, part: Part) -> Vec<StockRow> {
    let mut stock = doc::read_stock(doc);
    if stock.is_empty() {
        stock.insert(MAIN_WAREHOUSE.to_string(), 0);
    }
    stock
        .into_iter()
        .map(|(warehouse, qty)| StockRow {
            part_id: part.id.clone(),
            part_no: part.part_no.clone(),
            name: part.name.clone(),
            warehouse,
            qty,
            low_threshold: part.low_threshold,
            unit_cost_fen: part.unit_cost_fen,
            standard_price_fen: part.standard_price_fen,
            level: stock_level(qty, part.low_threshold),
            unit: part.unit.clone(),
            retired: part.retired,
        })
        .collect()
}
