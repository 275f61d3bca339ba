//! The device's sync client (feature `client`): [`sync_once`] runs one
//! whole sync of a [`Store`] against the server through a [`Transport`]
//! ([`HttpTransport`] posts CBOR to `/v1/sync`), and [`SyncLoop`] runs it
//! in the background — on local change (coalesced for a second), on a
//! timer and on demand, with exponential backoff after failures —
//! publishing a [`super::status::SyncStatus`] on every change (it lives in
//! [`super::background`] and is re-exported here). The status counts the
//! documents the server's messages changed (`changes_received`), so the app
//! knows when to re-read its screens without looking into the messages.
//!
//! Every completed sync also asks the server for its staff directory
//! ([`Transport::staff`], `GET /v1/staff` with the entity tag of the
//! cached one, answered `304` while nothing changed) and stores it
//! ([`crate::account::staff::apply_directory`]): a user added, renamed or
//! disabled on the server reaches the office's assign list after one sync.
//! A changed directory counts as a change received, so the screens re-read.
//!
//! Every sync first makes sure the device's Automerge actor is registered
//! with the server ([`ensure_registered`], `POST /v1/actors`, once per actor
//! and server: meta `device.actor_registered`); the server refuses changes
//! under an actor not registered to the pushing device (`foreign_actor`).
//! When the server says the actor belongs to another device
//! (`actor_taken`), the store takes a new actor and registers that one.
//! After a completed sync the client asks who wrote the changes of the
//! documents it sent or received ([`super::provenance`], `POST
//! /v1/provenance`) and caches the answer for the history; that never
//! fails the sync.
//!
//! The store is shared as `Arc<Mutex<Store>>` or `Arc<Mutex<Device>>`
//! (see [`StoreAccess`]): the lock is held while a
//! request is built and while a response is applied, never across the HTTP
//! call, so the app keeps editing while a request is in flight. An edit made
//! during a sync stays dirty (the dirty set is cleared by generation) and
//! goes with the next one.
//!
//! ```no_run
//! # async fn demo(store: std::sync::Arc<std::sync::Mutex<onsite_core::store::device::Store>>) {
//! use std::sync::Arc;
//! use onsite_core::clock::SystemClock;
//! use onsite_core::sync::client::{HttpTransport, LoopConfig, SyncLoop};
//!
//! let transport = HttpTransport::new("https://sync.example.com", "device-token").unwrap();
//! let handle = SyncLoop::spawn(store, transport, Arc::new(SystemClock), LoopConfig::default());
//! let mut status = handle.subscribe();
//! // after each local edit:
//! handle.changed();
//! // the shell forwards every status change to the UI:
//! while status.changed().await.is_ok() {
//!     println!("{:?}", *status.borrow());
//! }
//! # }
//! ```
//!
//! The wire side (the [`Transport`] trait and [`HttpTransport`]) is in
//! `client/transport.rs`, one batch's steps (the next request, storing a
//! response, the resume point) in `client/batch.rs`; the loop, the
//! directory, provenance and blobs are separate modules.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, MutexGuard};

use serde::Serialize;

use super::attribution::{
    ActorRegistered, ActorRegistration, ProvenanceRequest, ProvenanceResponse,
};
pub use super::background::{LoopConfig, SyncHandle, SyncLoop};
pub use super::directory::StaffFetch;
pub(crate) use transport::{offline, refusal};
pub use transport::{HttpTransport, Transport};

mod batch;
mod transport;
use super::protocol::{self, codes, ErrorBody, SyncResponse};
use super::session::{BuildError, DocRefusal, Session, SessionError};
use super::status::SyncProgress;
use crate::model::DocId;
use crate::service::{Device, ErrorCode};
use crate::store::bookkeeping::keys as meta_keys;
use crate::store::device::Store;
use crate::store::error::StoreError;
use batch::{all_doc_ids, apply, next_request, progress_of, read_resume, Resume};

