//! The office's lookups of people: `list_engineers`, `list_experts`
//! (customers have their own room: [`super::customers`]).

use onsite_core::account;
use onsite_core::service::{ApiError, Engineer};
use tauri::State;

use crate::app_state::AppState;

/// The engineers work can be assigned to: the active engineers of the
/// server's staff directory as cached on the device (every sync refreshes
/// it), plus anyone orders here are assigned to who is not in it.
#[tauri::command(async)]
pub fn list_engineers(state: State<'_, AppState>) -> Result<Vec<Engineer>, ApiError> {
    state.with(|d| Ok(account::engineers(&d.store)?))
}

/// The technical experts an order's engineer or the office can ask, from
/// the cached staff directory.
#[tauri::command(async)]
pub fn list_experts(state: State<'_, AppState>) -> Result<Vec<Engineer>, ApiError> {
    state.with(|d| Ok(account::experts(&d.store)?))
}
