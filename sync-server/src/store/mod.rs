//! The server's storage, behind the [`ServerStore`] trait: documents with
//! their change sequence and access rows, per-(device, document) sync
//! states, users and devices, filing receipts and tamper flags.
//!
//! [`sqlite::SqliteStore`] is the embedded implementation. Every method is
//! blocking; async callers run them on `spawn_blocking`. Writes to a
//! document go through [`ServerStore::commit_doc`], which is optimistic: it
//! fails with [`StoreError::Conflict`] when the document changed since it
//! was loaded, and the caller reloads and retries.
//!
//! (Over 500 lines on purpose: the `ServerStore` trait is the contract a
//! second engine — PostgreSQL, issue 19 — implements, so its methods and
//! their row types stay together.)

pub mod postgres;
mod sql;
pub mod sqlite;

use std::collections::BTreeMap;

use automerge::{ActorId, AutoCommit, ChangeHash};
use onsite_core::model::DocKind;
use onsite_core::store::docs::SavedForm;
use onsite_core::sync::attribution::{ActorRegistered, ChangeReceipt, Via};
use serde::Serialize;

use crate::access::Access;
use crate::role::Role;

/// The highest device slot; slots go into work-order numbers.
pub const MAX_SLOT: i64 = 999;

/// Errors from the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite failed.
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL failed (a query, or the connection).
    #[error("postgres: {0}")]
    Postgres(#[from] tokio_postgres::Error),
    /// No PostgreSQL connection could be had from the pool.
    #[error("postgres pool: {0}")]
    Pool(#[from] deadpool_postgres::PoolError),
    /// The PostgreSQL URL or pool settings are not usable.
    #[error("postgres configuration: {0}")]
    PgConfig(String),
    /// Loading or saving a document failed.
    #[error(transparent)]
    Doc(Box<onsite_core::store::docs::DocStoreError>),
    /// The database could not be brought to the current schema.
    #[error(transparent)]
    Migrate(Box<onsite_core::store::migrate::MigrateError>),
    /// The data directory could not be created.
    #[error("data directory {path}: {source}")]
    DataDir {
        /// The directory.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The document changed between load and commit; reload and retry.
    #[error("document {0} changed concurrently")]
    Conflict(String),
    /// A user with this name exists already.
    #[error("user {0:?} exists already")]
    DuplicateUser(String),
    /// No user has this name.
    #[error("no user named {0:?}")]
    UnknownUser(String),
    /// No device has this id.
    #[error("no device with id {0}")]
    UnknownDevice(i64),
    /// All 999 device slots are held by devices that are not revoked.
    #[error("all 999 device slots are held by devices in use; revoke a lost or retired one")]
    NoFreeSlot,
    /// The actor is registered to another device (or is the server's).
    #[error("actor {actor} is registered to another device")]
    ActorTaken {
        /// The actor, hex.
        actor: String,
    },
    /// The device holds the most actors it may register.
    #[error("device {device_id} holds {limit} actors already, the most one device may register")]
    TooManyActors {
        /// The device.
        device_id: i64,
        /// The limit.
        limit: usize,
    },
}

impl StoreError {
    /// Whether SQLite failed because the data directory's disk is full
    /// (`SQLITE_FULL`): the transaction was rolled back, nothing is stored.
    pub fn is_disk_full(&self) -> bool {
        let sqlite = match self {
            StoreError::Sqlite(e) => Some(e),
            StoreError::Doc(d) => match d.as_ref() {
                onsite_core::store::docs::DocStoreError::Sqlite(e) => Some(e),
                _ => None,
            },
            _ => None,
        };
        matches!(
            sqlite,
            Some(rusqlite::Error::SqliteFailure(f, _)) if f.code == rusqlite::ErrorCode::DiskFull
        )
    }
}

impl From<onsite_core::store::docs::DocStoreError> for StoreError {
    fn from(e: onsite_core::store::docs::DocStoreError) -> Self {
        StoreError::Doc(Box::new(e))
    }
}

impl From<onsite_core::store::migrate::MigrateError> for StoreError {
    fn from(e: onsite_core::store::migrate::MigrateError) -> Self {
        StoreError::Migrate(Box::new(e))
    }
}

/// A user as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    /// The user name documents use (`assignee`, `engineer`).
    pub name: String,
    /// Engineer, office or storekeeper.
    pub role: Role,
    /// A display name (e.g. the Chinese name).
    pub display_name: Option<String>,
    /// Unix milliseconds.
    pub created_at: i64,
    /// Unix milliseconds, while the user is disabled (every device of the
    /// user gets 401).
    pub disabled_at: Option<i64>,
}

/// A device to enrol ([`ServerStore::add_device`]).
#[derive(Debug, Clone, Copy)]
pub struct NewDevice<'a> {
    /// Its user's name.
    pub user: &'a str,
    /// A free-text label.
    pub label: Option<&'a str>,
    /// The SHA-256 of its token.
    pub token_hash: [u8; 32],
    /// Unix milliseconds.
    pub now_ms: i64,
    /// The highest work-order sequence number made with each slot (see
    /// `crate::slots`); empty while some slot was never used.
    pub highest_seq: &'a BTreeMap<u16, u32>,
}

