//! The complaint screens and the monthly report through the facade, as
//! the office uses them: what the list, the complaint and the report show.

use super::*;
use crate::complaints::{ComplaintStage, STEP_ORDER};
use crate::model::{ComplaintClass, ComplaintStepKind};
use crate::ops::Actor;
use crate::rules::state::Role;
use crate::rules::ReportState;
use crate::store::Paging;
use crate::testing::{complaint_form, instant, CustomerBuilder, TempDevice, WorkOrderBuilder};

fn office_at(now: &str) -> TempDevice {
    TempDevice::at(Actor::new("office", Role::Office), instant(now))
}

/// The office's complaint form about `details`, no customer given.
fn form(details: &str) -> NewComplaint {
    complaint_form(None, details)
}

/// Records a complaint about `details` ([`form`]) on `t`; its id.
fn record_complaint(t: &mut TempDevice, details: &str) -> DocId {
    t.device
        .create_complaint(form(details))
        .unwrap()
        .complaint
        .id
}

fn step(k: ComplaintStepKind, note: &str) -> StepInput {
    StepInput {
        step: k,
        owner: "吴主管".into(),
        note: note.into(),
        at: None,
    }
}

/// Records step `k` with `note` on complaint `id`; the refusal when refused.
fn add_step(
    t: &mut TempDevice,
    id: &DocId,
    k: ComplaintStepKind,
    note: &str,
) -> Result<ComplaintView, ApiError> {
    t.device.add_complaint_step(id, step(k, note))
}

fn set_now(t: &mut TempDevice, now: &str) {
    t.set_now(instant(now));
}

#[test]
fn a_complaint_is_walked_through_its_four_steps_in_order_and_closed() {
    let mut t = office_at("2026-03-10T09:00:00+08:00");
    let (cust, mut am) = CustomerBuilder::new("华东计量检测中心").doc();
    t.device.store.create_doc_merging(&cust, &mut am).unwrap();
    let (wo, mut am) = WorkOrderBuilder::new()
        .number("WO-2026-01-000007")
        .customer_id(cust.clone())
        .doc();
    t.device.store.create_doc_merging(&wo, &mut am).unwrap();

    let mut f = form("两只灯不亮");
    f.work_order_number = "WO-2026-01-000007".into();
    let v = t.device.create_complaint(f).unwrap();
    assert_eq!(
        v.customer_org.as_deref(),
        Some("华东计量检测中心"),
        "the order's customer"
    );
    assert_eq!(v.work_order_number.as_deref(), Some("WO-2026-01-000007"));
    assert_eq!(
        (v.stage, v.next_step),
        (ComplaintStage::Confirm, Some(ComplaintStepKind::Confirm))
    );
    let id = v.complaint.id.clone();

    // Out of order: refused with its own code, and nothing changes.
    let e = add_step(&mut t, &id, ComplaintStepKind::Agree, "换货").unwrap_err();
    assert_eq!(e.code, "complaint_step_order");
    assert!(e.message.contains("\"confirm\""), "{}", e.message);
    let e = t.device.close_complaint(&id).unwrap_err();
    assert_eq!(e.code, "complaint_step_order");
    assert!(t
        .device
        .get_complaint(&id)
        .unwrap()
        .complaint
        .steps
        .is_empty());

    for (i, k) in STEP_ORDER.into_iter().enumerate() {
        set_now(&mut t, &format!("2026-03-1{}T09:00:00+08:00", i + 1));
        let v = t.device.add_complaint_step(&id, step(k, "已处理")).unwrap();
        assert_eq!(v.complaint.steps.len(), i + 1);
        assert_eq!(v.complaint.steps[i].at.0, t.device.now());
        assert_eq!(v.complaint.steps[i].owner, "吴主管");
    }
    let v = t.device.get_complaint(&id).unwrap();
    assert_eq!((v.stage, v.next_step), (ComplaintStage::Close, None));
    let v = t.device.close_complaint(&id).unwrap();
    assert_eq!(v.stage, ComplaintStage::Closed);
    assert_eq!(v.complaint.closed_by, "office");
    let e = add_step(&mut t, &id, ComplaintStepKind::Track, "again").unwrap_err();
    assert_eq!(e.code, "illegal_transition");
}

#[test]
fn an_unknown_work_order_number_is_refused_and_nothing_is_stored() {
    let mut t = office_at("2026-03-10T09:00:00+08:00");
    let mut f = form("x");
    f.work_order_number = "WO-2026-99-000001".into();
    let e = t.device.create_complaint(f).unwrap_err();
    assert_eq!(e.code, "invalid");
    assert!(e.message.contains("WO-2026-99-000001"));
    assert_eq!(t.device.store.dirty_count().unwrap(), 0);
}

