//! What the office does to a customer, as pure functions over the typed
//! document: register one ([`new_customer`]), apply one edit ([`apply`]),
//! add an instrument typed on a call ([`add_equipment`]). Each checks the
//! role and the input; a refused edit leaves the customer as it was.
//!
//! Sites and contacts of a document written before they were lists are
//! turned into lists only by an edit of a site or a contact (see
//! [`super::view::sites_of`]); other edits leave those keys alone, so they
//! cannot clobber another device's first edit of the lists.

use chrono::NaiveDate;

use super::error::{CustomerError, MAX_TEXT_CHARS};
use super::input::{ContactInput, CustomerEdit, EquipmentInput, NewCustomer, SiteInput};
use super::view::{contacts_of, sites_of};
use crate::model::{Contact, Customer, DocId, DocKind, Equipment, Site};
use crate::ops::Actor;

/// Only the office changes customers.
pub fn ensure_office(actor: &Actor) -> Result<(), CustomerError> {
    actor.ensure_office(CustomerError::OfficeOnly)
}

/// A new customer from the office's form, with a fresh id. `today` is the
/// company's local date (no acceptance date after it). A new customer has
/// no contracts yet, so its equipment names none.
pub fn new_customer(
    input: NewCustomer,
    actor: &Actor,
    today: NaiveDate,
) -> Result<Customer, CustomerError> {
    ensure_office(actor)?;
    let mut c = Customer {
        id: DocId::new(DocKind::Customer),
        org: org(&input.org)?,
        site_address: String::new(),
        contact: String::new(),
        phone: String::new(),
        sites: vec![],
        contacts: vec![],
        key_customer: input.key_customer,
        equipment: vec![],
        last_survey_at: None,
        last_visit_at: None,
    };
    let mut sites = input.sites;
    if sites.is_empty() && !input.site_address.trim().is_empty() {
        sites.push(SiteInput {
            address: input.site_address,
            ..Default::default()
        });
    }
    let mut contacts = input.contacts;
    if contacts.is_empty() && !(input.contact.trim().is_empty() && input.phone.trim().is_empty()) {
        contacts.push(ContactInput {
            id: None,
            name: input.contact,
            phones: vec![input.phone],
        });
    }
    for s in sites {
        save_site(&mut c, s)?;
    }
    for k in contacts {
        save_contact(&mut c, k)?;
    }
    for e in input.equipment {
        save_equipment(&mut c, None, e, today, &[])?;
    }
    Ok(c)
}

/// Applies one edit. `contracts` are the ids of the customer's maintenance
/// contracts (an instrument may name only one of them).
pub fn apply(
    c: &mut Customer,
    edit: CustomerEdit,
    actor: &Actor,
    today: NaiveDate,
    contracts: &[DocId],
) -> Result<(), CustomerError> {
    ensure_office(actor)?;
    match edit {
        CustomerEdit::Details {
            org: o,
            key_customer,
        } => {
            c.org = org(&o)?;
            c.key_customer = key_customer;
            Ok(())
        }
        CustomerEdit::SaveSite { site } => save_site(c, site),
        CustomerEdit::RemoveSite { id } => remove_site(c, &id),
        CustomerEdit::SaveContact { contact } => save_contact(c, contact),
        CustomerEdit::RemoveContact { id } => remove_contact(c, &id),
        CustomerEdit::SaveEquipment { serial, equipment } => {
            save_equipment(c, serial.as_deref(), equipment, today, contracts)
        }
        CustomerEdit::RemoveEquipment { serial } => {
            let i = equipment_index(c, &serial)?;
            c.equipment.remove(i);
            Ok(())
        }
    }
}

/// Adds the instrument a call was taken on to its customer (the office's
/// "save to the customer" on a new work order). Nothing changes when the
/// customer already has that serial number.
pub fn add_equipment(
    c: &mut Customer,
    e: EquipmentInput,
    actor: &Actor,
    today: NaiveDate,
) -> Result<(), CustomerError> {
    ensure_office(actor)?;
    if find_serial(c, &e.serial).is_some() {
        return Ok(());
    }
    save_equipment(c, None, e, today, &[])
}

