//! The dispatch view's reads of `wo_list`: each assignee's load and
//! nearest running deadline, the order that deadline belongs to, and
//! everyone orders are assigned to.

use rusqlite::types::Value;

use super::{opt_ts_at, wo_row, WO_COLUMNS};
use crate::model::Ts;
use crate::rules::Status;
use crate::store::device::Store;
use crate::store::error::Result;
use crate::store::WoRow;

/// One assignee's open orders (`Store::assignee_loads`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssigneeLoad {
    /// Login name.
    pub assignee: String,
    /// How many orders in the asked statuses.
    pub open: u32,
    /// The nearest running deadline over them.
    pub next_due: Option<Ts>,
}

fn in_list(statuses: &[Status]) -> (String, Vec<Value>) {
    let marks = vec!["?"; statuses.len()].join(", ");
    let args = statuses
        .iter()
        .map(|s| Value::Text(s.as_str().into()))
        .collect();
    (format!("status IN ({marks})"), args)
}

impl Store {
    /// For every assignee with orders in `statuses`: how many, and the
    /// nearest running deadline among them; by login name.
    pub fn assignee_loads(&self, statuses: &[Status]) -> Result<Vec<AssigneeLoad>> {
        if statuses.is_empty() {
            return Ok(Vec::new());
        }
        let (cond, args) = in_list(statuses);
        let sql = format!(
            "SELECT assignee, count(*), min(next_due) FROM wo_list
             WHERE assignee IS NOT NULL AND {cond} GROUP BY assignee ORDER BY assignee"
        );
        self.rows(&sql, args, |r| {
            Ok(AssigneeLoad {
                assignee: r.get(0)?,
                open: r.get(1)?,
                next_due: opt_ts_at(r, 2)?,
            })
        })
    }

    /// `assignee`'s order in `statuses` whose running deadline is nearest;
    /// `None` when no clock runs on any of them.
    pub fn most_urgent(&self, assignee: &str, statuses: &[Status]) -> Result<Option<WoRow>> {
        if statuses.is_empty() {
            return Ok(None);
        }
        let (cond, mut args) = in_list(statuses);
        args.insert(0, Value::Text(assignee.into()));
        let sql = format!(
            "SELECT {WO_COLUMNS} FROM wo_list WHERE assignee = ? AND {cond}
             AND next_due IS NOT NULL ORDER BY next_due, id LIMIT 1"
        );
        Ok(self.rows(&sql, args, wo_row)?.into_iter().next())
    }

    /// Everyone any order on this device is assigned to, by login name.
    pub fn assignees(&self) -> Result<Vec<String>> {
        self.rows(
            "SELECT DISTINCT assignee FROM wo_list WHERE assignee IS NOT NULL ORDER BY assignee",
            Vec::new(),
            |r| r.get(0),
        )
    }
}
