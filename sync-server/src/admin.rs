//! The administrator's operations behind the `onsite-sync-server` command
//! (`user add|list|disable|enable|role`, `device enroll|revoke|list`,
//! `doc list|show`, `backup`, `restore`), as library functions so tests and
//! other tools call exactly what the command line calls.

use onsite_core::clock::Clock;
use onsite_core::model::DocKind;
use serde::Serialize;

use std::path::Path;

use crate::auth;
use crate::role::{BadRole, Role};
use crate::store::sqlite::backup::{self, BackupError, Copied};
use crate::store::{DocSummary, EnrolledDevice, NewDevice, ServerStore, StoreError, User};

/// Why an administrative operation failed; each message is one line.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    /// The user name is not a valid one.
    #[error("invalid user name {0:?}: use 1-32 lower-case letters, digits, '.', '_' or '-', starting with a letter")]
    BadName(String),
    /// The user name is reserved for the server itself.
    #[error("the user name {0:?} is reserved")]
    ReservedName(String),
    /// The role is not one of the four.
    #[error(transparent)]
    BadRole(#[from] BadRole),
    /// The document kind is not known.
    #[error("unknown document kind {0:?}: use wo, pickup, part, cust, contract, complaint, complaint_report or settings")]
    BadKind(String),
    /// No document has this id.
    #[error("no document {0:?}")]
    UnknownDoc(String),
    /// The store refused or failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A backup or a restore failed.
    #[error(transparent)]
    Backup(#[from] BackupError),
}

/// A user with their devices, for `user list`.
#[derive(Debug, Clone, Serialize)]
pub struct Person {
    /// The user.
    pub user: User,
    /// Their devices, revoked ones included, by id.
    pub devices: Vec<EnrolledDevice>,
}

impl Person {
    /// The latest sync of any of the user's devices (unix milliseconds).
    pub fn last_sync_at(&self) -> Option<i64> {
        self.devices.iter().filter_map(|d| d.last_sync_at).max()
    }
}

/// A device just enrolled, with its token (shown once, never stored).
#[derive(Debug, Clone, Serialize)]
pub struct Enrollment {
    /// The device.
    pub device: EnrolledDevice,
    /// The bearer token for the device's settings.
    pub token: String,
}

fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    (1..=32).contains(&name.len())
        && chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c))
}

/// Adds a user (`role`: engineer, office, storekeeper or expert).
pub fn add_user(
    store: &dyn ServerStore,
    clock: &dyn Clock,
    name: &str,
    role: &str,
    display_name: Option<&str>,
) -> Result<User, AdminError> {
    if !valid_name(name) {
        return Err(AdminError::BadName(name.to_string()));
    }
    if name == crate::filing::SERVER_USER {
        return Err(AdminError::ReservedName(name.to_string()));
    }
    let role: Role = role.parse()?;
    let user = User {
        name: name.to_string(),
        role,
        display_name: display_name.map(str::to_string),
        created_at: clock.now().timestamp_millis(),
        disabled_at: None,
    };
    store.add_user(&user)?;
    Ok(user)
}

/// Every user.
pub fn list_users(store: &dyn ServerStore) -> Result<Vec<User>, AdminError> {
    Ok(store.users()?)
}

/// Every user with their devices and when each last synced (`user list`).
pub fn people(store: &dyn ServerStore) -> Result<Vec<Person>, AdminError> {
    let mut devices = store.devices()?;
    Ok(store
        .users()?
        .into_iter()
        .map(|user| {
            let (theirs, rest) = devices.drain(..).partition(|d| d.user == user.name);
            devices = rest;
            Person {
                user,
                devices: theirs,
            }
        })
        .collect())
}

/// A unix-millisecond time as `2026-11-30 17:45 UTC`, or `never` (the
/// last sync times of `user list`).
pub fn when(ms: Option<i64>) -> String {
    ms.and_then(chrono::DateTime::from_timestamp_millis)
        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|| "never".into())
}

/// Disables a user: every device of theirs gets 401 from now on (their
/// devices stay enrolled, and work again once the user is enabled).
pub fn disable_user(
    store: &dyn ServerStore,
    clock: &dyn Clock,
    name: &str,
) -> Result<User, AdminError> {
    Ok(store.set_user_disabled(name, Some(clock.now().timestamp_millis()))?)
}

/// Enables a disabled user again.
pub fn enable_user(store: &dyn ServerStore, name: &str) -> Result<User, AdminError> {
    Ok(store.set_user_disabled(name, None)?)
}

/// Changes a user's role (`engineer`, `office`, `storekeeper`, `expert`):
/// what their devices may read and write follows from the next request.
pub fn set_role(store: &dyn ServerStore, name: &str, role: &str) -> Result<User, AdminError> {
    let role: Role = role.parse()?;
    Ok(store.set_user_role(name, role)?)
}

/// Copies the server database of `data_dir` to the new file `to`; safe
/// while the server is serving.
pub fn backup(data_dir: &Path, to: &Path) -> Result<Copied, AdminError> {
    Ok(backup::backup(data_dir, to)?)
}

/// Restores the backup `from` into `data_dir` (new or empty).
pub fn restore(from: &Path, data_dir: &Path) -> Result<Copied, AdminError> {
    Ok(backup::restore(from, data_dir)?)
}

