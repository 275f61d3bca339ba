//! The office's lookups: `list_customers`, `create_customer`,
//! `list_engineers`.

use onsite_core::demo::ENGINEERS;
use onsite_core::service::{ApiError, CustomerSummary, Engineer, NewCustomerInput, WoFilter};
use tauri::{AppHandle, State};

use crate::state::AppState;

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

/// A new customer (office).
#[tauri::command(async)]
pub fn create_customer(
    app: AppHandle,
    state: State<'_, AppState>,
    input: NewCustomerInput,
) -> Result<CustomerSummary, ApiError> {
    let c = state.with(|d| d.create_customer(input.into()))?;
    state.edited(&app);
    Ok(c.into())
}

/// The engineers work can be assigned to: the company's on-call engineers,
/// plus anyone orders on this device are assigned to.
#[tauri::command(async)]
pub fn list_engineers(state: State<'_, AppState>) -> Result<Vec<Engineer>, ApiError> {
    let assignees: Vec<String> = state.with(|d| {
        Ok(d.store
            .list_work_orders(&WoFilter::default())?
            .into_iter()
            .filter_map(|r| r.assignee)
            .collect())
    })?;
    Ok(engineers(assignees))
}

/// The directory merged with the names seen on orders, directory first.
pub fn engineers(seen: impl IntoIterator<Item = String>) -> Vec<Engineer> {
    let mut out: Vec<Engineer> = ENGINEERS
        .iter()
        .map(|(name, display)| Engineer {
            name: (*name).into(),
            display: (*display).into(),
        })
        .collect();
    for name in seen {
        if !name.is_empty() && !out.iter().any(|e| e.name == name) {
            out.push(Engineer {
                display: name.clone(),
                name,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engineers_are_the_directory_plus_new_names_once() {
        let list = engineers([
            "yangjinwei".to_string(),
            "newbie".into(),
            "newbie".into(),
            String::new(),
        ]);
        assert_eq!(list.len(), ENGINEERS.len() + 1);
        assert_eq!(list[0].name, "yangjinwei");
        assert_eq!(list[0].display, "杨金伟");
        assert_eq!(list.last().unwrap().display, "newbie");
    }
}
