//! Work orders: lists, the detail view and every edit of one order
//! (`act`, `assign`, `update_order`, `update_service`, `add_note`, `set_charge_override`,
//! `sign`, `create_work_order`). Each edit returns the fresh view.

use onsite_core::ops::{NewWorkOrder, OrderPatch, ServicePatch, SignInput};
use onsite_core::rules::state::Action;
use onsite_core::service::{ApiError, WoFilter, WoListItem, WoPage, WorkOrderView};
use tauri::State;

use super::doc_id;
use crate::app_state::AppState;

/// One page of the work orders matching `filter` (an engineer sees only
/// their own): `filter.limit` rows (50 when unset) from `filter.offset`, and
/// the number of all matches.
#[tauri::command(async)]
pub fn list_work_orders(
    state: State<'_, AppState>,
    filter: Option<WoFilter>,
) -> Result<WoPage, ApiError> {
    let page = state.with(|d| d.work_order_page(filter.unwrap_or_default()))?;
    let rows = page.items.len();
    tracing::info!(rows, total = page.total, "list_work_orders");
    Ok(page)
}

/// The UI reports that its first list of `rows` work orders is on screen
/// (the list view calls this once, on the tick after its rows are set).
/// Logged once per launch as `first list rendered` — the mark the
/// cold-start benchmark (bench/src/app.rs) waits for.
#[tauri::command]
pub fn ui_ready(rows: usize) {
    static FIRST: std::sync::Once = std::sync::Once::new();
    FIRST.call_once(|| tracing::info!(rows, "first list rendered"));
}

reads! {
    /// Signed records not filed yet.
    list_to_file() -> Vec<WoListItem> => |d| d.list_to_file();
    /// One work order with everything the detail screen shows; opening it
    /// clears its "new" mark for the user.
    get_work_order(id: String) -> WorkOrderView => |d| d.open_work_order(&doc_id("id", &id)?);
}

edits! {
    /// A lifecycle action (respond, depart, arrive, …, close, cancel).
    act(id: String, action: Action) -> WorkOrderView => |d| d.act(&doc_id("id", &id)?, action);
    /// Assigns or reassigns the order (office).
    assign(id: String, engineer: String) -> WorkOrderView =>
        |d| d.assign(&doc_id("id", &id)?, engineer.trim());
    /// Changes the order's details after creation: priority, fault, repair
    /// items, estimate, appointment, visit (fields left out stay as they
    /// are); refused once signed.
    update_order(id: String, patch: OrderPatch) -> WorkOrderView =>
        |d| d.update_order(&doc_id("id", &id)?, patch);
    /// Updates the service record (fields left out stay as they are).
    update_service(id: String, patch: ServicePatch) -> WorkOrderView =>
        |d| d.update_service(&doc_id("id", &id)?, patch);
    /// Asks a technical expert for advice on the order.
    ask_expert(id: String, expert: String) -> WorkOrderView =>
        |d| d.ask_expert(&doc_id("id", &id)?, &expert);
    /// Adds a note (the role comes from the session).
    add_note(id: String, text: String) -> WorkOrderView => |d| d.add_note(&doc_id("id", &id)?, &text);
    /// Overrides the computed charge with a written reason.
    set_charge_override(id: String, amount_fen: i64, reason: String) -> WorkOrderView =>
        |d| d.set_charge_override(&doc_id("id", &id)?, amount_fen, &reason);
    /// The customer's sign-off.
    sign(id: String, input: SignInput) -> WorkOrderView => |d| d.sign(&doc_id("id", &id)?, input);
    /// A new work order (office).
    create_work_order(input: NewWorkOrder) -> WorkOrderView => |d| d.create_work_order(input);
}
