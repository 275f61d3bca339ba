//! The office's documents on the way into the shared record: the write
//! rules every path obeys (`guard`: the office only, a satisfaction of
//! 1–5), and tolerant reading of a document another client wrote with its
//! optional keys left out.

use automerge::AutoCommit;

use super::*;
use crate::doc;
use crate::guard::{check_write, Records, RefusalKind, Writer};
use crate::model::{DocId, DocKind};
use crate::rules::state::Role;
use crate::testing::{
    filed, instant, strip_optional_keys, CustomerBuilder, FollowUpBuilder, SurveyBuilder,
    WorkOrderBuilder,
};

struct NoRecords;
impl Records for NoRecords {
    fn assignee_of(&self, _: &DocId) -> Option<String> {
        None
    }
}

fn writer(role: Role) -> Writer<'static> {
    let user = match role {
        Role::Office => "office",
        _ => "yangjinwei",
    };
    Writer { user, role }
}

fn check(
    role: Role,
    id: &DocId,
    before: Option<&AutoCommit>,
    after: &AutoCommit,
) -> Option<RefusalKind> {
    check_write(
        writer(role),
        id,
        before,
        &mut after.clone(),
        100,
        &NoRecords,
    )
    .err()
    .map(|r| r.kind)
}

/// `fu` recorded with `satisfaction` (set directly, as a client might).
fn recorded(mut fu: FollowUp, satisfaction: i64) -> FollowUp {
    fu.record = Some(FollowUpRecord {
        channel: FollowUpChannel::Phone,
        outcome: FollowUpOutcome::Fine,
        satisfaction,
        remarks: String::new(),
        at: instant("2026-03-06T02:00:00Z").into(),
        by: "office".into(),
    });
    fu
}

#[test]
fn only_the_office_creates_and_changes_follow_ups_and_surveys() {
    let wo = filed(WorkOrderBuilder::new().assigned_to("yangjinwei"));
    let (fid, fu) = FollowUpBuilder::after(&wo).doc();
    let c = CustomerBuilder::new("华东电力").build();
    let (sid, survey) = SurveyBuilder::new(&c).doc();
    for (id, d) in [(&fid, &fu), (&sid, &survey)] {
        assert_eq!(check(Role::Office, id, None, d), None);
        for role in [Role::Engineer, Role::Storekeeper, Role::Expert] {
            assert_eq!(
                check(role, id, None, d),
                Some(RefusalKind::Forbidden),
                "{role} creates {id}"
            );
        }
    }
    let mut after = fu.clone();
    let open: FollowUp = doc::read(&fu, DocKind::FollowUp).unwrap();
    doc::write(&mut after, &recorded(open, 5)).unwrap();
    after.commit();
    assert_eq!(check(Role::Office, &fid, Some(&fu), &after), None);
    assert_eq!(
        check(Role::Engineer, &fid, Some(&fu), &after),
        Some(RefusalKind::Forbidden)
    );
}

#[test]
fn a_satisfaction_outside_1_to_5_is_refused() {
    let wo = filed(WorkOrderBuilder::new().assigned_to("yangjinwei"));
    let bad = recorded(FollowUpBuilder::after(&wo).build(), 9);
    let am = doc::create(DocKind::FollowUp, &bad).unwrap();
    assert_eq!(
        check(Role::Office, &bad.id, None, &am),
        Some(RefusalKind::Invalid)
    );
    let c = CustomerBuilder::new("华东电力").build();
    let mut s = SurveyBuilder::new(&c).build();
    s.satisfaction = 0;
    let am = doc::create(DocKind::Survey, &s).unwrap();
    assert_eq!(
        check(Role::Office, &s.id, None, &am),
        Some(RefusalKind::Invalid)
    );
}

#[test]
fn documents_without_their_optional_keys_read_the_same() {
    let wo = filed(WorkOrderBuilder::new().assigned_to("yangjinwei"));
    let (_, mut am) = FollowUpBuilder::after(&wo).doc();
    let before: FollowUp = doc::read(&am, DocKind::FollowUp).unwrap();
    let deleted = strip_optional_keys(&mut am);
    for key in ["planned_on", "record"] {
        assert!(deleted.iter().any(|d| d == key), "{key}: {deleted:?}");
    }
    assert_eq!(
        doc::read::<FollowUp, _>(&am, DocKind::FollowUp).unwrap(),
        before
    );

    let c = CustomerBuilder::new("华东电力").build();
    let mut s = SurveyBuilder::new(&c).build();
    s.remarks.clear();
    let mut am = doc::create(DocKind::Survey, &s).unwrap();
    let mut without = am.clone();
    automerge::transaction::Transactable::delete(&mut without, automerge::ROOT, "remarks").unwrap();
    assert_eq!(
        doc::read::<Survey, _>(&without, DocKind::Survey).unwrap(),
        s
    );
    assert_eq!(doc::read::<Survey, _>(&am, DocKind::Survey).unwrap(), s);
    am.commit();
}
