//! The company settings document (`settings:company`, kind `settings`):
//! what the office configures for every device — the company name printed
//! on records, the time zone, the working calendar, the due-soon share,
//! the warranty tier boundaries and the standard labour rate — and how it
//! becomes the [`RulesConfig`] the rules run on.
//!
//! The calendar is a map from date (`YYYY-MM-DD`) to a [`CalendarDay`], so
//! two offices importing different years merge cleanly and a day can never
//! be both a holiday and a make-up working day.

use std::collections::BTreeMap;

use autosurgeon::{Hydrate, Reconcile};
use chrono::Weekday;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::calendar_file::{self, parse_date, weekday_name, CalendarFile};
use crate::model::scalars::hydrate_i64;
use crate::model::tolerant::or_empty;
use crate::model::{DocId, DocKind, Ts};
use crate::rules::{RulesConfig, StandardRates, TierBoundaries, WorkCalendar};
use crate::string_enum;

/// The id suffix of the one settings document.
pub const SETTINGS_SUFFIX: &str = "company";

/// The one settings document's id, `settings:company`.
pub fn settings_id() -> DocId {
    DocId::with_suffix(DocKind::Settings, SETTINGS_SUFFIX)
}

string_enum! {
    /// What a listed day is.
    pub enum DayKind {
        /// A public holiday: not a working day whatever the weekday.
        Holiday = "holiday",
        /// A make-up working day 调休: a weekend day worked.
        Workday = "workday",
    }
}

/// One listed day of the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, Hydrate, Reconcile)]
#[ts(export)]
pub struct CalendarDay {
    /// Holiday or make-up working day.
    pub kind: DayKind,
    /// What the day is for (`春节`, `国庆节调休上班`); may be empty.
    #[autosurgeon(hydrate = "or_empty")]
    pub name: String,
}

/// The company settings document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Hydrate, Reconcile)]
#[ts(export)]
pub struct CompanySettings {
    /// Always `settings:company`.
    pub id: DocId,
    /// The company's name, printed at the head of every service record.
    pub company_name: String,
    /// IANA time zone name (`Asia/Shanghai`).
    pub time_zone: String,
    /// The weekly rest days, three-letter lowercase names (`sat`, `sun`).
    pub weekend: Vec<String>,
    /// Listed days by date (`YYYY-MM-DD`): holidays and make-up working days.
    #[autosurgeon(hydrate = "or_empty")]
    pub calendar: BTreeMap<String, CalendarDay>,
    /// Where each year's days come from, by year (`"2026"`).
    #[autosurgeon(hydrate = "or_empty")]
    pub calendar_sources: BTreeMap<String, String>,
    /// A running clock is due soon below this percentage of its allowance left (1–99).
    #[autosurgeon(hydrate = "hydrate_i64")]
    pub due_soon_percent: i64,
    /// In warranty through this many months after acceptance.
    #[autosurgeon(hydrate = "hydrate_i64")]
    pub in_warranty_months: i64,
    /// Extended 1 (labour free, parts at cost) through this many months.
    #[autosurgeon(hydrate = "hydrate_i64")]
    pub extended1_until_months: i64,
    /// Extended 2 through this many months; out of warranty after.
    #[autosurgeon(hydrate = "hydrate_i64")]
    pub extended2_until_months: i64,
    /// Standard labour rate out of warranty, fen per hour.
    #[autosurgeon(hydrate = "hydrate_i64")]
    pub labour_fen_per_hour: i64,
    /// The warehouses stock is kept in, in the order screens list them.
    /// Absent or empty: the one default [`Warehouse::main`].
    #[autosurgeon(hydrate = "or_empty")]
    #[serde(default)]
    pub warehouses: Vec<Warehouse>,
    /// The loaner pool 备用机: units lent while a late fix is pending. A
    /// unit's state (available, out, retired) is derived from the orders'
    /// `loaner` records and `retired`.
    #[autosurgeon(hydrate = "or_empty")]
    #[serde(default)]
    pub loaners: Vec<LoanerUnit>,
    /// A change whose device clock differs from the server's receipt time
    /// by more than this many minutes is flagged in the history (1–1440).
    /// Absent: [`DEFAULT_CLOCK_SKEW_MINUTES`].
    #[autosurgeon(hydrate = "or_empty")]
    #[serde(default)]
    pub clock_skew_minutes: Option<i64>,
    /// When the office last saved the settings.
    #[autosurgeon(hydrate = "or_empty")]
    pub updated_at: Option<Ts>,
    /// Who last saved them.
    #[autosurgeon(hydrate = "or_empty")]
    pub updated_by: String,
}

