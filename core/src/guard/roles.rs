//! Who may create and change which documents and fields: the table of
//! [`super::table`] (kind × field group × role, create / change), and the
//! conditions it names that stay code.
//!
//! - [`Cond::OwnOrder`](super::table::Cond::OwnOrder): an engineer works
//!   only orders assigned to them; enforced by read access (checked before,
//!   by whoever holds the documents).
//! - [`Cond::OwnPickup`](super::table::Cond::OwnPickup): [`pickup`].
//! - [`Cond::ExpertNotes`](super::table::Cond::ExpertNotes):
//!   [`expert_advice`].
//! - [`Cond::OwnMoves`](super::table::Cond::OwnMoves): [`own_moves`].
//! - [`Cond::LegalTransition`](super::table::Cond::LegalTransition):
//!   [`super::status`], run after these rules for every writer.
//!
//! A refusal names the group and the field ("an engineer may not change a
//! part's price (unit_cost_fen)"); a role with no cell for a kind at all is
//! told it may not write that kind.

use automerge::AutoCommit;

use super::table::{self, Cond};
use super::{Fields, Records, Refusal, Sides, Writer};
use crate::doc;
use crate::model::{DocKind, Pickup, WorkOrder};
use crate::rules::state::Role;
use crate::warehouse::moves::{self, MoveKind, StockMove};

/// Whether `w` may create a document of `kind` at all (checked before the
/// document's content).
pub fn may_create(w: Writer<'_>, kind: DocKind) -> Result<(), Refusal> {
    if table::may_create(w.role, kind) {
        return Ok(());
    }
    if table::may_change(w.role, kind) {
        return Err(Refusal::forbidden(format!(
            "{} may not create {}s",
            table::a_role(w.role),
            table::noun(kind)
        )));
    }
    Err(not_theirs(w.role, kind))
}

/// The table's check of one change: a role with no cell for the kind is
/// refused outright; otherwise every group the change touches. Returns the
/// conditions the writer's cells name.
pub fn by_table(w: Writer<'_>, kind: DocKind, f: &Fields) -> Result<Vec<Cond>, Refusal> {
    if f.before.is_some() && !table::may_change(w.role, kind) {
        return Err(not_theirs(w.role, kind));
    }
    table::check(w, kind, f.before.as_ref(), &f.after)
}

/// Work orders: the table, then an expert's notes, then the photos'
/// limits when they changed.
pub fn work_order(w: Writer<'_>, s: &Sides<WorkOrder>, f: &Fields) -> Result<(), Refusal> {
    for c in by_table(w, DocKind::WorkOrder, f)? {
        if c == Cond::ExpertNotes {
            expert_advice(w, s)?;
        }
    }
    photos(w, s)
}

/// The `photos` group's limits, checked when the list changed (an order
/// stored before a limit existed is not held against the writer): at most
/// [`crate::photos::MAX_PHOTOS_PER_ORDER`], each naming its JPEG and
/// thumbnail by a SHA-256 (64 lower-case hex digits), no larger than the
/// blob cap, a caption of at most [`crate::photos::MAX_CAPTION_CHARS`];
/// and an engineer's new photos are by them.
pub fn photos(w: Writer<'_>, s: &Sides<WorkOrder>) -> Result<(), Refusal> {
    let a = &s.after;
    let before = s.before.as_ref().map_or(&[][..], |b| &b.photos[..]);
    if a.photos == before {
        return Ok(());
    }
    crate::photos::ops::check_list(&a.photos)
        .map_err(|e| Refusal::invalid(format!("{}: {e}", a.number)))?;
    if w.role == Role::Engineer {
        if let Some(p) = a
            .photos
            .iter()
            .find(|p| p.by != w.user && !before.contains(p))
        {
            return Err(Refusal::forbidden(format!(
                "{}: an engineer adds photos as themselves, not as {}",
                a.number, p.by
            )));
        }
    }
    Ok(())
}

/// [`Cond::ExpertNotes`]: an expert's change to an order they were asked
/// on adds notes of their own (`role` = `expert`, `by` = them) and removes
/// or rewrites none (the table refuses every other field).
pub fn expert_advice(w: Writer<'_>, s: &Sides<WorkOrder>) -> Result<(), Refusal> {
    let Some(b) = &s.before else {
        return Err(Refusal::forbidden(
            "a technical expert may not create work orders",
        ));
    };
    let a = &s.after;
    if !b.experts.iter().any(|e| e == w.user) {
        return Err(Refusal::forbidden(format!(
            "{} was not asked for advice on {}",
            w.user, a.number
        )));
    }
    let mut added = a.notes.clone();
    for old in &b.notes {
        match added.iter().position(|n| n == old) {
            Some(i) => {
                added.remove(i);
            }
            None => {
                return Err(Refusal::forbidden(format!(
                    "a technical expert may not change or remove the notes of {}",
                    a.number
                )))
            }
        }
    }
    if added.iter().any(|n| n.by != w.user || n.role != "expert") {
        return Err(Refusal::forbidden(
            "an expert's note is written by them, with role expert",
        ));
    }
    Ok(())
}

