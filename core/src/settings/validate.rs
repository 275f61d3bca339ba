//! The checks a settings document must pass, wherever it is written: by
//! the office's device before saving, and by the server's write rules on
//! every change ([`crate::guard`]). Each error names the field and the
//! value, in English (the UI words them by field).

use super::calendar_file::{parse_date, parse_weekend, CalendarProblem};
use super::model::CompanySettings;

/// The longest company name, in characters.
pub const MAX_COMPANY_NAME_CHARS: usize = 100;
/// The longest a warranty tier may reach, in months (50 years).
pub const MAX_TIER_MONTHS: i64 = 600;
/// The highest standard labour rate, fen per hour (100,000 yuan).
pub const MAX_LABOUR_FEN_PER_HOUR: i64 = 10_000_000;

/// A settings value that is not allowed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    /// The company name is empty or too long.
    #[error("the company name must be 1 to {MAX_COMPANY_NAME_CHARS} characters")]
    CompanyName,
    /// The time zone is not an IANA name.
    #[error("{0:?} is not a time zone name (use an IANA name such as Asia/Shanghai)")]
    TimeZone(String),
    /// The weekend is not a list of weekdays, or covers the whole week.
    #[error("weekend: {0}")]
    Weekend(CalendarProblem),
    /// A calendar key is not a `YYYY-MM-DD` date.
    #[error("calendar entry {0:?} is not a date (use YYYY-MM-DD)")]
    CalendarDate(String),
    /// The due-soon share is outside 1–99 %.
    #[error("the due-soon share must be 1 to 99 percent, not {0}")]
    DueSoon(i64),
    /// The clock-skew margin is outside 1–1440 minutes.
    #[error("the clock-skew margin must be 1 to 1440 minutes, not {0}")]
    ClockSkew(i64),
    /// The tier boundaries are not increasing within 1–600 months.
    #[error(
        "the warranty tiers must end in increasing months within 1 to {MAX_TIER_MONTHS} (in warranty < extended 1 < extended 2), not {0}, {1}, {2}"
    )]
    Tiers(i64, i64, i64),
    /// The labour rate is negative or absurdly high.
    #[error(
        "the standard labour rate must be 0 to {MAX_LABOUR_FEN_PER_HOUR} fen per hour, not {0}"
    )]
    Labour(i64),
    /// A warehouse code that is not `[a-z0-9-]{1,20}`, a repeated code or
    /// an empty name.
    #[error("warehouse: {0}")]
    Warehouse(String),
    /// A loaner unit without model or serial, or a serial listed twice.
    #[error("loaners: {0}")]
    Loaner(String),
    /// Someone other than the office tried to change the settings.
    #[error("only the office changes the company settings, not a {0}")]
    OfficeOnly(crate::rules::state::Role),
    /// The document is not `settings:company`.
    #[error("the company settings document is settings:company, not {0}")]
    WrongId(String),
}

/// Checks every field of `s`; the first problem found is returned.
pub fn validate(s: &CompanySettings) -> Result<(), SettingsError> {
    if s.id != super::settings_id() {
        return Err(SettingsError::WrongId(s.id.to_string()));
    }
    let name = s.company_name.trim().chars().count();
    if name == 0 || name > MAX_COMPANY_NAME_CHARS {
        return Err(SettingsError::CompanyName);
    }
    if s.time_zone.parse::<chrono_tz::Tz>().is_err() {
        return Err(SettingsError::TimeZone(s.time_zone.clone()));
    }
    parse_weekend(&s.weekend).map_err(SettingsError::Weekend)?;
    if let Some(bad) = s.calendar.keys().find(|k| parse_date(k).is_none()) {
        return Err(SettingsError::CalendarDate(bad.clone()));
    }
    if !(1..=99).contains(&s.due_soon_percent) {
        return Err(SettingsError::DueSoon(s.due_soon_percent));
    }
    if let Some(m) = s.clock_skew_minutes {
        if !(1..=1440).contains(&m) {
            return Err(SettingsError::ClockSkew(m));
        }
    }
    let (a, b, c) = (
        s.in_warranty_months,
        s.extended1_until_months,
        s.extended2_until_months,
    );
    if !(1 <= a && a < b && b < c && c <= MAX_TIER_MONTHS) {
        return Err(SettingsError::Tiers(a, b, c));
    }
    if !(0..=MAX_LABOUR_FEN_PER_HOUR).contains(&s.labour_fen_per_hour) {
        return Err(SettingsError::Labour(s.labour_fen_per_hour));
    }
    validate_warehouses(&s.warehouses)?;
    validate_loaners(&s.loaners)
}

