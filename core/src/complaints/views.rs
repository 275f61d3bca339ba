//! What the complaint screens send and show: the new-complaint form, a
//! step, the list's filter, row, item and page, and one complaint's view.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::steps::ComplaintStage;
use crate::model::{Complaint, ComplaintClass, ComplaintStepKind, Day, DocId, Ts};
use crate::store::Paging;

/// The new-complaint form (`create_complaint`).
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[ts(export)]
pub struct NewComplaint {
    /// Quality anomaly, non-quality (human cause) or other.
    pub class: ComplaintClass,
    /// The customer; when absent, the linked work order's customer.
    #[serde(default)]
    pub customer_id: Option<DocId>,
    /// The number of the work order it is about (`WO-2026-03-000123`);
    /// empty when none.
    #[serde(default)]
    pub work_order_number: String,
    /// Order number 订单编号.
    #[serde(default)]
    pub order_no: String,
    /// Part number 料号.
    #[serde(default)]
    pub part_no: String,
    /// Delivery date 交运日期.
    #[serde(default)]
    pub delivered_on: Option<Day>,
    /// Quantity delivered.
    #[serde(default)]
    pub quantity: i64,
    /// Defective quantity 不良数量.
    #[serde(default)]
    pub defective_qty: i64,
    /// What the customer asks for.
    #[serde(default)]
    pub request: String,
    /// What the complaint is about (required).
    pub details: String,
    /// When the complaint came in; absent: now.
    #[serde(default)]
    pub received_at: Option<Ts>,
}

/// One handling step (`add_complaint_step`).
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[ts(export)]
pub struct StepInput {
    /// Which step: only the next one in order is accepted.
    pub step: ComplaintStepKind,
    /// Who owns it (a name, as the office writes it).
    pub owner: String,
    /// What was found, agreed or done.
    pub note: String,
    /// When it was done; absent: now.
    #[serde(default)]
    pub at: Option<Ts>,
}

/// Which complaints to list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct ComplaintFilter {
    /// Leave out closed complaints.
    pub open_only: bool,
    /// Only complaints waiting at this stage.
    pub stage: Option<ComplaintStage>,
    /// One page of the list; unset: every match (the service's default
    /// page size first).
    #[serde(flatten)]
    #[ts(flatten)]
    pub page: Paging,
}

/// A complaint as the list shows it (the projection table
/// `complaint_list`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ComplaintRow {
    /// `complaint:<ulid>`.
    pub id: DocId,
    /// Class.
    pub class: ComplaintClass,
    /// The customer document.
    pub customer_id: Option<DocId>,
    /// The linked work order.
    pub work_order_id: Option<DocId>,
    /// Order number 订单编号.
    pub order_no: String,
    /// Part number 料号.
    pub part_no: String,
    /// Quantity.
    pub quantity: i64,
    /// Defective quantity.
    pub defective_qty: i64,
    /// What the complaint waits for.
    pub stage: ComplaintStage,
    /// When it came in.
    pub received_at: Ts,
    /// When the last step in order was taken.
    pub last_step_at: Option<Ts>,
    /// When it was closed.
    pub closed_at: Option<Ts>,
    /// The cause was found not to be ours.
    pub not_ours: bool,
}

/// A list row with what the screen shows beside it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ComplaintListItem {
    /// The projection row.
    #[serde(flatten)]
    pub row: ComplaintRow,
    /// The customer's organisation, when the customer is known.
    pub customer_org: Option<String>,
    /// Whole days since it came in (its age).
    pub age_days: i64,
}

/// One page of the complaint list.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ComplaintPage {
    /// The page's items: earliest stage first, then the oldest first.
    pub items: Vec<ComplaintListItem>,
    /// Every complaint matching the filter, on all pages.
    pub total: u32,
}

/// One complaint as its screen shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ComplaintView {
    /// The document.
    pub complaint: Complaint,
    /// What it waits for.
    pub stage: ComplaintStage,
    /// The step to take next; `None` once all four are done.
    pub next_step: Option<ComplaintStepKind>,
    /// The customer's organisation, when the customer is known.
    pub customer_org: Option<String>,
    /// The linked work order's number.
    pub work_order_number: Option<String>,
    /// Whether the finding "not our cause" may be recorded now (after the
    /// analysis, before closing).
    pub may_find_not_ours: bool,
    /// Login name → display name for everyone the complaint names.
    pub people: BTreeMap<String, String>,
}
