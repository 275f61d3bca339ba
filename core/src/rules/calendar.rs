//! The working-day calendar behind the "fixed within 2 working days" clock:
//! the weekly rest days, public holidays, and make-up working days 调休
//! (weekend days declared working days). It decides deadlines only; the team
//! serves on holidays too (节假日照常服务).
//!
//! Precedence: a holiday is never a working day; otherwise a make-up working
//! day always is; otherwise every day not in `weekend` is. A calendar whose
//! weekend names all seven days would have no working days at all: its
//! weekend is then ignored (every non-holiday counts), so deadlines stay
//! finite; `from_json` refuses such a calendar outright.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// Which days are working days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "CalendarJson", into = "CalendarJson")]
pub struct WorkCalendar {
    /// The weekly rest days (default Saturday and Sunday).
    pub weekend: Vec<Weekday>,
    /// Public holidays (not working days, whatever the weekday).
    pub holidays: BTreeSet<NaiveDate>,
    /// Make-up working days 调休: rest days declared working days.
    pub makeup_workdays: BTreeSet<NaiveDate>,
}

impl Default for WorkCalendar {
    fn default() -> Self {
        Self {
            weekend: vec![Weekday::Sat, Weekday::Sun],
            holidays: BTreeSet::new(),
            makeup_workdays: BTreeSet::new(),
        }
    }
}

/// A calendar file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The text is not JSON of the expected shape.
    #[error("calendar is not valid JSON: {0}")]
    Json(String),
    /// An entry of `weekend` is not a weekday name.
    #[error("weekend entry {entry:?} is not a weekday (use mon, tue, ... sun)")]
    BadWeekday {
        /// The offending entry.
        entry: String,
    },
    /// An entry of `holidays` or `makeup_workdays` is not a YYYY-MM-DD date.
    #[error("{list} entry {entry:?} is not a date (use YYYY-MM-DD)")]
    BadDate {
        /// `holidays` or `makeup_workdays`.
        list: &'static str,
        /// The offending entry.
        entry: String,
    },
    /// A date is listed both as a holiday and as a make-up working day.
    #[error("{date} is listed both as a holiday and as a make-up working day")]
    Conflict {
        /// The date listed twice.
        date: NaiveDate,
    },
    /// The weekend names all seven days.
    #[error("the weekend cannot cover the whole week")]
    NoWorkingDays,
}

impl WorkCalendar {
    /// Read a calendar such as
    /// `{"weekend":["sat","sun"],"holidays":["2026-10-01"],"makeup_workdays":["2026-09-20"]}`.
    /// Missing lists take their defaults; weekday names are case-insensitive
    /// and may be full names.
    pub fn from_json(text: &str) -> Result<Self, CalendarError> {
        let raw: CalendarJson =
            serde_json::from_str(text).map_err(|e| CalendarError::Json(e.to_string()))?;
        raw.try_into()
    }

    /// Whether `day` is a working day.
    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        if self.holidays.contains(&day) {
            return false;
        }
        if self.makeup_workdays.contains(&day) {
            return true;
        }
        !self.is_rest_weekday(day.weekday())
    }

    /// The `n`th working day after `day`, `day` itself not counted
    /// (`n == 0` gives `day`).
    pub fn nth_working_day_after(&self, day: NaiveDate, n: u32) -> NaiveDate {
        let mut d = day;
        let mut found = 0;
        while found < n {
            d = d + Days::new(1);
            if self.is_working_day(d) {
                found += 1;
            }
        }
        d
    }

    fn is_rest_weekday(&self, w: Weekday) -> bool {
        let whole_week = ALL_WEEKDAYS.iter().all(|d| self.weekend.contains(d));
        !whole_week && self.weekend.contains(&w)
    }
}

const ALL_WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// The stored form: weekday names as lowercase three-letter names, dates as
/// `YYYY-MM-DD` strings.
#[derive(Serialize, Deserialize)]
struct CalendarJson {
    #[serde(default = "default_weekend")]
    weekend: Vec<String>,
    #[serde(default)]
    holidays: Vec<String>,
    #[serde(default)]
    makeup_workdays: Vec<String>,
}

