//! The office and two engineers, each offline on its own SQLite file, edit
//! and then sync through a real server: everyone converges on the same
//! heads, each engineer holds exactly their documents (their work orders,
//! their customers, the parts catalogue), and a reassignment moves a work
//! order from one engineer to the other.
//!
//! Edits after creation are written straight into the Automerge documents
//! (one store transaction each, like the app's), so this test depends on
//! sync and access rules only, not on the work-order state machine.

use std::collections::BTreeSet;

use onsite_core::model::DocId;
use onsite_core::ops::NewWorkOrder;
use onsite_core::rules::state::Role;
use onsite_core::sync::protocol::codes;
use onsite_tests::builders::CustomerBuilder;
use onsite_tests::{new_order, TestServer};

const A: &str = "yangjinwei";
const B: &str = "tangrong";

const WORK_DONE: &[&str] = &["service", "work_done"];
const FINDINGS: &[&str] = &["service", "findings"];
const PRIORITY: &[&str] = &["priority"];
const APPOINTMENT: &[&str] = &["appointment"];
const ASSIGNEE: &[&str] = &["assignee"];

fn set(ids: &[&DocId]) -> BTreeSet<String> {
    ids.iter().map(|i| i.to_string()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn office_and_engineers_converge_and_access_follows_assignment() {
    let server = TestServer::start().await;
    let office = server.device("office", Role::Office);
    let eng_a = server.device(A, Role::Engineer);
    let eng_b = server.device(B, Role::Engineer);

    // The office, offline: customers, parts, orders for both engineers and
    // one unassigned.
    let customer = |org: &str| {
        let input = CustomerBuilder::new(org).input();
        office.with(|d| d.create_customer(input).unwrap().customer.id)
    };
    let cust_a = customer("包头市环境监测中心站");
    let cust_b = customer("贵州省分析测试研究院");
    let part1 = office.create_part("LC-SEAL-01", 10);
    let part2 = office.create_part("GC-SEP-11", 10);
    let order = |org: &str, c: &DocId, who: Option<&str>| {
        let input = NewWorkOrder {
            customer_id: Some(c.clone()),
            ..new_order(org)
        };
        office.create_order(input, who)
    };
    let wo_a1 = order("包头市环境监测中心站", &cust_a, Some(A));
    let wo_a2 = order("包头市环境监测中心站", &cust_a, Some(A));
    let wo_b = order("贵州省分析测试研究院", &cust_b, Some(B));
    let wo_free = order("贵州省分析测试研究院", &cust_b, None);
    let first = office.sync().await;
    assert!(first.errors.is_empty(), "{:?}", first.errors);
    assert_eq!(office.dirty_count(), 0);

    // Each engineer receives exactly their documents.
    let out_a = eng_a.sync().await;
    assert!(out_a.errors.is_empty(), "{:?}", out_a.errors);
    eng_b.sync().await;
    assert_eq!(
        eng_a.doc_ids(),
        set(&[&wo_a1, &wo_a2, &cust_a, &part1, &part2])
    );
    assert_eq!(eng_b.doc_ids(), set(&[&wo_b, &cust_b, &part1, &part2]));
    assert!(!eng_a.doc_ids().contains(wo_free.as_str()));

    // Everyone offline edits: engineers their own orders, the office too
    // (other fields of the same orders).
    eng_a.set_text(&wo_a1, WORK_DONE, "更换进样垫");
    eng_a.set_text(&wo_a1, FINDINGS, "进样垫老化");
    eng_b.set_text(&wo_b, WORK_DONE, "清洗雾化器");
    office.set_text(&wo_a1, PRIORITY, "P1");
    office.set_text(&wo_b, APPOINTMENT, "2026-11-26T01:00:00Z");

    // Sync in an awkward order, twice round, and everyone agrees.
    for dev in [&eng_a, &office, &eng_b, &office, &eng_a, &eng_b] {
        let out = dev.sync().await;
        assert!(out.errors.is_empty(), "{:?}", out.errors);
    }
    for id in [&wo_a1, &wo_a2, &cust_a, &part1, &part2] {
        assert_eq!(
            eng_a.heads(id.as_str()),
            office.heads(id.as_str()),
            "{id} on A"
        );
        assert_eq!(
            server.heads(id.as_str()),
            office.heads(id.as_str()),
            "{id} on server"
        );
    }
    for id in [&wo_b, &cust_b, &part1, &part2] {
        assert_eq!(
            eng_b.heads(id.as_str()),
            office.heads(id.as_str()),
            "{id} on B"
        );
    }
    assert_eq!(server.all_heads().len(), 8);
    assert_eq!(
        office.text(&wo_a1, WORK_DONE).as_deref(),
        Some("更换进样垫")
    );
    assert_eq!(
        eng_a.text(&wo_a1, PRIORITY).as_deref(),
        Some("P1"),
        "both sides merged"
    );
    assert_eq!(
        eng_b.text(&wo_b, APPOINTMENT).as_deref(),
        Some("2026-11-26T01:00:00Z")
    );
    assert_eq!(
        eng_a.dirty_count() + eng_b.dirty_count() + office.dirty_count(),
        0
    );

    // The office moves wo_a1 from A to B.
    office.set_text(&wo_a1, ASSIGNEE, B);
    office.sync().await;
    let out_b = eng_b.sync().await;
    assert!(out_b.errors.is_empty(), "{:?}", out_b.errors);
    assert!(
        eng_b.doc_ids().contains(wo_a1.as_str()),
        "B has the reassigned order"
    );
    assert_eq!(eng_b.heads(wo_a1.as_str()), office.heads(wo_a1.as_str()));
    assert_eq!(eng_b.text(&wo_a1, ASSIGNEE).as_deref(), Some(B));
    assert_eq!(
        eng_b.text(&wo_a1, WORK_DONE).as_deref(),
        Some("更换进样垫"),
        "A's work came along"
    );

    // A, still holding its old copy, edits it: the server refuses it,
    // per document, and A's other work goes through.
    let before = server.heads(wo_a1.as_str());
    eng_a.set_text(&wo_a1, WORK_DONE, "A 不应再改");
    eng_a.set_text(&wo_a2, WORK_DONE, "A 的另一单");
    let out = eng_a.sync().await;
    assert_eq!(out.errors.len(), 1, "{:?}", out.errors);
    assert_eq!(out.errors[0].id, wo_a1.as_str());
    assert_eq!(out.errors[0].code, codes::FORBIDDEN);
    assert_eq!(
        server.heads(wo_a1.as_str()),
        before,
        "nothing of A's edit stored"
    );
    assert_eq!(server.heads(wo_a2.as_str()), eng_a.heads(wo_a2.as_str()));
    assert_eq!(
        eng_a.dirty_count(),
        0,
        "a forbidden document is not retried forever"
    );
    // And a further sync of A is quiet.
    let again = eng_a.sync().await;
    assert!(again.errors.is_empty());
    assert_eq!(again.round_trips, 1);

    server.stop().await;
}
