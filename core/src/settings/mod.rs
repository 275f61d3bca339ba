//! Company settings: one synced document (`settings:company`) the office
//! writes and every device reads — the company name, time zone, working
//! calendar, due-soon share, warranty tiers and labour rate — and the
//! official holiday calendar shipped as data.
//!
//! Layout: [`model`] (the document, its defaults, the rules it gives),
//! [`calendar_file`] (reading and checking a calendar file; the shipped
//! one), [`validate`] (the checks every write passes, on the device and in
//! the server's write rules), [`ops`] (what the office does to it), [`view`]
//! (what the settings screen shows). The device's store derives its rules
//! from the document whenever it changes (see `store::device`); the facade
//! methods are in `service::company`.

pub mod calendar_file;
pub mod model;
pub mod ops;
pub mod validate;
pub mod view;

pub use calendar_file::{CalendarFile, CalendarProblem, OFFICIAL_CALENDAR};
pub use model::{
    company_defaults, effective_rules, settings_id, CalendarDay, CompanySettings, DayKind,
    LoanerUnit, Warehouse,
};
pub use ops::SettingsInput;
pub use validate::{validate, SettingsError};
pub use view::{CalendarImport, CalendarYear, CompanySettingsView};
