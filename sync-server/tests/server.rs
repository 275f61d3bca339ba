//! End-to-end tests of the sync server: a real server on 127.0.0.1:0 with
//! its SQLite file in a temporary directory, and test devices that run the
//! protocol loop of `docs/sync-protocol.md` over HTTP.
//!
//! Over 500 lines on purpose: one file is one test binary (one link of the
//! server and the harness, as ripgrep keeps its integration tests), and it
//! reads top to bottom as the protocol document does — health and tokens,
//! access, sync, import, filing.

use automerge::sync::{State, SyncDoc};
use automerge::AutoCommit;
use chrono::{DateTime, TimeZone, Utc};
use onsite_core::model::{DocId, DocKind, WorkOrder};
use onsite_core::rules::state::{Role, Status};
use onsite_core::sync::protocol::{self, DocMsg, DocReply, SyncRequest};
use onsite_core::testing::{sign_off, CustomerBuilder, PickupBuilder, WorkOrderBuilder};
use onsite_sync_server::Limits;
use onsite_test_support::{json, RawDevice, TestDevice, TestServer};

#[path = "server/attribution.rs"]
mod attribution;
#[path = "server/blobs.rs"]
mod blobs;
#[path = "server/complaints.rs"]
mod complaints;
#[path = "server/contracts.rs"]
mod contracts;
#[path = "server/customers.rs"]
mod customers;
#[path = "server/expert.rs"]
mod expert;
#[path = "server/followups.rs"]
mod followups;
#[path = "server/holes.rs"]
mod holes;
#[path = "server/http_errors.rs"]
mod http_errors;
#[path = "server/instances.rs"]
mod instances;
#[path = "server/orphans.rs"]
mod orphans;
#[path = "server/people.rs"]
mod people;
#[path = "server/progress.rs"]
mod progress;
#[path = "server/restore.rs"]
mod restore;
#[path = "server/tolerant.rs"]
mod tolerant;
#[path = "server/warehouse.rs"]
mod warehouse;
#[path = "server/write_rules.rs"]
mod write_rules;

const YANG: &str = "yangjinwei";
const TANG: &str = "tangrong";

/// The fixed server time of every test.
fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 8, 0, 0).unwrap()
}

/// A server whose clock shows [`t0`].
async fn server_with(limits: Limits) -> TestServer {
    TestServer::options()
        .limits(limits)
        .fixed_clock(t0())
        .start()
        .await
}

async fn server() -> TestServer {
    server_with(Limits::default()).await
}

/// Two office desks and yangjinwei: the users of the tests where two
/// desks work offline at once.
const TWO_DESKS_AND_YANG: [(&str, Role); 3] = [
    ("office", Role::Office),
    ("office2", Role::Office),
    (YANG, Role::Engineer),
];

/// A server and, for each `(user, role)` in order, that user enrolled with
/// a device of the app's own sync client.
async fn server_and<const N: usize>(who: [(&str, Role); N]) -> (TestServer, [TestDevice; N]) {
    let s = server().await;
    let devices = who.map(|(user, role)| s.device(user, role));
    (s, devices)
}

/// A server and, for each `(user, role)` in order, that user enrolled with
/// a raw device (hand-made sync messages).
async fn server_and_raw<const N: usize>(who: [(&str, Role); N]) -> (TestServer, [RawDevice; N]) {
    let s = server().await;
    let devices = who.map(|(user, role)| s.raw_device(user, role));
    (s, devices)
}

/// An HTTP answer must be `status` with the error body `{code, message}`.
fn assert_refused((status, body): (u16, Vec<u8>), want: u16, code: &str) {
    assert_eq!(status, want, "{}", String::from_utf8_lossy(&body));
    assert_eq!(json(&body)["code"], code);
}

/// The server, an office device and yangjinwei's.
async fn office_and_yang() -> (TestServer, RawDevice, RawDevice) {
    let s = server().await;
    let office = s.raw_device("office", Role::Office);
    let yang = s.raw_device(YANG, Role::Engineer);
    (s, office, yang)
}

