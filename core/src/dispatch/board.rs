//! The dispatch view's roster: unassigned orders come first, then one
//! group per engineer with their load and most urgent clock. [`roster`]
//! decides, purely, who has a group and in which order;
//! `service::dispatch` fills the groups with list rows.

use std::collections::BTreeMap;

use crate::model::Ts;
use crate::store::AssigneeLoad;

/// How many of an engineer's open orders the dispatch view lists (the
/// most pressing first); the rest are a search away.
pub const DISPATCH_ROWS: u32 = 10;

/// One roster line: who, whether assignable, their load and nearest due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterLine {
    /// Login name.
    pub user: String,
    /// The name shown.
    pub display: String,
    /// Whether new work can go to them.
    pub available: bool,
    /// Open orders.
    pub open: u32,
    /// Nearest running deadline.
    pub next_due: Option<Ts>,
}

/// The dispatch roster: the assignable engineers in the directory's order
/// (each with their load, zero when idle), then everyone else who still
/// has open orders (disabled or unknown to the directory; named as the
/// directory names them, else by login), by login name.
///
/// `assignable` is (login, name shown) of each engineer work can go to;
/// `names` the directory's names of everyone else.
pub fn roster(
    assignable: Vec<(String, String)>,
    loads: Vec<AssigneeLoad>,
    names: &BTreeMap<String, String>,
) -> Vec<RosterLine> {
    let load_of = |user: &str| loads.iter().find(|l| l.assignee == user);
    let mut lines: Vec<RosterLine> = assignable
        .into_iter()
        .map(|(user, display)| {
            let l = load_of(&user);
            RosterLine {
                open: l.map_or(0, |l| l.open),
                next_due: l.and_then(|l| l.next_due),
                user,
                display,
                available: true,
            }
        })
        .collect();
    let mut others: Vec<&AssigneeLoad> = loads
        .iter()
        .filter(|l| !lines.iter().any(|x| x.user == l.assignee))
        .collect();
    others.sort_by(|a, b| a.assignee.cmp(&b.assignee));
    lines.extend(others.into_iter().map(|l| {
        RosterLine {
            user: l.assignee.clone(),
            display: names
                .get(&l.assignee)
                .cloned()
                .unwrap_or_else(|| l.assignee.clone()),
            available: false,
            open: l.open,
            next_due: l.next_due,
        }
    }));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn eng(name: &str, display: &str) -> (String, String) {
        (name.into(), display.into())
    }

    fn load(who: &str, open: u32, hour: Option<u32>) -> AssigneeLoad {
        AssigneeLoad {
            assignee: who.into(),
            open,
            next_due: hour.map(|h| Ts(Utc.with_ymd_and_hms(2026, 12, 1, h, 0, 0).unwrap())),
        }
    }

    #[test]
    fn idle_engineers_show_with_no_load_and_a_disabled_one_with_orders_comes_last() {
        let names = [("zhaoyu".to_string(), "赵宇（已停用）".to_string())].into();
        let lines = roster(
            vec![eng("yangjinwei", "杨金伟"), eng("tangrong", "汤戎")],
            vec![load("zhaoyu", 2, Some(9)), load("yangjinwei", 3, Some(11))],
            &names,
        );
        let shown: Vec<_> = lines
            .iter()
            .map(|l| (l.display.as_str(), l.available, l.open))
            .collect();
        assert_eq!(
            shown,
            [
                ("杨金伟", true, 3),
                ("汤戎", true, 0),
                ("赵宇（已停用）", false, 2)
            ]
        );
        assert_eq!(
            lines[1].next_due, None,
            "no clock runs for an idle engineer"
        );
        assert!(lines[0].next_due.is_some());
    }
}
