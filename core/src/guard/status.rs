//! A work order's status under the state machine, for every writer but
//! the server.
//!
//! Devices work offline: one change may carry several steps (respond,
//! depart, arrive, resolve), and two devices may move the same order
//! concurrently. So the rule is read from `history`, which every step
//! appends to, rather than from the status alone:
//!
//! - entries already stored are never removed or rewritten;
//! - every new entry is a legal transition (`from` → `to` by `action`) that
//!   the writer's role may take, recorded by the writer (`by`; the office
//!   may bring others' steps, as in an imported record), and never `file`
//!   (the server files);
//! - when the status changes, it is the `to` of one of the new entries;
//! - `filed` is reached only by the server; `signed` only with a sign-off
//!   whose hash matched the content in the change that gave it (a later
//!   edit is flagged by the server, not refused); a sign-off once given is
//!   never removed.
//!
//! Whether the signed content changed after signing is not a refusal: the
//! server flags it (see `filing` in the sync server), so that what the
//! engineer's device holds and the server holds stay one document.

use super::{Refusal, RefusalKind, Sides, Writer};
use crate::model::{TransitionRecord, WorkOrder};
use crate::rules::state::{may_perform, transition, Action, Role, Status};
use crate::signoff::signed_validly;
use automerge::AutoCommit;

/// Checks the status and history of a work-order change.
pub fn work_order(
    w: Writer<'_>,
    s: &Sides<WorkOrder>,
    doc: &mut AutoCommit,
) -> Result<(), Refusal> {
    let a = &s.after;
    let (from, old): (Status, &[TransitionRecord]) = match &s.before {
        Some(b) => (b.status, &b.history),
        None => (Status::New, &[]),
    };
    let new = added(old, &a.history).ok_or_else(|| {
        Refusal::forbidden(format!(
            "{}: recorded status changes (history) may not be removed or rewritten",
            a.number
        ))
    })?;
    for e in &new {
        check_entry(w, e).map_err(|why| illegal(&a.number, e, &why))?;
    }
    if a.status != from && !new.iter().any(|e| e.to == a.status) {
        return Err(Refusal {
            kind: RefusalKind::IllegalTransition,
            message: format!(
                "{}: the status moved from {from} to {} without a recorded transition",
                a.number, a.status
            ),
        });
    }
    if a.status == Status::Filed && from != Status::Filed {
        return Err(Refusal::forbidden(format!(
            "{}: only the server files a signed record",
            a.number
        )));
    }
    if s.before.as_ref().is_some_and(|b| b.signoff.is_some()) && a.signoff.is_none() {
        return Err(Refusal::forbidden(format!(
            "{}: the customer's sign-off may not be removed",
            a.number
        )));
    }
    if a.status == Status::Signed && from != Status::Signed && !signed_validly(doc) {
        return Err(Refusal {
            kind: RefusalKind::IllegalTransition,
            message: format!(
                "{}: signed only with the customer's sign-off, its hash matching the content it was given with",
                a.number
            ),
        });
    }
    Ok(())
}

/// The entries of `after` that are not in `before`, or `None` when an
/// entry of `before` is missing. Concurrent appends from two devices may
/// interleave, so this is a multiset difference, not a suffix.
fn added(before: &[TransitionRecord], after: &[TransitionRecord]) -> Option<Vec<TransitionRecord>> {
    let mut rest: Vec<&TransitionRecord> = after.iter().collect();
    for old in before {
        let i = rest.iter().position(|e| *e == old)?;
        rest.remove(i);
    }
    Some(rest.into_iter().cloned().collect())
}

/// Whether one new history entry is a step `w` may take.
fn check_entry(w: Writer<'_>, e: &TransitionRecord) -> Result<(), String> {
    let action: Action = e
        .action
        .parse()
        .map_err(|_| format!("unknown action {:?}", e.action))?;
    if action == Action::File {
        return Err("only the server files".into());
    }
    if !may_perform(w.role, action) {
        return Err(format!("a {} may not {}", w.role, action.verb()));
    }
    // The office may bring another user's steps (an imported record); an
    // engineer records only their own.
    if w.role != Role::Office && e.by != w.user {
        return Err(format!("recorded as by {:?}, sent by {:?}", e.by, w.user));
    }
    match transition(e.from, action, Some(e.to)) {
        Ok(to) if to == e.to => Ok(()),
        Ok(to) => Err(format!("it leads to {to}")),
        Err(err) => Err(err.to_string()),
    }
}

fn illegal(number: &str, e: &TransitionRecord, why: &str) -> Refusal {
    Refusal {
        kind: RefusalKind::IllegalTransition,
        message: format!(
            "{number}: {} from {} to {} is not allowed: {why}",
            e.action, e.from, e.to
        ),
    }
}
