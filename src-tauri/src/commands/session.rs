//! `session`, `get_settings`, `enroll`, `set_language` (the account logic
//! is `onsite_core::account`'s).

use onsite_core::account;
use onsite_core::service::{ApiError, Session, Settings};
use tauri::{AppHandle, State};

use crate::app_state::AppState;

/// Who is signed in, the server, the language.
#[tauri::command(async)]
pub fn session(state: State<'_, AppState>) -> Result<Session, ApiError> {
    state.with(|d| Ok(account::session(d)?))
}

/// The settings screen's data.
#[tauri::command(async)]
pub fn get_settings(state: State<'_, AppState>) -> Result<Settings, ApiError> {
    state.with(|d| Ok(account::settings(&d.store)?))
}

/// Enrols the device: stores URL and token, asks `/v1/me` who it is,
/// stores user, role and slot and the staff directory, (re)starts the sync
/// loop. The UI re-reads the session itself.
#[tauri::command]
pub async fn enroll(
    app: AppHandle,
    state: State<'_, AppState>,
    server_url: String,
    token: String,
) -> Result<Settings, ApiError> {
    let settings = account::enrol(&state.device, &server_url, &token).await?;
    crate::sync::restart(&app, &state)?;
    Ok(settings)
}

/// Persists the UI language.
#[tauri::command(async)]
pub fn set_language(state: State<'_, AppState>, language: String) -> Result<Settings, ApiError> {
    state.with(|d| {
        account::set_language(&d.store, &language)?;
        Ok(account::settings(&d.store)?)
    })
}
