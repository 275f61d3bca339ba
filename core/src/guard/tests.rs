//! The write rules on documents built by the test-support builders and
//! changed as a device would (or as a hostile client might).

use automerge::{transaction::Transactable, AutoCommit, ROOT};
use chrono::Duration;

use super::*;
use crate::doc;
use crate::ops::{self, Actor};
use crate::rules::state::{Action, Status};
use crate::signoff::seal;
use crate::testing::{monday_morning, sign_off, PartBuilder, PickupBuilder, WorkOrderBuilder};

const YANG: &str = "yangjinwei";
const TANG: &str = "tangrong";

/// The server's assignment records: every order is Yang's.
struct AllYang;
impl Records for AllYang {
    fn assignee_of(&self, _: &DocId) -> Option<String> {
        Some(YANG.into())
    }
}

struct NoOrders;
impl Records for NoOrders {
    fn assignee_of(&self, _: &DocId) -> Option<String> {
        None
    }
}

fn yang() -> Writer<'static> {
    Writer {
        user: YANG,
        role: Role::Engineer,
    }
}

fn office() -> Writer<'static> {
    Writer {
        user: "office",
        role: Role::Office,
    }
}

fn assigned() -> (DocId, AutoCommit) {
    WorkOrderBuilder::new().assigned_to(YANG).doc()
}

/// The document after `f` changes its work order, as a device writes it.
fn edited(d: &AutoCommit, f: impl FnOnce(&mut WorkOrder)) -> AutoCommit {
    let mut after = d.clone();
    let mut wo: WorkOrder = doc::read(&after, DocKind::WorkOrder).unwrap();
    f(&mut wo);
    doc::write(&mut after, &wo).unwrap();
    after.commit();
    after
}

fn check(
    w: Writer<'_>,
    id: &DocId,
    before: Option<&AutoCommit>,
    after: &AutoCommit,
) -> Result<(), Refusal> {
    check_write(w, id, before, &mut after.clone(), 100, &AllYang)
}

fn refused(r: Result<(), Refusal>, kind: RefusalKind) -> String {
    let e = r.expect_err("refused");
    assert_eq!(e.kind, kind, "{}", e.message);
    e.message
}

#[test]
fn an_engineer_works_their_order_to_signed_in_one_offline_change() {
    let (id, d) = assigned();
    let after = edited(&d, |wo| sign_off(wo, monday_morning() + Duration::hours(3)));
    check(yang(), &id, Some(&d), &after).unwrap();
}

#[test]
fn deleting_kind_is_refused() {
    let (id, d) = assigned();
    let mut after = d.clone();
    after.delete(ROOT, "kind").unwrap();
    after.commit();
    refused(check(yang(), &id, Some(&d), &after), RefusalKind::Invalid);
}

#[test]
fn a_wrong_schema_version_or_a_mistyped_field_is_refused() {
    let (id, d) = assigned();
    let mut v2 = d.clone();
    v2.put(ROOT, "v", 2).unwrap();
    refused(check(yang(), &id, Some(&d), &v2), RefusalKind::Invalid);
    let mut mistyped = d.clone();
    mistyped.put(ROOT, "status", 7).unwrap();
    refused(
        check(yang(), &id, Some(&d), &mistyped),
        RefusalKind::Invalid,
    );
}

#[test]
fn a_change_over_the_kinds_size_cap_is_refused() {
    let (id, d) = assigned();
    let after = edited(&d, |wo| wo.service.findings = "x".into());
    let r = check_write(
        yang(),
        &id,
        Some(&d),
        &mut after.clone(),
        4 * 1024 * 1024,
        &AllYang,
    );
    refused(r, RefusalKind::TooLarge);
}

#[test]
fn setting_filed_without_signing_is_refused() {
    let (id, d) = assigned();
    let after = edited(&d, |wo| wo.status = Status::Filed);
    refused(
        check(yang(), &id, Some(&d), &after),
        RefusalKind::IllegalTransition,
    );
    let forged = edited(&d, |wo| {
        wo.history.push(crate::model::TransitionRecord {
            from: Status::Signed,
            to: Status::Filed,
            action: "file".into(),
            at: monday_morning().into(),
            by: YANG.into(),
        });
        wo.status = Status::Filed;
    });
    refused(
        check(yang(), &id, Some(&d), &forged),
        RefusalKind::IllegalTransition,
    );
}

#[test]
fn signed_without_a_verifying_signoff_is_refused() {
    let (id, d) = assigned();
    let eng = Actor::new(YANG, Role::Engineer);
    let after = edited(&d, |wo| {
        crate::testing::write_work_done(wo, &eng);
        for a in crate::testing::work_order::TO_RESOLVED {
            ops::apply_action(wo, a, &eng, monday_morning()).unwrap();
        }
        let from = wo.status;
        wo.status = Status::Signed;
        wo.history.push(crate::model::TransitionRecord {
            from,
            to: Status::Signed,
            action: Action::Sign.as_str().into(),
            at: monday_morning().into(),
            by: YANG.into(),
        });
    });
    refused(
        check(yang(), &id, Some(&d), &after),
        RefusalKind::IllegalTransition,
    );
}

