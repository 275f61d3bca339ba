//! Two devices, each on its own temporary SQLite file, edit the same
//! records offline, then exchange Automerge sync messages (generate and
//! receive in a loop until neither side has anything to send) and must
//! converge: same heads, same typed structs. Concurrent edits of different
//! fields are both kept; of the same field one value wins everywhere and
//! both devices list both values as a conflict. Two offices editing one
//! customer (a phone on one, an instrument and a site's name on the
//! other) both keep both edits. Concurrent pickups add up
//! on the stock counter (negative is flagged, not clamped). A signed record
//! changed elsewhere is detected as changed after signing on both devices.

use std::convert::Infallible;
use std::sync::Arc;

use automerge::sync::{Message, State, SyncDoc};
use chrono::{DateTime, Duration, Utc};
use onsite_core::clock::FixedClock;
use onsite_core::customers::{ContactInput, CustomerEdit, EquipmentInput, SiteInput};
use onsite_core::doc;
use onsite_core::model::*;
use onsite_core::ops::{Actor, OrderPatch, ServicePatch, SignInput};
use onsite_core::rules::state::{Action, Role};
use onsite_core::rules::StockLevel;
use onsite_core::service::{CustomerFilter, Device, FieldConflict};
use onsite_core::signoff::{verify, SignatureCheck};
use onsite_core::sync::receive;
use onsite_core::testing::{stock_of, CustomerBuilder, PartBuilder, TempDevice, WorkOrderBuilder};

fn t0() -> DateTime<Utc> {
    "2026-03-10T01:00:00Z".parse().unwrap()
}

/// Device A and device B, both signed in as the office for the setup.
fn peers() -> (TempDevice, TempDevice) {
    let office = Actor::new("office", Role::Office);
    (
        TempDevice::at(office.clone(), t0()),
        TempDevice::at(office, t0()),
    )
}

/// Exchanges sync messages for `id` until both sides return None. Each
/// side keeps its sync state in memory for the session (an encoded state
/// only keeps the shared heads); every message received is applied through
/// the side's store, so documents and projections are saved as they merge.
/// Returns the number of messages sent.
fn sync(from: &mut Device, to: &mut Device, id: &DocId) -> usize {
    let (mut s_from, mut s_to) = (State::new(), State::new());
    let mut sent = 0;
    for _ in 0..20 {
        let m1 = generate(from, id, &mut s_from);
        if let Some(m) = &m1 {
            receive(to, id, &mut s_to, m.clone());
            sent += 1;
        }
        let m2 = generate(to, id, &mut s_to);
        if let Some(m) = &m2 {
            receive(from, id, &mut s_from, m.clone());
            sent += 1;
        }
        if m1.is_none() && m2.is_none() {
            return sent;
        }
    }
    panic!("sync of {id} did not settle");
}

fn generate(dev: &mut Device, id: &DocId, state: &mut State) -> Option<Message> {
    dev.store
        .apply_remote(id, |doc, _| {
            Ok::<_, Infallible>(doc.sync().generate_sync_message(state))
        })
        .unwrap()
}

fn receive(dev: &mut Device, id: &DocId, state: &mut State, msg: Message) {
    dev.store
        .apply_remote(id, |doc, _| receive::receive(doc, state, msg))
        .unwrap();
}

fn heads(dev: &Device, id: &DocId) -> Vec<automerge::ChangeHash> {
    dev.store.load(id).unwrap().unwrap().get_heads()
}

fn wo(dev: &Device, id: &DocId) -> WorkOrder {
    doc::read(&dev.store.load(id).unwrap().unwrap(), DocKind::WorkOrder).unwrap()
}

fn new_order(dev: &mut Device) -> DocId {
    let input = WorkOrderBuilder::new()
        .customer("四川省疾病预防控制中心")
        .fault("液相色谱仪压力波动")
        .repair_items(&[])
        .input();
    dev.create_work_order(input).unwrap().wo.id
}

