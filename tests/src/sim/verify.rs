//! The end of a run: everyone comes online and syncs until a whole round
//! changes nothing ([`settle`]); then [`check`]: every device holds exactly
//! the documents its user may read (what a fresh device of the same user
//! receives from the server), with the server's heads; every acknowledged
//! edit is in the server's copy; an engineer holds only their own orders
//! and pickups, the storekeeper only parts and pickups.

use std::collections::BTreeSet;

use onsite_core::model::{DocKind, Pickup};
use onsite_core::rules::state::Role;

use super::actors::sync;
use super::{SimError, World};

const MAX_ROUNDS: usize = 10;

/// Everyone online; sync rounds until one changes nothing and nothing is
/// left to send.
pub async fn settle(w: &mut World) -> Result<(), SimError> {
    for m in &mut w.members {
        m.online = true;
    }
    for round in 1..=MAX_ROUNDS {
        let mut changed = 0;
        for m in 0..w.members.len() {
            changed += sync(w, m).await?;
        }
        let dirty: usize = w.members.iter().map(|m| m.dev.dirty_count()).sum();
        if changed == 0 && dirty == 0 && round > 1 {
            w.report.settle_rounds = round;
            return Ok(());
        }
    }
    Err(w.fail(format!("still changing after {MAX_ROUNDS} sync rounds")))
}

/// The checks after [`settle`].
pub async fn check(w: &mut World) -> Result<(), SimError> {
    let server_heads = w.server.all_heads();
    w.report.docs = server_heads.len();
    for a in &w.acked {
        let Some(mut stored) = w.server.load(a.id.as_str()) else {
            return Err(w.fail(format!(
                "{} was edited on a device and never reached the server",
                a.id
            )));
        };
        if let Some(h) = a
            .heads
            .iter()
            .find(|h| stored.get_change_by_hash(h).is_none())
        {
            return Err(w.fail(format!(
                "an acknowledged change {h} to {} is missing on the server",
                a.id
            )));
        }
    }
    w.report.checked = w.acked.len();
    for i in 0..w.members.len() {
        let (name, role) = (w.members[i].name.clone(), w.members[i].role);
        let held = w.members[i].dev.doc_ids();
        let fresh = w.server.device(&name, role);
        fresh
            .try_sync()
            .await
            .map_err(|e| w.fail(format!("a fresh device of {name}: {e}")))?;
        let readable = fresh.doc_ids();
        let extra: BTreeSet<_> = held.difference(&readable).collect();
        if !extra.is_empty() {
            return Err(w.fail(format!(
                "{name} holds documents they may not read: {extra:?}"
            )));
        }
        let lacking: BTreeSet<_> = readable.difference(&held).collect();
        if !lacking.is_empty() {
            return Err(w.fail(format!("{name} lacks documents they may read: {lacking:?}")));
        }
        for id in &held {
            if w.members[i].dev.heads(id) != server_heads.get(id).cloned() {
                return Err(w.fail(format!("{name}'s copy of {id} differs from the server's")));
            }
        }
        check_role(w, i, &held)?;
    }
    Ok(())
}

/// What a role may hold, by the domain's rules rather than the server's.
fn check_role(w: &World, i: usize, held: &BTreeSet<String>) -> Result<(), SimError> {
    let m = &w.members[i];
    for id in held {
        let id = id.parse().map_err(|e| w.fail(format!("{id}: {e}")))?;
        let ok = match (m.role, onsite_core::model::DocId::kind(&id)) {
            (Role::Office, _) => true,
            (Role::Storekeeper, k) => matches!(k, DocKind::Part | DocKind::Pickup),
            (Role::Engineer, DocKind::WorkOrder) => m
                .dev
                .with(|d| d.get_work_order(&id))
                .is_ok_and(|v| v.wo.assignee.as_deref() == Some(m.name.as_str())),
            (Role::Engineer, DocKind::Pickup) => m.dev.with_store(|s| {
                s.load(&id).ok().flatten().is_some_and(|d| {
                    onsite_core::doc::read::<Pickup, _>(&d, DocKind::Pickup)
                        .is_ok_and(|p| p.engineer == m.name)
                })
            }),
            (Role::Engineer, DocKind::Part) => true,
            (Role::Engineer, _) => false,
            (_, _) => false,
        };
        if !ok {
            return Err(w.fail(format!(
                "{} ({}) holds {id}, which is not theirs",
                m.name,
                m.role.as_str()
            )));
        }
    }
    Ok(())
}
