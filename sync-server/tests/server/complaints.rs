//! Complaints and complaint-report records are the office's (issue 13,
//! item 7): an engineer's device never receives them, and an engineer's
//! write of one is refused with the server's store unchanged.

use onsite_core::complaints::report_id;
use onsite_core::model::ComplaintReportRecord;
use onsite_core::testing::ComplaintBuilder;

use super::*;

/// The office's March report record.
fn march_record() -> ComplaintReportRecord {
    ComplaintReportRecord {
        id: report_id(2026, 3),
        year: 2026,
        month: 3,
        submitted_at: t0().into(),
        submitted_by: "office".into(),
        complaints: 2,
        closed_orders: 40,
    }
}

#[tokio::test]
async fn an_engineers_device_never_receives_complaints_or_report_records() {
    let (s, mut office, mut yang, wo) = one_order_for_yang().await;
    let mut complaint = ComplaintBuilder::new(None, "PN-1001").build();
    complaint.work_order_id = Some(wo.id.clone());
    office.create(&complaint.id, &complaint);
    let record = march_record();
    office.create(&record.id, &record);
    assert!(
        office.sync().await.errors.is_empty(),
        "the office writes them"
    );
    assert!(s.load(complaint.id.as_str()).is_some());
    assert!(s.load(record.id.as_str()).is_some());

    yang.sync().await;
    assert!(yang.holds(wo.id.as_str()), "his order, yes");
    assert!(
        !yang.holds(complaint.id.as_str()),
        "a complaint about his own order, no"
    );
    assert!(!yang.holds(record.id.as_str()), "the report record, no");

    let mut store = s.raw_device("cangku", Role::Storekeeper);
    store.sync().await;
    assert!(!store.holds(complaint.id.as_str()) && !store.holds(record.id.as_str()));

    let mut office2 = s.raw_device("office", Role::Office);
    office2.sync().await;
    assert!(office2.holds(complaint.id.as_str()) && office2.holds(record.id.as_str()));
    s.stop().await;
}

#[tokio::test]
async fn an_engineers_complaint_or_report_record_is_refused_and_nothing_is_stored() {
    let (s, mut office, mut yang) = office_and_yang().await;
    let existing = ComplaintBuilder::new(None, "PN-1001").build();
    office.create(&existing.id, &existing);
    assert!(office.sync().await.errors.is_empty());
    yang.sync().await;
    let before = s.db_snapshot();

    // A new complaint of his own.
    let mine = ComplaintBuilder::new(None, "PN-2040").build();
    yang.create(&mine.id, &mine);
    assert_eq!(yang.sync().await.codes(), vec!["forbidden"]);
    assert_eq!(s.db_snapshot(), before, "nothing stored");
    assert!(s.load(mine.id.as_str()).is_none());

    // A report record.
    let mut yang2 = s.raw_device(YANG, Role::Engineer);
    yang2.sync().await;
    let record = march_record();
    yang2.create(&record.id, &record);
    assert_eq!(yang2.sync().await.codes(), vec!["forbidden"]);
    assert_eq!(s.db_snapshot(), before, "nothing stored");

    // A change to the office's complaint, written under its id.
    let mut yang3 = s.raw_device(YANG, Role::Engineer);
    yang3.sync().await;
    let mut changed = existing.clone();
    changed.closed_at = Some(t0().into());
    yang3.create(&changed.id, &changed);
    assert!(!yang3.sync().await.errors.is_empty(), "refused");
    assert_eq!(s.db_snapshot(), before, "nothing stored");
    let stored: onsite_core::model::Complaint =
        onsite_core::doc::read(&s.load(existing.id.as_str()).unwrap(), DocKind::Complaint).unwrap();
    assert_eq!(stored.closed_at, None);
    s.stop().await;
}

#[tokio::test]
async fn a_report_record_must_name_its_own_month() {
    let (s, mut office, _) = office_and_yang().await;
    let mut record = march_record();
    record.id = report_id(2026, 4);
    office.create(&record.id, &record);
    assert_eq!(office.sync().await.codes(), vec!["invalid_document"]);
    assert!(s.load(record.id.as_str()).is_none());
    s.stop().await;
}
