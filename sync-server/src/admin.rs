//! The administrator's operations behind the `onsite-sync-server` command
//! (`user add|list`, `device enroll|revoke|list`, `doc list|show`), as
//! library functions so tests and other tools call exactly what the
//! command line calls.

use onsite_core::clock::Clock;
use onsite_core::model::DocKind;
use serde::Serialize;

use crate::auth;
use crate::role::{BadRole, Role};
use crate::store::{DocSummary, EnrolledDevice, ServerStore, StoreError, User};

/// Why an administrative operation failed; each message is one line.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    /// The user name is not a valid one.
    #[error("invalid user name {0:?}: use 1-32 lower-case letters, digits, '.', '_' or '-', starting with a letter")]
    BadName(String),
    /// The user name is reserved for the server itself.
    #[error("the user name {0:?} is reserved")]
    ReservedName(String),
    /// The role is not one of the three.
    #[error(transparent)]
    BadRole(#[from] BadRole),
    /// The document kind is not known.
    #[error("unknown document kind {0:?}: use wo, pickup, part, cust, contract or complaint")]
    BadKind(String),
    /// No document has this id.
    #[error("no document {0:?}")]
    UnknownDoc(String),
    /// The store refused or failed.
    #[error(transparent)]
    Store(#[from] StoreError),
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

/// Adds a user (`role`: engineer, office or storekeeper).
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
    };
    store.add_user(&user)?;
    Ok(user)
}

/// Every user.
pub fn list_users(store: &dyn ServerStore) -> Result<Vec<User>, AdminError> {
    Ok(store.users()?)
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
    let device = store.add_device(
        user,
        label,
        auth::token_hash(&token),
        clock.now().timestamp_millis(),
        &highest_seq,
    )?;
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
