//! The warehouse's reads of the projections: the stock list of one
//! warehouse or all, retired parts last; the pickups awaiting the
//! storekeeper's confirmation; the pickups with units neither used nor
//! returned; one pickup's row.

use rusqlite::types::Value;

use super::{pickup_row, stock_row, PICKUP_COLS, PICKUP_FROM};
use crate::model::DocId;
use crate::store::device::Store;
use crate::store::error::Result;
use crate::store::{PickupRow, StockRow};

impl Store {
    /// Every part's stock in `warehouse` (every warehouse when `None`):
    /// active parts first, then by part number.
    pub fn list_stock(&self, warehouse: Option<&str>) -> Result<Vec<StockRow>> {
        self.rows(
            "SELECT part_id, part_no, name, warehouse, qty, low_threshold, unit_cost_fen,
                    standard_price_fen, unit, retired
             FROM stock_list WHERE (?1 IS NULL OR warehouse = ?1)
             ORDER BY retired, part_no, part_id, warehouse",
            vec![warehouse.map_or(Value::Null, |w| Value::Text(w.into()))],
            stock_row,
        )
    }

    /// Pickups whose pickup or returns are awaiting confirmation or
    /// disputed, oldest first.
    pub fn awaiting_confirmation(&self) -> Result<Vec<PickupRow>> {
        self.rows(
            &format!(
                "SELECT {PICKUP_COLS} {PICKUP_FROM}
                 WHERE p.pickup_state IN ('awaiting', 'disputed')
                    OR p.return_state IN ('awaiting', 'disputed')
                 ORDER BY p.picked_at, p.id"
            ),
            vec![],
            pickup_row,
        )
    }

    /// Pickups with units neither used nor returned (only `engineer`'s
    /// when given), by engineer, oldest first.
    pub fn outstanding_pickups(&self, engineer: Option<&str>) -> Result<Vec<PickupRow>> {
        self.rows(
            &format!(
                "SELECT {PICKUP_COLS} {PICKUP_FROM}
                 WHERE p.qty - p.used - p.returned > 0 AND (?1 IS NULL OR p.engineer = ?1)
                 ORDER BY p.engineer, p.picked_at, p.id"
            ),
            vec![engineer.map_or(Value::Null, |e| Value::Text(e.into()))],
            pickup_row,
        )
    }

    /// One pickup's row, if projected.
    pub fn pickup_row(&self, id: &DocId) -> Result<Option<PickupRow>> {
        Ok(self
            .rows(
                &format!("SELECT {PICKUP_COLS} {PICKUP_FROM} WHERE p.id = ?1"),
                vec![Value::Text(id.as_str().into())],
                pickup_row,
            )?
            .pop())
    }
}
