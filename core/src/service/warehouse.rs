//! The parts warehouse 备件库: the configured warehouses, the catalogue
//! (add and edit parts), goods received and stocktakes (each changes one
//! counter and lists the movement in the same transaction), the part
//! screen, the stock list, and the storekeeper's confirmation of pickups
//! and returns with the lists behind it. The rules are in
//! [`crate::warehouse`]; pickups and returns themselves in
//! [`super::parts`].

use std::collections::BTreeMap;

use automerge::AutoCommit;

use super::views::{OutstandingRow, StockItem};
use super::{ApiError, Device, ErrorCode};
use crate::doc;
use crate::model::{DocId, DocKind, Part, Pickup};
use crate::rules::localtime::local_date;
use crate::rules::state::Role;
use crate::rules::stock_level;
use crate::settings::Warehouse;
use crate::store::PickupRow;
use crate::warehouse::{
    moves, ops, NewPart, PartEdit, PartView, StockMove, WarehouseError, WarehouseStock,
};

impl From<WarehouseError> for ApiError {
    fn from(e: WarehouseError) -> Self {
        let code = match e {
            WarehouseError::KeepersOnly { .. } => ErrorCode::Forbidden,
            WarehouseError::Field { .. }
            | WarehouseError::Duplicate(_)
            | WarehouseError::Retired(_) => ErrorCode::Invalid,
        };
        ApiError::new(code, e.to_string())
    }
}

impl Device {
    /// The warehouses in force, in the order the company settings list
    /// them (the one default `main` 总库 when none are configured).
    pub fn warehouses(&self) -> Result<Vec<Warehouse>, ApiError> {
        Ok(self.cfg().warehouses.clone())
    }

    /// Adds a part to the catalogue (office, storekeeper), with a stock
    /// counter at 0 in every configured warehouse. A part number that
    /// exists is refused (`invalid`).
    pub fn add_part(&mut self, input: NewPart) -> Result<PartView, ApiError> {
        let part = ops::new_part(input, &self.actor)?;
        if self.store.load(&part.id)?.is_some() {
            return Err(WarehouseError::Duplicate(part.part_no).into());
        }
        let start: BTreeMap<String, i64> = self
            .warehouses()?
            .into_iter()
            .map(|w| (w.code, 0))
            .collect();
        let mut am = self.new_doc(DocKind::Part, &part)?;
        moves::init_part(&mut am, &start)?;
        self.store.create_doc(&part.id, &mut am)?;
        self.part_view(&part.id)
    }

    /// Edits a part's catalogue fields (office, storekeeper); the part
    /// number is not editable.
    pub fn edit_part(&mut self, part_id: &DocId, edit: PartEdit) -> Result<PartView, ApiError> {
        Self::ensure_kind(part_id, DocKind::Part)?;
        ops::ensure_keeper(&self.actor, "edit parts")?;
        let actor = self.actor.clone();
        self.store.edit(std::slice::from_ref(part_id), |docs| {
            let mut part: Part = doc::read(&docs[0], DocKind::Part)?;
            ops::edit_part(&mut part, edit, &actor)?;
            doc::write(&mut docs[0], &part)?;
            Ok::<_, ApiError>(())
        })?;
        self.part_view(part_id)
    }

    /// Goods received: `qty` (≥ 1) onto the counter of `warehouse`, with
    /// a reason (a delivery note); listed as a movement.
    pub fn receive_goods(
        &mut self,
        part_id: &DocId,
        warehouse: &str,
        qty: i64,
        reason: &str,
    ) -> Result<PartView, ApiError> {
        self.move_stock(part_id, warehouse, |part, _, actor, now| {
            ops::receive(part, warehouse, qty, reason, actor, now)
        })
    }

    /// A stocktake: the counter of `warehouse` set to `counted` (≥ 0),
    /// with a reason; listed as a movement of counted − current.
    pub fn stocktake(
        &mut self,
        part_id: &DocId,
        warehouse: &str,
        counted: i64,
        reason: &str,
    ) -> Result<PartView, ApiError> {
        self.move_stock(part_id, warehouse, |part, current, actor, now| {
            ops::stocktake(part, warehouse, current, counted, reason, actor, now)
        })
    }

    /// One movement on a known warehouse's counter of one part, made by
    /// `f` from the part and the counter's current value.
    fn move_stock(
        &mut self,
        part_id: &DocId,
        warehouse: &str,
        f: impl FnOnce(
            &Part,
            i64,
            &crate::ops::Actor,
            chrono::DateTime<chrono::Utc>,
        ) -> Result<StockMove, WarehouseError>,
    ) -> Result<PartView, ApiError> {
        Self::ensure_kind(part_id, DocKind::Part)?;
        let code = ops::known_warehouse(warehouse, &self.warehouses()?)?;
        if code != warehouse.trim() {
            return Err(WarehouseError::field("warehouse", "is required").into());
        }
        let (actor, now) = (self.actor.clone(), self.now());
        self.store.edit(std::slice::from_ref(part_id), |docs| {
            let part: Part = doc::read(&docs[0], DocKind::Part)?;
            let current = doc::read_stock(&docs[0]).get(&code).copied();
            let Some(current) = current else {
                return Err(no_counter(&part, &code));
            };
            let m = f(&part, current, &actor, now)?;
            moves::record(&mut docs[0], &m)?;
            Ok::<_, ApiError>(())
        })?;
        self.part_view(part_id)
    }