/// Why a sync failed. Each variant's message is written for the user.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The server could not be reached (no network, connection refused,
    /// timed out, connection dropped mid-request).
    #[error(
        "the sync server cannot be reached ({0}); changes are kept on this device and sent later"
    )]
    Offline(String),
    /// HTTP 401: the token is unknown or revoked.
    #[error(
        "this device's access was revoked or the token is wrong (ask the office to enrol it again)"
    )]
    Unauthorized,
    /// HTTP 401 `user_disabled`: the token is right, but its user is
    /// disabled on the server (`user disable`); the server's sentence.
    #[error("the sync server refuses this user ({0}); the changes stay on this device and are sent once the user is enabled again")]
    UserDisabled(String),
    /// The server answered with another error status and a `{code, message}`
    /// body (413 for an oversized request, 400 for a malformed one, 5xx).
    #[error("the sync server refused the sync (HTTP {status}, {}): {}", .body.code, .body.message)]
    Server {
        /// The HTTP status.
        status: u16,
        /// The server's `{code, message}` (or the raw text when the body
        /// was not one).
        body: ErrorBody,
    },
    /// The server's answer did not follow the protocol, or the exchange
    /// did not settle.
    #[error("the sync server's answer could not be understood: {0}")]
    Protocol(String),
    /// The local store failed.
    #[error("the local store failed during sync: {0}")]
    Store(Box<StoreError>),
}

impl SyncError {
    /// Whether this failure means "no connection" (the status shows
    /// `offline` rather than `error`).
    pub fn is_offline(&self) -> bool {
        matches!(self, SyncError::Offline(_))
    }

    /// The error code the UI words this failure by.
    pub fn code(&self) -> ErrorCode {
        match self {
            SyncError::Offline(_) => ErrorCode::Offline,
            SyncError::Store(_) => ErrorCode::Store,
            SyncError::UserDisabled(_) => ErrorCode::UserDisabled,
            SyncError::Unauthorized | SyncError::Server { .. } | SyncError::Protocol(_) => {
                ErrorCode::SyncFailed
            }
        }
    }

    /// The failure of a `401` answer: [`SyncError::UserDisabled`] when its
    /// body says `user_disabled`, else [`SyncError::Unauthorized`].
    pub fn of_401(body: &[u8]) -> SyncError {
        match crate::account::server::user_disabled(body) {
            Some(message) => SyncError::UserDisabled(message),
            None => SyncError::Unauthorized,
        }
    }
}

impl From<StoreError> for SyncError {
    fn from(e: StoreError) -> Self {
        SyncError::Store(Box::new(e))
    }
}

impl From<SessionError> for SyncError {
    fn from(e: SessionError) -> Self {
        SyncError::Protocol(e.to_string())
    }
}

impl From<BuildError<Box<StoreError>>> for SyncError {
    fn from(e: BuildError<Box<StoreError>>) -> Self {
        match e {
            BuildError::Load(e) => SyncError::Store(e),
            BuildError::Session(e) => e.into(),
        }
    }
}

/// What one completed sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncOutcome {
    /// Requests posted.
    pub round_trips: u32,
    /// Request body bytes sent.
    pub bytes_sent: u64,
    /// Response body bytes received.
    pub bytes_received: u64,
    /// Documents a server message was received into.
    pub docs_received: usize,
    /// Documents those messages changed (new heads): a message of heads
    /// only changes nothing.
    pub docs_changed: usize,
    /// Per-document errors (`forbidden`, `bad_message`, …, and the
    /// client's `awaiting_restore`); the sync still completed.
    pub errors: Vec<DocRefusal>,
    /// Documents whose local changes wait for a restored server to take
    /// them (still marked changed: they go with every sync until it does).
    pub awaiting_restore: usize,
    /// Whether the staff directory fetched after the sync changed what the
    /// device had (a user added, renamed, disabled; the signed-in user's
    /// display name).
    pub staff_changed: bool,
    /// Documents whose provenance (who wrote each change, when the server
    /// received it) was fetched and cached after the sync; 0 when the
    /// fetch failed (it never fails the sync).
    pub provenance_docs: usize,
    /// Photos (blobs) the server holds after this sync that it did not
    /// before ([`super::blobs::upload_pending`], run after every completed
    /// sync; its failure never fails the sync).
    pub photos_uploaded: usize,
    /// Photos still waiting to upload after this sync.
    pub photos_waiting: usize,
}

