//! The device's local store: one SQLite file holding the documents (see
//! [`super::docs`]), their projections, the dirty set, settings and sync
//! state. [`Store`] owns the connection; every write is one transaction —
//! a local edit saves the changed documents' chunks, refreshes their
//! projection rows and marks them dirty together, or does nothing.
//!
//! Reads of the projections live in [`super::query`]; the methods for the
//! dirty set, meta and sync state in `device/meta.rs` (their SQL in
//! [`super::bookkeeping`]); what the sync server sent is applied in
//! `device/remote.rs`.
//!
//! (Over 500 lines on purpose: opening, the edit transactions and the
//! attribution check of every saved change are one invariant — one
//! transaction per action — kept in one place; meta, rewind, blobs and
//! provenance live in their own files.)

use std::cell::Cell;
use std::path::Path;
use std::sync::Arc;

use automerge::transaction::CommitOptions;
use automerge::{ActorId, AutoCommit, ChangeHash};
use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::docs::{self, LoadedDoc, DOCS_MIGRATION};
use super::error::{EditError, Result, StoreError};
use super::migrate::{migrate, open_file, Migration};
use super::{bookkeeping, projection};
use crate::clock::{Clock, SystemClock};
use crate::model::{DocId, DocKind};
use crate::rules::RulesConfig;
use crate::settings::{self, CompanySettings};

/// The device store's migrations: the shared document tables, then the
/// device's own (projections, dirty set, meta, sync state).
pub const DEVICE_MIGRATIONS: &[Migration] = &[
    DOCS_MIGRATION,
    Migration::new(2, include_str!("migrations/device_0002.sql")),
    Migration::new(3, include_str!("migrations/device_0003.sql")),
    Migration::new(4, include_str!("migrations/device_0004.sql")),
    Migration::new(5, include_str!("migrations/device_0005.sql")),
    Migration::new(6, include_str!("migrations/device_0006.sql")),
    Migration::new(7, include_str!("migrations/device_0007.sql")),
    Migration::new(8, include_str!("migrations/device_0008.sql")),
    Migration::new(9, include_str!("migrations/device_0009.sql")),
    Migration::new(10, include_str!("migrations/device_0010.sql")),
    Migration::new(11, include_str!("migrations/device_0011.sql")),
    Migration::new(12, include_str!("migrations/device_0012.sql")),
    Migration::new(13, include_str!("migrations/device_0013.sql")),
    Migration::new(14, include_str!("migrations/device_0014.sql")),
    Migration::new(15, include_str!("migrations/device_0015.sql")),
];

/// The device's local store.
pub struct Store {
    pub(super) conn: Connection,
    actor: ActorId,
    /// The rules the caller gave ([`Store::set_rules`]): what applies
    /// where the company settings document says nothing, or is absent.
    base: RulesConfig,
    /// The rules in force: the company settings over `base`.
    rules: RulesConfig,
    /// Documents loaded from the database so far (see [`Store::doc_loads`]).
    loads: Cell<u64>,
    /// The device's clock: every local change is committed at its "now"
    /// (Unix milliseconds, see [`Store::set_clock`]).
    clock: Arc<dyn Clock>,
}

/// How an edit's documents are saved: checked as this device's own
/// changes, or as a merge of someone else's (exempt from the check).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SaveMode {
    /// A local edit: every new change must be this device's, timed.
    Local,
    /// The office importing an engineer's signed file: the new changes
    /// are the engineer's (see [`Store::edit_merging`]).
    Merging,
}

/// What [`save_local`] needs besides the document: the rules of the
/// projections, the device's actor, the commit time and the mode.
struct SaveCtx<'a> {
    rules: &'a RulesConfig,
    actor: &'a ActorId,
    now_ms: i64,
    mode: SaveMode,
}

/// Read access to other documents during an edit, inside its transaction
/// (see [`Store::transact`]).
pub struct DocReader<'a> {
    tx: &'a Transaction<'a>,
    actor: &'a ActorId,
    loads: &'a Cell<u64>,
}

impl DocReader<'_> {
    /// Loads a document as the edit's transaction sees it, or `None`.
    /// Changes made to it are not saved.
    pub fn load(&self, id: &DocId) -> Result<Option<AutoCommit>> {
        Ok(load_counted(self.tx, id, self.actor, self.loads)?.map(|l| l.doc))
    }
}