fn patch_work_done(text: &str) -> ServicePatch {
    ServicePatch {
        work_done: Some(text.into()),
        ..Default::default()
    }
}

#[test]
fn offline_edits_of_different_fields_are_kept_and_of_one_field_show_as_a_conflict() {
    let (mut a, mut b) = peers();
    let id = new_order(&mut a);
    a.assign(&id, "yangjinwei").unwrap();
    assert!(sync(&mut a, &mut b, &id) > 0);
    assert_eq!(wo(&b, &id), wo(&a, &id), "B received the order");

    // Offline: A is the office, B the engineer's tablet.
    b.actor = Actor::new("yangjinwei", Role::Engineer);
    a.update_order(
        &id,
        OrderPatch {
            priority: Some(Priority::P1),
            ..Default::default()
        },
    )
    .unwrap();
    b.update_service(
        &id,
        ServicePatch {
            findings: Some("单向阀堵塞".into()),
            ..Default::default()
        },
    )
    .unwrap();
    a.update_service(&id, patch_work_done("办公室：已电话指导排气"))
        .unwrap();
    b.update_service(&id, patch_work_done("现场：清洗单向阀，更换密封圈"))
        .unwrap();
    assert_ne!(heads(&a, &id), heads(&b, &id));

    sync(&mut a, &mut b, &id);
    assert_eq!(heads(&a, &id), heads(&b, &id));
    let (wa, wb) = (wo(&a, &id), wo(&b, &id));
    assert_eq!(wa, wb, "identical structs on both peers");
    assert_eq!(wa.priority, Priority::P1, "A's field kept");
    assert_eq!(wa.service.findings, "单向阀堵塞", "B's field kept");
    let both = ["办公室：已电话指导排气", "现场：清洗单向阀，更换密封圈"];
    assert!(both.contains(&wa.service.work_done.as_str()));

    for dev in [&a, &b] {
        let view = dev.get_work_order(&id).unwrap();
        let c: Vec<&FieldConflict> = view
            .conflicts
            .iter()
            .filter(|c| c.field == "service.work_done")
            .collect();
        assert_eq!(c.len(), 1, "{:?}", view.conflicts);
        assert_eq!(
            c[0].values[0], wa.service.work_done,
            "the winner first, the same everywhere"
        );
        let mut values = c[0].values.clone();
        values.sort();
        let mut want: Vec<String> = both.iter().map(|s| s.to_string()).collect();
        want.sort();
        assert_eq!(values, want);
        assert!(
            view.conflicts.iter().all(|c| c.field != "priority"),
            "one writer, no conflict"
        );
    }

    // Writing the field again settles the conflict.
    a.update_service(&id, patch_work_done("清洗单向阀，更换密封圈，压力稳定"))
        .unwrap();
    sync(&mut a, &mut b, &id);
    assert!(b.get_work_order(&id).unwrap().conflicts.is_empty());
}

