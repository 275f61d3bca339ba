//! Users and enrolled devices: the `users` and `devices` tables, slots
//! counted up and, once all were used, given again from revoked devices
//! (starting above the numbers their slot made), token lookup, disabling a
//! user, changing a role, the last sync time of each device.

use std::collections::BTreeMap;

use rusqlite::{params, Connection, OptionalExtension};

use super::all_rows;
use crate::role::Role;
use crate::store::{sql, DeviceAuth, EnrolledDevice, NewDevice, StoreError, User, MAX_SLOT};

fn user_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<User> {
    let role: String = r.get(1)?;
    Ok(User {
        name: r.get(0)?,
        role: role.parse().unwrap_or(Role::Engineer),
        display_name: r.get(2)?,
        created_at: r.get(3)?,
        disabled_at: r.get(4)?,
    })
}

const USER_COLS: &str = "name, role, display_name, created_at, disabled_at";

const DEVICE_COLS: &str =
    "id, user_name, label, slot, created_at, revoked_at, first_seq, last_sync_at";

fn device_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<EnrolledDevice> {
    Ok(EnrolledDevice {
        id: r.get(0)?,
        user: r.get(1)?,
        label: r.get(2)?,
        slot: r.get(3)?,
        created_at: r.get(4)?,
        revoked_at: r.get(5)?,
        first_seq: r.get(6)?,
        last_sync_at: r.get(7)?,
    })
}

pub(super) fn add_user(conn: &Connection, user: &User) -> Result<(), StoreError> {
    let done = conn.execute(
        "INSERT INTO users (name, role, display_name, created_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (name) DO NOTHING",
        params![
            user.name,
            user.role.as_str(),
            user.display_name,
            user.created_at
        ],
    )?;
    if done == 0 {
        return Err(StoreError::DuplicateUser(user.name.clone()));
    }
    Ok(())
}

pub(super) fn user(conn: &Connection, name: &str) -> Result<Option<User>, StoreError> {
    Ok(conn
        .query_row(
            &format!("SELECT {USER_COLS} FROM users WHERE name = ?1"),
            [name],
            user_from_row,
        )
        .optional()?)
}

pub(super) fn users(conn: &Connection) -> Result<Vec<User>, StoreError> {
    let sql = format!("SELECT {USER_COLS} FROM users ORDER BY name");
    all_rows(conn, &sql, [], user_from_row)
}

pub(super) fn add_device(
    conn: &mut Connection,
    new: NewDevice<'_>,
) -> Result<EnrolledDevice, StoreError> {
    let user = new.user;
    let tx = conn.transaction()?;
    let known = tx
        .query_row("SELECT 1 FROM users WHERE name = ?1", [user], |_| Ok(()))
        .optional()?;
    if known.is_none() {
        return Err(StoreError::UnknownUser(user.to_string()));
    }
    let (slot, first_seq) = free_slot(&tx, new.highest_seq)?;
    tx.execute(
        "INSERT INTO devices (user_name, label, slot, first_seq, token_hash, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            user,
            new.label,
            slot,
            first_seq,
            &new.token_hash[..],
            new.now_ms
        ],
    )?;
    let id = tx.last_insert_rowid();
    let device = tx.query_row(
        &format!("SELECT {DEVICE_COLS} FROM devices WHERE id = ?1"),
        [id],
        device_from_row,
    )?;
    tx.commit()?;
    Ok(device)
}

