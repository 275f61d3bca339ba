//! Photos 照片 on a work order: `add_photo` (the picture's bytes from a
//! file or the camera, as one base64 string: core scales it, makes its
//! thumbnail and stores both by their SHA-256 with the metadata in the
//! order, one transaction),
//! `remove_photo`, and `photo` (a photo's or thumbnail's JPEG bytes as a raw
//! IPC response: from the device, else fetched from the sync server when it
//! can be reached; an empty answer when neither has it). The rules are
//! `onsite_core::photos`' and `onsite_core::service::photos`'.

use onsite_core::account;
use onsite_core::photos::PhotoKind;
use onsite_core::service::args::base64_bytes;
use onsite_core::service::{ApiError, WorkOrderView};
use onsite_core::sync::client::HttpTransport;
use tauri::ipc::Response;
use tauri::State;

use super::doc_id;
use crate::app_state::AppState;

edits! {
    /// Adds a photo of `kind` with `caption` to the order; `data` is the
    /// picture's bytes as base64.
    add_photo(id: String, data: String, kind: PhotoKind, caption: String) -> WorkOrderView =>
        |d| d.add_photo(&doc_id("id", &id)?, &base64_bytes("data", &data)?, kind, &caption);
    /// Removes the photo `hash` from the order (before signing).
    remove_photo(id: String, hash: String) -> WorkOrderView =>
        |d| d.remove_photo(&doc_id("id", &id)?, &hash);
}

/// The JPEG bytes of photo (or thumbnail) `hash`.
#[tauri::command]
pub async fn photo(state: State<'_, AppState>, hash: String) -> Result<Response, ApiError> {
    if let Some(bytes) = state.with(|d| d.photo(&hash))? {
        return Ok(Response::new(bytes));
    }
    let Some((url, token)) = state.with(|d| Ok(account::credentials(&d.store)?))? else {
        return Ok(Response::new(Vec::new()));
    };
    let transport =
        HttpTransport::new(&url, &token).map_err(|e| ApiError::internal(e.to_string()))?;
    match onsite_core::sync::blobs::fetch(&*state.device, &transport, &hash).await {
        Ok(Some(bytes)) => Ok(Response::new(bytes)),
        Ok(None) => Ok(Response::new(Vec::new())),
        Err(e) => {
            tracing::info!(error = %e, hash, "a photo could not be fetched");
            Ok(Response::new(Vec::new()))
        }
    }
}
