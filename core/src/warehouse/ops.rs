//! The warehouse's rules as pure functions: who keeps the catalogue and
//! the stock, a part's fields, the quantities of receipts, stocktakes and
//! pickups, a known warehouse, no movement on a retired part, and the
//! confirmation of pickups and returns.

use chrono::{DateTime, Utc};

use super::error::WarehouseError;
use super::input::{NewPart, PartEdit};
use super::moves::{MoveKind, StockMove};
use crate::model::{Confirmation, DocId, DocKind, Part, Pickup};
use crate::ops::Actor;
use crate::rules::state::Role;
use crate::settings::Warehouse;

/// The longest part number, in characters.
pub const MAX_PART_NO: usize = 40;
/// The longest name, unit or reason, in characters.
pub const MAX_TEXT: usize = 200;

/// Only the office and the storekeeper; `what` they do, for the refusal.
pub fn ensure_keeper(actor: &Actor, what: &'static str) -> Result<(), WarehouseError> {
    match actor.role {
        Role::Office | Role::Storekeeper => Ok(()),
        role => Err(WarehouseError::KeepersOnly { role, what }),
    }
}

fn text(field: &'static str, value: &str, required: bool) -> Result<String, WarehouseError> {
    let v = value.trim();
    if required && v.is_empty() {
        return Err(WarehouseError::field(field, "is required"));
    }
    if v.chars().count() > MAX_TEXT {
        return Err(WarehouseError::field(
            field,
            format!("at most {MAX_TEXT} characters"),
        ));
    }
    Ok(v.to_string())
}

fn not_negative(field: &'static str, v: i64) -> Result<i64, WarehouseError> {
    if v < 0 {
        return Err(WarehouseError::field(
            field,
            format!("cannot be negative ({v})"),
        ));
    }
    Ok(v)
}

/// A quantity received or picked: at least 1.
pub fn positive_qty(qty: i64) -> Result<(), WarehouseError> {
    if qty < 1 {
        return Err(WarehouseError::field(
            "qty",
            format!("at least 1, not {qty}"),
        ));
    }
    Ok(())
}

/// The part `input` describes, checked: part number and name required,
/// money and threshold not negative. Its id is `part:<part number>`.
pub fn new_part(input: NewPart, actor: &Actor) -> Result<Part, WarehouseError> {
    ensure_keeper(actor, "add parts")?;
    let part_no = input.part_no.trim().to_string();
    if part_no.is_empty() {
        return Err(WarehouseError::field("part_no", "is required"));
    }
    let ok_char = |c: char| !c.is_control() && !c.is_whitespace() && c != ':';
    if part_no.chars().count() > MAX_PART_NO || !part_no.chars().all(ok_char) {
        return Err(WarehouseError::field(
            "part_no",
            format!("{part_no:?} must be 1 to {MAX_PART_NO} characters without spaces or ':'"),
        ));
    }
    Ok(Part {
        id: DocId::with_suffix(DocKind::Part, &part_no),
        part_no,
        name: text("name", &input.name, true)?,
        unit: text("unit", &input.unit, false)?,
        unit_cost_fen: not_negative("unit_cost_fen", input.unit_cost_fen)?,
        standard_price_fen: not_negative("standard_price_fen", input.standard_price_fen)?,
        low_threshold: not_negative("low_threshold", input.low_threshold)?,
        retired: false,
    })
}

/// Applies `edit` to `part`; the part number is not editable.
pub fn edit_part(part: &mut Part, edit: PartEdit, actor: &Actor) -> Result<(), WarehouseError> {
    ensure_keeper(actor, "edit parts")?;
    if let Some(v) = edit.name {
        part.name = text("name", &v, true)?;
    }
    if let Some(v) = edit.unit {
        part.unit = text("unit", &v, false)?;
    }
    if let Some(v) = edit.unit_cost_fen {
        part.unit_cost_fen = not_negative("unit_cost_fen", v)?;
    }
    if let Some(v) = edit.standard_price_fen {
        part.standard_price_fen = not_negative("standard_price_fen", v)?;
    }
    if let Some(v) = edit.low_threshold {
        part.low_threshold = not_negative("low_threshold", v)?;
    }
    if let Some(v) = edit.retired {
        part.retired = v;
    }
    Ok(())
}

/// The warehouse code `w` (trimmed; empty = `main`) if it is configured.
pub fn known_warehouse(w: &str, configured: &[Warehouse]) -> Result<String, WarehouseError> {
    let code = match w.trim() {
        "" => crate::model::MAIN_WAREHOUSE,
        c => c,
    };
    if !configured.iter().any(|k| k.code == code) {
        let known: Vec<&str> = configured.iter().map(|k| k.code.as_str()).collect();
        return Err(WarehouseError::field(
            "warehouse",
            format!("{code:?} is not a warehouse (known: {})", known.join(", ")),
        ));
    }
    Ok(code.to_string())
}

/// No movement on a retired part (returns of earlier pickups excepted).
pub fn ensure_active(part: &Part) -> Result<(), WarehouseError> {
    match part.retired {
        true => Err(WarehouseError::Retired(part.part_no.clone())),
        false => Ok(()),
    }
}

