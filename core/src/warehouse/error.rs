//! Why a warehouse action was refused. Every message names the field or
//! the part; the facade maps each variant to one error code.

use crate::rules::state::Role;

/// A refused warehouse action.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WarehouseError {
    /// Only the office and the storekeeper keep the catalogue and the stock.
    #[error("only the office and the storekeeper {what}, not an {role}")]
    KeepersOnly {
        /// The role that tried.
        role: Role,
        /// What they tried ("add parts").
        what: &'static str,
    },
    /// A field's value is not allowed (`field`: what is wrong).
    #[error("{field}: {problem}")]
    Field {
        /// The field (`part_no`, `qty`, `warehouse`, …).
        field: &'static str,
        /// What is wrong with it.
        problem: String,
    },
    /// The part number is taken.
    #[error("part_no: part number {0} exists")]
    Duplicate(String),
    /// A movement on a retired part.
    #[error("retired: part {0} is retired (停用); reactivate it first")]
    Retired(String),
}

impl WarehouseError {
    /// A field's problem.
    pub fn field(field: &'static str, problem: impl Into<String>) -> WarehouseError {
        WarehouseError::Field {
            field,
            problem: problem.into(),
        }
    }
}
