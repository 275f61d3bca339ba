//! What the contract screens show.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::{Contract, Day, DocId};
use crate::rules::state::Status;
use crate::string_enum;

string_enum! {
    /// A contract's state on the company's today.
    pub enum ContractState {
        /// Starts later.
        Upcoming = "upcoming",
        /// Running.
        Active = "active",
        /// Running, and ends within 30 days.
        EndingSoon = "ending_soon",
        /// Ended.
        Ended = "ended",
    }
}

/// A row of the contract list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ContractRow {
    /// `contract:<…>`.
    pub id: DocId,
    /// Contract number.
    pub number: String,
    /// The customer.
    pub customer_id: DocId,
    /// The customer's organisation (empty when not held).
    pub customer_org: String,
    /// Covered equipment.
    pub equipment_serials: Vec<String>,
    /// First day covered.
    pub starts_on: Day,
    /// Last day covered.
    pub ends_on: Day,
    /// State today.
    pub state: ContractState,
    /// Start of the next period not yet over (its visit), if any.
    pub next_visit: Option<Day>,
}

/// A planned visit as the contract screen lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PlannedVisitRow {
    /// The planned work order.
    pub work_order_id: DocId,
    /// Its number.
    pub number: String,
    /// First day of its period.
    pub period_start: Day,
    /// Last day of its period.
    pub period_end: Day,
    /// Its status.
    pub status: Status,
    /// The engineer assigned.
    pub assignee: Option<String>,
}

/// A contract with its screen (`get_contract`, and what an edit returns).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ContractView {
    /// The document.
    pub contract: Contract,
    /// The customer's organisation.
    pub customer_org: String,
    /// State today.
    pub state: ContractState,
    /// Its planned visits held on this device, by period.
    pub visits: Vec<PlannedVisitRow>,
}

/// What `plan_visits` did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PlanResult {
    /// Planned orders created.
    pub created: Vec<DocId>,
    /// Planned orders cancelled (their contract ended earlier).
    pub cancelled: Vec<DocId>,
}
