//! The office's follow-ups, surveys and visits through the facade: what the
//! office sees in its lists after closing orders, recording follow-ups and
//! surveys and planning visits, on a device store.

use std::sync::Arc;

use automerge::AutoCommit;
use chrono::{DateTime, Duration, Utc};

use crate::clock::FixedClock;
use crate::doc;
use crate::followups::{
    DueFilter, FollowUp, FollowUpChannel, FollowUpFilter, FollowUpOutcome, NewSurvey, PlanVisit,
    RecordFollowUp, Survey,
};
use crate::model::{Customer, Day, DocKind, WorkOrder};
use crate::ops::Actor;
use crate::rules::state::{Action, Role, Status};
use crate::rules::YearlyDue;
use crate::service::Device;
use crate::store::Paging;
use crate::testing::{filed, instant, CustomerBuilder, TempDevice, WorkOrderBuilder};

/// `b`'s customer, registered on `dev` through the facade.
fn register(dev: &mut Device, b: CustomerBuilder) -> Customer {
    dev.create_customer(b.input()).unwrap().customer
}

/// The office's device, its clock at `now`.
fn office_at(now: &str) -> (TempDevice, Arc<FixedClock>) {
    let clock = Arc::new(FixedClock::new(instant(now)));
    let dev = TempDevice::with_clock(Actor::new("office", Role::Office), clock.clone());
    (dev, clock)
}

/// Stores a filed order (for `customer`, when given) on `dev`.
fn store_filed(dev: &mut Device, customer: Option<&Customer>) -> WorkOrder {
    let mut b = WorkOrderBuilder::new().assigned_to("yangjinwei");
    if let Some(c) = customer {
        b = b.customer(&c.org).customer_id(c.id.clone());
    }
    let wo = filed(b);
    let mut am = doc::create(DocKind::WorkOrder, &wo).unwrap();
    dev.store.create_doc_merging(&wo.id, &mut am).unwrap();
    wo
}

/// Two office devices, A at 02:00 and B at `b_now` on 6 March, each
/// holding the same filed order for Yang (as a sync brought it to both).
fn two_desks_with_a_filed_order(b_now: &str) -> (TempDevice, TempDevice, WorkOrder) {
    let (mut a, _) = office_at("2026-03-06T02:00:00Z");
    let (mut b, _) = office_at(b_now);
    let wo = filed(WorkOrderBuilder::new().assigned_to("yangjinwei"));
    let mut am = doc::create(DocKind::WorkOrder, &wo).unwrap();
    let mut copy = AutoCommit::load(&am.save()).unwrap();
    a.store.create_doc_merging(&wo.id, &mut am).unwrap();
    b.store.create_doc_merging(&wo.id, &mut copy).unwrap();
    (a, b, wo)
}

fn open(dev: &Device) -> Vec<FollowUp> {
    let page = dev.follow_up_page(FollowUpFilter::default()).unwrap();
    assert_eq!(page.total as usize, page.items.len());
    page.items.into_iter().map(|i| i.follow_up).collect()
}

fn recorded(dev: &Device) -> Vec<FollowUp> {
    let filter = FollowUpFilter {
        recorded: true,
        ..Default::default()
    };
    let page = dev.follow_up_page(filter).unwrap();
    page.items.into_iter().map(|i| i.follow_up).collect()
}

fn record(channel: FollowUpChannel, satisfaction: i64) -> RecordFollowUp {
    RecordFollowUp {
        channel,
        outcome: FollowUpOutcome::Fine,
        satisfaction,
        remarks: "运行正常".into(),
        at: None,
    }
}

fn orgs(page: &crate::followups::DuePage) -> Vec<&str> {
    page.items.iter().map(|i| i.org.as_str()).collect()
}

fn survey(customer: &Customer, at: &str) -> NewSurvey {
    NewSurvey {
        customer_id: customer.id.clone(),
        satisfaction: 4,
        remarks: String::new(),
        surveyed_at: Some(instant(at).into()),
    }
}

#[test]
fn closing_an_order_creates_its_follow_up_once() {
    let (mut dev, _) = office_at("2026-03-06T02:00:00Z");
    let wo = store_filed(&mut dev, None);
    assert!(open(&dev).is_empty());

    let view = dev.act(&wo.id, Action::Close).unwrap();
    assert_eq!(view.wo.status, Status::Closed);
    let list = open(&dev);
    assert_eq!(list.len(), 1, "one follow-up for the closed order");
    assert_eq!(list[0].wo_number, wo.number);
    assert_eq!(list[0].customer.org, "重庆市农业委员会检测中心");
    assert_eq!(list[0].channel, FollowUpChannel::Phone);
    assert_eq!(list[0].created_at, instant("2026-03-06T02:00:00Z").into());

    // Closing again is refused and makes no second one.
    let again = dev.act(&wo.id, Action::Close).unwrap_err();
    assert_eq!(again.code, "illegal_transition");
    assert_eq!(open(&dev).len(), 1);
    assert_eq!(dev.store.doc_ids(DocKind::FollowUp).unwrap().len(), 1);
}

