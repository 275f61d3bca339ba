//! Two in-process peers: a device ([`Peer`]) driving [`Session`] and a small
//! server that behaves like the real one (per-document sync state kept
//! only as `State::encode`, a change sequence as cursor, paging).
//!
//! (Over 500 lines on purpose: the pure session's cases, restore ones
//! included, share one in-memory server and its helpers.)

use super::*;
use crate::sync::protocol::{decode, encode};
use automerge::{transaction::Transactable, ReadDoc, ROOT};

/// The device's clock in these tests (Unix ms).
const NOW_MS: i64 = 1_767_225_600_000;

/// One side's documents and the sync state it keeps for each; [`Server`]
/// and [`Peer`] are each one (through `Deref`) with their own bookkeeping.
#[derive(Default)]
struct Replica {
    docs: BTreeMap<String, AutoCommit>,
    states: HashMap<String, Vec<u8>>,
}

impl Replica {
    /// Sets `key` to `value` in document `id` (created empty if new), as
    /// one change.
    fn put_value(&mut self, id: &str, key: &str, value: i64) {
        let doc = self.docs.entry(id.to_string()).or_default();
        doc.put(ROOT, key, value).unwrap();
        doc.commit();
    }

    /// The stored sync state for `id`, or a fresh one.
    fn state(&self, id: &str) -> sync::State {
        self.states
            .get(id)
            .map(|b| sync::State::decode(b).unwrap())
            .unwrap_or_default()
    }
}

/// Gives `$side` the documents and states of its `replica` field.
macro_rules! replica_deref {
    ($side:ty) => {
        impl std::ops::Deref for $side {
            type Target = Replica;
            fn deref(&self) -> &Replica {
                &self.replica
            }
        }
        impl std::ops::DerefMut for $side {
            fn deref_mut(&mut self) -> &mut Replica {
                &mut self.replica
            }
        }
    };
}
replica_deref!(Server);
replica_deref!(Peer);

#[derive(Default)]
struct Server {
    replica: Replica,
    seq: BTreeMap<String, u64>,
    last_seq: u64,
    page: usize,
    forbidden: BTreeSet<String>,
    /// Refused `foreign_actor` (a change under an actor not registered to
    /// the pushing device).
    foreign: BTreeSet<String>,
    /// The `device_time` of every request received.
    device_times: Vec<Option<i64>>,
    always_more: bool,
    /// Restored from a backup: the next response says `reset`.
    restored: bool,
}

impl Server {
    fn new() -> Server {
        Server {
            page: 100,
            ..Default::default()
        }
    }

    fn put(&mut self, id: &str, key: &str, value: i64) {
        self.put_value(id, key, value);
        self.bump(id);
    }

    /// Orders `wo:0` … `wo:{n-1}`, each with `n` set to its number.
    fn put_orders(&mut self, n: i64) {
        for i in 0..n {
            self.put(&format!("wo:{i}"), "n", i);
        }
    }

    fn bump(&mut self, id: &str) {
        self.last_seq += 1;
        self.seq.insert(id.to_string(), self.last_seq);
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
        self.device_times.push(req.device_time);
        let reset = std::mem::take(&mut self.restored);
        let cursor = req
            .cursor
            .filter(|_| !reset)
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
            if self.foreign.contains(&m.id) {
                replies.push(DocReply::error(
                    &m.id,
                    codes::FOREIGN_ACTOR,
                    format!("change 0123abcd of {} is written as another device's actor: nothing of it stored", m.id),
                ));
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
                **s > cursor
                    && !named.contains(*id)
                    && !self.forbidden.contains(*id)
                    && !self.foreign.contains(*id)
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
            reset,
            remaining: None,
        })
        .unwrap()
    }
}

#[derive(Default)]
struct Peer {
    replica: Replica,
    dirty: BTreeMap<String, i64>,
    gen: i64,
    cursor: Option<Vec<u8>>,
    awaiting: Vec<String>,
}

impl Peer {
    fn put(&mut self, id: &str, key: &str, value: i64) {
        self.put_value(id, key, value);
        self.gen += 1;
        self.dirty.insert(id.to_string(), self.gen);
    }

    /// Orders `wo:0` … `wo:{n-1}` edited here, each with `n` set to its number.
    fn put_orders(&mut self, n: i64) {
        for i in 0..n {
            self.put(&format!("wo:{i}"), "n", i);
        }
    }

    /// The dirty set a session starts from.
    fn snapshot(&self) -> Vec<(String, i64)> {
        self.dirty.iter().map(|(k, v)| (k.clone(), *v)).collect()
    }

    /// Forgets what `done` cleared, unless edited again since.
    fn clear(&mut self, done: &Completion) {
        for (id, gen) in &done.clear {
            if self.dirty.get(id) == Some(gen) {
                self.dirty.remove(id);
            }
        }
    }

