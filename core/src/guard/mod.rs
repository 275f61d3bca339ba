//! The write rules every path into the shared record obeys: what a writer
//! of a given role may change in a document, checked on the document before
//! and after the change. The sync server runs it on every document a device
//! changes (sync) and on every file the office imports (server and device);
//! the rules are pure, with the server's own records behind [`Records`].
//!
//! Three layers, each a module:
//!
//! - [`schema`]: the document still has its `kind` and `v`, reads as its
//!   kind's struct (absent or null optional keys allowed), carries its own
//!   id, and the change is within the kind's size cap.
//! - [`roles`]: who may create and change which documents and fields,
//!   read from one table, [`table`] (kind × field group × role, create /
//!   change: engineers their own orders' visit fields, their own pickups,
//!   the stock counters and movements of existing parts by their own
//!   pickups and returns; storekeepers parts and pickups;
//!   the office everything but what only the server writes), and the
//!   conditions the table names that stay code.
//! - [`status`]: a work order's status moves only by legal transitions the
//!   writer's role may take, each recorded in `history` by the writer;
//!   `signed` only with a sign-off that verifies; `filed` only by the server.
//!
//! A refusal names its rule in a sentence; nothing of a refused change may
//! be stored.

pub mod roles;
pub mod schema;
pub mod status;
pub mod table;

use automerge::AutoCommit;
use serde_json::{Map, Value};

use crate::doc;
use crate::followups::{self, FollowUp, Survey};
use crate::model::{
    Complaint, ComplaintReportRecord, Contract, Customer, DocId, DocKind, Part, Pickup, WorkOrder,
};
use crate::rules::state::Role;
use crate::settings::{self, CompanySettings};
use crate::warehouse::moves;

/// Who writes: the user and the role of the device that sent the change.
#[derive(Debug, Clone, Copy)]
pub struct Writer<'a> {
    /// The user name (`history[].by`, `pickup.engineer`).
    pub user: &'a str,
    /// Their role.
    pub role: Role,
}

/// What the rules need from the records of whoever enforces them (the
/// server's assignment records, not fields a writer could rewrite).
pub trait Records {
    /// The engineer a stored work order is assigned to, if any.
    fn assignee_of(&self, work_order: &DocId) -> Option<String>;
}

/// Why a change was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefusalKind {
    /// The writer's role may not make this change.
    Forbidden,
    /// The document does not have the shape of its kind.
    Invalid,
    /// The change is larger than the kind allows.
    TooLarge,
    /// A status change that is not a legal transition for the writer.
    IllegalTransition,
}

/// A refused change: which kind of rule, and a sentence saying which rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Refusal {
    /// The rule's kind.
    pub kind: RefusalKind,
    /// What was refused and why.
    pub message: String,
}

impl Refusal {
    pub(crate) fn forbidden(message: impl Into<String>) -> Refusal {
        Refusal {
            kind: RefusalKind::Forbidden,
            message: message.into(),
        }
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Refusal {
        Refusal {
            kind: RefusalKind::Invalid,
            message: message.into(),
        }
    }
}

/// A document read on both sides of a change.
pub struct Sides<T> {
    /// As stored before the change (`None`: the change creates it).
    pub before: Option<T>,
    /// With the change.
    pub after: T,
}

/// A document's top-level fields on both sides of a change, as the rule
/// table compares them (see [`table`]).
pub struct Fields {
    /// Before (`None`: the change creates the document).
    pub before: Option<Map<String, Value>>,
    /// After.
    pub after: Map<String, Value>,
}

impl Fields {
    /// The fields of both sides of `s`.
    fn of<T: serde::Serialize>(s: &Sides<T>) -> Fields {
        Fields {
            before: s.before.as_ref().map(fields),
            after: fields(&s.after),
        }
    }

    /// A part's fields, its stock counters (`stock`) and its movements
    /// (`moves`), both outside the struct.
    fn of_part(s: &Sides<Part>, before: Option<&AutoCommit>, after: &AutoCommit) -> Fields {
        let mut f = Fields::of(s);
        let add = |m: &mut Map<String, Value>, d: &AutoCommit| {
            let stock = serde_json::to_value(doc::read_stock(d)).unwrap_or_default();
            let moves = serde_json::to_value(moves::read(d)).unwrap_or_default();
            m.insert("stock".into(), stock);
            m.insert(moves::MOVES.into(), moves);
        };
        if let (Some(b), Some(d)) = (f.before.as_mut(), before) {
            add(b, d);
        }
        add(&mut f.after, after);
        f
    }
}

fn fields<T: serde::Serialize>(t: &T) -> Map<String, Value> {
    match serde_json::to_value(t) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    }
}

