//! What the office does with follow-ups, surveys and visits, as pure
//! functions over the typed documents (the acting user and the time passed
//! in): the follow-up a closed order gets, recording a follow-up, planning
//! a visit, recording a survey, and what each of them moves on the customer
//! (`last_survey_at`, `last_visit_at`). The service facade
//! (`service::followups`) loads and stores the documents in one
//! transaction.

use std::ops::RangeInclusive;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::model::{
    FollowUp, FollowUpChannel, FollowUpOrigin, FollowUpOutcome, FollowUpRecord, Survey,
};
use crate::model::{Customer, CustomerInfo, Day, DocId, DocKind, Ts, WorkOrder};
use crate::ops::Actor;
use crate::rules::localtime::local_date;

/// The satisfaction scale, as on the sign-off.
pub const SATISFACTION: RangeInclusive<i64> = 1..=5;

/// The longest remarks, in characters (as a work-order note).
pub const REMARKS_MAX_CHARS: usize = 2000;

/// Why the office's follow-up, survey or visit was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CareError {
    /// Only the office handles follow-ups, surveys and visits.
    #[error("only the office may {0}")]
    OfficeOnly(String),
    /// The follow-up was recorded before.
    #[error("the follow-up {what} was already recorded on {at} by {by}")]
    AlreadyRecorded {
        /// The order's number, or the customer's organisation.
        what: String,
        /// When it was recorded.
        at: Ts,
        /// By whom.
        by: String,
    },
    /// A satisfaction outside 1–5.
    #[error("the satisfaction must be 1 to 5, not {0}")]
    Satisfaction(i64),
    /// Remarks over [`REMARKS_MAX_CHARS`].
    #[error("the remarks are {0} characters long; at most {REMARKS_MAX_CHARS} are allowed")]
    RemarksTooLong(usize),
    /// A follow-up or survey dated after now.
    #[error("a follow-up or survey cannot be dated in the future ({0})")]
    InFuture(Ts),
    /// A visit planned for a day already past.
    #[error("a visit cannot be planned for a day already past ({0})")]
    PlannedInPast(Day),
    /// The document names another customer than the one given.
    #[error("{0}")]
    Mismatch(String),
}

/// The id of the follow-up of work order `work_order`: `followup:` and the
/// order's own ULID. Derived, not drawn: two office devices that close the
/// same order offline make the same document, which merges into one.
pub fn follow_up_id(work_order: &DocId) -> DocId {
    let suffix = work_order
        .as_str()
        .split_once(':')
        .map_or(work_order.as_str(), |(_, rest)| rest);
    DocId::with_suffix(DocKind::FollowUp, suffix)
}

/// Refuses anyone but the office.
pub fn ensure_office(actor: &Actor, what: &str) -> Result<(), CareError> {
    actor.ensure_office(|_| CareError::OfficeOnly(what.to_owned()))
}

/// The follow-up task of work order `wo`, closed by `by` at `now`: a phone
/// call to the customer recorded on the order, open.
pub fn for_closed_order(wo: &WorkOrder, by: &str, now: DateTime<Utc>) -> FollowUp {
    FollowUp {
        id: follow_up_id(&wo.id),
        origin: FollowUpOrigin::ClosedOrder,
        work_order_id: Some(wo.id.clone()),
        wo_number: wo.number.clone(),
        customer_id: wo.customer_id.clone(),
        customer: wo.customer.clone(),
        channel: FollowUpChannel::Phone,
        planned_on: None,
        created_at: now.into(),
        created_by: by.to_owned(),
        record: None,
    }
}

/// What the office enters when it records a follow-up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RecordFollowUp {
    /// How it was done.
    pub channel: FollowUpChannel,
    /// What it found.
    pub outcome: FollowUpOutcome,
    /// The customer's satisfaction, 1–5.
    pub satisfaction: i64,
    /// Remarks (may be empty).
    #[serde(default)]
    pub remarks: String,
    /// When it took place; `None`: now.
    #[serde(default)]
    pub at: Option<Ts>,
}

/// Records follow-up `fu` (office only): refused when it was recorded
/// before, with a satisfaction outside 1–5, remarks too long, or a time in
/// the future.
pub fn record(
    fu: &mut FollowUp,
    input: RecordFollowUp,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), CareError> {
    ensure_office(actor, "record a follow-up")?;
    if let Some(r) = &fu.record {
        return Err(CareError::AlreadyRecorded {
            what: what_of(fu),
            at: r.at,
            by: r.by.clone(),
        });
    }
    check_satisfaction(input.satisfaction)?;
    let remarks = remarks(&input.remarks)?;
    let at = not_future(input.at, now)?;
    fu.record = Some(FollowUpRecord {
        channel: input.channel,
        outcome: input.outcome,
        satisfaction: input.satisfaction,
        remarks,
        at,
        by: actor.name.clone(),
    });
    Ok(())
}

/// The order's number, or for a planned visit the customer's organisation.
fn what_of(fu: &FollowUp) -> String {
    match fu.wo_number.is_empty() {
        true => fu.customer.org.clone(),
        false => fu.wo_number.clone(),
    }
}

