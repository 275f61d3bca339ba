//! Reads: the work-order lists with their clocks and groups, the list of
//! records to file, and the full work-order view. Lists come from the
//! projections and never open a document; only the view loads one.

use std::collections::BTreeMap;

use automerge::AutoCommit;

use super::derive::{
    buttons, charges_for, contract_terms, display_name, field_conflicts, group, people, sla_input,
    tier_of,
};
use super::views::{FieldConflict, PickupLine, WoFilter, WoListItem, WoPage, WorkOrderView};

/// The page size of [`Device::work_order_page`] when the filter sets no
/// `limit`: a screenful or two of rows.
pub const DEFAULT_PAGE: u32 = 50;
use super::{ApiError, Device};
use crate::model::{Contract, DocId, DocKind, WorkOrder};
use crate::rules::state::{Role, Status};
use crate::rules::RulesConfig;
use crate::rules::{filing_due, sign_blockers, sla_report, ContractTerms, SlaInput};
use crate::signoff;
use crate::store::{StoreError, WoRow};

/// The names and the news a list's rows are shown with.
pub(super) struct ListContext {
    pub(super) directory: BTreeMap<String, String>,
    unopened: std::collections::BTreeSet<String>,
}

impl Device {
    /// Work orders matching `filter`, soonest deadline first. An engineer
    /// only ever sees their own, whatever the filter says.
    pub fn list_work_orders(&self, filter: WoFilter) -> Result<Vec<WoListItem>, ApiError> {
        self.items_with(&self.visible(filter), &self.list_context()?)
    }

    /// The list items `filter` selects (not narrowed further), named and
    /// marked with `ctx`.
    pub(super) fn items_with(
        &self,
        filter: &WoFilter,
        ctx: &ListContext,
    ) -> Result<Vec<WoListItem>, ApiError> {
        self.store
            .list_work_orders(filter)?
            .into_iter()
            .map(|row| self.list_item_named(row, ctx))
            .collect()
    }

    /// What every list row needs beyond its projection row.
    pub(super) fn list_context(&self) -> Result<ListContext, ApiError> {
        Ok(ListContext {
            directory: self.directory(),
            unopened: self.store.unopened_notices(&self.actor.name)?,
        })
    }

    /// `filter` narrowed to what the signed-in user may see: an engineer
    /// only their own orders.
    fn visible(&self, mut filter: WoFilter) -> WoFilter {
        if self.actor.role == Role::Engineer {
            filter.assignee = Some(self.actor.name.clone());
        }
        filter
    }

    /// One page of [`Device::list_work_orders`]: the items `filter.offset`
    /// (default 0) onwards, at most `filter.limit` of them (default
    /// [`DEFAULT_PAGE`]), and the number of all matches. Only the page's
    /// rows are read and get their clocks computed, so the cost does not
    /// grow with the engineer's whole history.
    pub fn work_order_page(&self, filter: WoFilter) -> Result<WoPage, ApiError> {
        let mut filter = self.visible(filter);
        filter.page = filter.page.or_length(DEFAULT_PAGE);
        let total = self.store.count_work_orders(&filter)?;
        let items = self.items_with(&filter, &self.list_context()?)?;
        Ok(WoPage { items, total })
    }

    /// Signed records not yet filed, with their filing deadline.
    pub fn list_to_file(&self) -> Result<Vec<WoListItem>, ApiError> {
        self.list_work_orders(WoFilter {
            statuses: Some(vec![Status::Signed]),
            ..Default::default()
        })
    }

    /// One work order with its tier, charges, clocks, filing deadline,
    /// signature check, buttons, conflicts, pickups and sign blockers.
    pub fn get_work_order(&self, id: &DocId) -> Result<WorkOrderView, ApiError> {
        let (am, wo) = self.load_wo(id)?;
        self.view_of(&am, wo)
    }