/// Each loaner unit with a model and a serial (at most 60 characters), each
/// serial listed once (letter case ignored).
pub fn validate_loaners(list: &[super::LoanerUnit]) -> Result<(), SettingsError> {
    for (i, u) in list.iter().enumerate() {
        let (m, n) = (
            u.model.trim().chars().count(),
            u.serial.trim().chars().count(),
        );
        if !(1..=60).contains(&m) || !(1..=60).contains(&n) {
            return Err(SettingsError::Loaner(format!(
                "unit {:?} needs a model and a serial of 1 to 60 characters",
                u.serial
            )));
        }
        if list[..i]
            .iter()
            .any(|o| o.serial.trim().eq_ignore_ascii_case(u.serial.trim()))
        {
            return Err(SettingsError::Loaner(format!(
                "serial {:?} is listed twice",
                u.serial
            )));
        }
    }
    Ok(())
}

/// The longest warehouse code and name.
pub const MAX_WAREHOUSE_CODE: usize = 20;

/// Each code `[a-z0-9-]{1,20}` and listed once, each name 1–20 characters.
pub fn validate_warehouses(list: &[super::Warehouse]) -> Result<(), SettingsError> {
    for (i, w) in list.iter().enumerate() {
        let ok = (1..=MAX_WAREHOUSE_CODE).contains(&w.code.len())
            && w.code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !ok {
            return Err(SettingsError::Warehouse(format!(
                "code {:?} must be 1 to {MAX_WAREHOUSE_CODE} of a-z, 0-9 and -",
                w.code
            )));
        }
        if list[..i].iter().any(|o| o.code == w.code) {
            return Err(SettingsError::Warehouse(format!(
                "code {:?} is listed twice",
                w.code
            )));
        }
        let n = w.name.trim().chars().count();
        if n == 0 || n > MAX_WAREHOUSE_CODE {
            return Err(SettingsError::Warehouse(format!(
                "the name of {:?} must be 1 to {MAX_WAREHOUSE_CODE} characters",
                w.code
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocId, DocKind};
    use crate::settings::model::{CalendarDay, DayKind};

    fn with(f: impl FnOnce(&mut CompanySettings)) -> Result<(), SettingsError> {
        let mut s = CompanySettings::default();
        f(&mut s);
        validate(&s)
    }

    #[test]
    fn the_defaults_are_valid() {
        assert_eq!(with(|_| {}), Ok(()));
    }

    #[test]
    fn each_bad_value_is_refused_naming_it() {
        assert_eq!(
            with(|s| s.company_name = "  ".into()),
            Err(SettingsError::CompanyName)
        );
        assert_eq!(
            with(|s| s.company_name = "名".repeat(101)),
            Err(SettingsError::CompanyName)
        );
        let e = with(|s| s.time_zone = "Mars/Olympus".into()).unwrap_err();
        assert!(e.to_string().contains("\"Mars/Olympus\""), "{e}");
        let e = with(|s| {
            s.weekend = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
                .map(String::from)
                .to_vec()
        })
        .unwrap_err();
        assert_eq!(e, SettingsError::Weekend(CalendarProblem::WholeWeek));
        let e = with(|s| s.weekend = vec!["fri".into(), "caturday".into()]).unwrap_err();
        assert!(e.to_string().contains("caturday"), "{e}");
        let e = with(|s| {
            s.calendar.insert(
                "2026-02-30".into(),
                CalendarDay {
                    kind: DayKind::Holiday,
                    name: String::new(),
                },
            );
        })
        .unwrap_err();
        assert_eq!(e, SettingsError::CalendarDate("2026-02-30".into()));
        assert_eq!(
            with(|s| s.due_soon_percent = 0),
            Err(SettingsError::DueSoon(0))
        );
        assert_eq!(
            with(|s| s.due_soon_percent = 100),
            Err(SettingsError::DueSoon(100))
        );
        assert_eq!(
            with(|s| s.clock_skew_minutes = Some(0)),
            Err(SettingsError::ClockSkew(0))
        );
        assert_eq!(
            with(|s| s.clock_skew_minutes = Some(1441)),
            Err(SettingsError::ClockSkew(1441))
        );
        assert_eq!(with(|s| s.clock_skew_minutes = Some(1440)), Ok(()));
        assert_eq!(
            with(|s| s.extended1_until_months = 12),
            Err(SettingsError::Tiers(12, 12, 48))
        );
        assert_eq!(
            with(|s| s.extended2_until_months = 601),
            Err(SettingsError::Tiers(12, 36, 601))
        );
        assert_eq!(
            with(|s| s.labour_fen_per_hour = -1),
            Err(SettingsError::Labour(-1))
        );
        assert_eq!(
            with(|s| s.id = DocId::with_suffix(DocKind::Settings, "other")),
            Err(SettingsError::WrongId("settings:other".into()))
        );
    }

    #[test]
    fn a_weekend_of_friday_alone_and_free_labour_are_allowed() {
        assert_eq!(
            with(|s| {
                s.weekend = vec!["Friday".into()];
                s.labour_fen_per_hour = 0;
            }),
            Ok(())
        );
    }
}
