//! The embedded [`ServerStore`]: one SQLite file (WAL) in the data
//! directory, `onsite-server.db`, behind a mutex. Documents are stored with
//! core's `store::docs` (snapshot plus chunks); the server's own tables are
//! in `migrations/0002_server.sql` and after.
//!
//! The queries live by topic: [`accounts`] (users and devices),
//! [`documents`] (documents, access rows, sync states, the commit) and
//! [`queries`] (change feed and listings), [`attribution`] (the actors
//! registry and the change receipts); [`backup`] copies the database
//! out and back in (the `backup` and `restore` commands). This file opens the
//! database and routes each [`ServerStore`] method to them under the
//! connection's lock.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use onsite_core::model::DocKind;
use onsite_core::store::docs::{SavedForm, DOCS_MIGRATION};
use onsite_core::store::migrate::{migrate, open_file, Migration, STATEMENT_CACHE};
use std::collections::BTreeMap;

use automerge::ActorId;
use onsite_core::sync::attribution::{ActorRegistered, ChangeReceipt};
use rusqlite::Connection;

use crate::role::Role;

use super::{
    ActorOwner, Appended, BlobState, BlobUpload, ChangedPage, CommitOutcome, DeviceAuth, DocCommit,
    DocHead, DocSummary, EnrolledDevice, Flag, NewDevice, Reader, Receipt, ServerStore, StoreError,
    StoredDoc, User,
};

mod accounts;
mod attribution;
pub mod backup;
mod blobs;
mod documents;
mod queries;

/// The database file's name inside the data directory.
pub const DB_FILE: &str = "onsite-server.db";

/// The server's migrations: core's document tables, then its own.
pub const MIGRATIONS: &[Migration] = &[
    DOCS_MIGRATION,
    Migration::new(2, include_str!("migrations/0002_server.sql")),
    Migration::new(3, include_str!("migrations/0003_slot_reuse.sql")),
    Migration::new(4, include_str!("migrations/0004_contract_access.sql")),
    Migration::new(5, include_str!("migrations/0005_people.sql")),
    Migration::new(6, include_str!("migrations/0006_expert_access.sql")),
    Migration::new(7, include_str!("migrations/0007_attribution.sql")),
    Migration::new(8, include_str!("migrations/0008_blobs.sql")),
];

/// The SQLite implementation of [`ServerStore`].
#[derive(Debug)]
pub struct SqliteStore {
    conn: Mutex<Connection>,
    /// Read once at opening: only `restore` changes it, into a directory no
    /// server serves.
    epoch: [u8; 8],
    /// Made once by migration 7 and never changed.
    server_actor: ActorId,
}

impl SqliteStore {
    /// Opens (creating when needed) `DATA_DIR/onsite-server.db` and migrates it.
    pub fn open(data_dir: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(data_dir).map_err(|source| StoreError::DataDir {
            path: data_dir.display().to_string(),
            source,
        })?;
        let mut conn = open_file(&data_dir.join(DB_FILE))?;
        migrate(&mut conn, MIGRATIONS)?;
        Self::with_conn(conn)
    }

    /// An in-memory store (tests).
    pub fn in_memory() -> Result<Self, StoreError> {
        let mut conn = Connection::open_in_memory()?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        migrate(&mut conn, MIGRATIONS)?;
        Self::with_conn(conn)
    }

