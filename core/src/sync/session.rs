//! One sync, as a pure state machine: documents and responses in, requests
//! and a completion out. No I/O here — `client.rs` loads documents from the
//! store, posts the requests and saves what [`Session::receive`] changed.
//!
//! A sync is a series of round trips (`docs/sync-protocol.md`):
//!
//! 1. [`Session::new`] takes the cursor of the last completed sync and the
//!    dirty snapshot (documents changed locally, each with its generation).
//!    Every dirty document is queued to send.
//! 2. [`Session::build_request`] generates an Automerge sync message for
//!    each queued document (up to [`MAX_REQUEST_DOCS`] and
//!    [`REQUEST_BYTES_TARGET`] per request) with the session's sync state
//!    for it — the persisted one the first time. It returns `None` once the
//!    sync is complete: neither side has anything to send and the last
//!    response did not say `more`.
//! 3. [`Session::accept`] takes the response: it records the new cursor,
//!    `more` and the per-document errors, and returns the messages to
//!    receive. [`Session::receive`] applies one (inside the store's
//!    transaction), generates the answer at once from the document it
//!    already holds — so the next request does not load the document again
//!    — and queues the document to send it, since the last response named
//!    it.
//! 4. [`Session::finish`] gives the cursor to store and the dirty entries to
//!    clear.
//!
//! Sync states live in memory for the whole sync: `sync::State::encode`
//! keeps only the shared heads, so re-reading the persisted state between
//! round trips would forget what the server said it has and needs, and the
//! exchange would never finish.
//!
//! A response that says `reset` (the server was restored from a backup
//! older than the device's cursor) makes the session forget the persisted
//! sync states — they name heads the server may no longer have — and the
//! client then offers every stored document ([`Session::take_reset`],
//! [`Session::offer`]), so the server gets back all it lost. A document
//! offered only for that and refused as `forbidden` (one this device's user
//! may not create, such as an engineer's copy of a part the office added
//! after the backup) is not reported: the device that may write it gives it
//! back. A document with local changes refused `forbidden` in that sync,
//! or in a later one while it is still waiting, is most likely one the
//! restored server lost (an engineer's order created after the backup): it
//! is reported as [`AWAITING_RESTORE`], stays dirty and is listed in
//! [`Completion::awaiting_restore`], so the client keeps offering it until
//! the server takes it (once the office's device has given the order back).
//!
//! Per-document errors do not stop the sync. A `forbidden` document (for
//! instance a work order reassigned to someone else) is reported and its
//! dirty mark is cleared, since resending it can never succeed; if it is
//! ever assigned back, the server names it again and the Automerge exchange
//! sends the device's changes then. A `foreign_actor` document (the server
//! refused it whole because a change in it is written under an actor not
//! registered to this device, such as an engineer's change the office
//! relays after a server restore) is handled exactly like `forbidden`,
//! the awaiting-restore cases included, and reported with the server's
//! sentence. Any other per-document error (such as `bad_message`) is
//! reported and the document stays dirty, so the next sync retries it (not
//! this one: that could loop).
//!
//! Every request carries the device's clock ([`SyncRequest::device_time`],
//! given to [`Session::build_request`]): the server records the push's
//! clock skew on each change it accepts.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

use automerge::sync::{self, SyncDoc};
use automerge::AutoCommit;

use super::protocol::{codes, DocMsg, DocReply, ErrorBody, SyncRequest, SyncResponse};
pub use super::receive::{receive_message, ReceiveStart, Received};

pub use super::protocol::MAX_REQUEST_DOCS;

/// Stop adding documents to a request once its messages reach this many
/// bytes (the server refuses bodies over 16 MiB). A single larger message
/// still goes alone.
pub const REQUEST_BYTES_TARGET: usize = 4 * 1024 * 1024;

/// The most round trips one sync may take before it is abandoned as a loop.
pub const MAX_ROUND_TRIPS: u32 = 1000;

/// The client's own per-document code (never sent by the server) for a
/// document with local changes that a restored server refused
/// `forbidden`: it lacks the document and this user may not create it.
/// The changes stay on the device, marked to send, and are offered at
/// every sync until the server takes them.
pub const AWAITING_RESTORE: &str = "awaiting_restore";

