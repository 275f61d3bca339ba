//! The office's yearly duties (domain.md, *Complaints, follow-ups and
//! surveys*): a satisfaction survey of every customer every 12 months, and
//! a visit to every key customer 关键用户 at least once every 12 months.
//!
//! Choices recorded here (and in docs/decisions.md):
//!
//! - **Due on the same local day 12 months later.** The next survey (or
//!   visit) is due on the day 12 months after the local day of the last one,
//!   in the company's time zone, counted as the warranty counts months (the
//!   Civil Code rule of [`super::warranty::period_last_day`]: a survey on
//!   2025-03-10 is due on 2026-03-10; one on 2024-02-29 on 2025-02-28). It
//!   is in time through the end of that day and overdue from the next one.
//! - **Never surveyed (or never visited) is due now.** A customer document
//!   has no registration date, and an office starting with Onsite has every
//!   customer to survey once: such a customer is listed first, as
//!   [`YearlyDue::Never`], rather than 12 months after some guessed date.
//! - **Listed ahead of time.** The office's lists show what is overdue, due
//!   today, or due within the next [`DUE_AHEAD_DAYS`] days, so calls can be
//!   planned before the day.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::localtime::local_date;
use super::warranty::period_last_day;

/// Months between two surveys of a customer, or two visits to a key customer.
pub const YEARLY_MONTHS: u32 = 12;

/// How many days ahead of its due day a survey or visit is listed.
pub const DUE_AHEAD_DAYS: i64 = 30;

/// Where a customer's yearly survey (or a key customer's visit) stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
#[ts(export)]
pub enum YearlyDue {
    /// Never surveyed (visited): due now.
    Never,
    /// The due day `due_on` was `days` local days ago (≥ 1).
    Overdue {
        /// The last day it was in time.
        #[ts(type = "string")]
        due_on: NaiveDate,
        /// Local days since then.
        days: i64,
    },
    /// Today is the due day.
    DueToday {
        /// Today.
        #[ts(type = "string")]
        due_on: NaiveDate,
    },
    /// Due in `days` local days (≥ 1), on `due_on`.
    DueIn {
        /// The due day.
        #[ts(type = "string")]
        due_on: NaiveDate,
        /// Local days until then.
        days: i64,
    },
}

impl YearlyDue {
    /// Whether the office's list shows it: never done, overdue, due today,
    /// or due within [`DUE_AHEAD_DAYS`].
    pub fn is_listed(self) -> bool {
        match self {
            YearlyDue::DueIn { days, .. } => days <= DUE_AHEAD_DAYS,
            _ => true,
        }
    }
}

/// The day the next survey (visit) is due after one at `last`: the local day
/// of `last` in `tz`, [`YEARLY_MONTHS`] later.
pub fn next_due_on(last: DateTime<Utc>, tz: Tz) -> NaiveDate {
    period_last_day(local_date(last, tz), YEARLY_MONTHS)
}

/// Where the yearly duty stands at `now` after the last one at `last`
/// (`None`: never done), in local days of `tz`.
pub fn yearly_due(last: Option<DateTime<Utc>>, tz: Tz, now: DateTime<Utc>) -> YearlyDue {
    let Some(last) = last else {
        return YearlyDue::Never;
    };
    let due_on = next_due_on(last, tz);
    let days = (due_on - local_date(now, tz)).num_days();
    match days {
        d if d > 0 => YearlyDue::DueIn { due_on, days: d },
        0 => YearlyDue::DueToday { due_on },
        d => YearlyDue::Overdue { due_on, days: -d },
    }
}

