//! Customers 用户 and their equipment: `list_customers` (a page of the
//! list), `get_customer`, `create_customer`, `edit_customer` (one edit of
//! the organisation, a site, a contact or an instrument). The rules and
//! checks are `onsite_core::customers`'s; each write returns the customer's
//! fresh screen and pokes the sync loop.

use onsite_core::service::{
    ApiError, CustomerEdit, CustomerFilter, CustomerPage, CustomerView, NewCustomer,
};
use tauri::State;

use super::doc_id;
use crate::app_state::AppState;

/// One page of the customers matching `filter` (by organisation).
#[tauri::command(async)]
pub fn list_customers(
    state: State<'_, AppState>,
    filter: Option<CustomerFilter>,
) -> Result<CustomerPage, ApiError> {
    state.with(|d| d.customer_page(filter.unwrap_or_default()))
}

/// One customer with its sites, contacts, equipment and contracts.
#[tauri::command(async)]
pub fn get_customer(state: State<'_, AppState>, id: String) -> Result<CustomerView, ApiError> {
    let id = doc_id("id", &id)?;
    state.with(|d| d.get_customer(&id))
}

/// A new customer (office).
#[tauri::command(async)]
pub fn create_customer(
    state: State<'_, AppState>,
    input: NewCustomer,
) -> Result<CustomerView, ApiError> {
    state.edit(|d| d.create_customer(input))
}

/// One edit of a customer (office).
#[tauri::command(async)]
pub fn edit_customer(
    state: State<'_, AppState>,
    id: String,
    edit: CustomerEdit,
) -> Result<CustomerView, ApiError> {
    let id = doc_id("id", &id)?;
    state.edit(|d| d.edit_customer(&id, edit))
}