    fn with_conn(conn: Connection) -> Result<Self, StoreError> {
        let epoch = backup::read_epoch(&conn)?;
        let server_actor = attribution::read_server_actor(&conn)?;
        Ok(SqliteStore {
            conn: Mutex::new(conn),
            epoch,
            server_actor,
        })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock rolled its transaction back; the
        // connection itself is fine.
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Every row `sql` gives for `params`, each made by `row` (the listings of
/// [`accounts`] and [`queries`]).
fn all_rows<T, P: rusqlite::Params>(
    conn: &Connection,
    sql: &str,
    params: P,
    row: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params, row)?.collect::<Result<_, _>>()?;
    Ok(rows)
}

impl ServerStore for SqliteStore {
    fn add_user(&self, user: &User) -> Result<(), StoreError> {
        accounts::add_user(&self.conn(), user)
    }

    fn user(&self, name: &str) -> Result<Option<User>, StoreError> {
        accounts::user(&self.conn(), name)
    }

    fn users(&self) -> Result<Vec<User>, StoreError> {
        accounts::users(&self.conn())
    }

    fn add_device(&self, new: NewDevice<'_>) -> Result<EnrolledDevice, StoreError> {
        accounts::add_device(&mut self.conn(), new)
    }

    fn device_by_token_hash(
        &self,
        token_hash: &[u8; 32],
    ) -> Result<Option<DeviceAuth>, StoreError> {
        accounts::device_by_token_hash(&self.conn(), token_hash)
    }

    fn revoke_device(&self, id: i64, now_ms: i64) -> Result<EnrolledDevice, StoreError> {
        accounts::revoke_device(&self.conn(), id, now_ms)
    }

    fn devices(&self) -> Result<Vec<EnrolledDevice>, StoreError> {
        accounts::devices(&self.conn())
    }

    fn set_user_disabled(&self, name: &str, at: Option<i64>) -> Result<User, StoreError> {
        accounts::set_user_disabled(&self.conn(), name, at)
    }

    fn set_user_role(&self, name: &str, role: Role) -> Result<User, StoreError> {
        accounts::set_user_role(&mut self.conn(), name, role)
    }

    fn record_sync(&self, device_id: i64, now_ms: i64) -> Result<(), StoreError> {
        accounts::record_sync(&self.conn(), device_id, now_ms)
    }

    fn epoch(&self) -> Result<[u8; 8], StoreError> {
        Ok(self.epoch)
    }

    fn load_doc(&self, id: &str) -> Result<Option<StoredDoc>, StoreError> {
        documents::load_doc(&self.conn(), id)
    }

    /// From the `documents` row's saved heads (see [`documents::doc_head`]).
    fn doc_head(&self, id: &str) -> Result<Option<DocHead>, StoreError> {
        documents::doc_head(&self.conn(), id)
    }

    fn saved_form(&self, id: &str) -> Result<Option<SavedForm>, StoreError> {
        Ok(onsite_core::store::docs::saved_form(&self.conn(), id)?)
    }

    fn commit_doc(&self, c: DocCommit<'_>) -> Result<CommitOutcome, StoreError> {
        documents::commit_doc(&mut self.conn(), c)
    }

    fn sync_state(&self, device_id: i64, doc_id: &str) -> Result<Option<Vec<u8>>, StoreError> {
        documents::sync_state(&self.conn(), device_id, doc_id)
    }

    fn put_sync_state(&self, device_id: i64, doc_id: &str, state: &[u8]) -> Result<(), StoreError> {
        documents::put_sync_state(&self.conn(), device_id, doc_id, state)
    }

    fn put_sync_states(
        &self,
        device_id: i64,
        states: &[(String, Vec<u8>)],
    ) -> Result<(), StoreError> {
        documents::put_sync_states(&mut self.conn(), device_id, states)
    }

    fn linked_to(&self, user: &str, id: &str, kind: DocKind) -> Result<bool, StoreError> {
        queries::linked_to(&self.conn(), user, id, kind)
    }

    fn changed_since(
        &self,
        reader: Reader<'_>,
        after: u64,
        limit: usize,
    ) -> Result<ChangedPage, StoreError> {
        queries::changed_since(&self.conn(), reader, after, limit)
    }

    fn max_seq(&self) -> Result<u64, StoreError> {
        queries::max_seq(&self.conn())
    }

    fn doc_list(&self, kind: Option<DocKind>) -> Result<Vec<DocSummary>, StoreError> {
        queries::doc_list(&self.conn(), kind)
    }

    fn receipts(&self) -> Result<Vec<Receipt>, StoreError> {
        queries::receipts(&self.conn())
    }

    fn receipt(&self, doc_id: &str) -> Result<Option<Receipt>, StoreError> {
        queries::receipt(&self.conn(), doc_id)
    }

    fn flags(&self) -> Result<Vec<Flag>, StoreError> {
        queries::flags(&self.conn())
    }

    fn register_actor(
        &self,
        actor: &ActorId,
        device_id: i64,
        now_ms: i64,
        limit: usize,
    ) -> Result<ActorRegistered, StoreError> {
        attribution::register_actor(&mut self.conn(), actor, device_id, now_ms, limit)
    }

    fn actor_owners(
        &self,
        actors: &[ActorId],
    ) -> Result<BTreeMap<ActorId, ActorOwner>, StoreError> {
        attribution::actor_owners(&self.conn(), actors)
    }

    fn server_actor(&self) -> Result<ActorId, StoreError> {
        Ok(self.server_actor.clone())
    }

    fn provenance(
        &self,
        doc_ids: &[String],
    ) -> Result<BTreeMap<String, Vec<ChangeReceipt>>, StoreError> {
        attribution::provenance(&self.conn(), doc_ids)
    }

    fn actor_counts(&self) -> Result<BTreeMap<i64, u64>, StoreError> {
        attribution::actor_counts(&self.conn())
    }

    fn blobs_missing(&self, hashes: &[String]) -> Result<Vec<String>, StoreError> {
        blobs::missing(&self.conn(), hashes)
    }

    fn blob_state(&self, hash: &str) -> Result<BlobState, StoreError> {
        blobs::state(&self.conn(), hash)
    }

    fn append_blob(&self, up: BlobUpload<'_>) -> Result<Appended, StoreError> {
        blobs::append(&mut self.conn(), up)
    }

    fn blob(&self, hash: &str) -> Result<Option<Vec<u8>>, StoreError> {
        blobs::bytes(&self.conn(), hash)
    }

    fn blob_docs(&self, hash: &str) -> Result<Vec<String>, StoreError> {
        blobs::referencing(&self.conn(), hash)
    }
}

#[cfg(test)]
mod tests;
