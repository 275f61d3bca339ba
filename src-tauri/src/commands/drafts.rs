//! Drafts of forms (`save_draft`, `load_draft`, `discard_draft`,
//! `list_drafts`): kept in the device's SQLite file for the signed-in user
//! by core (`onsite_core::store::drafts`). They never sync, so no command
//! here pokes the sync loop.

use onsite_core::service::ApiError;
use onsite_core::store::Draft;
use tauri::State;

use crate::app_state::AppState;

/// Saves the draft of form `key` (the form's fields as JSON text).
#[tauri::command(async)]
pub fn save_draft(state: State<'_, AppState>, key: String, value: String) -> Result<(), ApiError> {
    state.with(|d| d.save_draft(&key, &value))
}

/// The draft of form `key`, or `null`.
#[tauri::command(async)]
pub fn load_draft(state: State<'_, AppState>, key: String) -> Result<Option<Draft>, ApiError> {
    state.with(|d| d.load_draft(&key))
}

/// Deletes the draft of form `key` (after a save, or when the user discards it).
#[tauri::command(async)]
pub fn discard_draft(state: State<'_, AppState>, key: String) -> Result<(), ApiError> {
    state.with(|d| d.discard_draft(&key))
}

/// Every draft of the signed-in user, newest first.
#[tauri::command(async)]
pub fn list_drafts(state: State<'_, AppState>) -> Result<Vec<Draft>, ApiError> {
    state.with(|d| d.list_drafts())
}
