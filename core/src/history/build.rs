//! One document's [`DocHistory`]: its changes in causal order ([`walk`]),
//! the fields each touched ([`diff`]), who wrote it (the server's actor
//! registry in [`Provenance`], else "unknown"), the device's time and the
//! server's receipt, the clock-skew flag, concurrent edits of the same
//! field with the value the document kept, and whether a change came
//! after the customer signed.
//!
//! [`walk`]: super::walk
//! [`diff`]: super::diff

use std::collections::HashMap;

use automerge::{AutoCommit, ChangeHash, ReadDoc, ScalarValue, Value, ROOT};
use chrono::DateTime;

use super::diff::{changes_of, resolve_at, FieldChange};
use super::model::{DocHistory, HistoryConfig, HistoryOp, HistoryRow, HistoryWho, Provenance};
use super::walk::{Step, Walk};
use super::words;
use crate::contracts::ops::planned_actor;
use crate::model::{DocId, DocKind, Ts};
use crate::stats::Lang;
use crate::sync::attribution::ActorSource;

/// A change timestamp below this is in seconds (old server filing
/// commits), above it in milliseconds.
pub const SECONDS_BELOW: i64 = 100_000_000_000;

const MINUTE_MS: i64 = 60_000;

/// Why a history could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HistoryError {
    /// The document's own `id` is not the one asked for.
    #[error("the document is {found}, not {expected}")]
    OtherDocument {
        /// The id asked for.
        expected: String,
        /// The id the document holds.
        found: String,
    },
}

/// The device time of a change timestamp: `None` for 0 (unknown),
/// seconds below [`SECONDS_BELOW`], milliseconds above.
pub fn device_time_ms(timestamp: i64) -> Option<i64> {
    match timestamp {
        0 => None,
        t if t.abs() < SECONDS_BELOW => Some(t * 1000),
        t => Some(t),
    }
}

fn ts(ms: i64) -> Option<Ts> {
    DateTime::from_timestamp_millis(ms).map(Ts)
}

/// The field history of `doc` (a clone the caller may spare: reading at
/// old heads and diffing take `&mut`), document `id`, with what the server
/// vouches for in `prov`.
pub fn field_history(
    doc: &mut AutoCommit,
    id: &DocId,
    prov: &Provenance,
    cfg: &HistoryConfig,
) -> Result<DocHistory, HistoryError> {
    if let Some(found) = root_text(doc, "id") {
        if found != id.as_str() {
            return Err(HistoryError::OtherDocument {
                expected: id.to_string(),
                found,
            });
        }
    }
    let kind = Some(id.kind());
    let walk = Walk::of(doc);
    let signing = signing_change(doc, id);
    let planned = planned_actor(id).to_hex_string();
    let margin_ms = cfg.skew_margin_minutes.saturating_mul(MINUTE_MS);

    let mut rows: Vec<HistoryRow> = Vec::new();
    let mut props: Vec<Vec<automerge::Prop>> = Vec::new();
    let mut all_received = true;
    for step in &walk.steps {
        let fields = changes_of(doc, step);
        let receipt = prov.receipts.get(&step.hash.to_string());
        all_received &= receipt.is_some();
        let who = who(step, prov, &planned, cfg.lang);
        let device_ms = device_time_ms(step.timestamp);
        let received_ms = receipt.map(|r| r.received_at);
        let push_skew = receipt.and_then(|r| r.push_skew_ms);
        // Made after it was received: the device's clock was ahead.
        let ahead = match (device_ms, received_ms) {
            (Some(d), Some(r)) if d > r => Some(d - r),
            _ => None,
        };
        let skewed =
            push_skew.is_some_and(|s| s.abs() > margin_ms) || ahead.is_some_and(|a| a > margin_ms);
        let skew_minutes = push_skew.or(ahead).map(|ms| ms / MINUTE_MS);
        let after_signing = signing
            .as_ref()
            .is_some_and(|s| !walk.is_ancestor_or_self(&step.hash, s));
        for FieldChange {
            path,
            props: p,
            op,
            old,
            new,
        } in fields
        {
            rows.push(HistoryRow {
                change: step.number,
                hash: step.hash.to_string(),
                label: words::label(kind, &path, cfg.lang),
                field: path,
                op,
                old,
                new,
                who: who.clone(),
                device_time: device_ms.and_then(ts),
                received_at: received_ms.and_then(ts),
                via: receipt.map(|r| r.via),
                skew_minutes,
                skewed,
                concurrent_with: Vec::new(),
                kept: None,
                after_signing,
            });
            props.push(p);
        }
    }
    mark_concurrent(doc, &walk, &mut rows, &props);
    for r in rows.iter_mut().filter(|r| r.field.ends_with("_fen")) {
        r.old = r.old.take().map(money);
        r.new = r.new.take().map(money);
    }
    Ok(DocHistory {
        id: id.clone(),
        skewed: rows.iter().any(|r| r.skewed),
        rows,
        changes: walk.steps.len() as u32,
        skew_margin_minutes: cfg.skew_margin_minutes,
        all_received,
    })
}

