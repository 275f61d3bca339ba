//! What one change did, field by field: the patches between the document
//! as it was before the change (its deps) and with it (`[hash]`), turned
//! into [`FieldChange`]s with display text for the old and new values.
//!
//! - A map key set to a scalar: `Set` with the value before and after.
//! - A map key set to a new map: no row of its own; its fields follow as
//!   rows (`charge_override.amount_fen`).
//! - A map key set to a new list or text: one `Set` row with a summary of
//!   the whole (an empty one at creation gives no row).
//! - Items inserted into / deleted from a list: `Added` / `Deleted` rows
//!   (`notes[3]`) with a short JSON summary of the item.
//! - A counter incremented: `Counted` with the signed amount as `new`
//!   and the value before as `old` (`stock.main`).
//! - A key deleted: `Removed`.
//! - The root's `kind`, `v` and `id` written by a change without deps:
//!   one `Created` row (empty path, `new` = the id).
//!
//! A change's effect relative to its deps never changes, so these rows
//! can be cached by change hash.

use std::collections::{HashMap, HashSet};

use automerge::{
    AutoCommit, ChangeHash, ObjId, ObjType, PatchAction, Prop, ReadDoc, ScalarValue, Value, ROOT,
};

use super::model::HistoryOp;
use super::walk::Step;

/// The longest display text of a value; longer ones are cut with `…`.
pub const MAX_TEXT: usize = 200;

/// One field touched by one change.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    /// The display path (`service.work_done`, `notes[3]`, `stock.main`;
    /// empty for `Created`).
    pub path: String,
    /// The same path as props from the root (to read the field at other
    /// heads).
    pub props: Vec<Prop>,
    /// What happened.
    pub op: HistoryOp,
    /// The value before, as text.
    pub old: Option<String>,
    /// The value after, as text (for `Counted`: the signed amount).
    pub new: Option<String>,
}

/// The root keys the `Created` row stands for.
const ROOT_KEYS: [&str; 3] = ["kind", "v", "id"];