#[test]
fn removing_history_or_recording_a_step_as_someone_else_is_refused() {
    let (id, d) = assigned();
    let after = edited(&d, |wo| wo.history.clear());
    refused(check(yang(), &id, Some(&d), &after), RefusalKind::Forbidden);
    let eng = Actor::new(TANG, Role::Engineer);
    let mut wo: WorkOrder = doc::read(&d, DocKind::WorkOrder).unwrap();
    wo.assignee = Some(TANG.into());
    ops::apply_action(&mut wo, Action::Respond, &eng, monday_morning()).unwrap();
    let mut after = d.clone();
    wo.assignee = Some(YANG.into());
    doc::write(&mut after, &wo).unwrap();
    refused(
        check(yang(), &id, Some(&d), &after),
        RefusalKind::IllegalTransition,
    );
}

#[test]
fn engineers_may_not_create_orders_or_change_the_offices_fields() {
    let (id, d) = assigned();
    refused(check(yang(), &id, None, &d), RefusalKind::Forbidden);
    check(office(), &id, None, &d).unwrap();
    for f in [
        |wo: &mut WorkOrder| wo.assignee = Some(TANG.into()),
        |wo: &mut WorkOrder| wo.customer_id = Some(DocId::with_suffix(DocKind::Customer, "other")),
        |wo: &mut WorkOrder| wo.contract_id = Some(DocId::with_suffix(DocKind::Contract, "c")),
        |wo: &mut WorkOrder| wo.priority = crate::model::Priority::P4,
    ] {
        let after = edited(&d, f);
        refused(check(yang(), &id, Some(&d), &after), RefusalKind::Forbidden);
        check(office(), &id, Some(&d), &after).unwrap();
    }
}

#[test]
fn nobody_but_the_server_writes_the_filing_receipt_or_the_tamper_flag() {
    let (id, d) = assigned();
    let filing = edited(&d, |wo| {
        wo.filing = Some(crate::model::FilingReceipt {
            received_at: monday_morning().into(),
            content_hash: "0".repeat(64),
            via: "import".into(),
        })
    });
    refused(
        check(office(), &id, Some(&d), &filing),
        RefusalKind::Forbidden,
    );
    refused(
        check(yang(), &id, Some(&d), &filing),
        RefusalKind::Forbidden,
    );
}

#[test]
fn a_change_to_the_signed_content_is_not_refused_here_but_the_signoff_stays() {
    let (id, d) = assigned();
    let signed = edited(&d, |wo| sign_off(wo, monday_morning()));
    let changed = edited(&signed, |wo| {
        wo.service.labour_minutes = 900;
        let mut s = wo.signoff.take().unwrap();
        seal(wo, &mut s);
        wo.signoff = Some(s);
    });
    check(yang(), &id, Some(&signed), &changed).unwrap();
    let unsigned = edited(&signed, |wo| wo.signoff = None);
    refused(
        check(yang(), &id, Some(&signed), &unsigned),
        RefusalKind::Forbidden,
    );
}

#[test]
fn pickups_are_the_engineers_own_on_their_own_orders_and_unconfirmed_by_them() {
    let (wo, _) = assigned();
    let (id, p) = PickupBuilder::new(&wo, "P-100").engineer(YANG).doc();
    check(yang(), &id, None, &p).unwrap();
    let r = check_write(yang(), &id, None, &mut p.clone(), 100, &NoOrders);
    refused(r, RefusalKind::Forbidden);
    let mut confirmed = p.clone();
    confirmed.put(ROOT, "confirmed_by", YANG).unwrap();
    refused(
        check(yang(), &id, Some(&p), &confirmed),
        RefusalKind::Forbidden,
    );
    let store = Writer {
        user: "kuguan",
        role: Role::Storekeeper,
    };
    check(store, &id, Some(&p), &confirmed).unwrap();
    let (theirs, tp) = PickupBuilder::new(&wo, "P-100").engineer(TANG).doc();
    refused(check(yang(), &theirs, None, &tp), RefusalKind::Forbidden);
}

#[test]
fn engineers_change_only_the_stock_of_existing_parts() {
    let (id, part) = PartBuilder::new("P-100").stock(5).doc();
    refused(check(yang(), &id, None, &part), RefusalKind::Forbidden);
    let mut moved = part.clone();
    doc::adjust_stock(&mut moved, "main", -1).unwrap();
    check(yang(), &id, Some(&part), &moved).unwrap();
    let mut priced = part.clone();
    priced.put(ROOT, "standard_price_fen", 1).unwrap();
    refused(
        check(yang(), &id, Some(&part), &priced),
        RefusalKind::Forbidden,
    );
}

#[test]
fn a_document_claiming_another_id_is_refused() {
    let (id, d) = assigned();
    let (other, _) = assigned();
    refused(check(office(), &other, None, &d), RefusalKind::Invalid);
    let _ = id;
}