/// Where the sync client finds the store: a `Mutex<Store>`, or the app's
/// `Mutex<Device>` (the facade owning the store). The lock is taken for
/// short, synchronous steps only, never across an `await`.
pub trait StoreAccess: Send + Sync + 'static {
    /// Runs `f` with the store locked.
    fn with_store<R>(&self, f: impl FnOnce(&mut Store) -> R) -> R;
}

// A panic while holding the store does not leave SQLite inconsistent (every
// write is one transaction), so a poisoned lock is still usable.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl StoreAccess for Mutex<Store> {
    fn with_store<R>(&self, f: impl FnOnce(&mut Store) -> R) -> R {
        f(&mut lock(self))
    }
}

impl StoreAccess for Mutex<Device> {
    fn with_store<R>(&self, f: impl FnOnce(&mut Store) -> R) -> R {
        f(&mut lock(self).store)
    }
}

impl<S: StoreAccess> StoreAccess for Arc<S> {
    fn with_store<R>(&self, f: impl FnOnce(&mut Store) -> R) -> R {
        (**self).with_store(f)
    }
}

/// Runs one whole sync: round trips until neither side has anything to
/// send, then stores the new cursor and clears the dirty marks taken at the
/// start. On error nothing of the completion is stored, but every batch
/// received before it is kept with the cursor that covers it (see
/// [`Resume`]): the next sync goes on from there instead of starting again.
pub async fn sync_once<S: StoreAccess + ?Sized, T: Transport + ?Sized>(
    store: &S,
    transport: &T,
) -> Result<SyncOutcome, SyncError> {
    let mut outcome = SyncOutcome::default();
    sync_into(store, transport, &mut outcome, &|_| {}).await?;
    Ok(outcome)
}

/// What [`sync_into`] reports after each batch it stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchReport {
    /// The sync's progress, when it is a long one (a response said
    /// `more`, or it resumes a sync cut off): shown as "n of N".
    pub progress: Option<SyncProgress>,
    /// Documents this batch changed (the screens re-read).
    pub changed: usize,
}

