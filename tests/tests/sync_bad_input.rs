//! Bad input never crashes the server or changes a stored document: a
//! revoked token gets 401, a body that is not CBOR of the request's shape
//! 400 `{code, message}`, an oversized body 413, a message that does not
//! decode `bad_message` for that document only, and a document the device
//! may not touch `forbidden`. After each, the stored documents' heads are
//! compared with those before.

use std::collections::BTreeMap;

use automerge::sync::{self, SyncDoc};
use automerge::{AutoCommit, ChangeHash};
use onsite_core::model::DocId;
use onsite_core::rules::state::Role;
use onsite_core::sync::client::SyncError;
use onsite_core::sync::protocol::{
    self, codes, DocMsg, DocReply, ErrorBody, SyncRequest, SyncResponse,
};
use onsite_sync_server::Limits;
use onsite_tests::builders::{owned_by, PartBuilder};
use onsite_tests::{new_order, put_text, TestDevice, TestServer};

/// Posts a raw body to `/v1/sync`; returns the status and the body.
async fn post(server: &TestServer, token: &str, body: Vec<u8>) -> (u16, Vec<u8>) {
    server.post("/v1/sync", Some(token), body).await
}

/// Posts a request that must succeed.
async fn exchange(server: &TestServer, token: &str, docs: Vec<DocMsg>) -> SyncResponse {
    let body = protocol::encode(&SyncRequest {
        cursor: None,
        docs,
        device_time: None,
    })
    .unwrap();
    let (status, bytes) = post(server, token, body).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    protocol::decode(&bytes).unwrap()
}

fn error_body(bytes: &[u8]) -> ErrorBody {
    serde_json::from_slice(bytes).unwrap_or_else(|e| {
        panic!(
            "not {{code, message}}: {e}: {}",
            String::from_utf8_lossy(bytes)
        )
    })
}

fn reply_for<'a>(resp: &'a SyncResponse, id: &str) -> &'a DocReply {
    resp.docs
        .iter()
        .find(|r| r.id() == id)
        .unwrap_or_else(|| panic!("no reply for {id}: {resp:?}"))
}

/// The reply for `id` must be the per-document error `code`.
fn assert_refused(resp: &SyncResponse, id: &str, code: &str) {
    match reply_for(resp, id) {
        DocReply::Error { error, .. } => assert_eq!(error.code, code),
        other => panic!("expected {code}, got {other:?}"),
    }
}

/// A server with an office that synced one work order for `other` and one
/// part, and what the server held then.
struct Setup {
    server: TestServer,
    office: TestDevice,
    token: String,
    wo: DocId,
    part: DocId,
    before: BTreeMap<String, Vec<ChangeHash>>,
}

async fn setup(limits: Limits) -> Setup {
    let server = TestServer::start_with(limits).await;
    server.add_user("eng", Role::Engineer);
    server.add_user("other", Role::Engineer);
    let office = server.device("office", Role::Office);
    let wo = office.create_order(new_order("成都市食品药品检验研究院"), Some("other"));
    let part = office.create_part("LC-SEAL-01", 5);
    office.sync().await;
    let before = server.all_heads();
    Setup {
        token: office.token(),
        server,
        office,
        wo,
        part,
        before,
    }
}

impl Setup {
    /// Checks that no stored document changed, and stops the server.
    async fn nothing_stored(self) {
        assert_eq!(self.server.all_heads(), self.before);
        self.server.stop().await;
    }
}

