//! `session`, `get_settings`, `enroll`, `set_language`.

use onsite_core::service::{ApiError, Session, Settings};
use tauri::{AppHandle, State};

use crate::enrol;
use crate::state::AppState;

/// Who is signed in, the server, the language.
#[tauri::command(async)]
pub fn session(state: State<'_, AppState>) -> Result<Session, ApiError> {
    state.with(|d| enrol::session(d))
}

/// The settings screen's data.
#[tauri::command(async)]
pub fn get_settings(state: State<'_, AppState>) -> Result<Settings, ApiError> {
    state.with(|d| enrol::settings(&d.store))
}

/// Enrols the device: stores URL and token, asks `/v1/me` who it is,
/// stores user, role and slot, (re)starts the sync loop.
#[tauri::command]
pub async fn enroll(
    app: AppHandle,
    state: State<'_, AppState>,
    server_url: String,
    token: String,
) -> Result<Settings, ApiError> {
    let settings = enrol_with(&state, &server_url, &token).await?;
    crate::sync::restart(&app, &state)?;
    state.edited(&app);
    Ok(settings)
}

/// The enrolment itself (also used at start-up with `ONSITE_SERVER_URL` /
/// `ONSITE_TOKEN`).
pub async fn enrol_with(
    state: &AppState,
    server_url: &str,
    token: &str,
) -> Result<Settings, ApiError> {
    let url = enrol::normalise_url(server_url)?;
    if token.trim().is_empty() {
        return Err(ApiError::new("enroll_failed", "the device token is empty"));
    }
    let me = enrol::fetch_me(&url, token).await?;
    state.with(|d| {
        enrol::store_enrolment(d, &url, token, &me)?;
        enrol::settings(&d.store)
    })
}

/// Persists the UI language.
#[tauri::command(async)]
pub fn set_language(state: State<'_, AppState>, language: String) -> Result<Settings, ApiError> {
    state.with(|d| {
        enrol::set_language(&d.store, &language)?;
        enrol::settings(&d.store)
    })
}