/// Issue 13: two office devices edit one customer offline — A changes the
/// contact's phone, B adds an instrument and renames the site — and after
/// exchanging changes both hold both edits, on the screen and in the list.
#[test]
fn two_offices_editing_one_customer_offline_keep_both_edits() {
    let (mut a, mut b) = peers();
    let input = CustomerBuilder::new("四川省疾病预防控制中心").input();
    let id = a.create_customer(input).unwrap().customer.id;
    sync(&mut a, &mut b, &id);
    let before = b.get_customer(&id).unwrap();
    let (site, contact) = (before.sites[0].clone(), before.contacts[0].clone());

    let phone = CustomerEdit::SaveContact {
        contact: ContactInput {
            id: Some(contact.id.clone()),
            name: contact.name.clone(),
            phones: vec!["028-85586000".into()],
        },
    };
    a.edit_customer(&id, phone).unwrap();
    let instrument = CustomerEdit::SaveEquipment {
        serial: None,
        equipment: EquipmentInput {
            serial: "LC20-SC-1288".into(),
            model: "LC-20AT 液相色谱仪".into(),
            accepted_on: Some(Day("2024-05-20".parse().unwrap())),
            site_id: Some(site.id.clone()),
            ..Default::default()
        },
    };
    b.edit_customer(&id, instrument).unwrap();
    let rename = CustomerEdit::SaveSite {
        site: SiteInput {
            id: Some(site.id.clone()),
            name: "检验楼".into(),
            address: site.address.clone(),
        },
    };
    b.edit_customer(&id, rename).unwrap();
    assert_ne!(heads(&a, &id), heads(&b, &id));

    sync(&mut a, &mut b, &id);
    assert_eq!(heads(&a, &id), heads(&b, &id));
    for dev in [&a, &b] {
        let v = dev.get_customer(&id).unwrap();
        assert_eq!(v.contacts[0].phones, vec!["028-85586000"], "A's phone");
        assert_eq!(v.customer.phone, "028-85586000");
        let serials: Vec<&str> = v
            .equipment
            .iter()
            .map(|e| e.equipment.serial.as_str())
            .collect();
        assert_eq!(
            serials,
            ["SN-四川省疾病预防控制中心", "LC20-SC-1288"],
            "B's instrument"
        );
        assert_eq!(v.sites.len(), 1);
        assert_eq!(v.sites[0].name, "检验楼", "B's site name");
        let row = &dev.customer_page(CustomerFilter::default()).unwrap().items[0];
        assert_eq!(
            (row.phone.as_str(), row.equipment),
            ("028-85586000", 2),
            "the list too"
        );
    }
    assert_eq!(a.get_customer(&id).unwrap(), b.get_customer(&id).unwrap());
}

fn add_part(dev: &mut Device, part_no: &str, stock: i64) -> DocId {
    PartBuilder::new(part_no)
        .name("柱塞密封圈")
        .prices(6_000, 12_000)
        .low_threshold(1)
        .stock(stock)
        .create_in(&mut dev.store)
}

/// Picks up `qty` of `part` for order `wo` from the main warehouse; the
/// pickup's id.
fn pick_up(dev: &mut Device, wo: &DocId, part: &DocId, qty: i64) -> DocId {
    dev.pickup_parts(wo, part, qty, vec![], None)
        .unwrap()
        .pickups[0]
        .pickup_id
        .clone()
}

#[test]
fn concurrent_pickups_add_up_and_negative_stock_is_flagged_not_clamped() {
    let (mut a, mut b) = peers();
    let part = add_part(&mut a, "LC-SEAL-01", 4);
    let wo1 = new_order(&mut a);
    let wo2 = new_order(&mut a);
    a.assign(&wo1, "yangjinwei").unwrap();
    a.assign(&wo2, "tangrong").unwrap();
    for id in [&part, &wo1, &wo2] {
        sync(&mut a, &mut b, id);
    }
    assert_eq!(stock_of(&b, "LC-SEAL-01"), (4, StockLevel::Ok));

    // Offline, each engineer picks up 3 of the 4.
    a.actor = Actor::new("yangjinwei", Role::Engineer);
    b.actor = Actor::new("tangrong", Role::Engineer);
    let pa = pick_up(&mut a, &wo1, &part, 3);
    let pb = pick_up(&mut b, &wo2, &part, 3);
    assert_eq!(stock_of(&a, "LC-SEAL-01"), (1, StockLevel::Low));
    assert_eq!(stock_of(&b, "LC-SEAL-01"), (1, StockLevel::Low));

    for id in [&part, &pa, &pb] {
        sync(&mut a, &mut b, id);
    }
    assert_eq!(heads(&a, &part), heads(&b, &part));
    for dev in [&a, &b] {
        assert_eq!(stock_of(dev, "LC-SEAL-01"), (-2, StockLevel::Negative));
        assert_eq!(
            doc::read_stock(&dev.store.load(&part).unwrap().unwrap())[MAIN_WAREHOUSE],
            -2
        );
        assert_eq!(dev.store.list_pickups(None, None).unwrap().len(), 2);
    }

    // Returning units puts them back on the merged counter.
    a.mark_part(&pa, 1, 2).unwrap();
    sync(&mut a, &mut b, &part);
    assert_eq!(stock_of(&b, "LC-SEAL-01"), (0, StockLevel::Low));
}