/// [`sync_once`], counting into `outcome` as it goes (after a failure,
/// `outcome.docs_changed` still tells what was received and kept) and
/// calling `report` after each batch stored.
pub(super) async fn sync_into<S: StoreAccess + ?Sized, T: Transport + ?Sized>(
    store: &S,
    transport: &T,
    outcome: &mut SyncOutcome,
    report: &(dyn Fn(BatchReport) + Send + Sync),
) -> Result<(), SyncError> {
    ensure_registered(store, transport).await?;
    let mut touched: BTreeSet<DocId> = BTreeSet::new();
    // The documents this sync changed here and their authors (actors), read
    // while they were received: the provenance after the sync needs to read
    // only the others' (those it sent) from the store.
    let mut received_here: BTreeSet<DocId> = BTreeSet::new();
    let mut authors: BTreeSet<String> = BTreeSet::new();
    let (mut session, resume) =
        store.with_store(|s| -> Result<(Session, Option<Resume>), SyncError> {
            let dirty = s.dirty_snapshot()?;
            touched.extend(dirty.iter().filter_map(|(id, _)| id.parse().ok()));
            let session = Session::new(s.get_meta(meta_keys::SYNC_CURSOR)?, dirty)
                .awaiting(s.awaiting_restore()?);
            Ok((session, read_resume(s)?))
        })?;
    // Counted across a sync cut off and the one resuming it.
    let (mut received, mut total, mut long) = (0u64, None, false);
    if let Some(r) = resume {
        tracing::info!(
            received = r.received,
            open = r.open.len(),
            "resuming a sync cut off"
        );
        session.offer(r.open);
        (received, total, long) = (r.received, r.total, true);
    }
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut reset_seen = false;
    // The reply to a request sent while the previous batch was stored.
    let mut ahead: Option<Result<Vec<u8>, SyncError>> = None;
    loop {
        let reply = match ahead.take() {
            Some(reply) => reply?,
            None => {
                let Some(body) = next_request(store, &mut session)? else {
                    break;
                };
                outcome.bytes_sent += body.len() as u64;
                transport.exchange(body).await?
            }
        };
        outcome.bytes_received += reply.len() as u64;
        let resp: SyncResponse =
            protocol::decode(&reply).map_err(|e| SyncError::Protocol(e.to_string()))?;
        reset_seen |= resp.reset;
        let (cursor, more, remaining) = (resp.cursor.clone(), resp.more, resp.remaining);
        let msgs = session.accept(resp);
        for m in &msgs {
            if seen.insert(m.id.clone()) {
                received += 1;
            }
        }
        long |= more;
        total = match (more, remaining) {
            (true, Some(r)) => Some(received + r),
            (false, _) if long => Some(received),
            _ => total,
        };
        // The batch's documents and the cursor covering them go in one
        // transaction, so a sync cut off later resumes after them. Not
        // after a `reset`: until every document was offered back the old
        // cursor must stay, so the next sync is told `reset` again.
        let checkpoint = (!reset_seen).then(|| {
            let mut open: BTreeSet<String> = session.queued().map(str::to_string).collect();
            open.extend(msgs.iter().map(|m| m.id.clone()));
            let resume = Resume {
                open,
                received,
                total,
            };
            (cursor, serde_json::to_vec(&resume).unwrap_or_default())
        });
        let metas: Vec<(&str, Option<&[u8]>)> = match &checkpoint {
            Some((cursor, resume)) => vec![
                (meta_keys::SYNC_CURSOR, Some(cursor.as_slice())),
                (meta_keys::SYNC_RESUME, Some(resume.as_slice())),
            ],
            None => Vec::new(),
        };
        // When more waits on the server, the next request (its cursor and
        // the answers ready so far; this batch's answers go with the one
        // after) leaves now, so the server prepares the next batch while
        // this one is stored. The batch is stored whatever that request
        // gives; its failure ends the sync after.
        let early = if more && !reset_seen {
            next_request(store, &mut session)?
        } else {
            None
        };
        let changed = match early {
            Some(body) => {
                outcome.bytes_sent += body.len() as u64;
                let (reply, changed) = tokio::join!(transport.exchange(body), async {
                    store.with_store(|s| apply(s, &mut session, msgs, &metas, &mut authors))
                });
                ahead = Some(reply);
                changed?
            }
            None => store.with_store(|s| apply(s, &mut session, msgs, &metas, &mut authors))?,
        };
        received_here.extend(changed.iter().cloned());
        outcome.docs_changed += changed.len();
        report(BatchReport {
            progress: long.then(|| progress_of(received, total)),
            changed: changed.len(),
        });
        touched.extend(changed);
        if session.take_reset() {
            // The server was restored from an older backup: its registry may
            // lack this device's actor, so register it again (the same
            // actor: registering twice is harmless), then offer it every
            // document held, so it gets back what it lost.
            store.with_store(|s| s.set_metas(&[(meta_keys::ACTOR_REGISTERED, None)]))?;
            ensure_registered(store, transport).await?;
            let ids = store.with_store(all_doc_ids)?;
            tracing::info!(
                docs = ids.len(),
                "the sync server was restored from a backup; offering every document"
            );
            session.offer(ids);
        }
    }
    let done = session.finish();
    store.with_store(|s| {
        s.complete_sync(done.cursor.as_deref(), &done.clear, &done.awaiting_restore)
    })?;
    outcome.round_trips = done.round_trips;
    outcome.docs_received = done.docs_received;
    outcome.errors = done.errors;
    outcome.awaiting_restore = done.awaiting_restore.len();
    outcome.staff_changed = super::directory::refresh(store, transport).await;
    let sent: Vec<DocId> = touched.difference(&received_here).cloned().collect();
    let touched: Vec<DocId> = touched.into_iter().collect();
    let authors = super::provenance::Authors {
        known: authors,
        read: sent,
    };
    outcome.provenance_docs =
        super::provenance::after_sync(store, transport, &touched, authors).await;
    upload_photos(store, transport, outcome).await;
    Ok(())
}