    /// Login name → display name, from the staff directory this device
    /// caches ([`crate::account::staff`]); empty before the first fetch, and
    /// in a build without the account (the server's), which shows no
    /// screens. A directory that cannot be read names people by login.
    pub fn directory(&self) -> BTreeMap<String, String> {
        #[cfg(feature = "client")]
        {
            match crate::account::staff::cached_staff(&self.store) {
                Ok(staff) => staff
                    .into_iter()
                    .filter_map(|m| m.display_name.map(|d| (m.user, d)))
                    .collect(),
                Err(e) => {
                    tracing::warn!(error = %e, "staff directory unreadable: login names shown");
                    BTreeMap::new()
                }
            }
        }
        #[cfg(not(feature = "client"))]
        BTreeMap::new()
    }

    pub(super) fn list_item_named(
        &self,
        row: WoRow,
        ctx: &ListContext,
    ) -> Result<WoListItem, ApiError> {
        let now = self.now();
        let input = SlaInput {
            reported_at: row.reported_at.0,
            responded_at: row.responded_at.map(|t| t.0),
            arrived_at: row.arrived_at.map(|t| t.0),
            resolved_at: row.resolved_at.map(|t| t.0),
            visit_needed: row.onsite_due.is_some(),
            loaner_issued: row.loaner_issued,
        };
        let sla = sla_report(&input, self.cfg(), now);
        let filing = row
            .signed_at
            .map(|s| filing_due(s.0, row.filed_at.map(|t| t.0), self.cfg().tz, now));
        Ok(WoListItem {
            group: group(row.status, row.filed_at.is_some(), &sla),
            assignee_display: row
                .assignee
                .as_deref()
                .map(|a| display_name(a, &ctx.directory)),
            is_new: ctx.unopened.contains(row.id.as_str()),
            row,
            sla,
            filing,
        })
    }

    /// The contract terms covering `wo`'s call, if any.
    pub(super) fn terms_for(&self, wo: &WorkOrder) -> Result<Option<ContractTerms>, ApiError> {
        let contract = contract_of(wo, |id| self.store.load(id))?;
        Ok(terms_of(contract.as_ref(), wo, self.cfg()))
    }

    /// The view of a work order loaded as `am`.
    pub(super) fn view_of(
        &self,
        am: &AutoCommit,
        wo: WorkOrder,
    ) -> Result<WorkOrderView, ApiError> {
        let terms = self.terms_for(&wo)?;
        self.view_from(wo, field_conflicts(am), terms)
    }

    /// The view of `wo` from what an edit already read inside its
    /// transaction (its document's conflicts, its contract's terms): the
    /// work order is not loaded again.
    pub(super) fn view_from(
        &self,
        wo: WorkOrder,
        conflicts: Vec<FieldConflict>,
        terms: Option<ContractTerms>,
    ) -> Result<WorkOrderView, ApiError> {
        let now = self.now();
        let tier = tier_of(&wo, self.cfg());
        let charges = charges_for(&wo, tier, terms, self.cfg());
        let pickups: Vec<PickupLine> = self
            .store
            .list_pickups(Some(&wo.id), None)?
            .into_iter()
            .map(PickupLine::from)
            .collect();
        let filing = wo.signoff.as_ref().map(|s| {
            filing_due(
                s.signed_at.0,
                wo.filing.as_ref().map(|f| f.received_at.0),
                self.cfg().tz,
                now,
            )
        });
        let sign_blockers = sign_blockers(
            &pickups
                .iter()
                .map(PickupLine::accounting)
                .collect::<Vec<_>>(),
        );
        let buttons = buttons(&wo, &self.actor, &sign_blockers);
        Ok(WorkOrderView {
            tier,
            charges,
            sla: sla_report(&sla_input(&wo), self.cfg(), now),
            filing,
            signature: signoff::check(&wo),
            allowed_actions: buttons.allowed,
            blocked_actions: buttons.blocked,
            people: people(&wo, &self.directory()),
            conflicts,
            sign_blockers,
            sign_readiness: crate::ops::sign_readiness(&wo, &self.cfg().ink),
            pickups,
            awaiting_restore: self.store.awaiting_restore()?.contains(wo.id.as_str()),
            clock_skew_minutes: self.clock_skew_minutes(&wo.id)?,
            wo,
        })
    }
}

