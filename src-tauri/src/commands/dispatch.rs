//! The phone desk's dispatch view and the order search (reads; assigning
//! from the view is `work_orders::assign`, editing `work_orders::update_order`).

use onsite_core::dispatch::OrderSearch;
use onsite_core::service::dispatch::DispatchBoard;
use onsite_core::service::{ApiError, WoPage};
use tauri::State;

use crate::app_state::AppState;

/// The dispatch view (office): unassigned open orders first, then every
/// engineer with their load, most urgent clock and most pressing orders.
#[tauri::command(async)]
pub fn dispatch_board(state: State<'_, AppState>) -> Result<DispatchBoard, ApiError> {
    state.with(|d| d.dispatch_board())
}

/// One page of the orders `search` finds among those the user may see,
/// newest call first.
#[tauri::command(async)]
pub fn search_orders(
    state: State<'_, AppState>,
    search: Option<OrderSearch>,
) -> Result<WoPage, ApiError> {
    state.with(|d| d.search_orders(search.unwrap_or_default()))
}
