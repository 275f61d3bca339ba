//! The staff directory's part of a sync (feature `client`): after every
//! completed sync the client asks `GET /v1/staff` with the entity tag of
//! the directory it holds ([`fetch`]; `304` while nothing changed) and
//! stores what comes ([`refresh`], through
//! [`crate::account::staff::apply_directory`]), so a user added, renamed
//! or disabled on the server reaches the office's assign list after one
//! sync.

use std::time::Duration;

use super::client::{offline, StoreAccess, SyncError, Transport};
use super::protocol::ErrorBody;
use crate::account::staff::{apply_directory, directory_etag, parse_staff, StaffMember};

/// What [`Transport::staff`] brings back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaffFetch {
    /// The directory is the one the device holds (HTTP 304), or this
    /// transport does not fetch it.
    Unchanged,
    /// The server's directory and its entity tag.
    Fetched {
        /// Every user of the server.
        staff: Vec<StaffMember>,
        /// The `ETag` to send as `If-None-Match` next time.
        etag: Option<String>,
    },
}

/// `GET {url}` (`/v1/staff`) with the device's `token` and, when the
/// device holds a directory, `If-None-Match: etag`.
pub(super) async fn fetch(
    http: &reqwest::Client,
    url: &str,
    token: &str,
    etag: Option<String>,
) -> Result<StaffFetch, SyncError> {
    let mut req = http
        .get(url)
        .timeout(Duration::from_secs(15))
        .bearer_auth(token);
    if let Some(tag) = etag {
        req = req.header(reqwest::header::IF_NONE_MATCH, tag);
    }
    let resp = req.send().await.map_err(offline)?;
    let status = resp.status();
    if status == reqwest::StatusCode::NOT_MODIFIED {
        return Ok(StaffFetch::Unchanged);
    }
    let etag = resp
        .headers()
        .get(reqwest::header::ETAG)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let bytes = resp.bytes().await.map_err(offline)?;
    if status == reqwest::StatusCode::UNAUTHORIZED {
        return Err(SyncError::of_401(&bytes));
    }
    if !status.is_success() {
        let text = String::from_utf8_lossy(&bytes);
        return Err(SyncError::Server {
            status: status.as_u16(),
            body: serde_json::from_slice(&bytes).unwrap_or_else(|_| {
                ErrorBody::new("http_error", text.chars().take(200).collect::<String>())
            }),
        });
    }
    let staff = parse_staff(&bytes).map_err(|e| SyncError::Protocol(e.to_string()))?;
    Ok(StaffFetch::Fetched { staff, etag })
}

/// Brings the cached staff directory up to date after a completed sync;
/// `true` when it changed. A failure here does not fail the sync (the
/// documents are exchanged; the cached directory stays and the next sync
/// asks again), it is only logged.
pub(super) async fn refresh<S: StoreAccess + ?Sized, T: Transport + ?Sized>(
    store: &S,
    transport: &T,
) -> bool {
    let etag = match store.with_store(|s| directory_etag(s)) {
        Ok(tag) => tag,
        Err(e) => {
            tracing::warn!(error = %e, "staff directory tag unreadable: fetching it whole");
            None
        }
    };
    let (staff, etag) = match transport.staff(etag).await {
        Ok(StaffFetch::Unchanged) => return false,
        Ok(StaffFetch::Fetched { staff, etag }) => (staff, etag),
        Err(e) => {
            tracing::info!(error = %e, "staff directory not refreshed");
            return false;
        }
    };
    match store.with_store(|s| apply_directory(s, &staff, etag.as_deref())) {
        Ok(changed) => {
            if changed {
                tracing::info!(users = staff.len(), "staff directory updated");
            }
            changed
        }
        Err(e) => {
            tracing::warn!(error = %e, "staff directory not stored");
            false
        }
    }
}
