//! What the service returns to the app and takes from it, beyond the
//! documents themselves: list items with their computed clocks and group,
//! the work-order view, conflicts, stock items, the customer list and
//! imports.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::{DocId, WorkOrder};
use crate::rules::state::{Action, Status};
use crate::rules::{Charges, FilingDue, PickedLine, SignBlocker, SlaReport, Tier};
use crate::signoff::SignatureCheck;
use crate::store::{PickupRow, WoRow};
use crate::warehouse::ConfirmState;

pub use crate::customers::{CustomerEdit, CustomerView, NewCustomer};
pub use crate::store::CustomerRow as CustomerListItem;
pub use crate::store::StockRow as StockItem;
pub use crate::store::{CustomerFilter, WoFilter};
pub use crate::warehouse::{NewPart, PartEdit, PartView, StockMove, WarehouseStock};

/// Which section of the engineer's list an order belongs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum WoGroup {
    /// A running clock is breached or due soon.
    ActNow,
    /// Open, nothing urgent.
    Open,
    /// Signed, not yet filed.
    ToFile,
    /// Filed, closed or cancelled.
    Done,
}

impl WoGroup {
    /// Every section, in the order the engineer's list shows them.
    pub const ALL: &'static [WoGroup] = &[
        WoGroup::ActNow,
        WoGroup::Open,
        WoGroup::ToFile,
        WoGroup::Done,
    ];

    /// The section when the status alone decides it: done once filed,
    /// closed or cancelled; to file once signed; act now while new or
    /// assigned (someone has to act on it, whatever its clocks say).
    /// `None`: the clocks decide between act now and open
    /// ([`super::derive::group`]).
    pub fn of_status(status: Status) -> Option<WoGroup> {
        match status {
            Status::Filed | Status::Closed | Status::Cancelled => Some(WoGroup::Done),
            Status::Signed => Some(WoGroup::ToFile),
            Status::New | Status::Assigned => Some(WoGroup::ActNow),
            _ => None,
        }
    }
}

/// One row of a work-order list. On the wire the projection row's fields
/// are flat (`id`, `number`, `status`, …) beside `sla`, `filing`, `group`.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct WoListItem {
    /// The projection row, flattened.
    #[serde(flatten)]
    #[ts(flatten)]
    pub row: WoRow,
    /// The clocks now.
    pub sla: SlaReport,
    /// Where the filing deadline stands, once signed.
    pub filing: Option<FilingDue>,
    /// The list section.
    pub group: WoGroup,
    /// The assignee's display name from the staff directory (`杨金伟`);
    /// the login name when the directory does not know them; `None` when
    /// unassigned.
    pub assignee_display: Option<String>,
    /// News to the user not opened yet (a newly assigned order; for the
    /// office, a record changed after signing): the list marks it new.
    pub is_new: bool,
}

/// One page of a work-order list ([`crate::service::Device::work_order_page`]):
/// the items of the page and how many match the filter in all.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct WoPage {
    /// The page's items, in the list's order.
    pub items: Vec<WoListItem>,
    /// Every work order matching the filter, on all pages.
    pub total: u32,
}

/// A field with concurrent values from several devices. The first value is
/// the one shown everywhere (Automerge's winner).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FieldConflict {
    /// Dotted path, e.g. `service.work_done`.
    pub field: String,
    /// Every value, the winner first.
    pub values: Vec<String>,
}

/// One work order with everything the detail screen shows.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct WorkOrderView {
    /// The document.
    pub wo: WorkOrder,
    /// The warranty tier of the call.
    pub tier: Tier,
    /// The itemised charges: as signed once signed, else computed now.
    pub charges: Charges,
    /// The clocks now.
    pub sla: SlaReport,
    /// The filing deadline, once signed.
    pub filing: Option<FilingDue>,
    /// Whether the signed content is intact.
    pub signature: SignatureCheck,
    /// The buttons this user may press now.
    pub allowed_actions: Vec<Action>,
    /// The actions this user would have next in this status but cannot
    /// take now, each with why ([`super::derive::buttons`]): the screen
    /// shows them disabled with the reason where the button would be.
    pub blocked_actions: Vec<BlockedAction>,
    /// The display name of every person the order names (assignee, note
    /// authors, history, sign-off, charge override), by login name; the
    /// login name itself when the staff directory does not know them.
    pub people: BTreeMap<String, String>,
    /// Fields edited concurrently on several devices.
    pub conflicts: Vec<FieldConflict>,
    /// Parts picked up for this order, newest first.
    pub pickups: Vec<PickupLine>,
    /// What stops the customer signing (picked parts not accounted for).
    pub sign_blockers: Vec<SignBlocker>,
    /// What else stops resolving or signing, and the ink rule for the pad.
    pub sign_readiness: crate::ops::SignReadiness,
    /// This device's changes to the order wait for the sync server: it was
    /// restored from a backup that lacks the order, and only the office's
    /// device can give it back; they are sent at the first sync after that
    /// (`sync::session::AWAITING_RESTORE`).
    pub awaiting_restore: bool,
    /// The largest clock skew (device − server, signed, whole minutes) the
    /// sync server measured when the order's changes were pushed, when its
    /// size is above the company's margin (`clock_skew_minutes`); `None`
    /// otherwise or when not known yet.
    pub clock_skew_minutes: Option<i64>,
}

