//! The office's care of its customers after the repair (domain.md,
//! *Complaints, follow-ups and surveys*; issue 13, items 5 and 6): a
//! follow-up visit 回访 after every closed work order, a satisfaction
//! survey 满意度调查 of every customer every 12 months, and a visit to
//! every key customer 关键用户 at least once every 12 months. Office
//! documents: engineers neither read nor write them (the sync server's
//! access rules and `guard`).
//!
//! Layout: [`model`] (the `followup:` and `survey:` documents), [`ops`]
//! (pure: the follow-up a closed order gets, recording one, planning a
//! visit, recording a survey and what each moves on the customer),
//! [`projection`] (the device's list rows, device migration 7) and
//! [`query`] (reading them a page at a time), [`views`] (the screen's
//! filters, pages and tables). The 12-month rule itself is pure in
//! [`crate::rules::yearly`]; the facade methods are in
//! `service::followups`, the closing of an order creates its follow-up in
//! the same transaction (`Device::act`).

pub mod model;
pub mod ops;
pub mod projection;
pub mod query;
pub mod views;

pub use model::{
    FollowUp, FollowUpChannel, FollowUpOrigin, FollowUpOutcome, FollowUpRecord, Survey,
};
pub use ops::{follow_up_id, CareError, NewSurvey, PlanVisit, RecordFollowUp};
pub use views::{
    care_tables, CareTables, DueFilter, DueItem, DuePage, FollowUpFilter, FollowUpItem,
    FollowUpPage,
};

#[cfg(test)]
mod tests;
