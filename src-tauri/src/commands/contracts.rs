//! Maintenance contracts 维护合约 and their planned visits: `list_contracts`,
//! `get_contract`, `create_contract`, `edit_contract`, `plan_visits`, and
//! ticking a planned visit's checklist (`tick_check_item`). The rules,
//! periods and checks are `onsite_core::contracts`'s.

use onsite_core::contracts::{
    ContractEdit, ContractRow, ContractState, ContractView, NewContract, PlanResult,
};
use onsite_core::service::{ApiError, WorkOrderView};
use tauri::State;

use super::doc_id;
use crate::app_state::AppState;

/// The contracts, of one state and/or one customer when given (office).
#[tauri::command(async)]
pub fn list_contracts(
    app: State<'_, AppState>,
    state: Option<ContractState>,
    customer_id: Option<String>,
) -> Result<Vec<ContractRow>, ApiError> {
    // `app`, not `state`: the IPC argument `state` is the contract state.
    let customer = customer_id.map(|c| doc_id("customerId", &c)).transpose()?;
    app.with(|d| d.list_contracts(state, customer))
}

reads! {
    /// One contract with its planned visits.
    get_contract(id: String) -> ContractView => |d| d.get_contract(&doc_id("id", &id)?);
}

edits! {
    /// A new contract (office).
    create_contract(contract: NewContract) -> ContractView => |d| d.create_contract(contract);
    /// Changes a contract's fields; ending or shortening it cancels its
    /// planned visits that have not started after the new end.
    edit_contract(id: String, edit: ContractEdit) -> ContractView =>
        |d| d.edit_contract(&doc_id("id", &id)?, edit);
    /// Creates the coming period's planned visits of every active contract
    /// that does not have them yet (office; also run after each sync).
    plan_visits() -> PlanResult => |d| d.plan_visits();
    /// Ticks (or unticks) item `index` of a planned visit's checklist.
    tick_check_item(work_order_id: String, index: u32, done: bool) -> WorkOrderView =>
        |d| d.tick_check_item(&doc_id("workOrderId", &work_order_id)?, index, done);
}
