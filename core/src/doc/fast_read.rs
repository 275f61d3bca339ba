//! A one-pass read of a whole document: Automerge's own `hydrate` of the
//! root (one walk over the op set) turned into a `serde_json::Value`, then
//! deserialised with the type's serde `Deserialize`.
//!
//! `autosurgeon::hydrate` looks every field up on its own (a `get` per key,
//! per list element), which costs more than one walk for a whole work
//! order. The serde route gives the same struct only for documents shaped
//! as our writers write them: every key present, numbers as integers,
//! instants as RFC 3339 text. It does not know the tolerant readers
//! (`or_empty` for absent or `null` optional keys, `hydrate_i64` for floats
//! and counters written by other clients) nor the year range checks of
//! `Ts`/`Day`, so a document it refuses is read with [`super::read`]
//! instead: use [`read_or_hydrate`], never [`read_fast`] alone, where the
//! result must be the one `autosurgeon` gives. The equality of the two
//! reads over the test-support documents is checked below.

use automerge::{hydrate, ReadDoc, ScalarValue, ROOT};
use autosurgeon::Hydrate;
use serde::de::DeserializeOwned;

use super::{kind_of, DocError};
use crate::model::DocKind;

/// Why the one-pass read did not give a value.
#[derive(Debug, thiserror::Error)]
pub enum FastReadError {
    /// Automerge could not hydrate the document.
    #[error("automerge: {0}")]
    Automerge(#[from] automerge::AutomergeError),
    /// A scalar with no JSON form (a non-finite float, an unknown type).
    #[error("scalar without a JSON form: {0}")]
    Scalar(String),
    /// The tree does not deserialise as the type.
    #[error("does not deserialise: {0}")]
    Serde(#[from] serde_json::Error),
}

/// Reads the whole document as `T` in one pass (see the module doc). The
/// document's `kind` is not checked.
pub fn read_fast<T: DeserializeOwned>(doc: &impl ReadDoc) -> Result<T, FastReadError> {
    let tree = doc.hydrate(ROOT, None)?;
    Ok(serde_json::from_value(to_json(&tree)?)?)
}

/// [`read_fast`] when it succeeds, else [`super::read`] (which also
/// reports the error when the document really does not parse). Checks the
/// kind first, as `read` does.
pub fn read_or_hydrate<T, D>(doc: &D, expected: DocKind) -> Result<T, DocError>
where
    T: DeserializeOwned + Hydrate,
    D: ReadDoc + autosurgeon::ReadDoc,
{
    if kind_of(doc) == Some(expected) {
        if let Ok(value) = read_fast(doc) {
            return Ok(value);
        }
    }
    super::read(doc, expected)
}

/// The JSON form of a hydrated Automerge value: maps → objects, lists →
/// arrays, text → string, scalars by their type (a counter → its value, a
/// timestamp → its milliseconds, bytes → an array of numbers).
pub fn to_json(value: &hydrate::Value) -> Result<serde_json::Value, FastReadError> {
    use serde_json::Value as J;
    Ok(match value {
        hydrate::Value::Map(map) => {
            let mut out = serde_json::Map::new();
            for (key, v) in map.iter() {
                out.insert(key.clone(), to_json(&v.value)?);
            }
            J::Object(out)
        }
        hydrate::Value::List(list) => J::Array(
            list.iter()
                .map(|v| to_json(&v.value))
                .collect::<Result<_, _>>()?,
        ),
        hydrate::Value::Text(text) => J::String(text.to_string()),
        hydrate::Value::Scalar(s) => match s {
            ScalarValue::Str(s) => J::String(s.to_string()),
            ScalarValue::Int(i) => J::from(*i),
            ScalarValue::Uint(u) => J::from(*u),
            ScalarValue::F64(f) => serde_json::Number::from_f64(*f)
                .map(J::Number)
                .ok_or_else(|| FastReadError::Scalar(f.to_string()))?,
            ScalarValue::Counter(c) => J::from(i64::from(c)),
            ScalarValue::Timestamp(ms) => J::from(*ms),
            ScalarValue::Boolean(b) => J::Bool(*b),
            ScalarValue::Null => J::Null,
            ScalarValue::Bytes(b) => J::Array(b.iter().map(|x| J::from(*x)).collect()),
            other @ ScalarValue::Unknown { .. } => {
                return Err(FastReadError::Scalar(format!("{other:?}")))
            }
        },
    })
}

#[cfg(test)]
mod tests;
