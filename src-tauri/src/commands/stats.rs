//! The office's reports 统计报表: `stats_report` (the period's tables and
//! charts, worded in the screen's language), `stats_orders` (the orders
//! behind a clicked bar or row) and `stats_export` (a table as CSV, the
//! whole report as XLSX, or the monthly service report as PDF, saved like
//! the record's exports: the save dialog, or `ONSITE_EXPORT_DIR`). The
//! figures and the files are `onsite_core::stats`' and
//! `onsite_core::service::stats`'.

use onsite_core::service::Device;
use onsite_core::stats::{Drill, Lang, PeriodSpec, Report};
use onsite_core::stats::{StatsExport, StatsOrders};
use tauri::{AppHandle, State};

use super::records::{save_and_write, Exported};
use crate::app_state::AppState;

reads! {
    /// The report over `period` in `lang` (office).
    stats_report(period: PeriodSpec, lang: Lang) -> Report => |d| d.stats_report(&period, lang);
    /// The orders (or complaints) behind one figure of the report (office).
    stats_orders(period: PeriodSpec, drill: Drill) -> StatsOrders =>
        |d| d.stats_orders(&period, &drill);
}

/// Writes one export of the report where the user chooses; `None` when
/// they cancel.
#[tauri::command]
pub async fn stats_export(
    app: AppHandle,
    state: State<'_, AppState>,
    period: PeriodSpec,
    lang: Lang,
    what: StatsExport,
) -> Exported {
    let name = Device::stats_file_name(&period, &what);
    save_and_write(&app, &state, name, what.kind(), |d, path| {
        let font = state.font()?;
        let company = d.company_name(&state.company)?;
        d.stats_export_to(&period, lang, &what, path, &font, &company)
    })
    .await
}
