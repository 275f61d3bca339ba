//! The IPC shapes of docs/ipc.md that core does not export as such, and
//! their mapping from core's types: `Session` and `Settings` (camelCase,
//! as the contract spells them), the flat `WoListItem`, `CustomerSummary`,
//! the UI's `NewCustomer` (fields it omits default), `Engineer` and the
//! `{path}` of an export.

use onsite_core::model::{Customer, Day, DocId};
use onsite_core::rules::{FilingDue, SlaReport};
use onsite_core::service::{self, WoGroup};
use onsite_core::store::WoRow;
use serde::{Deserialize, Serialize};

/// `session()`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    /// User name (empty before enrolment).
    pub user: String,
    /// `engineer`, `office` or `storekeeper`.
    pub role: String,
    /// The device's number slot, once enrolled.
    pub device_slot: Option<i64>,
    /// The sync server, once enrolled.
    pub server_url: Option<String>,
    /// Whether the device is enrolled.
    pub enrolled: bool,
    /// `zh-CN` or `en`.
    pub language: String,
}

/// `get_settings()`, `enroll()`, `set_language()`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// The sync server, once enrolled.
    pub server_url: Option<String>,
    /// Whether the device is enrolled.
    pub enrolled: bool,
    /// `zh-CN` or `en`.
    pub language: String,
    /// The device's number slot, once enrolled.
    pub device_slot: Option<i64>,
}

/// One list row: the projection row's fields flat (`id`, `number`,
/// `status`, `priority`, `customer_org`, `assignee`, `reported_at`,
/// `tampered`, and the deadlines), with `group`, `sla` and `filing`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WoListItem {
    /// The projection row, flattened.
    #[serde(flatten)]
    pub row: WoRow,
    /// The list section.
    pub group: WoGroup,
    /// The clocks now.
    pub sla: SlaReport,
    /// The filing deadline once signed.
    pub filing: Option<FilingDue>,
}

impl From<service::WoListItem> for WoListItem {
    fn from(i: service::WoListItem) -> Self {
        WoListItem {
            row: i.row,
            group: i.group,
            sla: i.sla,
            filing: i.filing,
        }
    }
}

/// One installed instrument as the customer list shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EquipmentSummary {
    /// Serial number.
    pub serial: String,
    /// Model.
    pub model: String,
    /// Acceptance day.
    pub accepted_on: Option<Day>,
    /// Still with its original end user.
    pub original_end_user: bool,
}

/// `list_customers()` / `create_customer()`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomerSummary {
    /// `cust:…`.
    pub id: DocId,
    /// Organisation.
    pub org: String,
    /// Site address.
    pub site_address: String,
    /// Contact person.
    pub contact: String,
    /// Phone.
    pub phone: String,
    /// A key customer.
    pub key_customer: bool,
    /// Installed equipment.
    pub equipment: Vec<EquipmentSummary>,
}

impl From<Customer> for CustomerSummary {
    fn from(c: Customer) -> Self {
        CustomerSummary {
            id: c.id,
            org: c.org,
            site_address: c.site_address,
            contact: c.contact,
            phone: c.phone,
            key_customer: c.key_customer,
            equipment: c
                .equipment
                .into_iter()
                .map(|e| EquipmentSummary {
                    serial: e.serial,
                    model: e.model,
                    accepted_on: e.accepted_on,
                    original_end_user: e.original_end_user,
                })
                .collect(),
        }
    }
}

/// `create_customer({input})`: what the UI sends; omitted fields default.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct NewCustomerInput {
    /// Organisation (required).
    pub org: String,
    /// Site address.
    pub site_address: String,
    /// Contact person.
    pub contact: String,
    /// Phone.
    pub phone: String,
    /// A key customer.
    pub key_customer: bool,
    /// Installed equipment.
    pub equipment: Vec<onsite_core::model::Equipment>,
}

impl From<NewCustomerInput> for service::NewCustomer {
    fn from(i: NewCustomerInput) -> Self {
        service::NewCustomer {
            org: i.org,
            site_address: i.site_address,
            contact: i.contact,
            phone: i.phone,
            key_customer: i.key_customer,
            equipment: i.equipment,
        }
    }
}

/// `list_engineers()`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Engineer {
    /// User name (what `assign` takes).
    pub name: String,
    /// The name shown.
    pub display: String,
}

/// The `{path}` of an exported file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PathResult {
    /// Absolute path.
    pub path: String,
}
