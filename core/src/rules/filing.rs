//! The 5-day filing rule 五日内交回存档: a signed service record must reach
//! the office by the end of the 5th calendar day after the sign-off date, in
//! the company's time zone. Filing time is the server's receipt time (or the
//! office's import), passed in by the caller.

use chrono::{DateTime, Days, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::localtime::{end_of_day, local_date};

/// Calendar days allowed after the sign-off date.
pub const FILING_DAYS: u64 = 5;

/// Where a signed record stands against its filing deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
#[ts(export)]
pub enum FilingDue {
    /// Received by the office at `at`.
    Filed {
        #[ts(type = "string")]
        at: DateTime<Utc>,
    },
    /// Not filed; the last day is `days` local calendar days away (≥ 1).
    DueInDays { days: i64 },
    /// Not filed; today is the last day.
    DueToday,
    /// Not filed; the last day was `days` local calendar days ago (≥ 1).
    Overdue { days: i64 },
}

/// The filing deadline: the next local midnight after the 5th calendar day
/// following the sign-off date (the record is in time up to and including
/// it, like every deadline: see `docs/decisions.md`, "Deadlines are
/// inclusive").
pub fn filing_deadline(signed_at: DateTime<Utc>, tz: Tz) -> DateTime<Utc> {
    end_of_day(local_date(signed_at, tz) + Days::new(FILING_DAYS), tz)
}

/// Where a record signed at `signed_at` stands at `now`, in local calendar
/// days. A record filed late still shows as `Filed` (compare `at` with
/// [`filing_deadline`] to report lateness).
pub fn filing_due(
    signed_at: DateTime<Utc>,
    filed_at: Option<DateTime<Utc>>,
    tz: Tz,
    now: DateTime<Utc>,
) -> FilingDue {
    if let Some(at) = filed_at {
        return FilingDue::Filed { at };
    }
    let last_day = local_date(signed_at, tz) + Days::new(FILING_DAYS);
    let days = (last_day - local_date(now, tz)).num_days();
    match days {
        d if d > 0 => FilingDue::DueInDays { days: d },
        0 => FilingDue::DueToday,
        d => FilingDue::Overdue { days: -d },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Asia::Shanghai;

    fn cst(s: &str) -> DateTime<Utc> {
        format!("{s}+08:00").parse().unwrap()
    }

    #[test]
    fn signed_late_evening_counts_from_the_local_day() {
        // 23:50 local on 10 Mar is 15:50 UTC on 10 Mar.
        let signed = cst("2026-03-10T23:50:00");
        assert_eq!(
            filing_deadline(signed, Shanghai),
            cst("2026-03-16T00:00:00")
        );
    }

    #[test]
    fn signed_just_after_midnight_counts_from_the_new_day() {
        // 00:10 local on 11 Mar is still 10 Mar in UTC.
        let signed = cst("2026-03-11T00:10:00");
        assert_eq!(signed.date_naive().to_string(), "2026-03-10");
        assert_eq!(
            filing_deadline(signed, Shanghai),
            cst("2026-03-17T00:00:00")
        );
    }

    #[test]
    fn due_in_days_today_and_overdue() {
        let signed = cst("2026-03-10T23:50:00");
        let at = |now| filing_due(signed, None, Shanghai, cst(now));
        assert_eq!(at("2026-03-10T23:55:00"), FilingDue::DueInDays { days: 5 });
        assert_eq!(at("2026-03-14T23:59:59"), FilingDue::DueInDays { days: 1 });
        assert_eq!(at("2026-03-15T00:00:00"), FilingDue::DueToday);
        assert_eq!(at("2026-03-15T23:59:59"), FilingDue::DueToday);
        assert_eq!(at("2026-03-16T00:00:00"), FilingDue::Overdue { days: 1 });
        assert_eq!(at("2026-03-18T09:00:00"), FilingDue::Overdue { days: 3 });
    }

    #[test]
    fn filed_wins_even_when_late() {
        let signed = cst("2026-03-10T12:00:00");
        let filed = cst("2026-03-20T12:00:00");
        assert_eq!(
            filing_due(signed, Some(filed), Shanghai, cst("2026-03-21T00:00:00")),
            FilingDue::Filed { at: filed }
        );
    }

    #[test]
    fn serialises_tagged() {
        assert_eq!(
            serde_json::to_value(FilingDue::DueInDays { days: 2 }).unwrap(),
            serde_json::json!({"state": "due_in_days", "days": 2})
        );
        assert_eq!(
            serde_json::to_value(FilingDue::DueToday).unwrap(),
            serde_json::json!({"state": "due_today"})
        );
    }
}
