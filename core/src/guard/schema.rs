//! The envelope every document keeps whatever its kind: `kind` equal to
//! its id's prefix, `v` equal to the schema version, and a change no larger
//! than the kind's cap. Reading as the kind's struct is checked by the
//! caller ([`super::check_write`]).

use automerge::{AutoCommit, ReadDoc, ScalarValue, Value, ROOT};

use super::Refusal;
use crate::doc::{kind_of, SCHEMA_VERSION};
use crate::model::{DocId, DocKind};

/// The most one change may add to a document of `kind`, in bytes of
/// Automerge changes. A work order holds the signature strokes; the other
/// kinds are a few hundred bytes of text each.
pub fn max_change_bytes(kind: DocKind) -> usize {
    match kind {
        DocKind::WorkOrder => 1024 * 1024,
        DocKind::Customer | DocKind::Complaint => 256 * 1024,
        DocKind::Pickup
        | DocKind::Part
        | DocKind::Contract
        | DocKind::Settings
        | DocKind::FollowUp
        | DocKind::Survey
        | DocKind::ComplaintReport => 64 * 1024,
    }
}

/// Checks `kind`, `v` and the size of the change.
pub fn check_envelope(id: &DocId, doc: &AutoCommit, added_bytes: usize) -> Result<(), Refusal> {
    let kind = id.kind();
    let cap = max_change_bytes(kind);
    if added_bytes > cap {
        return Err(Refusal {
            kind: super::RefusalKind::TooLarge,
            message: format!(
                "the change to {id} is {added_bytes} bytes; a {kind} document takes at most {cap} per change"
            ),
        });
    }
    match kind_of(doc) {
        Some(k) if k == kind => {}
        Some(k) => {
            return Err(Refusal::invalid(format!(
                "{id} says it is a {k} document, its id says {kind}"
            )))
        }
        None => return Err(Refusal::invalid(format!("{id} has no valid `kind`"))),
    }
    if version(doc) != Some(SCHEMA_VERSION) {
        return Err(Refusal::invalid(format!(
            "{id} must carry `v` = {SCHEMA_VERSION}"
        )));
    }
    Ok(())
}

fn version(doc: &AutoCommit) -> Option<i64> {
    match doc.get(ROOT, "v").ok()?? {
        (Value::Scalar(s), _) => match s.as_ref() {
            ScalarValue::Int(i) => Some(*i),
            ScalarValue::Uint(u) => i64::try_from(*u).ok(),
            _ => None,
        },
        _ => None,
    }
}
