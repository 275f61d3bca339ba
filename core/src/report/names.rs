//! Who the record names: login name → display name, read from the staff
//! directory the device caches (`account::staff`, `GET /v1/staff`).

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::store::{meta_keys, Store, StoreError};

/// The part of a directory entry the record needs.
#[derive(Deserialize)]
struct Named {
    user: String,
    #[serde(default)]
    display_name: Option<String>,
}

/// Login name → display name for everyone in the cached directory who has
/// one; empty before the first fetch or when the cache cannot be read (the
/// record then prints login names).
pub fn staff_names(store: &Store) -> Result<BTreeMap<String, String>, StoreError> {
    let Some(json) = store.get_meta_str(meta_keys::STAFF_DIRECTORY)? else {
        return Ok(BTreeMap::new());
    };
    let staff: Vec<Named> = serde_json::from_str(&json).unwrap_or_default();
    Ok(staff
        .into_iter()
        .filter_map(|m| Some((m.user, m.display_name.filter(|d| !d.trim().is_empty())?)))
        .collect())
}
