//! The write rules on documents built by the test-support builders and
//! changed as a device would (or as a hostile client might).
//!
//! Over 500 lines on purpose: the rules of every role and document kind
//! are tested side by side, so a rule and its neighbours are read together.

use automerge::{transaction::Transactable, AutoCommit, ReadDoc, ROOT};
use chrono::Duration;

use super::*;
use crate::doc;
use crate::ops::{self, Actor};
use crate::rules::state::{Action, Status};
use crate::signoff::seal;
use crate::testing::{
    confirmation, monday_morning, sign_off, PartBuilder, PickupBuilder, WorkOrderBuilder,
};
use crate::warehouse::moves::{self, MoveKind, StockMove};
use RefusalKind::{Forbidden, IllegalTransition, Invalid, TooLarge};

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

/// The document of `kind` after `f` changes its struct, as a device writes it.
fn edited_as<T: autosurgeon::Hydrate + autosurgeon::Reconcile>(
    d: &AutoCommit,
    kind: DocKind,
    f: impl FnOnce(&mut T),
) -> AutoCommit {
    let mut after = d.clone();
    let mut t: T = doc::read(&after, kind).unwrap();
    f(&mut t);
    doc::write(&mut after, &t).unwrap();
    after.commit();
    after
}

/// The document after `f` changes its work order, as a device writes it.
fn edited(d: &AutoCommit, f: impl FnOnce(&mut WorkOrder)) -> AutoCommit {
    edited_as(d, DocKind::WorkOrder, f)
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

/// `d` with root key `key` set to `value` by a raw write (as a client
/// that skips the app's types might).
fn with_key(d: &AutoCommit, key: &str, value: impl Into<automerge::ScalarValue>) -> AutoCommit {
    let mut after = d.clone();
    after.put(ROOT, key, value).unwrap();
    after
}

/// [`check`] refuses the write with `kind`: the message.
fn refuses(
    w: Writer<'_>,
    id: &DocId,
    before: Option<&AutoCommit>,
    after: &AutoCommit,
    kind: RefusalKind,
) -> String {
    refused(check(w, id, before, after), kind)
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
    refuses(yang(), &id, Some(&d), &after, Invalid);
}

#[test]
fn a_wrong_schema_version_or_a_mistyped_field_is_refused() {
    let (id, d) = assigned();
    let v2 = with_key(&d, "v", 2);
    refuses(yang(), &id, Some(&d), &v2, Invalid);
    let mistyped = with_key(&d, "status", 7);
    refuses(yang(), &id, Some(&d), &mistyped, Invalid);
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
    refused(r, TooLarge);
}

#[test]
fn setting_filed_without_signing_is_refused() {
    let (id, d) = assigned();
    let after = edited(&d, |wo| wo.status = Status::Filed);
    refuses(yang(), &id, Some(&d), &after, IllegalTransition);
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
    refuses(yang(), &id, Some(&d), &forged, IllegalTransition);
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
    refuses(yang(), &id, Some(&d), &after, IllegalTransition);
}

#[test]
fn removing_history_or_recording_a_step_as_someone_else_is_refused() {
    let (id, d) = assigned();
    let after = edited(&d, |wo| wo.history.clear());
    refuses(yang(), &id, Some(&d), &after, Forbidden);
    let eng = Actor::new(TANG, Role::Engineer);
    let mut wo: WorkOrder = doc::read(&d, DocKind::WorkOrder).unwrap();
    wo.assignee = Some(TANG.into());
    ops::apply_action(&mut wo, Action::Respond, &eng, monday_morning()).unwrap();
    let mut after = d.clone();
    wo.assignee = Some(YANG.into());
    doc::write(&mut after, &wo).unwrap();
    refuses(yang(), &id, Some(&d), &after, IllegalTransition);
}

#[test]
fn engineers_may_not_create_orders_or_change_the_offices_fields() {
    let (id, d) = assigned();
    refuses(yang(), &id, None, &d, Forbidden);
    check(office(), &id, None, &d).unwrap();
    for f in [
        |wo: &mut WorkOrder| wo.assignee = Some(TANG.into()),
        |wo: &mut WorkOrder| wo.customer_id = Some(DocId::with_suffix(DocKind::Customer, "other")),
        |wo: &mut WorkOrder| wo.contract_id = Some(DocId::with_suffix(DocKind::Contract, "c")),
        |wo: &mut WorkOrder| wo.priority = crate::model::Priority::P4,
    ] {
        let after = edited(&d, f);
        refuses(yang(), &id, Some(&d), &after, Forbidden);
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
    refuses(office(), &id, Some(&d), &filing, Forbidden);
    refuses(yang(), &id, Some(&d), &filing, Forbidden);
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
    refuses(yang(), &id, Some(&signed), &unsigned, Forbidden);
}

#[test]
fn pickups_are_the_engineers_own_on_their_own_orders_and_unconfirmed_by_them() {
    let (wo, _) = assigned();
    let (id, p) = PickupBuilder::new(&wo, "P-100").engineer(YANG).doc();
    check(yang(), &id, None, &p).unwrap();
    let r = check_write(yang(), &id, None, &mut p.clone(), 100, &NoOrders);
    refused(r, Forbidden);
    let confirmed = edited_as(&p, DocKind::Pickup, |p: &mut Pickup| {
        p.confirmed = Some(confirmation(YANG, p.qty))
    });
    let e = refuses(yang(), &id, Some(&p), &confirmed, Forbidden);
    assert_eq!(
        e,
        "an engineer may not change a pickup's confirmation (confirmed)"
    );
    let store = Writer {
        user: "kuguan",
        role: Role::Storekeeper,
    };
    check(store, &id, Some(&p), &confirmed).unwrap();
    let (theirs, tp) = PickupBuilder::new(&wo, "P-100").engineer(TANG).doc();
    refuses(yang(), &theirs, None, &tp, Forbidden);
}

/// `d` after a movement of `qty` on `warehouse` of `kind` by `by`, as
/// [`moves::record`] makes it.
fn moved(d: &AutoCommit, kind: MoveKind, warehouse: &str, qty: i64, by: &str) -> AutoCommit {
    let mut after = d.clone();
    let m = StockMove::new(kind, warehouse, qty, by, monday_morning().into());
    moves::record(&mut after, &m).unwrap();
    after.commit();
    after
}

#[test]
fn engineers_move_the_stock_of_existing_parts_only_by_their_own_pickups_and_returns() {
    let (id, part) = PartBuilder::new("P-100")
        .stock(5)
        .stock_in("branch", 2)
        .doc();
    refuses(yang(), &id, None, &part, Forbidden);
    let picked = moved(&part, MoveKind::Pickup, "branch", -1, YANG);
    check(yang(), &id, Some(&part), &picked).unwrap();
    let returned = moved(&picked, MoveKind::Return, "branch", 1, YANG);
    check(yang(), &id, Some(&part), &returned).unwrap();
    let mut bare = part.clone();
    doc::adjust_stock(&mut bare, "main", -1).unwrap();
    let e = refuses(yang(), &id, Some(&part), &bare, Forbidden);
    assert!(e.contains("main: changed by -1, movements say 0"), "{e}");
    let mut more = picked.clone();
    doc::adjust_stock(&mut more, "branch", -3).unwrap();
    refuses(yang(), &id, Some(&part), &more, Forbidden);
    let received = moved(&part, MoveKind::Received, "main", 5, YANG);
    let e = refuses(yang(), &id, Some(&part), &received, Forbidden);
    assert!(e.contains("not a received of 5"), "{e}");
    let theirs = moved(&part, MoveKind::Pickup, "main", -1, TANG);
    refuses(yang(), &id, Some(&part), &theirs, Forbidden);
    let mut rewritten = picked.clone();
    let list = match rewritten.get(ROOT, moves::MOVES).unwrap() {
        Some((_, id)) => id,
        None => unreachable!(),
    };
    let first = match rewritten.get(&list, 0).unwrap() {
        Some((_, id)) => id,
        None => unreachable!(),
    };
    rewritten.put(&first, "by", TANG).unwrap();
    let e = refuses(yang(), &id, Some(&picked), &rewritten, Forbidden);
    assert!(e.starts_with("an engineer may not change or remove"), "{e}");
    let storekeeper = Writer {
        user: "kuguan",
        role: Role::Storekeeper,
    };
    check(storekeeper, &id, Some(&part), &received).unwrap();
    let priced = with_key(&part, "standard_price_fen", 1);
    let e = refuses(yang(), &id, Some(&part), &priced, Forbidden);
    assert_eq!(
        e,
        "an engineer may not change a part's price (standard_price_fen)"
    );
    let retired = with_key(&part, "retired", true);
    let e = refuses(yang(), &id, Some(&part), &retired, Forbidden);
    assert_eq!(e, "an engineer may not change a part's retired (retired)");
}

#[test]
fn a_price_change_riding_on_a_stock_move_names_the_price() {
    let (id, part) = PartBuilder::new("P-100").prices(1200, 2000).stock(5).doc();
    let mut sneaky = moved(&part, MoveKind::Pickup, "main", -1, YANG);
    sneaky.put(ROOT, "unit_cost_fen", 1).unwrap();
    let e = refuses(yang(), &id, Some(&part), &sneaky, Forbidden);
    assert_eq!(
        e,
        "an engineer may not change a part's price (unit_cost_fen)"
    );
    let renamed = with_key(&part, "name", "别的");
    let e = refuses(yang(), &id, Some(&part), &renamed, Forbidden);
    assert_eq!(e, "an engineer may not change a part's identity (name)");
    let storekeeper = Writer {
        user: "kuguan",
        role: Role::Storekeeper,
    };
    check(storekeeper, &id, Some(&part), &sneaky).unwrap();
}

/// Every top-level field of the three kinds with field groups (as a
/// builder writes them) is in exactly one group of its kind, and every
/// field a group names exists: a field added to a struct fails here until
/// the table says who may write it.
#[test]
fn every_field_is_in_exactly_one_group_of_the_table() {
    let (wo, _) = assigned();
    let part = PartBuilder::new("P-100").build();
    let samples = [
        (
            DocKind::WorkOrder,
            serde_json::to_value(WorkOrderBuilder::new().build()).unwrap(),
        ),
        (DocKind::Part, serde_json::to_value(&part).unwrap()),
        (
            DocKind::Pickup,
            serde_json::to_value(PickupBuilder::new(&wo, "P-100").build()).unwrap(),
        ),
    ];
    for (kind, value) in samples {
        let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
        if kind == DocKind::Part {
            keys.extend(["stock".into(), moves::MOVES.into()]);
        }
        let mut named: Vec<String> = table::groups(kind)
            .flat_map(|g| g.fields.iter().map(|f| f.to_string()))
            .collect();
        keys.sort();
        named.sort();
        assert_eq!(named, keys, "{kind}: the table's fields, each once");
    }
    for kind in DocKind::ALL {
        assert!(table::groups(kind).count() > 0, "{kind} has rules");
    }
}

/// What `doc` (the file `name`) says under `heading`, up to its next
/// heading.
fn section_of<'a>(name: &str, doc: &'a str, heading: &str) -> &'a str {
    let after = doc
        .split(heading)
        .nth(1)
        .unwrap_or_else(|| panic!("{name} has a `{heading}` section"));
    after.split("\n#").next().unwrap_or(after)
}

