//! Loaner equipment 备用机: `list_loaners` (the pool, units out first with
//! the customer and days out), `issue_loaner` to a late repair and
//! `return_loaner`. The pool is kept in the company settings; the rules
//! are `onsite_core::loaners`'s.

use onsite_core::model::Ts;
use onsite_core::service::loaners::LoanerRow;
use onsite_core::service::{ApiError, WorkOrderView};
use tauri::State;

use super::doc_id;
use crate::app_state::AppState;

/// Every loaner unit with its state.
#[tauri::command(async)]
pub fn list_loaners(state: State<'_, AppState>) -> Result<Vec<LoanerRow>, ApiError> {
    state.with(|d| d.list_loaners())
}

edits! {
    /// Records that loaner `serial` went to the order's customer (now, or
    /// at `issued_at`).
    issue_loaner(work_order_id: String, serial: String, issued_at: Option<Ts>) -> WorkOrderView =>
        |d| d.issue_loaner(&doc_id("workOrderId", &work_order_id)?, &serial, issued_at);
    /// Records the loaner's return (now, or at `returned_at`).
    return_loaner(work_order_id: String, returned_at: Option<Ts>) -> WorkOrderView =>
        |d| d.return_loaner(&doc_id("workOrderId", &work_order_id)?, returned_at);
}
