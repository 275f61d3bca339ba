//! The [`ServerStore`] on PostgreSQL (issue 19): several server processes
//! share one database. CONTRACT SKELETON — replaced by the real store.

use std::collections::BTreeMap;

use automerge::ActorId;
use onsite_core::model::DocKind;
use onsite_core::sync::attribution::{ActorRegistered, ChangeReceipt};

use crate::role::Role;

use super::{
    ActorOwner, Appended, BlobState, Changed, CommitOutcome, DeviceAuth, DocCommit, DocSummary,
    EnrolledDevice, Flag, NewDevice, Reader, Receipt, ServerStore, StoreError, StoredDoc, User,
};

/// The PostgreSQL implementation of [`ServerStore`].
pub struct PgStore {
    _private: (),
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PgStore")
    }
}

impl PgStore {
    /// Connects to `url` (`postgres://user@host:port/db`), brings
    /// the database to the current schema (taking an advisory lock, so two
    /// instances starting at once migrate it once) and returns the store.
    /// Blocking; may be called from inside or outside a tokio runtime.
    /// With `schema`, the store lives in that schema (created when
    /// missing): every pooled connection's `search_path` is set to it.
    pub fn connect(url: &str, schema: Option<&str>) -> Result<Self, StoreError> {
        let _ = (url, schema);
        todo!("issue 19: PgStore::connect")
    }

    /// Starts the epoch over (after a restore from `pg_dump`: devices'
    /// cursors of the old epoch start over, see `docs/operations.md`).
    pub fn new_epoch(&self) -> Result<[u8; 8], StoreError> {
        todo!()
    }
}

#[allow(unused_variables)]
impl ServerStore for PgStore {
    fn add_user(&self, user: &User) -> Result<(), StoreError> {
        todo!()
    }
    fn user(&self, name: &str) -> Result<Option<User>, StoreError> {
        todo!()
    }
    fn users(&self) -> Result<Vec<User>, StoreError> {
        todo!()
    }
    fn set_user_disabled(&self, name: &str, at: Option<i64>) -> Result<User, StoreError> {
        todo!()
    }
    fn set_user_role(&self, name: &str, role: Role) -> Result<User, StoreError> {
        todo!()
    }
    fn add_device(&self, new: NewDevice<'_>) -> Result<EnrolledDevice, StoreError> {
        todo!()
    }
    fn device_by_token_hash(
        &self,
        token_hash: &[u8; 32],
    ) -> Result<Option<DeviceAuth>, StoreError> {
        todo!()
    }
    fn revoke_device(&self, id: i64, now_ms: i64) -> Result<EnrolledDevice, StoreError> {
        todo!()
    }
    fn devices(&self) -> Result<Vec<EnrolledDevice>, StoreError> {
        todo!()
    }
    fn record_sync(&self, device_id: i64, now_ms: i64) -> Result<(), StoreError> {
        todo!()
    }
    fn epoch(&self) -> Result<[u8; 8], StoreError> {
        todo!()
    }
    fn load_doc(&self, id: &str) -> Result<Option<StoredDoc>, StoreError> {
        todo!()
    }
    fn commit_doc(&self, commit: DocCommit<'_>) -> Result<CommitOutcome, StoreError> {
        todo!()
    }
    fn sync_state(&self, device_id: i64, doc_id: &str) -> Result<Option<Vec<u8>>, StoreError> {
        todo!()
    }
    fn put_sync_state(&self, device_id: i64, doc_id: &str, state: &[u8]) -> Result<(), StoreError> {
        todo!()
    }
    fn linked_to(&self, user: &str, id: &str, kind: DocKind) -> Result<bool, StoreError> {
        todo!()
    }
    fn receipt(&self, doc_id: &str) -> Result<Option<Receipt>, StoreError> {
        todo!()
    }
    fn changed_since(
        &self,
        reader: Reader<'_>,
        after: u64,
        limit: usize,
    ) -> Result<Vec<Changed>, StoreError> {
        todo!()
    }
    fn max_seq(&self) -> Result<u64, StoreError> {
        todo!()
    }
    fn doc_list(&self, kind: Option<DocKind>) -> Result<Vec<DocSummary>, StoreError> {
        todo!()
    }
    fn receipts(&self) -> Result<Vec<Receipt>, StoreError> {
        todo!()
    }
    fn flags(&self) -> Result<Vec<Flag>, StoreError> {
        todo!()
    }
    fn register_actor(
        &self,
        actor: &ActorId,
        device_id: i64,
        now_ms: i64,
        limit: usize,
    ) -> Result<ActorRegistered, StoreError> {
        todo!()
    }
    fn actor_owners(
        &self,
        actors: &[ActorId],
    ) -> Result<BTreeMap<ActorId, ActorOwner>, StoreError> {
        todo!()
    }
    fn server_actor(&self) -> Result<ActorId, StoreError> {
        todo!()
    }
    fn provenance(
        &self,
        doc_ids: &[String],
    ) -> Result<BTreeMap<String, Vec<ChangeReceipt>>, StoreError> {
        todo!()
    }
    fn actor_counts(&self) -> Result<BTreeMap<i64, u64>, StoreError> {
        todo!()
    }
    fn blobs_missing(&self, hashes: &[String]) -> Result<Vec<String>, StoreError> {
        todo!()
    }
    fn blob_state(&self, hash: &str) -> Result<BlobState, StoreError> {
        todo!()
    }
    fn append_blob(
        &self,
        hash: &str,
        offset: u64,
        length: Option<u64>,
        bytes: &[u8],
        device_id: i64,
        now_ms: i64,
    ) -> Result<Appended, StoreError> {
        todo!()
    }
    fn blob(&self, hash: &str) -> Result<Option<Vec<u8>>, StoreError> {
        todo!()
    }
    fn blob_docs(&self, hash: &str) -> Result<Vec<String>, StoreError> {
        todo!()
    }
}