pub use crate::rules::Warehouse;

/// One unit of the loaner pool 备用机.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, Hydrate, Reconcile)]
#[ts(export)]
pub struct LoanerUnit {
    /// Model.
    pub model: String,
    /// Serial number, once in the pool.
    pub serial: String,
    /// No longer lent.
    #[serde(default)]
    pub retired: bool,
}

/// The clock-skew margin of a company that has not set one, minutes.
pub const DEFAULT_CLOCK_SKEW_MINUTES: i64 = 10;

/// The company name a new company starts with.
pub const DEFAULT_COMPANY_NAME: &str = "现场服务";

impl Default for CompanySettings {
    /// A new company's settings: the rules' defaults and the official
    /// calendar shipped with the app.
    fn default() -> Self {
        let rules = RulesConfig::default();
        let mut s = CompanySettings {
            id: settings_id(),
            company_name: DEFAULT_COMPANY_NAME.into(),
            time_zone: rules.tz.name().into(),
            weekend: rules
                .calendar
                .weekend
                .iter()
                .map(|&w| weekday_name(w))
                .collect(),
            calendar: BTreeMap::new(),
            calendar_sources: BTreeMap::new(),
            due_soon_percent: (rules.due_soon_share * 100.0).round() as i64,
            in_warranty_months: rules.tiers.in_warranty_months.into(),
            extended1_until_months: rules.tiers.extended1_until_months.into(),
            extended2_until_months: rules.tiers.extended2_until_months.into(),
            labour_fen_per_hour: rules.rates.labour_fen_per_hour,
            warehouses: vec![Warehouse::main()],
            loaners: Vec::new(),
            clock_skew_minutes: None,
            updated_at: None,
            updated_by: String::new(),
        };
        let official = calendar_file::parse(calendar_file::OFFICIAL_CALENDAR)
            .expect("the shipped calendar file is valid (tested)");
        s.merge_calendar(&official);
        s
    }
}

impl CompanySettings {
    /// The clock-skew margin in force, minutes.
    pub fn clock_skew_margin(&self) -> i64 {
        self.clock_skew_minutes
            .unwrap_or(DEFAULT_CLOCK_SKEW_MINUTES)
    }

    /// Replaces the days of the years `file` covers with its days, records
    /// its source for those years and takes its weekend when it gives one.
    pub fn merge_calendar(&mut self, file: &CalendarFile) {
        let years: Vec<String> = file.years().iter().map(|y| y.to_string()).collect();
        self.calendar
            .retain(|date, _| !years.iter().any(|y| date.starts_with(y.as_str())));
        for (date, day) in &file.days {
            self.calendar.insert(date.to_string(), day.clone());
        }
        for y in years {
            self.calendar_sources.insert(y, file.source.clone());
        }
        if let Some(w) = &file.weekend {
            self.weekend = w.iter().map(|&w| weekday_name(w)).collect();
        }
    }

    /// Removes every listed day of `year` and its source.
    pub fn remove_year(&mut self, year: i32) {
        let y = year.to_string();
        self.calendar
            .retain(|date, _| !date.starts_with(y.as_str()));
        self.calendar_sources.remove(&y);
    }

    /// The working calendar. Entries that do not read (possible only in a
    /// document no guard checked) are skipped.
    pub fn work_calendar(&self) -> WorkCalendar {
        let mut cal = WorkCalendar {
            weekend: calendar_file::parse_weekend(&self.weekend)
                .unwrap_or_else(|_| WorkCalendar::default().weekend),
            ..WorkCalendar::default()
        };
        for (date, day) in &self.calendar {
            let Some(d) = parse_date(date) else { continue };
            match day.kind {
                DayKind::Holiday => cal.holidays.insert(d),
                DayKind::Workday => cal.makeup_workdays.insert(d),
            };
        }
        cal
    }

