//! One round trip of `POST /v1/sync`, as blocking work on the store:
//! receive each incoming document message, then add messages for the
//! documents the device may read that changed since the cursor.
//! (Over 500 lines on purpose: one round trip's steps read top to
//! bottom; the rules themselves live in `onsite_core::guard`.)
//!
//! Per incoming message: parse the id, decode the message, load the
//! document and the (device, document) sync state, check read access,
//! receive the message into the loaded copy, and — only when the document
//! changed — check that every new change is written under an actor the
//! device may use (`crate::attribution`), check the write rules (`onsite_core::guard`: schema, role,
//! state machine), file or flag a signed work order, and commit document,
//! sequence number, access row and sync state in one transaction. The reply is generated after that. A refused or failed
//! document never reaches the store, and the rest of the batch goes on.
//! Every step that runs Automerge code is under `catch_unwind`, so a panic
//! in the CRDT library fails that document only.
//!
//! Sync states are stored as `State::encode()` (the shared heads). Each
//! reply is computed from that and the message just received, so a retried
//! request gets the same answer and a lost response loses nothing. A state
//! that goes with a document change is committed with the document; the
//! others (a message that changed no document) are collected, those that
//! differ from the stored state are written together in one transaction at
//! the end of the round trip, before the response leaves. If that write
//! fails the request fails and the device retries it; a state that is older
//! than it could be only makes the next reply larger, never wrong.
//!
//! Per-document work is kept to one load of the document per round trip
//! at most (a document the device mentions is not answered again from the
//! changed list), and often none:
//!
//! - A message that only confirms the stored heads (no changes, no need) is
//!   settled from the `documents` row's heads without loading the document,
//!   and gets no reply — there is nothing left to say.
//! - The first message for a document the device never shared with the
//!   server (no stored shared heads) carries the whole document at once,
//!   instead of first asking what the device has. A new device's first
//!   sync is then one message per document each way. Where the store gives
//!   the document's saved form (SQLite: snapshot and chunks, whole), that
//!   message is made from the stored bytes without loading the document
//!   (`whole_document_message`); otherwise the document is loaded once.
//!
//! The cursor is the change-sequence number, 8 bytes big-endian.

use std::collections::HashSet;
use std::panic::{catch_unwind, AssertUnwindSafe};

use automerge::sync::{
    Capability, ChunkList, Have, Message, MessageFlags, MessageVersion, State, SyncDoc,
};
use automerge::AutoCommit;
use onsite_core::clock::Clock;
use onsite_core::model::{DocId, DocKind, Ts};
use onsite_core::sync::compact;
use onsite_core::sync::protocol::{
    codes, DocMsg, DocReply, SyncRequest, SyncResponse, MAX_ID_BYTES, MAX_REQUEST_DOCS,
};

use onsite_core::guard::{self, Records, Refusal, Writer};

use crate::access::{self, Access};
use crate::attribution::{self, Arrival, AttributionError};
use crate::auth::Principal;
use crate::error::HttpError;
use crate::filing::{self, Filing};
use crate::role::Role;
use crate::store::{ChangeRow, CommitOutcome, DocCommit, Reader, ServerStore, StoreError};
use crate::Limits;

/// How often a document write is retried after a concurrent change.
const ATTEMPTS: usize = 5;

/// The cursor for change-sequence number `seq` of the database with
/// `epoch`: the number (8 bytes big-endian), then the epoch (8 bytes).
pub fn encode_cursor(seq: u64, epoch: [u8; 8]) -> Vec<u8> {
    let mut c = seq.to_be_bytes().to_vec();
    c.extend_from_slice(&epoch);
    c
}