/// Loads a document with `actor`, counting the load.
fn load_counted(
    conn: &Connection,
    id: &DocId,
    actor: &ActorId,
    loads: &Cell<u64>,
) -> Result<Option<LoadedDoc>> {
    loads.set(loads.get() + 1);
    Ok(docs::load(conn, id.as_str())?.map(|mut l| {
        l.doc.set_actor(actor.clone());
        l
    }))
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("actor", &self.actor)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Opens (or creates) the store file, brings its schema up to date and
    /// rebuilds the projections when the schema changed.
    pub fn open(path: &Path) -> Result<Store> {
        Self::init(open_file(path)?)
    }

    /// A store in memory (tests).
    pub fn open_in_memory() -> Result<Store> {
        Self::init(Connection::open_in_memory()?)
    }

    fn init(mut conn: Connection) -> Result<Store> {
        let before: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let after = migrate(&mut conn, DEVICE_MIGRATIONS)?;
        let actor = bookkeeping::ensure_actor(&conn)?;
        let base = RulesConfig::default();
        let rules = settings_rules(&conn, &base)?;
        let mut store = Store {
            conn,
            actor,
            base,
            rules,
            loads: Cell::new(0),
            clock: Arc::new(SystemClock),
        };
        if before != after && before > 0 {
            // Documents predate the projection schema: derive it now.
            store.rebuild_projections()?;
        }
        Ok(store)
    }

    /// The connection, for the reads of projections kept outside this
    /// module (`crate::followups::query`). Never for writes: every write
    /// goes through the store's transactions.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The Automerge actor every change made on this device carries.
    pub fn actor(&self) -> &ActorId {
        &self.actor
    }

    /// [`Store::actor`] as lowercase hex (what `POST /v1/actors` and the
    /// provenance answers name it by).
    pub fn actor_hex(&self) -> String {
        self.actor.to_hex_string()
    }

    /// Replaces the device's actor by a new random one (stored in `meta`
    /// before it is used): the server said the current one is registered
    /// to another device (`actor_taken`). Changes already made keep the old
    /// actor; every later one carries the new. Returns the new actor.
    pub fn rotate_actor(&mut self) -> Result<ActorId> {
        let actor = bookkeeping::new_actor(&self.conn)?;
        tracing::info!(old = %self.actor, new = %actor, "device actor rotated");
        self.actor = actor.clone();
        Ok(actor)
    }

    /// Sets the clock local changes are timed by ([`crate::service::Device::new`]
    /// passes the device's; a store starts with the system clock).
    pub fn set_clock(&mut self, clock: Arc<dyn Clock>) {
        self.clock = clock;
    }

    /// Now by the store's clock, in Unix milliseconds: the time every
    /// local change is committed at, and the `device_time` of a sync
    /// request.
    pub fn now_ms(&self) -> i64 {
        self.clock.now().timestamp_millis()
    }

    /// The rules in force: the company settings document (when the
    /// store holds one) over the rules given to [`Store::set_rules`]. The
    /// projections' deadlines are computed with them.
    pub fn rules(&self) -> &RulesConfig {
        &self.rules
    }

    /// Sets the base rules (what applies where there are no company
    /// settings) and, when the rules in force changed, recomputes every
    /// projection row with them.
    pub fn set_rules(&mut self, base: RulesConfig) -> Result<()> {
        let rules = settings_rules(&self.conn, &base)?;
        self.base = base;
        if rules != self.rules {
            self.rules = rules;
            self.rebuild_projections()?;
        }
        Ok(())
    }

    /// Loads a document with this device's actor, or `None` when absent.
    pub fn load(&self, id: &DocId) -> Result<Option<AutoCommit>> {
        Ok(self.load_checked(id)?.map(|l| l.doc))
    }

    /// Loads a document with what the load noticed (missing dependencies,
    /// skipped torn chunks; both are also logged).
    pub fn load_checked(&self, id: &DocId) -> Result<Option<LoadedDoc>> {
        load_counted(&self.conn, id, &self.actor, &self.loads)
    }

    /// How many documents this store has loaded from the database since it
    /// was opened by [`Store::load`], an edit or a sync round (a rebuild of
    /// the projections is not counted).
    /// A cheap counter, there so tests can check that an action reads each
    /// document once.
    pub fn doc_loads(&self) -> u64 {
        self.loads.get()
    }

    /// Stores a new document (made with `doc::create_as` under
    /// [`Store::actor`]), its projection and its dirty mark in one
    /// transaction. Fails when the id is taken, and (in tests) when a
    /// change of it is not this device's (see [`StoreError::Unattributed`]).
    pub fn create_doc(&mut self, id: &DocId, doc: &mut AutoCommit) -> Result<()> {
        self.create_with(SaveMode::Local, id, doc)
    }

    /// [`Store::create_doc`] for a document made by someone else (the
    /// office importing an engineer's signed file it does not hold): its
    /// changes are not checked as this device's.
    pub fn create_doc_merging(&mut self, id: &DocId, doc: &mut AutoCommit) -> Result<()> {
        self.create_with(SaveMode::Merging, id, doc)
    }

    fn create_with(&mut self, mode: SaveMode, id: &DocId, doc: &mut AutoCommit) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if docs::exists(&tx, id.as_str())? {
            return Err(StoreError::AlreadyExists(id.to_string()));
        }
        let ctx = SaveCtx {
            rules: &self.rules,
            actor: &self.actor,
            now_ms: self.clock.now().timestamp_millis(),
            mode,
        };
        let changed = save_local(&tx, id, doc, &[], &ctx)?;
        let settings = (changed && id.kind() == DocKind::Settings).then_some(id);
        let rules = rules_after(&tx, &self.base, &self.rules, settings)?;
        tx.commit()?;
        self.adopt(rules);
        Ok(())
    }

    /// One user action on existing documents: loads `ids`, runs `f` on them
    /// (in that order), then in one transaction saves every changed
    /// document, refreshes its projection and marks it dirty. When `f`
    /// fails nothing is written.
    pub fn edit<R, E>(
        &mut self,
        ids: &[DocId],
        f: impl FnOnce(&mut [AutoCommit]) -> std::result::Result<R, E>,
    ) -> Result<R, EditError<E>> {
        self.transact(Vec::new(), ids, |docs, _| f(docs))
    }

    /// [`Store::edit`] for merging someone else's changes into the
    /// documents (the office importing an engineer's signed file): the
    /// new changes are saved without the check that they are this
    /// device's. Anything the closure writes itself is still committed at
    /// the store's time.
    pub fn edit_merging<R, E>(
        &mut self,
        ids: &[DocId],
        f: impl FnOnce(&mut [AutoCommit]) -> std::result::Result<R, E>,
    ) -> Result<R, EditError<E>> {
        self.transact_with(SaveMode::Merging, &[], Vec::new(), ids, |docs, _| f(docs))
    }

    /// [`Store::edit`] that also stores `blobs` (a photo and its thumbnail,
    /// see [`super::blobs`]) in the same transaction, before `f` runs: when
    /// `f` refuses or saving the documents fails, neither the blobs nor the
    /// documents' changes are kept.
    pub fn edit_with_blobs<R, E>(
        &mut self,
        blobs: &[&[u8]],
        ids: &[DocId],
        f: impl FnOnce(&mut [AutoCommit]) -> std::result::Result<R, E>,
    ) -> Result<R, EditError<E>> {
        self.transact_with_blobs(blobs, ids, |docs, _| f(docs))
    }

    /// [`Store::edit_with_blobs`] whose `f` may also read other documents
    /// in the transaction (see [`Store::transact`]).
    pub fn transact_with_blobs<R, E>(
        &mut self,
        blobs: &[&[u8]],
        ids: &[DocId],
        f: impl FnOnce(&mut [AutoCommit], &DocReader<'_>) -> std::result::Result<R, E>,
    ) -> Result<R, EditError<E>> {
        self.transact_with(SaveMode::Local, blobs, Vec::new(), ids, f)
    }

    /// [`Store::edit`], whole: also stores the new documents `new` in the
    /// same transaction (a pickup created together with the part whose
    /// stock it decrements; `f` sees the loaded `ids` first, then the new
    /// documents, in order; fails when a new id is taken), and `f` may read
    /// other documents in it through the [`DocReader`] (the contract of
    /// the work order it edits; what it reads is not saved).
    pub fn transact<R, E>(
        &mut self,
        new: Vec<(DocId, AutoCommit)>,
        ids: &[DocId],
        f: impl FnOnce(&mut [AutoCommit], &DocReader<'_>) -> std::result::Result<R, E>,
    ) -> Result<R, EditError<E>> {
        self.transact_with(SaveMode::Local, &[], new, ids, f)
    }

    fn transact_with<R, E>(
        &mut self,
        mode: SaveMode,
        blobs: &[&[u8]],
        new: Vec<(DocId, AutoCommit)>,
        ids: &[DocId],
        f: impl FnOnce(&mut [AutoCommit], &DocReader<'_>) -> std::result::Result<R, E>,
    ) -> Result<R, EditError<E>> {
        let all: Vec<DocId> = ids
            .iter()
            .chain(new.iter().map(|(id, _)| id))
            .cloned()
            .collect();
        if let Some(dup) = all
            .iter()
            .enumerate()
            .find(|(i, id)| all[..*i].contains(id))
        {
            return Err(StoreError::DuplicateId(dup.1.to_string()).into());
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let now_ms = self.clock.now().timestamp_millis();
        for bytes in blobs {
            super::blobs::put(&tx, bytes, now_ms)?;
        }
        let mut docs = Vec::with_capacity(all.len());
        let mut loaded_heads: Vec<Vec<ChangeHash>> = Vec::with_capacity(all.len());
        for id in ids {
            let mut loaded = load_counted(&tx, id, &self.actor, &self.loads)?
                .ok_or_else(|| StoreError::NotFound(id.to_string()))?;
            loaded_heads.push(loaded.doc.get_heads());
            docs.push(loaded.doc);
        }
        for (id, doc) in new {
            if docs::exists(&tx, id.as_str()).map_err(StoreError::from)? {
                return Err(StoreError::AlreadyExists(id.to_string()).into());
            }
            loaded_heads.push(Vec::new());
            docs.push(doc);
        }
        let reader = DocReader {
            tx: &tx,
            actor: &self.actor,
            loads: &self.loads,
        };
        let out = f(&mut docs, &reader).map_err(EditError::Closure)?;
        let ctx = SaveCtx {
            rules: &self.rules,
            actor: &self.actor,
            now_ms: self.clock.now().timestamp_millis(),
            mode,
        };
        let mut settings_changed = None;
        for ((id, doc), since) in all.iter().zip(docs.iter_mut()).zip(&loaded_heads) {
            if save_local(&tx, id, doc, since, &ctx)? && id.kind() == DocKind::Settings {
                settings_changed = Some(id);
            }
        }
        let rules = rules_after(&tx, &self.base, &self.rules, settings_changed)?;
        tx.commit().map_err(StoreError::from)?;
        self.adopt(rules);
        Ok(out)
    }

    /// Deletes every projection row and recomputes them all from the
    /// documents, in one transaction. A document that does not load is
    /// skipped with a warning.
    pub fn rebuild_projections(&mut self) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        rebuild(&tx, &self.rules)?;
        tx.commit()?;
        Ok(())
    }

    /// Takes the rules [`Store::rules_after`] gave, once their transaction
    /// committed.
    fn adopt(&mut self, rules: Option<RulesConfig>) {
        if let Some(r) = rules {
            self.rules = r;
        }
    }
}

/// Inside a transaction that saved `settings` (the company settings
/// document, when it changed): the rules it gives over `base`, with every
/// projection recomputed under them when they differ from `current` — so a
/// new calendar or time zone moves every open order's deadlines in the same
/// transaction. `None` when nothing changed.
fn rules_after(
    tx: &Transaction<'_>,
    base: &RulesConfig,
    current: &RulesConfig,
    settings: Option<&DocId>,
) -> Result<Option<RulesConfig>> {
    if settings.is_none() {
        return Ok(None);
    }
    let rules = settings_rules(tx, base)?;
    if &rules == current {
        return Ok(None);
    }
    rebuild(tx, &rules)?;
    tracing::info!(tz = %rules.tz, "company settings changed: deadlines recomputed");
    Ok(Some(rules))
}

/// The rules in force over `conn`'s documents: the company settings
/// document over `base`, or `base` when there is none or it does not read.
fn settings_rules(conn: &Connection, base: &RulesConfig) -> Result<RulesConfig> {
    let Some(l) = docs::load(conn, settings::settings_id().as_str())? else {
        return Ok(base.clone());
    };
    match crate::doc::read::<CompanySettings, _>(&l.doc, DocKind::Settings) {
        Ok(s) => Ok(settings::effective_rules(Some(&s), base)),
        Err(e) => {
            tracing::warn!(error = %e, "company settings do not read: default rules");
            Ok(base.clone())
        }
    }
}

/// Deletes every projection row and recomputes them all under `rules`.
fn rebuild(tx: &Transaction<'_>, rules: &RulesConfig) -> Result<()> {
    projection::delete_all(tx)?;
    for id in docs::ids(tx, None)? {
        let Ok(key) = id.parse::<DocId>() else {
            tracing::warn!(id, "stored document with a malformed id: no projection");
            continue;
        };
        match docs::load(tx, &id) {
            Ok(Some(l)) => refresh(tx, &key, &l.doc, rules)?,
            Ok(None) => {}
            Err(e) => tracing::warn!(id, error = %e, "document does not load: no projection"),
        }
    }
    Ok(())
}

/// Saves a locally edited document; when something was written, refreshes
/// its projection and marks it dirty. Returns whether it changed.
///
/// What the edit left uncommitted is committed first at the store's time
/// (`ctx.now_ms`). In [`SaveMode::Local`] every change new since `since`
/// (the heads the edit loaded; none for a new document) is then checked by
/// [`check_attributed`].
fn save_local(
    tx: &Transaction<'_>,
    id: &DocId,
    doc: &mut AutoCommit,
    since: &[ChangeHash],
    ctx: &SaveCtx<'_>,
) -> Result<bool> {
    doc.commit_with(CommitOptions::default().with_time(ctx.now_ms));
    if ctx.mode == SaveMode::Local {
        check_attributed(id, doc, since, ctx.actor)?;
    }
    let changed = docs::save(tx, id.as_str(), id.kind().prefix(), doc)?;
    if changed {
        refresh(tx, id, doc, ctx.rules)?;
        bookkeeping::mark_dirty(tx, id)?;
    }
    Ok(changed)
}

/// Checks that every change of `doc` after `since` is attributed: written
/// under this device's `actor` with a time (Unix ms, not 0), or, for a
/// planned maintenance order, its derived creation (the planned actor of
/// `id` at time 0, see [`crate::contracts::ops::planned_actor`]). A change
/// that is neither would reach the server under an actor it does not
/// know, or with no time for the history. Tests (and builds with
/// `test-support`) fail with [`StoreError::Unattributed`], so the suite
/// finds every implicit time-0 commit; a release build logs a warning and
/// saves (refusing the user's edit would lose it).
fn check_attributed(
    id: &DocId,
    doc: &mut AutoCommit,
    since: &[ChangeHash],
    actor: &ActorId,
) -> Result<()> {
    let mut planned: Option<ActorId> = None;
    for c in doc.get_changes_meta(since) {
        if c.actor.as_ref() == actor && c.timestamp != 0 {
            continue;
        }
        if c.timestamp == 0
            && id.kind() == DocKind::WorkOrder
            && c.actor.as_ref()
                == planned.get_or_insert_with(|| crate::contracts::ops::planned_actor(id))
        {
            continue;
        }
        let err = StoreError::Unattributed {
            id: id.to_string(),
            hash: c.hash.to_string(),
            actor: c.actor.to_hex_string(),
            time: c.timestamp,
        };
        #[cfg(any(test, feature = "test-support"))]
        return Err(err);
        #[cfg(not(any(test, feature = "test-support")))]
        tracing::warn!(error = %err, "saving a change that is not attributed to this device");
    }
    Ok(())
}

fn refresh(tx: &Transaction<'_>, id: &DocId, doc: &AutoCommit, rules: &RulesConfig) -> Result<()> {
    let rows = projection::rows_for(doc, rules);
    projection::write(tx, id, &rows)?;
    Ok(())
}

mod meta;
mod remote;

#[cfg(test)]
pub(crate) mod rewind;
#[cfg(test)]
mod tests;
