//! Users and enrolled devices on PostgreSQL: the `users` and `devices`
//! tables, slots counted up and, once all were used, given again from
//! revoked devices (starting above the numbers their slot made), token
//! lookup, disabling a user, changing a role (which takes a
//! change-sequence number), the last sync time of each device.
//!
//! Enrolments are serialised by an advisory lock, so two instances never
//! pick the same slot at once.

use std::collections::BTreeMap;

use deadpool_postgres::{GenericClient, Pool};
use tokio_postgres::Row;

use crate::role::Role;
use crate::store::{sql, DeviceAuth, EnrolledDevice, NewDevice, StoreError, User, MAX_SLOT};

use super::{all_rows, first_value, to_u64};

/// The advisory lock key enrolments take (in their transaction).
const ENROL_LOCK: i64 = 0x6f6e_7369_7465_0001;

/// How old a recorded sync time may get before a sync writes it again.
const SYNC_TIME_GRAIN_MS: i64 = 60_000;

const USER_COLS: &str = "name, role, display_name, created_at, disabled_at";

const DEVICE_COLS: &str =
    "id, user_name, label, slot, created_at, revoked_at, first_seq, last_sync_at";

fn user_at(r: &Row, at: usize) -> Result<User, StoreError> {
    let role: String = r.try_get(at + 1)?;
    Ok(User {
        name: r.try_get(at)?,
        role: role.parse().unwrap_or(Role::Engineer),
        display_name: r.try_get(at + 2)?,
        created_at: r.try_get(at + 3)?,
        disabled_at: r.try_get(at + 4)?,
    })
}

fn device_from_row(r: &Row) -> Result<EnrolledDevice, StoreError> {
    let slot: i64 = r.try_get(3)?;
    let first_seq: i64 = r.try_get(6)?;
    Ok(EnrolledDevice {
        id: r.try_get(0)?,
        user: r.try_get(1)?,
        label: r.try_get(2)?,
        slot: u16::try_from(slot).unwrap_or(0),
        created_at: r.try_get(4)?,
        revoked_at: r.try_get(5)?,
        first_seq: u32::try_from(first_seq).unwrap_or(u32::MAX),
        last_sync_at: r.try_get(7)?,
    })
}

pub(super) async fn add_user(pool: &Pool, user: &User) -> Result<(), StoreError> {
    let client = pool.get().await?;
    let done = client
        .execute(
            "INSERT INTO users (name, role, display_name, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (name) DO NOTHING",
            &[
                &user.name,
                &user.role.as_str(),
                &user.display_name,
                &user.created_at,
            ],
        )
        .await?;
    if done == 0 {
        return Err(StoreError::DuplicateUser(user.name.clone()));
    }
    Ok(())
}

pub(super) async fn user(
    client: &impl GenericClient,
    name: &str,
) -> Result<Option<User>, StoreError> {
    let sql = format!("SELECT {USER_COLS} FROM users WHERE name = $1");
    let stmt = client.prepare_cached(&sql).await?;
    client
        .query_opt(&stmt, &[&name])
        .await?
        .map(|r| user_at(&r, 0))
        .transpose()
}

pub(super) async fn users(pool: &Pool) -> Result<Vec<User>, StoreError> {
    let sql = format!("SELECT {USER_COLS} FROM users ORDER BY name");
    all_rows(pool, &sql, &[], |r| user_at(r, 0)).await
}

/// A [`NewDevice`] without its borrows.
#[derive(Debug)]
pub(super) struct OwnedNewDevice {
    user: String,
    label: Option<String>,
    token_hash: [u8; 32],
    now_ms: i64,
    highest_seq: BTreeMap<u16, u32>,
}

impl From<NewDevice<'_>> for OwnedNewDevice {
    fn from(n: NewDevice<'_>) -> Self {
        OwnedNewDevice {
            user: n.user.to_string(),
            label: n.label.map(str::to_string),
            token_hash: n.token_hash,
            now_ms: n.now_ms,
            highest_seq: n.highest_seq.clone(),
        }
    }
}

pub(super) async fn add_device(
    pool: &Pool,
    new: OwnedNewDevice,
) -> Result<EnrolledDevice, StoreError> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&ENROL_LOCK])
        .await?;
    let known = tx
        .query_opt("SELECT 1 FROM users WHERE name = $1", &[&new.user])
        .await?;
    if known.is_none() {
        return Err(StoreError::UnknownUser(new.user));
    }
    let (slot, first_seq) = free_slot(&tx, &new.highest_seq).await?;
    let sql = format!(
        "INSERT INTO devices (user_name, label, slot, first_seq, token_hash, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING {DEVICE_COLS}"
    );
    let row = tx
        .query_one(
            &sql,
            &[
                &new.user,
                &new.label,
                &i64::from(slot),
                &i64::from(first_seq),
                &&new.token_hash[..],
                &new.now_ms,
            ],
        )
        .await?;
    let device = device_from_row(&row)?;
    tx.commit().await?;
    Ok(device)
}

