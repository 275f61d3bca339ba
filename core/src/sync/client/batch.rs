//! One batch of a sync, for [`super::sync_into`]: the session's next
//! request, storing a response's documents (received on the machine's
//! cores) with the cursor that covers them, and the resume point
//! ([`Resume`]) of a sync cut off.

use std::collections::BTreeSet;

use automerge::sync;
use serde::Serialize;

use super::{StoreAccess, SyncError};
use crate::model::{DocId, DocKind};
use crate::store::bookkeeping::keys as meta_keys;
use crate::store::device::Store;
use crate::store::error::{EditError, StoreError};
use crate::sync::protocol::{self, codes};
use crate::sync::session::{receive_message, Session};
use crate::sync::status::SyncProgress;

/// A sync cut off before it completed, kept in meta `sync.resume` with the
/// cursor covering what it received (both written in the batch's
/// transaction, [`Store::apply_remote_batch_parallel`]); deleted when a
/// sync completes ([`Store::complete_sync`]).
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
pub(super) struct Resume {
    /// Documents whose exchange was still open: received, their answer
    /// not yet sent. The next sync sends a message for each (from the
    /// stored sync state), so the server hears the answer it waits for.
    pub(super) open: BTreeSet<String>,
    /// Documents received so far (for the progress).
    pub(super) received: u64,
    /// How many the sync brings in all, when the server said.
    pub(super) total: Option<u64>,
}

pub(super) fn read_resume(s: &Store) -> Result<Option<Resume>, SyncError> {
    Ok(s.get_meta(meta_keys::SYNC_RESUME)?.and_then(|v| {
        serde_json::from_slice(&v)
            .map_err(|e| tracing::warn!(error = %e, "the state of a sync cut off does not read"))
            .ok()
    }))
}

pub(super) fn progress_of(received: u64, total: Option<u64>) -> SyncProgress {
    let clamp = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
    SyncProgress {
        received: clamp(received),
        total: total.map(|t| clamp(t.max(received))),
    }
}

type Loaded = (Option<automerge::AutoCommit>, sync::State);

/// The session's next request, encoded; `None` once the sync is complete.
pub(super) fn next_request<S: StoreAccess + ?Sized>(
    store: &S,
    session: &mut Session,
) -> Result<Option<Vec<u8>>, SyncError> {
    let req = store.with_store(|s| {
        let now = s.now_ms();
        session.build_request(now, |id| load_for_sync(s, id))
    })?;
    req.map(|r| protocol::encode(&r).map_err(|e| SyncError::Protocol(e.to_string())))
        .transpose()
}

pub(super) fn all_doc_ids(s: &mut Store) -> Result<Vec<String>, SyncError> {
    let mut ids = Vec::new();
    for kind in DocKind::ALL {
        ids.extend(s.doc_ids(kind)?.into_iter().map(|id| id.to_string()));
    }
    Ok(ids)
}

fn load_for_sync(s: &Store, id: &str) -> Result<Loaded, Box<StoreError>> {
    let Ok(key) = id.parse::<DocId>() else {
        return Ok((None, sync::State::new()));
    };
    Ok((s.load(&key)?, s.get_sync_state(&key)?))
}

/// Receives a response's messages into the store, all in one transaction
/// with `metas` (the cursor covering them), the documents received on
/// several threads ([`Store::apply_remote_batch_parallel`]); returns the
/// documents they changed. The authors (actors) of every changed document
/// are added to `actors`, for the provenance fetched after the sync.
pub(super) fn apply(
    store: &mut Store,
    session: &mut Session,
    msgs: Vec<protocol::DocMsg>,
    metas: &[(&str, Option<&[u8]>)],
    actors: &mut BTreeSet<String>,
) -> Result<Vec<DocId>, SyncError> {
    let mut items = Vec::with_capacity(msgs.len());
    for m in msgs {
        match m.id.parse::<DocId>() {
            // A document that failed earlier in this sync: its message is
            // ignored, its sync state left as stored.
            Ok(id) => {
                if let Some(start) = session.begin_receive(&m.id) {
                    items.push((id, (start, m.msg)));
                }
            }
            Err(e) => session.reject(&m.id, codes::BAD_MESSAGE, e.to_string()),
        }
    }
    if items.is_empty() {
        if !metas.is_empty() {
            store.set_metas(metas)?;
        }
        return Ok(Vec::new());
    }
    let ids: Vec<DocId> = items.iter().map(|(id, _)| id.clone()).collect();
    let received = store
        .apply_remote_batch_parallel(items, metas, |_, doc, state, (start, msg)| {
            let before = doc.get_heads();
            let mut received = receive_message(start, doc, state, &msg);
            let whole = received.whole.take();
            let changed = doc.get_heads() != before;
            let authors: Vec<String> = if changed {
                doc.get_changes_meta(&[])
                    .iter()
                    .map(|c| c.actor.to_hex_string())
                    .collect()
            } else {
                Vec::new()
            };
            Ok::<_, std::convert::Infallible>(((received, changed, authors), whole))
        })
        .map_err(|e| match e {
            EditError::Store(e) => SyncError::from(e),
            EditError::Closure(never) => match never {},
        })?;
    let mut changed_ids = Vec::new();
    for (id, (received, changed, authors)) in ids.into_iter().zip(received) {
        session.end_receive(id.as_str(), received);
        if changed {
            actors.extend(authors);
            changed_ids.push(id);
        }
    }
    Ok(changed_ids)
}