/// Why a sync could not go on (per-document errors are not among these:
/// they are reported in [`Completion::errors`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    /// The exchange did not settle within [`MAX_ROUND_TRIPS`].
    #[error("sync did not finish after {0} round trips")]
    TooManyRoundTrips(u32),
}

/// A document the sync could not exchange, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DocRefusal {
    /// The document id.
    pub id: String,
    /// `forbidden`, `bad_message`, … (see `protocol::codes`); `bad_message`
    /// also when the server's message did not decode or apply here.
    pub code: String,
    /// A human explanation.
    pub message: String,
}

/// What a completed sync leaves to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// The new cursor (store it as the sync cursor).
    pub cursor: Option<Vec<u8>>,
    /// The dirty entries to clear: the snapshot taken at the start, minus
    /// documents with an error other than `forbidden` or `foreign_actor`
    /// (and minus those awaiting a restored server).
    pub clear: Vec<(String, i64)>,
    /// Documents with local changes a restored server does not take yet
    /// ([`AWAITING_RESTORE`]): store them, and give them to the next
    /// sync's [`Session::awaiting`].
    pub awaiting_restore: Vec<String>,
    /// Per-document errors, in the order they came.
    pub errors: Vec<DocRefusal>,
    /// Documents a server message was received into.
    pub docs_received: usize,
    /// Round trips taken.
    pub round_trips: u32,
}

/// One sync in progress. See the module documentation for the steps.
#[derive(Debug)]
pub struct Session {
    cursor: Option<Vec<u8>>,
    snapshot: Vec<(String, i64)>,
    states: HashMap<String, sync::State>,
    /// Answers generated when a server message was received, sent with the
    /// next request (`None`: nothing to say) instead of loading again.
    ready: HashMap<String, Option<DocMsg>>,
    queue: VecDeque<String>,
    queued: BTreeSet<String>,
    more: bool,
    round_trips: u32,
    max_round_trips: u32,
    errors: Vec<DocRefusal>,
    failed: BTreeMap<String, String>,
    received: BTreeSet<String>,
    /// The server said it was restored: states start afresh.
    reset: bool,
    /// ... and the client has not offered every document yet.
    reset_pending: bool,
    /// Documents queued only because of the reset.
    offered: BTreeSet<String>,
    /// Documents an earlier sync left awaiting a restored server.
    awaited: BTreeSet<String>,
    /// Documents this sync leaves awaiting it.
    awaiting: BTreeSet<String>,
}

impl Session {
    /// A sync starting from the last completed sync's `cursor` (`None` the
    /// first time) with the store's dirty snapshot.
    pub fn new(cursor: Option<Vec<u8>>, dirty: Vec<(String, i64)>) -> Session {
        let mut s = Session {
            cursor,
            snapshot: Vec::new(),
            states: HashMap::new(),
            ready: HashMap::new(),
            queue: VecDeque::new(),
            queued: BTreeSet::new(),
            more: false,
            round_trips: 0,
            max_round_trips: MAX_ROUND_TRIPS,
            errors: Vec::new(),
            failed: BTreeMap::new(),
            received: BTreeSet::new(),
            reset: false,
            reset_pending: false,
            offered: BTreeSet::new(),
            awaited: BTreeSet::new(),
            awaiting: BTreeSet::new(),
        };
        for (id, _) in &dirty {
            s.enqueue(id);
        }
        s.snapshot = dirty;
        s
    }

    /// The documents an earlier sync left awaiting a restored server
    /// ([`Completion::awaiting_restore`]): refused `forbidden` again, they
    /// stay dirty and awaiting rather than being given up.
    pub fn awaiting(mut self, ids: impl IntoIterator<Item = String>) -> Session {
        self.awaited.extend(ids);
        self
    }

    /// Sets the round-trip cap (tests use a small one).
    pub fn with_max_round_trips(mut self, max: u32) -> Session {
        self.max_round_trips = max;
        self
    }

    /// Round trips so far.
    pub fn round_trips(&self) -> u32 {
        self.round_trips
    }

    /// The documents still queued to send, in order.
    pub fn queued(&self) -> impl Iterator<Item = &str> {
        self.queue.iter().map(String::as_str)
    }

    fn enqueue(&mut self, id: &str) {
        if !self.failed.contains_key(id) && self.queued.insert(id.to_string()) {
            self.queue.push_back(id.to_string());
        }
    }

