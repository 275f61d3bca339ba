//! Work orders: lists, the detail view and every edit of one order
//! (`act`, `assign`, `update_service`, `add_note`, `set_charge_override`,
//! `sign`, `create_work_order`).

use onsite_core::ops::{NewWorkOrder, ServicePatch, SignInput};
use onsite_core::rules::state::Action;
use onsite_core::service::{ApiError, WoFilter, WorkOrderView};
use tauri::{AppHandle, State};

use super::doc_id;
use crate::dto::WoListItem;
use crate::state::AppState;

/// Work orders matching `filter` (an engineer sees only their own).
#[tauri::command(async)]
pub fn list_work_orders(
    state: State<'_, AppState>,
    filter: Option<WoFilter>,
) -> Result<Vec<WoListItem>, ApiError> {
    let items = state.with(|d| d.list_work_orders(filter.unwrap_or_default()))?;
    Ok(items.into_iter().map(Into::into).collect())
}

/// Signed records not filed yet.
#[tauri::command(async)]
pub fn list_to_file(state: State<'_, AppState>) -> Result<Vec<WoListItem>, ApiError> {
    let items = state.with(|d| d.list_to_file())?;
    Ok(items.into_iter().map(Into::into).collect())
}

/// One work order with everything the detail screen shows.
#[tauri::command(async)]
pub fn get_work_order(state: State<'_, AppState>, id: String) -> Result<WorkOrderView, ApiError> {
    let id = doc_id("id", &id)?;
    state.with(|d| d.get_work_order(&id))
}

/// A lifecycle action (respond, depart, arrive, …, close, cancel).
#[tauri::command(async)]
pub fn act(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
    action: Action,
) -> Result<WorkOrderView, ApiError> {
    let id = doc_id("id", &id)?;
    let v = state.with(|d| d.act(&id, action))?;
    state.edited(&app);
    Ok(v)
}

/// Assigns or reassigns the order (office).
#[tauri::command(async)]
pub fn assign(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
    engineer: String,
) -> Result<WorkOrderView, ApiError> {
    let id = doc_id("id", &id)?;
    let v = state.with(|d| d.assign(&id, engineer.trim()))?;
    state.edited(&app);
    Ok(v)
}

/// Updates the service record (fields left out stay as they are).
#[tauri::command(async)]
pub fn update_service(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
    patch: ServicePatch,
) -> Result<WorkOrderView, ApiError> {
    let id = doc_id("id", &id)?;
    let v = state.with(|d| d.update_service(&id, patch))?;
    state.edited(&app);
    Ok(v)
}

/// Adds a note (the role comes from the session).
#[tauri::command(async)]
pub fn add_note(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
    text: String,
) -> Result<WorkOrderView, ApiError> {
    let id = doc_id("id", &id)?;
    let v = state.with(|d| d.add_note(&id, &text))?;
    state.edited(&app);
    Ok(v)
}

/// Overrides the computed charge with a written reason.
#[tauri::command(async)]
pub fn set_charge_override(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
    amount_fen: i64,
    reason: String,
) -> Result<WorkOrderView, ApiError> {
    let id = doc_id("id", &id)?;
    let v = state.with(|d| d.set_charge_override(&id, amount_fen, &reason))?;
    state.edited(&app);
    Ok(v)
}

/// The customer's sign-off.
#[tauri::command(async)]
pub fn sign(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
    input: SignInput,
) -> Result<WorkOrderView, ApiError> {
    let id = doc_id("id", &id)?;
    let v = state.with(|d| d.sign(&id, input))?;
    state.edited(&app);
    Ok(v)
}

/// A new work order (office).
#[tauri::command(async)]
pub fn create_work_order(
    app: AppHandle,
    state: State<'_, AppState>,
    input: NewWorkOrder,
) -> Result<WorkOrderView, ApiError> {
    let v = state.with(|d| d.create_work_order(input))?;
    state.edited(&app);
    Ok(v)
}
