//! What the office can do to the company settings, as pure functions over
//! the typed document: save the form, import a calendar file, remove a
//! year's days. Each checks the role, stamps who and when, and validates
//! the result, so a refused change returns nothing to store.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use ts_rs::TS;

use super::model::CompanySettings;
use super::validate::{validate, SettingsError};
use crate::ops::Actor;

/// What the settings form sends (`save_company_settings`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[ts(export)]
pub struct SettingsInput {
    /// The company's name (the printed record's header).
    pub company_name: String,
    /// IANA time zone name.
    pub time_zone: String,
    /// The weekly rest days (`sat`, `sun`).
    pub weekend: Vec<String>,
    /// Due soon below this percentage of a clock's allowance left (1–99).
    pub due_soon_percent: i64,
    /// In warranty through this many months.
    pub in_warranty_months: i64,
    /// Extended 1 through this many months.
    pub extended1_until_months: i64,
    /// Extended 2 through this many months.
    pub extended2_until_months: i64,
    /// Standard labour rate, fen per hour.
    pub labour_fen_per_hour: i64,
    /// The clock-skew margin of the history, minutes (1–1440). Absent or
    /// null: unchanged.
    #[serde(default)]
    #[ts(optional, type = "number | null")]
    pub clock_skew_minutes: Option<i64>,
    /// The warehouses (names edited, new ones added; none removed).
    /// Absent or null: unchanged.
    #[serde(default)]
    #[ts(optional)]
    pub warehouses: Option<Vec<super::Warehouse>>,
    /// The loaner pool (units added, retired; a unit out stays). Absent
    /// or null: unchanged.
    #[serde(default)]
    #[ts(optional)]
    pub loaners: Option<Vec<super::LoanerUnit>>,
}

impl From<&CompanySettings> for SettingsInput {
    /// The form as the settings stand (the warehouses left unchanged):
    /// what the settings screen starts from, and an edit changes one field
    /// of.
    fn from(s: &CompanySettings) -> Self {
        SettingsInput {
            company_name: s.company_name.clone(),
            time_zone: s.time_zone.clone(),
            weekend: s.weekend.clone(),
            due_soon_percent: s.due_soon_percent,
            in_warranty_months: s.in_warranty_months,
            extended1_until_months: s.extended1_until_months,
            extended2_until_months: s.extended2_until_months,
            labour_fen_per_hour: s.labour_fen_per_hour,
            clock_skew_minutes: None,
            warehouses: None,
            loaners: None,
        }
    }
}

/// Only the office changes the company settings.
pub fn ensure_office(actor: &Actor) -> Result<(), SettingsError> {
    actor.ensure_office(SettingsError::OfficeOnly)
}

