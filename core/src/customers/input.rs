//! What the office's customer forms send: a whole new customer
//! ([`NewCustomer`], `create_customer`) and one edit of an existing one
//! ([`CustomerEdit`], `edit_customer`). Inputs deserialise with
//! `#[serde(default)]`, so the UI may leave out what it does not set.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::{Day, DocId};

/// A new customer. The single `site_address`, `contact` and `phone` are
/// the quick form of the phone desk: when `sites` / `contacts` are empty
/// they make the first site and contact.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct NewCustomer {
    /// Organisation 用户单位.
    pub org: String,
    /// Site address (the first site when `sites` is empty).
    pub site_address: String,
    /// Contact person (the first contact when `contacts` is empty).
    pub contact: String,
    /// Phone (the first contact's when `contacts` is empty).
    pub phone: String,
    /// A key customer.
    pub key_customer: bool,
    /// Sites.
    pub sites: Vec<SiteInput>,
    /// Contacts and their phones.
    pub contacts: Vec<ContactInput>,
    /// Installed equipment.
    pub equipment: Vec<EquipmentInput>,
}

/// A site as the form sends it: `id` null for a new one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct SiteInput {
    /// The site changed; `None` adds one.
    pub id: Option<String>,
    /// Its name (may be empty).
    pub name: String,
    /// Its address.
    pub address: String,
}

/// A contact as the form sends it: `id` null for a new one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct ContactInput {
    /// The contact changed; `None` adds one.
    pub id: Option<String>,
    /// Name.
    pub name: String,
    /// Phones, the usual one first (empty entries are dropped).
    pub phones: Vec<String>,
}

/// An instrument as the form sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct EquipmentInput {
    /// Serial number (unique per customer).
    pub serial: String,
    /// Model.
    pub model: String,
    /// Installation-acceptance date 验收日期 (not after today).
    pub accepted_on: Option<Day>,
    /// Still with its original end user.
    pub original_end_user: bool,
    /// A maintenance contract of this customer covering it.
    pub contract_id: Option<DocId>,
    /// The site it stands at.
    pub site_id: Option<String>,
}

impl Default for EquipmentInput {
    fn default() -> Self {
        EquipmentInput {
            serial: String::new(),
            model: String::new(),
            accepted_on: None,
            original_end_user: true,
            contract_id: None,
            site_id: None,
        }
    }
}

/// One edit of a customer (`edit_customer`). On the wire
/// `{kind: "save_site", site: {…}}` and so on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum CustomerEdit {
    /// The organisation and the key-customer flag.
    Details {
        /// Organisation 用户单位.
        org: String,
        /// A key customer 关键用户.
        key_customer: bool,
    },
    /// Adds a site (`id` null) or changes one.
    SaveSite {
        /// The site.
        site: SiteInput,
    },
    /// Removes a site (refused while equipment stands there).
    RemoveSite {
        /// Its id.
        id: String,
    },
    /// Adds a contact (`id` null) or changes one.
    SaveContact {
        /// The contact.
        contact: ContactInput,
    },
    /// Removes a contact.
    RemoveContact {
        /// Its id.
        id: String,
    },
    /// Adds an instrument (`serial` null) or changes the one with serial
    /// number `serial` (its serial number may change too).
    SaveEquipment {
        /// The serial number of the instrument changed; `None` adds one.
        serial: Option<String>,
        /// The instrument.
        equipment: EquipmentInput,
    },
    /// Removes an instrument.
    RemoveEquipment {
        /// Its serial number.
        serial: String,
    },
}
