//! What the settings screen shows and what an import answers: the
//! settings (saved, or a new company's defaults), whether this user may
//! change them, and a summary per calendar year.

use std::collections::BTreeMap;

use serde::Serialize;
use ts_rs::TS;

use super::calendar_file::CalendarProblem;
use super::model::{CompanySettings, DayKind};

/// `company_settings()`.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CompanySettingsView {
    /// The settings in force.
    pub settings: CompanySettings,
    /// Whether the office has saved settings (otherwise these are the
    /// defaults with the official calendar).
    pub saved: bool,
    /// Whether the signed-in user may change them (the office).
    pub editable: bool,
    /// The calendar's years, earliest first.
    pub years: Vec<CalendarYear>,
}

/// One year of the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CalendarYear {
    /// The year.
    pub year: i32,
    /// Holidays listed in it.
    pub holidays: u32,
    /// Make-up working days listed in it.
    pub makeup_workdays: u32,
    /// Where its days come from.
    pub source: String,
}

/// `import_calendar()`: the settings after the import, or why the file
/// was refused (then nothing changed).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CalendarImport {
    /// The settings after a successful import.
    pub view: Option<CompanySettingsView>,
    /// Why the file was refused.
    pub problem: Option<CalendarProblem>,
    /// The years the file replaced.
    pub years: Vec<i32>,
}

impl CompanySettingsView {
    /// The view of `settings`.
    pub fn of(settings: CompanySettings, saved: bool, editable: bool) -> CompanySettingsView {
        let mut years: BTreeMap<i32, CalendarYear> = BTreeMap::new();
        for (date, day) in &settings.calendar {
            let Some(year) = date.get(..4).and_then(|y| y.parse().ok()) else {
                continue;
            };
            let y = years.entry(year).or_insert_with(|| CalendarYear {
                year,
                holidays: 0,
                makeup_workdays: 0,
                source: settings
                    .calendar_sources
                    .get(&year.to_string())
                    .cloned()
                    .unwrap_or_default(),
            });
            match day.kind {
                DayKind::Holiday => y.holidays += 1,
                DayKind::Workday => y.makeup_workdays += 1,
            }
        }
        CompanySettingsView {
            settings,
            saved,
            editable,
            years: years.into_values().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_summarise_2025_and_2026() {
        let v = CompanySettingsView::of(CompanySettings::default(), false, true);
        let summary: Vec<_> = v
            .years
            .iter()
            .map(|y| (y.year, y.holidays, y.makeup_workdays))
            .collect();
        assert_eq!(summary, vec![(2025, 28, 5), (2026, 33, 6)]);
        assert!(v.years[1].source.contains("2026"));
    }

    /// A new company's settings screen, written by the `export_bindings`
    /// run beside the TypeScript types (`TS_RS_EXPORT_DIR`), so the
    /// browser tests' fake backend starts from core's defaults and the
    /// official calendar rather than a copy.
    #[test]
    fn export_bindings_company_defaults_json() {
        let dir = std::env::var_os("TS_RS_EXPORT_DIR").unwrap_or_else(|| "bindings".into());
        let dir = std::path::Path::new(&dir);
        std::fs::create_dir_all(dir).unwrap();
        let view = CompanySettingsView::of(CompanySettings::default(), false, true);
        let json = serde_json::to_string_pretty(&view).unwrap();
        std::fs::write(dir.join("company-defaults.json"), json + "\n").unwrap();
    }
}