/// The server, the office and yangjinwei, and one order for yangjinwei that
/// the office created and synced.
async fn one_order_for_yang() -> (TestServer, RawDevice, RawDevice, WorkOrder) {
    let (s, mut office, yang) = office_and_yang().await;
    let wo = office.send_order_for(YANG).await;
    (s, office, yang, wo)
}

/// [`one_order_for_yang`] and a second order the office created for
/// `whom` and synced.
async fn two_orders_second_for(
    whom: &str,
) -> (TestServer, RawDevice, RawDevice, WorkOrder, WorkOrder) {
    let (s, mut office, yang, wo) = one_order_for_yang().await;
    let other = office.send_order_for(whom).await;
    (s, office, yang, wo, other)
}

/// [`one_order_for_yang`] once yangjinwei has synced it.
async fn yang_holds_an_order() -> (TestServer, RawDevice, RawDevice, WorkOrder) {
    let (s, office, mut yang, wo) = one_order_for_yang().await;
    yang.sync().await;
    (s, office, yang, wo)
}

/// [`yang_holds_an_order`], signed on yangjinwei's device (not synced).
async fn yang_signs_an_order() -> (TestServer, RawDevice, RawDevice, WorkOrder) {
    let (s, office, mut yang, wo) = yang_holds_an_order().await;
    yang.edit_wo(wo.id.as_str(), |w| sign_off(w, t0()));
    (s, office, yang, wo)
}

/// The server, the office, yangjinwei and tangrong; a customer and
/// yangjinwei's order for it, created at the office (not synced yet).
async fn an_order_with_its_customer() -> (
    TestServer,
    RawDevice,
    RawDevice,
    RawDevice,
    DocId,
    WorkOrder,
) {
    let (s, [mut office, yang, tang]) = server_and_raw([
        ("office", Role::Office),
        (YANG, Role::Engineer),
        (TANG, Role::Engineer),
    ])
    .await;
    let cust = CustomerBuilder::new("华东电力").build();
    office.create(&cust.id, &cust);
    let wo = office.create_customer_order(&cust.id, YANG);
    (s, office, yang, tang, cust.id, wo)
}

#[tokio::test]
async fn health_answers_without_a_token() {
    let s = server().await;
    let (status, body) = s.get("/v1/health", None).await;
    assert_eq!(status, 200);
    let v = json(&body);
    assert_eq!(v["status"], "ok");
    assert!(v["version"].is_string());
    s.stop().await;
}

#[tokio::test]
async fn me_reports_the_user_role_device_and_slot() {
    let s = server().await;
    let first = s.raw_device(YANG, Role::Engineer);
    let second = s.raw_device(TANG, Role::Engineer);
    let (status, body) = s.get("/v1/me", Some(&second.token)).await;
    assert_eq!(status, 200);
    let v = json(&body);
    assert_eq!(v["user"], "tangrong");
    assert_eq!(v["role"], "engineer");
    assert_eq!(v["device_id"], second.device_id);
    assert_eq!(v["slot"], 2);
    assert_eq!(
        json(&s.get("/v1/me", Some(&first.token)).await.1)["slot"],
        1
    );
    assert_eq!(s.get("/v1/me", None).await.0, 401);
    s.stop().await;
}

#[tokio::test]
async fn no_unknown_or_revoked_tokens_get_401() {
    let s = server().await;
    let body = protocol::encode(&SyncRequest::default()).unwrap();
    assert_eq!(s.post("/v1/sync", None, body.clone()).await.0, 401);
    let stranger = s.stranger();
    assert_eq!(
        s.post("/v1/sync", Some(&stranger.token), body.clone())
            .await
            .0,
        401
    );
    assert_eq!(
        s.post("/v1/sync", Some("not-even-hex"), body.clone())
            .await
            .0,
        401
    );
    let dev = s.raw_device(YANG, Role::Engineer);
    assert_eq!(
        s.post("/v1/sync", Some(&dev.token), body.clone()).await.0,
        200
    );
    s.revoke(dev.device_id);
    let answer = s.post("/v1/sync", Some(&dev.token), body).await;
    assert_refused(answer, 401, "unauthorized");
    s.stop().await;
}

