//! Runs core's [`SyncLoop`] while the device is enrolled and relays it to
//! the window: every status change becomes a `sync://status` event, and
//! when the status says changes arrived (`changes_received` grew: documents,
//! or the staff directory and display name each sync brings), a
//! `docs://changed` event tells the screens to re-read and the news it
//! brought is announced ([`crate::notify`]) and the office's planned
//! visits are brought up to date ([`crate::planning`]).

use std::sync::Arc;

use onsite_core::account;
use onsite_core::clock::SystemClock;
use onsite_core::service::ApiError;
use onsite_core::sync::client::{HttpTransport, LoopConfig, SyncLoop};
use onsite_core::sync::status::SyncStatus;
use tauri::{AppHandle, Emitter, Manager};

use crate::app_state::AppState;
use crate::{notify, planning};

/// The event the screens re-read their data on: changes arrived from the
/// server.
pub const DOCS_CHANGED: &str = "docs://changed";
/// The event carrying every sync status change.
pub const SYNC_STATUS: &str = "sync://status";

/// Starts (or restarts, after an enrolment) the sync loop when the device
/// is enrolled; stops it otherwise. Must run where a tokio runtime is
/// reachable (Tauri's).
pub fn restart(app: &AppHandle, state: &AppState) -> Result<(), ApiError> {
    let creds = state.with(|d| Ok(account::credentials(&d.store)?))?;
    let Some((url, token)) = creds else {
        if let Some(old) = state.replace_sync(None) {
            tauri::async_runtime::spawn(old.stop());
        }
        tracing::info!("not enrolled: no sync");
        return Ok(());
    };
    let transport =
        HttpTransport::new(&url, &token).map_err(|e| ApiError::internal(e.to_string()))?;
    let handle = {
        // SyncLoop::spawn uses tokio::spawn: enter Tauri's runtime.
        let rt = tauri::async_runtime::handle();
        let _guard = rt.inner().enter();
        SyncLoop::spawn(
            state.device.clone(),
            transport,
            Arc::new(SystemClock),
            LoopConfig::default(),
        )
    };
    let mut rx = handle.subscribe();
    if let Some(old) = state.replace_sync(Some(handle)) {
        tauri::async_runtime::spawn(old.stop());
    }
    tracing::info!(%url, "sync loop started");
    let app = app.clone();
    let device = state.device.clone();
    tauri::async_runtime::spawn(async move {
        let first: SyncStatus = rx.borrow_and_update().clone();
        let mut seen = first.changes_received;
        emit(&app, SYNC_STATUS, &first);
        while rx.changed().await.is_ok() {
            let status: SyncStatus = rx.borrow_and_update().clone();
            emit(&app, SYNC_STATUS, &status);
            if status.changes_received != seen {
                seen = status.changes_received;
                tracing::debug!("remote changes applied");
                emit(&app, DOCS_CHANGED, &());
                let (app, device) = (app.clone(), device.clone());
                tauri::async_runtime::spawn_blocking(move || {
                    notify::announce(&app, &device);
                    // New or changed contracts may call for planned visits.
                    if planning::plan(&app.state::<AppState>()) {
                        emit(&app, DOCS_CHANGED, &());
                    }
                });
            }
        }
    });
    Ok(())
}

fn emit<T: serde::Serialize + Clone>(app: &AppHandle, event: &str, payload: &T) {
    if let Err(e) = app.emit(event, payload.clone()) {
        tracing::warn!(error = %e, "cannot emit {event}");
    }
}
