//! Target `sync_apply`: one document's Automerge sync message, sent by a
//! device in a `POST /v1/sync` round trip ([`SyncContext::round_trip`]) to a
//! store holding the [`world`](crate::world).
//!
//! Input: `[who, which, message…]` — `who` picks the sending device
//! ([`Who::from_byte`]), `which` the document id ([`ids`]: the world's
//! documents, two new ids and one malformed id), the rest is the message.
//!
//! Invariants beyond "no panic":
//! - the round trip answers (one document's message never fails the
//!   request), and the response encodes and decodes to itself, with one
//!   reply per document, an 8-byte cursor not behind the request's, every
//!   message decodable, every error with a known code and a message, and
//!   no `internal` error (bad input is a per-document refusal, not a
//!   server failure);
//! - a refused message leaves the whole store as it was (documents, heads,
//!   sequence numbers, access rows, sync states, receipts, flags);
//! - an accepted one changes no document but its own, and a stored
//!   document that changed is of its id's kind;
//! - the device gets a message only for a document it may read.

use automerge::sync::Message;
use onsite_core::doc;
use onsite_core::model::DocId;
use onsite_core::sync::protocol::{self, codes, DocMsg, DocReply, SyncRequest, SyncResponse};
use onsite_sync_server::access;
use onsite_sync_server::store::ServerStore;
use onsite_sync_server::sync::{decode_cursor, encode_cursor};

use crate::world::{self, Snapshot, Who, World};

/// The ids an input's second byte picks from, in order ([`world::ids`]).
pub fn ids() -> Vec<String> {
    world::ids()
}

/// The input that sends `msg` for `id` from `who`'s device.
pub fn input(who: Who, id: &str, msg: &[u8]) -> Vec<u8> {
    let which = ids()
        .iter()
        .position(|i| i == id)
        .unwrap_or_else(|| panic!("{id} is not one of the target's ids"));
    let mut out = vec![who.byte(), which as u8];
    out.extend_from_slice(msg);
    out
}

/// The harness.
pub fn run(data: &[u8]) {
    let [who, which, msg @ ..] = data else {
        return;
    };
    let who = Who::from_byte(*who);
    let ids = ids();
    let id = ids[*which as usize % ids.len()].as_str();
    world::with_world(|world| apply(world, who, id, msg));
}

fn apply(world: &World, who: Who, id: &str, msg: &[u8]) {
    if let Ok(Ok(m)) = onsite_sync_server::sync::guarded(|| Message::decode(msg)) {
        world.register_actors(who, id, m.changes.iter());
    }
    let before = world.snapshot(&[id]);
    let req = SyncRequest {
        device_time: None,
        cursor: Some(encode_cursor(
            before.max_seq,
            world.store.epoch().expect("epoch"),
        )),
        docs: vec![DocMsg {
            id: id.to_string(),
            msg: msg.to_vec(),
        }],
    };
    let resp = world
        .ctx(who)
        .round_trip(req)
        .unwrap_or_else(|e| panic!("one document's message failed the whole request: {e:?}"));
    let after = world.snapshot(&[id]);
    well_formed(&resp, id, before.max_seq);
    readable_only(world, who, &resp);
    match resp.docs.iter().find(|r| r.id() == id) {
        Some(DocReply::Error { error, .. }) => {
            assert_ne!(
                error.code,
                codes::INTERNAL,
                "bad input is refused, not a server failure: {}",
                error.message
            );
            let changed = before.changes(&after);
            assert!(
                changed.is_empty(),
                "{who:?}'s message for {id} was refused ({}: {}) yet the store changed: {changed:?}",
                error.code,
                error.message
            );
        }
        _ => accepted(world, &before, &after, id),
    }
}

/// The response's shape: see the module documentation.
fn well_formed(resp: &SyncResponse, id: &str, after_seq: u64) {
    let bytes = protocol::encode(resp).expect("the response encodes");
    let back: SyncResponse = protocol::decode(&bytes).expect("the response decodes");
    assert_eq!(&back, resp, "the response reads back as sent");
    let (seq, _epoch) = decode_cursor(Some(&resp.cursor)).expect("a cursor the server issues");
    assert!(
        seq >= after_seq,
        "the cursor went back: {seq} < {after_seq}"
    );
    let mut seen = std::collections::HashSet::new();
    for reply in &resp.docs {
        assert!(seen.insert(reply.id()), "two replies for {}", reply.id());
        match reply {
            DocReply::Msg(m) => {
                Message::decode(&m.msg)
                    .unwrap_or_else(|e| panic!("the reply for {} does not decode: {e}", m.id));
            }
            DocReply::Error { id: about, error } => {
                assert_eq!(about, id, "an error about a document not sent");
                assert!(
                    [
                        codes::FORBIDDEN,
                        codes::BAD_MESSAGE,
                        codes::INTERNAL,
                        codes::FOREIGN_ACTOR
                    ]
                    .contains(&error.code.as_str()),
                    "unknown per-document error code {:?}",
                    error.code
                );
                assert!(
                    !error.message.trim().is_empty(),
                    "an error without a message"
                );
            }
        }
    }
}

/// Every message in the response is about a document `who` may read, or
/// says nothing of it: a document the user may not read is answered as an
/// unknown id is (the message of an empty document: no changes, no heads).
fn readable_only(world: &World, who: Who, resp: &SyncResponse) {
    let p = world.principal(who);
    for reply in &resp.docs {
        let DocReply::Msg(m) = reply else { continue };
        let msg = Message::decode(&m.msg).expect("checked above");
        let Some(head) = world.store.doc_head(&m.id).expect("doc head") else {
            // About a document the server does not hold: it can only ask.
            assert!(
                msg.changes.is_empty(),
                "changes of {}, which is not stored",
                m.id
            );
            continue;
        };
        let linked = || {
            world
                .store
                .linked_to(&p.user, &m.id, head.access.kind)
                .expect("link")
        };
        if !access::may_read(p.role, &p.user, &head.access, linked) {
            assert!(
                msg.changes.is_empty() && msg.heads.is_empty(),
                "{} got something of {}, which they may not read",
                p.user,
                m.id
            );
        }
    }
}

/// An accepted message changed nothing but its own document.
fn accepted(world: &World, before: &Snapshot, after: &Snapshot, id: &str) {
    before.assert_only_changed(after, id, &format!("a message for {id}"));
    if after.head(id).map(|h| &h.0) != before.head(id).map(|h| &h.0) {
        let kind = id.parse::<DocId>().expect("a stored id parses").kind();
        let stored = world.store.load_doc(id).expect("load").expect("stored");
        if let Some(found) = doc::kind_of(&stored.doc) {
            assert_eq!(found, kind, "{id} was stored saying it is a {found}");
        }
    }
}
