//! Who changed what, when (issue 17), against a real server: an engineer
//! and the office edit the same order offline — one field each and the
//! charge both — and the office's history lists each change with the
//! right person, device, receipt time and order, the charge's two values
//! as concurrent with the kept one marked; an engineer whose clock runs
//! three days fast still has the record filed by the server's receipt
//! time, and the history flags the skew on their changes only.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use onsite_core::clock::{Clock, FixedClock};
use onsite_core::history::{DocHistory, HistoryRow};
use onsite_core::model::{DocId, Priority, WorkOrder};
use onsite_core::ops::NewWorkOrder;
use onsite_core::ops::{OrderPatch, ServicePatch};
use onsite_core::rules::state::Role;
use onsite_core::service::{ApiError, Device};
use onsite_core::stats::Lang;
use onsite_core::sync::attribution::Via;
use onsite_core::testing::{visit_and_sign, WorkOrderBuilder};
use onsite_sync_server::admin;
use onsite_tests::{TestDevice, TestServer};

/// Monday 2 November 2026, 09:00 in Shanghai.
fn monday() -> DateTime<Utc> {
    "2026-11-02T01:00:00Z".parse().unwrap()
}

/// A server on a fixed clock with the office 调度办公室 and the engineer
/// 张工 (`zhang`), each with a device on `clock` (the engineer's may be
/// another).
async fn team(
    office_clock: Arc<FixedClock>,
    engineer_clock: Arc<FixedClock>,
) -> (TestServer, TestDevice, TestDevice) {
    let server = TestServer::options().fixed_clock(monday()).start().await;
    let clock = onsite_core::clock::SystemClock;
    admin::add_user(
        server.store(),
        &clock,
        "office",
        "office",
        Some("调度办公室"),
    )
    .unwrap();
    admin::add_user(server.store(), &clock, "zhang", "engineer", Some("张工")).unwrap();
    let office = server.device_on("office", Role::Office, office_clock);
    let engineer = server.device_on("zhang", Role::Engineer, engineer_clock);
    (server, office, engineer)
}

/// The office's new order for 华东仪器, called in five minutes before
/// [`monday`].
fn call() -> NewWorkOrder {
    WorkOrderBuilder::new()
        .customer("华东仪器")
        .reported_at(monday() - Duration::minutes(5))
        .input()
}

fn rows_of<'a>(h: &'a DocHistory, field: &str) -> Vec<&'a HistoryRow> {
    h.rows.iter().filter(|r| r.field == field).collect()
}

fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

