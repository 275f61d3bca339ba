//! Writes on a work order: create (numbered from the device slot and its
//! own sequence), lifecycle actions, assignment, the service record and
//! order details, notes, the charge override, loaners and the customer's
//! sign-off. Each is one store transaction and returns the fresh view.

use chrono::Datelike;

use super::derive::{charges_for, field_conflicts, tier_of};
use super::read::{contract_of, terms_of};
use super::views::WorkOrderView;
use super::{may_see, ApiError, Device, Edited};
use crate::doc;
use crate::model::{work_order_number, Customer, DocId, DocKind, Pickup, WorkOrder};
use crate::ops::{self, NewWorkOrder, OrderPatch, ServicePatch, SignInput};
use crate::rules::localtime::local_date;
use crate::rules::state::{Action, Role};
use crate::store::meta_keys;

/// What an edit of one order answers: its fresh view.
type Answer = Result<WorkOrderView, ApiError>;

impl Device {
    /// Creates a work order (office only). When `customer_id` names a
    /// stored customer, empty customer fields are filled from it, and the
    /// equipment is completed from the customer's equipment with the same
    /// serial.
    pub fn create_work_order(&mut self, input: NewWorkOrder) -> Answer {
        if self.actor.role != Role::Office {
            return Err(ApiError::forbidden("only the office creates work orders"));
        }
        let now = self.now();
        let mut input = input;
        self.complete_from_customer(&mut input)?;
        input.validate(now)?;
        let number = self.next_number()?;
        let wo = ops::new_work_order(input, number, &self.actor.name, now);
        let mut am = doc::create(DocKind::WorkOrder, &wo)?;
        am.set_actor(self.store.actor().clone());
        self.store.create_doc(&wo.id, &mut am)?;
        self.view_of(&am, wo)
    }

    /// The next work-order number: `WO-<year>-<device slot>-<sequence>`.
    /// A device not yet enrolled has slot 00.
    pub(crate) fn next_number(&mut self) -> Result<String, ApiError> {
        let slot = self
            .store
            .get_meta_i64(meta_keys::DEVICE_SLOT)?
            .unwrap_or(0);
        let seq = self.store.next_wo_sequence()?;
        let year = local_date(self.now(), self.cfg().tz).year();
        Ok(work_order_number(
            year,
            slot.clamp(0, 999) as u16,
            seq.clamp(0, u32::MAX as i64) as u32,
        ))
    }

    fn complete_from_customer(&self, input: &mut NewWorkOrder) -> Result<(), ApiError> {
        let Some(cid) = &input.customer_id else {
            return Ok(());
        };
        let c: Customer = self.read_doc(cid, DocKind::Customer)?;
        let info = &mut input.customer;
        for (field, value) in [
            (&mut info.org, &c.org),
            (&mut info.site_address, &c.site_address),
            (&mut info.contact, &c.contact),
            (&mut info.phone, &c.phone),
        ] {
            if field.trim().is_empty() {
                field.clone_from(value);
            }
        }
        if let Some(eq) = c
            .equipment
            .iter()
            .find(|e| e.serial == input.equipment.serial)
        {
            let e = &mut input.equipment;
            if e.model.is_empty() {
                e.model.clone_from(&eq.model);
            }
            e.accepted_on = e.accepted_on.or(eq.accepted_on);
            e.original_end_user = eq.original_end_user;
            if input.contract_id.is_none() {
                input.contract_id.clone_from(&eq.contract_id);
            }
        }
        Ok(())
    }

    /// A lifecycle action (respond, depart, arrive, await parts, hold,
    /// resume, resolve, close, cancel). Closing also creates the order's
    /// follow-up task, in the same transaction (see `service::followups`).
    pub fn act(&mut self, id: &DocId, action: Action) -> Answer {
        if action == Action::Close {
            return self.close_order(id);
        }
        self.edit_wo(id, |wo, actor, now| {
            ops::apply_action(wo, action, actor, now)
        })
    }

    /// Assigns (or reassigns) the order to `engineer` (office only).
    pub fn assign(&mut self, id: &DocId, engineer: &str) -> Answer {
        self.edit_wo(id, |wo, actor, now| ops::assign(wo, engineer, actor, now))
    }

    /// Updates the service record.
    pub fn update_service(&mut self, id: &DocId, patch: ServicePatch) -> Answer {
        self.edit_wo(id, |wo, actor, _| ops::update_service(wo, patch, actor))
    }

    /// Updates the order's details (priority, fault, items, appointment…).
    pub fn update_order(&mut self, id: &DocId, patch: OrderPatch) -> Answer {
        self.edit_wo(id, |wo, actor, _| ops::update_order(wo, patch, actor))
    }

    /// Adds a note (or an expert's advice).
    pub fn add_note(&mut self, id: &DocId, text: &str) -> Answer {
        self.edit_wo(id, |wo, actor, now| ops::add_note(wo, text, actor, now))
    }

    /// Asks technical expert `expert` (a user name) for advice on the
    /// order: the office or its engineer.
    pub fn ask_expert(&mut self, id: &DocId, expert: &str) -> Answer {
        self.edit_wo(id, |wo, actor, _| ops::ask_expert(wo, expert, actor))
    }

    /// Overrides the computed charge, with a written reason.
    pub fn set_charge_override(&mut self, id: &DocId, amount_fen: i64, reason: &str) -> Answer {
        self.edit_wo(id, |wo, actor, now| {
            ops::set_charge_override(wo, amount_fen, reason, actor, now)
        })
    }

    /// Issues loaner equipment.
    pub fn issue_loaner(&mut self, id: &DocId, model: &str, serial: &str) -> Answer {
        self.edit_wo(id, |wo, actor, now| {
            ops::issue_loaner(wo, model, serial, actor, now)
        })
    }

    /// Records the loaner's return.
    pub fn return_loaner(&mut self, id: &DocId) -> Answer {
        self.edit_wo(id, ops::return_loaner)
    }

    /// Captures the customer's sign-off: the order and its pickups are read
    /// in the same transaction, the charges shown are frozen into it.
    pub fn sign(&mut self, id: &DocId, input: SignInput) -> Answer {
        Self::ensure_kind(id, DocKind::WorkOrder)?;
        let mut ids = vec![id.clone()];
        ids.extend(
            self.store
                .list_pickups(Some(id), None)?
                .into_iter()
                .map(|p| p.id),
        );
        let (actor, now, cfg) = (self.actor.clone(), self.now(), self.cfg().clone());
        let signed = self.store.transact(Vec::new(), &ids, |docs, reader| {
            let (wo_doc, pickup_docs) = docs.split_first_mut().expect("the work order");
            let mut wo: WorkOrder = doc::read(&*wo_doc, DocKind::WorkOrder)?;
            may_see(&actor, &wo)?;
            let contract = contract_of(&wo, |cid| reader.load(cid))?;
            let tier = tier_of(&wo, &cfg);
            let terms = terms_of(contract.as_ref(), &wo, &cfg);
            let pickups = pickup_docs
                .iter()
                .map(|d| doc::read::<Pickup, _>(d, DocKind::Pickup))
                .collect::<Result<Vec<_>, _>>()?;
            let charges = charges_for(&wo, tier, terms, &cfg);
            ops::sign(&mut wo, input, &charges, &pickups, &cfg.ink, &actor, now)?;
            doc::write(wo_doc, &wo)?;
            Ok::<_, ApiError>(Edited {
                terms: terms_of(contract.as_ref(), &wo, &cfg),
                conflicts: field_conflicts(&*wo_doc),
                wo,
            })
        })?;
        signed.into_view(self)
    }
}
