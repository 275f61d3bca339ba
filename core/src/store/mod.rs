//! Local persistence on SQLite: migrations and document storage, shared by
//! the device store and the sync server.

pub mod docs;
pub mod migrate;