/// The change-sequence number a cursor stands for (0 for none) and the
/// epoch of the database that issued it (`None` for none, and for the
/// 8-byte cursors of servers before epochs).
pub fn decode_cursor(cursor: Option<&[u8]>) -> Result<(u64, Option<[u8; 8]>), HttpError> {
    let bad = || HttpError::bad_request("cursor is not one this server issued");
    match cursor {
        None => Ok((0, None)),
        Some(b) if b.len() == 8 => Ok((u64::from_be_bytes(b.try_into().map_err(|_| bad())?), None)),
        Some(b) if b.len() == 16 => {
            let (seq, epoch) = b.split_at(8);
            Ok((
                u64::from_be_bytes(seq.try_into().map_err(|_| bad())?),
                Some(epoch.try_into().map_err(|_| bad())?),
            ))
        }
        Some(_) => Err(bad()),
    }
}

/// Everything one round trip needs.
pub struct SyncContext<'a> {
    /// The store.
    pub store: &'a dyn ServerStore,
    /// The server clock (filing receipts).
    pub clock: &'a dyn Clock,
    /// Batch limits.
    pub limits: &'a Limits,
    /// The calling device.
    pub principal: &'a Principal,
}

/// Runs `f`, turning a panic into `Err` with its message.
pub fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|p| {
        p.downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_string())
    })
}