/// Pickups: the table (nobody but the storekeeper and the office sets
/// `confirmed` or `return_confirmed`), then [`Cond::OwnPickup`] for an engineer: their own,
/// booked on an order the server has assigned to them.
pub fn pickup(
    w: Writer<'_>,
    s: &Sides<Pickup>,
    f: &Fields,
    records: &dyn Records,
) -> Result<(), Refusal> {
    for c in by_table(w, DocKind::Pickup, f)? {
        if c == Cond::OwnPickup {
            own_pickup(w, s, records)?;
        }
    }
    Ok(())
}

fn own_pickup(w: Writer<'_>, s: &Sides<Pickup>, records: &dyn Records) -> Result<(), Refusal> {
    let a = &s.after;
    let own = |p: &Pickup| p.engineer == w.user;
    if !own(a) || s.before.as_ref().is_some_and(|b| !own(b)) {
        return Err(Refusal::forbidden(format!(
            "an engineer may only record pickups of their own ({})",
            w.user
        )));
    }
    let moved = s
        .before
        .as_ref()
        .is_none_or(|b| b.work_order_id != a.work_order_id);
    if moved && records.assignee_of(&a.work_order_id).as_deref() != Some(w.user) {
        return Err(Refusal::forbidden(format!(
            "{} is not a work order assigned to {}",
            a.work_order_id, w.user
        )));
    }
    Ok(())
}

/// Parts: the table, then [`Cond::OwnMoves`] for an engineer.
pub fn part(
    w: Writer<'_>,
    f: &Fields,
    before: Option<&AutoCommit>,
    after: &AutoCommit,
) -> Result<(), Refusal> {
    for c in by_table(w, DocKind::Part, f)? {
        if c == Cond::OwnMoves {
            let Some(before) = before else {
                return Err(not_theirs(w.role, DocKind::Part));
            };
            own_moves(w, before, after)?;
        }
    }
    Ok(())
}

/// [`Cond::OwnMoves`]: the change keeps every stored movement as it was,
/// appends only pickups (−n) and returns (+n) by the writer, and changes
/// each existing stock counter by exactly the sum of the appended
/// movements on it (no counter added or removed). So an engineer moves
/// stock only within a pickup or a return.
pub fn own_moves(w: Writer<'_>, before: &AutoCommit, after: &AutoCommit) -> Result<(), Refusal> {
    let (old, new) = (moves::read(before), moves::read(after));
    for m in &old {
        if !new.iter().any(|n| n == m) {
            return Err(Refusal::forbidden(format!(
                "an engineer may not change or remove a part's movements ({})",
                m.id
            )));
        }
    }
    let added: Vec<&StockMove> = new
        .iter()
        .filter(|n| !old.iter().any(|m| m.id == n.id))
        .collect();
    if old.len() + added.len() != new.len() {
        return Err(Refusal::forbidden(
            "an engineer may not repeat a part's movements",
        ));
    }
    for m in &added {
        let sign_ok = match m.kind {
            MoveKind::Pickup => m.qty < 0,
            MoveKind::Return => m.qty > 0,
            _ => false,
        };
        if m.by != w.user || !sign_ok {
            return Err(Refusal::forbidden(format!(
                "an engineer may add only pickups and returns of their own to a part's movements, not a {} of {} by {}",
                m.kind, m.qty, m.by
            )));
        }
    }
    let (was, is) = (doc::read_stock(before), doc::read_stock(after));
    if was.keys().ne(is.keys()) {
        return Err(Refusal::forbidden(
            "an engineer may not add or remove a part's stock counters",
        ));
    }
    for (wh, qty) in &is {
        let moved: i64 = added
            .iter()
            .filter(|m| &m.warehouse == wh)
            .map(|m| m.qty)
            .sum();
        let changed = qty - was[wh];
        if changed != moved {
            return Err(Refusal::forbidden(format!(
                "an engineer may move a part's stock only by their own pickups and returns ({wh}: changed by {changed}, movements say {moved})"
            )));
        }
    }
    if let Some(m) = added.iter().find(|m| !is.contains_key(&m.warehouse)) {
        return Err(Refusal::forbidden(format!(
            "a movement names warehouse {:?}, which the part has no counter for",
            m.warehouse
        )));
    }
    Ok(())
}

/// The office's own kinds (customers, contracts, complaints,
/// complaint-report records, the company settings, follow-ups, surveys):
/// the table alone.
pub fn plain(w: Writer<'_>, kind: DocKind, f: &Fields) -> Result<(), Refusal> {
    by_table(w, kind, f).map(drop)
}

fn not_theirs(role: Role, kind: DocKind) -> Refusal {
    Refusal::forbidden(format!(
        "{} may not write {kind} documents",
        table::a_role(role)
    ))
}
