//! Customers 用户 and their equipment: the office's register of who the
//! company serves, where (sites), whom to call (contacts and phones), which
//! instruments stand there (model, serial, acceptance date 验收日期, original
//! end user, contract) and whether they are a key customer 关键用户.
//!
//! Layout: [`input`] (what the office's forms send: a new customer, one
//! edit), [`ops`] (the edits as pure functions over the typed document,
//! with their checks: the organisation is required, a serial number appears
//! once per customer), [`view`] (what the customer screen shows: the sites
//! and contacts as lists also for a document written before they were,
//! each instrument's warranty tier today), [`error`]. The document itself
//! is [`crate::model::Customer`]; its list rows are a projection of the
//! device's store (`store::projection::customers`); the facade methods are
//! in `service::customers`.
//!
//! An edit changes only its own fields: the facade reads the document,
//! applies one [`input::CustomerEdit`] and writes the struct back with
//! autosurgeon, which turns it into the minimal change (a new list item, a
//! changed scalar). Two office devices editing one customer offline thus
//! merge field by field (a phone on one, a new instrument on the other).

pub mod error;
pub mod input;
pub mod ops;
pub mod view;

pub use error::CustomerError;
pub use input::{ContactInput, CustomerEdit, EquipmentInput, NewCustomer, SiteInput};
pub use view::{contacts_of, sites_of, ContractSummary, CustomerView, EquipmentView};