/// Enrols a device for `user`: a fresh token (returned once, stored only
/// as its SHA-256) and the next free slot — once all 999 were used, a
/// revoked device's, starting above the numbers it made (`crate::slots`).
pub fn enroll_device(
    store: &dyn ServerStore,
    clock: &dyn Clock,
    user: &str,
    label: Option<&str>,
) -> Result<Enrollment, AdminError> {
    let token = auth::new_token();
    let highest_seq = if crate::slots::all_used(store)? {
        crate::slots::highest_sequences(store)?
    } else {
        Default::default()
    };
    let device = store.add_device(NewDevice {
        user,
        label,
        token_hash: auth::token_hash(&token),
        now_ms: clock.now().timestamp_millis(),
        highest_seq: &highest_seq,
    })?;
    Ok(Enrollment { device, token })
}

/// Revokes a device: its token gets 401 from now on.
pub fn revoke_device(
    store: &dyn ServerStore,
    clock: &dyn Clock,
    id: i64,
) -> Result<EnrolledDevice, AdminError> {
    Ok(store.revoke_device(id, clock.now().timestamp_millis())?)
}

/// Every device, revoked ones included.
pub fn list_devices(store: &dyn ServerStore) -> Result<Vec<EnrolledDevice>, AdminError> {
    Ok(store.devices()?)
}

/// Stored documents, of one kind (`wo`, `pickup`, …) or all.
pub fn list_docs(
    store: &dyn ServerStore,
    kind: Option<&str>,
) -> Result<Vec<DocSummary>, AdminError> {
    let kind = kind
        .map(|k| {
            k.parse::<DocKind>()
                .map_err(|_| AdminError::BadKind(k.to_string()))
        })
        .transpose()?;
    Ok(store.doc_list(kind)?)
}

/// A document as JSON (Automerge's `AutoSerde`).
pub fn show_doc(store: &dyn ServerStore, id: &str) -> Result<serde_json::Value, AdminError> {
    let stored = store
        .load_doc(id)?
        .ok_or_else(|| AdminError::UnknownDoc(id.to_string()))?;
    Ok(
        serde_json::to_value(automerge::AutoSerde::from(&stored.doc))
            .unwrap_or_else(|e| serde_json::json!({ "error": e.to_string() })),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::sqlite::SqliteStore;
    use onsite_core::clock::SystemClock;

    #[test]
    fn users_are_validated_and_unique() {
        let s = SqliteStore::in_memory().unwrap();
        let c = SystemClock;
        add_user(&s, &c, "yangjinwei", "engineer", Some("杨金伟")).unwrap();
        assert!(matches!(
            add_user(&s, &c, "yangjinwei", "office", None),
            Err(AdminError::Store(StoreError::DuplicateUser(_)))
        ));
        assert!(matches!(
            add_user(&s, &c, "Yang Jinwei", "engineer", None),
            Err(AdminError::BadName(_))
        ));
        assert!(matches!(
            add_user(&s, &c, "x", "boss", None),
            Err(AdminError::BadRole(_))
        ));
        assert!(matches!(
            add_user(&s, &c, "server", "office", None),
            Err(AdminError::ReservedName(_))
        ));
    }

    #[test]
    fn a_disabled_user_is_refused_until_enabled_and_a_role_change_is_checked() {
        let s = SqliteStore::in_memory().unwrap();
        let c = SystemClock;
        add_user(&s, &c, "tangrong", "engineer", None).unwrap();
        let e = enroll_device(&s, &c, "tangrong", None).unwrap();
        let u = disable_user(&s, &c, "tangrong").unwrap();
        assert!(u.disabled_at.is_some());
        assert_eq!(
            auth::check_token(&s, &e.token).unwrap(),
            Err(auth::Refused::UserDisabled("tangrong".into()))
        );
        enable_user(&s, "tangrong").unwrap();
        assert!(auth::authenticate(&s, &e.token).unwrap().is_some());
        assert_eq!(
            set_role(&s, "tangrong", "expert").unwrap().role,
            Role::Expert
        );
        assert!(matches!(
            set_role(&s, "tangrong", "boss"),
            Err(AdminError::BadRole(_))
        ));
        assert!(matches!(
            disable_user(&s, &c, "nobody"),
            Err(AdminError::Store(StoreError::UnknownUser(_)))
        ));
    }

    #[test]
    fn an_enrolled_device_authenticates_until_revoked() {
        let s = SqliteStore::in_memory().unwrap();
        let c = SystemClock;
        add_user(&s, &c, "tangrong", "engineer", None).unwrap();
        let e = enroll_device(&s, &c, "tangrong", Some("phone")).unwrap();
        let p = auth::authenticate(&s, &e.token).unwrap().unwrap();
        assert_eq!((p.user.as_str(), p.slot), ("tangrong", 1));
        assert!(auth::authenticate(&s, &auth::new_token())
            .unwrap()
            .is_none());
        revoke_device(&s, &c, e.device.id).unwrap();
        assert!(auth::authenticate(&s, &e.token).unwrap().is_none());
        assert!(matches!(
            enroll_device(&s, &c, "nobody", None),
            Err(AdminError::Store(StoreError::UnknownUser(_)))
        ));
    }
}
