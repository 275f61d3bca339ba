//! The holes an independent client (written from `docs/sync-protocol.md`
//! and `docs/schema.md` on the official JavaScript Automerge) found in the
//! server's guard of the record — one test each, named after the defect,
//! against a real server on 127.0.0.1:0 and devices running the protocol.

use automerge::sync::SyncDoc;
use automerge::transaction::Transactable;
use automerge::{AutoCommit, ROOT};
use chrono::Duration;
use onsite_core::model::{DocId, DocKind, FilingReceipt, Ts, WorkOrder};
use onsite_core::rules::state::{Role, Status};
use onsite_core::signoff::{seal, SignatureCheck};
use onsite_core::sync::protocol::DocReply;
use onsite_core::testing::{ContractBuilder, CustomerBuilder, PickupBuilder, WorkOrderBuilder};
use onsite_test_support::{json, RawDevice, TestServer};

use super::{t0, yang_holds_an_order, yang_signs_an_order, TANG, YANG};

/// The office imports yangjinwei's copy of `id` as a file and is refused
/// with 422: the answer's body.
async fn import_refused(
    s: &TestServer,
    office: &RawDevice,
    yang: &mut RawDevice,
    id: &str,
) -> Vec<u8> {
    let (status, body) = s
        .post("/v1/import", Some(&office.token), yang.save(id))
        .await;
    assert_eq!(status, 422, "{}", String::from_utf8_lossy(&body));
    body
}

/// Raises the labour after signing and recomputes the content hash, as a
/// client that knows the canonical form can.
fn raise_labour_and_reseal(w: &mut WorkOrder) {
    w.service.labour_minutes = 900;
    let mut s = w.signoff.take().expect("signed");
    seal(w, &mut s);
    w.signoff = Some(s);
}

#[tokio::test]
async fn an_imported_file_with_a_back_dated_filing_block_is_refused() {
    let (s, office, mut yang, wo) = yang_signs_an_order().await;
    let id = wo.id.as_str();
    yang.edit_wo(id, |w| {
        w.filing = Some(FilingReceipt {
            received_at: Ts::from(t0() - Duration::days(10)),
            content_hash: w.signoff.as_ref().unwrap().content_hash.clone(),
            via: "import".into(),
        })
    });
    let before = s.db_snapshot();
    let body = import_refused(&s, &office, &mut yang, id).await;
    assert_eq!(json(&body)["code"], "forbidden");
    assert_eq!(s.db_snapshot(), before, "nothing of the file is stored");
    assert!(s.work_order(id).filing.is_none());
    s.stop().await;
}

#[tokio::test]
async fn an_imported_file_that_clears_the_tamper_flag_with_a_recomputed_hash_is_refused() {
    let (s, office, mut yang, wo) = yang_signs_an_order().await;
    let id = wo.id.as_str();
    yang.edit_wo(id, |w| w.service.work_done = "签字后改的".into());
    assert!(yang.sync().await.errors.is_empty());
    assert!(
        yang.wo(id).unwrap().tamper_flag.is_some(),
        "flagged at sync"
    );
    yang.edit_wo(id, |w| {
        w.tamper_flag = None;
        let mut so = w.signoff.take().unwrap();
        seal(w, &mut so);
        w.signoff = Some(so);
    });
    import_refused(&s, &office, &mut yang, id).await;
    let stored = s.work_order(id);
    assert!(stored.tamper_flag.is_some(), "the flag stays");
    assert!(stored.filing.is_none());
    s.stop().await;
}

#[tokio::test]
async fn a_change_after_signing_with_a_recomputed_hash_is_flagged_not_filed() {
    let (s, _office, mut yang, wo) = yang_signs_an_order().await;
    let id = wo.id.as_str();
    yang.edit_wo(id, raise_labour_and_reseal);
    assert!(yang.sync().await.errors.is_empty());
    let stored = s.work_order(id);
    assert!(stored.filing.is_none(), "not filed");
    assert!(stored.tamper_flag.is_some(), "flagged for the office");
    assert_eq!(s.store().flags().unwrap().len(), 1);
    assert!(s.store().receipts().unwrap().is_empty());
    // Every device shows it as changed after signing.
    let office = s.device("office2", Role::Office);
    office.sync().await;
    let view = office.with(|d| d.get_work_order(&wo.id)).unwrap();
    assert!(
        matches!(view.signature, SignatureCheck::Flagged { .. }),
        "{:?}",
        view.signature
    );
    s.stop().await;
}

