//! Documents as a minimal other client writes them: every optional key
//! left out. [`strip_optional_keys`] deletes, through Automerge, each key our
//! writers filled with an empty optional value (`null`, an empty list) and
//! each map left empty by that, at any depth; required keys stay.
//! `docs/schema.md` says an optional field may be absent, so every reader
//! must take such a document as it takes ours.

use automerge::{
    transaction::Transactable, AutoCommit, ObjId, ObjType, ReadDoc, ScalarValue, Value, ROOT,
};

/// Deletes the optional keys holding nothing (`null`, `[]`, and maps left
/// empty) from the whole document, as a new change. Returns the deleted
/// keys' paths (`timeline.responded_at`, `loaner`, …).
pub fn strip_optional_keys(doc: &mut AutoCommit) -> Vec<String> {
    let mut deleted = Vec::new();
    strip_map(doc, &ROOT, "", &mut deleted);
    doc.commit();
    deleted
}

/// Strips inside one map; true when the map is empty afterwards.
fn strip_map(doc: &mut AutoCommit, obj: &ObjId, path: &str, deleted: &mut Vec<String>) -> bool {
    let keys: Vec<String> = doc.keys(obj).collect();
    for key in keys {
        let here = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        let empty = match doc.get(obj, key.as_str()).expect("key") {
            Some((Value::Scalar(s), _)) => matches!(s.as_ref(), ScalarValue::Null),
            Some((Value::Object(ObjType::List), id)) => {
                strip_list(doc, &id, &here, deleted);
                doc.length(&id) == 0
            }
            Some((Value::Object(ObjType::Map), id)) => strip_map(doc, &id, &here, deleted),
            _ => false,
        };
        if empty {
            doc.delete(obj, key.as_str()).expect("delete");
            deleted.push(here);
        }
    }
    doc.length(obj) == 0
}

/// Strips inside the maps of a list (its items stay).
fn strip_list(doc: &mut AutoCommit, list: &ObjId, path: &str, deleted: &mut Vec<String>) {
    for i in 0..doc.length(list) {
        if let Some((Value::Object(ObjType::Map), id)) = doc.get(list, i).expect("item") {
            strip_map(doc, &id, &format!("{path}[{i}]"), deleted);
        }
    }
}
