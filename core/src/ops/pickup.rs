//! Spare-part pickups 领取备件: recording parts taken from a warehouse for a
//! work order, then marking them used on the order (a parts-used line) or
//! returned. Over-use and over-return are refused. The stock counters are
//! not touched here: the service adjusts them with `doc::adjust_stock` in
//! the same transaction (−qty on pickup, +qty on return).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::actor::{ensure_unsigned, Actor};
use super::error::OpError;
use crate::model::{DocId, DocKind, Part, PartUse, Pickup, WorkOrder};
use crate::rules::state::Role;

/// How many units of a part, with which serial numbers, from where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NewPickup {
    /// Quantity (at least 1).
    pub qty: i64,
    /// Serial numbers of the units, where they have them (at most `qty`).
    pub serials: Vec<String>,
    /// The warehouse (`main` by default).
    pub warehouse: String,
}

/// Who a pickup is recorded for: the engineer themselves, or — when the
/// office or the storekeeper records it — the order's assignee.
fn pickup_engineer(wo: &WorkOrder, actor: &Actor) -> Result<String, OpError> {
    match actor.role {
        Role::Engineer => actor.ensure_assignee(wo).map(|_| actor.name.clone()),
        Role::Office | Role::Storekeeper => wo.assignee.clone().ok_or_else(|| {
            OpError::Invalid(format!(
                "work order {} has no engineer assigned to pick up parts for",
                wo.number
            ))
        }),
        Role::Expert => Err(OpError::Forbidden {
            role: actor.role,
            what: "pick up parts".into(),
        }),
    }
}

fn positive(qty: i64, what: &str) -> Result<(), OpError> {
    if qty < 1 {
        return Err(OpError::Invalid(format!("{what} at least 1, not {qty}")));
    }
    Ok(())
}

/// `qty` units to `action` (`use`, `return`): at least 1 and no more than
/// is outstanding on the pickup.
fn ensure_outstanding(pickup: &Pickup, qty: i64, action: &'static str) -> Result<(), OpError> {
    positive(qty, action)?;
    if qty > pickup.outstanding() {
        return Err(OpError::OverOutstanding {
            action,
            part_no: pickup.part_no.clone(),
            name: pickup.name.clone(),
            asked: qty,
            outstanding: pickup.outstanding(),
        });
    }
    Ok(())
}

