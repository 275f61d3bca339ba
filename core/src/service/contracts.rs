//! The office's maintenance contracts (`crate::contracts`): the list, one
//! contract with its planned visits, creating and editing (an earlier end
//! cancels the planned orders it leaves outside, in the same transaction),
//! generating the planned visits (`plan_visits`, idempotent: the orders'
//! ids are derived from contract and period) and ticking a planned order's
//! checklist. Contracts are few: read from their documents, no projection.

use automerge::AutoCommit;

use super::views::WorkOrderView;
use super::{ApiError, Device, ErrorCode};
use crate::contracts::ops::{self, due_periods, not_started, outside_end, planned_order};
use crate::contracts::{
    contract_state, periods, planned_id, ContractEdit, ContractError, ContractRow, ContractState,
    ContractView, NewContract, PlanResult, PlannedVisitRow,
};
use crate::doc;
use crate::model::{Contract, Customer, DocId, DocKind, OrderKind, WorkOrder};
use crate::rules::localtime::local_date;
use crate::rules::state::{Action, Role};
use crate::store::StoreError;

impl From<ContractError> for ApiError {
    fn from(e: ContractError) -> Self {
        let code = match e {
            ContractError::OfficeOnly(_) => ErrorCode::Forbidden,
            ContractError::Invalid(_) => ErrorCode::Invalid,
        };
        ApiError::new(code, e.to_string())
    }
}

impl Device {
    /// Every contract this device holds, by number.
    pub(crate) fn all_contracts(&self) -> Result<Vec<Contract>, ApiError> {
        let mut out = Vec::new();
        for id in self.store.doc_ids(DocKind::Contract)? {
            if let Some(am) = self.store.load(&id)? {
                match doc::read::<Contract, _>(&am, DocKind::Contract) {
                    Ok(c) => out.push(c),
                    Err(e) => tracing::warn!(%id, error = %e, "unreadable contract skipped"),
                }
            }
        }
        out.sort_by(|a, b| a.number.cmp(&b.number).then(a.id.cmp(&b.id)));
        Ok(out)
    }

