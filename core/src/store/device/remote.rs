//! Applying what the sync server sent: each batch's documents, their
//! projections and sync states, and the sync's own meta values (the cursor
//! covering the batch) in ONE transaction, without marking anything dirty
//! (remote changes are not local edits).
//!
//! A batch goes in three steps: the documents and sync states are read in
//! the transaction; the caller's receiving step and the projection rows of
//! every document it changed are computed — one document after the other
//! ([`Store::apply_remote_batch_with_meta`]), or spread over the machine's
//! cores ([`Store::apply_remote_batch_parallel`], the sync client's path:
//! receiving and projecting are most of a first sync's time and each
//! document's are independent); then everything is written in order. When
//! the receiving step fails for any document, nothing of the batch is
//! written.

use std::cell::Cell;

use automerge::{sync, ActorId, AutoCommit, ChangeHash};
use rusqlite::{Transaction, TransactionBehavior};

use super::{load_counted, rules_after, Store};
use crate::model::{DocId, DocKind};
use crate::rules::RulesConfig;
use crate::store::error::{EditError, Result, StoreError};
use crate::store::projection::{self, ProjectionRows};
use crate::store::{bookkeeping, docs};

/// Documents received on one thread before the work is spread: a smaller
/// batch is not worth the threads.
const PARALLEL_FROM: usize = 16;

/// The most threads a batch is spread over.
const MAX_THREADS: usize = 4;

/// Documents taken through the three steps at a time, so a large batch
/// does not hold every loaded document in memory at once.
const WINDOW: usize = 256;

/// The receiving step of [`Store::apply_remote_batch_parallel`], as the
/// worker threads share it.
type Step<'a, I, R, E> = dyn Fn(&DocId, &mut AutoCommit, &mut sync::State, I) -> std::result::Result<(R, Option<Vec<u8>>), E>
    + Sync
    + 'a;

/// One document of a batch between the steps.
struct Slot<I> {
    id: DocId,
    doc: AutoCommit,
    existed: bool,
    before: Vec<ChangeHash>,
    state: sync::State,
    input: Option<I>,
}

/// What the receiving step gave for one document: the caller's result,
/// the bytes it was received whole as, and its projection rows when it
/// changed.
struct Done<R> {
    out: R,
    whole: Option<Vec<u8>>,
    rows: Option<ProjectionRows>,
}

impl<I> Slot<I> {
    /// Runs the receiving step `f`, then projects the document when its
    /// heads moved (a document new here: when it holds anything).
    fn run<R, E>(
        &mut self,
        rules: &RulesConfig,
        f: impl FnOnce(
            &DocId,
            &mut AutoCommit,
            &mut sync::State,
            I,
        ) -> std::result::Result<(R, Option<Vec<u8>>), E>,
    ) -> std::result::Result<Done<R>, E> {
        let input = self.input.take().expect("each document is received once");
        let (out, whole) = f(&self.id, &mut self.doc, &mut self.state, input)?;
        let heads = self.doc.get_heads();
        let moved = if self.existed {
            heads != self.before
        } else {
            !heads.is_empty()
        };
        let rows = moved.then(|| projection::rows_for(&self.doc, rules));
        Ok(Done { out, whole, rows })
    }
}

impl Store {
    /// Applies what the sync server sent for one document: see
    /// [`Store::apply_remote_batch`].
    pub fn apply_remote<R, E>(
        &mut self,
        id: &DocId,
        f: impl FnOnce(&mut AutoCommit, &mut sync::State) -> std::result::Result<R, E>,
    ) -> Result<R, EditError<E>> {
        let mut f = Some(f);
        let mut out = self.apply_remote_batch(std::slice::from_ref(id), |_, doc, state| {
            (f.take().expect("called once"))(doc, state)
        })?;
        Ok(out.pop().expect("one result"))
    }

    /// For the sync client: for each id in turn, loads the document (an
    /// empty one when absent) and its sync state, runs `f` (receive and
    /// generate sync messages), then saves the document, its projection and
    /// the sync state — all ids in one transaction, WITHOUT marking them
    /// dirty (remote changes are not local edits). A document that is absent
    /// and still empty after `f` is not stored. When `f` fails for any id,
    /// nothing of the batch is written.
    pub fn apply_remote_batch<R, E>(
        &mut self,
        ids: &[DocId],
        f: impl FnMut(&DocId, &mut AutoCommit, &mut sync::State) -> std::result::Result<R, E>,
    ) -> Result<Vec<R>, EditError<E>> {
        self.apply_remote_batch_with_meta(ids, &[], f)
    }

    /// [`Store::apply_remote_batch`], also setting (`Some`) or deleting
    /// (`None`) `meta` values in the same transaction: the sync client
    /// stores the cursor that covers the batch with the batch, so a sync
    /// cut off later resumes after it and nothing counted as received is
    /// missing.
    pub fn apply_remote_batch_with_meta<R, E>(
        &mut self,
        ids: &[DocId],
        metas: &[(&str, Option<&[u8]>)],
        mut f: impl FnMut(&DocId, &mut AutoCommit, &mut sync::State) -> std::result::Result<R, E>,
    ) -> Result<Vec<R>, EditError<E>> {
        let items = ids.iter().map(|id| (id.clone(), ())).collect();
        self.apply_received(items, metas, |slots, rules| {
            slots
                .iter_mut()
                .map(|slot| {
                    slot.run(rules, |id, doc, state, ()| {
                        f(id, doc, state).map(|r| (r, None))
                    })
                })
                .collect()
        })
    }