/// The slot for a new device and its first sequence number: the lowest
/// slot never used; once all were used, the lowest slot no live device
/// holds, starting after the highest sequence number made with it.
fn free_slot(tx: &Connection, highest_seq: &BTreeMap<u16, u32>) -> Result<(u16, u32), StoreError> {
    let last: i64 = tx.query_row("SELECT coalesce(max(slot), 0) FROM devices", [], |r| {
        r.get(0)
    })?;
    if last < MAX_SLOT {
        return Ok((last as u16 + 1, 1));
    }
    let reusable: Option<u16> = tx
        .query_row(
            "SELECT slot FROM devices GROUP BY slot
             HAVING count(*) = count(revoked_at) ORDER BY slot LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let slot = reusable.ok_or(StoreError::NoFreeSlot)?;
    let made = highest_seq.get(&slot).copied().unwrap_or(0);
    let before: u32 = tx.query_row(
        "SELECT coalesce(max(first_seq), 1) FROM devices WHERE slot = ?1",
        [slot],
        |r| r.get(0),
    )?;
    // Never below where an earlier holder of the slot was told to start.
    Ok((slot, made.saturating_add(1).max(before)))
}

pub(super) fn device_by_token_hash(
    conn: &Connection,
    token_hash: &[u8; 32],
) -> Result<Option<DeviceAuth>, StoreError> {
    let found = conn
        .query_row(sql::DEVICE_BY_TOKEN_HASH, [&token_hash[..]], |r| {
            let device = device_from_row(r)?;
            let role: String = r.get(9)?;
            let user = User {
                name: r.get(8)?,
                role: role.parse().unwrap_or(Role::Engineer),
                display_name: r.get(10)?,
                created_at: r.get(11)?,
                disabled_at: r.get(12)?,
            };
            let stored: Vec<u8> = r.get(13)?;
            let role_since: u64 = r.get(14)?;
            Ok((device, user, stored, role_since))
        })
        .optional()?;
    Ok(found.and_then(|(device, user, stored, role_since)| {
        Some(DeviceAuth {
            device,
            user,
            role_since,
            token_hash: stored.try_into().ok()?,
        })
    }))
}

pub(super) fn revoke_device(
    conn: &Connection,
    id: i64,
    now_ms: i64,
) -> Result<EnrolledDevice, StoreError> {
    let n = conn.execute(
        "UPDATE devices SET revoked_at = coalesce(revoked_at, ?2) WHERE id = ?1",
        params![id, now_ms],
    )?;
    if n == 0 {
        return Err(StoreError::UnknownDevice(id));
    }
    Ok(conn.query_row(
        &format!("SELECT {DEVICE_COLS} FROM devices WHERE id = ?1"),
        [id],
        device_from_row,
    )?)
}

pub(super) fn devices(conn: &Connection) -> Result<Vec<EnrolledDevice>, StoreError> {
    let sql = format!("SELECT {DEVICE_COLS} FROM devices ORDER BY id");
    all_rows(conn, &sql, [], device_from_row)
}

pub(super) fn set_user_disabled(
    conn: &Connection,
    name: &str,
    at: Option<i64>,
) -> Result<User, StoreError> {
    let n = conn.execute(
        "UPDATE users SET disabled_at = CASE WHEN ?2 IS NULL THEN NULL
                                            ELSE coalesce(disabled_at, ?2) END
         WHERE name = ?1",
        params![name, at],
    )?;
    if n == 0 {
        return Err(StoreError::UnknownUser(name.to_string()));
    }
    user(conn, name)?.ok_or_else(|| StoreError::UnknownUser(name.to_string()))
}

pub(super) fn set_user_role(
    conn: &mut Connection,
    name: &str,
    role: Role,
) -> Result<User, StoreError> {
    let tx = conn.transaction()?;
    let Some(before) = user(&tx, name)? else {
        return Err(StoreError::UnknownUser(name.to_string()));
    };
    if before.role != role {
        // A number of its own in the change sequence: cursors issued before
        // it start over (`crate::sync`), so the new role reads what it may.
        tx.execute(
            "UPDATE change_counter SET value = value + 1 WHERE id = 1",
            [],
        )?;
        tx.execute(
            "UPDATE users SET role = ?2,
                 role_seq = (SELECT value FROM change_counter WHERE id = 1)
             WHERE name = ?1",
            params![name, role.as_str()],
        )?;
    }
    let after = user(&tx, name)?.ok_or_else(|| StoreError::UnknownUser(name.to_string()))?;
    tx.commit()?;
    Ok(after)
}

/// How old a recorded sync time may get before a sync writes it again.
const SYNC_TIME_GRAIN_MS: i64 = 60_000;

pub(super) fn record_sync(
    conn: &Connection,
    device_id: i64,
    now_ms: i64,
) -> Result<(), StoreError> {
    // Changes no row (and so writes nothing) when the time is fresh enough.
    conn.prepare_cached(
        "UPDATE devices SET last_sync_at = ?2
         WHERE id = ?1 AND (last_sync_at IS NULL OR last_sync_at <= ?2 - ?3)",
    )?
    .execute(params![device_id, now_ms, SYNC_TIME_GRAIN_MS])?;
    Ok(())
}