/// Two steps of the real protocol for a document the server lacks: the
/// second message carries its changes.
async fn message_with_changes(
    server: &TestServer,
    token: &str,
    id: &str,
    doc: &mut AutoCommit,
) -> Vec<u8> {
    let mut state = sync::State::new();
    let first = doc.sync().generate_sync_message(&mut state).unwrap();
    let resp = exchange(
        server,
        token,
        vec![DocMsg {
            id: id.into(),
            msg: first.encode(),
        }],
    )
    .await;
    if let DocReply::Msg(m) = reply_for(&resp, id) {
        doc.sync()
            .receive_sync_message(&mut state, sync::Message::decode(&m.msg).unwrap())
            .unwrap();
    }
    doc.sync()
        .generate_sync_message(&mut state)
        .unwrap()
        .encode()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_token_gets_401_and_nothing_is_stored() {
    let f = setup(Limits::default()).await;
    f.office.set_text(&f.wo, &["fault"], "改过的故障描述");
    f.server.revoke(f.office.device_id());
    let err = f.office.try_sync().await.unwrap_err();
    assert!(matches!(err, SyncError::Unauthorized), "{err:?}");
    assert!(err
        .to_string()
        .contains("access was revoked or the token is wrong"));
    assert_eq!(f.office.dirty_count(), 1, "the edit waits on the device");
    let body = protocol::encode(&SyncRequest::default()).unwrap();
    assert_eq!(post(&f.server, "not-a-token", body).await.0, 401);
    f.nothing_stored().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_cbor_gets_400_with_code_and_message() {
    let f = setup(Limits::default()).await;
    let not_shaped = protocol::encode(&serde_json::json!({"docs": "nope"})).unwrap();
    for body in [b"\xff\x00garbage".to_vec(), Vec::new(), not_shaped] {
        let (status, bytes) = post(&f.server, &f.token, body).await;
        assert_eq!(status, 400);
        let e = error_body(&bytes);
        assert_eq!(e.code, codes::BAD_REQUEST);
        assert!(!e.message.is_empty());
    }
    assert_eq!(f.server.all_heads(), f.before);
    // The server is still fine.
    assert_eq!(f.office.sync().await.round_trips, 1);
    f.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_message_fails_its_document_only_and_the_rest_is_applied() {
    let f = setup(Limits::default()).await;
    // A new part, exchanged the real way up to the message with changes.
    let (new_part, doc) = PartBuilder::new("GC-LNR-02").stock(3).doc();
    // Written by the office device, whose token pushes it.
    let mut doc = f.office.with_store(|s| owned_by(s, &doc));
    let good = message_with_changes(&f.server, &f.token, new_part.as_str(), &mut doc).await;
    let resp = exchange(
        &f.server,
        &f.token,
        vec![
            DocMsg {
                id: f.part.to_string(),
                msg: b"\x42 not automerge".to_vec(),
            },
            DocMsg {
                id: new_part.to_string(),
                msg: good,
            },
        ],
    )
    .await;
    assert_refused(&resp, f.part.as_str(), codes::BAD_MESSAGE);
    assert!(matches!(
        reply_for(&resp, new_part.as_str()),
        DocReply::Msg(_)
    ));
    assert_eq!(
        f.server.heads(new_part.as_str()),
        Some(doc.get_heads()),
        "the good one applied"
    );
    let mut after = f.server.all_heads();
    after.remove(new_part.as_str());
    assert_eq!(after, f.before, "nothing else changed");
    f.server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_body_gets_413() {
    let limits = Limits {
        max_body_bytes: 64 * 1024,
        ..Limits::default()
    };
    let f = setup(limits).await;
    let big = SyncRequest {
        device_time: None,
        cursor: None,
        docs: vec![DocMsg {
            id: f.wo.to_string(),
            msg: vec![0x42; 100 * 1024],
        }],
    };
    let (status, bytes) = post(&f.server, &f.token, protocol::encode(&big).unwrap()).await;
    assert_eq!(status, 413);
    assert_eq!(error_body(&bytes).code, codes::TOO_LARGE);
    // Through the client too: a document whose changes exceed the limit
    // even compressed (changes travel compressed, so a repeated text would
    // fit: this one does not repeat).
    let mut x: u32 = 2463534242;
    let text: String = (0..60_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            char::from_u32(0x4E00 + x % 20_000).unwrap()
        })
        .collect();
    f.office.set_text(&f.wo, &["fault"], &text);
    match f.office.try_sync().await {
        Err(SyncError::Server { status: 413, body }) => assert_eq!(body.code, codes::TOO_LARGE),
        other => panic!("expected 413, got {other:?}"),
    }
    f.nothing_stored().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_document_the_device_may_not_touch_is_forbidden() {
    let f = setup(Limits::default()).await;
    let wo = f.wo.clone();
    let eng = f.server.device("eng", Role::Engineer);
    // Someone else's work order: answered exactly as an unknown id is
    // (nothing to say to a message without changes), never sent.
    let mut empty = AutoCommit::new();
    let msg = empty
        .sync()
        .generate_sync_message(&mut sync::State::new())
        .unwrap()
        .encode();
    let resp = exchange(
        &f.server,
        &eng.token(),
        vec![DocMsg {
            id: wo.to_string(),
            msg,
        }],
    )
    .await;
    assert!(
        resp.docs.iter().all(|r| r.id() != wo.as_str()),
        "no answer tells it exists: {resp:?}"
    );
    // An engineer may not create a work order either: refused per document
    // by the real client, and the sync completes.
    let mine = eng.with(|d| {
        let (_, mut am) = PartBuilder::new("X").stock(1).doc();
        let wo_id = DocId::new(onsite_core::model::DocKind::WorkOrder);
        put_text(&mut am, &["id"], wo_id.as_str()).unwrap();
        put_text(&mut am, &["kind"], "wo").unwrap();
        put_text(&mut am, &["assignee"], "eng").unwrap();
        let mut am = owned_by(&d.store, &am);
        d.store.create_doc(&wo_id, &mut am).unwrap();
        wo_id
    });
    let out = eng.sync().await;
    assert_eq!(out.errors.len(), 1, "{:?}", out.errors);
    assert_eq!(out.errors[0].id, mine.as_str());
    assert_eq!(out.errors[0].code, codes::FORBIDDEN);
    assert!(
        !eng.doc_ids().contains(wo.as_str()),
        "nothing of it was sent back"
    );
    f.nothing_stored().await;
}