#[tokio::test]
async fn staff_lists_every_user_with_display_name_and_role_to_enrolled_devices() {
    let s = server().await;
    onsite_sync_server::admin::add_user(
        s.store(),
        s.state.clock.as_ref(),
        YANG,
        "engineer",
        Some("杨金伟"),
    )
    .unwrap();
    let yang = s.raw_device(YANG, Role::Engineer);
    s.raw_device("office", Role::Office);
    let (status, body) = s.get("/v1/staff", Some(&yang.token)).await;
    assert_eq!(status, 200);
    assert_eq!(
        json(&body),
        serde_json::json!({"staff": [
            {"user": "office", "display_name": null, "role": "office", "active": true},
            {"user": "yangjinwei", "display_name": "杨金伟", "role": "engineer", "active": true},
        ]})
    );
    assert_refused(s.get("/v1/staff", None).await, 401, "unauthorized");
    assert_eq!(s.get("/v1/staff", Some(&s.stranger().token)).await.0, 401);
    s.stop().await;
}

#[tokio::test]
async fn an_order_created_at_the_office_reaches_its_engineer_only() {
    let (s, mut office, mut yang, mut tang, cust_id, wo) = an_order_with_its_customer().await;
    let r = office.sync().await;
    assert!(r.errors.is_empty(), "{:?}", r.errors);

    let r = yang.sync().await;
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(yang.wo(wo.id.as_str()).unwrap().fault, "无法开机");
    assert!(
        yang.holds(cust_id.as_str()),
        "the order's customer comes with it"
    );

    let r = tang.sync().await;
    assert!(r.received.is_empty(), "tang received {:?}", r.received);
    assert!(!tang.holds(wo.id.as_str()));
    assert!(!tang.holds(cust_id.as_str()));

    // The engineer's edit travels back to the office.
    yang.edit_wo(wo.id.as_str(), |w| w.service.findings = "电源损坏".into());
    assert!(yang.sync().await.errors.is_empty());
    office.sync().await;
    assert_eq!(
        office.wo(wo.id.as_str()).unwrap().service.findings,
        "电源损坏"
    );
    s.stop().await;
}

#[tokio::test]
async fn an_engineer_pushing_to_someone_elses_order_is_forbidden_and_nothing_changes() {
    let (s, mut office, _, wo) = one_order_for_yang().await;
    let mut tang = s.raw_device(TANG, Role::Engineer);
    let before = s.db_snapshot();

    // Tang somehow holds a copy (e.g. a forged one) and edits it.
    let copy = office.docs.get_mut(wo.id.as_str()).unwrap().fork();
    tang.docs.insert(wo.id.to_string(), copy);
    tang.edit_wo(wo.id.as_str(), |w| w.fault = "改了".into());
    let r = tang.sync().await;
    assert_eq!(r.codes(), vec!["forbidden"]);
    assert_eq!(s.db_snapshot(), before);
    assert_eq!(s.work_order(wo.id.as_str()).fault, "无法开机");
    s.stop().await;
}

#[tokio::test]
async fn engineers_may_not_create_orders_nor_pickups_for_others_but_may_for_themselves() {
    let (s, _office, mut yang, wo) = yang_holds_an_order().await;
    let own = yang.create_orders(1, Some(YANG)).remove(0);
    let theirs = PickupBuilder::new(&wo.id, "P-1").engineer(TANG).build();
    yang.create(&theirs.id, &theirs);
    let mine = PickupBuilder::new(&wo.id, "P-1").engineer(YANG).build();
    yang.create(&mine.id, &mine);
    let r = yang.sync().await;
    r.assert_refused(&[&own.id, &theirs.id], "forbidden");
    let mut ids: Vec<String> = s
        .state
        .store
        .doc_list(None)
        .unwrap()
        .into_iter()
        .map(|d| d.id)
        .collect();
    ids.sort();
    let mut want = vec![mine.id.to_string(), wo.id.to_string()];
    want.sort();
    assert_eq!(ids, want);
    s.stop().await;
}

