//! Spare parts on a work order: `pickup_parts`, `mark_part`, and the
//! stock list `list_stock`.

use onsite_core::service::args::serials;
use onsite_core::service::{ApiError, StockItem, WorkOrderView};
use tauri::State;

use super::doc_id;
use crate::app_state::AppState;

/// Picks parts up for a work order from a configured warehouse (`main`
/// when none is given; an unknown one is refused).
#[tauri::command(async)]
pub fn pickup_parts(
    state: State<'_, AppState>,
    work_order_id: String,
    part_id: String,
    qty: i64,
    serials: Option<Vec<String>>,
    warehouse: Option<String>,
) -> Result<WorkOrderView, ApiError> {
    let wo = doc_id("workOrderId", &work_order_id)?;
    let part = doc_id("partId", &part_id)?;
    let serials = self::serials(serials);
    state.edit(|d| d.pickup_parts(&wo, &part, qty, serials, warehouse))
}

edits! {
    /// Marks units of a pickup used and/or returned (absolute quantities).
    mark_part(pickup_id: String, used: i64, returned: i64) -> WorkOrderView =>
        |d| d.mark_part(&doc_id("pickupId", &pickup_id)?, used, returned);
}

/// Every part's stock per warehouse (one warehouse's when `warehouse` is
/// given).
#[tauri::command(async)]
pub fn list_stock(
    state: State<'_, AppState>,
    warehouse: Option<String>,
) -> Result<Vec<StockItem>, ApiError> {
    state.with(|d| d.list_stock(warehouse))
}