/// The company settings document as the office writes it.
fn settings_doc() -> (DocId, AutoCommit) {
    let s = crate::settings::CompanySettings::default();
    let mut am = doc::create(DocKind::Settings, &s).unwrap();
    am.commit();
    (s.id, am)
}

fn settings_edited(
    d: &AutoCommit,
    f: impl FnOnce(&mut crate::settings::CompanySettings),
) -> AutoCommit {
    let mut after = d.clone();
    let mut s: crate::settings::CompanySettings = doc::read(&after, DocKind::Settings).unwrap();
    f(&mut s);
    doc::write(&mut after, &s).unwrap();
    after.commit();
    after
}

#[test]
fn only_the_office_writes_the_company_settings_and_only_valid_ones() {
    let (id, d) = settings_doc();
    assert_eq!(check(office(), &id, None, &d), Ok(()));
    let e = refused(check(yang(), &id, None, &d), RefusalKind::Forbidden);
    assert!(e.contains("engineer may not write settings"), "{e}");
    let renamed = settings_edited(&d, |s| s.company_name = "改名".into());
    refused(
        check(yang(), &id, Some(&d), &renamed),
        RefusalKind::Forbidden,
    );
    assert_eq!(check(office(), &id, Some(&d), &renamed), Ok(()));

    let bad = settings_edited(&d, |s| s.time_zone = "Mars/Olympus".into());
    let e = refused(check(office(), &id, Some(&d), &bad), RefusalKind::Invalid);
    assert!(e.contains("Mars/Olympus"), "{e}");
    let whole_week = settings_edited(&d, |s| {
        s.weekend = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
            .map(String::from)
            .to_vec()
    });
    refused(
        check(office(), &id, Some(&d), &whole_week),
        RefusalKind::Invalid,
    );
}

#[test]
fn a_second_settings_document_is_refused() {
    let other = DocId::with_suffix(DocKind::Settings, "branch");
    let s = crate::settings::CompanySettings {
        id: other.clone(),
        ..Default::default()
    };
    let mut am = doc::create(DocKind::Settings, &s).unwrap();
    am.commit();
    let e = refused(check(office(), &other, None, &am), RefusalKind::Invalid);
    assert!(e.contains("settings:company"), "{e}");
}
#[test]
fn an_expert_asked_on_an_order_adds_notes_and_nothing_else() {
    let (id, d) = assigned();
    let asked = edited(&d, |wo| wo.experts.push("wangzhuanjia".into()));
    check(yang(), &id, Some(&d), &asked).unwrap();
    let expert = Writer {
        user: "wangzhuanjia",
        role: Role::Expert,
    };
    let me = Actor::new("wangzhuanjia", Role::Expert);
    let advice = edited(&asked, |wo| {
        ops::add_note(wo, "先查光源", &me, monday_morning()).unwrap()
    });
    check(expert, &id, Some(&asked), &advice).unwrap();
    refused(
        check(expert, &id, Some(&d), &advice),
        RefusalKind::Forbidden,
    );
    let meddling = edited(&asked, |wo| wo.service.findings = "x".into());
    refused(
        check(expert, &id, Some(&asked), &meddling),
        RefusalKind::Forbidden,
    );
    let as_someone = edited(&asked, |wo| {
        ops::add_note(wo, "x", &me, monday_morning()).unwrap();
        wo.notes.last_mut().unwrap().by = YANG.into();
    });
    refused(
        check(expert, &id, Some(&asked), &as_someone),
        RefusalKind::Forbidden,
    );
}

#[test]
fn only_the_office_writes_complaints_and_report_records_of_their_own_month() {
    let (id, d) = crate::testing::ComplaintBuilder::new(None, "PN-1001").doc();
    assert_eq!(check(office(), &id, None, &d), Ok(()));
    let e = refused(check(yang(), &id, None, &d), RefusalKind::Forbidden);
    assert!(e.contains("engineer may not write complaint"), "{e}");

    let record = crate::model::ComplaintReportRecord {
        id: crate::complaints::report_id(2026, 3),
        year: 2026,
        month: 3,
        submitted_at: monday_morning().into(),
        submitted_by: "office".into(),
        complaints: 2,
        closed_orders: 40,
    };
    let doc_of = |r: &crate::model::ComplaintReportRecord| {
        let mut am = doc::create(DocKind::ComplaintReport, r).unwrap();
        am.commit();
        am
    };
    let rid = record.id.clone();
    assert_eq!(check(office(), &rid, None, &doc_of(&record)), Ok(()));
    refused(
        check(yang(), &rid, None, &doc_of(&record)),
        RefusalKind::Forbidden,
    );
    let april = crate::model::ComplaintReportRecord {
        month: 4,
        ..record.clone()
    };
    let e = refused(
        check(office(), &rid, None, &doc_of(&april)),
        RefusalKind::Invalid,
    );
    assert!(e.contains("complaint_report:2026-04"), "{e}");
}
