//! Local persistence on SQLite: migrations and document storage, shared by
//! the device store and the sync server.

pub mod bookkeeping;
pub mod device;
pub mod docs;
pub mod error;
pub mod migrate;
pub mod projection;
pub mod query;

pub use bookkeeping::keys as meta_keys;
pub use device::Store;
pub use error::{EditError, StoreError};
pub use projection::{PickupRow, StockRow, WoRow};
pub use query::WoFilter;
