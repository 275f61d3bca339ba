//! Attribution on PostgreSQL: the `actors` registry (which device each
//! Automerge actor belongs to), and the `change_receipts` of the changes
//! the server accepted (written by [`super::documents`]'s commit with the
//! document, read here for `POST /v1/provenance`). The server's own actor
//! is made by the first migration and read at connecting.

use std::collections::BTreeMap;

use automerge::ActorId;
use deadpool_postgres::{GenericClient, Pool};
use onsite_core::sync::attribution::{ActorRegistered, ChangeReceipt, Via};

use super::{all_rows, first_value, to_u64};
use crate::store::{ActorOwner, ChangeRow, StoreError};

pub(super) async fn register_actor(
    pool: &Pool,
    actor: &ActorId,
    device_id: i64,
    now_ms: i64,
    limit: usize,
) -> Result<ActorRegistered, StoreError> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let bytes = actor.to_bytes();
    // The device's row lock: its registrations one at a time (the limit).
    let sql = "SELECT user_name FROM devices WHERE id = $1 FOR UPDATE";
    let user: Option<String> = first_value(&tx, sql, &[&device_id]).await?;
    let held = tx
        .query_opt(
            "SELECT device_id, registered_at FROM actors WHERE actor = $1",
            &[&bytes],
        )
        .await?;
    let registered_at = match held {
        Some(r) => {
            let (d, at): (Option<i64>, i64) = (r.try_get(0)?, r.try_get(1)?);
            if d != Some(device_id) {
                return Err(StoreError::ActorTaken {
                    actor: actor.to_hex_string(),
                });
            }
            at
        }
        None => {
            let Some(user) = user else {
                return Err(StoreError::UnknownDevice(device_id));
            };
            let count: i64 = tx
                .query_one(
                    "SELECT count(*) FROM actors WHERE device_id = $1",
                    &[&device_id],
                )
                .await?
                .try_get(0)?;
            if usize::try_from(count).unwrap_or(usize::MAX) >= limit {
                return Err(StoreError::TooManyActors { device_id, limit });
            }
            let inserted = tx
                .execute(
                    "INSERT INTO actors (actor, device_id, user_name, source, registered_at)
                     VALUES ($1, $2, $3, 'device', $4) ON CONFLICT (actor) DO NOTHING",
                    &[&bytes, &device_id, &user, &now_ms],
                )
                .await?;
            if inserted == 0 {
                // Registered at the same moment by another device.
                return Err(StoreError::ActorTaken {
                    actor: actor.to_hex_string(),
                });
            }
            now_ms
        }
    };
    tx.commit().await?;
    Ok(ActorRegistered {
        actor: actor.to_hex_string(),
        device_id,
        registered_at,
    })
}

pub(super) async fn actor_owners(
    pool: &Pool,
    actors: &[ActorId],
) -> Result<BTreeMap<ActorId, ActorOwner>, StoreError> {
    let client = pool.get().await?;
    let keys: Vec<Vec<u8>> = actors.iter().map(|a| a.to_bytes().to_vec()).collect();
    let rows = client
        .query(
            "SELECT a.actor, a.device_id, a.user_name, u.display_name, d.label, a.registered_at
             FROM actors a LEFT JOIN devices d ON d.id = a.device_id
             LEFT JOIN users u ON u.name = a.user_name
             WHERE a.actor = ANY($1)",
            &[&keys],
        )
        .await?;
    let mut out = BTreeMap::new();
    for r in &rows {
        let actor: Vec<u8> = r.try_get(0)?;
        out.insert(
            ActorId::from(&actor[..]),
            ActorOwner {
                device_id: r.try_get(1)?,
                user: r.try_get(2)?,
                display_name: r.try_get(3)?,
                device_label: r.try_get(4)?,
                registered_at: r.try_get(5)?,
            },
        );
    }
    Ok(out)
}

/// Inserts the receipts of a stored commit (inside its transaction); a
/// hash that has a receipt already keeps it.
pub(super) async fn insert_receipts(
    tx: &impl GenericClient,
    doc_id: &str,
    rows: &[ChangeRow],
) -> Result<(), StoreError> {
    if rows.is_empty() {
        return Ok(());
    }
    let stmt = tx
        .prepare_cached(
            "INSERT INTO change_receipts
               (hash, doc_id, actor, received_at, device_id, via, push_skew_ms, change_time)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (hash) DO NOTHING",
        )
        .await?;
    for c in rows {
        tx.execute(
            &stmt,
            &[
                &c.hash.0.as_slice(),
                &doc_id,
                &c.actor.to_bytes(),
                &c.received_at,
                &c.device_id,
                &c.via.as_str(),
                &c.push_skew_ms,
                &c.change_time,
            ],
        )
        .await?;
    }
    Ok(())
}

pub(super) async fn provenance(
    pool: &Pool,
    doc_ids: &[String],
) -> Result<BTreeMap<String, Vec<ChangeReceipt>>, StoreError> {
    let client = pool.get().await?;
    let rows = client
        .query(
            "SELECT doc_id, hash, actor, received_at, via, device_id, push_skew_ms
             FROM change_receipts WHERE doc_id = ANY($1) ORDER BY doc_id, received_at, ord",
            &[&doc_ids],
        )
        .await?;
    let mut out: BTreeMap<String, Vec<ChangeReceipt>> = BTreeMap::new();
    for r in &rows {
        let via: String = r.try_get(4)?;
        out.entry(r.try_get(0)?).or_default().push(ChangeReceipt {
            hash: hex::encode(r.try_get::<_, Vec<u8>>(1)?),
            actor: hex::encode(r.try_get::<_, Vec<u8>>(2)?),
            received_at: r.try_get(3)?,
            via: Via::from_name(&via),
            device_id: r.try_get(5)?,
            push_skew_ms: r.try_get(6)?,
        });
    }
    Ok(out)
}

pub(super) async fn actor_counts(pool: &Pool) -> Result<BTreeMap<i64, u64>, StoreError> {
    let sql =
        "SELECT device_id, count(*) FROM actors WHERE device_id IS NOT NULL GROUP BY device_id";
    let counts = all_rows(pool, sql, &[], |r| {
        Ok((r.try_get(0)?, to_u64(r.try_get(1)?)))
    })
    .await?;
    Ok(counts.into_iter().collect())
}
