//! Customers 用户 and their equipment on the server (issue 13): the office's
//! edits of the new shape (sites, contacts, an instrument's site) are
//! stored and reach the engineer whose order names the customer; an
//! engineer may read that customer but not change it — the change is
//! refused per document and the stored customer stays as it was.

use onsite_core::customers::{ops, CustomerEdit, EquipmentInput, SiteInput};
use onsite_core::doc;
use onsite_core::model::Customer;
use onsite_core::ops::Actor;

use super::*;

/// The customer as the server stores it.
fn stored_customer(s: &TestServer, id: &DocId) -> Customer {
    let d = s.load(id.as_str()).expect("stored");
    doc::read(&d, DocKind::Customer).expect("a customer")
}

/// The office's edit `e` of customer `id` on its raw device.
fn office_edits(office: &mut RawDevice, id: &DocId, e: CustomerEdit) {
    office.edit_raw(id.as_str(), |d| {
        let mut c: Customer = doc::read(d, DocKind::Customer).unwrap();
        let me = Actor::new("office", Role::Office);
        ops::apply(&mut c, e, &me, t0().date_naive(), &[]).unwrap();
        doc::write(d, &c).unwrap();
    });
}

#[tokio::test]
async fn the_offices_customer_edits_reach_the_engineer_of_its_order() {
    let (s, mut office, mut yang, _tang, cust_id, _wo) = an_order_with_its_customer().await;
    let site = SiteInput {
        id: None,
        name: "二号楼".into(),
        address: "上海市闵行区".into(),
    };
    office_edits(&mut office, &cust_id, CustomerEdit::SaveSite { site });
    let second = stored_site_id(&office, &cust_id);
    let instrument = EquipmentInput {
        serial: "GC-2030-0117".into(),
        model: "GC-2030".into(),
        site_id: Some(second.clone()),
        ..Default::default()
    };
    office_edits(
        &mut office,
        &cust_id,
        CustomerEdit::SaveEquipment {
            serial: None,
            equipment: instrument,
        },
    );
    assert!(office.sync().await.errors.is_empty());
    assert_eq!(stored_customer(&s, &cust_id).sites.len(), 2);

    yang.sync().await;
    let d = yang.docs.get(cust_id.as_str()).expect("held");
    let held: Customer = doc::read(d, DocKind::Customer).unwrap();
    assert_eq!(held.equipment[1].site_id.as_deref(), Some(second.as_str()));
    s.stop().await;
}

/// The id of the customer's last site on `device`.
fn stored_site_id(device: &RawDevice, id: &DocId) -> String {
    let d = device.docs.get(id.as_str()).expect("held");
    let c: Customer = doc::read(d, DocKind::Customer).unwrap();
    c.sites.last().expect("a site").id.clone()
}

#[tokio::test]
async fn an_engineers_change_to_a_customer_is_refused_and_the_stored_customer_unchanged() {
    let (s, mut office, mut yang, _tang, cust_id, _wo) = an_order_with_its_customer().await;
    office.sync().await;
    yang.sync().await;
    assert!(yang.holds(cust_id.as_str()), "the customer of his order");
    let before = s.db_snapshot();
    let stored = stored_customer(&s, &cust_id);

    // A client that does not follow the rules changes the phone and adds
    // an instrument.
    yang.edit_raw(cust_id.as_str(), |d| {
        let mut c: Customer = doc::read(d, DocKind::Customer).unwrap();
        c.phone = "000".into();
        c.contacts[0].phones = vec!["000".into()];
        let mut extra = c.equipment[0].clone();
        extra.serial = "SN-FORGED".into();
        c.equipment.push(extra);
        doc::write(d, &c).unwrap();
    });
    let r = yang.sync().await;
    assert_eq!(r.codes(), vec!["forbidden"]);
    assert_eq!(s.db_snapshot(), before, "nothing stored");
    assert_eq!(stored_customer(&s, &cust_id), stored);
    office.sync().await;
    let d = office.docs.get(cust_id.as_str()).unwrap();
    let at_office: Customer = doc::read(d, DocKind::Customer).unwrap();
    assert_eq!(at_office.phone, stored.phone, "the office never sees it");
    s.stop().await;
}