#[test]
fn a_refused_close_creates_no_follow_up() {
    let (mut dev, _) = office_at("2026-03-06T02:00:00Z");
    let wo = WorkOrderBuilder::new()
        .assigned_to("yangjinwei")
        .signed()
        .build();
    let mut am = doc::create(DocKind::WorkOrder, &wo).unwrap();
    dev.store.create_doc_merging(&wo.id, &mut am).unwrap();
    let err = dev.act(&wo.id, Action::Close).unwrap_err();
    assert_eq!(err.code, "illegal_transition", "signed, not filed yet");
    assert!(dev.store.doc_ids(DocKind::FollowUp).unwrap().is_empty());
    assert_eq!(
        dev.get_work_order(&wo.id).unwrap().wo.status,
        Status::Signed
    );
}

#[test]
fn two_office_devices_closing_the_same_order_offline_make_one_follow_up() {
    let (mut a, mut b, wo) = two_desks_with_a_filed_order("2026-03-06T03:00:00Z");
    a.act(&wo.id, Action::Close).unwrap();
    b.act(&wo.id, Action::Close).unwrap();
    let (ida, idb) = (open(&a)[0].id.clone(), open(&b)[0].id.clone());
    assert_eq!(ida, idb, "the id is derived from the order");

    // When they meet, the two documents are one follow-up.
    let mut da = a.store.load(&ida).unwrap().unwrap();
    let mut db = b.store.load(&idb).unwrap().unwrap();
    da.merge(&mut db).unwrap();
    let merged: FollowUp = doc::read(&da, DocKind::FollowUp).unwrap();
    assert_eq!(merged.id, ida);
    assert_eq!(merged.work_order_id.as_ref(), Some(&wo.id));
    assert_eq!(merged.record, None);
}

#[test]
fn closing_keeps_a_follow_up_another_office_device_made_and_recorded() {
    let (mut a, mut b, wo) = two_desks_with_a_filed_order("2026-03-06T04:00:00Z");
    a.act(&wo.id, Action::Close).unwrap();
    let fid = open(&a)[0].id.clone();
    a.record_follow_up(&fid, record(FollowUpChannel::Phone, 4))
        .unwrap();

    // B still holds the order filed, and the recorded follow-up arrived.
    b.receive_from(&a, &[&fid]);
    b.act(&wo.id, Action::Close).unwrap();
    assert!(open(&b).is_empty());
    let done = recorded(&b);
    assert_eq!(done.len(), 1);
    assert_eq!(done[0].record.as_ref().unwrap().satisfaction, 4, "kept");
}

