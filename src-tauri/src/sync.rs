//! Runs core's [`SyncLoop`] while the device is enrolled and relays it to
//! the window: every status change becomes a `sync://status` event, and
//! once a sync that received remote changes settles, a `docs://changed`
//! event tells the screens to re-read.
//!
//! Which syncs received changes is seen at the transport: [`Watching`]
//! wraps core's [`HttpTransport`] and notes when a response carries a
//! document message with changes in it (a message of heads only changes
//! nothing on screen).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use onsite_core::clock::SystemClock;
use onsite_core::service::ApiError;
use onsite_core::sync::client::{HttpTransport, LoopConfig, SyncError, SyncLoop, Transport};
use onsite_core::sync::protocol::{self, DocReply, SyncResponse};
use onsite_core::sync::status::{SyncPhase, SyncStatus};
use tauri::{AppHandle, Emitter};

use crate::enrol;
use crate::errors::internal;
use crate::state::{AppState, DOCS_CHANGED, SYNC_STATUS};

/// A transport that remembers whether a response brought changes.
pub struct Watching<T> {
    inner: T,
    received: Arc<AtomicBool>,
}

impl<T: Transport> Transport for Watching<T> {
    async fn exchange(&self, body: Vec<u8>) -> Result<Vec<u8>, SyncError> {
        let reply = self.inner.exchange(body).await?;
        if brings_changes(&reply) {
            self.received.store(true, Ordering::SeqCst);
        }
        Ok(reply)
    }
}

/// Whether a `SyncResponse` body carries at least one change. A body that
/// does not decode counts as "maybe" (the screens re-read, harmlessly).
pub fn brings_changes(reply: &[u8]) -> bool {
    let Ok(resp) = protocol::decode::<SyncResponse>(reply) else {
        return true;
    };
    resp.docs.iter().any(|d| match d {
        DocReply::Msg(m) => {
            automerge::sync::Message::decode(&m.msg).map_or(true, |msg| !msg.changes.is_empty())
        }
        DocReply::Error { .. } => false,
    })
}

/// Starts (or restarts, after an enrolment) the sync loop when the device
/// is enrolled; stops it otherwise. Must run where a tokio runtime is
/// reachable (Tauri's).
pub fn restart(app: &AppHandle, state: &AppState) -> Result<(), ApiError> {
    let creds = state.with(|d| enrol::credentials(&d.store))?;
    let Some((url, token)) = creds else {
        if let Some(old) = state.replace_sync(None) {
            tauri::async_runtime::spawn(old.stop());
        }
        tracing::info!("not enrolled: no sync");
        return Ok(());
    };
    let http = HttpTransport::new(&url, &token).map_err(|e| internal(e.to_string()))?;
    let received = Arc::new(AtomicBool::new(false));
    let transport = Watching {
        inner: http,
        received: received.clone(),
    };
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
    refresh_profile_later(app, state, url.clone(), token.clone());
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        emit_status(&app, &rx.borrow_and_update().clone());
        while rx.changed().await.is_ok() {
            let status = rx.borrow_and_update().clone();
            emit_status(&app, &status);
            if status.state != SyncPhase::Syncing && received.swap(false, Ordering::SeqCst) {
                tracing::debug!("remote changes applied");
                if let Err(e) = app.emit(DOCS_CHANGED, ()) {
                    tracing::warn!(error = %e, "cannot emit {DOCS_CHANGED}");
                }
            }
        }
    });
    Ok(())
}

/// Asks the server once, in the background, for the user's current display
/// name (a device enrolled before the server had it shows it from then on);
/// offline is fine: the stored one stays.
fn refresh_profile_later(app: &AppHandle, state: &AppState, url: String, token: String) {
    let device = state.device.clone();
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let me = match enrol::fetch_me(&url, &token).await {
            Ok(me) => me,
            Err(e) => {
                tracing::debug!(code = %e.code, "profile not refreshed: {}", e.message);
                return;
            }
        };
        let changed = {
            let d = device.lock().unwrap_or_else(|p| p.into_inner());
            enrol::refresh_profile(&d.store, &me)
        };
        match changed {
            Ok(true) => {
                tracing::info!(user = %me.user, "display name updated from the server");
                if let Err(e) = app.emit(DOCS_CHANGED, ()) {
                    tracing::warn!(error = %e, "cannot emit {DOCS_CHANGED}");
                }
            }
            Ok(false) => {}
            Err(e) => {
                tracing::warn!(code = %e.code, "cannot store the display name: {}", e.message)
            }
        }
    });
}

fn emit_status(app: &AppHandle, status: &SyncStatus) {
    if let Err(e) = app.emit(SYNC_STATUS, status) {
        tracing::warn!(error = %e, "cannot emit {SYNC_STATUS}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use onsite_core::sync::protocol::DocMsg;

    fn body(msgs: Vec<Vec<u8>>) -> Vec<u8> {
        let resp = SyncResponse {
            cursor: vec![1],
            docs: msgs
                .into_iter()
                .map(|msg| {
                    DocReply::Msg(DocMsg {
                        id: "wo:x".into(),
                        msg,
                    })
                })
                .collect(),
            more: false,
        };
        protocol::encode(&resp).unwrap()
    }

    #[test]
    fn only_messages_with_changes_count_as_remote_changes() {
        use automerge::sync::SyncDoc;
        use automerge::transaction::Transactable;
        let mut doc = automerge::AutoCommit::new();
        doc.put(automerge::ROOT, "k", 1).unwrap();
        let mut state = automerge::sync::State::new();
        // First message: heads only (no changes yet).
        let first = doc
            .sync()
            .generate_sync_message(&mut state)
            .unwrap()
            .encode();
        assert!(!brings_changes(&body(vec![first])));
        // The peer says it has nothing: the next message carries the change.
        let empty = automerge::AutoCommit::new();
        let mut peer_state = automerge::sync::State::new();
        let mut empty = empty;
        let m = empty.sync().generate_sync_message(&mut peer_state).unwrap();
        doc.sync().receive_sync_message(&mut state, m).unwrap();
        let second = doc
            .sync()
            .generate_sync_message(&mut state)
            .unwrap()
            .encode();
        assert!(brings_changes(&body(vec![second])));
        assert!(!brings_changes(&body(vec![])));
        assert!(
            brings_changes(b"not cbor"),
            "unknown bodies re-read to be safe"
        );
    }
}
