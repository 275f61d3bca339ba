//! The customer 用户 document, with the equipment installed at its sites.

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
}

/// A customer document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Hydrate, Reconcile)]
#[ts(export)]
pub struct Customer {
    /// `cust:<ulid>`.
    pub id: DocId,
    /// Organisation 用户单位.
    pub org: String,
    /// Site address.
    pub site_address: String,
    /// Contact person.
    pub contact: String,
    /// Phone.
    pub phone: String,
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
