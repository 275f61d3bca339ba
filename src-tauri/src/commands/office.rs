//! The office's lookups: `list_customers`, `create_customer`,
//! `list_engineers`.

use onsite_core::account;
use onsite_core::service::{ApiError, CustomerSummary, Engineer, NewCustomer};
use tauri::State;

use crate::app_state::AppState;

/// Customers matching `query` (organisation, address, contact, phone,
/// equipment serial).
#[tauri::command(async)]
pub fn list_customers(
    state: State<'_, AppState>,
    query: Option<String>,
) -> Result<Vec<CustomerSummary>, ApiError> {
    let list = state.with(|d| d.list_customers(query.as_deref().unwrap_or("")))?;
    Ok(list.into_iter().map(Into::into).collect())
}

edits! {
    /// A new customer (office).
    create_customer(input: NewCustomer) -> CustomerSummary => |d| d.create_customer(input);
}

/// The engineers work can be assigned to: the active engineers of the
/// server's staff directory as cached on the device (every sync refreshes
/// it), plus anyone orders here are assigned to who is not in it.
#[tauri::command(async)]
pub fn list_engineers(state: State<'_, AppState>) -> Result<Vec<Engineer>, ApiError> {
    state.with(|d| Ok(account::engineers(&d.store)?))
}

/// The technical experts an order's engineer or the office can ask, from
/// the cached staff directory.
#[tauri::command(async)]
pub fn list_experts(state: State<'_, AppState>) -> Result<Vec<Engineer>, ApiError> {
    state.with(|d| Ok(account::experts(&d.store)?))
}
