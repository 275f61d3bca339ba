//! The office's follow-up screen (`crate::followups`): closing an order
//! with its follow-up task, the open and recorded follow-ups, recording
//! one, the customers whose yearly survey or visit is due, recording a
//! survey and planning a visit. Every write is one store transaction with
//! what it moves on the customer (`last_survey_at`, `last_visit_at`).
//! Office only: other roles are refused (`forbidden`) and never hold the
//! documents anyway.

use std::collections::BTreeMap;

use automerge::AutoCommit;

use super::views::WorkOrderView;
use super::{ensure_seal_kept, ApiError, Device, Edited, ErrorCode};
use crate::doc;
use crate::followups::ops::{self, follow_up_id};
use crate::followups::query::{self, Duty};
use crate::followups::{
    CareError, DueFilter, DueItem, DuePage, FollowUp, FollowUpFilter, FollowUpItem, FollowUpPage,
    NewSurvey, PlanVisit, RecordFollowUp, Survey,
};
use crate::model::{Customer, DocId, DocKind, WorkOrder};
use crate::rules::localtime::local_date;
use crate::rules::state::Action;
use crate::rules::yearly::{listed_until, yearly_due};

use super::read::DEFAULT_PAGE;

impl From<CareError> for ApiError {
    fn from(e: CareError) -> Self {
        let code = match e {
            CareError::OfficeOnly(_) => ErrorCode::Forbidden,
            CareError::AlreadyRecorded { .. } => ErrorCode::AlreadyExists,
            CareError::Satisfaction(_)
            | CareError::RemarksTooLong(_)
            | CareError::InFuture(_)
            | CareError::PlannedInPast(_)
            | CareError::Mismatch(_) => ErrorCode::Invalid,
        };
        ApiError::new(code, e.to_string())
    }
}

impl Device {
    /// The office closes work order `id`: the order moves to `closed` and
    /// its follow-up task (`followup:<the order's ULID>`, a phone call) is
    /// created in the same transaction. When this device already holds that
    /// follow-up (another office device closed the order and it arrived
    /// first), it is kept as it is: one order, one follow-up.
    pub(super) fn close_order(&mut self, id: &DocId) -> Result<WorkOrderView, ApiError> {
        Self::ensure_kind(id, DocKind::WorkOrder)?;
        let fid = follow_up_id(id);
        let held = crate::store::docs::exists(self.store.conn(), fid.as_str())
            .map_err(crate::store::StoreError::from)?;
        let new = match held {
            true => vec![],
            false => vec![(fid, AutoCommit::new())],
        };
        let (actor, now, cfg) = (self.actor.clone(), self.now(), self.cfg().clone());
        let maker = self.doc_maker();
        let closed = self
            .store
            .transact(new, std::slice::from_ref(id), |docs, reader| {
                let mut wo: WorkOrder = doc::read(&docs[0], DocKind::WorkOrder)?;
                let before = wo.clone();
                crate::ops::apply_action(&mut wo, Action::Close, &actor, now)?;
                ensure_seal_kept(&before, &wo)?;
                doc::write(&mut docs[0], &wo)?;
                if let Some(slot) = docs.get_mut(1) {
                    let fu = ops::for_closed_order(&wo, &actor.name, now);
                    *slot = maker.create(DocKind::FollowUp, &fu)?;
                }
                Edited::of(wo, &docs[0], reader, &cfg)
            })?;
        closed.into_view(self)
    }

    /// One page of the follow-ups (open ones oldest first, recorded ones
    /// newest first) and the number of all of them. Office only.
    pub fn follow_up_page(&self, filter: FollowUpFilter) -> Result<FollowUpPage, ApiError> {
        ops::ensure_office(&self.actor, "read the follow-ups")?;
        let mut filter = filter;
        filter.page = filter.page.or_length(DEFAULT_PAGE);
        let conn = self.store.conn();
        let total = query::count_follow_ups(conn, &filter).map_err(store_err)?;
        let directory = self.directory();
        let items = query::follow_ups(conn, &filter)
            .map_err(store_err)?
            .into_iter()
            .map(|fu| self.follow_up_item(fu, &directory))
            .collect();
        Ok(FollowUpPage { items, total })
    }

    /// Records follow-up `id` (office only): outcome, satisfaction 1–5,
    /// remarks, when it took place. One done on site also moves its
    /// customer's `last_visit_at` (a key customer's yearly visit), in the
    /// same transaction. `already_exists` when it was recorded before.
    pub fn record_follow_up(
        &mut self,
        id: &DocId,
        input: RecordFollowUp,
    ) -> Result<FollowUpItem, ApiError> {
        ops::ensure_office(&self.actor, "record a follow-up")?;
        Self::ensure_kind(id, DocKind::FollowUp)?;
        let conn = self.store.conn();
        let customer = match query::follow_up_row(conn, id).map_err(store_err)? {
            Some(FollowUp {
                customer_id: Some(c),
                ..
            }) if query::has_customer(conn, &c).map_err(store_err)? => Some(c),
            _ => None,
        };
        let mut ids = vec![id.clone()];
        ids.extend(customer);
        let (actor, now) = (self.actor.clone(), self.now());
        let recorded = self.store.edit(&ids, |docs| {
            let mut fu: FollowUp = doc::read(&docs[0], DocKind::FollowUp)?;
            ops::record(&mut fu, input, &actor, now)?;
            doc::write(&mut docs[0], &fu)?;
            if let (Some(cdoc), Some(r)) = (docs.get_mut(1), &fu.record) {
                let mut c: Customer = doc::read(&*cdoc, DocKind::Customer)?;
                if ops::counts_as_visit(&fu)
                    && fu.customer_id.as_ref() == Some(&c.id)
                    && ops::note_visit(&mut c, r.at)
                {
                    doc::write(cdoc, &c)?;
                }
            }
            Ok::<_, ApiError>(fu)
        })?;
        Ok(self.follow_up_item(recorded, &self.directory()))
    }