#[tokio::test]
async fn reassignment_moves_the_order_and_its_customer_to_the_new_engineer() {
    let (s, mut office, mut yang, mut tang, cust_id, wo) = an_order_with_its_customer().await;
    office.sync().await;
    yang.sync().await;
    tang.sync().await;
    assert!(yang.holds(wo.id.as_str()));

    office.edit_wo(wo.id.as_str(), |w| w.assignee = Some("tangrong".into()));
    assert!(office.sync().await.errors.is_empty());

    let r = tang.sync().await;
    assert!(r.received.contains(wo.id.as_str()), "{:?}", r.received);
    assert!(
        r.received.contains(cust_id.as_str()),
        "customer granted too"
    );
    assert_eq!(
        tang.wo(wo.id.as_str()).unwrap().assignee.as_deref(),
        Some("tangrong")
    );

    let r = yang.sync().await;
    assert!(
        !r.received.contains(wo.id.as_str()),
        "the old assignee stops receiving it"
    );
    yang.edit_wo(wo.id.as_str(), |w| w.fault = "旧的".into());
    let r = yang.sync().await;
    assert_eq!(r.codes(), vec!["forbidden"]);
    assert_eq!(s.work_order(wo.id.as_str()).fault, "无法开机");

    // An engineer may not reassign on their own.
    tang.edit_wo(wo.id.as_str(), |w| w.assignee = Some("liujinfeng".into()));
    assert_eq!(tang.sync().await.codes(), vec!["forbidden"]);
    assert_eq!(
        s.work_order(wo.id.as_str()).assignee.as_deref(),
        Some("tangrong")
    );
    s.stop().await;
}

#[tokio::test]
async fn malformed_cbor_and_wrong_shapes_get_400_with_code_and_message() {
    let s = server().await;
    let dev = s.raw_device("office", Role::Office);
    for body in [
        b"\xff\x00garbage".to_vec(),
        vec![],
        // A map whose docs is a text, not an array.
        protocol::encode(&serde_json::json!({"cursor": null, "docs": "x"})).unwrap(),
        // A msg written as an array of integers instead of a byte string.
        protocol::encode(&serde_json::json!({"docs": [{"id": "wo:1", "msg": [66, 1]}]})).unwrap(),
        // A cursor the server never issued.
        protocol::encode(&SyncRequest {
            device_time: None,
            cursor: Some(vec![1, 2, 3]),
            docs: vec![],
        })
        .unwrap(),
    ] {
        let (status, resp) = s.post("/v1/sync", Some(&dev.token), body).await;
        assert_eq!(status, 400);
        let v = json(&resp);
        assert_eq!(v["code"], "bad_request");
        assert!(v["message"].as_str().unwrap().len() > 3);
    }
    s.stop().await;
}

#[tokio::test]
async fn one_bad_message_in_a_batch_fails_that_document_only() {
    let s = server().await;
    let dev = s.raw_device("office", Role::Office);
    let good = WorkOrderBuilder::new().assigned_to(YANG).build();
    let mut doc =
        onsite_core::doc::create_as(DocKind::WorkOrder, &good, &dev.actor, 1_700_000_000_000)
            .unwrap();
    // Two round trips: the first tells the server our heads, the second
    // carries the changes it asks for.
    let mut st = State::new();
    let first = doc.sync().generate_sync_message(&mut st).unwrap();
    let req = SyncRequest {
        device_time: None,
        cursor: None,
        docs: vec![
            DocMsg {
                id: good.id.to_string(),
                msg: first.encode(),
            },
            DocMsg {
                id: "wo:garbage".into(),
                msg: vec![0x42, 0xff, 0xff, 0x01],
            },
            DocMsg {
                id: "nonsense-id".into(),
                msg: vec![0x42],
            },
        ],
    };
    let (resp, _, _) = dev.round_trip(&req).await;
    let by_id = |id: &str| resp.docs.iter().find(|r| r.id() == id).unwrap().clone();
    assert!(matches!(by_id(good.id.as_str()), DocReply::Msg(_)));
    for bad in ["wo:garbage", "nonsense-id"] {
        match by_id(bad) {
            DocReply::Error { error, .. } => assert_eq!(error.code, "bad_message"),
            other => panic!("{bad}: {other:?}"),
        }
    }
    let DocReply::Msg(reply) = by_id(good.id.as_str()) else {
        unreachable!()
    };
    doc.sync()
        .receive_sync_message(
            &mut st,
            automerge::sync::Message::decode(&reply.msg).unwrap(),
        )
        .unwrap();
    let second = doc.sync().generate_sync_message(&mut st).unwrap();
    let req = SyncRequest {
        device_time: None,
        cursor: Some(resp.cursor.clone()),
        docs: vec![
            DocMsg {
                id: good.id.to_string(),
                msg: second.encode(),
            },
            DocMsg {
                id: "wo:garbage".into(),
                msg: b"not automerge".to_vec(),
            },
        ],
    };
    let (resp, _, _) = dev.round_trip(&req).await;
    assert!(resp
        .docs
        .iter()
        .any(|r| matches!(r, DocReply::Error { id, error } if id == "wo:garbage" && error.code == "bad_message")));
    assert_eq!(
        s.work_order(good.id.as_str()).fault,
        "无法开机",
        "the good one was applied"
    );
    assert!(s.store().load_doc("wo:garbage").unwrap().is_none());
    s.stop().await;
}

