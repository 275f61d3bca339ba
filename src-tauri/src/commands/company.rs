//! The company settings screen: `company_settings`,
//! `save_company_settings`, `import_calendar`, `remove_calendar_year`
//! (the rules, checks and recomputation are `onsite_core::settings`'s and
//! `Device`'s in `onsite_core::service::company`). Writes poke the sync
//! loop, so the settings reach every device at its next sync.

use onsite_core::service::ApiError;
use onsite_core::settings::{CalendarImport, CompanySettingsView, SettingsInput};
use tauri::State;

use crate::app_state::AppState;

/// The settings in force, and whether this user may change them.
#[tauri::command(async)]
pub fn company_settings(state: State<'_, AppState>) -> Result<CompanySettingsView, ApiError> {
    state.with(|d| d.company_settings())
}

edits! {
    /// Saves the office's settings form.
    save_company_settings(input: SettingsInput) -> CompanySettingsView =>
        |d| d.save_company_settings(input);
    /// Imports a calendar file the office picked (its text comes over IPC);
    /// a bad file is answered with the problem and changes nothing.
    import_calendar(text: String) -> CalendarImport => |d| d.import_calendar(&text);
    /// Removes a year's holidays and make-up working days.
    remove_calendar_year(year: i32) -> CompanySettingsView => |d| d.remove_calendar_year(year);
}
