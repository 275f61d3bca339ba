//! The customer list's projection (table `cust_list`): one row per
//! customer with what the list shows, and a lower-cased search text over
//! its organisation, sites, contacts, phones and equipment, so a search
//! never opens a document.

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::search::{search_text, Word};
use crate::customers::{contacts_of, sites_of};
use crate::model::{Customer, DocId};

/// A customer as the list shows it (table `cust_list`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CustomerRow {
    /// `cust:<ulid>`.
    pub id: DocId,
    /// Organisation 用户单位.
    pub org: String,
    /// A key customer 关键用户.
    pub key_customer: bool,
    /// The first site's name (may be empty).
    pub site_name: String,
    /// The first site's address.
    pub site_address: String,
    /// How many sites.
    pub sites: u32,
    /// The first contact's name.
    pub contact: String,
    /// The first contact's first phone.
    pub phone: String,
    /// How many instruments.
    pub equipment: u32,
}

/// The row of `c` and its search text.
pub(in crate::store) fn customer_row(c: &Customer) -> (CustomerRow, String) {
    let sites = sites_of(c);
    let contacts = contacts_of(c);
    let mut words = vec![Word::Text(&c.org)];
    for s in &sites {
        words.extend([Word::Text(&s.name), Word::Text(&s.address)]);
    }
    for k in &contacts {
        words.push(Word::Text(&k.name));
        words.extend(k.phones.iter().map(|p| Word::Phone(p)));
    }
    for e in &c.equipment {
        words.extend([Word::Text(&e.model), Word::Text(&e.serial)]);
    }
    let search = search_text(words);
    let first_site = sites.first();
    let first_contact = contacts.first();
    let row = CustomerRow {
        id: c.id.clone(),
        org: c.org.clone(),
        key_customer: c.key_customer,
        site_name: first_site.map(|s| s.name.clone()).unwrap_or_default(),
        site_address: first_site.map(|s| s.address.clone()).unwrap_or_default(),
        sites: sites.len() as u32,
        contact: first_contact.map(|k| k.name.clone()).unwrap_or_default(),
        phone: first_contact
            .and_then(|k| k.phones.first().cloned())
            .unwrap_or_default(),
        equipment: c.equipment.len() as u32,
    };
    (row, search)
}

/// Inserts the row of one customer (its old row is deleted first).
pub(super) fn write(conn: &Connection, r: &CustomerRow, search: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO cust_list (id, org, key_customer, site_name, site_address, sites, contact,
            phone, equipment, search)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        r.id.as_str(),
        r.org,
        r.key_customer,
        r.site_name,
        r.site_address,
        r.sites,
        r.contact,
        r.phone,
        r.equipment,
        search,
    ])?;
    Ok(())
}

/// Deletes the row of document `id`, if any.
pub(super) fn delete(conn: &Connection, id: &str) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM cust_list WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}
