//! Complaint reporting: the monthly complaint report 用户投诉率, due by
//! 17:00 local time on the 5th of the following month, the complaint
//! rate (complaints ÷ work orders closed in the month), the month's
//! boundaries in the company's time zone, and whether a report is due,
//! overdue, or was submitted on time.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::localtime::{local_date, local_instant, start_of_day};

/// Local hour on the 5th by which the report is due.
pub const REPORT_HOUR: u32 = 17;
/// Day of the following month on which the report is due.
pub const REPORT_DAY: u32 = 5;

/// When the report for `month` (1–12) of `year` is due: 17:00 local on the
/// 5th of the following month.
///
/// # Panics
/// If `month` is not 1–12 (a caller bug, like `NaiveDate::from_ymd_opt`
/// returning `None`).
pub fn monthly_report_deadline(year: i32, month: u32, tz: Tz) -> DateTime<Utc> {
    assert!((1..=12).contains(&month), "month must be 1–12, got {month}");
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    let day = NaiveDate::from_ymd_opt(y, m, REPORT_DAY).expect("the 5th exists in every month");
    let time = NaiveTime::from_hms_opt(REPORT_HOUR, 0, 0).expect("valid time");
    local_instant(day, time, tz)
}

/// Complaints per closed work order, as a fraction (0.05 = 5%); `None` when
/// no work order was closed (the rate is undefined, not zero).
pub fn complaint_rate(complaints: u32, closed_orders: u32) -> Option<f64> {
    (closed_orders > 0).then(|| f64::from(complaints) / f64::from(closed_orders))
}

/// The month after `month` (1–12) of `year`.
fn following(year: i32, month: u32) -> (i32, u32) {
    if month >= 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    }
}

/// The month's boundaries in `tz`: from local midnight of the 1st
/// (included) to local midnight of the next month's 1st (excluded). A
/// complaint at 23:30 local on the last day belongs to the month.
///
/// # Panics
/// If `month` is not 1–12.
pub fn month_bounds(year: i32, month: u32, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    assert!((1..=12).contains(&month), "month must be 1–12, got {month}");
    let first = |y, m| NaiveDate::from_ymd_opt(y, m, 1).expect("the 1st exists");
    let (ny, nm) = following(year, month);
    (
        start_of_day(first(year, month), tz),
        start_of_day(first(ny, nm), tz),
    )
}

/// The (year, month) an instant falls in, in `tz`.
pub fn month_of(at: DateTime<Utc>, tz: Tz) -> (i32, u32) {
    let d = local_date(at, tz);
    (d.year(), d.month())
}

/// The month before the one `now` falls in, in `tz`: the month whose
/// report is due next.
pub fn previous_month(now: DateTime<Utc>, tz: Tz) -> (i32, u32) {
    let (y, m) = month_of(now, tz);
    if m == 1 {
        (y - 1, 12)
    } else {
        (y, m - 1)
    }
}

/// Where a month's complaint report stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ReportState {
    /// The month is not over yet: nothing to submit.
    PeriodOpen,
    /// The month is over, the report not submitted, the deadline ahead.
    Due,
    /// Not submitted, and the deadline has passed.
    Overdue,
    /// Submitted at or before the deadline.
    OnTime,
    /// Submitted after the deadline.
    Late,
}

