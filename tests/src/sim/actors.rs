//! What each role does in one step of the schedule, always through the
//! app's facade (the operations the app's buttons call): the office
//! creates, assigns, annotates and closes orders; an engineer works
//! through a visit with the actions the app offers on the order, records
//! the work, picks, uses and returns parts and has the customer sign; the
//! storekeeper reads stock and pickups (the app gives the storekeeper no
//! write of their own). Any device may sync, go offline (sometimes in the
//! middle of a sync) or come back online.

use std::sync::atomic::AtomicU32;

use onsite_core::model::{DocId, DocKind};
use onsite_core::ops::{ServicePatch, SignInput};
use onsite_core::rules::state::{Action, Role, Status};
use onsite_core::service::{ApiError, ErrorCode, WorkOrderView};
use onsite_core::sync::client::sync_once;
use onsite_core::testing::signature;
use rand::seq::IndexedRandom;
use rand::Rng;

use super::net::Cut;
use super::{Acked, SimError, World, ENGINEERS};
use crate::new_order;

/// One step for member `m`.
pub async fn step(w: &mut World, m: usize) -> Result<(), SimError> {
    let roll = w.rng.random_range(0..100);
    if roll < 8 {
        return toggle(w, m).await;
    }
    if roll < 30 {
        if w.members[m].online {
            sync(w, m).await?;
        }
        return Ok(());
    }
    match w.members[m].role {
        Role::Office => office(w, m),
        Role::Engineer => engineer(w, m),
        _ => storekeeper(w, m),
    }
}

/// One whole sync of an online device; the server refusing anything of
/// what the app wrote is a finding.
pub async fn sync(w: &mut World, m: usize) -> Result<usize, SimError> {
    let out = w.members[m].dev.try_sync().await;
    match out {
        Ok(out) if out.errors.is_empty() => {
            w.report.syncs += 1;
            Ok(out.docs_changed)
        }
        Ok(out) => Err(w.fail(format!(
            "the server refused what {}'s app wrote: {:?}",
            w.members[m].name, out.errors
        ))),
        Err(e) => Err(w.fail(format!("{} could not sync: {e}", w.members[m].name))),
    }
}

/// Offline ↔ online; going offline sometimes cuts a sync in the middle.
async fn toggle(w: &mut World, m: usize) -> Result<(), SimError> {
    let member = &mut w.members[m];
    if !member.online {
        member.online = true;
        return Ok(());
    }
    member.online = false;
    w.report.partitions += 1;
    if w.rng.random_bool(0.5) {
        let cut = Cut {
            inner: w.members[m].dev.transport.clone(),
            cut_after: w.rng.random_range(0..4),
            reply_lost: w.rng.random_bool(0.5),
            count: AtomicU32::new(0),
        };
        match sync_once(&w.members[m].dev.device, &cut).await {
            Ok(_) => w.report.syncs += 1,
            Err(e) if e.is_offline() => w.report.cut += 1,
            Err(e) => return Err(w.fail(format!("a cut sync failed oddly: {e}"))),
        }
    }
    Ok(())
}

/// Records the outcome of a local action: its heads on success, a count on
/// a refusal the app shows the user, a failure on anything else.
fn done(w: &mut World, m: usize, ids: &[DocId], r: Result<(), ApiError>) -> Result<bool, SimError> {
    match r {
        Ok(()) => {
            w.report.edits += 1;
            for id in ids {
                if let Some(heads) = w.members[m].dev.heads(id.as_str()) {
                    w.acked.push(Acked {
                        id: id.clone(),
                        heads,
                    });
                }
            }
            Ok(true)
        }
        Err(e) if matches!(e.code, ErrorCode::Store | ErrorCode::Internal | ErrorCode::Io) => {
            Err(w.fail(format!("{}'s device failed: {e}", w.members[m].name)))
        }
        Err(_) => {
            w.report.refused_locally += 1;
            Ok(false)
        }
    }
}

fn orders(w: &World, m: usize) -> Vec<DocId> {
    w.members[m].dev.with_store(|s| s.doc_ids(DocKind::WorkOrder).unwrap_or_default())
}

fn view(w: &World, m: usize, id: &DocId) -> Option<WorkOrderView> {
    w.members[m].dev.with(|d| d.get_work_order(id)).ok()
}

