//! The device store's errors: [`StoreError`] for everything the store itself
//! can fail at, and [`EditError`] for an edit whose closure may fail too.

use super::docs::DocStoreError;
use super::migrate::MigrateError;

/// What can go wrong in the device store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite failed (I/O, a full disk, a locked database, …).
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The schema could not be brought up to date (or the file is newer
    /// than this program).
    #[error(transparent)]
    Migrate(Box<MigrateError>),
    /// A stored document could not be loaded or saved.
    #[error(transparent)]
    Doc(Box<DocStoreError>),
    /// An edit named a document that is not stored.
    #[error("document {0} not found")]
    NotFound(String),
    /// A document was created with an id that is already stored.
    #[error("document {0} already exists")]
    AlreadyExists(String),
    /// The same document was named twice in one edit.
    #[error("document {0} named twice in one edit")]
    DuplicateId(String),
    /// A projection row holds a value that does not parse (it was written
    /// by another version, or edited by hand); `rebuild_projections` fixes it.
    #[error("projection table {table} holds a bad value: {detail}")]
    BadRow {
        /// The table.
        table: &'static str,
        /// What did not parse.
        detail: String,
    },
    /// A local edit left a change that is not this device's: written
    /// under another actor, or at time 0 (an implicit commit). Only tests
    /// and `test-support` builds fail with it; a release build logs it.
    #[error("document {id}: change {hash} is written by actor {actor} at time {time}, not by this device with its clock")]
    Unattributed {
        /// The document.
        id: String,
        /// The change hash (hex).
        hash: String,
        /// Its actor (hex).
        actor: String,
        /// Its timestamp (0: none).
        time: i64,
    },
    /// A stored blob's bytes no longer hash to its name (a damaged file):
    /// the row was deleted so the blob is fetched again from the server.
    #[error("photo {hash} was damaged on this device and has been removed; it will be fetched again from the server")]
    CorruptBlob {
        /// The blob's name (SHA-256 hex).
        hash: String,
    },
    /// A blob larger than the cap ([`crate::photos::MAX_BLOB_BYTES`]).
    #[error("a photo of {size} bytes is larger than the {max} bytes one photo may take")]
    BlobTooLarge {
        /// Its size.
        size: u64,
        /// The cap.
        max: u64,
    },
    /// A `meta` value has the wrong shape.
    #[error("meta value {key:?} is malformed: {detail}")]
    BadMeta {
        /// The key.
        key: String,
        /// Why.
        detail: String,
    },
}

impl From<MigrateError> for StoreError {
    fn from(e: MigrateError) -> Self {
        StoreError::Migrate(Box::new(e))
    }
}

impl From<DocStoreError> for StoreError {
    fn from(e: DocStoreError) -> Self {
        StoreError::Doc(Box::new(e))
    }
}

/// The outcome of a failed [`super::device::Store::edit`]: either the
/// caller's closure refused (nothing was written), or the store failed
/// (nothing was written either: the transaction rolled back).
#[derive(Debug, thiserror::Error)]
pub enum EditError<E> {
    /// The closure returned this error; every change it made was discarded.
    #[error("{0}")]
    Closure(E),
    /// The store failed loading or saving.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl<E> EditError<E> {
    /// Maps the closure's error, keeping store errors.
    pub fn map_closure<F>(self, f: impl FnOnce(E) -> F) -> EditError<F> {
        match self {
            EditError::Closure(e) => EditError::Closure(f(e)),
            EditError::Store(e) => EditError::Store(e),
        }
    }
}

/// Store results.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;