    /// The session's sync state for `id`, starting from `persisted` (or
    /// from a new state once the server said it was restored).
    fn state_mut(&mut self, id: &str, persisted: impl FnOnce() -> sync::State) -> &mut sync::State {
        let fresh = self.reset;
        self.states.entry(id.to_string()).or_insert_with(|| {
            if fresh {
                sync::State::new()
            } else {
                persisted()
            }
        })
    }

    /// Whether the server just said it was restored from a backup, so the
    /// client must [`Session::offer`] every document it holds (true once).
    pub fn take_reset(&mut self) -> bool {
        std::mem::take(&mut self.reset_pending)
    }

    /// Queues documents to send (every stored one after a reset).
    pub fn offer(&mut self, ids: impl IntoIterator<Item = String>) {
        for id in ids {
            if !self.queued.contains(&id) && !self.states.contains_key(&id) {
                self.offered.insert(id.clone());
            }
            self.enqueue(&id);
        }
    }

    /// The next request, or `None` when the sync is complete. `now_ms` is
    /// the device's clock (Unix milliseconds), sent as the request's
    /// `device_time`. `load` gives a queued document (`None` when it is not
    /// stored: an empty one is used) and its persisted sync state; its
    /// error aborts the build.
    pub fn build_request<E>(
        &mut self,
        now_ms: i64,
        mut load: impl FnMut(&str) -> Result<(Option<AutoCommit>, sync::State), E>,
    ) -> Result<Option<SyncRequest>, BuildError<E>> {
        let mut docs = Vec::new();
        let mut bytes = 0;
        while docs.len() < MAX_REQUEST_DOCS && bytes < REQUEST_BYTES_TARGET {
            let Some(id) = self.queue.pop_front() else {
                break;
            };
            self.queued.remove(&id);
            let msg = match self.ready.remove(&id) {
                Some(ready) => ready,
                None => {
                    let (doc, persisted) = load(&id).map_err(BuildError::Load)?;
                    self.generate(&id, &mut doc.unwrap_or_default(), persisted)
                }
            };
            if let Some(msg) = msg {
                bytes += msg.msg.len();
                docs.push(msg);
            }
        }
        let first = self.round_trips == 0;
        if docs.is_empty() && !first && !self.more {
            return Ok(None);
        }
        if self.round_trips >= self.max_round_trips {
            return Err(BuildError::Session(SessionError::TooManyRoundTrips(
                self.round_trips,
            )));
        }
        self.round_trips += 1;
        Ok(Some(SyncRequest {
            device_time: Some(now_ms),
            cursor: self.cursor.clone(),
            docs,
        }))
    }

    /// The message for one document, or `None` when it has nothing to say.
    fn generate(
        &mut self,
        id: &str,
        doc: &mut AutoCommit,
        persisted: sync::State,
    ) -> Option<DocMsg> {
        let state = self.state_mut(id, || persisted);
        doc.sync().generate_sync_message(state).map(|m| DocMsg {
            id: id.to_string(),
            msg: super::compact::encode(m),
        })
    }

    /// Takes a response: records its cursor, `more` and per-document
    /// errors, and returns the messages to [`Session::receive`].
    pub fn accept(&mut self, resp: SyncResponse) -> Vec<DocMsg> {
        self.cursor = Some(resp.cursor);
        self.more = resp.more;
        if resp.reset && !self.reset {
            self.reset = true;
            self.reset_pending = true;
        }
        let mut msgs = Vec::new();
        for reply in resp.docs {
            match reply {
                DocReply::Msg(m) => msgs.push(m),
                DocReply::Error { id, error } => self.fail(id, error),
            }
        }
        msgs
    }

