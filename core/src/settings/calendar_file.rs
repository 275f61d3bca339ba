//! A calendar file: the State Council's holiday and make-up-day schedule
//! (or a company's own) as a fact table of days, read and checked whole
//! before anything changes. `core/calendars/china-2025-2026.json` is the
//! one the app ships; its shape:
//!
//! ```json
//! {
//!   "title": "…", "source": "国务院办公厅关于2026年部分节假日安排的通知 …",
//!   "weekend": ["sat", "sun"],
//!   "holidays": [{"date": "2026-10-01", "name": "国庆节"}, "2026-10-02"],
//!   "makeup_workdays": [{"date": "2026-10-10", "name": "国庆节调休上班"}]
//! }
//! ```
//!
//! `weekend` is optional (the company's weekend is kept when absent); a
//! day is an object with `date` and an optional `name`, or a bare date.
//! A bad file is refused with a [`CalendarProblem`] naming the entry.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::model::{CalendarDay, DayKind};
use crate::rules::calendar::parse_weekdays;

/// The official calendar shipped with the app: 2025 and 2026.
pub const OFFICIAL_CALENDAR: &str = include_str!("../../calendars/china-2025-2026.json");

/// At most this many bytes of calendar file are read.
pub const MAX_FILE_BYTES: usize = 256 * 1024;

/// Why a calendar file was refused; the entry is named so the office can
/// find it in the file. The UI words each kind in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum CalendarProblem {
    /// The file is not JSON of the calendar's shape (`detail`: the
    /// parser's line and column).
    #[error("the calendar file is not valid JSON of the calendar's shape: {detail}")]
    NotJson {
        /// What the parser said.
        detail: String,
    },
    /// The file is larger than [`MAX_FILE_BYTES`].
    #[error("the calendar file is larger than {max} bytes")]
    TooLarge {
        /// The limit.
        max: usize,
    },
    /// An entry of `holidays` or `makeup_workdays` is not a YYYY-MM-DD date.
    #[error("{list} entry {index} ({entry:?}) is not a date (use YYYY-MM-DD)")]
    BadDate {
        /// `holidays` or `makeup_workdays`.
        list: String,
        /// 1-based position in the list.
        index: usize,
        /// The text found.
        entry: String,
    },
    /// An entry of `weekend` is not a weekday name.
    #[error("weekend entry {entry:?} is not a weekday (use mon, tue, … sun)")]
    BadWeekday {
        /// The text found.
        entry: String,
    },
    /// A day is listed both as a holiday and as a make-up working day.
    #[error("{date} is listed both as a holiday and as a make-up working day")]
    Conflict {
        /// The day listed twice.
        date: String,
    },
    /// The weekend names all seven days.
    #[error("the weekend cannot cover the whole week")]
    WholeWeek,
    /// The file lists no day at all.
    #[error("the calendar file lists no holiday and no make-up working day")]
    NoDays,
}

/// A calendar file that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarFile {
    /// Where the schedule comes from (`source`, may be empty).
    pub source: String,
    /// The file's weekend, when it gives one.
    pub weekend: Option<Vec<Weekday>>,
    /// Every day the file lists.
    pub days: BTreeMap<NaiveDate, CalendarDay>,
}

impl CalendarFile {
    /// The years the file's days fall in (what an import replaces).
    pub fn years(&self) -> BTreeSet<i32> {
        self.days.keys().map(|d| d.year()).collect()
    }
}