    /// The rules these settings give, over `base` (what the settings do
    /// not cover, such as the ink rule). A value out of range keeps the
    /// base's (the guard refuses such documents; this is for safety only).
    pub fn to_rules(&self, base: &RulesConfig) -> RulesConfig {
        let mut r = base.clone();
        if let Ok(tz) = self.time_zone.parse() {
            r.tz = tz;
        }
        r.calendar = self.work_calendar();
        if (1..=99).contains(&self.due_soon_percent) {
            r.due_soon_share = self.due_soon_percent as f64 / 100.0;
        }
        if let Some(t) = self.tiers() {
            r.tiers = t;
        }
        r.warehouses = self.warehouses_in_force();
        if self.labour_fen_per_hour >= 0 {
            r.rates = StandardRates {
                labour_fen_per_hour: self.labour_fen_per_hour,
            };
        }
        r
    }

    /// The tier boundaries, when they are in increasing order.
    pub fn tiers(&self) -> Option<TierBoundaries> {
        let m = |v: i64| u32::try_from(v).ok();
        let t = TierBoundaries {
            in_warranty_months: m(self.in_warranty_months)?,
            extended1_until_months: m(self.extended1_until_months)?,
            extended2_until_months: m(self.extended2_until_months)?,
        };
        (t.in_warranty_months < t.extended1_until_months
            && t.extended1_until_months < t.extended2_until_months)
            .then_some(t)
    }

    /// The warehouses in force: the listed ones, or the one default when
    /// none are listed.
    pub fn warehouses_in_force(&self) -> Vec<Warehouse> {
        match self.warehouses.is_empty() {
            true => vec![Warehouse::main()],
            false => self.warehouses.clone(),
        }
    }

    /// The weekend as weekdays (invalid names left out).
    pub fn weekdays(&self) -> Vec<Weekday> {
        calendar_file::parse_weekend(&self.weekend).unwrap_or_default()
    }
}

/// The rules a device runs on: `settings` over `base` when the company has
/// saved settings, `base` otherwise.
pub fn effective_rules(settings: Option<&CompanySettings>, base: &RulesConfig) -> RulesConfig {
    settings.map_or_else(|| base.clone(), |s| s.to_rules(base))
}

/// The rules of a company that has not saved settings yet: the defaults
/// with the official calendar (what the app starts with).
pub fn company_defaults() -> RulesConfig {
    CompanySettings::default().to_rules(&RulesConfig::default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc;

    #[test]
    fn the_defaults_carry_the_official_calendar_and_the_rules_defaults() {
        let s = CompanySettings::default();
        assert_eq!(s.id.as_str(), "settings:company");
        let r = s.to_rules(&RulesConfig::default());
        let base = RulesConfig::default();
        assert_eq!(
            (r.tz, r.due_soon_share, r.tiers, r.rates),
            (base.tz, base.due_soon_share, base.tiers, base.rates)
        );
        assert!(!r.calendar.is_working_day("2026-10-01".parse().unwrap()));
        assert!(
            r.calendar.is_working_day("2026-10-10".parse().unwrap()),
            "make-up Saturday"
        );
        assert_eq!(s.calendar_sources.len(), 2);
    }

    #[test]
    fn the_document_round_trips_through_automerge() {
        let s = CompanySettings::default();
        let am = doc::create(DocKind::Settings, &s).unwrap();
        let back: CompanySettings = doc::read(&am, DocKind::Settings).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn importing_a_year_replaces_only_that_years_days() {
        let mut s = CompanySettings::default();
        let file = calendar_file::parse(
            r#"{"source":"2026 revised","holidays":[{"date":"2026-12-25","name":"公司假日"}]}"#,
        )
        .unwrap();
        s.merge_calendar(&file);
        assert!(s.calendar.contains_key("2025-10-01"), "2025 kept");
        assert!(!s.calendar.contains_key("2026-10-01"), "2026 replaced");
        assert_eq!(s.calendar["2026-12-25"].name, "公司假日");
        assert_eq!(s.calendar_sources["2026"], "2026 revised");
        s.remove_year(2025);
        assert!(s.calendar.keys().all(|d| d.starts_with("2026")));
        assert!(!s.calendar_sources.contains_key("2025"));
    }
}