/// An enrolled device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnrolledDevice {
    /// The device id (admin commands and `/v1/me`).
    pub id: i64,
    /// Its user's name.
    pub user: String,
    /// A free-text label ("杨金伟's phone").
    pub label: Option<String>,
    /// Slot 1..=999 for work-order numbers (printed with at least two digits).
    pub slot: u16,
    /// The first work-order sequence number the device may use: 1, or
    /// above every number made before with a slot given again.
    pub first_seq: u32,
    /// Unix milliseconds.
    pub created_at: i64,
    /// Unix milliseconds, once revoked.
    pub revoked_at: Option<i64>,
    /// Unix milliseconds of the device's last sync round trip (recorded at
    /// most once a minute, see [`ServerStore::record_sync`]).
    pub last_sync_at: Option<i64>,
}

/// What a token lookup finds: the device, its user and the stored hash
/// (compared again in constant time by the caller).
#[derive(Debug, Clone)]
pub struct DeviceAuth {
    /// The device.
    pub device: EnrolledDevice,
    /// Its user.
    pub user: User,
    /// The stored SHA-256 of the token.
    pub token_hash: [u8; 32],
    /// The change-sequence number of the user's last role change (0: never).
    pub role_since: u64,
}

/// A stored document with its bookkeeping.
#[derive(Debug)]
pub struct StoredDoc {
    /// The document.
    pub doc: AutoCommit,
    /// Its change-sequence number (pass it back as `expected_seq`).
    pub seq: u64,
    /// Its access row.
    pub access: Access,
}

/// What the store knows of a document without loading it: its heads as
/// last saved, its sequence number and its access row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocHead {
    /// The heads of the stored document (those a load would give).
    pub heads: Vec<ChangeHash>,
    /// Its change-sequence number.
    pub seq: u64,
    /// Its access row.
    pub access: Access,
}

/// A filing receipt row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Receipt {
    /// The work order.
    pub doc_id: String,
    /// RFC 3339 server time.
    pub received_at: String,
    /// The verified content hash.
    pub content_hash: String,
    /// `sync` or `import`.
    pub via: String,
}

/// A tamper flag row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flag {
    /// The work order.
    pub doc_id: String,
    /// RFC 3339 server time.
    pub detected_at: String,
    /// What was found.
    pub reason: String,
}

/// One document write: the document, its derived access, and what goes
/// with it in the same transaction.
#[derive(Debug)]
pub struct DocCommit<'a> {
    /// The document id.
    pub id: &'a str,
    /// Its kind (from the id prefix).
    pub kind: DocKind,
    /// The `seq` it had when loaded, `None` when it was not stored.
    pub expected_seq: Option<u64>,
    /// The document, with the new changes.
    pub doc: &'a mut AutoCommit,
    /// Access derived from the document as it is now.
    pub access: Access,
    /// The device's sync state for this document, to store with it.
    pub sync_state: Option<(i64, Vec<u8>)>,
    /// A filing receipt written in this change.
    pub receipt: Option<Receipt>,
    /// A tamper flag written in this change.
    pub flag: Option<Flag>,
    /// The receipt of each change new to the server, stored only when the
    /// document is (a hash stored before keeps its first receipt).
    pub changes: Vec<ChangeRow>,
}

