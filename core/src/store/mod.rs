//! Local persistence on SQLite.
//!
//! Shared with the sync server: [`migrate`] (numbered migrations, opening a
//! file) and [`docs`] (documents as a snapshot plus chunks). The device's
//! own: [`device`] (the [`Store`]: one transaction per action), its
//! [`projection`] rows for lists and [`query`] over them, and
//! [`bookkeeping`] (dirty set, `meta` settings, sync state), [`drafts`]
//! (forms typed into and not saved yet), [`complaints`] (the complaint
//! list's rows and the report's queries), [`provenance`] (the server's
//! receipts of changes and owners of actors, cached for the history), [`blobs`]
//! (photo bytes by their SHA-256). [`error`]: the store's typed
//! errors.

pub mod blobs;
pub mod bookkeeping;
pub mod complaints;
pub mod device;
pub mod docs;
pub mod drafts;
pub mod error;
pub mod migrate;
pub mod notices;
pub mod paging;
pub mod projection;
pub mod provenance;
pub mod query;

pub use bookkeeping::keys as meta_keys;
pub use device::{DocReader, Store};
pub use drafts::Draft;
pub use error::{EditError, StoreError};
pub use paging::Paging;
pub use projection::{CustomerRow, PickupRow, StockRow, WoRow};
pub use query::{AssigneeLoad, CustomerFilter, LoanerOut, WoFilter};
