//! The customer 用户 document: the organisation, its sites and contacts,
//! and the equipment installed at its sites.
//!
//! Schema evolution (issue 13): a customer used to have one site address,
//! one contact and one phone (`site_address`, `contact`, `phone`). It now
//! has lists, `sites` and `contacts`, and keeps the three single fields as
//! mirrors of the first site's address, the first contact's name and their
//! first phone, so older readers still find them. A document without the
//! lists (written before, or by another client) reads as it always did; the
//! lists then stand for the single fields (`crate::customers::view`), and
//! are written the first time the office edits a site or a contact.

use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ids::DocId;
use super::scalars::{Day, Ts};
use super::tolerant::or_empty;

/// One installed instrument.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Hydrate, Reconcile)]
#[ts(export)]
pub struct Equipment {
    /// Serial number (unique per customer).
    #[key]
    pub serial: String,
    /// Model.
    pub model: String,
    /// Installation-acceptance date 验收日期.
    #[autosurgeon(hydrate = "or_empty")]
    pub accepted_on: Option<Day>,
    /// The original end user bought it (warranty is not transferable).
    pub original_end_user: bool,
    /// A maintenance contract covering it.
    #[autosurgeon(hydrate = "or_empty")]
    pub contract_id: Option<DocId>,
    /// The site it is installed at (a [`Site::id`] of the same customer).
    #[autosurgeon(hydrate = "or_empty")]
    #[serde(default)]
    pub site_id: Option<String>,
}

/// One site of a customer: where its instruments stand and engineers go.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, Hydrate, Reconcile)]
#[ts(export)]
pub struct Site {
    /// Unique within the customer, made by the device that added it.
    #[key]
    pub id: String,
    /// What the customer calls it (e.g. 二号实验楼); may be empty.
    #[autosurgeon(hydrate = "or_empty")]
    pub name: String,
    /// The address engineers travel to.
    pub address: String,
}

/// One contact person of a customer, with their phones.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, Hydrate, Reconcile)]
#[ts(export)]
pub struct Contact {
    /// Unique within the customer, made by the device that added it.
    #[key]
    pub id: String,
    /// Name 联系人.
    pub name: String,
    /// Phone numbers, the usual one first.
    #[autosurgeon(hydrate = "or_empty")]
    pub phones: Vec<String>,
}

/// A customer document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Hydrate, Reconcile)]
#[ts(export)]
pub struct Customer {
    /// `cust:<ulid>`.
    pub id: DocId,
    /// Organisation 用户单位.
    pub org: String,
    /// The first site's address (kept for older readers; see the module).
    pub site_address: String,
    /// The first contact's name (kept for older readers).
    pub contact: String,
    /// The first contact's first phone (kept for older readers).
    pub phone: String,
    /// The customer's sites; empty in a document written before sites were
    /// lists (then `site_address` is the one site).
    #[autosurgeon(hydrate = "or_empty")]
    #[serde(default)]
    pub sites: Vec<Site>,
    /// The customer's contacts; empty in a document written before
    /// contacts were lists (then `contact` and `phone` are the one contact).
    #[autosurgeon(hydrate = "or_empty")]
    #[serde(default)]
    pub contacts: Vec<Contact>,
    /// A key customer 关键用户 (visited at least once every 12 months).
    #[autosurgeon(hydrate = "or_empty")]
    pub key_customer: bool,
    /// Installed equipment.
    #[autosurgeon(hydrate = "or_empty")]
    pub equipment: Vec<Equipment>,
    /// Last satisfaction survey (due every 12 months).
    #[autosurgeon(hydrate = "or_empty")]
    pub last_survey_at: Option<Ts>,
    /// Last visit to a key customer.
    #[autosurgeon(hydrate = "or_empty")]
    pub last_visit_at: Option<Ts>,
}