/// The state of the report of `month` of `year` at `now`, submitted at
/// `submitted` if it was. Submitted exactly at 17:00 on the 5th is on
/// time; a second later is late.
pub fn report_state(
    year: i32,
    month: u32,
    tz: Tz,
    submitted: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> ReportState {
    let deadline = monthly_report_deadline(year, month, tz);
    match submitted {
        Some(at) if at <= deadline => ReportState::OnTime,
        Some(_) => ReportState::Late,
        None if now < month_bounds(year, month, tz).1 => ReportState::PeriodOpen,
        None if now <= deadline => ReportState::Due,
        None => ReportState::Overdue,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::instant as utc;
    use chrono_tz::Asia::Shanghai;
    use chrono_tz::Europe::London;

    #[test]
    fn a_month_runs_from_local_midnight_to_local_midnight() {
        let (start, end) = month_bounds(2026, 3, Shanghai);
        assert_eq!(start, utc("2026-02-28T16:00:00Z"));
        assert_eq!(end, utc("2026-03-31T16:00:00Z"));
        // 23:30 local on 31 March is 15:30 UTC: March, not April.
        let late = utc("2026-03-31T15:30:00Z");
        assert!(start <= late && late < end);
        assert_eq!(month_of(late, Shanghai), (2026, 3));
        // 00:30 local on 1 April is still 31 March in UTC, but April here.
        assert_eq!(month_of(utc("2026-03-31T16:30:00Z"), Shanghai), (2026, 4));
        let (dec, jan) = month_bounds(2026, 12, Shanghai);
        assert_eq!(
            (dec, jan),
            (utc("2026-11-30T16:00:00Z"), utc("2026-12-31T16:00:00Z"))
        );
    }

    #[test]
    fn month_bounds_follow_the_zone_and_its_summer_time() {
        // London: March starts in GMT, April in BST (UTC+1).
        assert_eq!(
            month_bounds(2026, 3, London),
            (utc("2026-03-01T00:00:00Z"), utc("2026-03-31T23:00:00Z"))
        );
    }

    #[test]
    fn the_previous_month_crosses_the_year() {
        assert_eq!(
            previous_month(utc("2026-01-01T00:30:00+08:00"), Shanghai),
            (2025, 12)
        );
        assert_eq!(
            previous_month(utc("2026-04-05T10:00:00+08:00"), Shanghai),
            (2026, 3)
        );
        // 31 Jan 20:00 UTC is already 1 Feb in Shanghai.
        assert_eq!(
            previous_month(utc("2026-01-31T20:00:00Z"), Shanghai),
            (2026, 1)
        );
    }

    #[test]
    fn a_report_is_open_then_due_then_overdue_unless_submitted() {
        let state = |submitted: Option<&str>, now: &str| {
            report_state(2026, 3, Shanghai, submitted.map(utc), utc(now))
        };
        assert_eq!(
            state(None, "2026-03-31T23:59:00+08:00"),
            ReportState::PeriodOpen
        );
        assert_eq!(state(None, "2026-04-01T00:00:00+08:00"), ReportState::Due);
        assert_eq!(state(None, "2026-04-05T17:00:00+08:00"), ReportState::Due);
        assert_eq!(
            state(None, "2026-04-05T17:00:01+08:00"),
            ReportState::Overdue
        );
        let on_time = Some("2026-04-05T17:00:00+08:00");
        assert_eq!(
            state(on_time, "2026-05-01T00:00:00+08:00"),
            ReportState::OnTime
        );
        let late = Some("2026-04-05T17:00:01+08:00");
        assert_eq!(state(late, "2026-04-05T17:00:02+08:00"), ReportState::Late);
    }

    #[test]
    fn deadline_is_17_00_local_on_the_5th_of_next_month() {
        assert_eq!(
            monthly_report_deadline(2026, 3, Shanghai),
            utc("2026-04-05T09:00:00Z")
        );
    }

    #[test]
    fn december_report_is_due_in_january() {
        assert_eq!(
            monthly_report_deadline(2026, 12, Shanghai),
            utc("2027-01-05T09:00:00Z")
        );
    }

    #[test]
    #[should_panic(expected = "month must be 1–12")]
    fn month_13_is_a_bug() {
        monthly_report_deadline(2026, 13, Shanghai);
    }

    #[test]
    fn rate() {
        assert_eq!(complaint_rate(0, 0), None);
        assert_eq!(complaint_rate(3, 0), None);
        assert_eq!(complaint_rate(0, 40), Some(0.0));
        assert_eq!(complaint_rate(2, 40), Some(0.05));
        assert_eq!(complaint_rate(5, 4), Some(1.25));
    }
}