/// Checks one change to document `id`: `before` is the stored document
/// (`None` when the change creates it), `after` the document with the
/// change, `added_bytes` the size of the change.
pub fn check_write(
    w: Writer<'_>,
    id: &DocId,
    before: Option<&AutoCommit>,
    after: &mut AutoCommit,
    added_bytes: usize,
    records: &dyn Records,
) -> Result<(), Refusal> {
    let kind = id.kind();
    if before.is_none() {
        roles::may_create(w, kind)?;
    }
    schema::check_envelope(id, after, added_bytes)?;
    match kind {
        DocKind::WorkOrder => {
            let s = sides::<WorkOrder>(id, before, after)?;
            roles::work_order(w, &s, &Fields::of(&s))?;
            status::work_order(w, &s, after)
        }
        DocKind::Pickup => {
            let s = sides::<Pickup>(id, before, after)?;
            roles::pickup(w, &s, &Fields::of(&s), records)
        }
        DocKind::Part => {
            let s = sides::<Part>(id, before, after)?;
            roles::part(w, &Fields::of_part(&s, before, after), before, after)
        }
        DocKind::Customer => plain::<Customer>(w, id, before, after).map(drop),
        DocKind::Contract => plain::<Contract>(w, id, before, after).map(drop),
        DocKind::Complaint => plain::<Complaint>(w, id, before, after).map(drop),
        DocKind::ComplaintReport => {
            validated(w, id, before, after, crate::complaints::check_report_record)
        }
        DocKind::Settings => validated(w, id, before, after, settings::validate),
        DocKind::FollowUp => validated(w, id, before, after, followups::ops::validate_follow_up),
        DocKind::Survey => validated(w, id, before, after, followups::ops::validate_survey),
    }
}

/// [`plain`], then the kind's own validation of the side after: what it
/// finds wrong refuses the change as invalid.
fn validated<T: autosurgeon::Hydrate + HasId + serde::Serialize, E: std::fmt::Display>(
    w: Writer<'_>,
    id: &DocId,
    before: Option<&AutoCommit>,
    after: &AutoCommit,
    validate: fn(&T) -> Result<(), E>,
) -> Result<(), Refusal> {
    let s = plain::<T>(w, id, before, after)?;
    validate(&s.after).map_err(|e| Refusal::invalid(format!("{id}: {e}")))
}

/// Reads both sides as `T` and checks them against the table alone.
fn plain<T: autosurgeon::Hydrate + HasId + serde::Serialize>(
    w: Writer<'_>,
    id: &DocId,
    before: Option<&AutoCommit>,
    after: &AutoCommit,
) -> Result<Sides<T>, Refusal> {
    let s = sides::<T>(id, before, after)?;
    roles::plain(w, id.kind(), &Fields::of(&s))?;
    Ok(s)
}

/// Reads both sides as `T`; the side after must read (the schema), the
/// side before is `None` when it does not (a document stored before this
/// validation existed is not held against the writer).
fn sides<T: autosurgeon::Hydrate + HasId>(
    id: &DocId,
    before: Option<&AutoCommit>,
    after: &AutoCommit,
) -> Result<Sides<T>, Refusal> {
    let after: T = doc::read(after, id.kind()).map_err(|e| {
        Refusal::invalid(format!("{id} does not match the {} schema: {e}", id.kind()))
    })?;
    if after.id() != id {
        return Err(Refusal::invalid(format!(
            "{id} says its id is {}",
            after.id()
        )));
    }
    let before = before.and_then(|b| doc::read(b, id.kind()).ok());
    Ok(Sides { before, after })
}

/// A document struct's own `id` field.
pub trait HasId {
    /// The id the document says it has.
    fn id(&self) -> &DocId;
}

macro_rules! has_id {
    ($($t:ty),*) => {$(
        impl HasId for $t {
            fn id(&self) -> &DocId {
                &self.id
            }
        }
    )*};
}
has_id!(
    WorkOrder,
    Pickup,
    Part,
    Customer,
    Contract,
    Complaint,
    ComplaintReportRecord,
    CompanySettings,
    FollowUp,
    Survey
);

#[cfg(test)]
mod photo_tests;
#[cfg(test)]
mod tests;
