//! The office's operations on follow-ups, surveys and visits, pure.

use super::*;
use crate::followups::model::FollowUpOrigin;
use crate::rules::state::Role;
use crate::testing::{at, filed, instant, CustomerBuilder, FollowUpBuilder, WorkOrderBuilder};

fn office() -> Actor {
    Actor::new("office", Role::Office)
}

fn phone_fine(satisfaction: i64) -> RecordFollowUp {
    RecordFollowUp {
        channel: FollowUpChannel::Phone,
        outcome: FollowUpOutcome::Fine,
        satisfaction,
        remarks: "  设备运行正常  ".into(),
        at: None,
    }
}

#[test]
fn a_closed_order_gets_an_open_phone_follow_up_with_an_id_derived_from_the_order() {
    let wo = filed(WorkOrderBuilder::new().assigned_to("yangjinwei"));
    let now = instant("2026-03-05T02:00:00Z");
    let fu = for_closed_order(&wo, "office", now);
    let suffix = wo.id.as_str().strip_prefix("wo:").unwrap();
    assert_eq!(fu.id.as_str(), format!("followup:{suffix}"));
    assert_eq!(fu.id, follow_up_id(&wo.id), "the same id on any device");
    assert_eq!(fu.id.kind(), DocKind::FollowUp);
    assert_eq!(fu.origin, FollowUpOrigin::ClosedOrder);
    assert_eq!(fu.work_order_id.as_ref(), Some(&wo.id));
    assert_eq!(fu.wo_number, wo.number);
    assert_eq!(fu.customer, wo.customer, "whom to call, as on the order");
    assert_eq!(fu.channel, FollowUpChannel::Phone);
    assert_eq!((fu.created_at, fu.record.clone()), (now.into(), None));
}

#[test]
fn recording_takes_outcome_satisfaction_remarks_who_and_when_once() {
    let wo = filed(WorkOrderBuilder::new().assigned_to("yangjinwei"));
    let mut fu = FollowUpBuilder::after(&wo).build();
    let now = instant("2026-03-06T03:00:00Z");
    record(&mut fu, phone_fine(5), &office(), now).unwrap();
    let r = fu.record.clone().unwrap();
    assert_eq!((r.outcome, r.satisfaction), (FollowUpOutcome::Fine, 5));
    assert_eq!(r.remarks, "设备运行正常", "trimmed");
    assert_eq!((r.by.as_str(), r.at), ("office", now.into()));

    let again = record(&mut fu, phone_fine(1), &office(), now).unwrap_err();
    assert!(
        matches!(again, CareError::AlreadyRecorded { .. }),
        "{again}"
    );
    assert!(again.to_string().contains(&wo.number), "{again}");
    assert_eq!(fu.record.unwrap().satisfaction, 5, "unchanged");
}

#[test]
fn recording_refuses_bad_input_and_other_roles() {
    let wo = filed(WorkOrderBuilder::new().assigned_to("yangjinwei"));
    let fu = FollowUpBuilder::after(&wo).build();
    let now = instant("2026-03-06T03:00:00Z");
    let try_ = |input: RecordFollowUp, actor: &Actor| record(&mut fu.clone(), input, actor, now);
    assert_eq!(
        try_(phone_fine(0), &office()),
        Err(CareError::Satisfaction(0))
    );
    assert_eq!(
        try_(phone_fine(6), &office()),
        Err(CareError::Satisfaction(6))
    );
    let long = RecordFollowUp {
        remarks: "字".repeat(REMARKS_MAX_CHARS + 1),
        ..phone_fine(3)
    };
    assert_eq!(
        try_(long, &office()),
        Err(CareError::RemarksTooLong(REMARKS_MAX_CHARS + 1))
    );
    let later = RecordFollowUp {
        at: Some(at("2026-03-07T00:00:00Z")),
        ..phone_fine(3)
    };
    assert!(matches!(
        try_(later, &office()),
        Err(CareError::InFuture(_))
    ));
    for role in [Role::Engineer, Role::Storekeeper, Role::Expert] {
        let who = Actor::new("x", role);
        assert!(matches!(
            try_(phone_fine(5), &who),
            Err(CareError::OfficeOnly(_))
        ));
    }
}

