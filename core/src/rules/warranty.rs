//! Warranty tiers: which terms a fault is served under, from the
//! installation-acceptance date 验收日期 to the date the fault was reported.
//!
//! Periods are counted as the Chinese Civil Code counts them (arts. 200–204):
//! the starting day is not counted, and a period of N months ends at the end
//! of the day with the same number N months later; where that day does not
//! exist (31st, 29 February) it ends on that month's last day. Every tier's
//! end is counted from the acceptance date itself, never chained from the
//! previous tier's end, so month-end clamping cannot drift.
//!
//! Reading of the seed: "质保期过后2年内" is months 13–36 (extended 1);
//! "质保期过后1年内", read literally, overlaps that tier, so it is read as
//! the year after it, months 37–48 (extended 2, 质保期后第3年). A fault
//! reported on or before the acceptance date counts as in warranty. The
//! warranty is not transferable: a fault reported by someone other than the
//! original end user is out of warranty.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::names::string_enum;

/// The terms a fault is served under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Tier {
    /// 质保期内: everything free.
    InWarranty,
    /// 质保期后2年内: labour free, parts at cost, travel and lodging free.
    Extended1,
    /// 质保期后第3年: labour free, parts at cost, travel and lodging charged.
    Extended2,
    /// 保外: everything charged at contract or standard rates.
    OutOfWarranty,
}

string_enum!(Tier, "warranty tier", {
    InWarranty => "in_warranty",
    Extended1 => "extended1",
    Extended2 => "extended2",
    OutOfWarranty => "out_of_warranty",
});

impl Tier {
    /// The tier's name as the users say it.
    pub fn label_zh(self) -> &'static str {
        match self {
            Tier::InWarranty => "质保期内",
            Tier::Extended1 => "质保期后2年内",
            Tier::Extended2 => "质保期后第3年",
            Tier::OutOfWarranty => "保外",
        }
    }
}

/// Where each tier ends, in months after acceptance — the one place the
/// tier periods are configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct TierBoundaries {
    /// In warranty through this many months (default 12).
    pub in_warranty_months: u32,
    /// Extended 1 through this many months (default 36).
    pub extended1_until_months: u32,
    /// Extended 2 through this many months (default 48); out of warranty after.
    pub extended2_until_months: u32,
}

impl Default for TierBoundaries {
    fn default() -> Self {
        Self {
            in_warranty_months: 12,
            extended1_until_months: 36,
            extended2_until_months: 48,
        }
    }
}

/// The last day of a period of `months` months starting on `start` (Civil
/// Code counting: the corresponding day, or the month's last day).
pub fn period_last_day(start: NaiveDate, months: u32) -> NaiveDate {
    start
        .checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// The tier of a fault reported on `reported_on` for equipment accepted on
/// `accepted_on`.
pub fn tier(
    accepted_on: NaiveDate,
    reported_on: NaiveDate,
    original_end_user: bool,
    b: &TierBoundaries,
) -> Tier {
    if !original_end_user {
        return Tier::OutOfWarranty;
    }
    let within = |months| reported_on <= period_last_day(accepted_on, months);
    if within(b.in_warranty_months) {
        Tier::InWarranty
    } else if within(b.extended1_until_months) {
        Tier::Extended1
    } else if within(b.extended2_until_months) {
        Tier::Extended2
    } else {
        Tier::OutOfWarranty
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::day as d;

    fn t(accepted: &str, reported: &str) -> Tier {
        tier(d(accepted), d(reported), true, &TierBoundaries::default())
    }

    #[test]
    fn names() {
        super::super::names::assert_names_agree(Tier::ALL);
        assert_eq!(Tier::Extended2.label_zh(), "质保期后第3年");
    }

    /// (accepted, reported, tier) — Civil Code periods: the starting day is
    /// not counted, a period ends at the end of the corresponding day, and
    /// a missing day is the month's last.
    const BOUNDARIES: &[(&str, &str, Tier)] = &[
        // The first year includes the corresponding day.
        ("2025-03-01", "2025-03-01", Tier::InWarranty),
        ("2025-03-01", "2026-03-01", Tier::InWarranty),
        ("2025-03-01", "2026-03-02", Tier::Extended1),
        // Leap-day acceptance ends on the last day of February …
        ("2024-02-29", "2025-02-28", Tier::InWarranty),
        ("2024-02-29", "2025-03-01", Tier::Extended1),
        // … and 48 months later is a leap year again: 2028-02-29 exists.
        ("2024-02-29", "2028-02-29", Tier::Extended2),
        ("2024-02-29", "2028-03-01", Tier::OutOfWarranty),
        // Month end is not chained: 31 Jan + 36 months = 31 Jan.
        ("2025-01-31", "2028-01-31", Tier::Extended1),
        ("2025-01-31", "2028-02-01", Tier::Extended2),
        // The boundaries at 36 and 48 months.
        ("2025-03-01", "2028-03-01", Tier::Extended1),
        ("2025-03-01", "2028-03-02", Tier::Extended2),
        ("2025-03-01", "2029-03-01", Tier::Extended2),
        ("2025-03-01", "2029-03-02", Tier::OutOfWarranty),
    ];

    #[test]
    fn tiers_end_on_the_civil_code_boundaries() {
        for &(accepted, reported, want) in BOUNDARIES {
            assert_eq!(t(accepted, reported), want, "{accepted} → {reported}");
        }
    }

    #[test]
    fn periods_end_on_the_corresponding_or_last_day_of_the_month() {
        assert_eq!(period_last_day(d("2024-02-29"), 12), d("2025-02-28"));
        assert_eq!(period_last_day(d("2025-08-31"), 6), d("2026-02-28"));
    }

    #[test]
    fn not_the_original_end_user_is_out_of_warranty() {
        let b = TierBoundaries::default();
        assert_eq!(
            tier(d("2025-03-01"), d("2025-03-02"), false, &b),
            Tier::OutOfWarranty
        );
    }

    #[test]
    fn reported_before_acceptance_is_in_warranty() {
        assert_eq!(t("2025-03-01", "2025-02-01"), Tier::InWarranty);
    }

    #[test]
    fn boundaries_are_configurable() {
        let b = TierBoundaries {
            in_warranty_months: 24,
            ..Default::default()
        };
        assert_eq!(
            tier(d("2025-03-01"), d("2027-03-01"), true, &b),
            Tier::InWarranty
        );
        assert_eq!(
            tier(d("2025-03-01"), d("2027-03-02"), true, &b),
            Tier::Extended1
        );
    }
}