/// The contract `wo` names, read through `load`; `None` when it names none
/// or the contract is not on this device.
pub(super) fn contract_of(
    wo: &WorkOrder,
    load: impl FnOnce(&DocId) -> Result<Option<AutoCommit>, StoreError>,
) -> Result<Option<Contract>, ApiError> {
    let Some(cid) = &wo.contract_id else {
        return Ok(None);
    };
    match load(cid)? {
        Some(am) => Ok(Some(crate::doc::read(&am, DocKind::Contract)?)),
        None => Ok(None),
    }
}

/// The terms of `contract` for `wo`'s call, if it covers it.
pub(super) fn terms_of(
    contract: Option<&Contract>,
    wo: &WorkOrder,
    cfg: &RulesConfig,
) -> Option<ContractTerms> {
    contract.and_then(|c| contract_terms(c, wo, cfg))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::account::staff::{store_staff, StaffMember};
    use crate::clock::FixedClock;
    use crate::ops::{Actor, ServicePatch};
    use crate::rules::state::{Action, Role};
    use crate::service::{BlockReason, BlockedAction, Device, WoFilter};
    use crate::store::Store;
    use crate::testing::samples::{at, part_doc, wo_doc};

    fn device(actor: Actor) -> (Device, crate::model::DocId) {
        let mut store = Store::open_in_memory().unwrap();
        let (id, mut am) = wo_doc("1", Some("yangjinwei"));
        store.create_doc_merging(&id, &mut am).unwrap();
        let clock = Arc::new(FixedClock::new(at("2026-03-02T02:00:00Z").0));
        let dev = Device::new(store, clock, super::RulesConfig::default(), actor).unwrap();
        (dev, id)
    }

    #[test]
    fn screens_name_people_by_the_directory_and_by_login_when_unknown() {
        let (mut dev, id) = device(Actor::new("office", Role::Office));
        let list = dev.list_work_orders(WoFilter::default()).unwrap();
        assert_eq!(list[0].assignee_display.as_deref(), Some("yangjinwei"));
        store_staff(
            &mut dev.store,
            &[StaffMember {
                user: "yangjinwei".into(),
                display_name: Some("杨金伟".into()),
                role: "engineer".into(),
                // Disabled since: still named on the orders they worked on.
                active: false,
            }],
        )
        .unwrap();
        let page = dev.work_order_page(WoFilter::default()).unwrap();
        assert_eq!(page.items[0].assignee_display.as_deref(), Some("杨金伟"));
        let view = dev.get_work_order(&id).unwrap();
        assert_eq!(view.people["yangjinwei"], "杨金伟");
    }

    #[test]
    fn the_view_says_why_sign_is_not_offered() {
        let (mut dev, id) = device(Actor::new("yangjinwei", Role::Engineer));
        let (part_id, mut part) = part_doc("LAMP", 5);
        dev.store.create_doc_merging(&part_id, &mut part).unwrap();
        dev.act(&id, Action::Respond).unwrap();
        dev.pickup_parts(&id, &part_id, 2, vec![], None).unwrap();
        let view = dev.get_work_order(&id).unwrap();
        assert_eq!(
            view.blocked_actions,
            vec![BlockedAction::new(Action::Resolve, BlockReason::NoWorkDone)]
        );
        let patch = ServicePatch {
            work_done: Some("replaced the lamp".into()),
            ..Default::default()
        };
        dev.update_service(&id, patch).unwrap();
        let view = dev.act(&id, Action::Resolve).unwrap();
        assert!(!view.allowed_actions.contains(&Action::Sign));
        let two_parts_open = BlockedAction::new(Action::Sign, BlockReason::PartsOpen { count: 2 });
        assert_eq!(view.blocked_actions, vec![two_parts_open]);
        let json = serde_json::to_value(&view.blocked_actions).unwrap();
        assert_eq!(
            json,
            serde_json::json!([{"action": "sign", "reason": {"kind": "parts_open", "count": 2}}])
        );
    }
}