#[test]
fn only_an_on_site_follow_up_counts_as_a_visit() {
    let wo = filed(WorkOrderBuilder::new().assigned_to("yangjinwei"));
    let t = instant("2026-03-06T03:00:00Z");
    let open = FollowUpBuilder::after(&wo).build();
    let phone = FollowUpBuilder::after(&wo)
        .recorded(FollowUpChannel::Phone, FollowUpOutcome::Fine, 5, t)
        .build();
    let on_site = FollowUpBuilder::after(&wo)
        .recorded(FollowUpChannel::OnSite, FollowUpOutcome::NeedsAction, 3, t)
        .build();
    assert!(!counts_as_visit(&open));
    assert!(!counts_as_visit(&phone));
    assert!(counts_as_visit(&on_site));
}

#[test]
fn the_last_survey_and_visit_only_move_forward() {
    let mut c = CustomerBuilder::new("华东电力").build();
    assert!(note_survey(&mut c, at("2026-03-02T01:00:00Z")));
    assert!(!note_survey(&mut c, at("2025-12-01T01:00:00Z")), "older");
    assert_eq!(c.last_survey_at, Some(at("2026-03-02T01:00:00Z")));
    assert!(note_visit(&mut c, at("2026-03-03T01:00:00Z")));
    assert!(note_visit(&mut c, at("2026-04-03T01:00:00Z")));
    assert_eq!(c.last_visit_at, Some(at("2026-04-03T01:00:00Z")));
}

#[test]
fn a_survey_names_its_customer_and_checks_its_input() {
    let c = CustomerBuilder::new("华东电力").build();
    let now = instant("2026-03-02T01:00:00Z");
    let input = |satisfaction| NewSurvey {
        customer_id: c.id.clone(),
        satisfaction,
        remarks: "".into(),
        surveyed_at: None,
    };
    let id = DocId::new(DocKind::Survey);
    let s = new_survey(id.clone(), &c, input(4), &office(), now).unwrap();
    assert_eq!(
        (s.id, s.customer_id.clone(), s.org.as_str()),
        (id, c.id.clone(), "华东电力")
    );
    assert_eq!((s.surveyed_at, s.recorded_at), (now.into(), now.into()));
    let fresh = || DocId::new(DocKind::Survey);
    assert_eq!(
        new_survey(fresh(), &c, input(9), &office(), now),
        Err(CareError::Satisfaction(9))
    );
    let other = CustomerBuilder::new("别的单位").build();
    assert!(matches!(
        new_survey(fresh(), &other, input(4), &office(), now),
        Err(CareError::Mismatch(_))
    ));
    let engineer = Actor::new("yangjinwei", Role::Engineer);
    assert!(matches!(
        new_survey(fresh(), &c, input(4), &engineer, now),
        Err(CareError::OfficeOnly(_))
    ));
}

#[test]
fn a_visit_is_planned_on_site_for_today_or_later_in_the_company_zone() {
    let c = CustomerBuilder::new("华东电力").key_customer().build();
    // 23:30 UTC on 1 March is already 2 March in Shanghai.
    let now = instant("2026-03-01T23:30:00Z");
    let tz = chrono_tz::Asia::Shanghai;
    let plan = |day: &str| PlanVisit {
        customer_id: c.id.clone(),
        planned_on: Day(day.parse().unwrap()),
    };
    let id = DocId::new(DocKind::FollowUp);
    let fu = plan_visit(id.clone(), &c, &plan("2026-03-02"), &office(), now, tz).unwrap();
    assert_eq!((fu.id, fu.origin), (id, FollowUpOrigin::PlannedVisit));
    assert_eq!(fu.channel, FollowUpChannel::OnSite);
    assert_eq!(fu.customer.org, "华东电力");
    assert_eq!(fu.customer_id.as_ref(), Some(&c.id));
    assert_eq!(fu.work_order_id, None);
    assert_eq!(
        plan_visit(
            DocId::new(DocKind::FollowUp),
            &c,
            &plan("2026-03-01"),
            &office(),
            now,
            tz
        ),
        Err(CareError::PlannedInPast(Day("2026-03-01".parse().unwrap())))
    );
}

#[test]
fn stored_documents_need_a_satisfaction_of_1_to_5() {
    let wo = filed(WorkOrderBuilder::new().assigned_to("yangjinwei"));
    let t = instant("2026-03-06T03:00:00Z");
    let mut fu = FollowUpBuilder::after(&wo)
        .recorded(FollowUpChannel::Phone, FollowUpOutcome::Fine, 5, t)
        .build();
    assert_eq!(validate_follow_up(&fu), Ok(()));
    fu.record.as_mut().unwrap().satisfaction = 7;
    assert_eq!(validate_follow_up(&fu), Err(CareError::Satisfaction(7)));
    assert_eq!(
        validate_follow_up(&FollowUpBuilder::after(&wo).build()),
        Ok(())
    );
}