impl SyncContext<'_> {
    /// Processes one request.
    pub fn round_trip(&self, req: SyncRequest) -> Result<SyncResponse, HttpError> {
        if req.docs.len() > MAX_REQUEST_DOCS {
            return Err(HttpError::new(
                axum::http::StatusCode::BAD_REQUEST,
                codes::TOO_MANY_DOCS,
                format!(
                    "{} documents in one request; send at most {MAX_REQUEST_DOCS}",
                    req.docs.len()
                ),
            ));
        }
        let (mut after, issued_by) = decode_cursor(req.cursor.as_deref())?;
        // The push's clock skew, stored with the receipt of each change.
        let skew = req
            .device_time
            .map(|t| t.saturating_sub(self.clock.now().timestamp_millis()));
        let epoch = self.store.epoch()?;
        // Read before the query: a change committed meanwhile is sent again
        // next time rather than skipped.
        let max = self.store.max_seq()?;
        // A cursor of another epoch, or newer than anything stored: the
        // server's data was restored from a backup older than what the
        // device holds. Start over rather than miss changes, and tell the
        // device to offer back every document it holds.
        let reset = issued_by.is_some_and(|e| e != epoch) || after > max;
        if reset || after < self.principal.role_since {
            // (A role change since the cursor: what the user may read
            // changed, so the feed starts over too; the device holds what
            // it held, so no reset.)
            after = 0;
        }
        let mut docs = Vec::with_capacity(req.docs.len());
        let mut answered = HashSet::new();
        let mut states = Vec::new();
        for m in &req.docs {
            if !answered.insert(m.id.clone()) {
                docs.push(DocReply::error(
                    &m.id,
                    codes::BAD_MESSAGE,
                    "the same document twice in one request",
                ));
                continue;
            }
            if let Some(reply) = self.push(&m.id, &m.msg, &mut states, skew) {
                docs.push(reply);
            }
        }
        // One transaction for the round trip's remaining sync states, before
        // anything is answered.
        self.store
            .put_sync_states(self.principal.device_id, &states)?;
        let bytes: usize = docs.iter().map(reply_len).sum();
        let (changed, more, cursor, remaining) = self.changed(after, max, &answered, bytes)?;
        docs.extend(changed);
        Ok(SyncResponse {
            cursor: encode_cursor(cursor, epoch),
            docs,
            more,
            reset,
            remaining,
        })
    }

    /// Handles one incoming document message; `None` when there is nothing
    /// to answer. A sync state still to store is added to `states`; `skew`
    /// is the request's clock skew (device − server, ms).
    fn push(
        &self,
        id: &str,
        msg: &[u8],
        states: &mut Vec<(String, Vec<u8>)>,
        skew: Option<i64>,
    ) -> Option<DocReply> {
        let doc_id = match parse_id(id) {
            Ok(d) => d,
            Err(why) => return Some(DocReply::error(id, codes::BAD_MESSAGE, why)),
        };
        let message = match guarded(|| Message::decode(msg)) {
            Ok(Ok(m)) => m,
            Ok(Err(e)) => {
                return Some(DocReply::error(
                    id,
                    codes::BAD_MESSAGE,
                    format!("not an Automerge sync message: {e}"),
                ))
            }
            Err(p) => return Some(panicked(id, &p)),
        };
        if let Err(e) = crate::bloom_check::check(&message) {
            return Some(DocReply::error(
                id,
                codes::BAD_MESSAGE,
                format!("not an Automerge sync message: {e}"),
            ));
        }
        for _ in 0..ATTEMPTS {
            match guarded(|| self.push_once(&doc_id, message.clone(), skew)) {
                Ok(Ok((reply, state))) => {
                    states.extend(state.map(|s| (id.to_string(), s)));
                    return reply;
                }
                Ok(Err(StoreError::Conflict(_))) => continue,
                Ok(Err(e)) => {
                    tracing::error!(doc = id, error = %e, "store failed");
                    return Some(crate::error::store_failed_reply(id, &e));
                }
                Err(p) => return Some(panicked(id, &p)),
            }
        }
        Some(DocReply::error(
            id,
            codes::INTERNAL,
            "the document is busy with other writers; retry",
        ))
    }

    /// One attempt at [`Self::push`]: the reply, and the sync state still to
    /// store when the document did not change and the state did.
    ///
    /// A stored document the device may not read is handled exactly as an
    /// unknown id (an empty document, no stored state, nothing kept), so
    /// that no answer tells the two apart.
    fn push_once(
        &self,
        doc_id: &DocId,
        message: Message,
        skew: Option<i64>,
    ) -> Result<(Option<DocReply>, Option<Vec<u8>>), StoreError> {
        let (id, kind, p) = (doc_id.as_str(), doc_id.kind(), self.principal);
        if let Some(done) = self.acknowledged(id, &message)? {
            return Ok(done);
        }
        let stored = self.store.load_doc(id)?;
        let hidden = stored
            .as_ref()
            .is_some_and(|s| !self.may_read(id, &s.access));
        let stored = stored.filter(|_| !hidden);
        let existed = stored.is_some();
        let expected_seq = stored.as_ref().map(|s| s.seq);
        let assignee = stored.as_ref().and_then(|s| s.access.assignee.clone());
        let mut doc = stored.map(|s| s.doc).unwrap_or_default();
        let before_heads = doc.get_heads();
        let stored_state = match existed {
            true => self.store.sync_state(p.device_id, id)?,
            false => None,
        };
        let mut state = decode_state(stored_state.as_deref());
        // Changes whose dependencies this server lacks are dropped with the
        // loaded copy; `receive` makes the reply ask for them again.
        if let Err(e) = onsite_core::sync::receive::receive(&mut doc, &mut state, message) {
            return Ok((
                Some(DocReply::error(
                    id,
                    codes::BAD_MESSAGE,
                    format!("the message does not apply: {e}"),
                )),
                None,
            ));
        }
        let mut pending = None;
        if doc.get_heads() != before_heads {
            let writer = Writer {
                user: &p.user,
                role: p.role.core(),
            };
            if let Err(refusal) = self.check(writer, doc_id, &mut doc, &before_heads, existed) {
                return Ok((Some(refused(id, &refusal)), None));
            }
            if hidden {
                // Someone else's document under an id this device chose:
                // refused as any creation the writer may not make.
                let refusal = Refusal {
                    kind: guard::RefusalKind::Forbidden,
                    message: format!("{} may not create {id}", p.user),
                };
                return Ok((Some(refused(id, &refusal)), None));
            }
            let arrival = Arrival {
                principal: p,
                import: false,
                received_at: self.clock.now().timestamp_millis(),
                push_skew_ms: skew,
            };
            let checked = attribution::check_actors(
                self.store,
                arrival,
                doc_id,
                assignee.as_deref(),
                &mut doc,
                &before_heads,
            );
            let mut changes = match checked {
                Ok(rows) => rows,
                Err(AttributionError::Foreign(why)) => {
                    return Ok((Some(DocReply::error(id, codes::FOREIGN_ACTOR, why)), None))
                }
                Err(AttributionError::Store(e)) => return Err(e),
            };
            let via = self.via(&doc);
            let filed = self.file(&mut doc, id, kind, via, &mut changes)?;
            let (receipt, flag) = filed.into_rows();
            let outcome = self.store.commit_doc(DocCommit {
                id,
                kind,
                expected_seq,
                access: Access::derive(kind, &doc),
                doc: &mut doc,
                sync_state: Some((p.device_id, state.encode())),
                receipt,
                flag,
                changes,
            })?;
            if let CommitOutcome::Stored(seq) = outcome {
                tracing::debug!(doc = id, seq, user = %p.user, "stored");
            }
        } else if existed {
            let encoded = state.encode();
            if stored_state.as_deref() != Some(&encoded[..]) {
                pending = Some(encoded);
            }
        }
        // The state was decoded from storage, which forgets that this side
        // has spoken: without this, a message that only confirms equal
        // heads would get one more confirmation back, one more round trip
        // for nothing. With it, Automerge replies only when there is
        // something to say (a change, a need, different heads).
        state.have_responded = true;
        // The document is stored by now: a panic while answering must not
        // read as a refusal (found by the fuzz target `sync_apply`). Say
        // nothing; the device's next message starts from the stored state.
        let reply = guarded(|| doc.sync().generate_sync_message(&mut state)).unwrap_or_else(|p| {
            tracing::error!(doc = id, panic = %p, "automerge panicked answering a message");
            None
        });
        let reply = reply.map(|m| {
            DocReply::Msg(DocMsg {
                id: id.to_string(),
                msg: compact::encode(m),
            })
        });
        Ok((reply, pending))
    }

    /// The write rules (`onsite_core::guard`) on a changed document: the
    /// document as it was at `before_heads` against the document now.
    pub(crate) fn check(
        &self,
        writer: Writer<'_>,
        id: &DocId,
        doc: &mut AutoCommit,
        before_heads: &[automerge::ChangeHash],
        existed: bool,
    ) -> Result<(), Refusal> {
        let added = doc.save_after(before_heads).len();
        let before = match existed {
            true => Some(doc.fork_at(before_heads).map_err(|e| Refusal {
                kind: guard::RefusalKind::Invalid,
                message: format!("the stored document cannot be read back: {e}"),
            })?),
            false => None,
        };
        guard::check_write(
            writer,
            id,
            before.as_ref(),
            doc,
            added,
            &StoreRecords(self.store),
        )
    }

    /// How a signed record reached the server: `import` when the office's
    /// device brings a record assigned to someone else (an exported file
    /// imported there), `sync` otherwise.
    fn via(&self, doc: &AutoCommit) -> &'static str {
        let p = self.principal;
        let assignee = access::text_at(doc, "assignee");
        match p.role {
            Role::Office if assignee.is_some_and(|a| a != p.user) => "import",
            _ => "sync",
        }
    }

    /// The device's message only says that it holds exactly the stored
    /// heads (no changes, nothing needed): the document need not be loaded
    /// and there is nothing to answer. Returns the forbidden reply or the
    /// sync state still to store, or `None` when the message needs the
    /// document (the full path).
    #[allow(clippy::type_complexity)]
    fn acknowledged(
        &self,
        id: &str,
        message: &Message,
    ) -> Result<Option<(Option<DocReply>, Option<Vec<u8>>)>, StoreError> {
        if !message.changes.is_empty() || !message.need.is_empty() || message.heads.is_empty() {
            return Ok(None);
        }
        let Some(head) = self.store.doc_head(id)? else {
            return Ok(None);
        };
        if head.heads != message.heads {
            return Ok(None);
        }
        let p = self.principal;
        if !self.may_read(id, &head.access) {
            // Answered as an unknown id is, by the full path.
            return Ok(None);
        }
        // What receiving the message would leave: both sides share these heads.
        let encoded = State {
            shared_heads: message.heads.clone(),
            ..State::new()
        }
        .encode();
        let stored = self.store.sync_state(p.device_id, id)?;
        let pending = (stored.as_deref() != Some(&encoded[..])).then_some(encoded);
        Ok(Some((None, pending)))
    }

    /// Files or flags a work order (see [`filing`]) under the server's own
    /// actor, adding the receipt row of that change (`via: server`) to
    /// `changes`; a failure to write the receipt is logged and leaves the
    /// document as received.
    pub(crate) fn file(
        &self,
        doc: &mut AutoCommit,
        id: &str,
        kind: DocKind,
        via: &str,
        changes: &mut Vec<ChangeRow>,
    ) -> Result<Filing, StoreError> {
        if kind != DocKind::WorkOrder {
            return Ok(Filing::Nothing);
        }
        let filed = self.store.receipt(id)?;
        let now = Ts::from(self.clock.now());
        let heads = doc.get_heads();
        doc.set_actor(self.store.server_actor()?);
        Ok(
            match filing::file_or_flag(doc, id, now, via, filed.as_ref()) {
                Ok(f) => {
                    changes.extend(attribution::server_rows(
                        doc,
                        &heads,
                        now.0.timestamp_millis(),
                    ));
                    f
                }
                Err(e) => {
                    tracing::error!(doc = id, error = %e, "could not write the filing receipt");
                    doc.rollback();
                    Filing::Nothing
                }
            },
        )
    }

    fn may_read(&self, id: &str, access: &Access) -> bool {
        let p = self.principal;
        access::may_read(p.role, &p.user, access, || {
            self.store
                .linked_to(&p.user, id, access.kind)
                .unwrap_or_else(|e| {
                    tracing::error!(doc = id, error = %e, "access lookup failed");
                    false
                })
        })
    }

    fn state(&self, id: &str) -> Result<State, StoreError> {
        Ok(decode_state(
            self.store
                .sync_state(self.principal.device_id, id)?
                .as_deref(),
        ))
    }

    /// Messages for documents changed after `after`, skipping those already
    /// answered; returns them, whether more wait, the new cursor and, when
    /// more wait, how many (for the device's progress, "n of N": the feed's
    /// length, counted by the same query, less the rows this batch covers).
    fn changed(
        &self,
        after: u64,
        max: u64,
        answered: &HashSet<String>,
        mut bytes: usize,
    ) -> Result<(Vec<DocReply>, bool, u64, Option<u64>), StoreError> {
        let p = self.principal;
        let reader = Reader {
            user: &p.user,
            role: p.role,
        };
        // A few spare rows: at most two documents share a sequence number
        // (an order and the customer it brought), and a batch never splits them.
        let fetch = self.limits.batch_docs + answered.len() + 3;
        let page = self.store.changed_since(reader, after, fetch)?;
        let truncated = page.rows.len() == fetch;
        let (mut out, mut last, mut covered) = (Vec::new(), after, page.rows.len());
        for (i, row) in page.rows.iter().enumerate() {
            let full = out.len() >= self.limits.batch_docs || bytes >= self.limits.batch_bytes;
            if full && row.seq != last {
                covered = i;
                break;
            }
            last = row.seq;
            if answered.contains(&row.id) {
                continue;
            }
            if let Some(reply) = self.message_for(&row.id) {
                bytes += reply_len(&reply);
                out.push(reply);
            }
        }
        let more = covered < page.rows.len() || truncated;
        let cursor = if more { last } else { max.max(last) };
        let remaining = more.then(|| page.total.saturating_sub(covered as u64));
        Ok((out, more, cursor, remaining))
    }

    /// A message for a document the device did not mention, from the
    /// stored sync state; `None` when it cannot be made.
    fn message_for(&self, id: &str) -> Option<DocReply> {
        let made = guarded(|| -> Result<Option<Vec<u8>>, StoreError> {
            let state = self.state(id)?;
            if state.shared_heads.is_empty() {
                if let Some((saved, heads)) = self.store.saved_form(id)? {
                    return Ok(Some(whole_document_message(saved, heads)));
                }
            }
            let Some(mut stored) = self.store.load_doc(id)? else {
                return Ok(None);
            };
            Ok(changes_since_shared(&mut stored.doc, &state))
        });
        match made {
            Ok(Ok(Some(msg))) => Some(DocReply::Msg(DocMsg {
                id: id.to_string(),
                msg,
            })),
            Ok(Ok(None)) => None,
            Ok(Err(e)) => {
                tracing::error!(doc = id, error = %e, "could not load a changed document");
                None
            }
            Err(p) => {
                tracing::error!(doc = id, panic = %p, "automerge panicked generating a message");
                None
            }
        }
    }
}