fn office(w: &mut World, m: usize) -> Result<(), SimError> {
    let held = orders(w, m);
    let open = held
        .iter()
        .filter(|id| view(w, m, id).is_some_and(|v| !matches!(v.wo.status, Status::Closed | Status::Cancelled)))
        .count();
    if open < 10 || w.rng.random_bool(0.15) {
        let engineer = *ENGINEERS.choose(&mut w.rng).expect("engineers");
        let created = w.members[m]
            .dev
            .with(|d| d.create_work_order(new_order("贵州省分析测试研究院")));
        let Ok(created) = created else {
            return done(w, m, &[], created.map(|_| ())).map(|_| ());
        };
        let id = created.wo.id;
        done(w, m, std::slice::from_ref(&id), Ok(()))?;
        w.report.orders += 1;
        let r = w.members[m].dev.with(|d| d.assign(&id, engineer).map(|_| ()));
        done(w, m, &[id], r)?;
        return Ok(());
    }
    let Some(id) = held.choose(&mut w.rng).cloned() else {
        return Ok(());
    };
    let Some(v) = view(w, m, &id) else {
        return Ok(());
    };
    let r = if v.allowed_actions.contains(&Action::Close) && w.rng.random_bool(0.5) {
        w.members[m].dev.with(|d| d.act(&id, Action::Close).map(|_| ()))
    } else {
        let text = format!("办公室备注 {}", w.step);
        w.members[m].dev.with(|d| d.add_note(&id, &text).map(|_| ()))
    };
    done(w, m, &[id], r).map(|_| ())
}

fn engineer(w: &mut World, m: usize) -> Result<(), SimError> {
    let me = w.members[m].name.clone();
    let mine: Vec<DocId> = orders(w, m)
        .into_iter()
        .filter(|id| view(w, m, id).is_some_and(|v| v.wo.assignee.as_deref() == Some(me.as_str())))
        .collect();
    let Some(id) = mine.choose(&mut w.rng).cloned() else {
        return Ok(());
    };
    let Some(v) = view(w, m, &id) else {
        return Ok(());
    };
    let dev = &w.members[m].dev;
    let open_pickup = v
        .pickups
        .iter()
        .find(|p| p.picked > p.used + p.returned)
        .map(|p| p.pickup_id.clone());
    let choice = w.rng.random_range(0..100);
    let (ids, r) = if v.allowed_actions.contains(&Action::Sign) && v.sign_blockers.is_empty() && choice < 40 {
        let input = SignInput {
            signer: "王工".into(),
            opinion: "满意".into(),
            satisfaction: 5,
            matches_agreed_items: true,
            strokes: signature(),
        };
        let r = dev.with(|d| d.sign(&id, input).map(|_| ()));
        if r.is_ok() {
            w.report.signed += 1;
        }
        (vec![id], r)
    } else if v.wo.service.work_done.trim().is_empty() && choice < 50 {
        let patch = ServicePatch {
            work_done: Some("更换电源模块".into()),
            ..Default::default()
        };
        (vec![id.clone()], dev.with(|d| d.update_service(&id, patch).map(|_| ())))
    } else if choice < 60 {
        let part = w.parts.choose(&mut w.rng).cloned().expect("parts");
        let qty = w.rng.random_range(1..3);
        let before: Vec<DocId> = v.pickups.iter().map(|p| p.pickup_id.clone()).collect();
        let r = dev.with(|d| d.pickup_parts(&id, &part, qty, Vec::new()));
        let mut ids = vec![id.clone(), part];
        if let Ok(after) = &r {
            w.report.pickups += 1;
            ids.extend(after.pickups.iter().map(|p| p.pickup_id.clone()).filter(|p| !before.contains(p)));
        }
        (ids, r.map(|_| ()))
    } else if let (Some(p), true) = (open_pickup, choice < 75) {
        let line = v.pickups.iter().find(|l| l.pickup_id == p).expect("listed");
        let left = line.picked - line.used - line.returned;
        let (used, returned) = if w.rng.random_bool(0.7) { (left, 0) } else { (0, left) };
        let part = dev.with_store(|s| {
            s.list_pickups(Some(&id), None)
                .ok()
                .and_then(|rows| rows.into_iter().find(|r| r.id == p).map(|r| r.part_id))
        });
        let r = dev.with(|d| d.mark_part(&p, used, returned).map(|_| ()));
        let mut ids = vec![p, id.clone()];
        ids.extend(part);
        (ids, r)
    } else if choice < 90 {
        let offered: Vec<Action> = v
            .allowed_actions
            .iter()
            .copied()
            .filter(|a| !matches!(a, Action::Sign | Action::Cancel | Action::Close | Action::Assign | Action::File))
            .collect();
        let Some(action) = offered.choose(&mut w.rng).copied() else {
            return Ok(());
        };
        (vec![id.clone()], dev.with(|d| d.act(&id, action).map(|_| ())))
    } else {
        let text = format!("{me} 现场记录 {}", w.step);
        (vec![id.clone()], dev.with(|d| d.add_note(&id, &text).map(|_| ())))
    };
    done(w, m, &ids, r).map(|_| ())
}

fn storekeeper(w: &mut World, m: usize) -> Result<(), SimError> {
    let r = w.members[m].dev.with(|d| {
        d.list_stock()?;
        d.list_my_pickups().map(|_| ())
    });
    if let Err(e) = r {
        return Err(w.fail(format!("the storekeeper's lists failed: {e}")));
    }
    Ok(())
}
