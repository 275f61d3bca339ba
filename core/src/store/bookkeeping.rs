//! The store's bookkeeping beside the documents: the dirty set (documents
//! changed locally since the last completed sync), `meta` settings (sync
//! cursor, device slot, work-order sequence, server, credentials, actor id)
//! and the per-document Automerge sync state, as functions over a
//! connection or transaction. [`super::Store`]'s public methods for them
//! (`get_meta`, `dirty_snapshot`, …) are in `device/meta.rs`, which calls
//! these; this module does not know the `Store`.

use automerge::{sync, ActorId};
use rusqlite::{params, Connection, OptionalExtension};

use super::error::{Result, StoreError};
use crate::model::DocId;

/// The `meta` keys the app uses. Values are bytes; the `_str`/`_i64`
/// helpers store UTF-8 text (numbers in decimal).
pub mod keys {
    /// The server's change-sequence cursor.
    pub const SYNC_CURSOR: &str = "sync.cursor";
    /// The two-digit device slot the server gave at enrolment.
    pub const DEVICE_SLOT: &str = "device.slot";
    /// The next work-order sequence number (see `Store::next_wo_sequence`).
    pub const NEXT_WO_SEQ: &str = "wo.next_seq";
    /// The sync server's URL.
    pub const SERVER_URL: &str = "server.url";
    /// The device's bearer token.
    pub const TOKEN: &str = "auth.token";
    /// The signed-in user's name.
    pub const USER_NAME: &str = "user.name";
    /// The signed-in user's display name (`杨金伟`), as the server gave it.
    pub const DISPLAY_NAME: &str = "user.display_name";
    /// The signed-in user's role.
    pub const ROLE: &str = "user.role";
    /// The device's Automerge actor id (16 random bytes, made on first open).
    pub const ACTOR_ID: &str = "device.actor";
    /// The actor registration done with the sync server: `<actor
    /// hex>@<server url>`, written once `POST /v1/actors` accepted the
    /// actor (see `sync::client::ensure_registered`). Another actor or
    /// server means "register again". Enrolment deletes it.
    pub const ACTOR_REGISTERED: &str = "device.actor_registered";
    /// The cached staff directory (JSON, see `account::staff`).
    pub const STAFF_DIRECTORY: &str = "staff.directory";
    /// The server's entity tag of the cached staff directory (`GET
    /// /v1/staff` answers 304 while it is unchanged).
    pub const STAFF_ETAG: &str = "staff.etag";
    /// The documents whose local changes wait for a restored server to take
    /// them (JSON array of ids, see `sync::session::AWAITING_RESTORE`).
    pub const SYNC_AWAITING_RESTORE: &str = "sync.awaiting_restore";
    /// A sync cut off before it completed (JSON, see
    /// `sync::client`): the documents whose exchange was still open and
    /// the progress so far. Written with each batch received, together
    /// with the cursor covering it; deleted when a sync completes.
    pub const SYNC_RESUME: &str = "sync.resume";
    /// The dirty-set generation counter (internal).
    pub const DIRTY_GEN: &str = "store.dirty_gen";
}

pub(super) fn get(conn: &Connection, key: &str) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .prepare_cached("SELECT value FROM meta WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

pub(super) fn set(conn: &Connection, key: &str, value: &[u8]) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
    )?
    .execute(params![key, value])?;
    Ok(())
}

pub(super) fn delete(conn: &Connection, key: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM meta WHERE key = ?1")?
        .execute([key])?;
    Ok(())
}

pub(super) fn get_i64(conn: &Connection, key: &str) -> Result<Option<i64>> {
    get(conn, key)?
        .map(|v| {
            std::str::from_utf8(&v)
                .ok()
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| StoreError::BadMeta {
                    key: key.to_string(),
                    detail: "not a decimal integer".into(),
                })
        })
        .transpose()
}