    /// [`Store::apply_remote_batch_with_meta`] for a batch of documents
    /// each with its input (the sync client: the server's message and what
    /// the session holds for it), where the receiving step `f` runs on
    /// several threads at once and may give the bytes a document absent
    /// here was received as whole (they are stored as its snapshot instead
    /// of encoding the document again, `docs::save_received`). Results
    /// come back in the order of `items`.
    pub fn apply_remote_batch_parallel<I, R, E, F>(
        &mut self,
        items: Vec<(DocId, I)>,
        metas: &[(&str, Option<&[u8]>)],
        f: F,
    ) -> Result<Vec<R>, EditError<E>>
    where
        I: Send,
        R: Send,
        E: Send,
        F: Fn(
                &DocId,
                &mut AutoCommit,
                &mut sync::State,
                I,
            ) -> std::result::Result<(R, Option<Vec<u8>>), E>
            + Sync,
    {
        self.apply_received(items, metas, |slots, rules| spread(slots, rules, &f))
    }

    /// The three steps over `items` in windows of [`WINDOW`] documents, in
    /// one transaction with `metas`; `step` computes a window's results.
    fn apply_received<I, R, E>(
        &mut self,
        items: Vec<(DocId, I)>,
        metas: &[(&str, Option<&[u8]>)],
        mut step: impl FnMut(&mut [Slot<I>], &RulesConfig) -> std::result::Result<Vec<Done<R>>, E>,
    ) -> Result<Vec<R>, EditError<E>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let mut out = Vec::with_capacity(items.len());
        let mut settings_changed = None;
        let mut items = items.into_iter().peekable();
        while items.peek().is_some() {
            let mut slots = Vec::with_capacity(WINDOW);
            for (id, input) in items.by_ref().take(WINDOW) {
                slots.push(slot(&tx, id, input, &self.actor, &self.loads)?);
            }
            let done = step(&mut slots, &self.rules).map_err(EditError::Closure)?;
            for (mut slot, done) in slots.into_iter().zip(done) {
                if write_slot(&tx, &mut slot, done.whole, done.rows, &self.rules)?
                    && slot.id.kind() == DocKind::Settings
                {
                    settings_changed = Some(slot.id.clone());
                }
                out.push(done.out);
            }
        }
        let rules = rules_after(&tx, &self.base, &self.rules, settings_changed.as_ref())?;
        for (key, value) in metas {
            match value {
                Some(v) => bookkeeping::set(&tx, key, v)?,
                None => bookkeeping::delete(&tx, key)?,
            }
        }
        tx.commit().map_err(StoreError::from)?;
        self.adopt(rules);
        Ok(out)
    }
}

/// Reads one document (an empty one when absent), to be written under
/// `actor`, and its sync state.
fn slot<I>(
    tx: &Transaction<'_>,
    id: DocId,
    input: I,
    actor: &ActorId,
    loads: &Cell<u64>,
) -> Result<Slot<I>> {
    let (mut doc, existed) = match load_counted(tx, &id, actor, loads)? {
        Some(l) => (l.doc, true),
        None => (AutoCommit::new(), false),
    };
    doc.set_actor(actor.clone());
    let before = if existed { doc.get_heads() } else { Vec::new() };
    let state = bookkeeping::read_sync_state(tx, &id)?;
    Ok(Slot {
        id,
        doc,
        existed,
        before,
        state,
        input: Some(input),
    })
}

/// Runs `f` over `slots`, spread over up to [`MAX_THREADS`] threads (the
/// machine's cores) when there are at least [`PARALLEL_FROM`]; results in
/// the order of `slots`, or the first failure.
fn spread<I: Send, R: Send, E: Send>(
    slots: &mut [Slot<I>],
    rules: &RulesConfig,
    f: &Step<'_, I, R, E>,
) -> std::result::Result<Vec<Done<R>>, E> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(MAX_THREADS);
    if threads < 2 || slots.len() < PARALLEL_FROM {
        return slots.iter_mut().map(|s| s.run(rules, f)).collect();
    }
    let per = slots.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let parts: Vec<_> = slots
            .chunks_mut(per)
            .map(|part| {
                scope.spawn(move || {
                    part.iter_mut()
                        .map(|s| s.run(rules, f))
                        .collect::<std::result::Result<Vec<_>, E>>()
                })
            })
            .collect();
        let mut all = Vec::new();
        for part in parts {
            // A panic in the receiving step is the caller's, as it would
            // be on one thread.
            let done = part
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p))?;
            all.extend(done);
        }
        Ok(all)
    })
}

/// Writes one received document: its saved form (the received bytes as
/// its snapshot when it is new here and came whole), its projection rows
/// when it changed, and its sync state. Returns whether it changed.
fn write_slot<I>(
    tx: &Transaction<'_>,
    slot: &mut Slot<I>,
    whole: Option<Vec<u8>>,
    rows: Option<ProjectionRows>,
    rules: &RulesConfig,
) -> Result<bool> {
    let mut changed = false;
    if slot.existed || !slot.doc.get_heads().is_empty() {
        let whole = whole.filter(|_| !slot.existed);
        changed = docs::save_received(
            tx,
            slot.id.as_str(),
            slot.id.kind().prefix(),
            &mut slot.doc,
            whole.as_deref(),
        )
        .map_err(StoreError::from)?;
        if changed {
            let rows = rows.unwrap_or_else(|| projection::rows_for(&slot.doc, rules));
            projection::write(tx, &slot.id, &rows)?;
        }
    }
    bookkeeping::write_sync_state(tx, &slot.id, &slot.state)?;
    Ok(changed)
}

#[cfg(test)]
mod tests;
