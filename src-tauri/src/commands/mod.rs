//! The `#[tauri::command]`s of docs/ipc.md, one thin function each: parse
//! the arguments (with `onsite_core::service::args`), call core through
//! [`crate::app_state::AppState`], return `Result<T, ApiError>` (`{code,
//! message}` on refusal, passed through from core unchanged). Mutating
//! commands return the fresh view and poke the sync loop; they send no
//! event (`docs://changed` means changes arrived from the server).
//!
//! Top-level argument names arrive camelCase and Tauri maps them to these
//! snake_case parameters (`workOrderId` → `work_order_id`); nested inputs
//! are core's serde types with their snake_case fields.

pub mod company;
pub mod complaints;
pub mod drafts;
pub mod office;
pub mod parts;
pub mod records;
pub mod session;
pub mod sync;
pub mod work_orders;

pub use onsite_core::service::args::doc_id;
