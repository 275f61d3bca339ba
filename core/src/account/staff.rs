//! The staff directory: the server's users (`GET /v1/staff`) cached in the
//! device's `meta` (`staff.directory`, JSON) at enrolment and after every
//! completed sync ([`crate::sync::client`] asks for it, [`apply_directory`]
//! stores it), so the office can assign work offline and a user added on
//! the server is assignable after one sync; and [`engineers`], the people
//! work can be assigned to, and [`experts`], the technical experts an
//! order's engineer or the office can ask. Disabled users stay in the
//! directory (their names are still shown on the orders they worked on)
//! but are offered for neither.

use serde::{Deserialize, Serialize};

use super::{AccountError, Result};
use crate::service::Engineer;
use crate::store::{meta_keys, Store, StoreError};

/// The `meta` key of the cached directory.
pub const STAFF_KEY: &str = crate::store::meta_keys::STAFF_DIRECTORY;

/// One user of the server, as `/v1/staff` lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    /// The login name documents use (`yangjinwei`).
    pub user: String,
    /// The name people know them by (`杨金伟`), when the server has one.
    #[serde(default)]
    pub display_name: Option<String>,
    /// `engineer`, `office`, `storekeeper` or `expert` (kept as the server
    /// spells it).
    pub role: String,
    /// `false` while the user is disabled on the server (`user disable`):
    /// not offered for assignment. A server that does not say is taken as
    /// `true`.
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

/// What `GET /v1/staff` answers.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
struct StaffAnswer {
    staff: Vec<StaffMember>,
}

/// Parses a `GET /v1/staff` body (`{"staff": [...]}`).
pub fn parse_staff(body: &[u8]) -> Result<Vec<StaffMember>> {
    serde_json::from_slice::<StaffAnswer>(body)
        .map(|a| a.staff)
        .map_err(|e| AccountError::BadAnswer {
            path: "/v1/staff",
            detail: e.to_string(),
        })
}

/// Stores a directory fresh from the server, with its entity tag, in one
/// transaction, and with it the signed-in user's display name when the
/// directory names them differently. `true` when anything the screens
/// show changed (the directory or the display name).
pub fn apply_directory(
    store: &mut Store,
    staff: &[StaffMember],
    etag: Option<&str>,
) -> Result<bool> {
    let before = cached_staff(store)?;
    let me = store.get_meta_str(meta_keys::USER_NAME)?;
    let name = me
        .and_then(|me| staff.iter().find(|m| m.user == me))
        .map(|m| m.display_name.clone().unwrap_or_default());
    let old_name = store
        .get_meta_str(meta_keys::DISPLAY_NAME)?
        .unwrap_or_default();
    let new_name = name.filter(|n| *n != old_name);
    let json = to_json(staff)?;
    let mut entries: Vec<(&str, Option<&[u8]>)> = vec![
        (STAFF_KEY, Some(json.as_bytes())),
        (meta_keys::STAFF_ETAG, etag.map(str::as_bytes)),
    ];
    if let Some(n) = &new_name {
        entries.push((meta_keys::DISPLAY_NAME, Some(n.as_bytes())));
    }
    store.set_metas(&entries)?;
    Ok(before != staff || new_name.is_some())
}

/// The entity tag of the cached directory, to ask the server whether it
/// changed.
pub fn directory_etag(store: &Store) -> Result<Option<String>> {
    Ok(store.get_meta_str(meta_keys::STAFF_ETAG)?)
}

fn to_json(staff: &[StaffMember]) -> Result<String> {
    Ok(
        serde_json::to_string(staff).map_err(|e| StoreError::BadMeta {
            key: STAFF_KEY.into(),
            detail: e.to_string(),
        })?,
    )
}

/// Replaces the cached directory (and forgets its entity tag: the next
/// sync fetches it whole).
pub fn store_staff(store: &mut Store, staff: &[StaffMember]) -> Result<()> {
    let json = to_json(staff)?;
    Ok(store.set_metas(&[
        (STAFF_KEY, Some(json.as_bytes())),
        (meta_keys::STAFF_ETAG, None),
    ])?)
}

/// The cached directory (empty before the first fetch).
pub fn cached_staff(store: &Store) -> Result<Vec<StaffMember>> {
    let Some(json) = store.get_meta_str(STAFF_KEY)? else {
        return Ok(vec![]);
    };
    Ok(
        serde_json::from_str(&json).map_err(|e| StoreError::BadMeta {
            key: STAFF_KEY.into(),
            detail: e.to_string(),
        })?,
    )
}

/// The engineers work can be assigned to: the cached directory's active
/// engineers, then anyone orders on this device are assigned to who is
/// not in the directory at all (named by login name). A disabled engineer
/// is not offered, even with orders still assigned to them.
pub fn engineers(store: &Store) -> Result<Vec<Engineer>> {
    Ok(merge(cached_staff(store)?, store.assignees()?))
}

