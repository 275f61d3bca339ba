//! A maintenance contract 维护合约: its terms override the warranty tier, and
//! it schedules a preventive-maintenance visit every few months.

use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ids::DocId;
use super::scalars::{hydrate_i64, Day};
use super::tolerant::or_empty;
use crate::string_enum;

string_enum! {
    /// How parts are charged under the contract.
    pub enum ContractParts {
        /// Free of charge.
        Free = "free",
        /// At cost 成本价.
        AtCost = "at_cost",
        /// At the standard price.
        AtPrice = "at_price",
    }
}

/// A contract document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Hydrate, Reconcile)]
#[ts(export)]
pub struct Contract {
    /// `contract:<ulid>`.
    pub id: DocId,
    /// Contract number.
    pub number: String,
    /// The customer.
    pub customer_id: DocId,
    /// Serial numbers of the covered equipment.
    #[autosurgeon(hydrate = "or_empty")]
    pub equipment_serials: Vec<String>,
    /// First day covered.
    pub starts_on: Day,
    /// Last day covered.
    pub ends_on: Day,
    /// Labour rate per hour in fen; 0 means labour is free.
    #[autosurgeon(hydrate = "hydrate_i64")]
    pub labour_fen_per_hour: i64,
    /// Parts terms.
    pub parts: ContractParts,
    /// Travel is free under the contract.
    pub travel_free: bool,
    /// Lodging is free under the contract.
    pub lodging_free: bool,
    /// Months between preventive visits (3).
    #[autosurgeon(hydrate = "hydrate_i64")]
    pub visit_every_months: i64,
}