/// An action the user would normally have next but cannot take now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BlockedAction {
    /// The action.
    pub action: Action,
    /// Why not (the UI words it in its language, `actions.reason.*`).
    pub reason: BlockReason,
}

impl BlockedAction {
    /// `action`, blocked for `reason`.
    pub fn new(action: Action, reason: BlockReason) -> Self {
        BlockedAction { action, reason }
    }
}

/// Why an action is not available now. On the wire `{kind, …}`, e.g.
/// `{"kind": "parts_open", "count": 2}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum BlockReason {
    /// `count` picked parts are neither used nor returned (sign).
    PartsOpen {
        /// Units outstanding, over every picked line.
        count: u32,
    },
    /// `count` more parts are marked used or returned than were picked
    /// (sign).
    PartsOverCounted {
        /// Units marked beyond what was picked, over every line.
        count: u32,
    },
    /// The service record says no work done (resolve, sign).
    NoWorkDone,
}

/// One picked-part line of a work order, the one shape every screen shows:
/// which part, how many were picked, used and returned, and the units'
/// serial numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PickupLine {
    /// `pickup:<ulid>` (what `mark_part` takes).
    pub pickup_id: DocId,
    /// Part number 料号.
    pub part_no: String,
    /// Part name.
    pub name: String,
    /// Quantity picked up.
    pub picked: i64,
    /// Quantity used on the order.
    pub used: i64,
    /// Quantity returned to the warehouse.
    pub returned: i64,
    /// Serial numbers of the units, where they have them (else empty).
    pub serials: Vec<String>,
    /// The warehouse picked from (code).
    pub warehouse: String,
    /// The storekeeper's confirmation of the pickup.
    pub pickup_state: ConfirmState,
    /// The confirmation of its returns.
    pub return_state: ConfirmState,
}

impl From<PickupRow> for PickupLine {
    fn from(p: PickupRow) -> Self {
        PickupLine {
            warehouse: p.warehouse,
            pickup_state: p.pickup_state,
            return_state: p.return_state,
            pickup_id: p.id,
            part_no: p.part_no,
            name: p.name,
            picked: p.qty,
            used: p.used,
            returned: p.returned,
            serials: p.serials,
        }
    }
}

impl PickupLine {
    /// The line as the sign-off rules read it.
    pub fn accounting(&self) -> PickedLine {
        PickedLine {
            pickup_id: self.pickup_id.to_string(),
            part_no: self.part_no.clone(),
            picked: self.picked,
            used: self.used,
            returned: self.returned,
        }
    }
}

/// A pickup with units neither used nor returned
/// ([`crate::service::Device::outstanding_parts`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OutstandingRow {
    /// The engineer holding them.
    pub engineer: String,
    /// The pickup.
    pub pickup: PickupRow,
    /// Units neither used nor returned.
    pub outstanding: i64,
    /// Whole days from the pickup's day to today (company time zone).
    pub age_days: i64,
}

/// One page of the customer list ([`crate::service::Device::customer_page`]):
/// the page's rows, by organisation, and how many match in all.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CustomerPage {
    /// The page's rows.
    pub items: Vec<CustomerListItem>,
    /// Every customer matching the filter, on all pages.
    pub total: u32,
}

/// What an import of a signed record found.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ImportResult {
    /// The work order.
    pub id: DocId,
    /// Its number.
    pub number: String,
    /// Its status after the merge.
    pub status: Status,
    /// The signature check after the merge.
    pub signature: SignatureCheck,
    /// Whether the order was already on this device.
    pub merged_into_existing: bool,
}