#[test]
fn open_follow_ups_are_paged_oldest_first_with_their_age() {
    let (mut dev, clock) = office_at("2026-03-02T02:00:00Z");
    let orders: Vec<WorkOrder> = (0..3).map(|_| store_filed(&mut dev, None)).collect();
    for wo in &orders {
        dev.act(&wo.id, Action::Close).unwrap();
        clock.advance(Duration::days(1));
    }
    // Now 5 March 10:00 in Shanghai; closed on the 2nd, 3rd and 4th.
    let page = dev
        .follow_up_page(FollowUpFilter {
            page: Paging::first(2),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.total, 3);
    let ages: Vec<i64> = page.items.iter().map(|i| i.age_days).collect();
    assert_eq!(ages, vec![3, 2], "the oldest first");
    assert_eq!(page.items[0].follow_up.wo_number, orders[0].number);
    assert_eq!(page.items[0].people["office"], "office");
    let rest = dev
        .follow_up_page(FollowUpFilter {
            page: Paging::at(2, 2),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(rest.items.len(), 1);
    assert_eq!(
        rest.items[0].follow_up.work_order_id,
        Some(orders[2].id.clone())
    );

    // Recorded: it leaves the open list for the recorded one.
    let first = page.items[0].follow_up.id.clone();
    let item = dev
        .record_follow_up(&first, record(FollowUpChannel::Phone, 5))
        .unwrap();
    assert_eq!(item.follow_up.record.as_ref().unwrap().by, "office");
    assert_eq!(open(&dev).len(), 2);
    assert_eq!(recorded(&dev)[0].id, first);
    let err = dev
        .record_follow_up(&first, record(FollowUpChannel::Phone, 1))
        .unwrap_err();
    assert_eq!(err.code, "already_exists");
    let next = open(&dev)[0].id.clone();
    let err = dev
        .record_follow_up(&next, record(FollowUpChannel::Phone, 0))
        .unwrap_err();
    assert_eq!(err.code, "invalid");
}

#[test]
fn surveys_due_never_first_then_overdue_then_due_within_30_days() {
    let (mut dev, _) = office_at("2026-03-10T02:00:00Z");
    let mut make = |org: &str| register(&mut dev, CustomerBuilder::new(org));
    let (never, overdue, soon, done) = (
        make("从未调查"),
        make("已逾期"),
        make("即将到期"),
        make("刚调查过"),
    );
    // Surveyed (local days in Shanghai) on 9 March 2025: due on 9 March
    // 2026, overdue by a day; on 1 April 2025: due in 22 days; on 1 January
    // 2026: not due for months.
    dev.record_survey(survey(&overdue, "2025-03-09T01:00:00Z"))
        .unwrap();
    dev.record_survey(survey(&soon, "2025-04-01T01:00:00Z"))
        .unwrap();
    dev.record_survey(survey(&done, "2026-01-01T01:00:00Z"))
        .unwrap();

    let page = dev.survey_due_page(DueFilter::default()).unwrap();
    assert_eq!(orgs(&page), vec!["从未调查", "已逾期", "即将到期"]);
    assert_eq!(page.total, 3);
    assert_eq!(page.items[0].due, YearlyDue::Never);
    assert_eq!(page.items[0].customer_id, never.id);
    assert_eq!(
        page.items[1].due,
        YearlyDue::Overdue {
            due_on: "2026-03-09".parse().unwrap(),
            days: 1
        }
    );
    assert_eq!(
        page.items[2].due,
        YearlyDue::DueIn {
            due_on: "2026-04-01".parse().unwrap(),
            days: 22
        }
    );

    // Recording the overdue customer's survey takes it off the list and
    // moves its last survey; an older one entered late does not move it back.
    let s = dev
        .record_survey(survey(&overdue, "2026-03-10T01:00:00Z"))
        .unwrap();
    assert_eq!(
        orgs(&dev.survey_due_page(DueFilter::default()).unwrap()),
        vec!["从未调查", "即将到期"]
    );
    dev.record_survey(survey(&overdue, "2025-12-01T01:00:00Z"))
        .unwrap();
    let c: Customer = dev.read_doc(&overdue.id, DocKind::Customer).unwrap();
    assert_eq!(c.last_survey_at, Some(s.surveyed_at));
    let stored: Survey = dev.read_doc(&s.id, DocKind::Survey).unwrap();
    assert_eq!((stored.satisfaction, stored.org.as_str()), (4, "已逾期"));
    assert_eq!(dev.store.doc_ids(DocKind::Survey).unwrap().len(), 5);
}

#[test]
fn surveys_are_due_by_the_company_zone_s_local_day() {
    // Surveyed at 00:30 on 1 April 2025 in Shanghai (still 31 March in
    // UTC): due on 1 April 2026 there, so not yet overdue at 08:00 that day.
    let (mut dev, clock) = office_at("2025-04-01T00:00:00Z");
    let c = register(&mut dev, CustomerBuilder::new("华东电力"));
    dev.record_survey(survey(&c, "2025-03-31T16:30:00Z"))
        .unwrap();
    clock.set(instant("2026-04-01T00:00:00Z"));
    let page = dev.survey_due_page(DueFilter::default()).unwrap();
    assert_eq!(
        page.items[0].due,
        YearlyDue::DueToday {
            due_on: "2026-04-01".parse().unwrap()
        }
    );
    clock.set(instant("2026-04-01T16:00:00Z"));
    let page = dev.survey_due_page(DueFilter::default()).unwrap();
    assert!(matches!(
        page.items[0].due,
        YearlyDue::Overdue { days: 1, .. }
    ));
}

#[test]
fn key_customer_visits_count_planned_visits_and_on_site_follow_ups() {
    let (mut dev, clock) = office_at("2026-03-10T02:00:00Z");
    let key = register(&mut dev, CustomerBuilder::new("关键用户A").key_customer());
    let key2 = register(&mut dev, CustomerBuilder::new("关键用户B").key_customer());
    register(&mut dev, CustomerBuilder::new("普通用户"));
    let page = dev.visit_due_page(DueFilter::default()).unwrap();
    assert_eq!(
        orgs(&page),
        vec!["关键用户A", "关键用户B"],
        "key customers only"
    );

    // A planned visit shows beside the customer and in the open follow-ups.
    let day = Day("2026-03-20".parse().unwrap());
    let planned = dev
        .plan_visit(PlanVisit {
            customer_id: key.id.clone(),
            planned_on: day,
        })
        .unwrap();
    let page = dev.visit_due_page(DueFilter::default()).unwrap();
    assert_eq!(page.items[0].planned_on, Some(day));
    assert_eq!(page.items[1].planned_on, None);
    assert_eq!(open(&dev)[0].id, planned.follow_up.id);

    // Recorded on site, it is the visit: A is not due for 12 months.
    clock.set(instant("2026-03-20T06:00:00Z"));
    dev.record_follow_up(&planned.follow_up.id, record(FollowUpChannel::OnSite, 5))
        .unwrap();
    let c: Customer = dev.read_doc(&key.id, DocKind::Customer).unwrap();
    assert_eq!(
        c.last_visit_at,
        Some(instant("2026-03-20T06:00:00Z").into())
    );
    assert_eq!(
        orgs(&dev.visit_due_page(DueFilter::default()).unwrap()),
        vec!["关键用户B"]
    );

    // An order of B's closed and followed up on site counts too; by phone it would not.
    let wo = store_filed(&mut dev, Some(&key2));
    dev.act(&wo.id, Action::Close).unwrap();
    let fid = crate::followups::follow_up_id(&wo.id);
    dev.record_follow_up(&fid, record(FollowUpChannel::OnSite, 4))
        .unwrap();
    assert!(dev
        .visit_due_page(DueFilter::default())
        .unwrap()
        .items
        .is_empty());
    assert_eq!(dev.visit_due_page(DueFilter::default()).unwrap().total, 0);
}

#[test]
fn a_phone_follow_up_is_not_a_visit() {
    let (mut dev, _) = office_at("2026-03-10T02:00:00Z");
    let key = register(&mut dev, CustomerBuilder::new("关键用户A").key_customer());
    let wo = store_filed(&mut dev, Some(&key));
    dev.act(&wo.id, Action::Close).unwrap();
    let fid = crate::followups::follow_up_id(&wo.id);
    dev.record_follow_up(&fid, record(FollowUpChannel::Phone, 4))
        .unwrap();
    let c: Customer = dev.read_doc(&key.id, DocKind::Customer).unwrap();
    assert_eq!(c.last_visit_at, None);
    assert_eq!(
        orgs(&dev.visit_due_page(DueFilter::default()).unwrap()),
        vec!["关键用户A"]
    );
}

#[test]
fn only_the_office_reads_and_writes_them() {
    let (mut office, _) = office_at("2026-03-10T02:00:00Z");
    let c = register(&mut office, CustomerBuilder::new("华东电力"));
    let at: DateTime<Utc> = instant("2026-03-10T02:00:00Z");
    for role in [Role::Engineer, Role::Storekeeper, Role::Expert] {
        let mut dev = TempDevice::at(Actor::new("someone", role), at);
        let mut am = office.store.load(&c.id).unwrap().unwrap();
        dev.store.create_doc_merging(&c.id, &mut am).unwrap();
        for code in [
            dev.follow_up_page(FollowUpFilter::default())
                .unwrap_err()
                .code,
            dev.survey_due_page(DueFilter::default()).unwrap_err().code,
            dev.visit_due_page(DueFilter::default()).unwrap_err().code,
            dev.record_survey(survey(&c, "2026-03-10T01:00:00Z"))
                .unwrap_err()
                .code,
        ] {
            assert_eq!(code, "forbidden", "{role}");
        }
        assert!(dev.store.doc_ids(DocKind::Survey).unwrap().is_empty());
    }
}

#[test]
fn a_store_from_before_the_follow_ups_lists_its_customers_after_the_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("device.db");
    let cust = CustomerBuilder::new("老用户").key_customer().build();
    {
        let mut s = crate::store::Store::open(&path).unwrap();
        let mut am = doc::create(DocKind::Customer, &cust).unwrap();
        s.create_doc_merging(&cust.id, &mut am).unwrap();
        crate::store::device::rewind::rewind(s.conn(), 6);
    }
    let clock = Arc::new(FixedClock::new(instant("2026-03-10T02:00:00Z")));
    let dev = Device::open(
        &path,
        clock,
        Default::default(),
        Actor::new("office", Role::Office),
    )
    .unwrap();
    assert_eq!(
        orgs(&dev.survey_due_page(DueFilter::default()).unwrap()),
        vec!["老用户"]
    );
    assert_eq!(
        orgs(&dev.visit_due_page(DueFilter::default()).unwrap()),
        vec!["老用户"]
    );
}
