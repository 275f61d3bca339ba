//! Spare parts: `pickup_parts`, `mark_part`, `list_stock`.

use onsite_core::model::MAIN_WAREHOUSE;
use onsite_core::service::{ApiError, StockItem, WorkOrderView};
use tauri::{AppHandle, State};

use super::doc_id;
use crate::state::AppState;

/// Picks parts up for a work order. Core picks from the main warehouse
/// only so far: another `warehouse` is refused rather than booked wrongly.
#[tauri::command(async)]
pub fn pickup_parts(
    app: AppHandle,
    state: State<'_, AppState>,
    work_order_id: String,
    part_id: String,
    qty: i64,
    serials: Option<Vec<String>>,
    warehouse: Option<String>,
) -> Result<WorkOrderView, ApiError> {
    let wo = doc_id("workOrderId", &work_order_id)?;
    let part = doc_id("partId", &part_id)?;
    check_warehouse(warehouse.as_deref())?;
    let serials = serials
        .unwrap_or_default()
        .into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    let v = state.with(|d| d.pickup_parts(&wo, &part, qty, serials))?;
    state.edited(&app);
    Ok(v)
}

/// `null`, empty or the main warehouse.
pub fn check_warehouse(w: Option<&str>) -> Result<(), ApiError> {
    match w.map(str::trim) {
        None | Some("") => Ok(()),
        Some(w) if w == MAIN_WAREHOUSE => Ok(()),
        Some(w) => Err(ApiError::new(
            "invalid",
            format!(
                "picking from warehouse {w:?} is not supported yet: pick from {MAIN_WAREHOUSE:?}"
            ),
        )),
    }
}

/// Marks units of a pickup used and/or returned (absolute quantities).
#[tauri::command(async)]
pub fn mark_part(
    app: AppHandle,
    state: State<'_, AppState>,
    pickup_id: String,
    used: i64,
    returned: i64,
) -> Result<WorkOrderView, ApiError> {
    let id = doc_id("pickupId", &pickup_id)?;
    let v = state.with(|d| d.mark_part(&id, used, returned))?;
    state.edited(&app);
    Ok(v)
}

/// Every part's stock per warehouse.
#[tauri::command(async)]
pub fn list_stock(state: State<'_, AppState>) -> Result<Vec<StockItem>, ApiError> {
    state.with(|d| d.list_stock())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_main_warehouse_is_accepted_for_now() {
        assert!(check_warehouse(None).is_ok());
        assert!(check_warehouse(Some("")).is_ok());
        assert!(check_warehouse(Some(MAIN_WAREHOUSE)).is_ok());
        assert_eq!(
            check_warehouse(Some("chengdu")).unwrap_err().code,
            "invalid"
        );
    }
}