#[tokio::test]
async fn an_oversized_body_gets_413() {
    let s = server_with(Limits {
        max_body_bytes: 64 * 1024,
        ..Limits::default()
    })
    .await;
    let dev = s.raw_device("office", Role::Office);
    let req = SyncRequest {
        device_time: None,
        cursor: None,
        docs: vec![DocMsg {
            id: "wo:big".into(),
            msg: vec![0x42; 100 * 1024],
        }],
    };
    let body = protocol::encode(&req).unwrap();
    let answer = s.post("/v1/sync", Some(&dev.token), body).await;
    assert_refused(answer, 413, "too_large");
    s.stop().await;
}

#[tokio::test]
async fn a_sync_with_no_change_is_one_small_round_trip_whatever_the_number_of_documents() {
    let (s, mut office, mut yang) = office_and_yang().await;
    let mut small = Vec::new();
    for n in [2usize, 40] {
        office.create_orders(n - office.docs.len(), Some(YANG));
        office.sync().await;
        yang.sync().await;
        assert_eq!(yang.docs.len(), n);
        let r = yang.sync().await;
        assert_eq!(r.round_trips, 1);
        assert!(r.received.is_empty());
        small.push((r.bytes_sent, r.bytes_received));
        let r = office.sync().await;
        assert_eq!(r.round_trips, 1);
    }
    assert_eq!(
        small[0], small[1],
        "the size does not grow with the documents"
    );
    assert!(small[1].0 + small[1].1 < 100, "{:?}", small[1]);
    s.stop().await;
}

#[tokio::test]
async fn a_new_device_gets_each_document_in_one_message_and_later_only_the_changes() {
    let (s, mut office, mut yang) = office_and_yang().await;
    let ids: Vec<String> = office
        .create_orders(6, Some(YANG))
        .into_iter()
        .map(|wo| wo.id.to_string())
        .collect();
    // A long history: the whole document is far bigger than one change.
    for k in 0..200 {
        let note = DocId::new(DocKind::WorkOrder).to_string();
        office.edit_wo(&ids[2], |w| w.fault = format!("{k}: {note}"));
    }
    assert!(office.sync().await.errors.is_empty());

    // First sync: the documents come whole with the first response; the
    // device's confirmation is the second and last round trip.
    let r = yang.sync().await;
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.round_trips, 2);
    for id in &ids {
        assert_eq!(
            yang.docs.get_mut(id).unwrap().get_heads(),
            office.docs.get_mut(id).unwrap().get_heads(),
            "{id}"
        );
    }
    assert_eq!(yang.sync().await.round_trips, 1, "then nothing to do");

    // The office adds a note: the device gets that change, not the whole
    // document again (the server kept what the device holds).
    let whole = office.docs.get_mut(&ids[2]).unwrap().save().len();
    office.edit_wo(&ids[2], |w| w.fault = "无法开机，电源指示灯不亮".into());
    office.sync().await;
    let r = yang.sync().await;
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.received.len(), 1);
    assert_eq!(yang.wo(&ids[2]).unwrap().fault, "无法开机，电源指示灯不亮");
    assert!(
        r.bytes_received < whole,
        "{} bytes received for a small change to a {whole}-byte document",
        r.bytes_received
    );
    s.stop().await;
}

