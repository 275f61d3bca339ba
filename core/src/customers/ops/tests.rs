//! The customer edits and their checks.

use super::*;
use crate::model::Day;
use crate::rules::state::Role;
use crate::testing::{ContractBuilder, CustomerBuilder};

fn office() -> Actor {
    Actor::new("office", Role::Office)
}

fn today() -> NaiveDate {
    "2026-03-02".parse().unwrap()
}

fn day(s: &str) -> Option<Day> {
    Some(Day(s.parse().unwrap()))
}

/// 华东电力 as the office registers it: one site, one contact, an AAS-7000.
fn customer() -> Customer {
    new_customer(CustomerBuilder::new("华东电力").input(), &office(), today()).unwrap()
}

fn instrument(serial: &str) -> EquipmentInput {
    EquipmentInput {
        serial: serial.into(),
        model: "GC-9800".into(),
        accepted_on: day("2025-06-01"),
        ..Default::default()
    }
}

/// Adds `e` as a new instrument of `c`.
fn add(c: &mut Customer, e: EquipmentInput) -> Result<(), CustomerError> {
    edit(
        c,
        CustomerEdit::SaveEquipment {
            serial: None,
            equipment: e,
        },
    )
}

fn edit(c: &mut Customer, e: CustomerEdit) -> Result<(), CustomerError> {
    apply(c, e, &office(), today(), &[])
}

#[test]
fn the_phone_desk_quick_form_makes_the_first_site_and_contact() {
    let c = customer();
    assert_eq!(c.sites.len(), 1);
    assert_eq!(c.sites[0].address, "重庆市渝北区");
    assert_eq!(c.contacts[0].name, "赵刚");
    assert_eq!(c.contacts[0].phones, vec!["023-67891234"]);
    assert_eq!(
        (
            c.site_address.as_str(),
            c.contact.as_str(),
            c.phone.as_str()
        ),
        ("重庆市渝北区", "赵刚", "023-67891234"),
        "older readers still find the single fields"
    );
}

#[test]
fn an_empty_organisation_is_refused() {
    let mut input = CustomerBuilder::new("华东电力").input();
    input.org = "  ".into();
    assert_eq!(
        new_customer(input, &office(), today()),
        Err(CustomerError::OrgRequired)
    );
    let mut c = customer();
    let e = CustomerEdit::Details {
        org: "".into(),
        key_customer: true,
    };
    assert_eq!(edit(&mut c, e), Err(CustomerError::OrgRequired));
    assert_eq!(c.org, "华东电力", "nothing changed");
    assert!(!c.key_customer);
}

#[test]
fn a_serial_number_appears_once_per_customer() {
    let mut c = customer();
    let serial = c.equipment[0].serial.clone();
    let again = CustomerEdit::SaveEquipment {
        serial: None,
        equipment: instrument(&format!(" {} ", serial.to_lowercase())),
    };
    let err = edit(&mut c, again).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "华东电力 already has equipment with serial number {}",
            serial.to_lowercase()
        )
    );
    assert_eq!(c.equipment.len(), 1, "nothing added");

    edit(
        &mut c,
        CustomerEdit::SaveEquipment {
            serial: None,
            equipment: instrument("SN-2"),
        },
    )
    .unwrap();
    let onto_the_first = CustomerEdit::SaveEquipment {
        serial: Some("SN-2".into()),
        equipment: instrument(&serial),
    };
    assert!(matches!(
        edit(&mut c, onto_the_first),
        Err(CustomerError::DuplicateSerial { .. })
    ));
    let mut same = instrument("SN-2");
    same.model = "GC-9900".into();
    edit(
        &mut c,
        CustomerEdit::SaveEquipment {
            serial: Some("SN-2".into()),
            equipment: same,
        },
    )
    .unwrap();
    assert_eq!(
        c.equipment[1].model, "GC-9900",
        "an instrument keeps its own serial"
    );
}

#[test]
fn equipment_needs_a_serial_a_model_and_no_future_acceptance() {
    let mut c = customer();
    let mut e = instrument(" ");
    assert_eq!(add(&mut c, e.clone()), Err(CustomerError::SerialRequired));
    e.serial = "SN-9".into();
    e.model = "".into();
    assert!(matches!(
        add(&mut c, e.clone()),
        Err(CustomerError::ModelRequired { .. })
    ));
    e.model = "GC".into();
    e.accepted_on = day("2026-03-03");
    assert!(matches!(
        add(&mut c, e),
        Err(CustomerError::AcceptedInFuture(..))
    ));
}

