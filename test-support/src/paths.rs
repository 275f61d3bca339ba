//! Text fields of an Automerge document by path (`["service",
//! "work_done"]`), written and read below the typed structs, as another
//! client might.

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjType, ReadDoc, ScalarValue, Value, ROOT};

/// Writes `value` at `path` (maps created as needed) and commits.
pub fn put_text(
    doc: &mut AutoCommit,
    path: &[&str],
    value: &str,
) -> Result<(), automerge::AutomergeError> {
    let (last, parents) = path.split_last().expect("a path");
    let mut obj = ROOT;
    for key in parents {
        obj = match doc.get(&obj, *key)? {
            Some((Value::Object(ObjType::Map), id)) => id,
            _ => doc.put_object(&obj, *key, ObjType::Map)?,
        };
    }
    doc.put(&obj, *last, value)?;
    // Timed in Unix ms, like every change a device makes (a device's store
    // refuses an untimed local change in tests).
    doc.commit_with(
        automerge::transaction::CommitOptions::default()
            .with_time(chrono::Utc::now().timestamp_millis()),
    );
    Ok(())
}

/// The text at `path`, if any.
pub fn text_at(doc: &AutoCommit, path: &[&str]) -> Option<String> {
    let (last, parents) = path.split_last()?;
    let mut obj = ROOT;
    for key in parents {
        match doc.get(&obj, *key).ok()?? {
            (Value::Object(_), id) => obj = id,
            _ => return None,
        }
    }
    match doc.get(&obj, *last).ok()?? {
        (Value::Scalar(s), _) => match s.as_ref() {
            ScalarValue::Str(t) => Some(t.to_string()),
            _ => None,
        },
        _ => None,
    }
}
