//! The demo data as `make run` and the real-window tests seed it
//! (`onsite-app --seed-demo`): on the office's device, synced to a real
//! server, which files the signed orders; the office then closes the
//! demo's filed orders and syncs again. Every document is accepted, the
//! server holds the closed orders, and an engineer's device receives none
//! of the office's documents (complaints, follow-ups, surveys).

use onsite_core::demo::SeedDemo;
use onsite_core::model::{DocId, DocKind};
use onsite_core::rules::state::{Role, Status};
use onsite_core::service::WoFilter;
use onsite_tests::{TestDevice, TestServer};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_seeded_through_the_office_is_filed_then_closed_and_stays_the_offices() {
    let server = TestServer::start().await;
    let office = server.device("office", Role::Office);
    for (user, _) in onsite_core::demo::ENGINEERS {
        server.add_user(user, Role::Engineer);
    }
    let yang = TestDevice::enroll(&server, "yangjinwei", Role::Engineer);

    assert!(office.with(|d| d.seed_demo(d.now())).unwrap().created);
    let first = office.sync().await;
    assert!(first.errors.is_empty(), "{:?}", first.errors);
    let closed = office.with(|d| d.close_demo_orders(d.now())).unwrap();
    assert_eq!(
        closed, 8,
        "the server filed the demo's signed orders in the first sync"
    );
    let second = office.sync().await;
    assert!(second.errors.is_empty(), "{:?}", second.errors);
    assert_eq!(office.dirty_count(), 0, "the server took everything");
    assert_eq!(office.with(|d| d.close_demo_orders(d.now())).unwrap(), 0);

    let closed_ids: Vec<DocId> = office.with(|d| {
        d.list_work_orders(WoFilter {
            statuses: Some(vec![Status::Closed]),
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .map(|w| w.row.id)
        .collect()
    });
    assert_eq!(closed_ids.len(), 8);
    for id in &closed_ids {
        assert_eq!(
            server.work_order(id.as_str()).status,
            Status::Closed,
            "{id}"
        );
    }
    let report = office.with(|d| d.complaint_report(None)).unwrap();
    assert_eq!((report.total, report.closed_orders), (3, 6));

    yang.sync().await;
    let held = yang.doc_ids();
    assert!(
        held.iter().any(|id| id.starts_with("wo:")),
        "his orders arrive"
    );
    for kind in [DocKind::Complaint, DocKind::FollowUp, DocKind::Survey] {
        let prefix = format!("{}:", kind.prefix());
        assert!(
            !held.iter().any(|id| id.starts_with(&prefix)),
            "no {kind} on an engineer's device: {held:?}"
        );
    }
}