    /// [`Peer::sync`], which must succeed with no per-document error.
    fn sync_clean(&mut self, server: &mut Server) -> Completion {
        let (done, _) = self.sync(server).unwrap();
        assert!(done.errors.is_empty(), "{:?}", done.errors);
        done
    }

    /// Runs a whole sync; returns the completion and the request sizes.
    fn sync(&mut self, server: &mut Server) -> Result<(Completion, Vec<usize>), SessionError> {
        let mut session = Session::new(self.cursor.clone(), self.snapshot())
            .awaiting(self.awaiting.clone())
            .with_max_round_trips(50);
        let mut sizes = Vec::new();
        loop {
            let req = session
                .build_request(NOW_MS, |id| {
                    Ok::<_, ()>((self.docs.get(id).cloned(), self.state(id)))
                })
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
            if session.take_reset() {
                session.offer(self.docs.keys().cloned().collect::<Vec<_>>());
            }
        }
        let done = session.finish();
        self.cursor = done.cursor.clone();
        self.awaiting = done.awaiting_restore.clone();
        self.clear(&done);
        Ok((done, sizes))
    }
}

fn same(device: &mut Peer, server: &mut Server, id: &str) -> bool {
    match (device.docs.get_mut(id), server.docs.get_mut(id)) {
        (Some(a), Some(b)) => a.get_heads() == b.get_heads(),
        _ => false,
    }
}

/// Each of `wo:0` … `wo:{n-1}` has the same heads on both sides.
fn assert_same_orders(device: &mut Peer, server: &mut Server, n: i64) {
    for i in 0..n {
        assert!(same(device, server, &format!("wo:{i}")), "wo:{i}");
    }
}

fn value(doc: &AutoCommit, key: &str) -> Option<i64> {
    match doc.get(ROOT, key).unwrap()? {
        (automerge::Value::Scalar(s), _) => s.as_i64(),
        _ => None,
    }
}

/// The two ways the server refuses a document it will not take.
#[derive(Clone, Copy, PartialEq)]
enum Refusal {
    /// `forbidden`: not the user's document.
    Forbidden,
    /// `foreign_actor`: a change under an actor not registered to the
    /// pushing device.
    ForeignActor,
}

impl Refusal {
    /// The per-document error code the server answers with.
    fn code(self) -> &'static str {
        match self {
            Refusal::Forbidden => codes::FORBIDDEN,
            Refusal::ForeignActor => codes::FOREIGN_ACTOR,
        }
    }

    /// What the server's sentence says, where the device must pass it on.
    fn sentence(self) -> Option<&'static str> {
        match self {
            Refusal::Forbidden => None,
            Refusal::ForeignActor => Some("another device's actor"),
        }
    }
}

impl Server {
    /// The documents this server refuses with `refusal`.
    fn refused(&mut self, refusal: Refusal) -> &mut BTreeSet<String> {
        match refusal {
            Refusal::Forbidden => &mut self.forbidden,
            Refusal::ForeignActor => &mut self.foreign,
        }
    }

    /// A server just restored from a backup (its next response says
    /// `reset`) that refuses `id` with `refusal`.
    fn restored_refusing(refusal: Refusal, id: &str) -> Server {
        let mut server = Server::new();
        server.restored = true;
        server.refused(refusal).insert(id.into());
        server
    }
}

impl Peer {
    /// A device that set `x` = 1 in `id` and synced it to `server`.
    fn synced(server: &mut Server, id: &str) -> Peer {
        let mut dev = Peer::default();
        dev.put(id, "x", 1);
        dev.sync(server).unwrap();
        dev
    }
}

/// The device sends `wo:mine` and `refused`, which the server refuses with
/// `refusal`: only `refused` is reported, both are cleared (resending
/// cannot succeed) and `wo:mine` is synced. Returns the completion.
fn assert_refused_and_the_rest_synced(refusal: Refusal, refused: &str) -> Completion {
    let mut server = Server::new();
    server.refused(refusal).insert(refused.into());
    let mut dev = Peer::default();
    dev.put(refused, "x", 1);
    dev.put("wo:mine", "x", 2);
    let (done, _) = dev.sync(&mut server).unwrap();
    assert_eq!(done.errors.len(), 1);
    assert_eq!(done.errors[0].code, refusal.code());
    assert_eq!(done.errors[0].id, refused);
    let code = refusal.code();
    assert!(dev.dirty.is_empty(), "{code} is not retried forever");
    assert!(done.awaiting_restore.is_empty());
    assert!(same(&mut dev, &mut server, "wo:mine"));
    assert!(!server.docs.contains_key(refused));
    done
}