    /// The contract covering a repair call on `serial` of customer
    /// `customer` on the company's day of `at`: a contract call.
    pub(crate) fn covering_contract(
        &self,
        customer: &DocId,
        serial: &str,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<Option<DocId>, ApiError> {
        let serial = serial.trim();
        if serial.is_empty() {
            return Ok(None);
        }
        let day = local_date(at, self.cfg().tz);
        Ok(self
            .all_contracts()?
            .into_iter()
            .find(|c| {
                &c.customer_id == customer
                    && c.starts_on.0 <= day
                    && day <= c.ends_on.0
                    && c.equipment_serials
                        .iter()
                        .any(|s| s.trim().eq_ignore_ascii_case(serial))
            })
            .map(|c| c.id))
    }

    fn org_of(&self, id: &DocId) -> String {
        self.store
            .load(id)
            .ok()
            .flatten()
            .and_then(|am| doc::read::<Customer, _>(&am, DocKind::Customer).ok())
            .map(|c| c.org)
            .unwrap_or_default()
    }

    /// The contracts (office only), by number; only those in `state`
    /// and of `customer_id` when given.
    pub fn list_contracts(
        &self,
        state: Option<ContractState>,
        customer_id: Option<DocId>,
    ) -> Result<Vec<ContractRow>, ApiError> {
        ops::ensure_office(&self.actor, "read the contracts")?;
        let today = self.today();
        let mut rows = Vec::new();
        for c in self.all_contracts()? {
            let st = contract_state(&c, today);
            if state.is_some_and(|s| s != st)
                || customer_id.as_ref().is_some_and(|k| k != &c.customer_id)
            {
                continue;
            }
            let next_visit = periods(&c)
                .into_iter()
                .find(|p| p.end >= today)
                .map(|p| crate::model::Day(p.start));
            rows.push(ContractRow {
                customer_org: self.org_of(&c.customer_id),
                id: c.id,
                number: c.number,
                customer_id: c.customer_id,
                equipment_serials: c.equipment_serials,
                starts_on: c.starts_on,
                ends_on: c.ends_on,
                state: st,
                next_visit,
            });
        }
        Ok(rows)
    }

    /// One contract with its planned visits held on this device.
    pub fn get_contract(&self, id: &DocId) -> Result<ContractView, ApiError> {
        ops::ensure_office(&self.actor, "read a contract")?;
        let c: Contract = self.read_doc(id, DocKind::Contract)?;
        self.contract_view(c)
    }

    fn contract_view(&self, c: Contract) -> Result<ContractView, ApiError> {
        let mut visits = Vec::new();
        for p in periods(&c) {
            let wid = planned_id(&c.id, p.start);
            let Some(am) = self.store.load(&wid)? else {
                continue;
            };
            let wo: WorkOrder = doc::read(&am, DocKind::WorkOrder)?;
            let window = wo.planned.clone();
            visits.push(PlannedVisitRow {
                work_order_id: wo.id,
                number: wo.number,
                period_start: window
                    .as_ref()
                    .map_or(crate::model::Day(p.start), |w| w.period_start),
                period_end: window.map_or(crate::model::Day(p.end), |w| w.period_end),
                status: wo.status,
                assignee: wo.assignee,
            });
        }
        Ok(ContractView {
            customer_org: self.org_of(&c.customer_id),
            state: contract_state(&c, self.today()),
            contract: c,
            visits,
        })
    }

    /// Creates a contract (office only); its checks name the field.
    pub fn create_contract(&mut self, input: NewContract) -> Result<ContractView, ApiError> {
        ops::ensure_office(&self.actor, "create a contract")?;
        if input.customer_id.kind() != DocKind::Customer {
            return Err(ApiError::invalid(format!(
                "customer_id: {} is not a customer",
                input.customer_id
            )));
        }
        let customer: Customer = self
            .read_doc(&input.customer_id, DocKind::Customer)
            .map_err(|e| match e.code.as_str() {
                "not_found" => {
                    ApiError::invalid(format!("customer_id: {} is not held", input.customer_id))
                }
                _ => e,
            })?;
        let others = self.all_contracts()?;
        let c = ops::create(DocId::new(DocKind::Contract), input, &customer, &others)?;
        let mut am = self.new_doc(DocKind::Contract, &c)?;
        self.store.create_doc(&c.id, &mut am)?;
        self.contract_view(c)
    }

    /// Edits a contract (office only). An earlier end cancels, in the same
    /// transaction, its planned orders whose period starts after the new
    /// end and that have not started (status new or assigned), each with
    /// its history entry.
    pub fn edit_contract(
        &mut self,
        id: &DocId,
        edit: ContractEdit,
    ) -> Result<ContractView, ApiError> {
        ops::ensure_office(&self.actor, "edit a contract")?;
        let old: Contract = self.read_doc(id, DocKind::Contract)?;
        let customer: Customer = self.read_doc(&old.customer_id, DocKind::Customer)?;
        let others = self.all_contracts()?;
        let mut next = old.clone();
        ops::edit(&mut next, edit.clone(), &customer, &others)?;
        let mut ids = vec![id.clone()];
        if next.ends_on < old.ends_on {
            for wid in outside_end(&old, next.ends_on.0) {
                if crate::store::docs::exists(self.store.conn(), wid.as_str())
                    .map_err(StoreError::from)?
                {
                    ids.push(wid);
                }
            }
        }
        let (actor, now) = (self.actor.clone(), self.now());
        let edited = self.store.edit(&ids, |docs| {
            let (cdoc, orders) = docs.split_first_mut().expect("the contract");
            let mut c: Contract = doc::read(&*cdoc, DocKind::Contract)?;
            ops::edit(&mut c, edit, &customer, &others)?;
            doc::write(cdoc, &c)?;
            for am in orders {
                let mut wo: WorkOrder = doc::read(&*am, DocKind::WorkOrder)?;
                if not_started(&wo) {
                    crate::ops::apply_action(&mut wo, Action::Cancel, &actor, now)?;
                    doc::write(am, &wo)?;
                }
            }
            Ok::<_, ApiError>(c)
        })?;
        self.contract_view(edited)
    }

    /// Creates the planned orders due (office only; a no-op elsewhere):
    /// for every contract not ended, the order of each period that has
    /// started and is not over, or starts within the next 30 days, when
    /// this device does not hold it yet. Idempotent; two office devices
    /// doing it offline make the same documents (derived ids, derived
    /// content, one derived Automerge actor: the same change), which merge
    /// into one order each.
    pub fn plan_visits(&mut self) -> Result<PlanResult, ApiError> {
        if self.actor.role != Role::Office {
            return Ok(PlanResult::default());
        }
        let today = self.today();
        let tz = self.cfg().tz;
        let cancelled = self.cancel_outside_ends()?;
        let mut orders = Vec::new();
        for c in self.all_contracts()? {
            if contract_state(&c, today) == ContractState::Ended {
                continue;
            }
            let due = due_periods(&c, today);
            if due.is_empty() {
                continue;
            }
            let Some(am) = self.store.load(&c.customer_id)? else {
                continue;
            };
            let customer: Customer = doc::read(&am, DocKind::Customer)?;
            for p in due {
                let wid = planned_id(&c.id, p.start);
                if !crate::store::docs::exists(self.store.conn(), wid.as_str())
                    .map_err(StoreError::from)?
                {
                    orders.push(planned_order(&c, &customer, p, tz));
                }
            }
        }
        let mut created = Vec::new();
        if !orders.is_empty() {
            let new = orders
                .iter()
                .map(|wo| (wo.id.clone(), AutoCommit::new()))
                .collect();
            self.store.transact(new, &[], |docs, _| {
                for (slot, wo) in docs.iter_mut().zip(&orders) {
                    let actor = ops::planned_actor(&wo.id);
                    *slot = doc::create_identical(DocKind::WorkOrder, wo, actor)?;
                }
                Ok::<_, ApiError>(())
            })?;
            created = orders.into_iter().map(|wo| wo.id).collect();
        }
        Ok(PlanResult { created, cancelled })
    }

    /// Cancels the planned orders, not started, of periods starting after
    /// their contract's end: a contract ended or shortened on another
    /// office device arrives with its orders still open here.
    fn cancel_outside_ends(&mut self) -> Result<Vec<DocId>, ApiError> {
        let contracts = self.all_contracts()?;
        let held: Vec<DocId> = self
            .store
            .doc_ids(DocKind::WorkOrder)?
            .into_iter()
            .filter(|id| id.as_str().starts_with("wo:pm-"))
            .collect();
        let mut ids = Vec::new();
        for c in &contracts {
            for id in &held {
                if ops::planned_start(&c.id, id).is_some_and(|d| d > c.ends_on.0) {
                    let wo: WorkOrder = self.read_doc(id, DocKind::WorkOrder)?;
                    if not_started(&wo) {
                        ids.push(id.clone());
                    }
                }
            }
        }
        if ids.is_empty() {
            return Ok(ids);
        }
        let (actor, now) = (self.actor.clone(), self.now());
        self.store.edit(&ids, |docs| {
            for am in docs.iter_mut() {
                let mut wo: WorkOrder = doc::read(&*am, DocKind::WorkOrder)?;
                crate::ops::apply_action(&mut wo, Action::Cancel, &actor, now)?;
                doc::write(am, &wo)?;
            }
            Ok::<_, ApiError>(())
        })?;
        Ok(ids)
    }

    /// Ticks (or unticks) item `index` of a planned order's checklist: the
    /// engineer on their own order, or the office; not after signing.
    pub fn tick_check_item(
        &mut self,
        id: &DocId,
        index: u32,
        done: bool,
    ) -> Result<WorkOrderView, ApiError> {
        self.edit_wo(id, |wo, actor, _| {
            ops::tick(wo, index as usize, done, actor)
        })
    }
}

/// Whether an order is a contract call: a repair under a contract.
pub fn is_contract_call(wo: &WorkOrder) -> bool {
    wo.contract_id.is_some() && wo.order_kind == OrderKind::Repair
}

#[cfg(test)]
mod tests;