/// The fields change `step` touched, in the order of its patches (the
/// `Created` row first).
pub fn changes_of(doc: &mut AutoCommit, step: &Step) -> Vec<FieldChange> {
    let before = step.deps.clone();
    let after = [step.hash];
    let patches = doc.diff(&before, &after);
    let first = step.deps.is_empty();
    let mut out = Vec::new();
    let mut created: Option<FieldChange> = None;
    // Objects shown as a whole (list items, new lists and texts): the
    // patches inside them are not rows of their own.
    let mut whole: HashSet<ObjId> = HashSet::new();
    // Texts already given their row in this change.
    let mut texts: HashSet<ObjId> = HashSet::new();
    // Per list, items inserted and deleted so far by this change (to find
    // a deleted item's index in the document before it).
    let mut moved: HashMap<ObjId, (usize, usize)> = HashMap::new();
    for p in patches {
        if whole.contains(&p.obj) || p.path.iter().any(|(o, _)| whole.contains(o)) {
            continue;
        }
        let base: Vec<Prop> = p.path.iter().map(|(_, prop)| prop.clone()).collect();
        let is_text = matches!(doc.object_type(&p.obj), Ok(ObjType::Text));
        if is_text {
            if texts.insert(p.obj.clone()) {
                let old = doc.text_at(&p.obj, &before).ok();
                let new = doc.text_at(&p.obj, &after).ok();
                push_set(&mut out, base, old.map(cut), new.map(cut));
            }
            continue;
        }
        match p.action {
            PatchAction::PutMap {
                key,
                value: (v, id),
                ..
            } => {
                if first && p.path.is_empty() && ROOT_KEYS.contains(&key.as_str()) {
                    let row = created.get_or_insert_with(|| {
                        FieldChange::at(Vec::new(), HistoryOp::Created, None, None)
                    });
                    if key == "id" {
                        row.new = value_text(doc, &v, &id, &after);
                    }
                    continue;
                }
                let props = child(base, Prop::Map(key.clone()));
                let old = read_text(doc, &p.obj, Prop::Map(key), &before);
                match v {
                    Value::Object(ObjType::Map | ObjType::Table) => {
                        // Its fields follow as rows; replacing a value
                        // with a map says only what the old one was.
                        if old.is_some() {
                            push_set(&mut out, props, old, None);
                        }
                    }
                    Value::Object(_) => {
                        whole.insert(id.clone());
                        texts.insert(id.clone());
                        let new = object_text(doc, &id, &after);
                        push_set(&mut out, props, old, new);
                    }
                    Value::Scalar(s) => push_set(&mut out, props, old, scalar_text(&s)),
                }
            }
            PatchAction::PutSeq {
                index,
                value: (v, id),
                ..
            } => {
                let (ins, del) = moved.get(&p.obj).copied().unwrap_or_default();
                let old_index = (index + del).saturating_sub(ins);
                let old = read_text(doc, &p.obj, Prop::Seq(old_index), &before);
                if v.is_object() {
                    whole.insert(id.clone());
                }
                let new = value_text(doc, &v, &id, &after);
                push_set(&mut out, child(base, Prop::Seq(index)), old, new);
            }
            PatchAction::Insert { index, values } => {
                let entry = moved.entry(p.obj.clone()).or_default();
                for (k, (v, id, _)) in values.iter().enumerate() {
                    entry.0 += 1;
                    if v.is_object() {
                        whole.insert(id.clone());
                    }
                    let new = value_text(doc, v, id, &after);
                    let props = child(base.clone(), Prop::Seq(index + k));
                    out.push(FieldChange::at(props, HistoryOp::Added, None, new));
                }
            }
            PatchAction::DeleteSeq { index, length } => {
                let (ins, del) = moved.get(&p.obj).copied().unwrap_or_default();
                let old_index = (index + del).saturating_sub(ins);
                for k in 0..length {
                    let old = read_text(doc, &p.obj, Prop::Seq(old_index + k), &before);
                    let props = child(base.clone(), Prop::Seq(old_index + k));
                    out.push(FieldChange::at(props, HistoryOp::Deleted, old, None));
                }
                moved.entry(p.obj.clone()).or_default().1 += length;
            }
            PatchAction::Increment { prop, value } => {
                let old = doc
                    .get_at(&p.obj, prop.clone(), &before)
                    .ok()
                    .flatten()
                    .and_then(|(v, _)| v.as_scalar().and_then(|s| s.as_i64()))
                    .map(|n| n.to_string());
                let new = Some(format!("{value:+}"));
                let props = child(base, prop);
                out.push(FieldChange::at(props, HistoryOp::Counted, old, new));
            }
            PatchAction::DeleteMap { key } => {
                let old = read_text(doc, &p.obj, Prop::Map(key.clone()), &before);
                if old.is_some() {
                    let props = child(base, Prop::Map(key));
                    out.push(FieldChange::at(props, HistoryOp::Removed, old, None));
                }
            }
            PatchAction::SpliceText { .. }
            | PatchAction::Conflict { .. }
            | PatchAction::Mark { .. } => {}
        }
    }
    if let Some(c) = created {
        out.insert(0, c);
    }
    out
}

/// A `Set` row, unless nothing visible changed (`""` where there was
/// nothing, the same text again).
fn push_set(
    out: &mut Vec<FieldChange>,
    props: Vec<Prop>,
    old: Option<String>,
    new: Option<String>,
) {
    if old.as_deref().unwrap_or("") == new.as_deref().unwrap_or("") {
        return;
    }
    out.push(FieldChange::at(props, HistoryOp::Set, old, new));
}

impl FieldChange {
    /// The row for the field at `props`, its display path read from them.
    fn at(props: Vec<Prop>, op: HistoryOp, old: Option<String>, new: Option<String>) -> Self {
        FieldChange {
            path: path_text(&props),
            props,
            op,
            old,
            new,
        }
    }
}

/// The props of field `prop` of the object at `base`.
fn child(mut base: Vec<Prop>, prop: Prop) -> Vec<Prop> {
    base.push(prop);
    base
}