/// The slot for a new device and its first sequence number: the lowest
/// slot never used; once all were used, the lowest slot no live device
/// holds, starting after the highest sequence number made with it.
async fn free_slot(
    tx: &impl GenericClient,
    highest_seq: &BTreeMap<u16, u32>,
) -> Result<(u16, u32), StoreError> {
    let last: i64 = tx
        .query_one("SELECT coalesce(max(slot), 0) FROM devices", &[])
        .await?
        .try_get(0)?;
    if last < MAX_SLOT {
        return Ok((u16::try_from(last + 1).unwrap_or(1), 1));
    }
    let reusable: Option<i64> = first_value(
        tx,
        "SELECT slot FROM devices GROUP BY slot
         HAVING count(*) = count(revoked_at) ORDER BY slot LIMIT 1",
        &[],
    )
    .await?;
    let slot = reusable
        .and_then(|s| u16::try_from(s).ok())
        .ok_or(StoreError::NoFreeSlot)?;
    let made = highest_seq.get(&slot).copied().unwrap_or(0);
    let before: i64 = tx
        .query_one(
            "SELECT coalesce(max(first_seq), 1) FROM devices WHERE slot = $1",
            &[&i64::from(slot)],
        )
        .await?
        .try_get(0)?;
    let before = u32::try_from(before).unwrap_or(u32::MAX);
    // Never below where an earlier holder of the slot was told to start.
    Ok((slot, made.saturating_add(1).max(before)))
}

pub(super) async fn device_by_token_hash(
    pool: &Pool,
    token_hash: &[u8; 32],
) -> Result<Option<DeviceAuth>, StoreError> {
    let client = pool.get().await?;
    let stmt = client.prepare_cached(sql::DEVICE_BY_TOKEN_HASH).await?;
    let Some(r) = client.query_opt(&stmt, &[&&token_hash[..]]).await? else {
        return Ok(None);
    };
    let stored: Vec<u8> = r.try_get(13)?;
    let Ok(token_hash) = stored.try_into() else {
        return Ok(None);
    };
    Ok(Some(DeviceAuth {
        device: device_from_row(&r)?,
        user: user_at(&r, 8)?,
        token_hash,
        role_since: to_u64(r.try_get(14)?),
    }))
}

pub(super) async fn revoke_device(
    pool: &Pool,
    id: i64,
    now_ms: i64,
) -> Result<EnrolledDevice, StoreError> {
    let client = pool.get().await?;
    let sql = format!(
        "UPDATE devices SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1
         RETURNING {DEVICE_COLS}"
    );
    let row = client.query_opt(&sql, &[&id, &now_ms]).await?;
    match row {
        Some(r) => device_from_row(&r),
        None => Err(StoreError::UnknownDevice(id)),
    }
}

pub(super) async fn devices(pool: &Pool) -> Result<Vec<EnrolledDevice>, StoreError> {
    let sql = format!("SELECT {DEVICE_COLS} FROM devices ORDER BY id");
    all_rows(pool, &sql, &[], device_from_row).await
}

pub(super) async fn set_user_disabled(
    pool: &Pool,
    name: &str,
    at: Option<i64>,
) -> Result<User, StoreError> {
    let client = pool.get().await?;
    let sql = format!(
        "UPDATE users SET disabled_at = CASE WHEN $2::bigint IS NULL THEN NULL
                                            ELSE coalesce(disabled_at, $2) END
         WHERE name = $1 RETURNING {USER_COLS}"
    );
    match client.query_opt(&sql, &[&name, &at]).await? {
        Some(r) => user_at(&r, 0),
        None => Err(StoreError::UnknownUser(name.to_string())),
    }
}

pub(super) async fn set_user_role(pool: &Pool, name: &str, role: Role) -> Result<User, StoreError> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let sql = format!("SELECT {USER_COLS} FROM users WHERE name = $1 FOR UPDATE");
    let Some(before) = tx.query_opt(&sql, &[&name]).await? else {
        return Err(StoreError::UnknownUser(name.to_string()));
    };
    let before = user_at(&before, 0)?;
    if before.role != role {
        // A number of its own in the change sequence: cursors issued before
        // it start over (`crate::sync`), so the new role reads what it may.
        // Taken at the end of the transaction, as a document's (see
        // `documents::commit_doc`): the counter's row lock is held only
        // for the one write after it and the COMMIT.
        let seq = super::documents::take_number(&tx).await?;
        tx.execute(
            "UPDATE users SET role = $2, role_seq = $3 WHERE name = $1",
            &[&name, &role.as_str(), &seq],
        )
        .await?;
    }
    let after = user(&tx, name)
        .await?
        .ok_or_else(|| StoreError::UnknownUser(name.to_string()))?;
    tx.commit().await?;
    Ok(after)
}

pub(super) async fn record_sync(
    pool: &Pool,
    device_id: i64,
    now_ms: i64,
) -> Result<(), StoreError> {
    let client = pool.get().await?;
    // Changes no row (and so writes nothing) when the time is fresh enough.
    let stmt = client
        .prepare_cached(
            "UPDATE devices SET last_sync_at = $2::bigint
             WHERE id = $1 AND (last_sync_at IS NULL OR last_sync_at <= $2::bigint - $3::bigint)",
        )
        .await?;
    client
        .execute(&stmt, &[&device_id, &now_ms, &SYNC_TIME_GRAIN_MS])
        .await?;
    Ok(())
}