    /// Plans a visit to a customer (office only): an open follow-up on
    /// site for the day given, listed with the open follow-ups and beside
    /// the key customer in the visits due; recording it counts as the visit.
    pub fn plan_visit(&mut self, input: PlanVisit) -> Result<FollowUpItem, ApiError> {
        ops::ensure_office(&self.actor, "plan a visit")?;
        Self::ensure_kind(&input.customer_id, DocKind::Customer)?;
        let fid = DocId::new(DocKind::FollowUp);
        let (actor, now, tz) = (self.actor.clone(), self.now(), self.cfg().tz);
        let maker = self.doc_maker();
        let new = vec![(fid.clone(), AutoCommit::new())];
        let planned = self.store.transact(new, &[], |docs, reader| {
            let am = reader
                .load(&input.customer_id)?
                .ok_or_else(|| ApiError::not_found(&input.customer_id))?;
            let c: Customer = doc::read(&am, DocKind::Customer)?;
            let fu = ops::plan_visit(fid, &c, &input, &actor, now, tz)?;
            docs[0] = maker.create(DocKind::FollowUp, &fu)?;
            Ok::<_, ApiError>(fu)
        })?;
        Ok(self.follow_up_item(planned, &self.directory()))
    }

    /// One page of the customers whose yearly survey is due: never
    /// surveyed first, then overdue, due today and due within the days
    /// listed ahead, earliest first. Office only.
    pub fn survey_due_page(&self, filter: DueFilter) -> Result<DuePage, ApiError> {
        self.due_page(Duty::Survey, filter)
    }

    /// One page of the key customers whose yearly visit is due, in the
    /// order of [`Device::survey_due_page`], each with the visit planned
    /// for it, if any. Office only.
    pub fn visit_due_page(&self, filter: DueFilter) -> Result<DuePage, ApiError> {
        self.due_page(Duty::Visit, filter)
    }

    fn due_page(&self, duty: Duty, filter: DueFilter) -> Result<DuePage, ApiError> {
        ops::ensure_office(&self.actor, "read the surveys and visits due")?;
        let mut filter = filter;
        filter.page = filter.page.or_length(DEFAULT_PAGE);
        let (now, tz) = (self.now(), self.cfg().tz);
        let until = listed_until(now, tz);
        let conn = self.store.conn();
        let total = query::count_due(conn, duty, until).map_err(store_err)?;
        let items = query::due(conn, duty, until, &filter)
            .map_err(store_err)?
            .into_iter()
            .map(|row| {
                let c = row.customer;
                let last_at = match duty {
                    Duty::Survey => c.last_survey_at,
                    Duty::Visit => c.last_visit_at,
                };
                DueItem {
                    due: yearly_due(last_at.map(|t| t.0), tz, now),
                    customer_id: c.id,
                    org: c.org,
                    key_customer: c.key_customer,
                    last_at,
                    planned_on: row.planned_on.filter(|_| duty == Duty::Visit),
                }
            })
            .collect();
        Ok(DuePage { items, total })
    }

    /// Records a satisfaction survey of a customer (office only) and moves
    /// the customer's `last_survey_at` to it (never back), in one
    /// transaction.
    pub fn record_survey(&mut self, input: NewSurvey) -> Result<Survey, ApiError> {
        ops::ensure_office(&self.actor, "record a survey")?;
        Self::ensure_kind(&input.customer_id, DocKind::Customer)?;
        let sid = DocId::new(DocKind::Survey);
        let (actor, now) = (self.actor.clone(), self.now());
        let maker = self.doc_maker();
        let ids = [input.customer_id.clone()];
        let new = vec![(sid.clone(), AutoCommit::new())];
        let survey = self.store.transact(new, &ids, |docs, _| {
            let mut c: Customer = doc::read(&docs[0], DocKind::Customer)?;
            let s = ops::new_survey(sid, &c, input, &actor, now)?;
            if ops::note_survey(&mut c, s.surveyed_at) {
                doc::write(&mut docs[0], &c)?;
            }
            docs[1] = maker.create(DocKind::Survey, &s)?;
            Ok::<_, ApiError>(s)
        })?;
        Ok(survey)
    }

    /// A follow-up as the list shows it: its age in local days and the
    /// people it names.
    fn follow_up_item(&self, fu: FollowUp, directory: &BTreeMap<String, String>) -> FollowUpItem {
        let tz = self.cfg().tz;
        let age_days = (local_date(self.now(), tz) - local_date(fu.created_at.0, tz))
            .num_days()
            .max(0);
        let people = std::iter::once(&fu.created_by)
            .chain(fu.record.as_ref().map(|r| &r.by))
            .map(|login| {
                let name = directory.get(login).unwrap_or(login).clone();
                (login.clone(), name)
            })
            .collect();
        FollowUpItem {
            follow_up: fu,
            age_days,
            people,
        }
    }
}

fn store_err(e: rusqlite::Error) -> ApiError {
    crate::store::StoreError::from(e).into()
}

#[cfg(test)]
mod tests;
