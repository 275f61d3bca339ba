//! The office's customer register through the facade: what the customer
//! list and screen show, the refusals a user sees, the history of a
//! customer's orders, and the new-order form taking the stored equipment.

use std::sync::Arc;

use chrono::NaiveDate;

use crate::clock::FixedClock;
use crate::customers::{CustomerEdit, EquipmentInput, SiteInput};
use crate::model::{EquipmentInfo, Priority};
use crate::ops::Actor;
use crate::rules::state::Role;
use crate::rules::{RulesConfig, Tier};
use crate::service::{CustomerFilter, Device, ErrorCode, WoFilter};
use crate::store::Store;
use crate::testing::{contact_phone_edit, instant, CustomerBuilder, WorkOrderBuilder};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A device signed in as `actor` on 2 March 2026, 10:00 in Shanghai.
fn device(actor: Actor) -> Device {
    let clock = Arc::new(FixedClock::new(instant("2026-03-02T02:00:00Z")));
    Device::new(
        Store::open_in_memory().unwrap(),
        clock,
        RulesConfig::default(),
        actor,
    )
    .unwrap()
}

fn office() -> Device {
    device(Actor::new("office", Role::Office))
}

/// 华东电力 with its GC-9800 accepted on 2025-06-01.
fn register(dev: &mut Device) -> crate::model::DocId {
    let input = CustomerBuilder::new("华东电力")
        .key_customer()
        .equipment("SN-GC-1", "GC-9800 气相色谱仪", Some(day("2025-06-01")))
        .input();
    dev.create_customer(input).unwrap().customer.id
}

#[test]
fn the_office_registers_a_customer_and_finds_it_in_the_list() {
    let mut dev = office();
    let id = register(&mut dev);
    let view = dev.get_customer(&id).unwrap();
    assert!(view.editable);
    assert_eq!(view.sites[0].address, "重庆市渝北区");
    assert_eq!(view.contacts[0].phones, vec!["023-67891234"]);
    let eq = &view.equipment[0];
    assert_eq!(eq.tier_today, Some(Tier::InWarranty));
    assert_eq!(eq.in_warranty_until.map(|d| d.0), Some(day("2026-06-01")));

    let find = |q: &str| {
        dev.customer_page(CustomerFilter {
            query: q.into(),
            ..Default::default()
        })
        .unwrap()
    };
    let page = find("gc-9800");
    assert_eq!(page.total, 1);
    let row = &page.items[0];
    assert_eq!(
        (row.org.as_str(), row.key_customer, row.equipment),
        ("华东电力", true, 1)
    );
    assert_eq!(find("6789 1234").total, 1, "phone digits, in two words");
    assert_eq!(find("成都").total, 0);
}

#[test]
fn refusals_say_what_is_wrong() {
    let mut dev = office();
    let id = register(&mut dev);
    let mut input = CustomerBuilder::new("x").input();
    input.org = " ".into();
    let e = dev.create_customer(input).unwrap_err();
    assert_eq!(
        (e.code, e.message.as_str()),
        (
            ErrorCode::Invalid,
            "the customer's organisation is required"
        )
    );

    let again = CustomerEdit::SaveEquipment {
        serial: None,
        equipment: EquipmentInput {
            serial: "sn-gc-1".into(),
            model: "GC".into(),
            ..Default::default()
        },
    };
    let e = dev.edit_customer(&id, again).unwrap_err();
    assert_eq!(e.code, ErrorCode::DuplicateSerial);
    assert_eq!(
        e.message,
        "华东电力 already has equipment with serial number sn-gc-1"
    );
    assert_eq!(
        dev.get_customer(&id).unwrap().equipment.len(),
        1,
        "nothing stored"
    );

    dev.actor = Actor::new("yangjinwei", Role::Engineer);
    let rename = CustomerEdit::Details {
        org: "改名".into(),
        key_customer: false,
    };
    assert_eq!(
        dev.edit_customer(&id, rename).unwrap_err().code,
        ErrorCode::Forbidden
    );
    assert!(
        !dev.get_customer(&id).unwrap().editable,
        "read-only for an engineer"
    );
}

#[test]
fn an_edit_writes_only_the_fields_it_changes() {
    let mut dev = office();
    let id = register(&mut dev);
    let heads = dev.store.load(&id).unwrap().unwrap().get_heads();
    let phone = contact_phone_edit(&dev, &id, "13900000000");
    let view = dev.edit_customer(&id, phone).unwrap();
    assert_eq!(view.customer.phone, "13900000000");
    let mut am = dev.store.load(&id).unwrap().unwrap();
    let changes = am.get_changes(&heads);
    assert_eq!(changes.len(), 1);
    assert!(
        changes[0].len() <= 4,
        "the phone and its single-field mirror, not the whole customer: {} ops",
        changes[0].len()
    );
    let row = &dev.customer_page(CustomerFilter::default()).unwrap().items[0];
    assert_eq!(
        row.phone, "13900000000",
        "the list follows in the same transaction"
    );
}

