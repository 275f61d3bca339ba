//! Spare parts on a work order: picking parts up from a configured
//! warehouse (the pickup document is created, the part's stock counter
//! decremented and the movement listed in the same transaction), marking
//! them used or returned (returned units go back on the counter, listed as
//! a movement). Stock may go negative when pickups from several offline
//! devices merge: it is flagged, never clamped. The catalogue, receipts,
//! stocktakes and confirmations are `service::warehouse`.

use automerge::AutoCommit;

use super::views::WorkOrderView;
use super::{may_see, ApiError, Device, Edited};
use crate::doc;
use crate::model::{DocId, DocKind, Part, Pickup, WorkOrder};
use crate::ops::{self, NewPickup};
use crate::warehouse::{self, moves, MoveKind};

impl Device {
    /// Records a pickup of `qty` units of `part_id` for `wo_id` from
    /// `warehouse` (any configured one; `None` or empty: `main`), takes
    /// them off its stock counter and lists the movement. An unknown
    /// warehouse or a retired part is refused (`invalid`).
    pub fn pickup_parts(
        &mut self,
        wo_id: &DocId,
        part_id: &DocId,
        qty: i64,
        serials: Vec<String>,
        warehouse: Option<String>,
    ) -> Result<WorkOrderView, ApiError> {
        Self::ensure_kind(wo_id, DocKind::WorkOrder)?;
        if part_id.kind() != DocKind::Part {
            return Err(ApiError::invalid(format!("{part_id} is not a part")));
        }
        let pickup_id = DocId::new(DocKind::Pickup);
        let (actor, now, maker, cfg) = (
            self.actor.clone(),
            self.now(),
            self.doc_maker(),
            self.cfg().clone(),
        );
        let configured = self.warehouses()?;
        let warehouse =
            warehouse::ops::known_warehouse(warehouse.as_deref().unwrap_or(""), &configured)?;
        let req = NewPickup {
            qty,
            serials,
            warehouse,
        };
        let new = vec![(pickup_id.clone(), AutoCommit::new())];
        let ids = [wo_id.clone(), part_id.clone()];
        let edited = self.store.transact(new, &ids, |docs, reader| {
            let wo: WorkOrder = doc::read(&docs[0], DocKind::WorkOrder)?;
            may_see(&actor, &wo)?;
            let part: Part = doc::read(&docs[1], DocKind::Part)?;
            warehouse::ops::ensure_active(&part)?;
            let mut pickup = ops::new_pickup(&part, &wo, req, &actor, now)?;
            pickup.id = pickup_id.clone();
            let m = warehouse::ops::pickup_move(
                &pickup,
                MoveKind::Pickup,
                -pickup.qty,
                &wo.number,
                &actor,
                now,
            );
            moves::record(&mut docs[1], &m)?;
            docs[2] = maker.create(DocKind::Pickup, &pickup)?;
            Edited::of(wo, &docs[0], reader, &cfg)
        })?;
        edited.into_view(self)
    }

    /// Marks units of a pickup `used` on its work order and/or `returned`
    /// to the warehouse (back on the stock counter), in one transaction.
    pub fn mark_part(
        &mut self,
        pickup_id: &DocId,
        used: i64,
        returned: i64,
    ) -> Result<WorkOrderView, ApiError> {
        if used == 0 && returned == 0 {
            return Err(ApiError::invalid("mark how many used or returned?"));
        }
        if used < 0 || returned < 0 {
            return Err(ApiError::invalid("quantities cannot be negative"));
        }
        let p: Pickup = self.read_doc(pickup_id, DocKind::Pickup)?;
        let wo_id = p.work_order_id.clone();
        let ids = [pickup_id.clone(), wo_id.clone(), p.part_id.clone()];
        let (actor, cfg, now) = (self.actor.clone(), self.cfg().clone(), self.now());
        let edited = self.store.transact(Vec::new(), &ids, |docs, reader| {
            let mut pickup: Pickup = doc::read(&docs[0], DocKind::Pickup)?;
            let mut wo: WorkOrder = doc::read(&docs[1], DocKind::WorkOrder)?;
            if used > 0 {
                let part: Part = doc::read(&docs[2], DocKind::Part)?;
                ops::mark_used(&mut pickup, &mut wo, &part, used, &actor)?;
                doc::write(&mut docs[1], &wo)?;
            }
            if returned > 0 {
                ops::mark_returned(&mut pickup, returned, &actor)?;
                let m = warehouse::ops::pickup_move(
                    &pickup,
                    MoveKind::Return,
                    returned,
                    &wo.number,
                    &actor,
                    now,
                );
                moves::record(&mut docs[2], &m)?;
            }
            doc::write(&mut docs[0], &pickup)?;
            Edited::of(wo, &docs[1], reader, &cfg)
        })?;
        // As before: the marks are stored, and the view is refused to a
        // user who may not see the order.
        may_see(&self.actor, &edited.wo)?;
        edited.into_view(self)
    }

    /// The signed-in engineer's pickups (everyone's for other roles).
    pub fn list_my_pickups(&self) -> Result<Vec<crate::store::PickupRow>, ApiError> {
        let me = (self.actor.role == crate::rules::state::Role::Engineer)
            .then_some(self.actor.name.as_str());
        Ok(self.store.list_pickups(None, me)?)
    }
}