#[tokio::test]
async fn an_engineers_edit_after_filing_is_flagged_and_the_filing_stays() {
    let (s, _office, mut yang, wo) = yang_signs_an_order().await;
    let id = wo.id.as_str();
    yang.sync().await;
    let filed = s.work_order(id);
    assert_eq!(filed.status, Status::Filed);
    let receipt = s.store().receipts().unwrap();
    s.advance_clock(Duration::days(2));
    yang.edit_wo(id, raise_labour_and_reseal);
    assert!(yang.sync().await.errors.is_empty());
    let after = s.work_order(id);
    assert!(
        after.tamper_flag.is_some(),
        "an edit after filing is flagged"
    );
    assert_eq!(after.status, Status::Filed, "still filed");
    assert_eq!(after.filing, filed.filing, "the filing is as it was");
    assert_eq!(s.store().receipts().unwrap(), receipt, "the receipt too");
    assert!(yang.wo(id).unwrap().tamper_flag.is_some(), "synced back");
    s.stop().await;
}

#[tokio::test]
async fn an_office_edit_to_signed_content_after_filing_is_flagged_too() {
    let (s, mut office, mut yang, wo) = yang_signs_an_order().await;
    let id = wo.id.as_str();
    yang.sync().await;
    office.sync().await;
    office.edit_wo(id, |w| w.customer.phone = "000".into());
    assert!(office.sync().await.errors.is_empty());
    let after = s.work_order(id);
    assert!(after.tamper_flag.is_some());
    assert_eq!(after.status, Status::Filed);
    s.stop().await;
}

#[tokio::test]
async fn an_engineer_cannot_read_another_customer_by_rewriting_customer_id() {
    let s = TestServer::options().fixed_clock(t0()).start().await;
    let mut office = s.raw_device("office", Role::Office);
    let mut yang = s.raw_device(YANG, Role::Engineer);
    let mine = CustomerBuilder::new("华东电力").build();
    let other = CustomerBuilder::new("别家客户").build();
    office.create(&mine.id, &mine);
    office.create(&other.id, &other);
    let wo = office.create_customer_order(&mine.id, YANG);
    office.sync().await;
    yang.sync().await;
    assert!(yang.holds(mine.id.as_str()));
    yang.edit_wo(wo.id.as_str(), |w| w.customer_id = Some(other.id.clone()));
    assert_eq!(yang.sync().await.codes(), vec!["forbidden"]);
    yang.sync().await;
    assert!(
        !yang.holds(other.id.as_str()),
        "the other customer never arrives"
    );
    assert_eq!(s.work_order(wo.id.as_str()).customer_id, Some(mine.id));
    s.stop().await;
}

#[tokio::test]
async fn contracts_reach_the_engineer_and_price_the_order() {
    let s = TestServer::options().fixed_clock(t0()).start().await;
    let mut office = s.raw_device("office", Role::Office);
    let cust = CustomerBuilder::new("华东电力").build();
    let contract = ContractBuilder::new(&cust.id, &["SN-001"]).build();
    office.create(&cust.id, &cust);
    office.create(&contract.id, &contract);
    let wo = WorkOrderBuilder::new()
        .customer_id(cust.id.clone())
        .contract(contract.id.clone())
        .reported_at(t0())
        .assigned_to(YANG)
        .build();
    office.create(&wo.id, &wo);
    office.sync().await;
    let yang = s.device(YANG, Role::Engineer);
    yang.sync().await;
    assert!(
        yang.doc_ids().contains(contract.id.as_str()),
        "the contract arrived"
    );
    let view = yang.with(|d| d.get_work_order(&wo.id)).unwrap();
    assert!(
        view.charges.under_contract,
        "priced by the contract, not the tier"
    );
    s.stop().await;
}

#[tokio::test]
async fn an_engineer_cannot_confirm_their_own_pickup() {
    let (s, _office, mut yang, wo) = yang_holds_an_order().await;
    let p = PickupBuilder::new(&wo.id, "P-1").engineer(YANG).build();
    yang.create(&p.id, &p);
    assert!(yang.sync().await.errors.is_empty());
    yang.edit_raw(p.id.as_str(), |d| {
        let mut p: onsite_core::model::Pickup = onsite_core::doc::read(d, DocKind::Pickup).unwrap();
        p.confirmed = Some(onsite_core::testing::confirmation(YANG, p.qty));
        onsite_core::doc::write(d, &p).unwrap()
    });
    assert_eq!(yang.sync().await.codes(), vec!["forbidden"]);
    let stored = s.load(p.id.as_str()).unwrap();
    let pickup: onsite_core::model::Pickup =
        onsite_core::doc::read(&stored, DocKind::Pickup).unwrap();
    assert_eq!(pickup.confirmed, None);
    s.stop().await;
}