#[test]
fn equipment_names_only_this_customers_sites_and_contracts() {
    let mut c = customer();
    let site = c.sites[0].id.clone();
    let mut e = instrument("SN-3");
    e.site_id = Some("nowhere".into());
    assert!(matches!(
        add(&mut c, e.clone()),
        Err(CustomerError::NoSite { .. })
    ));
    let theirs = ContractBuilder::new(&c.id, &["SN-3"]).build();
    e.site_id = Some(site.clone());
    e.contract_id = Some(theirs.id.clone());
    assert!(matches!(
        add(&mut c, e.clone()),
        Err(CustomerError::NotItsContract(_))
    ));
    let save = CustomerEdit::SaveEquipment {
        serial: None,
        equipment: e,
    };
    apply(
        &mut c,
        save,
        &office(),
        today(),
        std::slice::from_ref(&theirs.id),
    )
    .unwrap();
    assert_eq!(c.equipment[1].contract_id, Some(theirs.id));

    let err = edit(&mut c, CustomerEdit::RemoveSite { id: site }).unwrap_err();
    assert_eq!(
        err.to_string(),
        "site 重庆市渝北区 of 华东电力 still has equipment (SN-3): move or remove it first"
    );
    edit(
        &mut c,
        CustomerEdit::RemoveEquipment {
            serial: "sn-3".into(),
        },
    )
    .unwrap();
    assert_eq!(c.equipment.len(), 1);
}

#[test]
fn sites_and_contacts_are_added_renamed_and_removed_with_the_single_fields_following() {
    let mut c = customer();
    let first = c.sites[0].id.clone();
    let add = SiteInput {
        id: None,
        name: "二号楼".into(),
        address: "重庆市江北区".into(),
    };
    edit(&mut c, CustomerEdit::SaveSite { site: add }).unwrap();
    assert_eq!(c.sites.len(), 2);
    let rename = SiteInput {
        id: Some(first.clone()),
        name: "总部".into(),
        address: "重庆市渝中区".into(),
    };
    edit(&mut c, CustomerEdit::SaveSite { site: rename }).unwrap();
    assert_eq!(c.site_address, "重庆市渝中区");
    edit(&mut c, CustomerEdit::RemoveSite { id: first }).unwrap();
    assert_eq!(
        c.site_address, "重庆市江北区",
        "the next site is the first now"
    );
    assert_eq!(
        edit(
            &mut c,
            CustomerEdit::SaveSite {
                site: SiteInput::default()
            }
        ),
        Err(CustomerError::SiteEmpty)
    );

    let k = c.contacts[0].id.clone();
    let phones = ContactInput {
        id: Some(k.clone()),
        name: "赵刚".into(),
        phones: vec!["".into(), "13800000000".into(), "023-1".into()],
    };
    edit(&mut c, CustomerEdit::SaveContact { contact: phones }).unwrap();
    assert_eq!(
        c.contacts[0].phones,
        vec!["13800000000", "023-1"],
        "empty phones dropped"
    );
    assert_eq!(c.phone, "13800000000");
    edit(&mut c, CustomerEdit::RemoveContact { id: k }).unwrap();
    assert_eq!((c.contact.as_str(), c.phone.as_str()), ("", ""));
    assert!(
        contacts_of(&c).is_empty(),
        "the removed contact does not come back from the single fields"
    );
}

#[test]
fn an_older_document_keeps_its_single_site_until_a_site_is_edited() {
    let (_, am) = CustomerBuilder::new("华东电力").legacy_doc();
    let mut c: Customer = crate::doc::read(&am, crate::model::DocKind::Customer).unwrap();
    assert!(c.sites.is_empty() && c.contacts.is_empty());
    assert_eq!(sites_of(&c)[0].address, "重庆市渝北区");
    assert_eq!(contacts_of(&c)[0].phones, vec!["023-67891234"]);

    edit(
        &mut c,
        CustomerEdit::SaveEquipment {
            serial: None,
            equipment: instrument("SN-4"),
        },
    )
    .unwrap();
    assert!(
        c.sites.is_empty(),
        "an equipment edit leaves the site keys alone"
    );

    let id = sites_of(&c)[0].id.clone();
    let rename = SiteInput {
        id: Some(id),
        name: "实验楼".into(),
        address: "重庆市渝北区".into(),
    };
    edit(&mut c, CustomerEdit::SaveSite { site: rename }).unwrap();
    assert_eq!(c.sites.len(), 1);
    assert_eq!(c.sites[0].name, "实验楼");
    assert!(c.contacts.is_empty(), "contacts untouched");
}

#[test]
fn only_the_office_changes_customers() {
    let eng = Actor::new("yangjinwei", Role::Engineer);
    let mut c = customer();
    let e = CustomerEdit::Details {
        org: "x".into(),
        key_customer: true,
    };
    assert_eq!(
        apply(&mut c, e, &eng, today(), &[]),
        Err(CustomerError::OfficeOnly(Role::Engineer))
    );
    let input = CustomerBuilder::new("x").input();
    assert!(new_customer(input, &eng, today()).is_err());
}

#[test]
fn an_instrument_typed_on_a_call_is_added_once() {
    let mut c = customer();
    add_equipment(&mut c, instrument("SN-NEW"), &office(), today()).unwrap();
    add_equipment(&mut c, instrument("sn-new"), &office(), today()).unwrap();
    assert_eq!(c.equipment.len(), 2);
}
