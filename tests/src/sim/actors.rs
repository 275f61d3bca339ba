//! What each role does in one step of the schedule, always through the
//! app's facade (the operations the app's buttons call): the office
//! creates, assigns, annotates and closes orders; an engineer works
//! through a visit with the actions the app offers on the order, records
//! the work, picks, uses and returns parts and has the customer sign; the
//! storekeeper reads stock and pickups (the app gives the storekeeper no
//! write of their own). Any device may sync, go offline (sometimes in the
//! middle of a sync) or come back online.

use std::sync::atomic::AtomicU32;

use onsite_core::model::DocId;
use onsite_core::ops::ServicePatch;
use onsite_core::rules::state::{Action, Role, Status};
use onsite_core::service::{ApiError, ErrorCode, WoFilter, WorkOrderView};
use onsite_core::store::WoRow;
use onsite_core::sync::client::sync_once;
use onsite_core::testing::satisfied_sign_input;
use rand::seq::IndexedRandom;
use rand::Rng;

use onsite_test_support::Hooked;

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
        let cut = Hooked::new(
            w.members[m].dev.transport.clone(),
            Cut {
                cut_after: w.rng.random_range(0..4),
                reply_lost: w.rng.random_bool(0.5),
                count: AtomicU32::new(0),
            },
        );
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
        Err(e)
            if matches!(
                e.code,
                ErrorCode::Store | ErrorCode::Internal | ErrorCode::Io
            ) =>
        {
            Err(w.fail(format!("{}'s device failed: {e}", w.members[m].name)))
        }
        Err(_) => {
            w.report.refused_locally += 1;
            Ok(false)
        }
    }
}

/// The orders the app lists for the member (an engineer: their own);
/// open ones only when `open_only`.
fn orders(w: &World, m: usize, open_only: bool) -> Vec<WoRow> {
    let filter = WoFilter {
        open_only,
        ..Default::default()
    };
    w.members[m]
        .dev
        .with(|d| d.list_work_orders(filter))
        .map(|items| items.into_iter().map(|i| i.row).collect())
        .unwrap_or_default()
}

fn view(w: &World, m: usize, id: &DocId) -> Option<WorkOrderView> {
    w.members[m].dev.with(|d| d.get_work_order(id)).ok()
}

fn office(w: &mut World, m: usize) -> Result<(), SimError> {
    let open = orders(w, m, true).len();
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
        let r = w.members[m]
            .dev
            .with(|d| d.assign(&id, engineer).map(|_| ()));
        done(w, m, &[id], r)?;
        return Ok(());
    }
    let held = orders(w, m, false);
    let Some(id) = held.choose(&mut w.rng).map(|r| r.id.clone()) else {
        return Ok(());
    };
    let Some(v) = view(w, m, &id) else {
        return Ok(());
    };
    let reassign =
        w.cfg.reassign && v.allowed_actions.contains(&Action::Assign) && w.rng.random_bool(0.2);
    let r = if reassign {
        let to = *ENGINEERS.choose(&mut w.rng).expect("engineers");
        w.members[m].dev.with(|d| d.assign(&id, to).map(|_| ()))
    } else if v.allowed_actions.contains(&Action::Close) && w.rng.random_bool(0.5) {
        w.members[m]
            .dev
            .with(|d| d.act(&id, Action::Close).map(|_| ()))
    } else {
        let text = format!("办公室备注 {}", w.step);
        w.members[m]
            .dev
            .with(|d| d.add_note(&id, &text).map(|_| ()))
    };
    done(w, m, &[id], r).map(|_| ())
}

