//! `sync_status`, `sync_now`.

use onsite_core::service::ApiError;
use onsite_core::sync::status::SyncStatus;
use tauri::State;

use crate::app_state::AppState;

/// The sync loop's status (idle with the pending count before enrolment).
#[tauri::command(async)]
pub fn sync_status(state: State<'_, AppState>) -> Result<SyncStatus, ApiError> {
    match state.sync_handle() {
        Some(h) => Ok(h.status()),
        None => state.with(|d| Ok(SyncStatus::initial(d.store.dirty_count()? as u32))),
    }
}

/// Starts a sync now; progress arrives as `sync://status` events.
#[tauri::command(async)]
pub fn sync_now(state: State<'_, AppState>) -> Result<SyncStatus, ApiError> {
    let h = state.sync_handle().ok_or_else(ApiError::not_enrolled)?;
    h.sync_now();
    Ok(h.status())
}