/// The settings with the form's values.
pub fn update(
    s: CompanySettings,
    input: SettingsInput,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<CompanySettings, SettingsError> {
    edited(s, actor, now, |s| {
        s.company_name = input.company_name.trim().to_string();
        s.time_zone = input.time_zone.trim().to_string();
        s.weekend = super::calendar_file::parse_weekend(&input.weekend)
            .map_err(SettingsError::Weekend)?
            .into_iter()
            .map(super::calendar_file::weekday_name)
            .collect();
        s.due_soon_percent = input.due_soon_percent;
        s.in_warranty_months = input.in_warranty_months;
        s.extended1_until_months = input.extended1_until_months;
        s.extended2_until_months = input.extended2_until_months;
        s.labour_fen_per_hour = input.labour_fen_per_hour;
        if let Some(m) = input.clock_skew_minutes {
            s.clock_skew_minutes = Some(m);
        }
        if let Some(list) = input.warehouses {
            set_warehouses(s, list)?;
        }
        if let Some(list) = input.loaners {
            s.loaners = list
                .into_iter()
                .map(|u| super::LoanerUnit {
                    model: u.model.trim().to_string(),
                    serial: u.serial.trim().to_string(),
                    retired: u.retired,
                })
                .collect();
        }
        Ok(())
    })
}

/// Sets the warehouse list: every warehouse in force stays (a code once
/// used keys stock counters on every part), names may change, new codes
/// are added. Names and codes are trimmed.
pub fn set_warehouses(
    s: &mut CompanySettings,
    list: Vec<super::Warehouse>,
) -> Result<(), SettingsError> {
    let list: Vec<super::Warehouse> = list
        .into_iter()
        .map(|w| super::Warehouse {
            code: w.code.trim().to_string(),
            name: w.name.trim().to_string(),
        })
        .collect();
    if let Some(gone) = s
        .warehouses_in_force()
        .into_iter()
        .find(|old| !list.iter().any(|w| w.code == old.code))
    {
        return Err(SettingsError::Warehouse(format!(
            "{} ({}) cannot be removed: parts keep stock there",
            gone.code, gone.name
        )));
    }
    s.warehouses = list;
    Ok(())
}

/// The settings after the office's `change` (importing a checked calendar
/// file with [`CompanySettings::merge_calendar`], removing a year with
/// [`CompanySettings::remove_year`], the form with [`update`]): stamped
/// with who and when, and checked whole. Only the office.
pub fn edited(
    mut s: CompanySettings,
    actor: &Actor,
    now: DateTime<Utc>,
    change: impl FnOnce(&mut CompanySettings) -> Result<(), SettingsError>,
) -> Result<CompanySettings, SettingsError> {
    ensure_office(actor)?;
    change(&mut s)?;
    s.updated_at = Some(now.into());
    s.updated_by = actor.name.clone();
    validate(&s)?;
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::state::Role;
    use crate::settings::calendar_file;
    use crate::testing::instant;

    fn form() -> SettingsInput {
        SettingsInput {
            company_name: " 重庆仪器服务有限公司 ".into(),
            time_zone: "Asia/Urumqi".into(),
            weekend: vec!["Sunday".into()],
            due_soon_percent: 30,
            in_warranty_months: 24,
            extended1_until_months: 48,
            extended2_until_months: 60,
            labour_fen_per_hour: 25_000,
            clock_skew_minutes: Some(15),
            warehouses: None,
            loaners: None,
        }
    }

    #[test]
    fn the_office_saves_the_form_and_the_rules_follow() {
        let office = Actor::new("office", Role::Office);
        let now = instant("2026-03-02T01:00:00Z");
        let s = update(CompanySettings::default(), form(), &office, now).unwrap();
        assert_eq!(s.company_name, "重庆仪器服务有限公司");
        assert_eq!(s.weekend, vec!["sun"]);
        assert_eq!(s.clock_skew_margin(), 15);
        assert_eq!(
            (s.updated_by.as_str(), s.updated_at),
            ("office", Some(now.into()))
        );
        let r = s.to_rules(&crate::rules::RulesConfig::default());
        assert_eq!(r.tz, chrono_tz::Asia::Urumqi);
        assert_eq!(r.due_soon_share, 0.30);
        assert_eq!(r.tiers.in_warranty_months, 24);
        assert_eq!(r.rates.labour_fen_per_hour, 25_000);
        assert!(
            r.calendar.is_working_day("2026-03-07".parse().unwrap()),
            "Saturday worked"
        );
    }

    #[test]
    fn an_engineer_may_not_change_the_settings() {
        let eng = Actor::new("yangjinwei", Role::Engineer);
        let now = instant("2026-03-02T01:00:00Z");
        let e = update(CompanySettings::default(), form(), &eng, now).unwrap_err();
        assert_eq!(e, SettingsError::OfficeOnly(Role::Engineer));
        let file = calendar_file::parse(r#"{"holidays":["2027-01-01"]}"#).unwrap();
        let import = edited(CompanySettings::default(), &eng, now, |s| {
            s.merge_calendar(&file);
            Ok(())
        });
        assert!(import.is_err());
    }

    #[test]
    fn a_bad_form_value_is_refused() {
        let office = Actor::new("office", Role::Office);
        let now = instant("2026-03-02T01:00:00Z");
        let mut f = form();
        f.extended2_until_months = 40;
        assert_eq!(
            update(CompanySettings::default(), f, &office, now),
            Err(SettingsError::Tiers(24, 48, 40))
        );
        let mut f = form();
        f.weekend = vec!["x".into()];
        assert!(matches!(
            update(CompanySettings::default(), f, &office, now),
            Err(SettingsError::Weekend(_))
        ));
    }
}
