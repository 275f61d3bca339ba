//! The parts warehouse 备件库: the catalogue (`add_part`, `edit_part`,
//! `part_view`), the warehouses (`list_warehouses`), goods received and
//! stocktakes (`receive_goods`, `stocktake`), confirming pickups and
//! returns (`awaiting_confirmation`, `confirm_pickup`, `confirm_return`)
//! and the parts engineers still hold (`outstanding_parts`). The rules and
//! checks are `onsite_core::warehouse`'s.

use onsite_core::service::{ApiError, OutstandingRow};
use onsite_core::settings::Warehouse;
use onsite_core::store::PickupRow;
use onsite_core::warehouse::{NewPart, PartEdit, PartView};
use tauri::State;

use super::doc_id;
use crate::app_state::AppState;

/// The company's warehouses, in settings order.
#[tauri::command(async)]
pub fn list_warehouses(state: State<'_, AppState>) -> Result<Vec<Warehouse>, ApiError> {
    state.with(|d| d.warehouses())
}

/// One part: its catalogue fields, stock per warehouse and movements.
#[tauri::command(async)]
pub fn part_view(state: State<'_, AppState>, part_id: String) -> Result<PartView, ApiError> {
    let id = doc_id("partId", &part_id)?;
    state.with(|d| d.part_view(&id))
}

/// Pickups and returns awaiting the storekeeper's confirmation, or disputed.
#[tauri::command(async)]
pub fn awaiting_confirmation(state: State<'_, AppState>) -> Result<Vec<PickupRow>, ApiError> {
    state.with(|d| d.awaiting_confirmation())
}

/// Parts picked and neither used nor returned, per engineer, with age.
#[tauri::command(async)]
pub fn outstanding_parts(state: State<'_, AppState>) -> Result<Vec<OutstandingRow>, ApiError> {
    state.with(|d| d.outstanding_parts())
}

edits! {
    /// A new part in the catalogue (storekeeper, office).
    add_part(part: NewPart) -> PartView => |d| d.add_part(part);
    /// Changes a part's catalogue fields (not its number).
    edit_part(part_id: String, edit: PartEdit) -> PartView =>
        |d| d.edit_part(&doc_id("partId", &part_id)?, edit);
    /// Goods received into a warehouse.
    receive_goods(part_id: String, warehouse: String, qty: i64, reason: String) -> PartView =>
        |d| d.receive_goods(&doc_id("partId", &part_id)?, &warehouse, qty, &reason);
    /// A stocktake: the counted quantity in a warehouse, with the reason.
    stocktake(part_id: String, warehouse: String, counted: i64, reason: String) -> PartView =>
        |d| d.stocktake(&doc_id("partId", &part_id)?, &warehouse, counted, &reason);
    /// Confirms a pickup with the counted quantity.
    confirm_pickup(pickup_id: String, counted: i64) -> PickupRow =>
        |d| d.confirm_pickup(&doc_id("pickupId", &pickup_id)?, counted);
    /// Confirms the returned units with the counted quantity.
    confirm_return(pickup_id: String, counted: i64) -> PickupRow =>
        |d| d.confirm_return(&doc_id("pickupId", &pickup_id)?, counted);
}