/// Uploads the photos waiting ([`super::blobs::upload_pending`]) and
/// counts what is left; a failure is logged, never the sync's.
async fn upload_photos<S: StoreAccess + ?Sized, T: Transport + ?Sized>(
    store: &S,
    transport: &T,
    outcome: &mut SyncOutcome,
) {
    match super::blobs::upload_pending(store, transport).await {
        Ok(up) => outcome.photos_uploaded = up.uploaded,
        Err(e) => tracing::warn!(error = %e, "photos not uploaded; tried again with the next sync"),
    }
    outcome.photos_waiting = photos_waiting(store);
}

/// How many photos (blobs) wait for upload on the device (0 when the
/// store cannot say).
pub fn photos_waiting<S: StoreAccess + ?Sized>(store: &S) -> usize {
    store.with_store(|s| s.photos_waiting().unwrap_or(0))
}

/// Makes sure the store's current actor is registered with the server
/// (`POST /v1/actors`) before anything is pushed under it: once per actor
/// and server, remembered in meta `device.actor_registered` as `<actor
/// hex>@<server url>#<device id>`. When the server says the actor is
/// registered to another device (`actor_taken`: a store copied to a second
/// device, or a device enrolled again under a new number), the store takes
/// a new actor ([`Store::rotate_actor`]) and registers that one, once.
///
/// A failure to reach the server or to be let in fails the sync (the
/// exchange would fail the same way); any other refusal (`too_many_actors`,
/// a server without the endpoint) is logged and the sync goes on — the
/// server then refuses what it does not vouch for, per document
/// (`foreign_actor`).
pub async fn ensure_registered<S: StoreAccess + ?Sized, T: Transport + ?Sized>(
    store: &S,
    transport: &T,
) -> Result<(), SyncError> {
    let mut rotated = false;
    loop {
        let (actor, prefix, done) = store.with_store(|s| -> Result<_, SyncError> {
            let actor = s.actor_hex();
            let url = s.get_meta_str(meta_keys::SERVER_URL)?.unwrap_or_default();
            let prefix = format!("{actor}@{url}#");
            let done = s
                .get_meta_str(meta_keys::ACTOR_REGISTERED)?
                .is_some_and(|v| v.starts_with(&prefix));
            Ok((actor, prefix, done))
        })?;
        if done {
            return Ok(());
        }
        let registration = ActorRegistration {
            actor: actor.clone(),
        };
        match transport.register_actor(&registration).await {
            Ok(ok) => {
                let value = format!("{prefix}{}", ok.device_id);
                store.with_store(|s| s.set_meta_str(meta_keys::ACTOR_REGISTERED, &value))?;
                tracing::info!(actor, device_id = ok.device_id, "device actor registered");
                return Ok(());
            }
            Err(SyncError::Server { body, .. }) if body.code == codes::ACTOR_TAKEN && !rotated => {
                tracing::warn!(actor, message = %body.message, "device actor taken by another device: taking a new one");
                store.with_store(|s| s.rotate_actor())?;
                rotated = true;
            }
            Err(
                e @ (SyncError::Offline(_)
                | SyncError::Unauthorized
                | SyncError::UserDisabled(_)
                | SyncError::Store(_)),
            ) => return Err(e),
            Err(e) => {
                tracing::warn!(actor, error = %e, "device actor not registered");
                return Ok(());
            }
        }
    }
}