/// `docs/sync-protocol.md` (*Who may write what*) shows exactly the table.
#[test]
fn the_protocol_doc_lists_the_rule_table() {
    let doc = include_str!("../../../docs/sync-protocol.md");
    let section = section_of("docs/sync-protocol.md", doc, "### Who may write what");
    let documented: Vec<&str> = section.lines().filter(|l| l.starts_with('|')).collect();
    let ours = table::markdown();
    let ours: Vec<&str> = ours.lines().collect();
    assert_eq!(
        documented,
        ours,
        "docs/sync-protocol.md's rule table; generated:\n{}",
        table::markdown()
    );
}

#[test]
fn a_document_claiming_another_id_is_refused() {
    let (id, d) = assigned();
    let (other, _) = assigned();
    refuses(office(), &other, None, &d, Invalid);
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
    edited_as(d, DocKind::Settings, f)
}

#[test]
fn only_the_office_writes_the_company_settings_and_only_valid_ones() {
    let (id, d) = settings_doc();
    assert_eq!(check(office(), &id, None, &d), Ok(()));
    let e = refuses(yang(), &id, None, &d, Forbidden);
    assert!(e.contains("engineer may not write settings"), "{e}");
    let renamed = settings_edited(&d, |s| s.company_name = "改名".into());
    refuses(yang(), &id, Some(&d), &renamed, Forbidden);
    assert_eq!(check(office(), &id, Some(&d), &renamed), Ok(()));

    let bad = settings_edited(&d, |s| s.time_zone = "Mars/Olympus".into());
    let e = refuses(office(), &id, Some(&d), &bad, Invalid);
    assert!(e.contains("Mars/Olympus"), "{e}");
    let whole_week = settings_edited(&d, |s| {
        s.weekend = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
            .map(String::from)
            .to_vec()
    });
    refuses(office(), &id, Some(&d), &whole_week, Invalid);
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
    let e = refuses(office(), &other, None, &am, Invalid);
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
    refuses(expert, &id, Some(&d), &advice, Forbidden);
    let meddling = edited(&asked, |wo| wo.service.findings = "x".into());
    refuses(expert, &id, Some(&asked), &meddling, Forbidden);
    let as_someone = edited(&asked, |wo| {
        ops::add_note(wo, "x", &me, monday_morning()).unwrap();
        wo.notes.last_mut().unwrap().by = YANG.into();
    });
    refuses(expert, &id, Some(&asked), &as_someone, Forbidden);
}