#[tokio::test]
async fn a_device_already_holding_a_document_the_server_never_synced_with_it_converges() {
    let (s, mut office, mut yang, wo) = one_order_for_yang().await;
    // A second device of the engineer starts with a copy of the order
    // (restored from elsewhere) carrying an edit the server does not have,
    // and nothing marked to send.
    let mut copy = office.docs[wo.id.as_str()].clone();
    copy.set_actor(yang.actor.clone());
    let mut w: onsite_core::model::WorkOrder =
        onsite_core::doc::read(&copy, DocKind::WorkOrder).unwrap();
    w.service.findings = "风扇异响".into();
    onsite_core::doc::write(&mut copy, &w).unwrap();
    copy.commit();
    yang.docs.insert(wo.id.to_string(), copy);

    let r = yang.sync().await;
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(s.work_order(wo.id.as_str()).service.findings, "风扇异响");
    office.sync().await;
    assert_eq!(
        yang.docs.get_mut(wo.id.as_str()).unwrap().get_heads(),
        office.docs.get_mut(wo.id.as_str()).unwrap().get_heads()
    );
    s.stop().await;
}

#[tokio::test]
async fn changes_come_in_batches_marked_more_and_all_arrive() {
    let s = server_with(Limits {
        batch_docs: 3,
        ..Limits::default()
    })
    .await;
    let mut office = s.raw_device("office", Role::Office);
    let mut other = s.raw_device("office2", Role::Office);
    office.create_orders(10, None);
    office.sync().await;
    let first = other.round_trip(&SyncRequest::default()).await.0;
    assert!(first.more);
    assert_eq!(first.docs.len(), 3);
    other.sync().await;
    assert_eq!(other.docs.len(), 10);
    s.stop().await;
}

#[tokio::test]
async fn a_signed_record_is_filed_and_the_receipt_syncs_back() {
    let (s, _office, mut yang, wo) = yang_holds_an_order().await;
    yang.edit_wo(wo.id.as_str(), |w| sign_off(w, t0()));
    let r = yang.sync().await;
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let filed = yang.wo(wo.id.as_str()).unwrap();
    let receipt = filed.filing.expect("receipt synced back in the same sync");
    assert_eq!(receipt.received_at.0, t0(), "the server's clock");
    assert_eq!(receipt.via, "sync");
    assert_eq!(receipt.content_hash, filed.signoff.unwrap().content_hash);
    assert_eq!(filed.status, Status::Filed);
    assert_eq!(filed.history.last().unwrap().by, "server");
    let receipts = s.store().receipts().unwrap();
    assert_eq!(receipts.len(), 1);
    assert_eq!(receipts[0].doc_id, wo.id.as_str());
    // A second sync changes nothing more.
    let before = s.db_snapshot();
    yang.sync().await;
    assert_eq!(s.db_snapshot(), before);
    s.stop().await;
}

#[tokio::test]
async fn a_record_changed_after_signing_is_flagged_and_not_filed() {
    let (s, _office, mut yang, wo) = yang_holds_an_order().await;
    yang.edit_wo(wo.id.as_str(), |w| sign_off(w, t0()));
    yang.edit_wo(wo.id.as_str(), |w| {
        w.service.work_done = "签字后改的".into()
    });
    assert!(yang.sync().await.errors.is_empty());
    let stored = s.work_order(wo.id.as_str());
    assert!(stored.filing.is_none());
    assert!(stored.tamper_flag.is_some());
    assert_eq!(stored.service.work_done, "签字后改的", "stored as received");
    assert!(s.store().receipts().unwrap().is_empty());
    assert_eq!(s.store().flags().unwrap().len(), 1);
    assert!(yang.wo(wo.id.as_str()).unwrap().tamper_flag.is_some());
    s.stop().await;
}

