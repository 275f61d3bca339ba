//! The device's local store: one SQLite file holding the documents (see
//! [`super::docs`]), their projections, the dirty set, settings and sync
//! state. [`Store`] owns the connection; every write is one transaction —
//! a local edit saves the changed documents' chunks, refreshes their
//! projection rows and marks them dirty together, or does nothing.
//!
//! Reads of the projections live in [`super::query`]; the methods for the
//! dirty set, meta and sync state in `device/meta.rs` (their SQL in
//! [`super::bookkeeping`]).

use std::cell::Cell;
use std::path::Path;

use automerge::{sync, ActorId, AutoCommit};
use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::docs::{self, LoadedDoc, DOCS_MIGRATION};
use super::error::{EditError, Result, StoreError};
use super::migrate::{migrate, open_file, Migration};
use super::{bookkeeping, projection};
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

    /// Stores a new document (made with `doc::create`), its projection and
    /// its dirty mark in one transaction. Fails when the id is taken.
    pub fn create_doc(&mut self, id: &DocId, doc: &mut AutoCommit) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if docs::exists(&tx, id.as_str())? {
            return Err(StoreError::AlreadyExists(id.to_string()));
        }
        let changed = save_local(&tx, id, doc, &self.rules)?;
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
        let mut docs = Vec::with_capacity(all.len());
        for id in ids {
            let loaded = load_counted(&tx, id, &self.actor, &self.loads)?
                .ok_or_else(|| StoreError::NotFound(id.to_string()))?;
            docs.push(loaded.doc);
        }
        for (id, doc) in new {
            if docs::exists(&tx, id.as_str()).map_err(StoreError::from)? {
                return Err(StoreError::AlreadyExists(id.to_string()).into());
            }
            docs.push(doc);
        }
        let reader = DocReader {
            tx: &tx,
            actor: &self.actor,
            loads: &self.loads,
        };
        let out = f(&mut docs, &reader).map_err(EditError::Closure)?;
        let mut settings_changed = None;
        for (id, doc) in all.iter().zip(docs.iter_mut()) {
            if save_local(&tx, id, doc, &self.rules)? && id.kind() == DocKind::Settings {
                settings_changed = Some(id);
            }
        }
        let rules = rules_after(&tx, &self.base, &self.rules, settings_changed)?;
        tx.commit().map_err(StoreError::from)?;
        self.adopt(rules);
        Ok(out)
    }

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
        mut f: impl FnMut(&DocId, &mut AutoCommit, &mut sync::State) -> std::result::Result<R, E>,
    ) -> Result<Vec<R>, EditError<E>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let mut out = Vec::with_capacity(ids.len());
        let mut settings_changed = None;
        for id in ids {
            let (mut doc, existed) = match load_counted(&tx, id, &self.actor, &self.loads)? {
                Some(l) => (l.doc, true),
                None => (AutoCommit::new(), false),
            };
            doc.set_actor(self.actor.clone());
            let mut state = bookkeeping::read_sync_state(&tx, id)?;
            out.push(f(id, &mut doc, &mut state).map_err(EditError::Closure)?);
            if existed || !doc.get_heads().is_empty() {
                let changed = docs::save(&tx, id.as_str(), id.kind().prefix(), &mut doc)
                    .map_err(StoreError::from)?;
                if changed {
                    refresh(&tx, id, &doc, &self.rules)?;
                    if id.kind() == DocKind::Settings {
                        settings_changed = Some(id);
                    }
                }
            }
            bookkeeping::write_sync_state(&tx, id, &state)?;
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
fn save_local(
    tx: &Transaction<'_>,
    id: &DocId,
    doc: &mut AutoCommit,
    rules: &RulesConfig,
) -> Result<bool> {
    let changed = docs::save(tx, id.as_str(), id.kind().prefix(), doc)?;
    if changed {
        refresh(tx, id, doc, rules)?;
        bookkeeping::mark_dirty(tx, id)?;
    }
    Ok(changed)
}

fn refresh(tx: &Transaction<'_>, id: &DocId, doc: &AutoCommit, rules: &RulesConfig) -> Result<()> {
    let rows = projection::rows_for(doc, rules);
    projection::write(tx, id, &rows)?;
    Ok(())
}

mod meta;

#[cfg(test)]
pub(crate) mod rewind;
#[cfg(test)]
mod tests;