fn default_weekend() -> Vec<String> {
    vec!["sat".into(), "sun".into()]
}

fn weekday_name(w: Weekday) -> String {
    w.to_string().to_lowercase()
}

/// Weekday names (`sat`, `Saturday`, any case, trimmed), each once, in the
/// order first given; `Err` is the first entry that names no weekday.
pub fn parse_weekdays(names: &[String]) -> Result<Vec<Weekday>, String> {
    let mut out: Vec<Weekday> = Vec::new();
    for e in names {
        let w: Weekday = e.trim().parse().map_err(|_| e.clone())?;
        if !out.contains(&w) {
            out.push(w);
        }
    }
    Ok(out)
}

fn parse_dates(list: &'static str, raw: &[String]) -> Result<BTreeSet<NaiveDate>, CalendarError> {
    raw.iter()
        .map(|e| {
            NaiveDate::parse_from_str(e.trim(), "%Y-%m-%d").map_err(|_| CalendarError::BadDate {
                list,
                entry: e.clone(),
            })
        })
        .collect()
}

impl TryFrom<CalendarJson> for WorkCalendar {
    type Error = CalendarError;

    fn try_from(raw: CalendarJson) -> Result<Self, CalendarError> {
        let weekend =
            parse_weekdays(&raw.weekend).map_err(|entry| CalendarError::BadWeekday { entry })?;
        if weekend.len() == 7 {
            return Err(CalendarError::NoWorkingDays);
        }
        let holidays = parse_dates("holidays", &raw.holidays)?;
        let makeup_workdays = parse_dates("makeup_workdays", &raw.makeup_workdays)?;
        if let Some(&date) = holidays.intersection(&makeup_workdays).next() {
            return Err(CalendarError::Conflict { date });
        }
        Ok(Self {
            weekend,
            holidays,
            makeup_workdays,
        })
    }
}

impl From<WorkCalendar> for CalendarJson {
    fn from(c: WorkCalendar) -> Self {
        let dates = |s: &BTreeSet<NaiveDate>| s.iter().map(|d| d.to_string()).collect();
        Self {
            weekend: c.weekend.iter().map(|&w| weekday_name(w)).collect(),
            holidays: dates(&c.holidays),
            makeup_workdays: dates(&c.makeup_workdays),
        }
    }
}

