//! The `#[tauri::command]`s of docs/ipc.md, one thin function each: parse
//! the arguments (with `onsite_core::service::args`), call core through
//! [`crate::app_state::AppState`], return `Result<T, ApiError>` (`{code,
//! message}` on refusal, passed through from core unchanged). Mutating
//! commands return the fresh view and poke the sync loop; they send no
//! event (`docs://changed` means changes arrived from the server).
//!
//! Most edits and reads are one call on the device: [`edits!`] and
//! [`reads!`] write them out.
//!
//! Top-level argument names arrive camelCase and Tauri maps them to these
//! snake_case parameters (`workOrderId` → `work_order_id`); nested inputs
//! are core's serde types with their snake_case fields.

/// Commands that make one change on the device and answer with what it
/// returns (the fresh view), poking the sync loop
/// ([`crate::app_state::AppState::edit`]): `name(args) -> T => |d| call`
/// makes `pub fn name(state, args) -> Result<T, ApiError>` running `call`
/// on the device `d`.
macro_rules! edits {
    ($($command:tt)*) => {
        device_commands! { edit; $($command)* }
    };
}

/// Commands that read from the device and answer with what they find
/// ([`crate::app_state::AppState::with`]), written like [`edits!`]'s.
macro_rules! reads {
    ($($command:tt)*) => {
        device_commands! { with; $($command)* }
    };
}

/// [`edits!`] and [`reads!`]: each command runs its call through
/// `state.$run`.
macro_rules! device_commands {
    ($run:ident; $(
        $(#[doc = $doc:literal])*
        $name:ident($($arg:ident: $ty:ty),*) -> $out:ty => |$d:ident| $call:expr;
    )*) => {$(
        $(#[doc = $doc])*
        #[tauri::command(async)]
        pub fn $name(
            state: tauri::State<'_, crate::app_state::AppState>,
            $($arg: $ty),*
        ) -> Result<$out, onsite_core::service::ApiError> {
            state.$run(|$d| $call)
        }
    )*};
}

pub mod company;
pub mod complaints;
pub mod contracts;
pub mod customers;
pub mod dispatch;
pub mod drafts;
pub mod followups;
pub mod history;
pub mod loaners;
pub mod office;
pub mod parts;
pub mod photos;
pub mod records;
pub mod session;
pub mod stats;
pub mod sync;
pub mod warehouse;
pub mod work_orders;

pub use onsite_core::service::args::doc_id;
