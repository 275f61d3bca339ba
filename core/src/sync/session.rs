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
//! Per-document errors do not stop the sync. A `forbidden` document (for
//! instance a work order reassigned to someone else) is reported and its
//! dirty mark is cleared, since resending it can never succeed; if it is
//! ever assigned back, the server names it again and the Automerge exchange
//! sends the device's changes then. Any other per-document error (such as
//! `bad_message`) is reported and the document stays dirty, so the next
//! sync retries it (not this one: that could loop).

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

use automerge::sync::{self, SyncDoc};
use automerge::AutoCommit;

use super::protocol::{codes, DocMsg, DocReply, ErrorBody, SyncRequest, SyncResponse};

pub use super::protocol::MAX_REQUEST_DOCS;

/// Stop adding documents to a request once its messages reach this many
/// bytes (the server refuses bodies over 16 MiB). A single larger message
/// still goes alone.
pub const REQUEST_BYTES_TARGET: usize = 4 * 1024 * 1024;

/// The most round trips one sync may take before it is abandoned as a loop.
pub const MAX_ROUND_TRIPS: u32 = 1000;

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
pub struct DocError {
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
    /// documents with an error other than `forbidden`.
    pub clear: Vec<(String, i64)>,
    /// Per-document errors, in the order they came.
    pub errors: Vec<DocError>,
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
    errors: Vec<DocError>,
    failed: BTreeMap<String, String>,
    received: BTreeSet<String>,
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
        };
        for (id, _) in &dirty {
            s.enqueue(id);
        }
        s.snapshot = dirty;
        s
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

    /// The session's sync state for `id`, starting from `persisted`.
    fn state_mut(&mut self, id: &str, persisted: impl FnOnce() -> sync::State) -> &mut sync::State {
        self.states.entry(id.to_string()).or_insert_with(persisted)
    }

    /// The next request, or `None` when the sync is complete. `load` gives
    /// a queued document (`None` when it is not stored: an empty one is
    /// used) and its persisted sync state; its error aborts the build.
    pub fn build_request<E>(
        &mut self,
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
            msg: m.encode(),
        })
    }

    /// Takes a response: records its cursor, `more` and per-document
    /// errors, and returns the messages to [`Session::receive`].
    pub fn accept(&mut self, resp: SyncResponse) -> Vec<DocMsg> {
        self.cursor = Some(resp.cursor);
        self.more = resp.more;
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
        self.failed.insert(id.clone(), error.code.clone());
        self.errors.push(DocError {
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
    pub fn receive(&mut self, id: &str, doc: &mut AutoCommit, state: &mut sync::State, msg: &[u8]) {
        if self.failed.contains_key(id) {
            return;
        }
        let persisted = std::mem::take(state);
        let current = self.state_mut(id, || persisted);
        let result = sync::Message::decode(msg)
            .map_err(|e| e.to_string())
            .and_then(|m| {
                doc.sync()
                    .receive_sync_message(current, m)
                    .map_err(|e| e.to_string())
            });
        *state = current.clone();
        match result {
            Ok(()) => {
                let answer = doc.sync().generate_sync_message(current).map(|m| DocMsg {
                    id: id.to_string(),
                    msg: m.encode(),
                });
                self.ready.insert(id.to_string(), answer);
                self.received.insert(id.to_string());
                self.enqueue(id);
            }
            Err(e) => self.fail(
                id.to_string(),
                ErrorBody::new(
                    codes::BAD_MESSAGE,
                    format!("the server's message for {id} could not be applied: {e}"),
                ),
            ),
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
                Some(code) => code == codes::FORBIDDEN,
            })
            .collect();
        Completion {
            cursor: self.cursor,
            clear,
            errors: self.errors,
            docs_received: self.received.len(),
            round_trips: self.round_trips,
        }
    }
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
mod tests {
    //! Two in-process peers: a device driving [`Session`] and a small
    //! server that behaves like the real one (per-document sync state kept
    //! only as `State::encode`, a change sequence as cursor, paging).

    use super::*;
    use crate::sync::protocol::{decode, encode};
    use automerge::{transaction::Transactable, ReadDoc, ROOT};

    #[derive(Default)]
    struct Server {
        docs: BTreeMap<String, AutoCommit>,
        states: HashMap<String, Vec<u8>>,
        seq: BTreeMap<String, u64>,
        last_seq: u64,
        page: usize,
        forbidden: BTreeSet<String>,
        always_more: bool,
    }

    impl Server {
        fn new() -> Server {
            Server {
                page: 100,
                ..Default::default()
            }
        }

        fn put(&mut self, id: &str, key: &str, value: i64) {
            let doc = self.docs.entry(id.to_string()).or_default();
            doc.put(ROOT, key, value).unwrap();
            doc.commit();
            self.bump(id);
        }

        fn bump(&mut self, id: &str) {
            self.last_seq += 1;
            self.seq.insert(id.to_string(), self.last_seq);
        }

        fn state(&self, id: &str) -> sync::State {
            self.states
                .get(id)
                .map(|b| sync::State::decode(b).unwrap())
                .unwrap_or_default()
        }

        fn reply(&mut self, id: &str, state: &mut sync::State) -> Option<DocReply> {
            let doc = self.docs.entry(id.to_string()).or_default();
            let msg = doc.sync().generate_sync_message(state);
            self.states.insert(id.to_string(), state.encode());
            msg.map(|m| {
                DocReply::Msg(DocMsg {
                    id: id.to_string(),
                    msg: m.encode(),
                })
            })
        }

        fn handle(&mut self, body: &[u8]) -> Vec<u8> {
            let req: SyncRequest = decode(body).unwrap();
            let cursor = req
                .cursor
                .map(|c| u64::from_be_bytes(c.try_into().unwrap()))
                .unwrap_or(0);
            let mut replies = Vec::new();
            let mut named = BTreeSet::new();
            for m in req.docs {
                named.insert(m.id.clone());
                if self.forbidden.contains(&m.id) {
                    replies.push(DocReply::error(&m.id, codes::FORBIDDEN, "not yours"));
                    continue;
                }
                let Ok(msg) = sync::Message::decode(&m.msg) else {
                    replies.push(DocReply::error(&m.id, codes::BAD_MESSAGE, "undecodable"));
                    continue;
                };
                let mut state = self.state(&m.id);
                let doc = self.docs.entry(m.id.clone()).or_default();
                let before = doc.get_heads();
                doc.sync().receive_sync_message(&mut state, msg).unwrap();
                if doc.get_heads() != before {
                    self.bump(&m.id);
                }
                replies.extend(self.reply(&m.id, &mut state));
            }
            let mut changed: Vec<(u64, String)> = self
                .seq
                .iter()
                .filter(|(id, s)| {
                    **s > cursor && !named.contains(*id) && !self.forbidden.contains(*id)
                })
                .map(|(id, s)| (*s, id.clone()))
                .collect();
            changed.sort();
            let more = changed.len() > self.page || self.always_more;
            changed.truncate(self.page);
            let new_cursor = if changed.len() == self.page && more {
                changed.last().map(|c| c.0).unwrap_or(cursor)
            } else {
                self.last_seq
            };
            for (_, id) in changed {
                let mut state = self.state(&id);
                replies.extend(self.reply(&id, &mut state));
            }
            encode(&SyncResponse {
                cursor: new_cursor.to_be_bytes().to_vec(),
                docs: replies,
                more,
            })
            .unwrap()
        }
    }

    #[derive(Default)]
    struct Device {
        docs: BTreeMap<String, AutoCommit>,
        states: HashMap<String, Vec<u8>>,
        dirty: BTreeMap<String, i64>,
        gen: i64,
        cursor: Option<Vec<u8>>,
    }

    impl Device {
        fn put(&mut self, id: &str, key: &str, value: i64) {
            let doc = self.docs.entry(id.to_string()).or_default();
            doc.put(ROOT, key, value).unwrap();
            doc.commit();
            self.gen += 1;
            self.dirty.insert(id.to_string(), self.gen);
        }

        fn state(&self, id: &str) -> sync::State {
            self.states
                .get(id)
                .map(|b| sync::State::decode(b).unwrap())
                .unwrap_or_default()
        }

        /// Runs a whole sync; returns the completion and the request sizes.
        fn sync(&mut self, server: &mut Server) -> Result<(Completion, Vec<usize>), SessionError> {
            let dirty = self.dirty.iter().map(|(k, v)| (k.clone(), *v)).collect();
            let mut session = Session::new(self.cursor.clone(), dirty).with_max_round_trips(50);
            let mut sizes = Vec::new();
            loop {
                let req = session
                    .build_request(|id| Ok::<_, ()>((self.docs.get(id).cloned(), self.state(id))))
                    .map_err(|e| match e {
                        BuildError::Session(s) => s,
                        BuildError::Load(()) => unreachable!(),
                    })?;
                let Some(req) = req else { break };
                assert!(req.docs.len() <= MAX_REQUEST_DOCS);
                let body = encode(&req).unwrap();
                sizes.push(body.len());
                let resp: SyncResponse = decode(&server.handle(&body)).unwrap();
                for m in session.accept(resp) {
                    let mut doc = self.docs.get(&m.id).cloned().unwrap_or_default();
                    let mut state = self.state(&m.id);
                    session.receive(&m.id, &mut doc, &mut state, &m.msg);
                    if !doc.get_heads().is_empty() {
                        self.docs.insert(m.id.clone(), doc);
                    }
                    self.states.insert(m.id.clone(), state.encode());
                }
            }
            let done = session.finish();
            self.cursor = done.cursor.clone();
            for (id, gen) in &done.clear {
                if self.dirty.get(id) == Some(gen) {
                    self.dirty.remove(id);
                }
            }
            Ok((done, sizes))
        }
    }

    fn same(device: &mut Device, server: &mut Server, id: &str) -> bool {
        match (device.docs.get_mut(id), server.docs.get_mut(id)) {
            (Some(a), Some(b)) => a.get_heads() == b.get_heads(),
            _ => false,
        }
    }

    fn value(doc: &AutoCommit, key: &str) -> Option<i64> {
        match doc.get(ROOT, key).unwrap()? {
            (automerge::Value::Scalar(s), _) => s.as_i64(),
            _ => None,
        }
    }

    #[test]
    fn a_new_device_receives_everything_and_stores_the_cursor() {
        let mut server = Server::new();
        for i in 0..5 {
            server.put(&format!("wo:{i}"), "n", i);
        }
        let mut dev = Device::default();
        let (done, _) = dev.sync(&mut server).unwrap();
        assert!(done.errors.is_empty());
        assert_eq!(done.docs_received, 5);
        assert!(done.cursor.is_some());
        for i in 0..5 {
            assert!(same(&mut dev, &mut server, &format!("wo:{i}")));
        }
    }

    #[test]
    fn local_edits_reach_the_server_and_clear_the_snapshot() {
        let mut server = Server::new();
        let mut dev = Device::default();
        dev.put("wo:a", "x", 1);
        dev.put("wo:b", "y", 2);
        let (done, _) = dev.sync(&mut server).unwrap();
        assert_eq!(done.clear.len(), 2);
        assert!(dev.dirty.is_empty());
        assert_eq!(value(&server.docs["wo:a"], "x"), Some(1));
        assert!(same(&mut dev, &mut server, "wo:b"));
    }

    #[test]
    fn a_sync_with_no_change_is_one_small_round_trip() {
        let mut server = Server::new();
        for i in 0..50 {
            server.put(&format!("wo:{i}"), "n", i);
        }
        let mut dev = Device::default();
        dev.sync(&mut server).unwrap();
        let (done, sizes) = dev.sync(&mut server).unwrap();
        assert_eq!(done.round_trips, 1);
        assert_eq!(done.docs_received, 0);
        assert!(sizes[0] < 40, "{sizes:?}");
    }

    #[test]
    fn concurrent_edits_on_both_sides_converge() {
        let mut server = Server::new();
        let mut dev = Device::default();
        server.put("wo:1", "a", 1);
        dev.sync(&mut server).unwrap();
        server.put("wo:1", "b", 2);
        dev.put("wo:1", "c", 3);
        dev.put("wo:2", "d", 4);
        let (done, _) = dev.sync(&mut server).unwrap();
        assert!(done.errors.is_empty());
        assert!(same(&mut dev, &mut server, "wo:1"));
        assert!(same(&mut dev, &mut server, "wo:2"));
        let doc = &dev.docs["wo:1"];
        assert_eq!(
            (value(doc, "a"), value(doc, "b"), value(doc, "c")),
            (Some(1), Some(2), Some(3))
        );
        assert!(done.round_trips <= 3, "{} round trips", done.round_trips);
    }

    #[test]
    fn an_edit_made_during_a_sync_stays_dirty() {
        let mut server = Server::new();
        let mut dev = Device::default();
        dev.put("wo:1", "a", 1);
        let snapshot: Vec<_> = dev.dirty.iter().map(|(k, v)| (k.clone(), *v)).collect();
        let session = Session::new(None, snapshot);
        dev.put("wo:1", "a", 2); // edited again: a new generation
        let done = session.finish();
        for (id, gen) in &done.clear {
            if dev.dirty.get(id) == Some(gen) {
                dev.dirty.remove(id);
            }
        }
        assert!(dev.dirty.contains_key("wo:1"));
        dev.sync(&mut server).unwrap();
        assert_eq!(value(&server.docs["wo:1"], "a"), Some(2));
    }

    #[test]
    fn a_forbidden_document_is_reported_cleared_and_the_rest_synced() {
        let mut server = Server::new();
        server.forbidden.insert("wo:theirs".into());
        let mut dev = Device::default();
        dev.put("wo:theirs", "x", 1);
        dev.put("wo:mine", "x", 2);
        let (done, _) = dev.sync(&mut server).unwrap();
        assert_eq!(done.errors.len(), 1);
        assert_eq!(done.errors[0].code, codes::FORBIDDEN);
        assert_eq!(done.errors[0].id, "wo:theirs");
        assert!(dev.dirty.is_empty(), "forbidden is not retried forever");
        assert!(same(&mut dev, &mut server, "wo:mine"));
        assert!(!server.docs.contains_key("wo:theirs"));
    }

    #[test]
    fn the_answer_to_a_server_message_needs_no_second_load() {
        let mut server = Server::new();
        server.put("wo:1", "n", 1);
        let mut s = Session::new(None, Vec::new());
        let req = s
            .build_request(|_| Ok::<_, ()>((None, sync::State::new())))
            .unwrap()
            .unwrap();
        let resp: SyncResponse = decode(&server.handle(&encode(&req).unwrap())).unwrap();
        let mut doc = AutoCommit::new();
        for m in s.accept(resp) {
            let mut state = sync::State::new();
            s.receive(&m.id, &mut doc, &mut state, &m.msg);
        }
        let mut loads = 0;
        let req = s
            .build_request(|_| {
                loads += 1;
                Ok::<_, ()>((None, sync::State::new()))
            })
            .unwrap()
            .unwrap();
        assert_eq!(loads, 0, "the answer was made when the message came");
        assert_eq!(req.docs.len(), 1);
        assert_eq!(req.docs[0].id, "wo:1");
    }

    #[test]
    fn a_message_that_does_not_apply_is_reported_and_the_doc_stays_dirty() {
        let mut s = Session::new(None, vec![("wo:1".into(), 1), ("wo:2".into(), 2)]);
        let mut doc = AutoCommit::new();
        let mut state = sync::State::new();
        s.receive("wo:1", &mut doc, &mut state, b"\x42garbage");
        let done = s.finish();
        assert_eq!(done.errors[0].code, codes::BAD_MESSAGE);
        assert_eq!(done.clear, vec![("wo:2".to_string(), 2)]);
    }

    #[test]
    fn pages_marked_more_are_fetched_until_done() {
        let mut server = Server::new();
        server.page = 3;
        for i in 0..10 {
            server.put(&format!("wo:{i}"), "n", i);
        }
        let mut dev = Device::default();
        let (done, _) = dev.sync(&mut server).unwrap();
        assert_eq!(done.docs_received, 10);
        for i in 0..10 {
            assert!(same(&mut dev, &mut server, &format!("wo:{i}")), "wo:{i}");
        }
    }

    #[test]
    fn a_server_that_never_finishes_hits_the_round_trip_cap() {
        let mut server = Server::new();
        server.always_more = true;
        let mut dev = Device::default();
        dev.put("wo:1", "a", 1);
        let err = dev.sync(&mut server).map(|_| ()).unwrap_err();
        assert_eq!(err, SessionError::TooManyRoundTrips(50));
        assert!(dev.dirty.contains_key("wo:1"), "nothing cleared");
        assert!(dev.cursor.is_none(), "no cursor stored");
    }

    #[test]
    fn requests_never_carry_more_than_the_document_limit() {
        let mut server = Server::new();
        let mut dev = Device::default();
        for i in 0..(MAX_REQUEST_DOCS + 20) {
            dev.put(&format!("wo:{i}"), "n", i as i64);
        }
        let (done, _) = dev.sync(&mut server).unwrap();
        assert!(done.errors.is_empty());
        assert_eq!(server.docs.len(), MAX_REQUEST_DOCS + 20);
        assert!(dev.dirty.is_empty());
    }

    #[test]
    fn an_interrupted_sync_resumes_from_persisted_state() {
        let mut server = Server::new();
        let mut dev = Device::default();
        for i in 0..4 {
            dev.put(&format!("wo:{i}"), "n", i);
        }
        // One round trip, then the connection drops.
        let dirty = dev.dirty.iter().map(|(k, v)| (k.clone(), *v)).collect();
        let mut s = Session::new(None, dirty);
        let req = s
            .build_request(|id| Ok::<_, ()>((dev.docs.get(id).cloned(), dev.state(id))))
            .unwrap()
            .unwrap();
        server.handle(&encode(&req).unwrap());
        drop(s);
        let (done, _) = dev.sync(&mut server).unwrap();
        assert!(done.errors.is_empty());
        for i in 0..4 {
            assert!(same(&mut dev, &mut server, &format!("wo:{i}")));
        }
    }
}