/// The active technical experts of the cached directory (the same shape
/// as an engineer: login name and the name shown).
pub fn experts(store: &Store) -> Result<Vec<Engineer>> {
    Ok(of_role(cached_staff(store)?, "expert"))
}

fn merge(staff: Vec<StaffMember>, seen: impl IntoIterator<Item = String>) -> Vec<Engineer> {
    let known: std::collections::BTreeSet<String> = staff.iter().map(|m| m.user.clone()).collect();
    let mut out = of_role(staff, "engineer");
    for name in seen {
        if !name.is_empty() && !known.contains(&name) && !out.iter().any(|e| e.name == name) {
            out.push(Engineer {
                display: name.clone(),
                name,
            });
        }
    }
    out
}

fn of_role(staff: Vec<StaffMember>, role: &str) -> Vec<Engineer> {
    staff
        .into_iter()
        .filter(|m| m.role == role && m.active)
        .map(|m| Engineer {
            display: m
                .display_name
                .filter(|d| !d.trim().is_empty())
                .unwrap_or_else(|| m.user.clone()),
            name: m.user,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::settings::tests::device;

    fn member(user: &str, display: Option<&str>, role: &str) -> StaffMember {
        StaffMember {
            user: user.into(),
            display_name: display.map(Into::into),
            role: role.into(),
            active: true,
        }
    }

    fn disabled(user: &str, display: &str, role: &str) -> StaffMember {
        StaffMember {
            active: false,
            ..member(user, Some(display), role)
        }
    }

    #[test]
    fn a_disabled_engineer_or_expert_is_not_offered_even_with_orders_assigned() {
        let staff = vec![
            member("yangjinwei", Some("杨金伟"), "engineer"),
            disabled("tangrong", "汤戎", "engineer"),
            disabled("wangzhuanjia", "王专家", "expert"),
            member("lizhuanjia", Some("李专家"), "expert"),
        ];
        let list = merge(staff.clone(), ["tangrong".to_string()]);
        let names: Vec<&str> = list.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["yangjinwei"], "tangrong is disabled");
        let experts: Vec<String> = of_role(staff, "expert")
            .into_iter()
            .map(|e| e.name)
            .collect();
        assert_eq!(experts, ["lizhuanjia"]);
    }

    #[test]
    fn a_server_that_does_not_say_active_lists_active_users() {
        let staff = parse_staff(
            r#"{"staff":[{"user":"chenqin","display_name":"陈勤","role":"engineer"}]}"#.as_bytes(),
        )
        .unwrap();
        assert!(staff[0].active);
        let e = parse_staff(b"{}").unwrap_err();
        assert_eq!(crate::service::ApiError::from(e).code, "bad_server");
    }

    #[test]
    fn a_fresh_directory_is_stored_with_its_tag_and_names_the_signed_in_user() {
        let (_dir, mut d) = device();
        d.store
            .set_meta_str(meta_keys::USER_NAME, "chenqin")
            .unwrap();
        let staff = vec![member("chenqin", Some("陈勤"), "engineer")];
        assert!(apply_directory(&mut d.store, &staff, Some("\"v1\"")).unwrap());
        assert_eq!(directory_etag(&d.store).unwrap().as_deref(), Some("\"v1\""));
        assert_eq!(
            crate::account::display_name(&d.store).unwrap().as_deref(),
            Some("陈勤")
        );
        assert!(
            !apply_directory(&mut d.store, &staff, Some("\"v1\"")).unwrap(),
            "nothing changed"
        );
        let staff = vec![disabled("chenqin", "陈勤", "engineer")];
        assert!(
            apply_directory(&mut d.store, &staff, None).unwrap(),
            "disabled is news"
        );
        assert_eq!(directory_etag(&d.store).unwrap(), None);
    }

    #[test]
    fn engineers_are_the_directory_plus_new_names_once() {
        let staff = vec![
            member("office", Some("调度办公室"), "office"),
            member("yangjinwei", Some("杨金伟"), "engineer"),
            member("tangrong", None, "engineer"),
        ];
        let list = merge(
            staff,
            [
                "yangjinwei".to_string(),
                "newbie".into(),
                "newbie".into(),
                String::new(),
            ],
        );
        let names: Vec<(&str, &str)> = list
            .iter()
            .map(|e| (e.name.as_str(), e.display.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("yangjinwei", "杨金伟"),
                ("tangrong", "tangrong"),
                ("newbie", "newbie")
            ],
            "engineers only, the directory first, a new name once"
        );
    }

    #[test]
    fn the_directory_is_cached_on_the_device() {
        let (_dir, mut d) = device();
        assert!(
            engineers(&d.store).unwrap().is_empty(),
            "nothing before the first fetch"
        );
        store_staff(&mut d.store, &[member("chenqin", Some("陈勤"), "engineer")]).unwrap();
        assert_eq!(cached_staff(&d.store).unwrap().len(), 1);
        assert_eq!(
            engineers(&d.store).unwrap(),
            vec![Engineer {
                name: "chenqin".into(),
                display: "陈勤".into()
            }]
        );
    }
}