    fn fail(&mut self, id: String, error: ErrorBody) {
        self.states.remove(&id);
        self.ready.remove(&id);
        if self.queued.remove(&id) {
            self.queue.retain(|q| *q != id);
        }
        let changed_here = self.snapshot.iter().any(|(d, _)| *d == id);
        let refused = refused_as_forbidden(&error.code);
        if refused && changed_here && (self.reset || self.awaited.contains(&id)) {
            tracing::info!(
                id,
                "the restored server does not take this document yet: its changes wait"
            );
            self.failed.insert(id.clone(), AWAITING_RESTORE.to_string());
            self.awaiting.insert(id.clone());
            self.errors.push(DocRefusal {
                id,
                code: AWAITING_RESTORE.to_string(),
                message: if error.code == codes::FOREIGN_ACTOR {
                    format!("the sync server was restored from a backup and does not take changes of this document written on another device yet ({}): the changes stay on this device and are sent once the device that wrote them has given them back", error.message)
                } else {
                    "the sync server was restored from a backup that lacks this document, and this user may not create it: the changes stay on this device and are sent once the office's device has given it back".into()
                },
            });
            return;
        }
        self.failed.insert(id.clone(), error.code.clone());
        if refused && self.offered.contains(&id) {
            tracing::info!(
                id,
                "the restored server does not take this document from this device"
            );
            return;
        }
        self.errors.push(DocRefusal {
            id,
            code: error.code,
            message: error.message,
        });
    }

    /// Receives the server's message for `id` into `doc`. `state` is the
    /// persisted sync state the store loaded; on return it holds the state
    /// to persist. The answer is generated from `doc` now and the document
    /// queued to send it with the next request. A message that does not
    /// decode or apply is reported as `bad_message` for this document and
    /// the sync goes on.
    ///
    /// The same as [`Session::begin_receive`], [`receive_message`] and
    /// [`Session::end_receive`] in turn; the client runs the middle step
    /// of a batch's documents in parallel.
    pub fn receive(&mut self, id: &str, doc: &mut AutoCommit, state: &mut sync::State, msg: &[u8]) {
        let Some(start) = self.begin_receive(id) else {
            return;
        };
        let received = receive_message(start, doc, state, msg);
        self.end_receive(id, received);
    }

    /// The first step of receiving a message for `id`: what the session
    /// holds for it, or `None` when the document already failed in this
    /// sync (its message is ignored).
    pub fn begin_receive(&mut self, id: &str) -> Option<ReceiveStart> {
        if self.failed.contains_key(id) {
            return None;
        }
        Some(ReceiveStart {
            held: self.states.remove(id),
            fresh: self.reset,
        })
    }

    /// The last step: keeps the document's sync state, the answer to send
    /// and the outcome (or the `bad_message` error). (The bytes a document
    /// was received whole as, [`Received::whole`], are the store's: the
    /// client takes them before.)
    pub fn end_receive(&mut self, id: &str, received: Received) {
        self.states.insert(id.to_string(), received.state);
        match received.outcome {
            Ok(answer) => {
                let answer = answer.map(|msg| DocMsg {
                    id: id.to_string(),
                    msg,
                });
                self.ready.insert(id.to_string(), answer);
                self.received.insert(id.to_string());
                self.enqueue(id);
            }
            Err(e) => {
                self.fail(
                    id.to_string(),
                    ErrorBody::new(
                        codes::BAD_MESSAGE,
                        format!("the server's message for {id} could not be applied: {e}"),
                    ),
                );
            }
        }
    }

    /// Records a document the client could not handle at all (for example
    /// an id the store refuses), as a per-document error.
    pub fn reject(&mut self, id: &str, code: &str, message: impl Into<String>) {
        self.fail(id.to_string(), ErrorBody::new(code, message));
    }

    /// Ends a complete sync (after [`Session::build_request`] returned
    /// `None`): the cursor to store and the dirty entries to clear.
    pub fn finish(self) -> Completion {
        let failed = self.failed;
        let clear = self
            .snapshot
            .into_iter()
            .filter(|(id, _)| match failed.get(id) {
                None => true,
                Some(code) => refused_as_forbidden(code),
            })
            .collect();
        Completion {
            cursor: self.cursor,
            clear,
            awaiting_restore: self.awaiting.into_iter().collect(),
            errors: self.errors,
            docs_received: self.received.len(),
            round_trips: self.round_trips,
        }
    }
}

/// Whether a per-document code is handled like `forbidden`: resending the
/// same changes can never succeed (`forbidden`, `foreign_actor`).
fn refused_as_forbidden(code: &str) -> bool {
    code == codes::FORBIDDEN || code == codes::FOREIGN_ACTOR
}

/// [`Session::build_request`] failed.
#[derive(Debug, thiserror::Error)]
pub enum BuildError<E> {
    /// Loading a document failed.
    #[error("loading a document to sync: {0}")]
    Load(E),
    /// The session gave up.
    #[error(transparent)]
    Session(#[from] SessionError),
}

#[cfg(test)]
mod tests;
