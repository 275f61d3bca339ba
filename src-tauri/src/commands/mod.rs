//! The `#[tauri::command]`s of docs/ipc.md, one thin function each: parse
//! the arguments, call core through [`crate::state::AppState`], return
//! `Result<T, ApiError>` (`{code, message}` on refusal). Mutating commands
//! poke the sync loop and emit `docs://changed`.
//!
//! Top-level argument names arrive camelCase and Tauri maps them to these
//! snake_case parameters (`workOrderId` → `work_order_id`); nested inputs
//! are core's serde types with their snake_case fields.

pub mod office;
pub mod parts;
pub mod records;
pub mod session;
pub mod sync;
pub mod work_orders;

use onsite_core::model::DocId;
use onsite_core::service::ApiError;

use crate::errors::bad_id;

/// Parses a document id argument.
pub fn doc_id(arg: &str, value: &str) -> Result<DocId, ApiError> {
    value
        .trim()
        .parse::<DocId>()
        .map_err(|e| bad_id(arg, value, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_or_fail_as_invalid() {
        let id = DocId::new(onsite_core::model::DocKind::WorkOrder);
        assert_eq!(doc_id("id", id.as_str()).unwrap(), id);
        let e = doc_id("id", "nonsense").unwrap_err();
        assert_eq!(e.code, "invalid");
        assert!(e.message.contains("nonsense"));
    }
}
