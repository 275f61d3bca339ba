//! Typed access to one Automerge document: create it with its `kind`, read
//! it into its struct, write the struct back as a minimal change, adjust the
//! stock counters of a part, and list conflicting values of a field.
//!
//! A document's root holds `kind` (the id prefix), `v` (the schema version,
//! 1) and the struct's fields.

use std::collections::BTreeMap;

use automerge::{
    transaction::Transactable, AutoCommit, ObjType, ReadDoc, ScalarValue, Value, ROOT,
};
use autosurgeon::{Hydrate, Reconcile};

use crate::model::{DocId, DocKind};

pub mod fast_read;

/// The schema version written into every document.
pub const SCHEMA_VERSION: i64 = 1;

/// Errors reading or writing a document.
#[derive(Debug, thiserror::Error)]
pub enum DocError {
    /// The document does not have the shape of its kind.
    #[error("document does not match its schema: {0}")]
    Shape(#[source] Box<autosurgeon::HydrateError>),
    /// Writing the struct into the document failed.
    #[error("could not write document: {0}")]
    Write(#[source] Box<autosurgeon::ReconcileError>),
    /// The Automerge library refused an operation.
    #[error("automerge: {0}")]
    Automerge(#[source] Box<automerge::AutomergeError>),
    /// The document's `kind` is not the one expected.
    #[error("document is a {found:?}, expected {expected}")]
    WrongKind {
        /// What the document says.
        found: Option<String>,
        /// What the caller asked for.
        expected: DocKind,
    },
    /// A counter that does not exist was adjusted.
    #[error("part has no stock counter for warehouse {0:?}")]
    NoCounter(String),
}

// The library errors are boxed (a document result is returned everywhere,
// and Automerge's and autosurgeon's errors are large); `?` still converts.
impl From<autosurgeon::HydrateError> for DocError {
    fn from(e: autosurgeon::HydrateError) -> Self {
        DocError::Shape(Box::new(e))
    }
}

impl From<autosurgeon::ReconcileError> for DocError {
    fn from(e: autosurgeon::ReconcileError) -> Self {
        DocError::Write(Box::new(e))
    }
}

impl From<automerge::AutomergeError> for DocError {
    fn from(e: automerge::AutomergeError) -> Self {
        DocError::Automerge(Box::new(e))
    }
}

/// A new document of `kind` holding `value`, written by a random actor
/// and not committed (tests and fixtures; a device writes with
/// [`create_as`]).
pub fn create<T: Reconcile>(kind: DocKind, value: &T) -> Result<AutoCommit, DocError> {
    fill(AutoCommit::new(), kind, value)
}

/// A new document of `kind` holding `value`, written by the device's
/// Automerge actor `actor` and committed at `time_ms` (Unix milliseconds):
/// its first change is attributed to the device like every later one.
pub fn create_as<T: Reconcile>(
    kind: DocKind,
    value: &T,
    actor: &automerge::ActorId,
    time_ms: i64,
) -> Result<AutoCommit, DocError> {
    let mut doc = fill(AutoCommit::new().with_actor(actor.clone()), kind, value)?;
    doc.commit_with(automerge::transaction::CommitOptions::default().with_time(time_ms));
    Ok(doc)
}

/// A new document of `kind` holding `value`, written by Automerge actor
/// `actor` and committed (time 0): two devices creating it from the same
/// value with the same actor make the very same change, which a merge
/// keeps once (a planned maintenance order, whose id and content are
/// derived from its contract and period).
pub fn create_identical<T: Reconcile>(
    kind: DocKind,
    value: &T,
    actor: automerge::ActorId,
) -> Result<AutoCommit, DocError> {
    let mut doc = fill(AutoCommit::new().with_actor(actor), kind, value)?;
    doc.commit();
    Ok(doc)
}

fn fill<T: Reconcile>(
    mut doc: AutoCommit,
    kind: DocKind,
    value: &T,
) -> Result<AutoCommit, DocError> {
    doc.put(ROOT, "kind", kind.prefix())?;
    doc.put(ROOT, "v", SCHEMA_VERSION)?;
    autosurgeon::reconcile(&mut doc, value)?;
    Ok(doc)
}

/// The `kind` the document says it is.
pub fn kind_of<D: ReadDoc>(doc: &D) -> Option<DocKind> {
    parsed_root_str(doc, "kind")
}

/// The root text `key`, parsed; `None` when absent, not text or not
/// parsing.
fn parsed_root_str<T: std::str::FromStr, D: ReadDoc>(doc: &D, key: &str) -> Option<T> {
    match doc.get(ROOT, key).ok()?? {
        (Value::Scalar(s), _) => match s.as_ref() {
            ScalarValue::Str(text) => text.parse().ok(),
            _ => None,
        },
        _ => None,
    }
}

/// Reads the document as `T`, checking its kind.
pub fn read<T: Hydrate, D: ReadDoc + autosurgeon::ReadDoc>(
    doc: &D,
    expected: DocKind,
) -> Result<T, DocError> {
    let found = kind_of(doc);
    if found != Some(expected) {
        return Err(DocError::WrongKind {
            found: found.map(|k| k.prefix().to_string()),
            expected,
        });
    }
    Ok(autosurgeon::hydrate(doc)?)
}

/// Writes `value` into the document as the smallest change that makes the
/// document equal to it (unchanged fields are not touched).
pub fn write<T: Reconcile>(doc: &mut AutoCommit, value: &T) -> Result<(), DocError> {
    autosurgeon::reconcile(doc, value)?;
    Ok(())
}

/// Creates a part's stock counters, one per warehouse, at their start values.
/// Call once, when the part is created: counters created concurrently on two
/// devices would be two different counters.
pub fn init_stock(doc: &mut AutoCommit, start: &BTreeMap<String, i64>) -> Result<(), DocError> {
    let stock = doc.put_object(ROOT, "stock", ObjType::Map)?;
    for (warehouse, qty) in start {
        doc.put(&stock, warehouse.as_str(), ScalarValue::counter(*qty))?;
    }
    Ok(())
}

/// Adds a counter at 0 for `warehouse` when the part has none (the office
/// adding a warehouse in the company settings, to every part in the same
/// transaction). Never called lazily on a movement: two devices creating
/// one counter would each keep their own, and one side's counts would be
/// lost.
pub fn add_stock_counter(doc: &mut AutoCommit, warehouse: &str) -> Result<bool, DocError> {
    let stock = match doc.get(ROOT, "stock")? {
        Some((Value::Object(ObjType::Map), id)) => id,
        _ => doc.put_object(ROOT, "stock", ObjType::Map)?,
    };
    if doc.get(&stock, warehouse)?.is_some() {
        return Ok(false);
    }
    doc.put(&stock, warehouse, ScalarValue::counter(0))?;
    Ok(true)
}

/// Adds `delta` (negative for a pickup) to a warehouse's stock counter.
/// Concurrent adjustments on different devices add up when merged.
pub fn adjust_stock(doc: &mut AutoCommit, warehouse: &str, delta: i64) -> Result<(), DocError> {
    let stock = match doc.get(ROOT, "stock")? {
        Some((Value::Object(ObjType::Map), id)) => id,
        _ => return Err(DocError::NoCounter(warehouse.to_string())),
    };
    match doc.get(&stock, warehouse)? {
        Some((Value::Scalar(s), _)) if matches!(s.as_ref(), ScalarValue::Counter(_)) => {
            doc.increment(&stock, warehouse, delta)?;
            Ok(())
        }
        _ => Err(DocError::NoCounter(warehouse.to_string())),
    }
}

/// Stock per warehouse (counters, or any number another client wrote).
pub fn read_stock<D: ReadDoc>(doc: &D) -> BTreeMap<String, i64> {
    let mut out = BTreeMap::new();
    let Ok(Some((Value::Object(ObjType::Map), stock))) = doc.get(ROOT, "stock") else {
        return out;
    };
    for key in doc.keys(&stock) {
        if let Ok(Some((Value::Scalar(s), _))) = doc.get(&stock, key.as_str()) {
            let n = match s.as_ref() {
                ScalarValue::Counter(c) => i64::from(c),
                ScalarValue::Int(i) => *i,
                ScalarValue::Uint(u) => *u as i64,
                ScalarValue::F64(f) => f.round() as i64,
                _ => continue,
            };
            out.insert(key, n);
        }
    }
    out
}

/// The values of a top-level scalar field when concurrent edits left more
/// than one (Automerge keeps them all and picks a winner). Empty when the
/// field has a single value. The winner is first.
pub fn conflicts<D: ReadDoc>(doc: &D, path: &[&str]) -> Vec<String> {
    let mut obj = ROOT;
    for key in &path[..path.len().saturating_sub(1)] {
        match doc.get(&obj, *key) {
            Ok(Some((Value::Object(_), id))) => obj = id,
            _ => return vec![],
        }
    }
    let Some(last) = path.last() else {
        return vec![];
    };
    let Ok(all) = doc.get_all(&obj, *last) else {
        return vec![];
    };
    if all.len() < 2 {
        return vec![];
    }
    let winner = doc.get(&obj, *last).ok().flatten().map(|(_, id)| id);
    let mut values: Vec<(bool, String)> = all
        .into_iter()
        .map(|(v, id)| {
            let text = match v {
                Value::Scalar(s) => match s.as_ref() {
                    ScalarValue::Str(t) => t.to_string(),
                    other => other.to_string(),
                },
                Value::Object(t) => format!("<{t:?}>"),
            };
            (Some(&id) == winner.as_ref(), text)
        })
        .collect();
    values.sort_by_key(|(w, _)| !*w);
    values.into_iter().map(|(_, t)| t).collect()
}

/// The id the document's struct carries, if it has one.
pub fn id_of<D: ReadDoc>(doc: &D) -> Option<DocId> {
    parsed_root_str(doc, "id")
}