/// What the office enters when it plans a visit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PlanVisit {
    /// The customer to visit.
    pub customer_id: DocId,
    /// The day planned.
    pub planned_on: Day,
}

/// A visit to `customer` on `input.planned_on` (office only; not a day
/// already past in `tz`): an open follow-up on site, document `id` (a
/// fresh `followup:` id).
pub fn plan_visit(
    id: DocId,
    customer: &Customer,
    input: &PlanVisit,
    actor: &Actor,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<FollowUp, CareError> {
    ensure_office(actor, "plan a visit")?;
    same_customer(customer, &input.customer_id)?;
    if input.planned_on.0 < local_date(now, tz) {
        return Err(CareError::PlannedInPast(input.planned_on));
    }
    Ok(FollowUp {
        id,
        origin: FollowUpOrigin::PlannedVisit,
        work_order_id: None,
        wo_number: String::new(),
        customer_id: Some(customer.id.clone()),
        customer: info_of(customer),
        channel: FollowUpChannel::OnSite,
        planned_on: Some(input.planned_on),
        created_at: now.into(),
        created_by: actor.name.clone(),
        record: None,
    })
}

/// What the office enters when it records a survey.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NewSurvey {
    /// The customer surveyed.
    pub customer_id: DocId,
    /// The customer's satisfaction, 1–5.
    pub satisfaction: i64,
    /// Remarks (may be empty).
    #[serde(default)]
    pub remarks: String,
    /// When the customer was surveyed; `None`: now.
    #[serde(default)]
    pub surveyed_at: Option<Ts>,
}

/// A survey of `customer` (office only), document `id` (a fresh `survey:`
/// id); refused with a satisfaction outside 1–5, remarks too long or a time
/// in the future.
pub fn new_survey(
    id: DocId,
    customer: &Customer,
    input: NewSurvey,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Survey, CareError> {
    ensure_office(actor, "record a survey")?;
    same_customer(customer, &input.customer_id)?;
    check_satisfaction(input.satisfaction)?;
    Ok(Survey {
        id,
        customer_id: customer.id.clone(),
        org: customer.org.clone(),
        surveyed_at: not_future(input.surveyed_at, now)?,
        satisfaction: input.satisfaction,
        remarks: remarks(&input.remarks)?,
        by: actor.name.clone(),
        recorded_at: now.into(),
    })
}

/// Moves the customer's last survey to `at` unless it records a later one
/// (a survey entered late never moves the date back). Returns whether it
/// changed.
pub fn note_survey(customer: &mut Customer, at: Ts) -> bool {
    later(&mut customer.last_survey_at, at)
}

/// Moves the customer's last visit to `at` (an on-site follow-up or a
/// planned visit done), unless it records a later one. Returns whether it
/// changed.
pub fn note_visit(customer: &mut Customer, at: Ts) -> bool {
    later(&mut customer.last_visit_at, at)
}

/// Whether a recorded follow-up counts as a visit to its customer: it was
/// done on site.
pub fn counts_as_visit(fu: &FollowUp) -> bool {
    fu.record
        .as_ref()
        .is_some_and(|r| r.channel == FollowUpChannel::OnSite)
}

/// The checks every stored follow-up and survey passes, on the device and
/// in the server's write rules: a satisfaction of 1–5 once recorded.
pub fn validate_follow_up(fu: &FollowUp) -> Result<(), CareError> {
    match &fu.record {
        Some(r) => check_satisfaction(r.satisfaction),
        None => Ok(()),
    }
}

/// [`validate_follow_up`] for a survey.
pub fn validate_survey(s: &Survey) -> Result<(), CareError> {
    check_satisfaction(s.satisfaction)
}

fn later(field: &mut Option<Ts>, at: Ts) -> bool {
    if field.is_some_and(|old| old >= at) {
        return false;
    }
    *field = Some(at);
    true
}

fn check_satisfaction(n: i64) -> Result<(), CareError> {
    match SATISFACTION.contains(&n) {
        true => Ok(()),
        false => Err(CareError::Satisfaction(n)),
    }
}

fn remarks(text: &str) -> Result<String, CareError> {
    let text = text.trim();
    let n = text.chars().count();
    match n > REMARKS_MAX_CHARS {
        true => Err(CareError::RemarksTooLong(n)),
        false => Ok(text.to_owned()),
    }
}

fn not_future(at: Option<Ts>, now: DateTime<Utc>) -> Result<Ts, CareError> {
    match at {
        Some(t) if t.0 > now => Err(CareError::InFuture(t)),
        Some(t) => Ok(t),
        None => Ok(now.into()),
    }
}

fn same_customer(customer: &Customer, id: &DocId) -> Result<(), CareError> {
    match &customer.id == id {
        true => Ok(()),
        false => Err(CareError::Mismatch(format!(
            "the customer document is {}, not {id}",
            customer.id
        ))),
    }
}

/// Whom to visit: the customer document's details.
fn info_of(c: &Customer) -> CustomerInfo {
    CustomerInfo {
        org: c.org.clone(),
        site_address: c.site_address.clone(),
        contact: c.contact.clone(),
        phone: c.phone.clone(),
    }
}

#[cfg(test)]
mod tests;
