//! Bad input never crashes the server or changes a stored document: a
//! revoked token gets 401, a body that is not CBOR of the request's shape
//! 400 `{code, message}`, an oversized body 413, a message that does not
//! decode `bad_message` for that document only, and a document the device
//! may not touch `forbidden`. After each, the stored documents' heads are
//! compared with those before.

use automerge::sync::{self, SyncDoc};
use automerge::AutoCommit;
use onsite_core::model::DocId;
use onsite_core::rules::state::Role;
use onsite_core::sync::client::SyncError;
use onsite_core::sync::protocol::{
    self, codes, DocMsg, DocReply, ErrorBody, SyncRequest, SyncResponse,
};
use onsite_sync_server::Limits;
use onsite_tests::{new_order, part_doc, put_text, TestDevice, TestServer};

/// Posts a raw body; returns the status and the body.
async fn post(server: &TestServer, token: &str, body: Vec<u8>) -> (u16, Vec<u8>) {
    let resp = reqwest::Client::new()
        .post(format!("{}/v1/sync", server.url))
        .header("content-type", protocol::CONTENT_TYPE)
        .bearer_auth(token)
        .body(body)
        .send()
        .await
        .expect("post");
    (
        resp.status().as_u16(),
        resp.bytes().await.expect("body").to_vec(),
    )
}