/// The device's actor id, created on first open.
pub(super) fn ensure_actor(conn: &Connection) -> Result<ActorId> {
    match get(conn, keys::ACTOR_ID)? {
        Some(bytes) if bytes.len() == 16 => Ok(ActorId::from(bytes)),
        Some(bytes) => Err(StoreError::BadMeta {
            key: keys::ACTOR_ID.into(),
            detail: format!("{} bytes, expected 16", bytes.len()),
        }),
        None => new_actor(conn),
    }
}

/// A new random actor id, stored as the device's (replacing the one it
/// had: see `Store::rotate_actor`).
pub(super) fn new_actor(conn: &Connection) -> Result<ActorId> {
    let bytes: [u8; 16] = rand::random();
    set(conn, keys::ACTOR_ID, &bytes)?;
    Ok(ActorId::from(bytes))
}

/// Marks a document dirty with a fresh generation.
pub(super) fn mark_dirty(conn: &Connection, id: &DocId) -> Result<()> {
    let gen = get_i64(conn, keys::DIRTY_GEN)?.unwrap_or(0) + 1;
    set(conn, keys::DIRTY_GEN, gen.to_string().as_bytes())?;
    conn.prepare_cached(
        "INSERT INTO dirty (doc_id, gen) VALUES (?1, ?2) ON CONFLICT (doc_id) DO UPDATE SET gen = ?2",
    )?
    .execute(params![id.as_str(), gen])?;
    Ok(())
}

/// The stored sync state of a document, or a fresh one (also when the
/// stored one does not decode).
pub(super) fn read_sync_state(conn: &Connection, id: &DocId) -> Result<sync::State> {
    let bytes: Option<Vec<u8>> = conn
        .prepare_cached("SELECT state FROM sync_state WHERE doc_id = ?1")?
        .query_row([id.as_str()], |r| r.get(0))
        .optional()?;
    Ok(match bytes {
        None => sync::State::new(),
        Some(b) => sync::State::decode(&b).unwrap_or_else(|e| {
            tracing::warn!(doc = %id, error = %e, "sync state does not decode: starting afresh");
            sync::State::new()
        }),
    })
}

pub(super) fn write_sync_state(conn: &Connection, id: &DocId, state: &sync::State) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO sync_state (doc_id, state) VALUES (?1, ?2) ON CONFLICT (doc_id) DO UPDATE SET state = ?2",
    )?
    .execute(params![id.as_str(), state.encode()])?;
    Ok(())
}

/// A `meta` value as UTF-8 text.
pub(super) fn get_str(conn: &Connection, key: &str) -> Result<Option<String>> {
    get(conn, key)?
        .map(|v| {
            String::from_utf8(v).map_err(|_| StoreError::BadMeta {
                key: key.to_string(),
                detail: "not UTF-8".into(),
            })
        })
        .transpose()
}

/// Takes the next work-order sequence number (1, 2, …) inside `tx`.
pub(super) fn take_wo_sequence(tx: &Connection) -> Result<i64> {
    let seq = get_i64(tx, keys::NEXT_WO_SEQ)?.unwrap_or(1);
    set(tx, keys::NEXT_WO_SEQ, (seq + 1).to_string().as_bytes())?;
    Ok(seq)
}

/// The dirty set: each document with its generation, oldest first.
pub(super) fn dirty_snapshot(conn: &Connection) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare_cached("SELECT doc_id, gen FROM dirty ORDER BY gen")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Deletes the snapshot's entries whose generation is unchanged.
pub(super) fn clear_dirty(conn: &Connection, snapshot: &[(String, i64)]) -> Result<()> {
    let mut stmt = conn.prepare_cached("DELETE FROM dirty WHERE doc_id = ?1 AND gen = ?2")?;
    for (id, gen) in snapshot {
        stmt.execute(params![id, gen])?;
    }
    Ok(())
}

/// How many documents are dirty.
pub(super) fn dirty_count(conn: &Connection) -> Result<usize> {
    let n: i64 = conn.query_row("SELECT count(*) FROM dirty", [], |r| r.get(0))?;
    Ok(n as usize)
}
