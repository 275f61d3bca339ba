//! The photo-bytes routes (`docs/sync-protocol.md` "Photos (blobs)"):
//!
//! - `POST /v1/blobs/missing`: which of some hashes the server lacks (any
//!   enrolled device may ask and upload; what guards the bytes is the
//!   download's reference check);
//! - `HEAD /v1/blobs/{hash}`: 200 complete, 206 with `Upload-Offset` while
//!   an upload is under way, 404 unknown;
//! - `PATCH /v1/blobs/{hash}`: appends at `Upload-Offset` (the first declares
//!   `Upload-Length`); 409 `offset_mismatch` with the server's offset, 413
//!   `blob_too_large` above [`MAX_BLOB_BYTES`], 422 `hash_mismatch` (the
//!   upload is dropped) when the whole does not hash to its name;
//! - `GET /v1/blobs/{hash}`: the bytes, to a device whose user may read a
//!   document whose photos named the hash; 404 otherwise, the same answer
//!   as for a blob the server does not hold.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderName, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use onsite_core::model::DocKind;
use onsite_core::sync::blobs::{
    codes as blob_codes, is_hash, MissingRequest, MissingResponse, MAX_BLOB_BYTES,
    MAX_MISSING_HASHES, UPLOAD_LENGTH, UPLOAD_OFFSET,
};
use onsite_core::sync::protocol::codes;

use crate::access::may_read;
use crate::auth::Principal;
use crate::error::HttpError;
use crate::store::{Appended, BlobState, BlobUpload, ServerStore};
use crate::AppState;

fn not_found() -> HttpError {
    HttpError::new(StatusCode::NOT_FOUND, codes::NOT_FOUND, "no such photo")
}

/// The hash of the path, or 404 (a name that is no hash names nothing).
fn hash_of(hash: String) -> Result<String, HttpError> {
    if is_hash(&hash) {
        Ok(hash)
    } else {
        Err(not_found())
    }
}

fn too_large(length: u64) -> HttpError {
    HttpError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        blob_codes::BLOB_TOO_LARGE,
        format!(
            "the photo is {length} bytes; the server keeps photos of at most {MAX_BLOB_BYTES} bytes ({} MiB)",
            MAX_BLOB_BYTES / (1024 * 1024)
        ),
    )
}

fn offset_header(offset: u64) -> [(HeaderName, String); 1] {
    [(HeaderName::from_static(UPLOAD_OFFSET), offset.to_string())]
}

/// A numeric header, `None` when absent, 400 when not a number.
fn number(headers: &HeaderMap, name: &str) -> Result<Option<u64>, HttpError> {
    headers
        .get(name)
        .map(|v| {
            v.to_str()
                .ok()
                .and_then(|s| s.trim().parse::<u64>().ok())
                .ok_or_else(|| HttpError::bad_request(format!("the {name} header is not a number")))
        })
        .transpose()
}

/// `POST /v1/blobs/missing`.
pub async fn missing(
    State(state): State<AppState>,
    _p: Principal,
    raw: Result<Bytes, BytesRejection>,
) -> Result<Json<MissingResponse>, HttpError> {
    let bytes = raw.map_err(|e| HttpError::bad_request(e.body_text()))?;
    let req: MissingRequest = serde_json::from_slice(&bytes).map_err(|e| {
        HttpError::bad_request(format!("the body is not {{\"hashes\": [...]}}: {e}"))
    })?;
    if req.hashes.len() > MAX_MISSING_HASHES {
        return Err(HttpError::bad_request(format!(
            "ask about at most {MAX_MISSING_HASHES} hashes at a time"
        )));
    }
    if let Some(bad) = req.hashes.iter().find(|h| !is_hash(h)) {
        return Err(HttpError::bad_request(format!(
            "{bad:?} is not a SHA-256 hex name"
        )));
    }
    let missing =
        super::http::blocking(move || Ok(state.store.blobs_missing(&req.hashes)?)).await?;
    Ok(Json(MissingResponse { missing }))
}