/// A pickup of `req.qty` units of `part` for `wo`. Refused for a signed,
/// cancelled or closed order.
pub fn new_pickup(
    part: &Part,
    wo: &WorkOrder,
    req: NewPickup,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Pickup, OpError> {
    let engineer = pickup_engineer(wo, actor)?;
    ensure_unsigned(wo, "parts_used")?;
    super::actor::ensure_open(wo, "pick up parts")?;
    positive(req.qty, "pick up")?;
    let serials: Vec<String> = req
        .serials
        .iter()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    if serials.len() as i64 > req.qty {
        return Err(OpError::Invalid(format!(
            "{} serial numbers for {} units of part {}",
            serials.len(),
            req.qty,
            part.part_no
        )));
    }
    let warehouse = match req.warehouse.trim() {
        "" => crate::model::MAIN_WAREHOUSE.to_owned(),
        w => w.to_owned(),
    };
    Ok(Pickup {
        id: DocId::new(DocKind::Pickup),
        part_id: part.id.clone(),
        part_no: part.part_no.clone(),
        name: part.name.clone(),
        qty: req.qty,
        serials,
        work_order_id: wo.id.clone(),
        work_order_no: wo.number.clone(),
        engineer,
        warehouse,
        picked_at: now.into(),
        used: 0,
        returned: 0,
        confirmed: None,
        return_confirmed: None,
    })
}

/// Only the engineer who picked the parts, the office or the storekeeper.
fn ensure_may_account(pickup: &Pickup, actor: &Actor) -> Result<(), OpError> {
    match actor.role {
        Role::Office | Role::Storekeeper => Ok(()),
        Role::Engineer if actor.name == pickup.engineer => Ok(()),
        Role::Engineer => Err(OpError::Invalid(format!(
            "pickup of part {} belongs to {}, not to {}",
            pickup.part_no, pickup.engineer, actor.name
        ))),
        Role::Expert => Err(OpError::Forbidden {
            role: actor.role,
            what: "account for picked parts".into(),
        }),
    }
}

/// Marks `qty` units of the pickup used on `wo` and adds them to its parts
/// used (one line per pickup). `part` supplies the prices. Not after
/// signing; not more than is outstanding.
pub fn mark_used(
    pickup: &mut Pickup,
    wo: &mut WorkOrder,
    part: &Part,
    qty: i64,
    actor: &Actor,
) -> Result<(), OpError> {
    ensure_may_account(pickup, actor)?;
    if pickup.work_order_id != wo.id {
        return Err(OpError::Invalid(format!(
            "part {} was picked up for another work order, not {}",
            pickup.part_no, wo.number
        )));
    }
    ensure_unsigned(wo, "parts_used")?;
    ensure_outstanding(pickup, qty, "use")?;
    pickup.used += qty;
    match wo.parts_used.iter_mut().find(|u| u.pickup_id == pickup.id) {
        Some(line) => line.qty += qty,
        None => wo.parts_used.push(PartUse {
            pickup_id: pickup.id.clone(),
            part_no: pickup.part_no.clone(),
            name: pickup.name.clone(),
            qty,
            unit_cost_fen: part.unit_cost_fen,
            standard_price_fen: part.standard_price_fen,
        }),
    }
    Ok(())
}

/// Marks `qty` units of the pickup returned to the warehouse. Not more than
/// is outstanding. The caller puts them back on the stock counter.
pub fn mark_returned(pickup: &mut Pickup, qty: i64, actor: &Actor) -> Result<(), OpError> {
    ensure_may_account(pickup, actor)?;
    ensure_outstanding(pickup, qty, "return")?;
    pickup.returned += qty;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::work_order::tests::{assigned, office, t0, yang};

    fn part() -> Part {
        Part {
            id: DocId::with_suffix(DocKind::Part, "PS-100"),
            part_no: "PS-100".into(),
            name: "电源模块".into(),
            unit_cost_fen: 30_000,
            standard_price_fen: 48_000,
            low_threshold: 2,
            unit: "个".into(),
            retired: false,
        }
    }

    fn req(qty: i64) -> NewPickup {
        NewPickup {
            qty,
            serials: vec!["SN1".into(), " ".into()],
            warehouse: String::new(),
        }
    }

    #[test]
    fn pick_use_and_return_add_up() {
        let mut wo = assigned();
        let mut p = new_pickup(&part(), &wo, req(3), &yang(), t0()).unwrap();
        assert_eq!(
            (p.engineer.as_str(), p.warehouse.as_str(), p.serials.len()),
            ("yangjinwei", "main", 1)
        );
        mark_used(&mut p, &mut wo, &part(), 1, &yang()).unwrap();
        mark_used(&mut p, &mut wo, &part(), 1, &yang()).unwrap();
        mark_returned(&mut p, 1, &office()).unwrap();
        assert_eq!((p.used, p.returned, p.outstanding()), (2, 1, 0));
        assert_eq!(wo.parts_used.len(), 1);
        assert_eq!(
            (wo.parts_used[0].qty, wo.parts_used[0].unit_cost_fen),
            (2, 30_000)
        );
    }

    #[test]
    fn over_use_and_over_return_are_refused_naming_the_part() {
        let mut wo = assigned();
        let mut p = new_pickup(&part(), &wo, req(2), &yang(), t0()).unwrap();
        let err = mark_used(&mut p, &mut wo, &part(), 3, &yang()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot use 3 of part PS-100 电源模块: only 2 picked and not yet used or returned"
        );
        mark_used(&mut p, &mut wo, &part(), 2, &yang()).unwrap();
        let err = mark_returned(&mut p, 1, &yang()).unwrap_err();
        assert!(
            matches!(
                err,
                OpError::OverOutstanding {
                    action: "return",
                    outstanding: 0,
                    ..
                }
            ),
            "{err}"
        );
        assert!(mark_returned(&mut p, 0, &yang()).is_err());
    }

    #[test]
    fn pickups_follow_the_assignment() {
        let wo = assigned();
        let tang = Actor::new("tangrong", Role::Engineer);
        assert!(matches!(
            new_pickup(&part(), &wo, req(1), &tang, t0()),
            Err(OpError::NotAssignee { .. })
        ));
        let keeper = Actor::new("store1", Role::Storekeeper);
        let p = new_pickup(&part(), &wo, req(1), &keeper, t0()).unwrap();
        assert_eq!(p.engineer, "yangjinwei");
        assert!(new_pickup(&part(), &wo, req(0), &yang(), t0()).is_err());
        let two_serials = NewPickup {
            qty: 1,
            serials: vec!["a".into(), "b".into()],
            warehouse: "main".into(),
        };
        assert!(new_pickup(&part(), &wo, two_serials, &yang(), t0()).is_err());
    }
}
