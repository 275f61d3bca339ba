//! The shapes of a document's field history: the rows the history tab,
//! the CSV and the record's audit page show, and the inputs they are built
//! from.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::{DocId, Ts};
use crate::stats::Lang;
use crate::sync::attribution::{ActorInfo, ActorSource, ChangeReceipt, Via};

/// What the server vouches for about one document's changes, as cached on
/// the device: receipts by change hash (hex), owners by actor (hex).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Provenance {
    /// The server's receipt of each change it accepted, by change hash.
    pub receipts: HashMap<String, ChangeReceipt>,
    /// Who each known actor belongs to, by actor.
    pub actors: HashMap<String, ActorInfo>,
}

/// How a history is built and worded.
#[derive(Debug, Clone)]
pub struct HistoryConfig {
    /// A change whose device clock differs from the server's by more than
    /// this many minutes is flagged (company setting
    /// `clock_skew_minutes`, default 10).
    pub skew_margin_minutes: i64,
    /// The labels' language.
    pub lang: Lang,
}

/// The history of one document, oldest change first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DocHistory {
    /// The document.
    pub id: DocId,
    /// One row per field a change touched, in causal order of the
    /// changes (a change that touched three fields gives three rows with
    /// the same `change`).
    pub rows: Vec<HistoryRow>,
    /// How many changes the document has.
    pub changes: u32,
    /// The margin the skew flags were judged by, minutes.
    pub skew_margin_minutes: i64,
    /// Whether any row is flagged for clock skew.
    pub skewed: bool,
    /// Whether every change has a receipt from the server (false: some
    /// are not yet sent, or their receipts not yet fetched).
    pub all_received: bool,
}

/// One field changed by one change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HistoryRow {
    /// The change's position in causal order, from 1.
    pub change: u32,
    /// The change hash, hex.
    pub hash: String,
    /// The field's path in the document (`service.charge_override.amount_fen`,
    /// `notes[3]`, `stock.main`); empty for the row that created the
    /// document.
    pub field: String,
    /// The field's name for people, in the requested language (the path
    /// when it has no name).
    pub label: String,
    /// What happened to the field.
    pub op: HistoryOp,
    /// The value before, as text (`None`: there was none).
    pub old: Option<String>,
    /// The value after, as text (`None`: removed).
    pub new: Option<String>,
    /// Who wrote the change.
    pub who: HistoryWho,
    /// The writing device's clock when the change was made (`None`:
    /// unknown, time 0).
    pub device_time: Option<Ts>,
    /// When the server received it (`None`: not yet known).
    pub received_at: Option<Ts>,
    /// How it reached the server (`None`: not yet known).
    pub via: Option<Via>,
    /// The writing device's clock minus the server's, in minutes, where
    /// known.
    pub skew_minutes: Option<i64>,
    /// The skew is larger than the margin.
    pub skewed: bool,
    /// Other changes (by `change`) that set the same field without seeing
    /// this one, nor this one them.
    #[ts(type = "Array<number>")]
    pub concurrent_with: Vec<u32>,
    /// For a concurrent change: whether its value is the one the document
    /// kept. `None` when not concurrent.
    pub kept: Option<bool>,
    /// The change was made after the customer signed (not part of what
    /// was signed).
    pub after_signing: bool,
}

/// Who wrote a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HistoryWho {
    /// The actor, hex.
    pub actor: String,
    /// The user's sign-in name; empty when unknown.
    pub user: String,
    /// The name to show (`张工`; "unknown" in the requested language when
    /// the server has not vouched for the actor).
    pub display_name: String,
    /// The server's number of the device.
    pub device_id: Option<i64>,
    /// The device's label; may be empty.
    pub device_label: String,
    /// What kind of writer (`None`: unknown).
    pub source: Option<ActorSource>,
}

/// What a change did to a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum HistoryOp {
    /// The document was created (one row, `field` empty).
    Created,
    /// The field was set (or its text edited).
    Set,
    /// The field was removed.
    Removed,
    /// An item was added to a list.
    Added,
    /// An item was taken out of a list.
    Deleted,
    /// A counter moved by `new` (signed).
    Counted,
}
