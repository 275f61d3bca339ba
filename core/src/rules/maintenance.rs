//! Planned preventive maintenance under a maintenance contract 维护合约:
//! a visit every 3 months (inspection, adjustment, cleaning), which the
//! system turns into planned work orders.
//!
//! Choice recorded here: each period of `every_months` months of the
//! contract, starting with the first, gets one visit, dated the day the
//! period starts — `contract_start + k × every_months` for k = 0, 1, …,
//! on or before `contract_end`. Dates are counted from the contract start
//! itself (not chained), with the same month-end clamping as the warranty
//! (a contract starting 31 Jan has visits on 30 Apr, 31 Jul, 31 Oct).
//! The office moves the appointment itself as needed.

use chrono::NaiveDate;

use super::warranty::period_last_day;

/// The dates of the planned visits of a contract running from
/// `contract_start` to `contract_end` (both included). Empty when
/// `every_months` is 0 or the contract ends before it starts.
pub fn planned_visits(
    contract_start: NaiveDate,
    contract_end: NaiveDate,
    every_months: u32,
) -> Vec<NaiveDate> {
    if every_months == 0 {
        return Vec::new();
    }
    (0u32..)
        .map_while(|k| k.checked_mul(every_months))
        .map(|months| period_last_day(contract_start, months))
        .take_while(|&d| d <= contract_end && d < NaiveDate::MAX)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::day as d;

    fn ds(v: &[&str]) -> Vec<NaiveDate> {
        v.iter().map(|s| d(s)).collect()
    }

    #[test]
    fn one_year_contract_has_four_quarterly_visits() {
        assert_eq!(
            planned_visits(d("2026-01-01"), d("2026-12-31"), 3),
            ds(&["2026-01-01", "2026-04-01", "2026-07-01", "2026-10-01"])
        );
    }

    #[test]
    fn end_date_is_included() {
        assert_eq!(
            planned_visits(d("2026-01-15"), d("2026-07-15"), 3),
            ds(&["2026-01-15", "2026-04-15", "2026-07-15"])
        );
    }

    #[test]
    fn month_end_clamps_without_drift() {
        assert_eq!(
            planned_visits(d("2026-01-31"), d("2027-01-31"), 3),
            ds(&[
                "2026-01-31",
                "2026-04-30",
                "2026-07-31",
                "2026-10-31",
                "2027-01-31"
            ])
        );
        assert_eq!(
            planned_visits(d("2025-11-30"), d("2026-03-01"), 3),
            ds(&["2025-11-30", "2026-02-28"])
        );
    }

    #[test]
    fn degenerate_inputs() {
        assert!(planned_visits(d("2026-01-01"), d("2026-12-31"), 0).is_empty());
        assert!(planned_visits(d("2026-02-01"), d("2026-01-01"), 3).is_empty());
        assert_eq!(
            planned_visits(d("2026-01-01"), d("2026-01-01"), 3),
            ds(&["2026-01-01"])
        );
    }
}
