//! Complaints and the monthly complaint report (the office's):
//! `list_complaints`, `get_complaint`, `create_complaint`,
//! `add_complaint_step`, `find_complaint_not_ours`, `close_complaint`,
//! `complaint_report`, `submit_complaint_report`,
//! `export_complaint_report_pdf`, `export_complaint_report_csv`. The rules,
//! checks and figures are `onsite_core::complaints`' and `Device`'s in
//! `onsite_core::service::complaints`; exports are saved like the record's
//! (the save dialog, or `ONSITE_EXPORT_DIR`). Writes poke the sync loop.

use onsite_core::complaints::{
    ComplaintFilter, ComplaintPage, ComplaintView, MonthlyReport, NewComplaint, StepInput,
};
use onsite_core::service::transfer::ExportKind;
use tauri::{AppHandle, State};

use super::doc_id;
use super::records::{save_and_write, Exported};
use crate::app_state::AppState;

reads! {
    /// One page of complaints, the earliest stage first, then the oldest.
    list_complaints(filter: ComplaintFilter) -> ComplaintPage => |d| d.complaint_page(filter);
    /// One complaint.
    get_complaint(id: String) -> ComplaintView => |d| d.get_complaint(&doc_id("id", &id)?);
    /// The report of a month (both given) or of the previous month.
    complaint_report(year: Option<i32>, month: Option<u32>) -> MonthlyReport =>
        |d| d.complaint_report(year.zip(month));
}

edits! {
    /// Records a complaint.
    create_complaint(input: NewComplaint) -> ComplaintView => |d| d.create_complaint(input);
    /// Takes the complaint's next step.
    add_complaint_step(id: String, input: StepInput) -> ComplaintView =>
        |d| d.add_complaint_step(&doc_id("id", &id)?, input);
    /// Records that the cause was not ours, with the explanation to the customer.
    find_complaint_not_ours(id: String, explanation: String) -> ComplaintView =>
        |d| d.find_complaint_not_ours(&doc_id("id", &id)?, &explanation);
    /// Closes the complaint after its last step.
    close_complaint(id: String) -> ComplaintView => |d| d.close_complaint(&doc_id("id", &id)?);
}

edits! {
    /// Records that the month's report was submitted.
    submit_complaint_report(year: i32, month: u32) -> MonthlyReport =>
        |d| d.submit_complaint_report(year, month);
}

/// Prints the month's report as PDF where the user chooses; `None` when
/// they cancel.
#[tauri::command]
pub async fn export_complaint_report_pdf(
    app: AppHandle,
    state: State<'_, AppState>,
    year: i32,
    month: u32,
) -> Exported {
    let font = state.font()?;
    let name = state.with(|d| Ok(d.complaint_report(Some((year, month)))?.file_name("pdf")))?;
    save_and_write(&app, &state, name, ExportKind::Pdf, |d, path| {
        let company = d.company_name(&state.company)?;
        d.export_complaint_report_pdf_at(year, month, path, &font, &company)
    })
    .await
}

/// Writes the month's report as CSV where the user chooses; `None` when
/// they cancel.
#[tauri::command]
pub async fn export_complaint_report_csv(
    app: AppHandle,
    state: State<'_, AppState>,
    year: i32,
    month: u32,
) -> Exported {
    let name = state.with(|d| Ok(d.complaint_report(Some((year, month)))?.file_name("csv")))?;
    save_and_write(&app, &state, name, ExportKind::Csv, |d, path| {
        let company = d.company_name(&state.company)?;
        d.export_complaint_report_csv_at(year, month, &company, path)
    })
    .await
}
