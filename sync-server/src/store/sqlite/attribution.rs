//! Attribution: the `actors` registry (which device each Automerge actor
//! belongs to), the server's own actor, and the `change_receipts` of the
//! changes the server accepted (written by [`super::documents::commit_doc`]
//! with the document, read here for `POST /v1/provenance`).

use std::collections::BTreeMap;

use automerge::ActorId;
use onsite_core::sync::attribution::{ActorRegistered, ChangeReceipt, Via};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::all_rows;
use crate::store::{ActorOwner, ChangeRow, StoreError};

/// The server's actor, made by migration 7 (`server_meta.server_actor`).
pub(super) fn read_server_actor(conn: &Connection) -> Result<ActorId, StoreError> {
    let bytes: Vec<u8> = conn.query_row(
        "SELECT value FROM server_meta WHERE key = 'server_actor'",
        [],
        |r| r.get(0),
    )?;
    Ok(ActorId::from(&bytes[..]))
}

pub(super) fn register_actor(
    conn: &mut Connection,
    actor: &ActorId,
    device_id: i64,
    now_ms: i64,
    limit: usize,
) -> Result<ActorRegistered, StoreError> {
    let tx = conn.transaction()?;
    let held: Option<(Option<i64>, i64)> = tx
        .prepare_cached("SELECT device_id, registered_at FROM actors WHERE actor = ?1")?
        .query_row([actor.to_bytes()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let registered_at = match held {
        Some((Some(d), at)) if d == device_id => at,
        Some(_) => {
            return Err(StoreError::ActorTaken {
                actor: actor.to_hex_string(),
            })
        }
        None => {
            let (user, count): (Option<String>, i64) = tx
                .prepare_cached(
                    "SELECT (SELECT user_name FROM devices WHERE id = ?1),
                            (SELECT count(*) FROM actors WHERE device_id = ?1)",
                )?
                .query_row([device_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            let Some(user) = user else {
                return Err(StoreError::UnknownDevice(device_id));
            };
            if count as usize >= limit {
                return Err(StoreError::TooManyActors { device_id, limit });
            }
            tx.prepare_cached(
                "INSERT INTO actors (actor, device_id, user_name, source, registered_at)
                 VALUES (?1, ?2, ?3, 'device', ?4)",
            )?
            .execute(params![actor.to_bytes(), device_id, user, now_ms])?;
            now_ms
        }
    };
    tx.commit()?;
    Ok(ActorRegistered {
        actor: actor.to_hex_string(),
        device_id,
        registered_at,
    })
}

pub(super) fn actor_owners(
    conn: &Connection,
    actors: &[ActorId],
) -> Result<BTreeMap<ActorId, ActorOwner>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.device_id, a.user_name, u.display_name, d.label, a.registered_at
         FROM actors a LEFT JOIN devices d ON d.id = a.device_id
         LEFT JOIN users u ON u.name = a.user_name
         WHERE a.actor = ?1",
    )?;
    let mut out = BTreeMap::new();
    for actor in actors {
        if out.contains_key(actor) {
            continue;
        }
        let owner = stmt
            .query_row([actor.to_bytes()], |r| {
                Ok(ActorOwner {
                    device_id: r.get(0)?,
                    user: r.get(1)?,
                    display_name: r.get(2)?,
                    device_label: r.get(3)?,
                    registered_at: r.get(4)?,
                })
            })
            .optional()?;
        if let Some(owner) = owner {
            out.insert(actor.clone(), owner);
        }
    }
    Ok(out)
}

/// Inserts the receipts of a stored commit (inside its transaction); a
/// hash that has a receipt already keeps it.
pub(super) fn insert_receipts(
    tx: &Transaction<'_>,
    doc_id: &str,
    rows: &[ChangeRow],
) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT OR IGNORE INTO change_receipts
           (hash, doc_id, actor, received_at, device_id, via, push_skew_ms, change_time)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for c in rows {
        stmt.execute(params![
            c.hash.0.as_slice(),
            doc_id,
            c.actor.to_bytes(),
            c.received_at,
            c.device_id,
            c.via.as_str(),
            c.push_skew_ms,
            c.change_time
        ])?;
    }
    Ok(())
}

pub(super) fn provenance(
    conn: &Connection,
    doc_ids: &[String],
) -> Result<BTreeMap<String, Vec<ChangeReceipt>>, StoreError> {
    let mut out = BTreeMap::new();
    for id in doc_ids {
        let rows = all_rows(
            conn,
            "SELECT hash, actor, received_at, via, device_id, push_skew_ms
             FROM change_receipts WHERE doc_id = ?1 ORDER BY received_at, rowid",
            [id],
            |r| {
                Ok(ChangeReceipt {
                    hash: hex::encode(r.get::<_, Vec<u8>>(0)?),
                    actor: hex::encode(r.get::<_, Vec<u8>>(1)?),
                    received_at: r.get(2)?,
                    via: Via::from_name(&r.get::<_, String>(3)?),
                    device_id: r.get(4)?,
                    push_skew_ms: r.get(5)?,
                })
            },
        )?;
        if !rows.is_empty() {
            out.insert(id.clone(), rows);
        }
    }
    Ok(out)
}

pub(super) fn actor_counts(conn: &Connection) -> Result<BTreeMap<i64, u64>, StoreError> {
    Ok(all_rows(
        conn,
        "SELECT device_id, count(*) FROM actors WHERE device_id IS NOT NULL GROUP BY device_id",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?
    .into_iter()
    .collect())
}