#[test]
fn not_ours_is_recorded_with_the_explanation_after_the_analysis() {
    let mut t = office_at("2026-03-10T09:00:00+08:00");
    let id = record_complaint(&mut t, "读数偏差");
    add_step(&mut t, &id, ComplaintStepKind::Confirm, "确认").unwrap();
    let e = t
        .device
        .find_complaint_not_ours(&id, "用户未按规程校准")
        .unwrap_err();
    assert_eq!(e.code, "complaint_step_order");
    let v = add_step(&mut t, &id, ComplaintStepKind::Analyse, "用户未校准").unwrap();
    assert!(v.may_find_not_ours);
    let v = t
        .device
        .find_complaint_not_ours(&id, "用户未按规程校准，已向用户说明")
        .unwrap();
    let n = v.complaint.not_ours.unwrap();
    assert_eq!(n.explanation, "用户未按规程校准，已向用户说明");
    let page = t.device.complaint_page(ComplaintFilter::default()).unwrap();
    assert!(page.items[0].row.not_ours);
}

#[test]
fn open_complaints_are_listed_by_stage_then_age_a_page_at_a_time() {
    let mut t = office_at("2026-03-01T09:00:00+08:00");
    let old = record_complaint(&mut t, "old");
    set_now(&mut t, "2026-03-05T09:00:00+08:00");
    let newer = record_complaint(&mut t, "newer");
    let analysed = record_complaint(&mut t, "confirmed");
    add_step(&mut t, &analysed, ComplaintStepKind::Confirm, "确认").unwrap();
    let done = record_complaint(&mut t, "done");
    for k in STEP_ORDER {
        t.device.add_complaint_step(&done, step(k, "x")).unwrap();
    }
    t.device.close_complaint(&done).unwrap();

    set_now(&mut t, "2026-03-10T10:00:00+08:00");
    let open = ComplaintFilter {
        open_only: true,
        ..Default::default()
    };
    let page = t.device.complaint_page(open.clone()).unwrap();
    let order: Vec<_> = page.items.iter().map(|i| i.row.id.clone()).collect();
    assert_eq!(order, vec![old.clone(), newer, analysed]);
    assert_eq!(page.total, 3);
    let ages: Vec<i64> = page.items.iter().map(|i| i.age_days).collect();
    assert_eq!(ages, vec![9, 5, 5]);
    assert_eq!(page.items[2].row.stage, ComplaintStage::Analyse);
    let first = t
        .device
        .complaint_page(ComplaintFilter {
            page: Paging::at(1, 1),
            ..open
        })
        .unwrap();
    assert_eq!((first.items.len(), first.total), (1, 3));
    let all = t.device.complaint_page(ComplaintFilter::default()).unwrap();
    assert_eq!(all.total, 4, "closed ones too without open_only");
}

/// March 2026 in Shanghai: complaints at the month's edges, orders closed
/// at its edges.
fn march(t: &mut TempDevice, closed: &[&str]) {
    for (details, at) in [
        ("first minute", "2026-03-01T00:00:00+08:00"),
        ("last evening", "2026-03-31T23:30:00+08:00"),
        ("april", "2026-04-01T00:30:00+08:00"),
        ("february", "2026-02-28T23:59:00+08:00"),
    ] {
        let mut f = form(details);
        f.received_at = Some(instant(at).into());
        if details == "last evening" {
            f.class = ComplaintClass::NonQualityHuman;
        }
        t.device.create_complaint(f).unwrap();
    }
    for (i, at) in closed.iter().enumerate() {
        let (id, mut am) = WorkOrderBuilder::new()
            .number(format!("WO-2026-01-{:06}", i + 1))
            .assigned_to("yangjinwei")
            .at(instant("2026-02-20T09:00:00+08:00"))
            .closed_at(instant(at))
            .doc();
        t.device.store.create_doc_merging(&id, &mut am).unwrap();
    }
}

