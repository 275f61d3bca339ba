//! A report's period in the company's time zone: its first instant and
//! the first instant after it (local midnights), the `YYYY-MM` months it
//! touches (the by-month tables list every one of them, also months
//! without orders), the check of what the screen sent, and the period in
//! words in both languages.

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use chrono_tz::Tz;

use super::model::{Lang, PeriodSpec};
use crate::rules::complaints::{month_bounds, month_of};
use crate::rules::localtime::start_of_day;

/// The longest period a report covers, in days (ten years).
pub const MAX_DAYS: i64 = 3653;

/// Years a period may name.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=9999;

/// Why a period was refused (the facade's `invalid`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    /// A month outside 1–12.
    #[error("month {0} is not 1–12")]
    Month(u32),
    /// A quarter outside 1–4.
    #[error("quarter {0} is not 1–4")]
    Quarter(u32),
    /// A year outside [`YEARS`].
    #[error("year {0} is out of range (2000–9999)")]
    Year(i32),
    /// The first day is after the last.
    #[error("the period starts ({from}) after it ends ({to})")]
    Backwards {
        /// First day.
        from: NaiveDate,
        /// Last day.
        to: NaiveDate,
    },
    /// Longer than [`MAX_DAYS`].
    #[error("the period is {0} days long; at most ten years ({MAX_DAYS} days) are allowed")]
    TooLong(i64),
}

/// A checked period: its bounds in the company's time zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// What was asked.
    pub spec: PeriodSpec,
    /// First local day.
    pub first_day: NaiveDate,
    /// Last local day (included).
    pub last_day: NaiveDate,
    /// Local midnight of the first day.
    pub from: DateTime<Utc>,
    /// Local midnight after the last day (excluded).
    pub to: DateTime<Utc>,
    /// The company's time zone.
    pub tz: Tz,
}

fn first_of(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, 1).expect("the 1st exists")
}

fn last_of(year: i32, month: u32) -> NaiveDate {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    first_of(y, m) - Days::new(1)
}

fn year_ok(year: i32) -> Result<(), PeriodError> {
    if YEARS.contains(&year) {
        Ok(())
    } else {
        Err(PeriodError::Year(year))
    }
}

/// `YYYY-MM`.
pub fn month_key(year: i32, month: u32) -> String {
    format!("{year:04}-{month:02}")
}

/// The `YYYY-MM` an instant falls in, in `tz`.
pub fn month_key_of(at: DateTime<Utc>, tz: Tz) -> String {
    let (y, m) = month_of(at, tz);
    month_key(y, m)
}

impl Period {
    /// Checks `spec` and computes its bounds in `tz`.
    pub fn new(spec: &PeriodSpec, tz: Tz) -> Result<Period, PeriodError> {
        let (first_day, last_day) = match *spec {
            PeriodSpec::Month { year, month } => {
                year_ok(year)?;
                if !(1..=12).contains(&month) {
                    return Err(PeriodError::Month(month));
                }
                (first_of(year, month), last_of(year, month))
            }
            PeriodSpec::Quarter { year, quarter } => {
                year_ok(year)?;
                if !(1..=4).contains(&quarter) {
                    return Err(PeriodError::Quarter(quarter));
                }
                let m = (quarter - 1) * 3 + 1;
                (first_of(year, m), last_of(year, m + 2))
            }
            PeriodSpec::Year { year } => {
                year_ok(year)?;
                (first_of(year, 1), last_of(year, 12))
            }
            PeriodSpec::Dates { from, to } => {
                year_ok(from.0.year())?;
                year_ok(to.0.year())?;
                if from.0 > to.0 {
                    return Err(PeriodError::Backwards {
                        from: from.0,
                        to: to.0,
                    });
                }
                let days = (to.0 - from.0).num_days() + 1;
                if days > MAX_DAYS {
                    return Err(PeriodError::TooLong(days));
                }
                (from.0, to.0)
            }
        };
        Ok(Period {
            spec: spec.clone(),
            first_day,
            last_day,
            from: start_of_day(first_day, tz),
            to: start_of_day(last_day + Days::new(1), tz),
            tz,
        })
    }

    /// Whether `at` lies in the period.
    pub fn contains(&self, at: DateTime<Utc>) -> bool {
        self.from <= at && at < self.to
    }

    /// Every month the period touches, `YYYY-MM`, in order.
    pub fn months(&self) -> Vec<String> {
        let mut out = Vec::new();
        let (mut y, mut m) = (self.first_day.year(), self.first_day.month());
        let (ly, lm) = (self.last_day.year(), self.last_day.month());
        while (y, m) <= (ly, lm) {
            out.push(month_key(y, m));
            (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        }
        out
    }

    /// The bounds of month `key` (`YYYY-MM`) cut to the period.
    pub fn month_bounds(&self, key: &str) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        let (y, m) = key.split_once('-')?;
        let (y, m): (i32, u32) = (y.parse().ok()?, m.parse().ok()?);
        if !(1..=12).contains(&m) {
            return None;
        }
        let (a, b) = month_bounds(y, m, self.tz);
        Some((a.max(self.from), b.min(self.to)))
    }