/// The customer document `d` after the office's edit `e`, as its device
/// writes it.
fn customer_edited(d: &AutoCommit, e: crate::customers::CustomerEdit) -> AutoCommit {
    let mut after = d.clone();
    let mut c: Customer = doc::read(&after, DocKind::Customer).unwrap();
    let office = Actor::new("office", Role::Office);
    let today = "2026-03-02".parse().unwrap();
    crate::customers::ops::apply(&mut c, e, &office, today, &[]).unwrap();
    doc::write(&mut after, &c).unwrap();
    after.commit();
    after
}

/// Issue 13: customers with lists of sites and contacts are written by the
/// office (new documents, older ones, edits); an engineer writes none.
#[test]
fn the_office_writes_customers_with_sites_and_contacts_and_engineers_none() {
    use crate::customers::{CustomerEdit, SiteInput};
    use crate::testing::CustomerBuilder;
    let (id, d) = CustomerBuilder::new("华东电力").doc();
    check(office(), &id, None, &d).unwrap();
    let (old, legacy) = CustomerBuilder::new("老用户").legacy_doc();
    check(office(), &old, None, &legacy).unwrap();
    let site = SiteInput {
        id: None,
        name: "二号楼".into(),
        address: "重庆市江北区".into(),
    };
    let after = customer_edited(&legacy, CustomerEdit::SaveSite { site });
    check(office(), &old, Some(&legacy), &after).unwrap();
    let m = refused(
        check(yang(), &old, Some(&legacy), &after),
        RefusalKind::Forbidden,
    );
    assert!(m.ends_with("may not write cust documents"), "{m}");
}

