//! Moving and printing signed records: `export_signed`, `import_signed`,
//! `export_pdf`. On the desktop an export asks where to save (the dialog
//! plugin's save dialog, proposing `<number>.onsite` / `<number>.pdf` in the
//! user's documents folder) and returns `null` when the user cancels; on
//! mobile, or with `ONSITE_EXPORT_DIR` set (tests), it writes to that folder
//! (else `<data dir>/exports/`) without asking. The file format, the checks
//! and the writing are `onsite_core::service::transfer`'s. The office
//! imports a file it picked in the webview's file chooser (its bytes come
//! over IPC).

use std::path::{Path, PathBuf};

use onsite_core::account;
use onsite_core::model::DocId;
use onsite_core::service::args::base64_bytes;
use onsite_core::service::transfer::{ExportKind, ExportTo};
use onsite_core::service::{ApiError, Device, PathResult, WorkOrderView};
use onsite_core::stats::Lang;
use onsite_core::sync::blobs::fetch_each;
use onsite_core::sync::client::HttpTransport;
use tauri::{AppHandle, State};

use super::doc_id;
use crate::app_state::AppState;

/// Where an export was written; `None` when the user cancelled.
pub(super) type Exported = Result<Option<PathResult>, ApiError>;

/// Writes the signed record's document where the user chooses; `None` when
/// they cancel.
#[tauri::command]
pub async fn export_signed(app: AppHandle, state: State<'_, AppState>, id: String) -> Exported {
    let id = doc_id("id", &id)?;
    export_where(&app, &state, &id, ExportKind::Signed, |d, to| {
        d.export_signed_to(&id, to)
    })
    .await
}

edits! {
    /// Imports a `.onsite` file the office picked (`name` for messages, the
    /// file's bytes as base64 in `data`): a merge, then the fresh view.
    import_signed(name: String, data: String) -> WorkOrderView =>
        |d| d.import_signed_file(&name, &base64_bytes("data", &data)?);
}

/// Renders the printable record where the user chooses; `None` when they
/// cancel. With `audit`, the order's full history follows as an audit page
/// in the screen's language.
#[tauri::command]
pub async fn export_pdf(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
    audit: Option<bool>,
) -> Exported {
    let id = doc_id("id", &id)?;
    let font = state.font()?;
    fetch_thumbnails(&state, &id).await?;
    export_where(&app, &state, &id, ExportKind::Pdf, |d, to| {
        let company = d.company_name(&state.company)?;
        let audit = match audit.unwrap_or(false) {
            true => Some(match account::language(&d.store)?.as_str() {
                "en" => Lang::En,
                _ => Lang::Zh,
            }),
            false => None,
        };
        d.export_pdf_to(&id, to, &font, &company, audit)
    })
    .await
}

/// Brings the thumbnails of order `id`'s photos that this device does not
/// hold from the sync server, so the printed record shows them (a photo
/// taken on the engineer's phone reaches the office's device only when
/// asked for). Offline or refused: the record prints without them, saying
/// so under each frame.
async fn fetch_thumbnails(state: &AppState, id: &DocId) -> Result<(), ApiError> {
    let (missing, creds) =
        state.with(|d| Ok((d.thumbnails_missing(id)?, account::credentials(&d.store)?)))?;
    let Some((url, token)) = creds.filter(|_| !missing.is_empty()) else {
        return Ok(());
    };
    let transport =
        HttpTransport::new(&url, &token).map_err(|e| ApiError::internal(e.to_string()))?;
    let (_, failed) = fetch_each(&*state.device, &transport, &missing).await;
    if let Some(e) = failed {
        tracing::info!(error = %e, "a photo's thumbnail could not be fetched for the record");
    }
    Ok(())
}

/// Asks where to write the export of `kind` of order `id` ([`save_path`],
/// proposing [`Device::export_file_name`]), then `write`s it there; `None`
/// when the user cancels.
async fn export_where(
    app: &AppHandle,
    state: &AppState,
    id: &DocId,
    kind: ExportKind,
    write: impl FnOnce(&mut Device, ExportTo<'_>) -> Result<PathResult, ApiError>,
) -> Exported {
    let name = state.with(|d| d.export_file_name(id, kind))?;
    save_and_write(app, state, name, kind, |d, path| {
        write(d, ExportTo::File(path))
    })
    .await
}

/// Asks where to write `name`, an export of `kind` ([`save_path`]), then
/// `write`s it there; `None` when the user cancels.
pub(super) async fn save_and_write(
    app: &AppHandle,
    state: &AppState,
    name: String,
    kind: ExportKind,
    write: impl FnOnce(&mut Device, &Path) -> Result<PathResult, ApiError>,
) -> Exported {
    let Some(path) = save_path(app, state, name, kind).await? else {
        return Ok(None);
    };
    state.with(|d| write(d, &path)).map(Some)
}

/// Where to write `name`: in `ONSITE_EXPORT_DIR` without asking when it is
/// set; on the desktop, the path the user picks in the save dialog (`None`:
/// cancelled); on mobile, the app's exports folder (the dialog plugin's
/// save dialog differs there: see docs/decisions.md).
pub(super) async fn save_path(
    app: &AppHandle,
    state: &AppState,
    name: String,
    kind: ExportKind,
) -> Result<Option<PathBuf>, ApiError> {
    if let Some(dir) = &state.export_dir {
        std::fs::create_dir_all(dir)
            .map_err(|e| ApiError::io(format!("cannot create {}", dir.display()), e))?;
        return Ok(Some(dir.join(name)));
    }
    #[cfg(desktop)]
    {
        let _ = state;
        ask_where(app, name, kind).await
    }
    #[cfg(mobile)]
    {
        let _ = (app, kind);
        Ok(Some(state.exports_dir()?.join(name)))
    }
}

/// The save dialog, proposing `name` in the documents folder.
#[cfg(desktop)]
async fn ask_where(
    app: &AppHandle,
    name: String,
    kind: ExportKind,
) -> Result<Option<PathBuf>, ApiError> {
    use tauri::Manager;
    use tauri_plugin_dialog::DialogExt;

    let mut dialog = app
        .dialog()
        .file()
        .set_file_name(&name)
        .add_filter(kind.extension(), &[kind.extension()]);
    if let Ok(docs) = app.path().document_dir() {
        dialog = dialog.set_directory(docs);
    }
    // The dialog blocks its caller until it closes: not on the main thread,
    // not on an async worker.
    let picked = tauri::async_runtime::spawn_blocking(move || dialog.blocking_save_file())
        .await
        .map_err(|e| ApiError::internal(format!("the save dialog failed: {e}")))?;
    match picked {
        None => {
            tracing::info!(file = %name, "export cancelled in the save dialog");
            Ok(None)
        }
        Some(p) => p
            .into_path()
            .map(Some)
            .map_err(|e| ApiError::internal(format!("the save dialog gave no file path: {e}"))),
    }
}