fn resolved_order(a: &mut Device, b: &mut Device) -> DocId {
    let id = new_order(a);
    a.assign(&id, "yangjinwei").unwrap();
    a.actor = Actor::new("yangjinwei", Role::Engineer);
    for action in [Action::Respond, Action::Depart, Action::Arrive] {
        a.act(&id, action).unwrap();
    }
    a.update_service(&id, patch_work_done("清洗单向阀"))
        .unwrap();
    a.act(&id, Action::Resolve).unwrap();
    sync(a, b, &id);
    id
}

fn sign_input() -> SignInput {
    SignInput {
        signer: "李强".into(),
        opinion: "满意".into(),
        satisfaction: 4,
        matches_agreed_items: true,
        strokes: onsite_core::testing::signature(),
    }
}

fn assert_changed_after_signing(dev: &Device, id: &DocId) {
    assert!(matches!(
        verify(&wo(dev, id)),
        SignatureCheck::ChangedAfterSigning { .. }
    ));
    let view = dev.get_work_order(id).unwrap();
    assert!(
        matches!(view.signature, SignatureCheck::ChangedAfterSigning { .. }),
        "{:?}",
        view.signature
    );
    let row = dev.store.list_work_orders(&Default::default()).unwrap();
    assert!(
        row.iter().any(|r| &r.id == id && r.tampered),
        "the list flags it too"
    );
}

#[test]
fn an_edit_concurrent_with_signing_is_detected_on_both_peers() {
    let (mut a, mut b) = peers();
    let id = resolved_order(&mut a, &mut b);
    // A captures the sign-off while B (the office, offline) edits the record.
    a.sign(&id, sign_input()).unwrap();
    assert_eq!(
        a.get_work_order(&id).unwrap().signature,
        SignatureCheck::Valid
    );
    b.update_service(&id, patch_work_done("办公室补充：另收调试费"))
        .unwrap();

    sync(&mut a, &mut b, &id);
    assert_eq!(heads(&a, &id), heads(&b, &id));
    assert_eq!(wo(&a, &id), wo(&b, &id));
    assert_changed_after_signing(&a, &id);
    assert_changed_after_signing(&b, &id);
}

#[test]
fn an_edit_after_signing_that_bypasses_the_ops_is_detected_on_both_peers() {
    let (mut a, mut b) = peers();
    let id = resolved_order(&mut a, &mut b);
    a.clock = Arc::new(FixedClock::new(t0() + Duration::hours(2)));
    a.sign(&id, sign_input()).unwrap();
    sync(&mut a, &mut b, &id);
    assert_eq!(
        b.get_work_order(&id).unwrap().signature,
        SignatureCheck::Valid
    );

    // Through the service the signed content is read-only …
    let err = b.update_service(&id, patch_work_done("改")).unwrap_err();
    assert_eq!(err.code, "signed_read_only");
    // … but a client that writes the document directly is not stopped.
    b.store
        .edit(std::slice::from_ref(&id), |docs| {
            let mut w: WorkOrder =
                doc::read(&docs[0], DocKind::WorkOrder).map_err(|e| e.to_string())?;
            w.service.labour_minutes += 60;
            doc::write(&mut docs[0], &w).map_err(|e| e.to_string())
        })
        .unwrap();
    sync(&mut a, &mut b, &id);
    assert_eq!(heads(&a, &id), heads(&b, &id));
    assert_changed_after_signing(&a, &id);
    assert_changed_after_signing(&b, &id);
}
