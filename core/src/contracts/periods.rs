//! The periods of a contract's preventive visits (pure): from `starts_on`,
//! every `visit_every_months` months counted from the start itself (not
//! chained), month ends clamped by chrono's month arithmetic (a contract
//! starting 31 January has periods starting 31 Jan, 30 Apr, 31 Jul… or,
//! monthly, 31 Jan, 28/29 Feb, 31 Mar); a period ends the day before the
//! next one starts, the last one on `ends_on`.

use chrono::{Months, NaiveDate};

use crate::model::Contract;

/// One visit period: the planned visit is due within it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
}

/// The periods of contract `c`; none with an interval of 0 (or outside
/// 1–1200 months) or when it ends before it starts.
pub fn periods(c: &Contract) -> Vec<Period> {
    spans(c.starts_on.0, c.ends_on.0, c.visit_every_months)
}

/// The periods from `start` to `end` every `every` months.
pub fn spans(start: NaiveDate, end: NaiveDate, every: i64) -> Vec<Period> {
    let Ok(every) = u32::try_from(every) else {
        return Vec::new();
    };
    if every == 0 || every > 1200 || end < start {
        return Vec::new();
    }
    let starts: Vec<NaiveDate> = (0u32..)
        .map_while(|k| k.checked_mul(every))
        .map_while(|m| start.checked_add_months(Months::new(m)))
        .take_while(|d| *d <= end)
        .collect();
    starts
        .iter()
        .enumerate()
        .map(|(i, &s)| Period {
            start: s,
            end: starts
                .get(i + 1)
                .and_then(|n| n.pred_opt())
                .unwrap_or(end)
                .min(end),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::day as d;

    fn starts(v: &[Period]) -> Vec<String> {
        v.iter().map(|p| p.start.to_string()).collect()
    }

    #[test]
    fn quarterly_periods_end_the_day_before_the_next_and_the_last_on_the_end() {
        let p = spans(d("2026-01-01"), d("2026-12-31"), 3);
        assert_eq!(
            starts(&p),
            ["2026-01-01", "2026-04-01", "2026-07-01", "2026-10-01"]
        );
        assert_eq!(p[0].end, d("2026-03-31"));
        assert_eq!(p[3].end, d("2026-12-31"));
    }

    #[test]
    fn a_contract_starting_on_the_31st_clamps_to_month_ends_without_drift() {
        let p = spans(d("2026-01-31"), d("2026-05-30"), 1);
        assert_eq!(
            starts(&p),
            ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"]
        );
        assert_eq!(p[0].end, d("2026-02-27"));
        assert_eq!(p[1].end, d("2026-03-30"));
        assert_eq!(p[3].end, d("2026-05-30"), "the contract's end");
        let q = spans(d("2026-01-31"), d("2027-01-31"), 3);
        assert_eq!(
            starts(&q),
            [
                "2026-01-31",
                "2026-04-30",
                "2026-07-31",
                "2026-10-31",
                "2027-01-31"
            ]
        );
        assert_eq!(q[4].end, d("2027-01-31"), "a one-day last period");
    }

    #[test]
    fn leap_years_give_the_29th_of_february() {
        let p = spans(d("2027-11-30"), d("2028-12-31"), 3);
        assert_eq!(starts(&p)[..2], ["2027-11-30", "2028-02-29"]);
        assert_eq!(p[0].end, d("2028-02-28"));
        let q = spans(d("2028-02-29"), d("2029-03-31"), 12);
        assert_eq!(starts(&q), ["2028-02-29", "2029-02-28"]);
    }

    #[test]
    fn an_ended_or_empty_contract_has_no_periods() {
        assert!(spans(d("2026-03-01"), d("2026-02-01"), 3).is_empty());
        assert!(spans(d("2026-01-01"), d("2026-12-31"), 0).is_empty());
        assert!(spans(d("2026-01-01"), d("2026-12-31"), -3).is_empty());
        let one = spans(d("2026-01-01"), d("2026-01-01"), 3);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].end, d("2026-01-01"));
        // A contract that ended long ago still has its periods (all past):
        // generation skips them, the periods themselves do not depend on today.
        assert_eq!(spans(d("2020-01-01"), d("2020-12-31"), 6).len(), 2);
    }
}