#[tokio::test]
async fn an_engineer_cannot_forge_a_filing_receipt() {
    let (s, _office, mut yang, wo) = yang_holds_an_order().await;
    yang.edit_wo(wo.id.as_str(), |w| {
        w.filing = Some(onsite_core::model::FilingReceipt {
            received_at: onsite_core::model::Ts::from(t0()),
            content_hash: "x".into(),
            via: "sync".into(),
        })
    });
    assert_eq!(yang.sync().await.codes(), vec!["forbidden"]);
    assert!(s.work_order(wo.id.as_str()).filing.is_none());
    s.stop().await;
}

#[tokio::test]
async fn the_office_imports_an_exported_signed_record_and_files_it() {
    let (s, office, mut yang, wo) = yang_signs_an_order().await;
    let file = yang.save(wo.id.as_str());

    let answer = s.post("/v1/import", Some(&yang.token), file.clone()).await;
    assert_refused(answer, 403, "forbidden");

    let (status, body) = s
        .post("/v1/import", Some(&office.token), file.clone())
        .await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let v = json(&body);
    assert_eq!(v["id"], wo.id.as_str());
    assert_eq!(v["filed_at"], "2026-11-25T08:00:00Z");
    assert_eq!(v["via"], "import");
    assert_eq!(s.work_order(wo.id.as_str()).filing.unwrap().via, "import");

    // Importing again is harmless and answers the same receipt.
    s.advance_clock(chrono::Duration::hours(1));
    let (status, body) = s.post("/v1/import", Some(&office.token), file).await;
    assert_eq!(status, 200);
    assert_eq!(json(&body)["filed_at"], "2026-11-25T08:00:00Z");

    let answer = s.post("/v1/import", Some(&office.token), b"junk".to_vec());
    assert_refused(answer.await, 400, "bad_message");

    let unsigned = WorkOrderBuilder::new().build();
    let bytes = onsite_core::doc::create(DocKind::WorkOrder, &unsigned)
        .unwrap()
        .save();
    let answer = s.post("/v1/import", Some(&office.token), bytes).await;
    assert_refused(answer, 422, "not_signed");
    s.stop().await;
}

#[tokio::test]
async fn nothing_stored_changes_on_bad_input() {
    let (s, office, yang, wo) = one_order_for_yang().await;
    let before = s.db_snapshot();

    let mut garbage_msgs = vec![
        vec![],
        vec![0x42],
        vec![0x43, 0, 0, 0],
        b"\x42\x01\x02\x03\x04\x05\x06\x07\x08".to_vec(),
    ];
    // A real message for another document, sent under this one's id.
    let mut other = AutoCommit::new();
    let mut st = State::new();
    garbage_msgs.push(
        other
            .sync()
            .generate_sync_message(&mut st)
            .unwrap()
            .encode(),
    );
    for msg in garbage_msgs {
        for token in [&office.token, &yang.token] {
            let req = SyncRequest {
                device_time: None,
                cursor: None,
                docs: vec![DocMsg {
                    id: wo.id.to_string(),
                    msg: msg.clone(),
                }],
            };
            let (status, _) = s
                .post("/v1/sync", Some(token), protocol::encode(&req).unwrap())
                .await;
            assert_eq!(status, 200);
        }
    }
    for body in [b"\x00".to_vec(), b"{}".to_vec(), vec![0xa0]] {
        s.post("/v1/sync", Some(&office.token), body.clone()).await;
        s.post("/v1/import", Some(&office.token), body).await;
    }
    assert_eq!(s.db_snapshot(), before);
    s.stop().await;
}

#[tokio::test]
async fn a_storekeeper_sees_parts_and_pickups_only() {
    let s = server().await;
    let mut office = s.raw_device("office", Role::Office);
    let mut keeper = s.raw_device("kuguan", Role::Storekeeper);
    let wo = office.create_orders(1, Some(YANG)).remove(0);
    let p = PickupBuilder::new(&wo.id, "P-1").engineer(YANG).build();
    office.create(&p.id, &p);
    office.sync().await;
    let r = keeper.sync().await;
    assert_eq!(
        r.received.into_iter().collect::<Vec<_>>(),
        vec![p.id.to_string()]
    );
    let w = WorkOrderBuilder::new().build();
    keeper.create(&w.id, &w);
    assert_eq!(keeper.sync().await.codes(), vec!["forbidden"]);
    s.stop().await;
}