/// `service.charge_override.amount_fen`, `notes[3].text`.
pub fn path_text(props: &[Prop]) -> String {
    let mut s = String::new();
    for p in props {
        match p {
            Prop::Map(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Prop::Seq(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

/// The object id of the value at `props` from the root at `heads`: the op
/// that wrote it (`None`: no value there).
pub fn resolve_at(doc: &AutoCommit, props: &[Prop], heads: &[ChangeHash]) -> Option<ObjId> {
    let (last, parents) = props.split_last()?;
    let mut obj = ROOT;
    for p in parents {
        match doc.get_at(&obj, p.clone(), heads).ok()?? {
            (Value::Object(_), id) => obj = id,
            _ => return None,
        }
    }
    doc.get_at(&obj, last.clone(), heads)
        .ok()?
        .map(|(_, id)| id)
}

/// The value at `prop` of `obj` at `heads`, as text.
fn read_text(doc: &AutoCommit, obj: &ObjId, prop: Prop, heads: &[ChangeHash]) -> Option<String> {
    let (v, id) = doc.get_at(obj, prop, heads).ok()??;
    value_text(doc, &v, &id, heads)
}

fn value_text(doc: &AutoCommit, v: &Value<'_>, id: &ObjId, heads: &[ChangeHash]) -> Option<String> {
    match v {
        Value::Scalar(s) => scalar_text(s),
        Value::Object(_) => object_text(doc, id, heads),
    }
}

/// A scalar as people read it; null is no value.
pub fn scalar_text(s: &ScalarValue) -> Option<String> {
    let text = match s {
        ScalarValue::Null => return None,
        ScalarValue::Str(s) => s.to_string(),
        ScalarValue::Boolean(b) => b.to_string(),
        ScalarValue::F64(f) => f.to_string(),
        ScalarValue::Bytes(b) => format!("<{} bytes>", b.len()),
        other => other.as_i64().map(|n| n.to_string()).unwrap_or_default(),
    };
    Some(cut(text))
}

/// An object as a short JSON text (a text object: its text). An empty
/// list or map reads as no value.
fn object_text(doc: &AutoCommit, id: &ObjId, heads: &[ChangeHash]) -> Option<String> {
    let value = doc.hydrate(id, Some(heads)).ok()?;
    match json(&value) {
        serde_json::Value::String(s) => Some(cut(s)),
        serde_json::Value::Array(a) if a.is_empty() => None,
        serde_json::Value::Object(m) if m.is_empty() => None,
        j => Some(cut(j.to_string())),
    }
}

fn json(v: &automerge::hydrate::Value) -> serde_json::Value {
    use automerge::hydrate::Value as H;
    match v {
        H::Scalar(ScalarValue::Str(s)) => serde_json::Value::String(s.to_string()),
        H::Scalar(ScalarValue::Boolean(b)) => serde_json::Value::Bool(*b),
        H::Scalar(ScalarValue::Null) => serde_json::Value::Null,
        H::Scalar(ScalarValue::F64(f)) => serde_json::json!(f),
        H::Scalar(s) => s
            .as_i64()
            .map(|n| serde_json::json!(n))
            .unwrap_or(serde_json::Value::Null),
        H::Text(t) => serde_json::Value::String(t.to_string()),
        H::List(l) => serde_json::Value::Array(l.iter().map(|i| json(&i.value)).collect()),
        H::Map(m) => {
            let mut keys: Vec<_> = m.iter().collect();
            keys.sort_by(|a, b| a.0.cmp(b.0));
            serde_json::Value::Object(
                keys.into_iter()
                    .map(|(k, v)| (k.clone(), json(&v.value)))
                    .collect(),
            )
        }
    }
}

/// `s` cut to [`MAX_TEXT`] characters with `…`.
fn cut(s: String) -> String {
    if s.chars().count() <= MAX_TEXT {
        return s;
    }
    let mut c: String = s.chars().take(MAX_TEXT - 1).collect();
    c.push('…');
    c
}
