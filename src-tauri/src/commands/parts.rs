//! Spare parts: `pickup_parts`, `mark_part`, `list_stock`.

use onsite_core::service::args::{check_warehouse, serials};
use onsite_core::service::{ApiError, StockItem, WorkOrderView};
use tauri::State;

use super::doc_id;
use crate::app_state::AppState;

/// Picks parts up for a work order (from the main warehouse: another
/// `warehouse` is refused rather than booked wrongly).
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
    check_warehouse(warehouse.as_deref())?;
    let serials = self::serials(serials);
    state.edit(|d| d.pickup_parts(&wo, &part, qty, serials))
}

edits! {
    /// Marks units of a pickup used and/or returned (absolute quantities).
    mark_part(pickup_id: String, used: i64, returned: i64) -> WorkOrderView =>
        |d| d.mark_part(&doc_id("pickupId", &pickup_id)?, used, returned);
}

/// Every part's stock per warehouse.
#[tauri::command(async)]
pub fn list_stock(state: State<'_, AppState>) -> Result<Vec<StockItem>, ApiError> {
    state.with(|d| d.list_stock())
}