/// `wo:a`, synced, then lost by a restore and changed again on the device,
/// is refused with `refusal` by the restored server: it is reported
/// awaiting restore and stays marked through later syncs; once the office
/// gives it back, the next sync sends the device's change and the mark
/// goes.
fn assert_refused_changed_document_stays_dirty_until_taken(refusal: Refusal) {
    let mut server = Server::new();
    let mut dev = Peer::synced(&mut server, "wo:a");
    let backup_lacks_it = server.docs.remove("wo:a").unwrap();
    dev.put("wo:a", "x", 2);

    let mut restored = Server::restored_refusing(refusal, "wo:a");
    for round in ["the reset sync", "a later sync"] {
        let (done, _) = dev.sync(&mut restored).unwrap();
        let codes: Vec<&str> = done.errors.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(codes, [AWAITING_RESTORE], "{round}");
        if let Some(sentence) = refusal.sentence() {
            assert!(done.errors[0].message.contains(sentence), "{round}");
        }
        assert_eq!(done.awaiting_restore, ["wo:a"], "{round}");
        assert!(dev.dirty.contains_key("wo:a"), "{round}: still to send");
    }

    // The office's device gives the document back; the next sync sends the
    // device's change and the mark goes.
    restored.refused(refusal).clear();
    restored.docs.insert("wo:a".into(), backup_lacks_it);
    restored.bump("wo:a");
    let done = dev.sync_clean(&mut restored);
    assert!(done.awaiting_restore.is_empty());
    assert!(dev.dirty.is_empty());
    assert_eq!(value(&restored.docs["wo:a"], "x"), Some(2));
}

#[test]
fn a_new_device_receives_everything_and_stores_the_cursor() {
    let mut server = Server::new();
    server.put_orders(5);
    let mut dev = Peer::default();
    let done = dev.sync_clean(&mut server);
    assert_eq!(done.docs_received, 5);
    assert!(done.cursor.is_some());
    assert_same_orders(&mut dev, &mut server, 5);
}

#[test]
fn local_edits_reach_the_server_and_clear_the_snapshot() {
    let mut server = Server::new();
    let mut dev = Peer::default();
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
    server.put_orders(50);
    let mut dev = Peer::default();
    dev.sync(&mut server).unwrap();
    let (done, sizes) = dev.sync(&mut server).unwrap();
    assert_eq!(done.round_trips, 1);
    assert_eq!(done.docs_received, 0);
    // The cursor, the device time and no document.
    assert!(sizes[0] < 60, "{sizes:?}");
}

#[test]
fn concurrent_edits_on_both_sides_converge() {
    let mut server = Server::new();
    let mut dev = Peer::default();
    server.put("wo:1", "a", 1);
    dev.sync(&mut server).unwrap();
    server.put("wo:1", "b", 2);
    dev.put("wo:1", "c", 3);
    dev.put("wo:2", "d", 4);
    let done = dev.sync_clean(&mut server);
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
    let mut dev = Peer::default();
    dev.put("wo:1", "a", 1);
    let session = Session::new(None, dev.snapshot());
    dev.put("wo:1", "a", 2); // edited again: a new generation
    let done = session.finish();
    dev.clear(&done);
    assert!(dev.dirty.contains_key("wo:1"));
    dev.sync(&mut server).unwrap();
    assert_eq!(value(&server.docs["wo:1"], "a"), Some(2));
}

#[test]
fn a_forbidden_document_is_reported_cleared_and_the_rest_synced() {
    assert_refused_and_the_rest_synced(Refusal::Forbidden, "wo:theirs");
}

