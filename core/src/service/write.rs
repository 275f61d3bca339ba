//! Writes on a work order: create (numbered from the device slot and its
//! own sequence), lifecycle actions, assignment, the service record and
//! order details, notes, the charge override, loaners and the customer's
//! sign-off. Each is one store transaction and returns the fresh view.

use chrono::Datelike;

use super::derive::{charges_for, field_conflicts, tier_of};
use super::read::{contract_of, terms_of};
use super::views::WorkOrderView;
use super::{may_see, ApiError, Device, Edited};
use crate::customers::{self, EquipmentInput};
use crate::doc;
use crate::model::{work_order_number, Customer, DocId, DocKind, OrderKind, Pickup, WorkOrder};
use crate::ops::{self, NewWorkOrder, OrderPatch, ServicePatch, SignInput};
use crate::rules::localtime::local_date;
use crate::rules::state::{Action, Role};
use crate::store::meta_keys;

/// What an edit of one order answers: its fresh view.
type Answer = Result<WorkOrderView, ApiError>;

impl Device {
    /// Creates a work order (office only). When `customer_id` names a
    /// stored customer, empty customer fields are filled from it, and
    /// equipment with one of its serial numbers is taken as stored (model,
    /// acceptance date, original end user, contract, site): the warranty
    /// tier of the call comes from the stored acceptance date. With
    /// `save_equipment`, an instrument the customer does not have yet is
    /// added to it in the same transaction.
    pub fn create_work_order(&mut self, input: NewWorkOrder) -> Answer {
        if self.actor.role != Role::Office {
            return Err(ApiError::forbidden("only the office creates work orders"));
        }
        let now = self.now();
        let mut input = input;
        let customer = match &input.customer_id {
            Some(cid) => Some(self.read_doc::<Customer>(cid, DocKind::Customer)?),
            None => None,
        };
        if let Some(c) = &customer {
            complete_from_customer(c, &mut input);
            // A contract call: a repair on equipment under a contract that
            // covers the call's day.
            if input.contract_id.is_none() && input.order_kind == OrderKind::Repair {
                let at = input.reported_at.map_or(now, |t| t.0);
                input.contract_id = self.covering_contract(&c.id, &input.equipment.serial, at)?;
            }
        }
        input.validate(now)?;
        let to_save = customer.filter(|_| input.save_equipment);
        let new_equipment = match &to_save {
            Some(c) => self.equipment_to_save(c, &input)?,
            None => None,
        };
        let number = self.next_number()?;
        let wo = ops::new_work_order(input, number, &self.actor.name, now);
        let mut am = self.new_doc(DocKind::WorkOrder, &wo)?;
        match (to_save, new_equipment) {
            (Some(c), Some(e)) => {
                let (actor, today) = (self.actor.clone(), self.today());
                self.store
                    .transact(vec![(wo.id.clone(), am)], &[c.id], |docs, _| {
                        let mut c: Customer = doc::read(&docs[0], DocKind::Customer)?;
                        customers::ops::add_equipment(&mut c, e, &actor, today)?;
                        doc::write(&mut docs[0], &c)?;
                        Ok::<_, ApiError>(())
                    })?;
            }
            _ => self.store.create_doc(&wo.id, &mut am)?,
        }
        let terms = self.terms_for(&wo)?;
        self.view_from(wo, vec![], terms)
    }

    /// The instrument of a new order to add to customer `c` (at the site
    /// the call names), checked as the customer screen checks it; `None`
    /// when `c` already has it.
    fn equipment_to_save(
        &self,
        c: &Customer,
        input: &NewWorkOrder,
    ) -> Result<Option<EquipmentInput>, ApiError> {
        let e = &input.equipment;
        let new = EquipmentInput {
            serial: e.serial.clone(),
            model: e.model.clone(),
            accepted_on: e.accepted_on,
            original_end_user: e.original_end_user,
            contract_id: None,
            // The site the call names, when it is one of the customer's.
            site_id: customers::sites_of(c)
                .into_iter()
                .find(|s| !s.address.is_empty() && s.address == input.customer.site_address.trim())
                .map(|s| s.id),
        };
        let mut scratch = c.clone();
        customers::ops::add_equipment(&mut scratch, new.clone(), &self.actor, self.today())?;
        Ok((scratch.equipment.len() > c.equipment.len()).then_some(new))
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

/// Fills what the office left empty on a new order from customer `c`, and
/// takes the equipment as stored when `c` has its serial number.
fn complete_from_customer(c: &Customer, input: &mut NewWorkOrder) {
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
    let serial = input.equipment.serial.trim().to_lowercase();
    let Some(stored) = c
        .equipment
        .iter()
        .find(|e| !serial.is_empty() && e.serial.trim().to_lowercase() == serial)
    else {
        return;
    };
    let e = &mut input.equipment;
    e.serial.clone_from(&stored.serial);
    if !stored.model.is_empty() {
        e.model.clone_from(&stored.model);
    }
    e.accepted_on = stored.accepted_on;
    e.original_end_user = stored.original_end_user;
    if input.contract_id.is_none() {
        input.contract_id.clone_from(&stored.contract_id);
    }
    let site = customers::sites_of(c)
        .into_iter()
        .find(|s| Some(&s.id) == stored.site_id.as_ref());
    if let Some(site) = site {
        if !site.address.is_empty() {
            input.customer.site_address = site.address;
        }
    }
}