#[tokio::test]
async fn an_engineer_cannot_book_a_pickup_on_another_engineers_order() {
    let (s, mut office, mut yang, _) = yang_holds_an_order().await;
    let tangs = office.send_order_for(TANG).await;
    let p = PickupBuilder::new(&tangs.id, "P-1").engineer(YANG).build();
    yang.create(&p.id, &p);
    assert_eq!(yang.sync().await.codes(), vec!["forbidden"]);
    assert!(s.load(p.id.as_str()).is_none(), "not stored");
    s.stop().await;
}

#[tokio::test]
async fn deleting_kind_from_an_order_is_refused() {
    let (s, _office, mut yang, wo) = yang_holds_an_order().await;
    let before = s.db_snapshot();
    yang.edit_raw(wo.id.as_str(), |d| d.delete(ROOT, "kind").unwrap());
    assert_eq!(yang.sync().await.codes(), vec!["invalid_document"]);
    assert_eq!(s.db_snapshot(), before);
    s.stop().await;
}

#[tokio::test]
async fn setting_status_filed_without_signing_is_refused() {
    let (s, _office, mut yang, wo) = yang_holds_an_order().await;
    yang.edit_raw(wo.id.as_str(), |d| d.put(ROOT, "status", "filed").unwrap());
    assert_eq!(yang.sync().await.codes(), vec!["illegal_transition"]);
    assert_eq!(s.work_order(wo.id.as_str()).status, Status::Assigned);
    s.stop().await;
}

#[tokio::test]
async fn a_four_mib_document_is_refused() {
    let (s, _office, mut yang, wo) = yang_holds_an_order().await;
    // Text that does not compress: 4 MiB of letters from a multiplicative hash.
    let noise: String = (0u64..4 * 1024 * 1024)
        .map(|i| (b'a' + ((i.wrapping_mul(2_654_435_761) >> 13) % 26) as u8) as char)
        .collect();
    yang.edit_wo(wo.id.as_str(), |w| w.service.findings = noise);
    assert_eq!(yang.sync().await.codes(), vec!["too_large"]);
    assert_eq!(s.work_order(wo.id.as_str()).service.findings, "");
    s.stop().await;
}

/// The answer to one message that carries no change, for `id` (`None`:
/// nothing said about it).
async fn changeless_reply(dev: &RawDevice, id: &str) -> Option<DocReply> {
    let mut empty = AutoCommit::new();
    let mut state = automerge::sync::State::new();
    let msg = empty.sync().generate_sync_message(&mut state).unwrap();
    dev.send_one(id, &msg).await
}

#[tokio::test]
async fn a_change_less_message_does_not_tell_a_forbidden_id_from_an_unknown_one() {
    let (s, mut office, yang, _) = yang_holds_an_order().await;
    let tangs = office.send_order_for(TANG).await;
    let unknown = DocId::new(DocKind::WorkOrder);
    let forbidden = changeless_reply(&yang, tangs.id.as_str()).await;
    let absent = changeless_reply(&yang, unknown.as_str()).await;
    let body = |r: Option<DocReply>| match r {
        None => "no answer".to_string(),
        Some(DocReply::Msg(m)) => format!("msg {:?}", m.msg),
        Some(DocReply::Error { error, .. }) => format!("error {} {}", error.code, error.message),
    };
    assert_eq!(body(forbidden), body(absent));
    s.stop().await;
}

#[tokio::test]
async fn an_oversized_id_is_echoed_once_not_twice() {
    let (s, _office, yang, _) = yang_holds_an_order().await;
    let long = format!("wo:{}", "x".repeat(10_000));
    match changeless_reply(&yang, &long).await {
        Some(DocReply::Error { id, error }) => {
            assert_eq!(id, long);
            assert_eq!(error.code, "bad_message");
            assert!(!error.message.contains("xxxx"), "{}", error.message);
            assert!(error.message.contains("128"), "{}", error.message);
        }
        other => panic!("expected an error, got {other:?}"),
    }
    s.stop().await;
}