#[test]
fn the_report_counts_the_months_complaints_and_closed_orders_in_the_company_zone() {
    let mut t = office_at("2026-04-02T10:00:00+08:00");
    march(
        &mut t,
        &[
            "2026-03-01T00:00:00+08:00",
            "2026-03-31T23:59:00+08:00",
            "2026-04-01T00:00:00+08:00",
            "2026-03-15T12:00:00+08:00",
        ],
    );
    let r = t.device.complaint_report(None).unwrap();
    assert_eq!(
        (r.year, r.month),
        (2026, 3),
        "the previous month by default"
    );
    assert_eq!(r.total, 2, "the first minute and 23:30 on the last day");
    let counts: Vec<_> = r.by_class.iter().map(|c| c.count).collect();
    assert_eq!(counts, vec![1, 1, 0]);
    assert_eq!(r.closed_orders, 3);
    assert_eq!(r.rate, Some(2.0 / 3.0));
    assert_eq!(r.state, ReportState::Due);
    assert_eq!(r.due_at.0, instant("2026-04-05T17:00:00+08:00"));
}

#[test]
fn a_month_without_closed_orders_has_no_rate() {
    let mut t = office_at("2026-04-02T10:00:00+08:00");
    march(&mut t, &["2026-04-01T00:00:00+08:00"]);
    let r = t.device.complaint_report(Some((2026, 3))).unwrap();
    assert_eq!((r.total, r.closed_orders, r.rate), (2, 0, None));
    let (name, csv) = t.device.complaint_report_csv(2026, 3, "重庆仪器").unwrap();
    assert_eq!(name, "complaint-report-2026-03.csv");
    assert!(csv.contains("当月没有关闭的工单，不计算投诉率"));
}

#[test]
fn the_submission_is_recorded_once_in_a_document_and_shows_on_time() {
    let mut t = office_at("2026-04-02T10:00:00+08:00");
    march(&mut t, &["2026-03-15T12:00:00+08:00"]);
    set_now(&mut t, "2026-03-31T23:59:00+08:00");
    let e = t.device.submit_complaint_report(2026, 3).unwrap_err();
    assert_eq!(e.code, "invalid", "March is not over");
    set_now(&mut t, "2026-04-05T16:30:00+08:00");
    let dirty = t.device.store.dirty_count().unwrap();
    let r = t.device.submit_complaint_report(2026, 3).unwrap();
    assert_eq!(r.state, ReportState::OnTime);
    let s = r.submission.unwrap();
    assert_eq!(
        (s.submitted_by.as_str(), s.complaints, s.closed_orders),
        ("office", 2, 1)
    );
    assert_eq!(
        t.device.store.dirty_count().unwrap(),
        dirty + 1,
        "a document to sync"
    );
    let e = t.device.submit_complaint_report(2026, 3).unwrap_err();
    assert_eq!(e.code, "already_exists");
    // April's report, not submitted by 17:00 on 5 May, is overdue.
    set_now(&mut t, "2026-05-05T17:00:01+08:00");
    assert_eq!(
        t.device.complaint_report(None).unwrap().state,
        ReportState::Overdue
    );
}

#[test]
fn engineers_may_neither_read_nor_write_complaints() {
    let mut t = office_at("2026-03-10T09:00:00+08:00");
    let id = t.device.create_complaint(form("x")).unwrap().complaint.id;
    t.device.actor = Actor::new("yangjinwei", Role::Engineer);
    assert_eq!(t.device.get_complaint(&id).unwrap_err().code, "forbidden");
    assert_eq!(
        t.device
            .complaint_page(ComplaintFilter::default())
            .unwrap_err()
            .code,
        "forbidden"
    );
    assert_eq!(
        t.device.create_complaint(form("y")).unwrap_err().code,
        "forbidden"
    );
    assert_eq!(
        t.device.complaint_report(None).unwrap_err().code,
        "forbidden"
    );
    let e = add_step(&mut t, &id, ComplaintStepKind::Confirm, "x").unwrap_err();
    assert_eq!(e.code, "forbidden");
}

#[test]
fn the_csv_export_is_written_where_the_user_chose_with_its_extension() {
    let mut t = office_at("2026-04-02T10:00:00+08:00");
    march(&mut t, &["2026-03-15T12:00:00+08:00"]);
    let dir = tempfile::tempdir().unwrap();
    let r = t
        .device
        .export_complaint_report_csv_at(2026, 3, "重庆仪器", &dir.path().join("三月投诉"))
        .unwrap();
    assert!(r.path.ends_with("三月投诉.csv"), "{}", r.path);
    let text = std::fs::read_to_string(&r.path).unwrap();
    assert!(text.starts_with("\u{feff}用户投诉月报,2026-03\r\n公司,重庆仪器\r\n"));
    assert!(text.contains("合计,2\r\n"));
    assert!(
        text.contains("投诉率,200.0%\r\n"),
        "2 complaints, 1 closed order"
    );
}
