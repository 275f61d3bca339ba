//! Field history 历史: who changed which field of a document, when, on
//! which device — built from the document's own Automerge change history
//! (what changed and under which actor) and the sync server's receipts
//! (when it arrived, through which device, with what clock skew), never
//! from a second log that could disagree.
//!
//! - [`model`]: what the history tab shows ([`DocHistory`] of
//!   [`HistoryRow`]s) and what it is built from ([`Provenance`],
//!   [`HistoryConfig`]).

pub mod model;

pub use model::*;