/// An amount in fen (`25000`) as people read it (`¥250.00`); any other
/// text as it is.
fn money(text: String) -> String {
    match text.parse::<i64>() {
        Ok(fen) => format!("¥{}", crate::stats::export::yuan_plain(fen)),
        Err(_) => text,
    }
}

/// Who wrote `step`: the registry's answer, the planned visit's derived
/// writer, or unknown (with the actor's first 8 hex digits).
fn who(step: &Step, prov: &Provenance, planned: &str, lang: Lang) -> HistoryWho {
    if let Some(a) = prov.actors.get(&step.actor) {
        return HistoryWho {
            actor: step.actor.clone(),
            user: a.user.clone(),
            display_name: a.display_name.clone(),
            device_id: a.device_id,
            device_label: a.device_label.clone(),
            source: Some(a.source),
        };
    }
    if step.actor == planned {
        return HistoryWho {
            actor: step.actor.clone(),
            user: String::new(),
            display_name: words::planned(lang).to_string(),
            device_id: None,
            device_label: String::new(),
            source: Some(ActorSource::Planned),
        };
    }
    let short: String = step.actor.chars().take(8).collect();
    HistoryWho {
        actor: step.actor.clone(),
        user: String::new(),
        display_name: format!("{} ({short})", words::unknown(lang)),
        device_id: None,
        device_label: String::new(),
        source: None,
    }
}

/// Marks the rows that set or removed the same field in changes that did
/// not see each other, and for each whether its value is the one the
/// document has with the whole group merged (an open conflict: the value
/// `get` returns).
fn mark_concurrent(
    doc: &AutoCommit,
    walk: &Walk,
    rows: &mut [HistoryRow],
    props: &[Vec<automerge::Prop>],
) {
    let mut by_field: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        if matches!(r.op, HistoryOp::Set | HistoryOp::Removed) {
            by_field.entry(r.field.as_str()).or_default().push(i);
        }
    }
    let hash_of = |r: &HistoryRow| r.hash.parse::<ChangeHash>().ok();
    let mut marks: Vec<(usize, Vec<u32>, bool)> = Vec::new();
    for idx in by_field.values() {
        if idx.len() < 2 {
            continue;
        }
        for &i in idx {
            let Some(hi) = hash_of(&rows[i]) else {
                continue;
            };
            let others: Vec<usize> = idx
                .iter()
                .copied()
                .filter(|&j| hash_of(&rows[j]).is_some_and(|hj| walk.concurrent(&hi, &hj)))
                .collect();
            if others.is_empty() {
                continue;
            }
            let mut heads: Vec<ChangeHash> =
                others.iter().filter_map(|&j| hash_of(&rows[j])).collect();
            heads.push(hi);
            heads.sort();
            heads.dedup();
            let winner = resolve_at(doc, &props[i], &heads).and_then(|op| doc.hash_for_opid(&op));
            let kept = match rows[i].op {
                HistoryOp::Removed => winner.is_none(),
                _ => winner == Some(hi),
            };
            let mut with: Vec<u32> = others.iter().map(|&j| rows[j].change).collect();
            with.sort_unstable();
            with.dedup();
            marks.push((i, with, kept));
        }
    }
    for (i, with, kept) in marks {
        rows[i].concurrent_with = with;
        rows[i].kept = Some(kept);
    }
}

/// The change that wrote the work order's current sign-off map (see
/// `signoff::history`), `None` when unsigned or not a work order.
fn signing_change(doc: &AutoCommit, id: &DocId) -> Option<ChangeHash> {
    if id.kind() != DocKind::WorkOrder {
        return None;
    }
    match doc.get(ROOT, "signoff").ok()?? {
        (Value::Object(_), obj) => doc.hash_for_opid(&obj),
        _ => None,
    }
}

fn root_text(doc: &AutoCommit, key: &str) -> Option<String> {
    match doc.get(ROOT, key).ok()?? {
        (Value::Scalar(s), _) => match s.as_ref() {
            ScalarValue::Str(t) => Some(t.to_string()),
            _ => None,
        },
        _ => None,
    }
}