impl<'a> DocCommit<'a> {
    /// A write of `doc` as `id` (of `kind`) with its access derived from it and nothing
    /// beside it (no sync state, receipt, flag or change receipts): what an
    /// admin load, a fixture or a test stores. Set the other fields on the
    /// result where needed.
    pub fn plain(
        id: &'a str,
        kind: DocKind,
        expected_seq: Option<u64>,
        doc: &'a mut AutoCommit,
    ) -> Self {
        let access = Access::derive(kind, &*doc);
        DocCommit {
            id,
            kind,
            expected_seq,
            doc,
            access,
            sync_state: None,
            receipt: None,
            flag: None,
            changes: Vec::new(),
        }
    }
}

/// The server's receipt of one change it accepted (`change_receipts`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeRow {
    /// The change hash.
    pub hash: ChangeHash,
    /// The change's actor.
    pub actor: ActorId,
    /// When the server stored it, Unix milliseconds (its own clock).
    pub received_at: i64,
    /// How it arrived.
    pub via: Via,
    /// The device that pushed it (`None` for the server's own changes).
    pub device_id: Option<i64>,
    /// The pushing device's clock minus the server's at that request, ms.
    pub push_skew_ms: Option<i64>,
    /// The change's own timestamp (as the writer's clock gave it).
    pub change_time: i64,
}

/// Who a registered actor belongs to ([`ServerStore::actor_owners`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorOwner {
    /// The device it is registered to (`None`: the server's own actor).
    pub device_id: Option<i64>,
    /// That device's user.
    pub user: Option<String>,
    /// The user's display name.
    pub display_name: Option<String>,
    /// The device's label.
    pub device_label: Option<String>,
    /// When it was registered, Unix milliseconds.
    pub registered_at: i64,
}

/// The result of a commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommitOutcome {
    /// Nothing new to store (the sync state, if any, was stored).
    Unchanged,
    /// Stored with this change-sequence number.
    Stored(u64),
}

/// A document that changed for a reader, with the sequence number that
/// orders it (its own, or the grant that made it readable).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    /// The document id.
    pub id: String,
    /// Its position in the change sequence for this reader.
    pub seq: u64,
}

/// One page of a reader's change feed ([`ServerStore::changed_since`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangedPage {
    /// The documents, ordered by sequence number then id, at most the limit.
    pub rows: Vec<Changed>,
    /// How many documents the feed holds after the cursor asked, the limit
    /// aside (counted in the same query: the `remaining` of a response
    /// that says `more` is this less the rows the response covers).
    pub total: u64,
}

/// One line of `doc list`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocSummary {
    /// The id.
    pub id: String,
    /// The kind prefix.
    pub kind: String,
    /// Its change-sequence number.
    pub seq: u64,
    /// Work orders: the assignee; pickups: the engineer.
    pub holder: Option<String>,
}

/// What the server holds of a blob ([`ServerStore::blob_state`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlobState {
    /// Neither the blob nor an upload of it.
    Unknown,
    /// An upload in progress: `offset` bytes of `length` held.
    Partial {
        /// Bytes held (the next `PATCH` appends here).
        offset: u64,
        /// The declared whole length.
        length: u64,
    },
    /// The whole blob, verified.
    Complete {
        /// Its size in bytes.
        size: u64,
    },
}

/// One [`ServerStore::append_blob`] call: `bytes` at `offset` of the
/// upload of `hash`.
#[derive(Debug, Clone, Copy)]
pub struct BlobUpload<'a> {
    /// The blob's name: the SHA-256 of its whole bytes, hex.
    pub hash: &'a str,
    /// Where `bytes` go (what the server holds, or the append is refused).
    pub offset: u64,
    /// The whole length, declared when an upload starts.
    pub length: Option<u64>,
    /// The bytes.
    pub bytes: &'a [u8],
    /// The uploading device.
    pub device_id: i64,
    /// Unix milliseconds.
    pub now_ms: i64,
}