    /// The part screen: the catalogue fields, the stock in every
    /// configured warehouse and every movement, newest first.
    pub fn part_view(&self, part_id: &DocId) -> Result<PartView, ApiError> {
        let am: AutoCommit = self.load_doc(part_id, DocKind::Part)?;
        let part: Part = doc::read(&am, DocKind::Part)?;
        let counts = doc::read_stock(&am);
        let stock = self
            .warehouses()?
            .into_iter()
            .map(|w| {
                let qty = counts.get(&w.code).copied().unwrap_or(0);
                WarehouseStock {
                    level: stock_level(qty, part.low_threshold),
                    warehouse: w.code,
                    warehouse_name: w.name,
                    qty,
                }
            })
            .collect();
        let mut list = moves::read(&am);
        list.sort_by(|a, b| b.at.cmp(&a.at).then_with(|| b.id.cmp(&a.id)));
        Ok(PartView {
            part,
            stock,
            moves: list,
        })
    }

    /// Every part's stock in `warehouse` (every warehouse when `None`),
    /// with its level (ok, low, negative); retired parts last.
    pub fn list_stock(&self, warehouse: Option<String>) -> Result<Vec<StockItem>, ApiError> {
        let w = warehouse
            .as_deref()
            .map(str::trim)
            .filter(|w| !w.is_empty());
        Ok(self.store.list_stock(w)?)
    }

    /// Pickups whose pickup or returns await confirmation or are disputed,
    /// oldest first (office, storekeeper).
    pub fn awaiting_confirmation(&self) -> Result<Vec<PickupRow>, ApiError> {
        ops::ensure_keeper(&self.actor, "confirm pickups")?;
        Ok(self.store.awaiting_confirmation()?)
    }

    /// The storekeeper confirms a pickup, having counted `counted` units
    /// leave; a different count shows as disputed. Moves no stock.
    pub fn confirm_pickup(
        &mut self,
        pickup_id: &DocId,
        counted: i64,
    ) -> Result<PickupRow, ApiError> {
        self.confirm(pickup_id, |p, actor, now| {
            ops::confirm_pickup(p, counted, actor, now)
        })
    }

    /// The storekeeper confirms the units returned so far, having counted
    /// `counted` back. Moves no stock.
    pub fn confirm_return(
        &mut self,
        pickup_id: &DocId,
        counted: i64,
    ) -> Result<PickupRow, ApiError> {
        self.confirm(pickup_id, |p, actor, now| {
            ops::confirm_return(p, counted, actor, now)
        })
    }

    fn confirm(
        &mut self,
        pickup_id: &DocId,
        f: impl FnOnce(
            &mut Pickup,
            &crate::ops::Actor,
            chrono::DateTime<chrono::Utc>,
        ) -> Result<(), WarehouseError>,
    ) -> Result<PickupRow, ApiError> {
        Self::ensure_kind(pickup_id, DocKind::Pickup)?;
        ops::ensure_keeper(&self.actor, "confirm pickups")?;
        let (actor, now) = (self.actor.clone(), self.now());
        self.store.edit(std::slice::from_ref(pickup_id), |docs| {
            let mut p: Pickup = doc::read(&docs[0], DocKind::Pickup)?;
            f(&mut p, &actor, now)?;
            doc::write(&mut docs[0], &p)?;
            Ok::<_, ApiError>(())
        })?;
        self.store
            .pickup_row(pickup_id)?
            .ok_or_else(|| ApiError::not_found(pickup_id))
    }

    /// Pickups with units neither used nor returned, by engineer then
    /// oldest first, each with its age in whole days (company time zone,
    /// picked day to today). An engineer sees their own.
    pub fn outstanding_parts(&self) -> Result<Vec<OutstandingRow>, ApiError> {
        let me = (self.actor.role == Role::Engineer).then_some(self.actor.name.as_str());
        let tz = self.cfg().tz;
        let today = local_date(self.now(), tz);
        Ok(self
            .store
            .outstanding_pickups(me)?
            .into_iter()
            .map(|p| OutstandingRow {
                engineer: p.engineer.clone(),
                outstanding: p.qty - p.used - p.returned,
                age_days: (today - local_date(p.picked_at.0, tz)).num_days(),
                pickup: p,
            })
            .collect())
    }
}

/// A configured warehouse the part has no counter in (a part made on a
/// device that did not know the warehouse yet): refused, never created
/// here (two devices creating one counter would lose one side's counts).
fn no_counter(part: &Part, code: &str) -> ApiError {
    WarehouseError::field(
        "warehouse",
        format!(
            "part {} has no stock counter in {code:?} yet (the office adds it by saving the warehouse in the company settings)",
            part.part_no
        ),
    )
    .into()
}

#[cfg(test)]
mod tests;