#[derive(Deserialize)]
struct RawFile {
    #[serde(default)]
    source: String,
    #[serde(default)]
    weekend: Option<Vec<String>>,
    #[serde(default)]
    holidays: Vec<RawDay>,
    #[serde(default)]
    makeup_workdays: Vec<RawDay>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawDay {
    Bare(String),
    Named {
        date: String,
        #[serde(default)]
        name: String,
    },
}

/// Reads and checks a calendar file; nothing is returned unless every
/// entry is good.
pub fn parse(text: &str) -> Result<CalendarFile, CalendarProblem> {
    if text.len() > MAX_FILE_BYTES {
        return Err(CalendarProblem::TooLarge {
            max: MAX_FILE_BYTES,
        });
    }
    let raw: RawFile = serde_json::from_str(text).map_err(|e| CalendarProblem::NotJson {
        detail: e.to_string(),
    })?;
    let weekend = raw.weekend.as_deref().map(parse_weekend).transpose()?;
    let mut days = BTreeMap::new();
    read_days(&raw.holidays, "holidays", DayKind::Holiday, &mut days)?;
    read_days(
        &raw.makeup_workdays,
        "makeup_workdays",
        DayKind::Workday,
        &mut days,
    )?;
    if days.is_empty() {
        return Err(CalendarProblem::NoDays);
    }
    Ok(CalendarFile {
        source: raw.source.trim().to_string(),
        weekend,
        days,
    })
}

/// Weekday names (`sat`, `Saturday`, any case); all seven is refused.
pub fn parse_weekend(names: &[String]) -> Result<Vec<Weekday>, CalendarProblem> {
    let mut out = parse_weekdays(names).map_err(|entry| CalendarProblem::BadWeekday { entry })?;
    if out.len() == 7 {
        return Err(CalendarProblem::WholeWeek);
    }
    out.sort_by_key(|w| w.num_days_from_monday());
    Ok(out)
}

fn read_days(
    raw: &[RawDay],
    list: &str,
    kind: DayKind,
    days: &mut BTreeMap<NaiveDate, CalendarDay>,
) -> Result<(), CalendarProblem> {
    for (i, r) in raw.iter().enumerate() {
        let (text, name) = match r {
            RawDay::Bare(d) => (d, ""),
            RawDay::Named { date, name } => (date, name.as_str()),
        };
        let date = parse_date(text).ok_or_else(|| CalendarProblem::BadDate {
            list: list.to_string(),
            index: i + 1,
            entry: text.clone(),
        })?;
        if days
            .get(&date)
            .is_some_and(|d: &CalendarDay| d.kind != kind)
        {
            return Err(CalendarProblem::Conflict {
                date: date.to_string(),
            });
        }
        days.insert(
            date,
            CalendarDay {
                kind,
                name: name.trim().to_string(),
            },
        );
    }
    Ok(())
}

/// A strict `YYYY-MM-DD` date: four digits of year (no sign: chrono's
/// `%Y` would read `-026-09-27` as the year −26, which the settings then
/// refuse), two of month, two of day.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim().as_bytes();
    let shape = t.len() == 10
        && t.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shape {
        return None;
    }
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

/// Weekday as the stored three-letter name (`sat`).
pub fn weekday_name(w: Weekday) -> String {
    w.to_string().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::day as d;

    #[test]
    fn the_official_file_reads_with_the_state_councils_dates() {
        let f = parse(OFFICIAL_CALENDAR).unwrap();
        assert!(f.source.contains("国办发明电〔2024〕12号"), "{}", f.source);
        assert!(f.source.contains("2026年部分节假日安排"));
        assert_eq!(f.years(), BTreeSet::from([2025, 2026]));
        let kind = |s: &str| f.days.get(&d(s)).map(|c| c.kind);
        // 2025: Spring Festival 28 Jan – 4 Feb, worked Sun 26 Jan and Sat 8 Feb.
        assert_eq!(kind("2025-01-28"), Some(DayKind::Holiday));
        assert_eq!(kind("2025-02-04"), Some(DayKind::Holiday));
        assert_eq!(kind("2025-01-26"), Some(DayKind::Workday));
        assert_eq!(kind("2025-02-08"), Some(DayKind::Workday));
        // 2025: National Day and Mid-Autumn 1–8 Oct, worked 28 Sep and 11 Oct.
        assert_eq!(kind("2025-10-08"), Some(DayKind::Holiday));
        assert_eq!(kind("2025-10-11"), Some(DayKind::Workday));
        // 2026: Spring Festival 15–23 Feb, worked Sat 14 Feb and Sat 28 Feb.
        assert_eq!(kind("2026-02-15"), Some(DayKind::Holiday));
        assert_eq!(kind("2026-02-23"), Some(DayKind::Holiday));
        assert_eq!(kind("2026-02-24"), None);
        assert_eq!(kind("2026-02-14"), Some(DayKind::Workday));
        assert_eq!(kind("2026-02-28"), Some(DayKind::Workday));
        // 2026: National Day 1–7 Oct, worked Sun 20 Sep and Sat 10 Oct.
        assert_eq!(kind("2026-10-07"), Some(DayKind::Holiday));
        assert_eq!(kind("2026-09-20"), Some(DayKind::Workday));
        assert_eq!(kind("2026-10-10"), Some(DayKind::Workday));
        let holidays = |y| {
            f.days
                .iter()
                .filter(|(k, v)| k.year() == y && v.kind == DayKind::Holiday)
                .count()
        };
        // 1 + 8 + 3 + 5 + 3 + 8 days off in 2025; 3 + 9 + 3 + 5 + 3 + 3 + 7 in 2026.
        assert_eq!((holidays(2025), holidays(2026)), (28, 33));
        for (day, c) in &f.days {
            if c.kind == DayKind::Workday {
                assert!(
                    day.weekday().num_days_from_monday() >= 5,
                    "{day} is a weekend day"
                );
            }
        }
    }

    #[test]
    fn a_signed_year_is_not_a_date() {
        // Regression (make fuzz, target config): "-026-09-27" read as the
        // year −26, was accepted, and left settings that do not validate.
        for bad in [
            "-026-09-27",
            "+026-09-27",
            "2026-9-027",
            "2026/09/27",
            "２０２６-09-27",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        assert_eq!(
            parse_date(" 2026-09-27 "),
            NaiveDate::from_ymd_opt(2026, 9, 27)
        );
        let e = parse(r#"{"makeup_workdays":["-026-09-27"]}"#).unwrap_err();
        assert!(matches!(e, CalendarProblem::BadDate { .. }), "{e:?}");
    }

    #[test]
    fn bare_dates_and_names_both_read() {
        let f =
            parse(r#"{"holidays":["2027-01-01",{"date":"2027-01-02","name":"元旦"}]}"#).unwrap();
        assert_eq!(f.days.len(), 2);
        assert_eq!(f.days[&d("2027-01-02")].name, "元旦");
        assert_eq!(f.weekend, None);
    }

    #[test]
    fn a_bad_file_is_refused_naming_the_entry() {
        let e = parse("holidays: 2027-01-01").unwrap_err();
        assert!(matches!(e, CalendarProblem::NotJson { .. }), "{e:?}");
        let e = parse(r#"{"holidays":["2027-01-01","2027-02-30"]}"#).unwrap_err();
        assert_eq!(
            e,
            CalendarProblem::BadDate {
                list: "holidays".into(),
                index: 2,
                entry: "2027-02-30".into()
            }
        );
        assert!(e.to_string().contains("holidays entry 2 (\"2027-02-30\")"));
        let e = parse(r#"{"makeup_workdays":[{"date":"2027-1-5"}]}"#).unwrap_err();
        assert!(matches!(e, CalendarProblem::BadDate { index: 1, .. }));
        let e =
            parse(r#"{"holidays":["2027-10-09"],"makeup_workdays":["2027-10-09"]}"#).unwrap_err();
        assert_eq!(
            e,
            CalendarProblem::Conflict {
                date: "2027-10-09".into()
            }
        );
        let week =
            r#"{"weekend":["mon","tue","wed","thu","fri","sat","sun"],"holidays":["2027-01-01"]}"#;
        assert_eq!(parse(week).unwrap_err(), CalendarProblem::WholeWeek);
        let e = parse(r#"{"weekend":["sat","caturday"],"holidays":["2027-01-01"]}"#).unwrap_err();
        assert_eq!(
            e,
            CalendarProblem::BadWeekday {
                entry: "caturday".into()
            }
        );
        assert_eq!(parse("{}").unwrap_err(), CalendarProblem::NoDays);
        let big = format!("{{\"source\":\"{}\"}}", "x".repeat(MAX_FILE_BYTES));
        assert!(matches!(parse(&big), Err(CalendarProblem::TooLarge { .. })));
    }
}
