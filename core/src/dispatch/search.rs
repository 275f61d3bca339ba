//! The order search: what the search screen sends ([`OrderSearch`]) and
//! the store filter it becomes ([`OrderSearch::filter`]). Call dates are
//! days in the company's time zone, both ends included.

use chrono::{Days, NaiveDate};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::{Day, Priority, Ts};
use crate::rules::localtime::start_of_day;
use crate::rules::Status;
use crate::store::{Paging, WoFilter};

/// A search over the work orders the user may see. Every field narrows the
/// result; the default finds every order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct OrderSearch {
    /// Words that must all appear (ignoring case) in the order's number,
    /// the customer's organisation, contact or phone, or the equipment's
    /// model or serial number.
    pub query: String,
    /// Only this engineer's orders (login name).
    pub assignee: Option<String>,
    /// Only orders no engineer is assigned to.
    pub unassigned: bool,
    /// Only these statuses (closed and cancelled included when asked).
    pub statuses: Option<Vec<Status>>,
    /// Only these priorities.
    pub priorities: Option<Vec<Priority>>,
    /// Calls on or after this day (company time zone).
    pub called_from: Option<Day>,
    /// Calls on or before this day (company time zone).
    pub called_to: Option<Day>,
    /// One page of the list; unset: every match (the service's default
    /// page size first).
    #[serde(flatten)]
    #[ts(flatten)]
    pub page: Paging,
}

/// A search that cannot run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SearchError {
    /// The call-date range ends before it starts.
    #[error("the call dates run backwards: from {from} to {to}")]
    Backwards {
        /// The first day asked for.
        from: NaiveDate,
        /// The last day asked for.
        to: NaiveDate,
    },
    /// Both "this engineer" and "nobody assigned" were asked for.
    #[error("an order cannot be both assigned to {0} and unassigned")]
    AssignedAndUnassigned(String),
}

impl OrderSearch {
    /// The store filter of this search, newest call first, with the call
    /// days read in `tz`: from the first instant of `called_from` to before
    /// the first instant of the day after `called_to`.
    pub fn filter(&self, tz: Tz) -> Result<WoFilter, SearchError> {
        if let (Some(from), Some(to)) = (self.called_from, self.called_to) {
            if to.0 < from.0 {
                return Err(SearchError::Backwards {
                    from: from.0,
                    to: to.0,
                });
            }
        }
        let assignee = self
            .assignee
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty());
        if let (Some(a), true) = (assignee, self.unassigned) {
            return Err(SearchError::AssignedAndUnassigned(a.to_owned()));
        }
        Ok(WoFilter {
            assignee: assignee.map(str::to_owned),
            unassigned: self.unassigned,
            statuses: self.statuses.clone(),
            priorities: self.priorities.clone(),
            query: self.query.clone(),
            reported_from: self.called_from.map(|d| Ts(start_of_day(d.0, tz))),
            reported_before: self
                .called_to
                .and_then(|d| d.0.checked_add_days(Days::new(1)))
                .map(|d| Ts(start_of_day(d, tz))),
            newest_first: true,
            page: self.page,
            ..Default::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    /// A search for the orders called from day `from` to day `to`.
    fn called(from: &str, to: &str) -> OrderSearch {
        OrderSearch {
            called_from: Some(Day(crate::testing::day(from))),
            called_to: Some(Day(crate::testing::day(to))),
            ..Default::default()
        }
    }

    #[test]
    fn call_days_are_whole_days_in_the_company_time_zone() {
        let search = called("2026-11-02", "2026-11-02");
        let f = search.filter(chrono_tz::Asia::Shanghai).unwrap();
        // 2 November in Shanghai is 1 November 16:00 UTC up to 2 November 16:00 UTC.
        let utc = |d, h| Ts(Utc.with_ymd_and_hms(2026, 11, d, h, 0, 0).unwrap());
        assert_eq!(f.reported_from, Some(utc(1, 16)));
        assert_eq!(f.reported_before, Some(utc(2, 16)));
        assert!(f.newest_first, "a search lists the newest call first");
    }

    #[test]
    fn a_backwards_range_or_an_assigned_unassigned_search_is_refused() {
        let backwards = called("2026-11-03", "2026-11-02");
        let e = backwards.filter(chrono_tz::Asia::Shanghai).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the call dates run backwards: from 2026-11-03 to 2026-11-02"
        );
        let both = OrderSearch {
            assignee: Some("yangjinwei".into()),
            unassigned: true,
            ..Default::default()
        };
        assert!(matches!(
            both.filter(chrono_tz::Asia::Shanghai),
            Err(SearchError::AssignedAndUnassigned(_))
        ));
        let blank = OrderSearch {
            assignee: Some("  ".into()),
            unassigned: true,
            ..Default::default()
        };
        let f = blank.filter(chrono_tz::Asia::Shanghai).unwrap();
        assert_eq!(f.assignee, None, "a blank engineer is no engineer");
    }
}
