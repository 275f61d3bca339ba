//! Errors at the HTTP boundary: every failed request answers with a status
//! and a JSON `{code, message}` body ([`onsite_core::sync::protocol::ErrorBody`]),
//! the router's own answers too (405, a 413 from a layer): [`error_bodies`]
//! gives any error answer without a JSON body one.

use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use onsite_core::sync::protocol::{codes, ErrorBody};

use crate::store::StoreError;

/// An HTTP error: a status and a `{code, message}` body.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{status}: {} ({})", .body.message, .body.code)]
pub struct HttpError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The body.
    pub body: ErrorBody,
}

impl HttpError {
    /// An error with `status`, `code` and `message`.
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        HttpError {
            status,
            body: ErrorBody::new(code, message),
        }
    }

    /// 401: no, unknown or revoked token.
    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            codes::UNAUTHORIZED,
            "a valid device token is required",
        )
    }

    /// 401 `user_disabled`: the token is valid but its user is disabled.
    pub fn user_disabled(user: &str) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            codes::USER_DISABLED,
            format!("the user {user} is disabled; ask the office to enable them"),
        )
    }

    /// 403: the role may not do this.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, codes::FORBIDDEN, message)
    }

    /// 400: the body is not of the expected shape.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, codes::BAD_REQUEST, message)
    }

    /// 507: the data directory's disk is full; nothing was stored.
    pub fn storage_full() -> Self {
        Self::new(
            StatusCode::INSUFFICIENT_STORAGE,
            codes::STORAGE_FULL,
            STORAGE_FULL_MESSAGE,
        )
    }

    /// 500: the server failed.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, codes::INTERNAL, message)
    }
}

/// Middleware: an error answer (4xx, 5xx) that is not JSON — axum's own
/// 405 for a method a route does not take, a layer's 413 — gets the
/// `{code, message}` body of its status; its `Allow` header is kept.
pub async fn error_bodies(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let resp = next.run(req).await;
    let status = resp.status();
    let is_json = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return resp;
    }
    let allow = resp.headers().get(header::ALLOW).cloned();
    let mut out = HttpError::of_status(status, &method, allow.as_ref()).into_response();
    if let Some(allow) = allow {
        out.headers_mut().insert(header::ALLOW, allow);
    }
    out
}

impl HttpError {
    /// The `{code, message}` of a bare error status.
    fn of_status(
        status: StatusCode,
        method: &axum::http::Method,
        allow: Option<&axum::http::HeaderValue>,
    ) -> Self {
        let (code, message) = match status {
            StatusCode::METHOD_NOT_ALLOWED => {
                let allowed = allow.and_then(|a| a.to_str().ok()).unwrap_or("");
                let message = format!("{method} is not allowed here; allowed: {allowed}");
                (codes::METHOD_NOT_ALLOWED, message)
            }
            StatusCode::NOT_FOUND => (codes::NOT_FOUND, "no such endpoint".to_string()),
            StatusCode::PAYLOAD_TOO_LARGE => (codes::TOO_LARGE, "the body is too large".into()),
            StatusCode::UNAUTHORIZED => (
                codes::UNAUTHORIZED,
                "a valid device token is required".into(),
            ),
            StatusCode::FORBIDDEN => (codes::FORBIDDEN, "not allowed".into()),
            s if s.is_server_error() => (codes::INTERNAL, format!("the server failed ({s})")),
            s => (codes::BAD_REQUEST, format!("the request was refused ({s})")),
        };
        HttpError::new(status, code, message)
    }
}

/// What the device is told when the server's disk is full.
pub const STORAGE_FULL_MESSAGE: &str =
    "the sync server's disk is full: nothing was stored; the changes stay on this device and are sent once the server has space again";

impl From<StoreError> for HttpError {
    fn from(e: StoreError) -> Self {
        tracing::error!(error = %e, "store failed");
        if e.is_disk_full() {
            return HttpError::storage_full();
        }
        HttpError::internal("the server's storage failed; retry later")
    }
}

/// The per-document error for a store failure: `storage_full` when the
/// disk is full, else `internal`.
pub fn store_failed_reply(id: &str, e: &StoreError) -> onsite_core::sync::protocol::DocReply {
    use onsite_core::sync::protocol::DocReply;
    if e.is_disk_full() {
        DocReply::error(id, codes::STORAGE_FULL, STORAGE_FULL_MESSAGE)
    } else {
        DocReply::error(id, codes::INTERNAL, "storage failed; retry later")
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn disk_full() -> StoreError {
        StoreError::Sqlite(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL),
            Some("database or disk is full".into()),
        ))
    }

    #[test]
    fn a_full_disk_answers_507_storage_full_with_a_sentence() {
        let e = HttpError::from(disk_full());
        assert_eq!(e.status, StatusCode::INSUFFICIENT_STORAGE);
        assert_eq!(e.body.code, "storage_full");
        assert!(
            e.body.message.contains("disk is full"),
            "{}",
            e.body.message
        );
        let other = HttpError::from(StoreError::Conflict("wo:x".into()));
        assert_eq!(other.body.code, "internal");
    }

    #[test]
    fn a_full_disk_refuses_a_document_with_storage_full() {
        use onsite_core::sync::protocol::DocReply;
        match store_failed_reply("wo:x", &disk_full()) {
            DocReply::Error { id, error } => {
                assert_eq!(id, "wo:x");
                assert_eq!(error.code, "storage_full");
            }
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn an_error_is_a_status_with_a_code_and_message_json_body() {
        let resp = HttpError::forbidden("office only").into_response();
        assert_eq!(resp.status(), StatusCode::FORBIDDEN);
        let bytes = axum::body::to_bytes(resp.into_body(), 1 << 16)
            .await
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"code": "forbidden", "message": "office only"})
        );
    }
}
