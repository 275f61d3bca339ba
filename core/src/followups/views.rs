//! What the office's follow-up screen sends and receives: the list filters,
//! the pages of follow-ups and of customers due, and the tables the screen
//! is built from ([`CareTables`], generated into the UI's bindings beside
//! the TypeScript types, never written by hand in the UI).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::model::{FollowUp, FollowUpChannel, FollowUpOrigin, FollowUpOutcome};
use super::ops::{REMARKS_MAX_CHARS, SATISFACTION};
use crate::model::{Day, DocId, Ts};
use crate::rules::yearly::{YearlyDue, DUE_AHEAD_DAYS, YEARLY_MONTHS};
use crate::store::Paging;

/// Which follow-ups to list, a page at a time.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct FollowUpFilter {
    /// `false`: the open ones, oldest first; `true`: the recorded ones,
    /// newest first.
    pub recorded: bool,
    /// One page of the list; unset: every match (the service's default
    /// page size first).
    #[serde(flatten)]
    #[ts(flatten)]
    pub page: Paging,
}

/// A follow-up in the list, with its age.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct FollowUpItem {
    /// The follow-up (without the site address, which the list does not keep).
    #[serde(flatten)]
    #[ts(flatten)]
    pub follow_up: FollowUp,
    /// Local days since the task arose (0 on its first day).
    pub age_days: i64,
    /// Display names of `created_by` and the recorder, from the staff
    /// directory (the login when unknown).
    pub people: std::collections::BTreeMap<String, String>,
}

/// One page of follow-ups and the number of all matches.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct FollowUpPage {
    /// The page, in the list's order.
    pub items: Vec<FollowUpItem>,
    /// Every follow-up the filter selects.
    pub total: u32,
}

/// A page of a due list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct DueFilter {
    /// One page of the list; unset: every match (the service's default
    /// page size first).
    #[serde(flatten)]
    #[ts(flatten)]
    pub page: Paging,
}

/// A customer whose yearly survey (or, key customers, visit) is due.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct DueItem {
    /// The customer document.
    pub customer_id: DocId,
    /// Organisation.
    pub org: String,
    /// A key customer 关键用户.
    pub key_customer: bool,
    /// The last survey (visit), if any.
    pub last_at: Option<Ts>,
    /// Where it stands today.
    pub due: YearlyDue,
    /// Visits: the day an open visit is planned for, if any.
    pub planned_on: Option<Day>,
}

/// One page of customers due and the number of all of them.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct DuePage {
    /// The page: never done first, then the earliest due day.
    pub items: Vec<DueItem>,
    /// Every customer due (overdue, today, or within the days listed ahead).
    pub total: u32,
}

/// The tables the follow-up screen is built from, in display order.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CareTables {
    /// Why a follow-up exists.
    pub origins: Vec<FollowUpOrigin>,
    /// How the office reaches the customer.
    pub channels: Vec<FollowUpChannel>,
    /// What a follow-up may find.
    pub outcomes: Vec<FollowUpOutcome>,
    /// The satisfaction scale, low to high.
    #[ts(type = "number[]")]
    pub satisfaction: Vec<i64>,
    /// The longest remarks, in characters.
    pub remarks_max_chars: usize,
    /// Months between two surveys, or two visits to a key customer.
    pub yearly_months: u32,
    /// Days ahead of its due day a survey or visit is listed.
    pub due_ahead_days: i64,
}

/// The tables of the follow-up screen, from core's own lists.
pub fn care_tables() -> CareTables {
    CareTables {
        origins: FollowUpOrigin::ALL.to_vec(),
        channels: FollowUpChannel::ALL.to_vec(),
        outcomes: FollowUpOutcome::ALL.to_vec(),
        satisfaction: SATISFACTION.collect(),
        remarks_max_chars: REMARKS_MAX_CHARS,
        yearly_months: YEARLY_MONTHS,
        due_ahead_days: DUE_AHEAD_DAYS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_list_every_value_in_order() {
        let v = serde_json::to_value(care_tables()).unwrap();
        assert_eq!(
            v["origins"],
            serde_json::json!(["closed_order", "planned_visit"])
        );
        assert_eq!(v["channels"], serde_json::json!(["phone", "on_site"]));
        assert_eq!(v["outcomes"], serde_json::json!(["fine", "needs_action"]));
        assert_eq!(v["satisfaction"], serde_json::json!([1, 2, 3, 4, 5]));
        assert_eq!(v["yearly_months"], 12);
    }

    /// Written by the `export_bindings` run beside the TypeScript types
    /// (`TS_RS_EXPORT_DIR`), so the screen and the browser tests' fake
    /// backend read the lists from core.
    #[test]
    fn export_bindings_care_tables_json() {
        let dir = std::env::var_os("TS_RS_EXPORT_DIR").unwrap_or_else(|| "bindings".into());
        let dir = std::path::Path::new(&dir);
        std::fs::create_dir_all(dir).unwrap();
        let json = serde_json::to_string_pretty(&care_tables()).unwrap();
        std::fs::write(dir.join("care-tables.json"), json + "\n").unwrap();
    }
}