#[test]
fn the_answer_to_a_server_message_needs_no_second_load() {
    let mut server = Server::new();
    server.put("wo:1", "n", 1);
    let mut s = Session::new(None, Vec::new());
    let req = s
        .build_request(NOW_MS, |_| Ok::<_, ()>((None, sync::State::new())))
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
        .build_request(NOW_MS, |_| {
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
    server.put_orders(10);
    let mut dev = Peer::default();
    let (done, _) = dev.sync(&mut server).unwrap();
    assert_eq!(done.docs_received, 10);
    assert_same_orders(&mut dev, &mut server, 10);
}

#[test]
fn a_server_that_never_finishes_hits_the_round_trip_cap() {
    let mut server = Server::new();
    server.always_more = true;
    let mut dev = Peer::default();
    dev.put("wo:1", "a", 1);
    let err = dev.sync(&mut server).map(|_| ()).unwrap_err();
    assert_eq!(err, SessionError::TooManyRoundTrips(50));
    assert!(dev.dirty.contains_key("wo:1"), "nothing cleared");
    assert!(dev.cursor.is_none(), "no cursor stored");
}

#[test]
fn requests_never_carry_more_than_the_document_limit() {
    let mut server = Server::new();
    let mut dev = Peer::default();
    dev.put_orders(MAX_REQUEST_DOCS as i64 + 20);
    dev.sync_clean(&mut server);
    assert_eq!(server.docs.len(), MAX_REQUEST_DOCS + 20);
    assert!(dev.dirty.is_empty());
}

#[test]
fn an_interrupted_sync_resumes_from_persisted_state() {
    let mut server = Server::new();
    let mut dev = Peer::default();
    dev.put_orders(4);
    // One round trip, then the connection drops.
    let mut s = Session::new(None, dev.snapshot());
    let req = s
        .build_request(NOW_MS, |id| {
            Ok::<_, ()>((dev.docs.get(id).cloned(), dev.state(id)))
        })
        .unwrap()
        .unwrap();
    server.handle(&encode(&req).unwrap());
    drop(s);
    dev.sync_clean(&mut server);
    assert_same_orders(&mut dev, &mut server, 4);
}

#[test]
fn a_reset_response_asks_once_for_every_document_and_forgets_the_persisted_states() {
    let mut server = Server::new();
    let dev = Peer::synced(&mut server, "wo:a");
    assert!(!dev.state("wo:a").shared_heads.is_empty());

    // The server was restored: its answer to the stored cursor says so.
    let mut session = Session::new(dev.cursor.clone(), vec![]);
    let load = |id: &str| Ok::<_, ()>((dev.docs.get(id).cloned(), dev.state(id)));
    session.build_request(NOW_MS, load).unwrap().unwrap();
    session.accept(SyncResponse {
        cursor: vec![0; 8],
        docs: vec![],
        more: false,
        reset: true,
        remaining: None,
    });
    assert!(session.take_reset());
    assert!(!session.take_reset(), "once per sync");
    session.offer(["wo:a".to_string()]);
    let req = session.build_request(NOW_MS, load).unwrap().unwrap();
    assert_eq!(req.docs.len(), 1);
    let msg = sync::Message::decode(&req.docs[0].msg).unwrap();
    assert!(
        msg.have.iter().all(|h| h.last_sync.is_empty()),
        "a fresh state, not the persisted one naming heads the server may not have"
    );
}

/// Regression (issue 12, restore): a document changed on the device that
/// the restored server refused `forbidden` (it lacks the document and the
/// user may not create it) had its changed mark cleared as if sent. It
/// stays marked and awaiting, through later syncs, until the server takes
/// it.
#[test]
fn after_a_restore_a_refused_changed_document_stays_dirty_until_the_server_takes_it() {
    assert_refused_changed_document_stays_dirty_until_taken(Refusal::Forbidden);
}

#[test]
fn after_a_restore_a_foreign_actor_changed_document_stays_dirty_until_the_server_takes_it() {
    assert_refused_changed_document_stays_dirty_until_taken(Refusal::ForeignActor);
}

#[test]
fn without_a_restore_a_forbidden_document_is_not_held() {
    let mut server = Server::new();
    let mut dev = Peer::default();
    dev.put("wo:a", "x", 1);
    dev.awaiting = vec!["wo:other".into()];
    server.forbidden.insert("wo:a".into());
    let (done, _) = dev.sync(&mut server).unwrap();
    assert_eq!(done.errors[0].code, codes::FORBIDDEN);
    assert!(done.awaiting_restore.is_empty());
    assert!(dev.dirty.is_empty(), "resending cannot succeed");
}

#[test]
fn every_request_carries_the_device_time_it_was_built_with() {
    let mut server = Server::new();
    server.put_orders(3);
    let mut dev = Peer::default();
    dev.put("wo:mine", "x", 1);
    dev.sync(&mut server).unwrap();
    assert!(!server.device_times.is_empty());
    assert!(
        server.device_times.iter().all(|t| *t == Some(NOW_MS)),
        "{:?}",
        server.device_times
    );
}

#[test]
fn a_foreign_actor_document_is_handled_like_forbidden_with_the_servers_sentence() {
    let done = assert_refused_and_the_rest_synced(Refusal::ForeignActor, "wo:relayed");
    assert!(
        done.errors[0].message.contains("another device's actor"),
        "the server's sentence: {}",
        done.errors[0].message
    );
}

#[test]
fn after_a_restore_a_document_only_offered_and_refused_foreign_actor_is_not_reported() {
    let mut server = Server::new();
    let mut dev = Peer::synced(&mut server, "wo:relayed");
    let mut restored = Server::restored_refusing(Refusal::ForeignActor, "wo:relayed");
    let done = dev.sync_clean(&mut restored);
    assert!(done.awaiting_restore.is_empty());
}
