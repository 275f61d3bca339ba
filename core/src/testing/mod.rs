//! Test support: builders for the documents tests need, an instant parser
//! and a device on a temporary file. Compiled for core's own unit tests and,
//! behind the `test-support` feature, for the integration tests, the sync
//! server's tests and the benchmarks (never for the app or the server).
//!
//! Documents are made the way the app makes them, through [`crate::ops`]:
//! a work order is created by the office with [`ops::new_work_order`],
//! assigned with [`ops::assign`], moved by its engineer with
//! [`ops::apply_action`] and signed with [`ops::sign`], so its status,
//! timeline, history and seal agree with each other.
//!
//! ```
//! use onsite_core::model::Priority;
//! use onsite_core::rules::state::Status;
//! use onsite_core::testing::WorkOrderBuilder;
//!
//! let wo = WorkOrderBuilder::new()
//!     .customer("重庆市农业委员会检测中心")
//!     .priority(Priority::P1)
//!     .assigned_to("yangjinwei")
//!     .signed()
//!     .build();
//! assert_eq!(wo.status, Status::Signed);
//! assert_eq!(wo.history.len(), 6, "assign, respond, depart, arrive, resolve, sign");
//! ```
//!
//! Layout: [`work_order`] ([`WorkOrderBuilder`]), [`documents`] (parts,
//! pickups, customers), [`records`] (contracts, complaints), [`followups`]
//! (filed orders, follow-ups, surveys), [`device`] ([`TempDevice`]), [`samples`] (the short
//! names the store's tests use: ids by suffix, numbers to match), [`sparse`]
//! (documents with their optional keys left out, as another client may write them),
//! [`faults`] (a pause inside a transaction for the kill loops), [`attributed`]
//! (a builder's document rewritten under a store's actor, [`owned_by`], for
//! a test that creates it as a local edit or pushes it to a server).
//!
//! [`ops::new_work_order`]: crate::ops::new_work_order
//! [`ops::assign`]: crate::ops::assign
//! [`ops::apply_action`]: crate::ops::apply_action
//! [`ops::sign`]: crate::ops::sign

pub mod attributed;
pub mod device;
pub mod documents;
pub mod faults;
pub mod followups;
pub mod records;
pub mod samples;
pub mod sparse;
pub mod work_order;

use chrono::{DateTime, NaiveDate, Utc};

pub use attributed::owned_by;
pub use device::{stock_of, visit_and_sign, TempDevice};
pub use documents::{
    confirmation, contact_phone_edit, new_part, CustomerBuilder, PartBuilder, PickupBuilder,
};
pub use followups::{filed, FollowUpBuilder, SurveyBuilder};
pub use records::{complaint_form, loaner_pool, ComplaintBuilder, ContractBuilder};
pub use sparse::strip_optional_keys;
pub use work_order::{
    satisfied_sign_input, sign_off, signature, write_work_done, WorkOrderBuilder,
};

use automerge::AutoCommit;

use crate::model::{DocId, DocKind, Ts};

/// An instant from RFC 3339 text (`"2026-03-02T01:00:00Z"`,
/// `"2026-03-10T09:00:00+08:00"`).
pub fn instant(rfc3339: &str) -> DateTime<Utc> {
    rfc3339
        .parse::<DateTime<Utc>>()
        .unwrap_or_else(|e| panic!("{rfc3339:?} is not RFC 3339: {e}"))
}

/// A new document of `kind` holding `value`, with its id `id`: what the
/// builders' `doc()` give.
fn new_doc<T: autosurgeon::Reconcile>(kind: DocKind, id: &DocId, value: &T) -> (DocId, AutoCommit) {
    let am = crate::doc::create(kind, value).unwrap_or_else(|e| panic!("a {kind} document: {e}"));
    (id.clone(), am)
}

/// A calendar day from ISO text (`"2026-03-06"`).
pub fn day(iso: &str) -> NaiveDate {
    iso.parse()
        .unwrap_or_else(|e| panic!("{iso:?} is not a YYYY-MM-DD day: {e}"))
}

/// [`instant`] as a document scalar.
pub fn at(rfc3339: &str) -> Ts {
    Ts(instant(rfc3339))
}

/// The builders' default time: Monday 2 March 2026, 09:00 in Shanghai.
pub fn monday_morning() -> DateTime<Utc> {
    instant("2026-03-02T01:00:00Z")
}
