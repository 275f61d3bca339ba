//! Tolerant reading, kind by kind: a document another client wrote with its
//! optional keys left out, or `null`, or with keys we do not know, reads as
//! the same record, verifies when signed, and shows on the device.

use std::sync::Arc;

use automerge::{transaction::Transactable, AutoCommit, ObjType, ReadDoc, ScalarValue, ROOT};
use autosurgeon::Hydrate;

use crate::clock::FixedClock;
use crate::doc;
use crate::model::{Complaint, Contract, Customer, DocKind, Part, Pickup, WorkOrder};
use crate::ops::Actor;
use crate::rules::state::{Role, Status};
use crate::service::Device;
use crate::signoff::{verify, SignatureCheck};
use crate::store::{Store, WoFilter};
use crate::testing::{
    instant, strip_optional_keys, ComplaintBuilder, ContractBuilder, CustomerBuilder, PartBuilder,
    PickupBuilder, WorkOrderBuilder,
};

/// Strips the optional keys of `am`, checks that `expected` were among them
/// and that the document still reads as `T` equal to what it was.
fn reads_the_same_without<T>(mut am: AutoCommit, kind: DocKind, expected: &[&str]) -> AutoCommit
where
    T: Hydrate + PartialEq + std::fmt::Debug,
{
    let before: T = doc::read(&am, kind).unwrap();
    let deleted = strip_optional_keys(&mut am);
    for key in expected {
        assert!(
            deleted.iter().any(|d| d == key),
            "{key} not deleted: {deleted:?}"
        );
        assert!(am.get(ROOT, *key).unwrap().is_none() || key.contains('.'));
    }
    let after: T = doc::read(&am, kind).unwrap_or_else(|e| panic!("{kind}: {e}"));
    assert_eq!(after, before);
    am
}

#[test]
fn a_signed_order_without_optional_keys_is_read_and_verifies() {
    let (_, am) = WorkOrderBuilder::new()
        .assigned_to("yangjinwei")
        .signed()
        .doc();
    let am = reads_the_same_without::<WorkOrder>(
        am,
        DocKind::WorkOrder,
        &[
            "loaner",
            "filing",
            "tamper_flag",
            "charge_override",
            "paused_from",
            "notes",
        ],
    );
    let wo: WorkOrder = doc::read(&am, DocKind::WorkOrder).unwrap();
    assert_eq!(wo.status, Status::Signed);
    assert_eq!(verify(&wo), SignatureCheck::Valid);
}

#[test]
fn a_new_order_without_its_timeline_and_acceptance_day_is_read() {
    let (_, am) = WorkOrderBuilder::new().doc();
    reads_the_same_without::<WorkOrder>(
        am,
        DocKind::WorkOrder,
        &[
            "timeline",
            "equipment.accepted_on",
            "assignee",
            "signoff",
            "history",
        ],
    );
}

#[test]
fn every_other_kind_reads_without_its_optional_keys() {
    let (wo, _) = WorkOrderBuilder::new().doc();
    let (cust, cust_doc) = CustomerBuilder::new("重庆市农业委员会检测中心").doc();
    reads_the_same_without::<Pickup>(
        PickupBuilder::new(&wo, "P-100").doc().1,
        DocKind::Pickup,
        &["confirmed", "return_confirmed", "serials"],
    );
    let mut part = reads_the_same_without::<Part>(
        PartBuilder::new("P-100").doc().1,
        DocKind::Part,
        &["moves"],
    );
    part.delete(ROOT, "unit").unwrap();
    part.delete(ROOT, "retired").unwrap();
    let older: Part = doc::read(&part, DocKind::Part).unwrap();
    assert_eq!((older.unit.as_str(), older.retired), ("", false));
    reads_the_same_without::<Customer>(
        cust_doc,
        DocKind::Customer,
        &[
            "last_survey_at",
            "last_visit_at",
            "equipment[0].accepted_on",
            "equipment[0].site_id",
            "equipment[0].contract_id",
        ],
    );
    reads_the_same_without::<Contract>(
        ContractBuilder::new(&cust, &[]).doc().1,
        DocKind::Contract,
        &["equipment_serials"],
    );
    reads_the_same_without::<Complaint>(
        ComplaintBuilder::new(None, "P-100").doc().1,
        DocKind::Complaint,
        &[
            "customer_id",
            "delivered_on",
            "closed_at",
            "work_order_id",
            "not_ours",
        ],
    );
}

#[test]
fn null_optional_keys_and_unknown_keys_are_read_and_kept() {
    let (_, mut am) = WorkOrderBuilder::new().assigned_to("yangjinwei").doc();
    am.put(ROOT, "history", ScalarValue::Null).unwrap();
    am.put(ROOT, "timeline", ScalarValue::Null).unwrap();
    am.put(ROOT, "from_a_newer_client", "x").unwrap();
    let equipment = am.get(ROOT, "equipment").unwrap().unwrap().1;
    am.put(&equipment, "colour", "grey").unwrap();
    let extra = am.put_object(ROOT, "extra_map", ObjType::Map).unwrap();
    am.put(&extra, "k", 1_i64).unwrap();

    let mut wo: WorkOrder = doc::read(&am, DocKind::WorkOrder).unwrap();
    assert!(wo.history.is_empty());
    assert_eq!(wo.timeline.responded_at, None);
    wo.fault = "changed".into();
    doc::write(&mut am, &wo).unwrap();
    assert!(am.get(ROOT, "from_a_newer_client").unwrap().is_some());
    assert!(am.get(ROOT, "extra_map").unwrap().is_some());
    assert!(
        am.get(&equipment, "colour").unwrap().is_some(),
        "a nested unknown key is kept"
    );
}

#[test]
fn a_signed_order_without_optional_keys_shows_on_the_engineers_device() {
    let (id, am) = WorkOrderBuilder::new()
        .assigned_to("yangjinwei")
        .signed()
        .doc();
    let mut am = reads_the_same_without::<WorkOrder>(am, DocKind::WorkOrder, &["filing"]);
    let mut store = Store::open_in_memory().unwrap();
    store.create_doc_merging(&id, &mut am).unwrap();
    let clock = Arc::new(FixedClock::new(instant("2026-11-26T02:00:00Z")));
    let actor = Actor::new("yangjinwei", Role::Engineer);
    let dev = Device::new(store, clock, Default::default(), actor).unwrap();

    let list = dev.list_work_orders(WoFilter::default()).unwrap();
    assert_eq!(list.len(), 1, "the order is listed");
    assert_eq!(list[0].row.status, Status::Signed);
    let view = dev.get_work_order(&id).unwrap();
    assert_eq!(view.signature, SignatureCheck::Valid);
    assert!(view.wo.loaner.is_none() && view.wo.filing.is_none());
}

#[test]
fn company_settings_without_optional_keys_are_read() {
    let mut s = crate::settings::CompanySettings::default();
    s.calendar.clear();
    s.calendar_sources.clear();
    let am = doc::create(DocKind::Settings, &s).unwrap();
    reads_the_same_without::<crate::settings::CompanySettings>(
        am,
        DocKind::Settings,
        &["calendar", "calendar_sources", "updated_at"],
    );
}