    /// The period in words: `2026年3月` / `March 2026`, `2026年第1季度` /
    /// `Q1 2026`, `2026年` / `2026`, `2026-03-01 至 2026-03-15` /
    /// `2026-03-01 – 2026-03-15`.
    pub fn label(&self, lang: Lang) -> String {
        label(&self.spec, lang)
    }
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The period in words (see [`Period::label`]); does not check `spec`.
pub fn label(spec: &PeriodSpec, lang: Lang) -> String {
    match (spec, lang) {
        (PeriodSpec::Month { year, month }, Lang::Zh) => format!("{year}年{month}月"),
        (PeriodSpec::Month { year, month }, Lang::En) => {
            let name = MONTHS_EN
                .get((*month as usize).wrapping_sub(1))
                .copied()
                .unwrap_or("?");
            format!("{name} {year}")
        }
        (PeriodSpec::Quarter { year, quarter }, Lang::Zh) => format!("{year}年第{quarter}季度"),
        (PeriodSpec::Quarter { year, quarter }, Lang::En) => format!("Q{quarter} {year}"),
        (PeriodSpec::Year { year }, Lang::Zh) => format!("{year}年"),
        (PeriodSpec::Year { year }, Lang::En) => format!("{year}"),
        (PeriodSpec::Dates { from, to }, Lang::Zh) => format!("{from} 至 {to}"),
        (PeriodSpec::Dates { from, to }, Lang::En) => format!("{from} – {to}"),
    }
}

/// A short key of the period for file names: `2026-03`, `2026-Q1`,
/// `2026`, `2026-03-01_2026-03-15`.
pub fn file_key(spec: &PeriodSpec) -> String {
    match spec {
        PeriodSpec::Month { year, month } => month_key(*year, *month),
        PeriodSpec::Quarter { year, quarter } => format!("{year}-Q{quarter}"),
        PeriodSpec::Year { year } => format!("{year}"),
        PeriodSpec::Dates { from, to } => format!("{from}_{to}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Day;
    use crate::testing::{day, instant};
    use chrono_tz::Asia::Shanghai;

    #[test]
    fn a_month_is_local_midnight_to_local_midnight() {
        let p = Period::new(
            &PeriodSpec::Month {
                year: 2026,
                month: 3,
            },
            Shanghai,
        )
        .unwrap();
        assert_eq!(p.from, instant("2026-02-28T16:00:00Z"));
        assert_eq!(p.to, instant("2026-03-31T16:00:00Z"));
        assert_eq!(p.months(), vec!["2026-03"]);
        // 23:30 local on 31 March is 15:30 UTC: still March.
        assert!(p.contains(instant("2026-03-31T23:30:00+08:00")));
        // 00:30 local on 1 March is still February in UTC, but March here.
        assert!(p.contains(instant("2026-03-01T00:30:00+08:00")));
        assert!(!p.contains(instant("2026-02-28T23:59:59+08:00")));
        assert_eq!(p.label(Lang::Zh), "2026年3月");
        assert_eq!(p.label(Lang::En), "March 2026");
    }

    #[test]
    fn quarters_years_and_dates() {
        let q = Period::new(
            &PeriodSpec::Quarter {
                year: 2026,
                quarter: 4,
            },
            Shanghai,
        )
        .unwrap();
        assert_eq!(q.months(), vec!["2026-10", "2026-11", "2026-12"]);
        assert_eq!(q.to, instant("2027-01-01T00:00:00+08:00"));
        assert_eq!(q.label(Lang::Zh), "2026年第4季度");
        assert_eq!(q.label(Lang::En), "Q4 2026");
        let y = Period::new(&PeriodSpec::Year { year: 2026 }, Shanghai).unwrap();
        assert_eq!(y.months().len(), 12);
        assert_eq!(y.label(Lang::Zh), "2026年");
        let d = PeriodSpec::Dates {
            from: Day(day("2026-02-20")),
            to: Day(day("2026-03-15")),
        };
        let p = Period::new(&d, Shanghai).unwrap();
        assert_eq!(p.months(), vec!["2026-02", "2026-03"]);
        assert_eq!(p.to, instant("2026-03-16T00:00:00+08:00"));
        assert_eq!(
            p.month_bounds("2026-02"),
            Some((
                instant("2026-02-20T00:00:00+08:00"),
                instant("2026-03-01T00:00:00+08:00")
            ))
        );
        assert_eq!(p.label(Lang::Zh), "2026-02-20 至 2026-03-15");
        assert_eq!(p.label(Lang::En), "2026-02-20 – 2026-03-15");
        assert_eq!(file_key(&d), "2026-02-20_2026-03-15");
    }

    #[test]
    fn what_is_refused() {
        let bad = |s: PeriodSpec| Period::new(&s, Shanghai).unwrap_err();
        assert_eq!(
            bad(PeriodSpec::Month {
                year: 2026,
                month: 13
            }),
            PeriodError::Month(13)
        );
        assert_eq!(
            bad(PeriodSpec::Month {
                year: 2026,
                month: 0
            }),
            PeriodError::Month(0)
        );
        assert_eq!(
            bad(PeriodSpec::Quarter {
                year: 2026,
                quarter: 5
            }),
            PeriodError::Quarter(5)
        );
        assert_eq!(
            bad(PeriodSpec::Year { year: 1999 }),
            PeriodError::Year(1999)
        );
        let dates = |a: &str, b: &str| PeriodSpec::Dates {
            from: Day(day(a)),
            to: Day(day(b)),
        };
        assert!(matches!(
            bad(dates("2026-03-02", "2026-03-01")),
            PeriodError::Backwards { .. }
        ));
        assert!(matches!(
            bad(dates("2016-01-01", "2026-03-01")),
            PeriodError::TooLong(_)
        ));
        // One day is a period.
        assert!(Period::new(&dates("2026-03-01", "2026-03-01"), Shanghai).is_ok());
    }
}