/// Issue 13: the new keys of a customer must have their types.
#[test]
fn a_customer_with_a_mistyped_site_contact_or_instrument_is_refused() {
    use crate::testing::CustomerBuilder;
    use automerge::{ObjType, ReadDoc};
    let (id, d) = CustomerBuilder::new("华东电力").doc();
    let item = |am: &AutoCommit, list: &str| {
        let l = am.get(ROOT, list).unwrap().unwrap().1;
        am.get(&l, 0).unwrap().unwrap().1
    };
    let mut sites_text = d.clone();
    sites_text.put(ROOT, "sites", "重庆市渝北区").unwrap();
    let mut phone_number = d.clone();
    let contact = item(&phone_number, "contacts");
    phone_number
        .put(&contact, "phones", 13800000000_i64)
        .unwrap();
    let mut site_map = d.clone();
    let instrument = item(&site_map, "equipment");
    site_map
        .put_object(&instrument, "site_id", ObjType::Map)
        .unwrap();
    let mut no_address = d.clone();
    let site = item(&no_address, "sites");
    no_address.delete(&site, "address").unwrap();
    for bad in [sites_text, phone_number, site_map, no_address] {
        let mut bad = bad;
        bad.commit();
        let m = refused(check(office(), &id, Some(&d), &bad), RefusalKind::Invalid);
        assert!(m.contains("does not match the cust schema"), "{m}");
    }
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
