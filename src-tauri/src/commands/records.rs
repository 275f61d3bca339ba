//! Moving and printing signed records: `export_signed`, `import_signed`,
//! `export_pdf`. Files go to `<data dir>/exports/` (the file format, the
//! checks and the writing are `onsite_core::service::transfer`'s); the
//! office imports a file it picked in the webview's file chooser (its bytes
//! come over IPC, so no desktop-only dialog plugin is needed).

use onsite_core::service::{ApiError, PathResult, WorkOrderView};
use tauri::State;

use super::doc_id;
use crate::state::AppState;

/// Writes the signed record's document to `exports/<number>.onsite`.
#[tauri::command(async)]
pub fn export_signed(state: State<'_, AppState>, id: String) -> Result<PathResult, ApiError> {
    let id = doc_id("id", &id)?;
    let exports = state.exports_dir()?;
    state.with(|d| d.export_signed_to(&id, &exports))
}

/// Imports a `.onsite` file the office picked (`name` for messages, the
/// file's `bytes`): a merge, then the fresh view.
#[tauri::command(async)]
pub fn import_signed(
    state: State<'_, AppState>,
    name: String,
    bytes: Vec<u8>,
) -> Result<WorkOrderView, ApiError> {
    let v = state.with(|d| d.import_signed_file(&name, &bytes))?;
    state.edited();
    Ok(v)
}

/// Renders the printable record to `exports/<number>.pdf`.
#[tauri::command(async)]
pub fn export_pdf(state: State<'_, AppState>, id: String) -> Result<PathResult, ApiError> {
    let id = doc_id("id", &id)?;
    let exports = state.exports_dir()?;
    let font = state.font()?;
    state.with(|d| d.export_pdf_to(&id, &exports, &font, &state.company))
}