#[test]
fn an_older_customer_document_reads_lists_and_is_edited() {
    let mut dev = office();
    let (id, mut am) = CustomerBuilder::new("老用户").legacy_doc();
    dev.store.create_doc_merging(&id, &mut am).unwrap();
    let view = dev.get_customer(&id).unwrap();
    assert_eq!(
        view.sites.len(),
        1,
        "the single site_address is the one site"
    );
    assert_eq!(view.contacts[0].name, "赵刚");
    assert_eq!(
        dev.customer_page(CustomerFilter::default()).unwrap().items[0].sites,
        1
    );
    let add = CustomerEdit::SaveSite {
        site: SiteInput {
            id: None,
            name: "二号楼".into(),
            address: "重庆市江北区".into(),
        },
    };
    let view = dev.edit_customer(&id, add).unwrap();
    let sites: Vec<&str> = view.sites.iter().map(|s| s.address.as_str()).collect();
    assert_eq!(sites, ["重庆市渝北区", "重庆市江北区"]);
}

#[test]
fn a_new_order_takes_the_stored_equipment_and_its_warranty_tier() {
    let mut dev = office();
    let id = register(&mut dev);
    // The form sends the picked serial; a stale acceptance date typed on
    // the form does not decide the tier, the stored one does.
    let input = WorkOrderBuilder::new()
        .customer_id(id.clone())
        .equipment(EquipmentInfo {
            serial: "SN-GC-1".into(),
            accepted_on: Some(crate::model::Day(day("2020-01-01"))),
            ..Default::default()
        })
        .reported_at(instant("2026-03-02T01:00:00Z"))
        .input();
    let view = dev.create_work_order(input).unwrap();
    assert_eq!(view.wo.equipment.model, "GC-9800 气相色谱仪");
    assert_eq!(
        view.wo.equipment.accepted_on.map(|d| d.0),
        Some(day("2025-06-01"))
    );
    assert_eq!(view.tier, Tier::InWarranty);
    assert_eq!(view.wo.customer.site_address, "重庆市渝北区");
}

#[test]
fn a_new_instrument_typed_on_a_call_can_be_saved_to_the_customer() {
    let mut dev = office();
    let id = register(&mut dev);
    let typed = EquipmentInfo {
        serial: "SN-NEW-7".into(),
        model: "ICP-5100".into(),
        accepted_on: Some(crate::model::Day(day("2024-01-10"))),
        original_end_user: true,
    };
    let input = WorkOrderBuilder::new()
        .customer_id(id.clone())
        .equipment(typed.clone())
        .save_equipment(true)
        .input();
    let view = dev.create_work_order(input).unwrap();
    assert_eq!(view.tier, Tier::Extended1, "from the typed acceptance date");
    let c = dev.get_customer(&id).unwrap();
    let serials: Vec<&str> = c
        .equipment
        .iter()
        .map(|e| e.equipment.serial.as_str())
        .collect();
    assert_eq!(serials, ["SN-GC-1", "SN-NEW-7"]);
    assert_eq!(
        c.equipment[1].equipment.site_id.as_ref(),
        Some(&c.sites[0].id),
        "at the site the call names"
    );

    // Without a model it is refused before anything is stored.
    let input = WorkOrderBuilder::new()
        .customer_id(id.clone())
        .equipment(EquipmentInfo {
            serial: "SN-NEW-8".into(),
            ..typed
        })
        .save_equipment(true)
        .input();
    let mut input = input;
    input.equipment.model.clear();
    let e = dev.create_work_order(input).unwrap_err();
    assert_eq!(e.code, ErrorCode::Invalid);
    assert_eq!(dev.list_work_orders(WoFilter::default()).unwrap().len(), 1);
}

#[test]
fn the_history_lists_the_customers_orders_newest_first_and_an_engineer_only_theirs() {
    let mut dev = office();
    let id = register(&mut dev);
    for (minutes, who, prio) in [
        (0, "yangjinwei", Priority::P4),
        (30, "tangrong", Priority::P1),
    ] {
        let (oid, mut am) = WorkOrderBuilder::new()
            .customer_id(id.clone())
            .priority(prio)
            .at(instant("2026-03-01T01:00:00Z") + chrono::Duration::minutes(minutes))
            .assigned_to(who)
            .doc();
        dev.store.create_doc_merging(&oid, &mut am).unwrap();
    }
    let (other, mut am) = WorkOrderBuilder::new().doc();
    dev.store.create_doc_merging(&other, &mut am).unwrap();
    let history = WoFilter {
        customer_id: Some(id.clone()),
        newest_first: true,
        ..Default::default()
    };
    let page = dev.work_order_page(history.clone()).unwrap();
    assert_eq!(page.total, 2, "the other customer's order is not in it");
    let who: Vec<_> = page
        .items
        .iter()
        .map(|i| i.row.assignee.clone().unwrap())
        .collect();
    assert_eq!(who, ["tangrong", "yangjinwei"], "newest call first");
    assert_eq!(page.items[0].row.customer_id.as_ref(), Some(&id));
    dev.actor = Actor::new("yangjinwei", Role::Engineer);
    assert_eq!(dev.work_order_page(history).unwrap().total, 1);
}
