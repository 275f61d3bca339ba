//! The facade the Tauri app (and the tests) call: [`Device`] holds the
//! local store, the clock, the rules and the signed-in user, and offers one
//! method per user action. Every write is ONE store transaction: the
//! documents it touches are loaded, the [`crate::ops`] function runs on the
//! typed structs, and the changed documents, their projections and dirty
//! marks are saved together or not at all. Every error leaves as an
//! [`ApiError`] `{code, message}`.
//!
//! Layout: [`company`] (the company settings screen), [`followups`] (the
//! office's follow-ups, surveys and key-customer visits), [`complaints`]
//! (complaints and the monthly complaint report), [`stats`] (the office's
//! reports and the orders behind a figure), [`views`] (returned and accepted types), [`dto`] (the app
//! shell's session, settings, customer and engineer shapes), [`derive`] (pure
//! tier/charges/clocks/groups/conflicts), [`read`] (lists and the
//! work-order view), [`write`] (work-order actions and edits), [`parts`]
//! (pickups and returns on an order), [`photos`] (photos on an order), [`warehouse`] (the catalogue, stock,
//! receipts, stocktakes, confirmations; its rules are [`crate::warehouse`]), [`customers`] (register, list, open and edit
//! customers; their rules are [`crate::customers`]), [`transfer`] (export/import of a
//! signed record and its files), [`tables`] (the status, action and button
//! tables the UI is built from), [`drafts`] (forms typed into and not
//! saved yet), [`args`] (checking the shell's string arguments), [`error`] (`ApiError` and the one list of error codes,
//! `ErrorCode`). Demo data is not here: see [`crate::demo`].

pub mod args;
pub mod company;
pub mod complaints;
pub mod contracts;
pub mod customers;
pub mod derive;
pub mod dispatch;
pub mod drafts;
pub mod dto;
pub mod error;
pub mod followups;
pub mod history;
pub mod loaners;
pub mod notices;
pub mod parts;
pub mod photos;
pub mod read;
pub mod stats;
pub mod tables;
pub mod transfer;
pub mod views;
pub mod warehouse;
pub mod write;

use std::sync::Arc;

use automerge::AutoCommit;
use chrono::{DateTime, Utc};

pub use dto::*;
pub use error::{ApiError, ErrorCode};
pub use loaners::{LoanerRow, LoanerState};
pub use notices::{Notice, NoticeKind};
pub use tables::{domain_tables, DomainTables};
pub use views::*;

use crate::clock::Clock;
use crate::doc;
use crate::model::{DocId, DocKind, WorkOrder};
use crate::ops::{Actor, OpError};
use crate::rules::{ContractTerms, RulesConfig};
use crate::signoff::canonical_json;
use crate::store::{DocReader, Store};

/// One device: its store (which holds the company's rules), its clock and
/// who is signed in.
pub struct Device {
    /// The local store.
    pub store: Store,
    /// Where "now" comes from.
    pub clock: Arc<dyn Clock>,
    /// The signed-in user.
    pub actor: Actor,
}

impl std::fmt::Debug for Device {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Device")
            .field("store", &self.store)
            .field("actor", &self.actor)
            .finish_non_exhaustive()
    }
}

impl Device {
    /// A device over `store`. `cfg` is the base rules: the company
    /// settings document, once the store holds one, overrides what it
    /// covers (see [`Device::cfg`]).
    pub fn new(
        mut store: Store,
        clock: Arc<dyn Clock>,
        cfg: RulesConfig,
        actor: Actor,
    ) -> Result<Device, ApiError> {
        store.set_rules(cfg)?;
        store.set_clock(clock.clone());
        Ok(Device {
            store,
            clock,
            actor,
        })
    }

    /// The company's rules in force (time zone, calendar, tiers, rates):
    /// the company settings document over the base rules given to
    /// [`Device::new`]. They follow the document as soon as a change to it
    /// is stored, by this device or by a sync.
    pub fn cfg(&self) -> &RulesConfig {
        self.store.rules()
    }

    /// Opens (or creates) the store file at `path`.
    pub fn open(
        path: &std::path::Path,
        clock: Arc<dyn Clock>,
        cfg: RulesConfig,
        actor: Actor,
    ) -> Result<Device, ApiError> {
        Device::new(Store::open(path)?, clock, cfg, actor)
    }

    /// Now, from the injected clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// A new document of `kind` holding `value`, written under this
    /// device's Automerge actor and committed now (Unix ms): its first
    /// change is attributed to the device like every later one.
    pub fn new_doc<T: autosurgeon::Reconcile>(
        &self,
        kind: DocKind,
        value: &T,
    ) -> Result<AutoCommit, doc::DocError> {
        self.doc_maker().create(kind, value)
    }

    /// [`Device::new_doc`] for use inside a store transaction (where the
    /// device is borrowed): the actor and time taken now.
    pub(crate) fn doc_maker(&self) -> NewDoc {
        NewDoc {
            actor: self.store.actor().clone(),
            time_ms: self.store.now_ms(),
        }
    }