/// Posts a request that must succeed.
async fn exchange(server: &TestServer, token: &str, docs: Vec<DocMsg>) -> SyncResponse {
    let body = protocol::encode(&SyncRequest { cursor: None, docs }).unwrap();
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

/// A server with an office that synced one work order for `eng` and one part.
async fn setup(limits: Limits) -> (TestServer, TestDevice, DocId, DocId) {
    let server = TestServer::start_with(limits).await;
    server.add_user("office", "office");
    server.add_user("eng", "engineer");
    server.add_user("other", "engineer");
    let office = TestDevice::enroll(&server, "office", Role::Office);
    let (wo, part) = office.with(|d| {
        let wo = d
            .create_work_order(new_order("成都市食品药品检验研究院", None))
            .unwrap()
            .wo
            .id;
        d.store
            .edit(std::slice::from_ref(&wo), |docs| {
                put_text(&mut docs[0], &["assignee"], "other")
            })
            .unwrap();
        let (part, mut am) = part_doc("LC-SEAL-01", 5);
        d.store.create_doc(&part, &mut am).unwrap();
        (wo, part)
    });
    office.sync().await;
    (server, office, wo, part)
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
    let (server, office, wo, _) = setup(Limits::default()).await;
    let before = server.all_heads();
    office.set_text(&wo, &["fault"], "改过的故障描述");
    server.revoke(office.enrollment.as_ref().unwrap().device.id);
    let err = office.try_sync().await.unwrap_err();
    assert!(matches!(err, SyncError::Unauthorized), "{err:?}");
    assert!(err
        .to_string()
        .contains("access was revoked or the token is wrong"));
    assert_eq!(office.dirty_count(), 1, "the edit waits on the device");
    let (status, _) = post(
        &server,
        "not-a-token",
        protocol::encode(&SyncRequest::default()).unwrap(),
    )
    .await;
    assert_eq!(status, 401);
    assert_eq!(server.all_heads(), before);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_cbor_gets_400_with_code_and_message() {
    let (server, office, _, _) = setup(Limits::default()).await;
    let token = office.enrollment.as_ref().unwrap().token.clone();
    let before = server.all_heads();
    let not_shaped = protocol::encode(&serde_json::json!({"docs": "nope"})).unwrap();
    for body in [b"\xff\x00garbage".to_vec(), Vec::new(), not_shaped] {
        let (status, bytes) = post(&server, &token, body).await;
        assert_eq!(status, 400);
        let e = error_body(&bytes);
        assert_eq!(e.code, codes::BAD_REQUEST);
        assert!(!e.message.is_empty());
    }
    assert_eq!(server.all_heads(), before);
    // The server is still fine.
    assert_eq!(office.sync().await.round_trips, 1);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_message_fails_its_document_only_and_the_rest_is_applied() {
    let (server, office, _, part) = setup(Limits::default()).await;
    let token = office.enrollment.as_ref().unwrap().token.clone();
    let before = server.all_heads();
    // A new part, exchanged the real way up to the message with changes.
    let (new_part, mut doc) = part_doc("GC-LNR-02", 3);
    let good = message_with_changes(&server, &token, new_part.as_str(), &mut doc).await;
    let resp = exchange(
        &server,
        &token,
        vec![
            DocMsg {
                id: part.to_string(),
                msg: b"\x42 not automerge".to_vec(),
            },
            DocMsg {
                id: new_part.to_string(),
                msg: good,
            },
        ],
    )
    .await;
    match reply_for(&resp, part.as_str()) {
        DocReply::Error { error, .. } => assert_eq!(error.code, codes::BAD_MESSAGE),
        other => panic!("expected bad_message, got {other:?}"),
    }
    assert!(matches!(
        reply_for(&resp, new_part.as_str()),
        DocReply::Msg(_)
    ));
    assert_eq!(
        server.heads(new_part.as_str()),
        Some(doc.get_heads()),
        "the good one applied"
    );
    let mut after = server.all_heads();
    after.remove(new_part.as_str());
    assert_eq!(after, before, "nothing else changed");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_body_gets_413() {
    let limits = Limits {
        max_body_bytes: 64 * 1024,
        ..Limits::default()
    };
    let (server, office, wo, _) = setup(limits).await;
    let token = office.enrollment.as_ref().unwrap().token.clone();
    let before = server.all_heads();
    let big = SyncRequest {
        cursor: None,
        docs: vec![DocMsg {
            id: wo.to_string(),
            msg: vec![0x42; 100 * 1024],
        }],
    };
    let (status, bytes) = post(&server, &token, protocol::encode(&big).unwrap()).await;
    assert_eq!(status, 413);
    assert_eq!(error_body(&bytes).code, codes::TOO_LARGE);
    // Through the client too: a document whose changes exceed the limit.
    office.set_text(&wo, &["fault"], &"很长的故障描述".repeat(10_000));
    match office.try_sync().await {
        Err(SyncError::Server { status: 413, body }) => assert_eq!(body.code, codes::TOO_LARGE),
        other => panic!("expected 413, got {other:?}"),
    }
    assert_eq!(server.all_heads(), before);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_document_the_device_may_not_touch_is_forbidden() {
    let (server, _office, wo, _) = setup(Limits::default()).await;
    let before = server.all_heads();
    let eng = TestDevice::enroll(&server, "eng", Role::Engineer);
    let token = eng.enrollment.as_ref().unwrap().token.clone();
    // Someone else's work order.
    let mut empty = AutoCommit::new();
    let msg = empty
        .sync()
        .generate_sync_message(&mut sync::State::new())
        .unwrap()
        .encode();
    let resp = exchange(
        &server,
        &token,
        vec![DocMsg {
            id: wo.to_string(),
            msg,
        }],
    )
    .await;
    match reply_for(&resp, wo.as_str()) {
        DocReply::Error { error, .. } => assert_eq!(error.code, codes::FORBIDDEN),
        other => panic!("expected forbidden, got {other:?}"),
    }
    assert!(resp
        .docs
        .iter()
        .all(|r| r.id() != wo.as_str() || matches!(r, DocReply::Error { .. })));
    // An engineer may not create a work order either: refused per document
    // by the real client, and the sync completes.
    let mine = eng.with(|d| {
        let (id, mut am) = part_doc("X", 1);
        let _ = id;
        let wo_id = DocId::new(onsite_core::model::DocKind::WorkOrder);
        put_text(&mut am, &["id"], wo_id.as_str()).unwrap();
        put_text(&mut am, &["kind"], "wo").unwrap();
        put_text(&mut am, &["assignee"], "eng").unwrap();
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
    assert_eq!(server.all_heads(), before);
    server.stop().await;
}
