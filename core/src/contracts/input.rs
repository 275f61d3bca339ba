//! What the contract forms send.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::{ContractParts, Day, DocId};

/// A new contract (`create_contract`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NewContract {
    /// Contract number, unique among the device's contracts.
    pub number: String,
    /// The customer.
    pub customer_id: DocId,
    /// Serial numbers of the covered equipment (the customer's).
    pub equipment_serials: Vec<String>,
    /// First day covered.
    pub starts_on: Day,
    /// Last day covered.
    pub ends_on: Day,
    /// Labour rate per hour in fen; 0: labour free.
    pub labour_fen_per_hour: i64,
    /// Parts terms.
    pub parts: ContractParts,
    /// Travel is free.
    pub travel_free: bool,
    /// Lodging is free.
    pub lodging_free: bool,
    /// Months between preventive visits, 0–24 (0: none; the form's default 3).
    pub visit_every_months: i64,
}

/// A change to a contract (`edit_contract`): only the fields sent change.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ContractEdit {
    /// Contract number.
    #[serde(default)]
    pub number: Option<String>,
    /// Serial numbers of the covered equipment.
    #[serde(default)]
    pub equipment_serials: Option<Vec<String>>,
    /// First day covered.
    #[serde(default)]
    pub starts_on: Option<Day>,
    /// Last day covered (earlier: ends or shortens the contract).
    #[serde(default)]
    pub ends_on: Option<Day>,
    /// Labour rate per hour in fen.
    #[serde(default)]
    pub labour_fen_per_hour: Option<i64>,
    /// Parts terms.
    #[serde(default)]
    pub parts: Option<ContractParts>,
    /// Travel is free.
    #[serde(default)]
    pub travel_free: Option<bool>,
    /// Lodging is free.
    #[serde(default)]
    pub lodging_free: Option<bool>,
    /// Months between preventive visits.
    #[serde(default)]
    pub visit_every_months: Option<i64>,
}