/// What [`ServerStore::append_blob`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Appended {
    /// Stored; `offset` bytes are now held, more are expected.
    Partial {
        /// Bytes held.
        offset: u64,
    },
    /// The blob is complete and verified (or was already).
    Complete,
    /// The offset was not what the server holds; nothing stored.
    OffsetMismatch {
        /// What the server holds.
        offset: u64,
    },
    /// The last bytes arrived but the whole does not hash to the name: the
    /// upload was dropped, nothing is kept.
    HashMismatch,
    /// No upload is under way and no length was declared; nothing stored.
    NoLength,
    /// A length other than the upload's was declared; nothing stored.
    LengthChanged {
        /// The upload's declared length.
        length: u64,
    },
    /// The bytes go past the declared length; nothing stored.
    PastLength {
        /// The upload's declared length.
        length: u64,
    },
}

/// Who reads: enough of a principal to decide access in a query.
#[derive(Debug, Clone, Copy)]
pub struct Reader<'a> {
    /// The user name.
    pub user: &'a str,
    /// The role.
    pub role: Role,
}

/// The server's storage. One implementation per backend; all blocking.
pub trait ServerStore: Send + Sync + 'static {
    /// Adds a user; [`StoreError::DuplicateUser`] when the name is taken.
    fn add_user(&self, user: &User) -> Result<(), StoreError>;
    /// A user by name.
    fn user(&self, name: &str) -> Result<Option<User>, StoreError>;
    /// Every user, by name.
    fn users(&self) -> Result<Vec<User>, StoreError>;
    /// Disables a user (`Some(time)`, keeping an earlier time) or enables
    /// one (`None`); returns the user as it is now.
    fn set_user_disabled(&self, name: &str, at: Option<i64>) -> Result<User, StoreError>;
    /// Changes a user's role, taking a change-sequence number for it (so
    /// their devices' cursors from before start over); returns the user as
    /// it is now.
    fn set_user_role(&self, name: &str, role: Role) -> Result<User, StoreError>;

    /// Enrols a device for `new.user` with the lowest slot never used or,
    /// once all 999 were used, the lowest slot no live device holds; a slot
    /// given again starts at the sequence after `new.highest_seq[slot]` (the
    /// highest work-order sequence number made with it, see `crate::slots`).
    fn add_device(&self, new: NewDevice<'_>) -> Result<EnrolledDevice, StoreError>;
    /// The device whose token hashes to `token_hash`, revoked or not.
    fn device_by_token_hash(&self, token_hash: &[u8; 32])
        -> Result<Option<DeviceAuth>, StoreError>;
    /// Revokes a device (idempotent: a revoked device keeps its first time).
    fn revoke_device(&self, id: i64, now_ms: i64) -> Result<EnrolledDevice, StoreError>;
    /// Every device, by id.
    fn devices(&self) -> Result<Vec<EnrolledDevice>, StoreError>;
    /// Records that a device synced at `now_ms`. The time is kept to about
    /// a minute: a device whose recorded time is less than a minute old is
    /// not written again (so a sync's round trips cost no extra write).
    fn record_sync(&self, device_id: i64, now_ms: i64) -> Result<(), StoreError>;
    /// The database's epoch: 8 bytes that change when it is restored from a
    /// backup (they go into sync cursors, see `crate::sync`).
    fn epoch(&self) -> Result<[u8; 8], StoreError>;

    /// A document with its sequence number and access row.
    fn load_doc(&self, id: &str) -> Result<Option<StoredDoc>, StoreError>;
    /// A stored document's heads, sequence number and access row, without
    /// loading the document when the backend records its heads (the
    /// default loads it).
    fn doc_head(&self, id: &str) -> Result<Option<DocHead>, StoreError> {
        Ok(self.load_doc(id)?.map(|mut s| DocHead {
            heads: s.doc.get_heads(),
            seq: s.seq,
            access: s.access,
        }))
    }
    /// A stored document's saved form (its snapshot followed by its
    /// chunks, whole: `onsite_core::store::docs::saved_form`) and heads,
    /// without loading it — to send the whole document to a device that
    /// has none of it. `None` when the backend cannot give it (the default)
    /// or the bytes are not whole; the caller then loads the document.
    fn saved_form(&self, _id: &str) -> Result<Option<SavedForm>, StoreError> {
        Ok(None)
    }
    /// Saves a document's new changes, bumps its sequence number, refreshes
    /// its access row and stores the rest of the commit, all in one
    /// transaction; [`StoreError::Conflict`] when `expected_seq` is stale.
    fn commit_doc(&self, commit: DocCommit<'_>) -> Result<CommitOutcome, StoreError>;
    /// A device's stored sync state for a document.
    fn sync_state(&self, device_id: i64, doc_id: &str) -> Result<Option<Vec<u8>>, StoreError>;
    /// Stores a device's sync state for a document.
    fn put_sync_state(&self, device_id: i64, doc_id: &str, state: &[u8]) -> Result<(), StoreError>;
    /// Stores several of a device's sync states (document id, state) in one
    /// transaction: all of them or none.
    fn put_sync_states(
        &self,
        device_id: i64,
        states: &[(String, Vec<u8>)],
    ) -> Result<(), StoreError> {
        for (doc_id, state) in states {
            self.put_sync_state(device_id, doc_id, state)?;
        }
        Ok(())
    }
    /// Whether `id` (a customer or a contract, `kind`) is named by a work
    /// order assigned to `user`.
    fn linked_to(&self, user: &str, id: &str, kind: DocKind) -> Result<bool, StoreError>;
    /// The filing receipt of a work order, if the server filed it.
    fn receipt(&self, doc_id: &str) -> Result<Option<Receipt>, StoreError>;
    /// Documents `reader` may read that changed (or became readable) after
    /// `after`, ordered by that sequence number then id, at most `limit`,
    /// with how many there are in all.
    fn changed_since(
        &self,
        reader: Reader<'_>,
        after: u64,
        limit: usize,
    ) -> Result<ChangedPage, StoreError>;
    /// The latest change-sequence number (0 when nothing is stored).
    fn max_seq(&self) -> Result<u64, StoreError>;

    /// Stored documents, of one kind or all, by id.
    fn doc_list(&self, kind: Option<DocKind>) -> Result<Vec<DocSummary>, StoreError>;
    /// Filing receipts, by document id.
    fn receipts(&self) -> Result<Vec<Receipt>, StoreError>;
    /// Tamper flags, oldest first.
    fn flags(&self) -> Result<Vec<Flag>, StoreError>;

    /// Registers `actor` to device `device_id` at `now_ms`, or answers its
    /// registration again when that device registered it before (the
    /// first time is kept); [`StoreError::ActorTaken`] when another device
    /// or the server holds it, [`StoreError::TooManyActors`] when the
    /// device holds `limit` already.
    fn register_actor(
        &self,
        actor: &ActorId,
        device_id: i64,
        now_ms: i64,
        limit: usize,
    ) -> Result<ActorRegistered, StoreError>;
    /// The owners of those of `actors` that are registered (the server's
    /// own included).
    fn actor_owners(&self, actors: &[ActorId])
        -> Result<BTreeMap<ActorId, ActorOwner>, StoreError>;
    /// The server's own actor, made once with the database and never
    /// changed; its filing changes are written under it.
    fn server_actor(&self) -> Result<ActorId, StoreError>;
    /// The receipts of the changes of each of `doc_ids` the server holds
    /// receipts for, in the order received; documents without any are
    /// left out.
    fn provenance(
        &self,
        doc_ids: &[String],
    ) -> Result<BTreeMap<String, Vec<ChangeReceipt>>, StoreError>;
    /// How many actors each device registered, by device id (devices
    /// without any are left out).
    fn actor_counts(&self) -> Result<BTreeMap<i64, u64>, StoreError>;

    /// Those of `hashes` the server holds no complete blob of, in the
    /// order given, without repeats.
    fn blobs_missing(&self, hashes: &[String]) -> Result<Vec<String>, StoreError>;
    /// Whether the server holds a blob, part of one, or nothing.
    fn blob_state(&self, hash: &str) -> Result<BlobState, StoreError>;
    /// Appends the upload's bytes at its offset (starting an upload of the
    /// declared length when none is under way), in one transaction; once
    /// the declared length is held the whole is checked against the hash
    /// and kept, or dropped.
    fn append_blob(&self, up: BlobUpload<'_>) -> Result<Appended, StoreError>;
    /// A complete blob's bytes.
    fn blob(&self, hash: &str) -> Result<Option<Vec<u8>>, StoreError>;
    /// The documents whose photos named `hash`, by id.
    fn blob_docs(&self, hash: &str) -> Result<Vec<String>, StoreError>;
}

#[cfg(test)]
mod tests;
