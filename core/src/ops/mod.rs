//! Domain operations: what a user can do to a work order or a pickup, as
//! pure functions over the typed documents. State goes in, the new state (or
//! a typed [`OpError`]) comes out; the acting user and the time are passed
//! in; nothing here does I/O or reads a clock.
//!
//! Every operation checks, in this order: who may do it (role, and for an
//! engineer that the order is theirs), whether the signed content would be
//! touched after signing ([`OpError::SignedReadOnly`]), whether the order's
//! status allows it, and the input itself. The [`crate::service`] facade
//! loads the documents, calls one of these, and writes the result back in
//! one store transaction.
//!
//! Layout: [`actor`] (who acts and what they may touch), [`error`],
//! [`work_order`] (create, lifecycle actions, assignment, filing),
//! [`record`] (service record and what resolving and signing need of it,
//! notes, charge override, loaner),
//! [`sign`] (the customer's sign-off), [`pickup`] (spare-part pickups),
//! [`expert`] (asking a technical expert for advice).

pub mod actor;
pub mod error;
pub mod expert;
pub mod pickup;
pub mod record;
pub mod sign;
pub mod work_order;

pub use actor::Actor;
pub use error::OpError;
pub use expert::ask_expert;
pub use pickup::{mark_returned, mark_used, new_pickup, NewPickup};
pub use record::{
    add_note, ensure_work_recorded, issue_loaner, record_gaps, return_loaner, set_charge_override,
    update_order, update_service, OrderPatch, RecordGap, ServicePatch,
};
pub use sign::{picked_lines, sign, sign_readiness, SignInput, SignReadiness};
pub use work_order::{apply_action, assign, new_work_order, record_filing, NewWorkOrder};
