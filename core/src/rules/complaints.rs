//! Complaint reporting: the monthly complaint report 用户投诉率, due by
//! 17:00 local time on the 5th of the following month, and the complaint
//! rate (complaints ÷ work orders closed in the month).

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;

use super::localtime::local_instant;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::instant as utc;
    use chrono_tz::Asia::Shanghai;

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