/// China's 2026 National Day holiday (国务院办公厅 2026 年部分节假日安排):
/// Thursday 1 – Wednesday 7 October off, Sunday 20 September and Saturday
/// 10 October worked. Used by the tests of this and other rule modules.
#[cfg(test)]
pub(crate) fn china_2026_national_day() -> WorkCalendar {
    WorkCalendar::from_json(
        r#"{
            "weekend": ["sat", "sun"],
            "holidays": ["2026-10-01","2026-10-02","2026-10-03","2026-10-04",
                         "2026-10-05","2026-10-06","2026-10-07"],
            "makeup_workdays": ["2026-09-20", "2026-10-10"]
        }"#,
    )
    .unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::day as d;

    #[test]
    fn default_is_monday_to_friday() {
        let c = WorkCalendar::default();
        assert!(c.is_working_day(d("2026-03-06"))); // Friday
        assert!(!c.is_working_day(d("2026-03-07"))); // Saturday
        assert!(!c.is_working_day(d("2026-03-08"))); // Sunday
        assert!(c.is_working_day(d("2026-03-09"))); // Monday
    }

    #[test]
    fn day_itself_is_not_counted() {
        let c = WorkCalendar::default();
        assert_eq!(c.nth_working_day_after(d("2026-03-04"), 0), d("2026-03-04"));
        assert_eq!(c.nth_working_day_after(d("2026-03-04"), 1), d("2026-03-05")); // Wed → Thu
        assert_eq!(c.nth_working_day_after(d("2026-03-04"), 2), d("2026-03-06")); // → Fri
        assert_eq!(c.nth_working_day_after(d("2026-03-06"), 2), d("2026-03-10")); // Fri → Tue
        assert_eq!(c.nth_working_day_after(d("2026-03-07"), 1), d("2026-03-09"));
        // Sat → Mon
    }

    #[test]
    fn china_national_day_2026() {
        let c = china_2026_national_day();
        assert!(c.is_working_day(d("2026-09-20")), "make-up Sunday");
        assert!(c.is_working_day(d("2026-10-10")), "make-up Saturday");
        assert!(!c.is_working_day(d("2026-10-01")), "holiday on a Thursday");
        assert!(!c.is_working_day(d("2026-10-05")), "holiday on a Monday");
        assert!(!c.is_working_day(d("2026-10-11")), "ordinary Sunday");
        // Called Wed 30 Sep: next working days are Thu 8 Oct and Fri 9 Oct.
        assert_eq!(c.nth_working_day_after(d("2026-09-30"), 2), d("2026-10-09"));
        // Called Fri 9 Oct: Sat 10 Oct is worked, then Mon 12 Oct.
        assert_eq!(c.nth_working_day_after(d("2026-10-09"), 2), d("2026-10-12"));
        // Called Sat 19 Sep: Sun 20 Sep is worked, then Mon 21 Sep.
        assert_eq!(c.nth_working_day_after(d("2026-09-19"), 2), d("2026-09-21"));
    }

    #[test]
    fn json_round_trip_uses_lowercase_names() {
        let c = china_2026_national_day();
        let v = serde_json::to_value(&c).unwrap();
        assert_eq!(v["weekend"], serde_json::json!(["sat", "sun"]));
        assert_eq!(v["makeup_workdays"][1], "2026-10-10");
        assert_eq!(serde_json::from_value::<WorkCalendar>(v).unwrap(), c);
    }

    #[test]
    fn missing_lists_take_defaults_and_names_are_lenient() {
        assert_eq!(
            WorkCalendar::from_json("{}").unwrap(),
            WorkCalendar::default()
        );
        let c = WorkCalendar::from_json(r#"{"weekend":["Friday"," SAT "]}"#).unwrap();
        assert_eq!(c.weekend, vec![Weekday::Fri, Weekday::Sat]);
        assert!(c.is_working_day(d("2026-03-08"))); // Sunday
    }

    #[test]
    fn errors_name_the_bad_entry() {
        let e = WorkCalendar::from_json(r#"{"weekend":["sat","caturday"]}"#).unwrap_err();
        assert_eq!(
            e,
            CalendarError::BadWeekday {
                entry: "caturday".into()
            }
        );
        assert!(e.to_string().contains("\"caturday\""));

        let e = WorkCalendar::from_json(r#"{"holidays":["2026-10-01","2026-02-30"]}"#).unwrap_err();
        assert_eq!(
            e,
            CalendarError::BadDate {
                list: "holidays",
                entry: "2026-02-30".into()
            }
        );
        assert_eq!(
            e.to_string(),
            "holidays entry \"2026-02-30\" is not a date (use YYYY-MM-DD)"
        );

        let e = WorkCalendar::from_json(r#"{"makeup_workdays":["10/10/2026"]}"#).unwrap_err();
        assert!(matches!(
            e,
            CalendarError::BadDate {
                list: "makeup_workdays",
                ..
            }
        ));

        let e = WorkCalendar::from_json(
            r#"{"holidays":["2026-10-10"],"makeup_workdays":["2026-10-10"]}"#,
        )
        .unwrap_err();
        assert_eq!(
            e,
            CalendarError::Conflict {
                date: d("2026-10-10")
            }
        );

        let e = WorkCalendar::from_json(r#"{"holidays":"2026-10-01"}"#).unwrap_err();
        assert!(matches!(e, CalendarError::Json(_)));

        let all = r#"{"weekend":["mon","tue","wed","thu","fri","sat","sun"]}"#;
        assert_eq!(
            WorkCalendar::from_json(all).unwrap_err(),
            CalendarError::NoWorkingDays
        );
    }

    #[test]
    fn whole_week_weekend_built_in_code_still_terminates() {
        let c = WorkCalendar {
            weekend: ALL_WEEKDAYS.to_vec(),
            ..Default::default()
        };
        assert_eq!(c.nth_working_day_after(d("2026-03-07"), 2), d("2026-03-09"));
    }
}