fn org(text: &str) -> Result<String, CustomerError> {
    let o = text.trim();
    if o.is_empty() {
        return Err(CustomerError::OrgRequired);
    }
    text_field("org", o)
}

/// `text` trimmed, refused when longer than [`MAX_TEXT_CHARS`].
fn text_field(field: &'static str, text: &str) -> Result<String, CustomerError> {
    let t = text.trim();
    let chars = t.chars().count();
    if chars > MAX_TEXT_CHARS {
        return Err(CustomerError::TooLong { field, chars });
    }
    Ok(t.to_string())
}

/// A new id for a site or a contact, unique without asking anyone.
fn new_item_id() -> String {
    ulid::Ulid::new().to_string()
}

/// A site or a contact: an entry of one of the customer's lists, known by
/// an id unique within the customer.
trait Item {
    fn id(&self) -> &str;
    /// The error for an `id` the customer `org` has no entry of.
    fn missing(org: String, id: String) -> CustomerError;
}

impl Item for Site {
    fn id(&self) -> &str {
        &self.id
    }
    fn missing(org: String, id: String) -> CustomerError {
        CustomerError::NoSite { org, id }
    }
}

impl Item for Contact {
    fn id(&self) -> &str {
        &self.id
    }
    fn missing(org: String, id: String) -> CustomerError {
        CustomerError::NoContact { org, id }
    }
}

/// Where the entry `id` stands in `list`, a list of customer `org`.
fn item_index<T: Item>(list: &[T], id: &str, org: &str) -> Result<usize, CustomerError> {
    list.iter()
        .position(|x| x.id() == id)
        .ok_or_else(|| T::missing(org.into(), id.into()))
}

/// Puts an edited site or contact into `list`, a list of customer `org`:
/// in place of the entry with `id`, or, without an id, added with a fresh
/// one. `entry` makes it from its id.
fn save_item<T: Item>(
    list: &mut Vec<T>,
    org: &str,
    id: Option<String>,
    entry: impl FnOnce(String) -> T,
) -> Result<(), CustomerError> {
    match id {
        Some(id) => {
            let i = item_index(list, &id, org)?;
            list[i] = entry(id);
        }
        None => list.push(entry(new_item_id())),
    }
    Ok(())
}

/// Makes `sites` the list [`sites_of`] shows, before a site is edited.
fn materialise_sites(c: &mut Customer) {
    if c.sites.is_empty() {
        c.sites = sites_of(c);
    }
}

/// Makes `contacts` the list [`contacts_of`] shows, before a contact is edited.
fn materialise_contacts(c: &mut Customer) {
    if c.contacts.is_empty() {
        c.contacts = contacts_of(c);
    }
}

/// The single fields older readers know, from the first site.
fn mirror_sites(c: &mut Customer) {
    c.site_address = c
        .sites
        .first()
        .map(|s| s.address.clone())
        .unwrap_or_default();
}

/// The single fields older readers know, from the first contact.
fn mirror_contacts(c: &mut Customer) {
    let first = c.contacts.first();
    c.contact = first.map(|k| k.name.clone()).unwrap_or_default();
    c.phone = first
        .and_then(|k| k.phones.first().cloned())
        .unwrap_or_default();
}

fn save_site(c: &mut Customer, s: SiteInput) -> Result<(), CustomerError> {
    let name = text_field("site name", &s.name)?;
    let address = text_field("site address", &s.address)?;
    if name.is_empty() && address.is_empty() {
        return Err(CustomerError::SiteEmpty);
    }
    materialise_sites(c);
    save_item(&mut c.sites, &c.org, s.id, |id| Site { id, name, address })?;
    mirror_sites(c);
    Ok(())
}