/// `HEAD /v1/blobs/{hash}`.
pub async fn head(
    State(state): State<AppState>,
    _p: Principal,
    Path(hash): Path<String>,
) -> Result<Response, HttpError> {
    let hash = hash_of(hash)?;
    let blob = super::http::blocking(move || Ok(state.store.blob_state(&hash)?)).await?;
    Ok(match blob {
        BlobState::Unknown => StatusCode::NOT_FOUND.into_response(),
        BlobState::Partial { offset, length } => (
            StatusCode::PARTIAL_CONTENT,
            [
                (HeaderName::from_static(UPLOAD_OFFSET), offset.to_string()),
                (HeaderName::from_static(UPLOAD_LENGTH), length.to_string()),
            ],
        )
            .into_response(),
        BlobState::Complete { size } => (
            StatusCode::OK,
            [
                (HeaderName::from_static(UPLOAD_OFFSET), size.to_string()),
                (header::CONTENT_LENGTH.clone(), size.to_string()),
            ],
        )
            .into_response(),
    })
}

/// `PATCH /v1/blobs/{hash}`.
pub async fn patch(
    State(state): State<AppState>,
    p: Principal,
    Path(hash): Path<String>,
    headers: HeaderMap,
    raw: Result<Bytes, BytesRejection>,
) -> Result<Response, HttpError> {
    let hash = hash_of(hash)?;
    let length = number(&headers, UPLOAD_LENGTH)?;
    if let Some(length) = length.filter(|l| *l > MAX_BLOB_BYTES) {
        return Err(too_large(length));
    }
    let offset = number(&headers, UPLOAD_OFFSET)?
        .ok_or_else(|| HttpError::bad_request("the Upload-Offset header is required"))?;
    let bytes = raw.map_err(|r| {
        if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large(u64::MAX)
        } else {
            HttpError::bad_request(r.body_text())
        }
    })?;
    let appended = super::http::blocking(move || {
        let now = state.clock.now().timestamp_millis();
        let up = BlobUpload {
            hash: &hash,
            offset,
            length,
            bytes: &bytes,
            device_id: p.device_id,
            now_ms: now,
        };
        Ok(state.store.append_blob(up)?)
    })
    .await?;
    match appended {
        Appended::Complete => Ok(StatusCode::OK.into_response()),
        Appended::Partial { offset } => {
            Ok((StatusCode::NO_CONTENT, offset_header(offset)).into_response())
        }
        Appended::OffsetMismatch { offset } => {
            let e = HttpError::new(
                StatusCode::CONFLICT,
                blob_codes::OFFSET_MISMATCH,
                format!("the server holds {offset} bytes of this photo; send from there"),
            );
            Ok((offset_header(offset), e).into_response())
        }
        Appended::HashMismatch => Err(HttpError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            blob_codes::HASH_MISMATCH,
            "the bytes do not match the photo's SHA-256; nothing was kept, send it again",
        )),
        Appended::NoLength => Err(HttpError::bad_request(
            "the first PATCH of a photo declares its size in Upload-Length",
        )),
        Appended::LengthChanged { length } => Err(HttpError::bad_request(format!(
            "this photo's upload was declared {length} bytes long"
        ))),
        Appended::PastLength { length } => Err(HttpError::bad_request(format!(
            "the bytes go past the declared Upload-Length ({length})"
        ))),
    }
}

/// Whether `p` may read one of the documents that reference a blob.
fn may_download(store: &dyn ServerStore, p: &Principal, hash: &str) -> Result<bool, HttpError> {
    for doc_id in store.blob_docs(hash)? {
        let Some(head) = store.doc_head(&doc_id)? else {
            continue;
        };
        let kind = head.access.kind;
        let linked = || {
            matches!(kind, DocKind::Customer | DocKind::Contract)
                && store.linked_to(&p.user, &doc_id, kind).unwrap_or(false)
        };
        if may_read(p.role, &p.user, &head.access, linked) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// `GET /v1/blobs/{hash}`.
pub async fn get(
    State(state): State<AppState>,
    p: Principal,
    Path(hash): Path<String>,
) -> Result<Response, HttpError> {
    let hash = hash_of(hash)?;
    let bytes = super::http::blocking(move || {
        if !may_download(state.store.as_ref(), &p, &hash)? {
            return Ok(None);
        }
        Ok(state.store.blob(&hash)?)
    })
    .await?;
    match bytes {
        Some(b) => Ok((
            [
                (header::CONTENT_TYPE, "image/jpeg"),
                (
                    header::CACHE_CONTROL,
                    "private, max-age=31536000, immutable",
                ),
            ],
            b,
        )
            .into_response()),
        None => Err(not_found()),
    }
}