/// `device`'s edits of order `id`: one field (`edit`), then the charge set
/// to `fen` for `reason`.
fn edit_then_charge<T>(
    device: &TestDevice,
    id: &DocId,
    fen: i64,
    reason: &str,
    edit: impl FnOnce(&mut Device) -> Result<T, ApiError>,
) {
    device
        .with(|d| {
            edit(d)?;
            d.set_charge_override(id, fen, reason)
        })
        .expect("the field and the charge");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_devices_offline_each_change_has_its_person_device_receipt_and_the_conflict() {
    let office_clock = Arc::new(FixedClock::new(monday()));
    let engineer_clock = Arc::new(FixedClock::new(monday()));
    let (server, office, engineer) = team(office_clock.clone(), engineer_clock.clone()).await;

    let id: DocId = office.create_order(call(), Some("zhang"));
    office.sync().await;
    engineer.sync().await;

    // Both offline: the engineer writes the work done, the office raises
    // the priority, and both set the charge.
    engineer_clock.advance(Duration::minutes(30));
    edit_then_charge(&engineer, &id, 50_000, "换了两块板", |d| {
        d.update_service(
            &id,
            ServicePatch {
                work_done: Some("更换电源模块".into()),
                ..Default::default()
            },
        )
    });
    office_clock.advance(Duration::minutes(40));
    edit_then_charge(&office, &id, 30_000, "老客户优惠", |d| {
        d.update_order(
            &id,
            OrderPatch {
                priority: Some(Priority::P1),
                ..Default::default()
            },
        )
    });

    // Back online: the engineer at 10:00, the office at 11:00.
    server.advance_clock(Duration::hours(1));
    engineer.sync().await;
    let engineer_received = server.now();
    server.advance_clock(Duration::hours(1));
    office.sync().await;
    let office_received = server.now();
    engineer.sync().await;
    office.sync().await;

    let h = office
        .with(|d| d.doc_history(&id, Lang::Zh))
        .expect("history");
    assert!(h.all_received, "every change has its receipt: {h:#?}");

    let created = &h.rows[0];
    assert_eq!(created.change, 1);
    assert_eq!(created.who.display_name, "调度办公室");
    assert_eq!(created.who.device_id, Some(office.device_id()));

    let work = rows_of(&h, "service.work_done");
    assert_eq!(work.len(), 1, "{work:#?}");
    assert_eq!(work[0].new.as_deref(), Some("更换电源模块"));
    assert_eq!(
        (work[0].who.user.as_str(), work[0].who.display_name.as_str()),
        ("zhang", "张工")
    );
    assert_eq!(work[0].who.device_id, Some(engineer.device_id()));
    assert_eq!(
        work[0].device_time.as_ref().map(|t| t.0),
        Some(monday() + Duration::minutes(30))
    );
    assert_eq!(
        work[0].received_at.as_ref().map(|t| ms(t.0)),
        Some(ms(engineer_received))
    );
    assert_eq!(work[0].via, Some(Via::Sync));
    assert!(work[0].concurrent_with.is_empty());

    let priority = rows_of(&h, "priority");
    let last = priority.last().expect("a priority row");
    assert_eq!(last.new.as_deref(), Some("P1"));
    assert_eq!(last.who.device_id, Some(office.device_id()));
    assert_eq!(
        last.received_at.as_ref().map(|t| ms(t.0)),
        Some(ms(office_received))
    );
    assert!(last.change > created.change);

    // The charge: two concurrent rows, each naming the other, one kept.
    let charge: Vec<&HistoryRow> = h
        .rows
        .iter()
        .filter(|r| r.field.starts_with("charge_override") && !r.concurrent_with.is_empty())
        .collect();
    assert!(
        charge.len() >= 2,
        "the charge's concurrent rows: {charge:#?}"
    );
    let by_engineer = charge.iter().find(|r| r.who.user == "zhang").unwrap();
    let by_office = charge.iter().find(|r| r.who.user == "office").unwrap();
    assert!(by_engineer.concurrent_with.contains(&by_office.change));
    assert!(by_office.concurrent_with.contains(&by_engineer.change));
    let kept: Vec<bool> = [by_engineer, by_office]
        .iter()
        .map(|r| r.kept.expect("a concurrent row says whether it was kept"))
        .collect();
    assert_eq!(kept.iter().filter(|k| **k).count(), 1, "exactly one kept");
    let wo: WorkOrder = office.with(|d| d.get_work_order(&id)).unwrap().wo;
    let kept_fen = wo.charge_override.unwrap().amount_fen;
    let kept_row = if kept[0] { by_engineer } else { by_office };
    assert_eq!(
        kept_row.who.user,
        if kept_fen == 50_000 {
            "zhang"
        } else {
            "office"
        }
    );

    // The engineer sees the same history of their own order.
    let theirs = engineer.with(|d| d.doc_history(&id, Lang::En)).unwrap();
    assert_eq!(theirs.rows.len(), h.rows.len());
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_three_days_fast_is_filed_by_receipt_time_and_flagged() {
    let office_clock = Arc::new(FixedClock::new(monday()));
    let fast = Arc::new(FixedClock::new(monday() + Duration::days(3)));
    let (server, office, engineer) = team(office_clock, fast.clone()).await;

    let id: DocId = office.create_order(call(), None);
    office.with(|d| d.assign(&id, "zhang")).expect("assigned");
    office.sync().await;
    engineer.sync().await;
    engineer.with(|d| visit_and_sign(d, &id));
    // Two hours on, on both clocks.
    server.advance_clock(Duration::hours(2));
    fast.advance(Duration::hours(2));
    engineer.sync().await;
    let received = server.now();
    office.sync().await;

    // Filed by the server's clock, not the engineer's.
    let wo = server.work_order(id.as_str());
    let filing = wo.filing.as_ref().expect("filed");
    assert_eq!(ms(filing.received_at.0), ms(received));
    let signed_at = wo.signoff.as_ref().unwrap().signed_at.0;
    assert_eq!(
        signed_at,
        fast.now() - Duration::hours(2),
        "the sign-off keeps the device's time"
    );

    let view = office.with(|d| d.get_work_order(&id)).unwrap();
    let skew = view.clock_skew_minutes.expect("the order shows the skew");
    assert!(
        (skew - 3 * 24 * 60).abs() <= 5,
        "about three days fast: {skew} minutes"
    );

    let h = office.with(|d| d.doc_history(&id, Lang::En)).unwrap();
    assert!(h.skewed);
    assert_eq!(h.skew_margin_minutes, 10);
    for r in &h.rows {
        if r.who.user == "zhang" {
            assert!(r.skewed, "the engineer's change is flagged: {r:#?}");
            let m = r.skew_minutes.expect("skew known");
            assert!((m - 3 * 24 * 60).abs() <= 5, "{m}");
        } else {
            assert!(
                !r.skewed,
                "the office's and server's changes are not: {r:#?}"
            );
        }
    }
    // The timeline stamps keep the device's time, the receipt beside it.
    let resolved = h
        .rows
        .iter()
        .find(|r| r.field.starts_with("timeline") && r.field.contains("resolved"))
        .expect("the resolved stamp's row");
    assert!(resolved.device_time.as_ref().unwrap().0 > received);
    assert_eq!(ms(resolved.received_at.as_ref().unwrap().0), ms(received));
    server.stop().await;
}