/// Prepares `state` as if the device had said it holds exactly the stored
/// shared heads (none, for a document it never shared with the server) and
/// nothing else, and reads messages of `capability`, so that the first
/// message carries what the device lacks rather than only asking what it
/// has. With no shared heads that is the whole document (one compressed
/// Automerge "whole document" message, V2): it saves a round trip and a
/// load of the document per document on a new device's first sync. Should
/// the device hold some of it after all, Automerge ignores what it has and
/// the exchange goes on as usual. Every Onsite client decodes these
/// messages (automerge ≥ 0.6 sends and reads them).
fn assume_device_holds_shared(state: &mut State, capability: Capability) {
    let shared = state.shared_heads.clone();
    state.their_heads = Some(shared.clone());
    state.their_need = Some(Vec::new());
    state.their_have = Some(vec![Have {
        last_sync: shared,
        bloom: Default::default(),
    }]);
    state.their_capabilities = Some(vec![capability]);
}

/// The first message for a document the device already shares with the
/// server (stored shared heads; none for one it never shared whose saved
/// form could not serve): made as if the device had said it holds
/// exactly those heads and nothing else, so that it carries the changes
/// made since rather than only asking what the device has — a reconnect
/// gets a changed document in two round trips instead of three. Of the two
/// forms Automerge can give (the changes one by one, each compressed by
/// [`compact::encode`], or the whole document when they are over a third
/// of it) the smaller goes.
///
/// Should the device lack those heads after all (its store put back to an
/// older copy), the changes wait for their dependencies there and its
/// answer asks for a sync reset (`onsite_core::sync::receive`), after
/// which the exchange goes on from what it really holds; should it hold
/// changes the server lacks, Automerge answers with exactly those.
fn changes_since_shared(doc: &mut AutoCommit, state: &State) -> Option<Vec<u8>> {
    let mut form = |capability: Capability, encode: fn(Message) -> Vec<u8>| {
        let mut state = state.clone();
        assume_device_holds_shared(&mut state, capability);
        doc.sync().generate_sync_message(&mut state).map(encode)
    };
    let one_by_one = form(Capability::MessageV1, compact::encode);
    let whole = form(Capability::MessageV2, Message::encode);
    match (one_by_one, whole) {
        (Some(a), Some(b)) => Some(if b.len() < a.len() { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// The first message for a document the device never shared with the
/// server, made from the stored bytes without loading the document: what
/// `generate_sync_message` gives after [`assume_device_holds_shared`] with
/// no shared heads — a V2
/// message carrying the whole document, the server's heads, nothing
/// needed — except that its `have` says "I hold everything up to these
/// heads" (`last_sync` = the heads, an empty Bloom filter) instead of a
/// Bloom filter of every change, which needs the loaded document. Should
/// the device hold changes the server lacks, Automerge answers with
/// exactly those (the changes not among the heads' ancestors); should the
/// bytes not give the heads, the device asks for what it lacks (its
/// `need`) and the next round trip loads the document.
fn whole_document_message(saved: Vec<u8>, heads: Vec<automerge::ChangeHash>) -> Vec<u8> {
    let mut flags = MessageFlags::new();
    flags.set(MessageFlags::SUPPORTS_SYNC_RESET);
    Message {
        heads: heads.clone(),
        need: Vec::new(),
        have: vec![Have {
            last_sync: heads,
            bloom: Default::default(),
        }],
        changes: ChunkList::from(saved),
        flags: Some(flags),
        version: MessageVersion::V2,
    }
    .encode()
}

/// A stored sync state, or a fresh one when there is none or it does not
/// decode.
fn decode_state(stored: Option<&[u8]>) -> State {
    stored
        .and_then(|b| State::decode(b).ok())
        .unwrap_or_default()
}

/// A document id from a request: at most [`MAX_ID_BYTES`], of a known kind.
/// The message never repeats the id (the reply carries it once).
fn parse_id(id: &str) -> Result<DocId, String> {
    if id.len() > MAX_ID_BYTES {
        return Err(format!(
            "a document id is at most {MAX_ID_BYTES} bytes; this one has {}",
            id.len()
        ));
    }
    id.parse().map_err(|_| {
        let kinds: Vec<&str> = DocKind::ALL.iter().map(|k| k.prefix()).collect();
        format!(
            "not a document id: use <kind>:<id> with kind {}",
            kinds.join(", ")
        )
    })
}

/// The reply to a change the write rules refused.
pub(crate) fn refused(id: &str, r: &Refusal) -> DocReply {
    DocReply::error(id, refusal_code(r), r.message.clone())
}

/// The protocol's code for a refusal.
pub(crate) fn refusal_code(r: &Refusal) -> &'static str {
    match r.kind {
        guard::RefusalKind::Forbidden => codes::FORBIDDEN,
        guard::RefusalKind::Invalid => codes::INVALID_DOCUMENT,
        guard::RefusalKind::TooLarge => codes::TOO_LARGE,
        guard::RefusalKind::IllegalTransition => codes::ILLEGAL_TRANSITION,
    }
}

/// The server's own assignment records, for the write rules.
struct StoreRecords<'a>(&'a dyn ServerStore);

impl Records for StoreRecords<'_> {
    fn assignee_of(&self, work_order: &DocId) -> Option<String> {
        match self.0.doc_head(work_order.as_str()) {
            Ok(head) => head.and_then(|h| h.access.assignee),
            Err(e) => {
                tracing::error!(doc = %work_order, error = %e, "assignment lookup failed");
                None
            }
        }
    }
}

fn panicked(id: &str, panic: &str) -> DocReply {
    tracing::error!(doc = id, panic, "automerge panicked on a message");
    DocReply::error(
        id,
        codes::BAD_MESSAGE,
        "the message could not be processed by the CRDT library",
    )
}

fn reply_len(r: &DocReply) -> usize {
    match r {
        DocReply::Msg(m) => m.msg.len() + m.id.len(),
        DocReply::Error { id, error } => id.len() + error.message.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_are_eight_bytes_big_endian_and_others_are_refused() {
        let epoch = [9, 8, 7, 6, 5, 4, 3, 2];
        assert_eq!(
            encode_cursor(258, epoch),
            vec![0, 0, 0, 0, 0, 0, 1, 2, 9, 8, 7, 6, 5, 4, 3, 2]
        );
        assert_eq!(
            decode_cursor(Some(&encode_cursor(77, epoch))).unwrap(),
            (77, Some(epoch))
        );
        // A cursor from before epochs.
        assert_eq!(
            decode_cursor(Some(&[0, 0, 0, 0, 0, 0, 0, 5])).unwrap(),
            (5, None)
        );
        assert_eq!(decode_cursor(None).unwrap(), (0, None));
        assert!(decode_cursor(Some(&[1, 2, 3])).is_err());
    }

    #[test]
    fn a_panic_becomes_an_error_with_its_message() {
        let r: Result<(), String> = guarded(|| panic!("boom"));
        assert_eq!(r.unwrap_err(), "boom");
    }
}