fn remove_site(c: &mut Customer, id: &str) -> Result<(), CustomerError> {
    materialise_sites(c);
    let i = item_index(&c.sites, id, &c.org)?;
    let there: Vec<&str> = c
        .equipment
        .iter()
        .filter(|e| e.site_id.as_deref() == Some(id))
        .map(|e| e.serial.as_str())
        .collect();
    if !there.is_empty() {
        let s = &c.sites[i];
        return Err(CustomerError::SiteInUse {
            org: c.org.clone(),
            site: if s.name.is_empty() {
                &s.address
            } else {
                &s.name
            }
            .clone(),
            serials: there.join(", "),
        });
    }
    c.sites.remove(i);
    mirror_sites(c);
    Ok(())
}

fn save_contact(c: &mut Customer, k: ContactInput) -> Result<(), CustomerError> {
    let name = text_field("contact name", &k.name)?;
    let phones = k
        .phones
        .iter()
        .map(|p| text_field("phone", p))
        .filter(|p| !matches!(p, Ok(p) if p.is_empty()))
        .collect::<Result<Vec<_>, _>>()?;
    if name.is_empty() && phones.is_empty() {
        return Err(CustomerError::ContactEmpty);
    }
    materialise_contacts(c);
    save_item(&mut c.contacts, &c.org, k.id, |id| Contact {
        id,
        name,
        phones,
    })?;
    mirror_contacts(c);
    Ok(())
}

fn remove_contact(c: &mut Customer, id: &str) -> Result<(), CustomerError> {
    materialise_contacts(c);
    let i = item_index(&c.contacts, id, &c.org)?;
    c.contacts.remove(i);
    mirror_contacts(c);
    Ok(())
}

/// The index of the instrument with serial number `serial` (compared
/// trimmed and ignoring case: `sn-1` is `SN-1`).
fn find_serial(c: &Customer, serial: &str) -> Option<usize> {
    let want = serial.trim().to_lowercase();
    c.equipment
        .iter()
        .position(|e| e.serial.trim().to_lowercase() == want)
}

fn equipment_index(c: &Customer, serial: &str) -> Result<usize, CustomerError> {
    find_serial(c, serial).ok_or_else(|| CustomerError::NoEquipment {
        org: c.org.clone(),
        serial: serial.into(),
    })
}

fn save_equipment(
    c: &mut Customer,
    old_serial: Option<&str>,
    e: EquipmentInput,
    today: NaiveDate,
    contracts: &[DocId],
) -> Result<(), CustomerError> {
    let serial = text_field("serial number", &e.serial)?;
    if serial.is_empty() {
        return Err(CustomerError::SerialRequired);
    }
    let model = text_field("model", &e.model)?;
    if model.is_empty() {
        return Err(CustomerError::ModelRequired { serial });
    }
    if let Some(day) = e.accepted_on.filter(|d| d.0 > today) {
        return Err(CustomerError::AcceptedInFuture(day.0, serial));
    }
    let site_id = e.site_id.filter(|s| !s.is_empty());
    if let Some(id) = &site_id {
        item_index(&sites_of(c), id, &c.org)?; // one of the customer's sites
    }
    if let Some(k) = &e.contract_id {
        if !contracts.contains(k) {
            return Err(CustomerError::NotItsContract(k.clone()));
        }
    }
    let index = old_serial.map(|s| equipment_index(c, s)).transpose()?;
    if find_serial(c, &serial).is_some_and(|i| Some(i) != index) {
        return Err(CustomerError::DuplicateSerial {
            org: c.org.clone(),
            serial,
        });
    }
    let new = Equipment {
        serial,
        model,
        accepted_on: e.accepted_on,
        original_end_user: e.original_end_user,
        contract_id: e.contract_id,
        site_id,
    };
    match index {
        Some(i) => c.equipment[i] = new,
        None => c.equipment.push(new),
    }
    Ok(())
}

#[cfg(test)]
mod tests;