/// Goods received: `qty` ≥ 1 into `warehouse`, by a keeper, on an active
/// part.
pub fn receive(
    part: &Part,
    warehouse: &str,
    qty: i64,
    reason: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<StockMove, WarehouseError> {
    ensure_keeper(actor, "receive goods")?;
    ensure_active(part)?;
    positive_qty(qty)?;
    let mut m = StockMove::new(MoveKind::Received, warehouse, qty, &actor.name, now.into());
    m.reason = text("reason", reason, false)?;
    Ok(m)
}

/// A stocktake: the counter of `warehouse`, now `current`, set to
/// `counted` (≥ 0), with a reason, by a keeper, on an active part.
pub fn stocktake(
    part: &Part,
    warehouse: &str,
    current: i64,
    counted: i64,
    reason: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<StockMove, WarehouseError> {
    ensure_keeper(actor, "take stock")?;
    ensure_active(part)?;
    not_negative("counted", counted)?;
    let reason = text("reason", reason, true)?;
    let mut m = StockMove::new(
        MoveKind::Stocktake,
        warehouse,
        counted - current,
        &actor.name,
        now.into(),
    );
    m.counted = Some(counted);
    m.reason = reason;
    Ok(m)
}

/// The movement of a pickup (−qty) or of units returned from it (+n), on
/// the pickup's warehouse, by `actor`.
pub fn pickup_move(
    pickup: &Pickup,
    kind: MoveKind,
    qty: i64,
    work_order_no: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> StockMove {
    let mut m = StockMove::new(kind, &pickup.warehouse, qty, &actor.name, now.into());
    m.pickup_id = Some(pickup.id.clone());
    m.work_order_id = Some(pickup.work_order_id.clone());
    m.work_order_no = Some(work_order_no.to_string());
    m
}

fn confirmation(
    claimed: i64,
    counted: i64,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Confirmation, WarehouseError> {
    not_negative("counted", counted)?;
    Ok(Confirmation {
        by: actor.name.clone(),
        at: now.into(),
        claimed,
        counted,
    })
}

/// The keeper confirms a pickup, having counted `counted` units leave.
pub fn confirm_pickup(
    pickup: &mut Pickup,
    counted: i64,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), WarehouseError> {
    ensure_keeper(actor, "confirm pickups")?;
    pickup.confirmed = Some(confirmation(pickup.qty, counted, actor, now)?);
    Ok(())
}

/// The keeper confirms the units returned so far, having counted
/// `counted` back. Nothing returned yet: nothing to confirm.
pub fn confirm_return(
    pickup: &mut Pickup,
    counted: i64,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), WarehouseError> {
    ensure_keeper(actor, "confirm returns")?;
    if pickup.returned == 0 {
        return Err(WarehouseError::field(
            "returned",
            format!("nothing of part {} was returned yet", pickup.part_no),
        ));
    }
    pickup.return_confirmed = Some(confirmation(pickup.returned, counted, actor, now)?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{instant, PartBuilder};

    fn keeper() -> Actor {
        Actor::new("store1", Role::Storekeeper)
    }

    fn new(part_no: &str, name: &str, cost: i64) -> NewPart {
        NewPart {
            part_no: part_no.into(),
            name: name.into(),
            unit: " 个 ".into(),
            unit_cost_fen: cost,
            standard_price_fen: 100,
            low_threshold: 1,
        }
    }

    #[test]
    fn a_new_part_is_checked_field_by_field() {
        let p = new_part(new(" PS-100 ", "电源模块", 10), &keeper()).unwrap();
        assert_eq!((p.id.as_str(), p.unit.as_str()), ("part:PS-100", "个"));
        let field = |e: WarehouseError| e.to_string();
        assert!(field(new_part(new("", "x", 1), &keeper()).unwrap_err()).starts_with("part_no"));
        assert!(field(new_part(new("A B", "x", 1), &keeper()).unwrap_err()).starts_with("part_no"));
        assert!(field(new_part(new("P", " ", 1), &keeper()).unwrap_err()).starts_with("name"));
        assert!(
            field(new_part(new("P", "x", -1), &keeper()).unwrap_err()).starts_with("unit_cost_fen")
        );
        let eng = Actor::new("yang", Role::Engineer);
        assert_eq!(
            new_part(new("P", "x", 1), &eng).unwrap_err().to_string(),
            "only the office and the storekeeper add parts, not an engineer"
        );
    }

    #[test]
    fn movements_need_a_known_warehouse_an_active_part_and_sane_quantities() {
        let wh = vec![Warehouse::main()];
        assert_eq!(known_warehouse("", &wh).unwrap(), "main");
        assert!(known_warehouse("north", &wh)
            .unwrap_err()
            .to_string()
            .starts_with("warehouse: \"north\""));
        let mut part = PartBuilder::new("P-1").build();
        let now = instant("2026-03-02T01:00:00Z");
        assert!(receive(&part, "main", 0, "", &keeper(), now).is_err());
        let t = stocktake(&part, "main", 7, 5, "盘点", &keeper(), now).unwrap();
        assert_eq!((t.qty, t.counted), (-2, Some(5)));
        assert!(stocktake(&part, "main", 7, 5, " ", &keeper(), now)
            .unwrap_err()
            .to_string()
            .starts_with("reason"));
        assert!(stocktake(&part, "main", 7, -1, "x", &keeper(), now).is_err());
        part.retired = true;
        assert!(matches!(
            receive(&part, "main", 1, "", &keeper(), now),
            Err(WarehouseError::Retired(_))
        ));
    }
}