    /// Refuses an id of another kind than `kind` (`invalid_input`).
    fn ensure_kind(id: &DocId, kind: DocKind) -> Result<(), ApiError> {
        if id.kind() != kind {
            return Err(ApiError::invalid(format!(
                "{id} is not a {} document",
                kind.prefix()
            )));
        }
        Ok(())
    }

    /// Loads a document of `kind`, or `not_found`.
    fn load_doc(&self, id: &DocId, kind: DocKind) -> Result<AutoCommit, ApiError> {
        Self::ensure_kind(id, kind)?;
        self.store.load(id)?.ok_or_else(|| ApiError::not_found(id))
    }

    /// Reads a typed document of `kind`.
    fn read_doc<T: autosurgeon::Hydrate>(&self, id: &DocId, kind: DocKind) -> Result<T, ApiError> {
        Ok(doc::read(&self.load_doc(id, kind)?, kind)?)
    }

    /// Loads a work order the signed-in user may see (an engineer only
    /// their own).
    fn load_wo(&self, id: &DocId) -> Result<(AutoCommit, WorkOrder), ApiError> {
        let am = self.load_doc(id, DocKind::WorkOrder)?;
        let wo: WorkOrder = doc::read(&am, DocKind::WorkOrder)?;
        may_see(&self.actor, &wo)?;
        Ok((am, wo))
    }

    /// One transaction on one work order: `f` changes the typed struct; the
    /// change is refused if it would alter signed content without going
    /// through `sign` (belt and braces over the ops' own checks). Returns
    /// the order's view built from what the transaction read — the order
    /// is loaded once.
    fn edit_wo<R>(
        &mut self,
        id: &DocId,
        f: impl FnOnce(&mut WorkOrder, &Actor, DateTime<Utc>) -> Result<R, OpError>,
    ) -> Result<WorkOrderView, ApiError> {
        if id.kind() != DocKind::WorkOrder {
            return Err(ApiError::invalid(format!("{id} is not a work order")));
        }
        let (actor, now, cfg) = (self.actor.clone(), self.now(), self.cfg().clone());
        let edited =
            self.store
                .transact(Vec::new(), std::slice::from_ref(id), |docs, reader| {
                    let mut wo: WorkOrder = doc::read(&docs[0], DocKind::WorkOrder)?;
                    let before = wo.clone();
                    f(&mut wo, &actor, now)?;
                    ensure_seal_kept(&before, &wo)?;
                    doc::write(&mut docs[0], &wo)?;
                    Edited::of(wo, &docs[0], reader, &cfg)
                })?;
        edited.into_view(self)
    }
}

/// Makes new documents under the device's actor at one time (see
/// [`Device::doc_maker`]).
#[derive(Debug, Clone)]
pub(crate) struct NewDoc {
    actor: automerge::ActorId,
    time_ms: i64,
}

impl NewDoc {
    /// A new document of `kind` holding `value` (see [`doc::create_as`]).
    pub(crate) fn create<T: autosurgeon::Reconcile>(
        &self,
        kind: DocKind,
        value: &T,
    ) -> Result<AutoCommit, doc::DocError> {
        doc::create_as(kind, value, &self.actor, self.time_ms)
    }
}

/// Refuses a work order `actor` may not see (`forbidden`): an engineer
/// sees only their own orders.
fn may_see(actor: &Actor, wo: &WorkOrder) -> Result<(), ApiError> {
    actor
        .ensure_assignee(wo)
        .map_err(|e| ApiError::forbidden(e.to_string()))
}

/// A work order as an edit left it, with what its view needs from the
/// same transaction.
struct Edited {
    wo: WorkOrder,
    conflicts: Vec<FieldConflict>,
    terms: Option<ContractTerms>,
}

impl Edited {
    /// Takes `wo`, written into `am`, with its conflicts and the terms of
    /// its contract read through `reader`.
    fn of(
        wo: WorkOrder,
        am: &AutoCommit,
        reader: &DocReader<'_>,
        cfg: &RulesConfig,
    ) -> Result<Edited, ApiError> {
        let contract = read::contract_of(&wo, |cid| reader.load(cid))?;
        Ok(Edited {
            terms: read::terms_of(contract.as_ref(), &wo, cfg),
            conflicts: derive::field_conflicts(am),
            wo,
        })
    }

    fn into_view(self, device: &Device) -> Result<WorkOrderView, ApiError> {
        device.view_from(self.wo, self.conflicts, self.terms)
    }
}

/// Refuses a change that altered the signed content of a signed order.
fn ensure_seal_kept(before: &WorkOrder, after: &WorkOrder) -> Result<(), OpError> {
    let (Some(old), Some(new)) = (&before.signoff, &after.signoff) else {
        return Ok(());
    };
    if canonical_json(before, old) != canonical_json(after, new) {
        return Err(OpError::SignedReadOnly {
            number: before.number.clone(),
            field: "signed content".into(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests;
