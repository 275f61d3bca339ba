//! The staff directory: the server's users (`GET /v1/staff`) cached in the
//! device's `meta` (`staff.directory`, JSON) at enrolment and each time the
//! app reaches the server, so the office can assign work offline; and
//! [`engineers`], the people work can be assigned to, and [`experts`], the
//! technical experts an order's engineer or the office can ask.

use serde::{Deserialize, Serialize};

use super::Result;
use crate::service::{Engineer, WoFilter};
use crate::store::{Store, StoreError};

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
    /// `engineer`, `office` or `storekeeper` (kept as the server spells it).
    pub role: String,
}

/// Replaces the cached directory.
pub fn store_staff(store: &Store, staff: &[StaffMember]) -> Result<()> {
    let json = serde_json::to_string(staff).map_err(|e| StoreError::BadMeta {
        key: STAFF_KEY.into(),
        detail: e.to_string(),
    })?;
    Ok(store.set_meta_str(STAFF_KEY, &json)?)
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

/// The engineers work can be assigned to: the cached directory's
/// engineers, then anyone orders on this device are assigned to who is
/// not in it (named by login name).
pub fn engineers(store: &Store) -> Result<Vec<Engineer>> {
    let seen = store
        .list_work_orders(&WoFilter::default())?
        .into_iter()
        .filter_map(|r| r.assignee);
    Ok(merge(cached_staff(store)?, seen))
}

/// The technical experts of the cached directory (the same shape as an
/// engineer: login name and the name shown).
pub fn experts(store: &Store) -> Result<Vec<Engineer>> {
    Ok(of_role(cached_staff(store)?, "expert"))
}

fn merge(staff: Vec<StaffMember>, seen: impl IntoIterator<Item = String>) -> Vec<Engineer> {
    let mut out = of_role(staff, "engineer");
    for name in seen {
        if !name.is_empty() && !out.iter().any(|e| e.name == name) {
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
        .filter(|m| m.role == role)
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
        }
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
        let (_dir, d) = device();
        assert!(
            engineers(&d.store).unwrap().is_empty(),
            "nothing before the first fetch"
        );
        store_staff(&d.store, &[member("chenqin", Some("陈勤"), "engineer")]).unwrap();
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
