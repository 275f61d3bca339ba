//! Field history 历史: who changed which field of a document, when, on
//! which device — built from the document's own Automerge change history
//! (what changed and under which actor) and the sync server's receipts
//! (when it arrived, through which device, with what clock skew), never
//! from a second log that could disagree.
//!
//! - [`model`]: what the history tab shows ([`DocHistory`] of
//!   [`HistoryRow`]s) and what it is built from ([`Provenance`],
//!   [`HistoryConfig`]).
//! - [`walk`]: the changes in causal order, and which saw which.
//! - [`diff`]: the fields one change touched, old → new as text.
//! - [`build`]: [`field_history`] — rows with who, device and server
//!   times, skew, concurrency with the kept value, after signing.
//! - [`words`]: the fields' names in zh-CN and en.
//! - [`csv`]: the history as CSV ([`history_csv`]).

pub mod build;
pub mod csv;
pub mod diff;
pub mod model;
pub mod walk;
pub mod words;

pub use build::{device_time_ms, field_history, HistoryError};
pub use csv::history_csv;
pub use model::*;

#[cfg(test)]
mod tests;