/// The last due day a list made at `now` shows: today plus
/// [`DUE_AHEAD_DAYS`], in `tz` (a stored due day on or before it is listed).
pub fn listed_until(now: DateTime<Utc>, tz: Tz) -> NaiveDate {
    local_date(now, tz) + chrono::Days::new(DUE_AHEAD_DAYS as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{Asia::Shanghai, Europe::London};

    fn cst(s: &str) -> DateTime<Utc> {
        format!("{s}+08:00").parse().unwrap()
    }
    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_next_survey_is_due_on_the_same_local_day_a_year_later() {
        assert_eq!(
            next_due_on(cst("2025-03-10T15:00:00"), Shanghai),
            d("2026-03-10")
        );
        // 2024-02-29 has no day a year later: the month's last day.
        assert_eq!(
            next_due_on(cst("2024-02-29T10:00:00"), Shanghai),
            d("2025-02-28")
        );
    }

    #[test]
    fn the_local_day_counts_not_the_utc_one() {
        // 00:30 on 1 April in Shanghai is still 31 March in UTC.
        let last = cst("2025-04-01T00:30:00");
        assert_eq!(last.date_naive(), d("2025-03-31"));
        assert_eq!(next_due_on(last, Shanghai), d("2026-04-01"));
        // The same instant in London's zone is 31 March there.
        assert_eq!(next_due_on(last, London), d("2026-03-31"));
    }

    #[test]
    fn due_in_days_then_today_then_overdue() {
        let last = Some(cst("2025-03-10T15:00:00"));
        let at = |now| yearly_due(last, Shanghai, cst(now));
        let due_on = d("2026-03-10");
        for (now, want) in [
            ("2026-02-08T09:00:00", YearlyDue::DueIn { due_on, days: 30 }),
            ("2026-03-09T23:59:59", YearlyDue::DueIn { due_on, days: 1 }),
            ("2026-03-10T00:00:00", YearlyDue::DueToday { due_on }),
            ("2026-03-10T23:59:59", YearlyDue::DueToday { due_on }),
            (
                "2026-03-11T00:00:00",
                YearlyDue::Overdue { due_on, days: 1 },
            ),
            (
                "2027-03-10T09:00:00",
                YearlyDue::Overdue { due_on, days: 365 },
            ),
        ] {
            assert_eq!(at(now), want, "at {now}");
        }
    }

    #[test]
    fn overdue_starts_at_local_midnight_in_the_company_zone() {
        // Survey at 09:00 Shanghai on 10 March 2025; due on 10 March 2026.
        let last = Some(cst("2025-03-10T09:00:00"));
        // 16:30 UTC on 10 March is 00:30 on 11 March in Shanghai: overdue
        // there, while the UTC day would still say "due today".
        let now: DateTime<Utc> = "2026-03-10T16:30:00Z".parse().unwrap();
        assert!(matches!(
            yearly_due(last, Shanghai, now),
            YearlyDue::Overdue { days: 1, .. }
        ));
    }

    #[test]
    fn never_surveyed_is_due_now_and_listed() {
        let now = cst("2026-03-10T09:00:00");
        assert_eq!(yearly_due(None, Shanghai, now), YearlyDue::Never);
        assert!(YearlyDue::Never.is_listed());
    }

    #[test]
    fn listed_from_30_days_ahead() {
        let last = Some(cst("2025-03-10T15:00:00"));
        let listed = |now| yearly_due(last, Shanghai, cst(now)).is_listed();
        assert!(!listed("2026-02-07T09:00:00"), "31 days ahead");
        assert!(listed("2026-02-08T09:00:00"), "30 days ahead");
        assert!(listed("2026-04-30T09:00:00"), "overdue");
        assert_eq!(
            listed_until(cst("2026-02-08T09:00:00"), Shanghai),
            d("2026-03-10")
        );
    }

    #[test]
    fn serialises_tagged_with_the_day() {
        let v = serde_json::to_value(YearlyDue::Overdue {
            due_on: d("2026-03-10"),
            days: 2,
        })
        .unwrap();
        assert_eq!(
            v,
            serde_json::json!({"state": "overdue", "due_on": "2026-03-10", "days": 2})
        );
        assert_eq!(
            serde_json::to_value(YearlyDue::Never).unwrap(),
            serde_json::json!({"state": "never"})
        );
    }
}