fn engineer(w: &mut World, m: usize) -> Result<(), SimError> {
    let me = w.members[m].name.clone();
    let mine = orders(w, m, false);
    // An engineer works on one visit at a time: mostly the first order
    // not yet signed, now and then another one.
    let current = mine
        .iter()
        .find(|r| r.signed_at.is_none() && !matches!(r.status, Status::Cancelled | Status::Closed));
    let pick = match current {
        Some(r) if w.rng.random_bool(0.8) => Some(r.id.clone()),
        _ => mine.choose(&mut w.rng).map(|r| r.id.clone()),
    };
    let Some(id) = pick else {
        return Ok(());
    };
    let Some(v) = view(w, m, &id) else {
        return Ok(());
    };
    let dev = &w.members[m].dev;
    // A part still out: the first sign blocker once resolved, else any.
    let open_pickup = v
        .sign_blockers
        .first()
        .and_then(|b| b.pickup_id.parse::<DocId>().ok())
        .or_else(|| {
            v.pickups
                .iter()
                .find(|p| p.picked > p.used + p.returned)
                .map(|p| p.pickup_id.clone())
        });
    let choice = w.rng.random_range(0..100);
    let resolved = v.wo.status == Status::Resolved;
    let (ids, r) = if v.allowed_actions.contains(&Action::Sign)
        && v.sign_blockers.is_empty()
        && choice < 80
    {
        let r = dev.with(|d| d.sign(&id, satisfied_sign_input()).map(|_| ()));
        if r.is_ok() {
            w.report.signed += 1;
        }
        (vec![id], r)
    } else if v.wo.service.work_done.trim().is_empty() && choice < 30 {
        let patch = ServicePatch {
            work_done: Some("更换电源模块".into()),
            ..Default::default()
        };
        (
            vec![id.clone()],
            dev.with(|d| d.update_service(&id, patch).map(|_| ())),
        )
    } else if !resolved && v.pickups.len() < 2 && choice < 45 {
        let part = w.parts.choose(&mut w.rng).cloned().expect("parts");
        let qty = w.rng.random_range(1..3);
        let before: Vec<DocId> = v.pickups.iter().map(|p| p.pickup_id.clone()).collect();
        let r = dev.with(|d| d.pickup_parts(&id, &part, qty, Vec::new(), None));
        let mut ids = vec![id.clone(), part];
        if let Ok(after) = &r {
            w.report.pickups += 1;
            ids.extend(
                after
                    .pickups
                    .iter()
                    .map(|p| p.pickup_id.clone())
                    .filter(|p| !before.contains(p)),
            );
        }
        (ids, r.map(|_| ()))
    } else if let (Some(p), true) = (open_pickup, resolved || choice < 65) {
        let left = v
            .pickups
            .iter()
            .find(|l| l.pickup_id == p)
            .map(|l| l.picked - l.used - l.returned)
            .unwrap_or(1)
            .max(1);
        let (used, returned) = if w.rng.random_bool(0.7) {
            (left, 0)
        } else {
            (0, left)
        };
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
            .filter(|a| {
                !matches!(
                    a,
                    Action::Sign | Action::Cancel | Action::Close | Action::Assign | Action::File
                )
            })
            .collect();
        // Forward along the visit most of the time; hold, resume and
        // "await parts" now and then.
        let forward: Vec<Action> = offered
            .iter()
            .copied()
            .filter(|a| {
                matches!(
                    a,
                    Action::Respond
                        | Action::Depart
                        | Action::Arrive
                        | Action::Resolve
                        | Action::Resume
                )
            })
            .collect();
        let from = if !forward.is_empty() && w.rng.random_bool(0.85) {
            &forward
        } else {
            &offered
        };
        let Some(action) = from.choose(&mut w.rng).copied() else {
            return Ok(());
        };
        (
            vec![id.clone()],
            dev.with(|d| d.act(&id, action).map(|_| ())),
        )
    } else {
        let text = format!("{me} 现场记录 {}", w.step);
        (
            vec![id.clone()],
            dev.with(|d| d.add_note(&id, &text).map(|_| ())),
        )
    };
    done(w, m, &ids, r).map(|_| ())
}

fn storekeeper(w: &mut World, m: usize) -> Result<(), SimError> {
    let r = w.members[m].dev.with(|d| {
        d.list_stock(None)?;
        d.list_my_pickups().map(|_| ())
    });
    if let Err(e) = r {
        return Err(w.fail(format!("the storekeeper's lists failed: {e}")));
    }
    Ok(())
}
