//! The documents: one typed Rust struct per kind of record, mapped field by
//! field onto an Automerge document with `autosurgeon` (`docs/schema.md`
//! describes the same mapping for other clients).

pub mod complaint;
pub mod contract;
pub mod customer;
pub mod ids;
pub mod part;
pub mod pickup;
pub mod scalars;
#[cfg(test)]
mod sparse_tests;
pub mod tolerant;
pub mod work_order;

pub use complaint::{
    Complaint, ComplaintClass, ComplaintReportRecord, ComplaintStep, ComplaintStepKind, NotOurs,
};
pub use contract::{Contract, ContractParts};
pub use customer::{Contact, Customer, Equipment, Site};
pub use ids::{parse_work_order_number, work_order_number, DocId, DocKind, IdError};
pub use part::{Part, MAIN_WAREHOUSE};
pub use pickup::{Confirmation, Pickup};
pub use scalars::{Day, Num, Ts};
pub use work_order::*;
