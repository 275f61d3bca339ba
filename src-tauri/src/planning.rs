//! Keeps the office's planned maintenance visits ahead of time: runs
//! core's `Device::plan_visits` (idempotent; a no-op on devices other than
//! the office's) when the app starts and whenever changes arrived by sync.
//! What it creates is synced like any edit.

use crate::app_state::AppState;

/// Plans the visits; returns whether it created or cancelled any order.
pub fn plan(state: &AppState) -> bool {
    match state.edit(|d| d.plan_visits()) {
        Ok(r) if r.created.is_empty() && r.cancelled.is_empty() => false,
        Ok(r) => {
            tracing::info!(
                created = r.created.len(),
                cancelled = r.cancelled.len(),
                "planned maintenance visits"
            );
            true
        }
        Err(e) => {
            tracing::warn!(code = %e.code, "visits not planned: {}", e.message);
            false
        }
    }
}
