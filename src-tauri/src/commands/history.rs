//! The history tab 历史: `doc_history` (who changed which field of a
//! document, when, on which device, worded in the screen's language; with
//! `refresh` the server's receipts are fetched first when it can be
//! reached, else the cached ones are used) and `export_history_csv` (the
//! office's CSV of one document's history, saved like the other exports:
//! the save dialog, or `ONSITE_EXPORT_DIR`). The history is
//! `onsite_core::history`'s, the facade `onsite_core::service::history`.

use onsite_core::account;
use onsite_core::history::DocHistory;
use onsite_core::service::transfer::{ExportKind, ExportTo};
use onsite_core::service::ApiError;
use onsite_core::stats::Lang;
use onsite_core::sync::client::HttpTransport;
use tauri::{AppHandle, State};

use super::doc_id;
use super::records::{save_and_write, Exported};
use crate::app_state::AppState;

/// The field history of document `id` in `lang`.
#[tauri::command]
pub async fn doc_history(
    state: State<'_, AppState>,
    id: String,
    lang: Lang,
    refresh: bool,
) -> Result<DocHistory, ApiError> {
    let id = doc_id("id", &id)?;
    if refresh {
        if let Some((url, token)) = state.with(|d| Ok(account::credentials(&d.store)?))? {
            let transport =
                HttpTransport::new(&url, &token).map_err(|e| ApiError::internal(e.to_string()))?;
            // Offline or refused: the cached receipts are shown.
            let fetched = onsite_core::sync::provenance::refresh(
                &*state.device,
                &transport,
                std::slice::from_ref(&id),
            )
            .await;
            if let Err(e) = fetched {
                tracing::warn!(error = %e, "the history's receipts could not be fetched");
            }
        }
    }
    let device = state.device.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let d = device
            .lock()
            .map_err(|_| ApiError::internal("device lock poisoned"))?;
        d.doc_history(&id, lang)
    })
    .await
    .map_err(|e| ApiError::internal(e.to_string()))?
}

/// Writes the history of document `id` as CSV where the office chooses;
/// `None` when they cancel.
#[tauri::command]
pub async fn export_history_csv(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
    lang: Lang,
) -> Exported {
    let id = doc_id("id", &id)?;
    let name = state.with(|d| d.history_file_name(&id, lang))?;
    save_and_write(&app, &state, name, ExportKind::Csv, |d, path| {
        d.export_history_csv_to(&id, lang, ExportTo::File(path))
    })
    .await
}
