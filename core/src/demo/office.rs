//! The office's demo data ([`super::office_data`]) driven through the ops:
//! the customers' past surveys and visits and a planned visit; orders the
//! engineers visited and the customers signed, which the office closes
//! once the sync server has filed them; complaints at their steps.
//!
//! Only the sync server files a signed record, so a fresh seed cannot hold
//! closed orders: [`signed_orders`] makes them signed with the seed,
//! [`close_filed`] closes them (with their follow-up tasks, some already
//! called) after the first sync brought the server's filing receipts back.
//! Orders the table closed last month are closed on that day; the
//! server's receipt stays the day of the seeding (a demo's shortcut, see
//! `docs/decisions.md`).

use automerge::AutoCommit;
use chrono::{DateTime, Days, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;

use super::data::path_to;
use super::office_data::{When, CARE, CLOSED, COMPLAINTS, PLANNED_VISIT};
use super::{new_order, sign_order, Stock};
use crate::complaints::ops as complaint_ops;
use crate::complaints::{NewComplaint, StepInput, STEP_ORDER};
use crate::doc;
use crate::followups::ops::{self as care_ops, follow_up_id};
use crate::followups::{FollowUpChannel, NewSurvey, PlanVisit, RecordFollowUp};
use crate::model::{Complaint, Customer, Day, DocId, DocKind, WorkOrder};
use crate::ops::{self, Actor, ServicePatch};
use crate::rules::complaints::{month_bounds, month_of, previous_month};
use crate::rules::localtime::{local_date, local_instant};
use crate::rules::state::{Action, Role, Status};
use crate::service::{ApiError, Device, NewDoc};
use crate::store::WoFilter;

/// The office, as the demo's documents name it.
fn office() -> Actor {
    Actor::new("office", Role::Office)
}

/// The instant `w` stands for, seeded at `now` in `tz`.
pub(super) fn at(w: When, now: DateTime<Utc>, tz: Tz) -> DateTime<Utc> {
    match w {
        When::LastMonth(day, hour, minute) => {
            let (y, m) = previous_month(now, tz);
            let date = NaiveDate::from_ymd_opt(y, m, day).expect("days 1–28 exist in every month");
            let time = NaiveTime::from_hms_opt(hour, minute, 0).expect("a time of day");
            local_instant(date, time, tz)
        }
        When::ThisMonth(hours) => {
            let (y, m) = month_of(now, tz);
            let start = month_bounds(y, m, tz).0;
            (now - Duration::hours(hours)).max(start + (now - start) / 2)
        }
        When::Now => now,
    }
}

/// Local 10:00, `months` and `days` before `now`'s day.
fn ago(now: DateTime<Utc>, tz: Tz, (months, days): (u32, i64)) -> DateTime<Utc> {
    let day = super::data::months_before(local_date(now, tz), months) - Duration::days(days);
    local_instant(day, NaiveTime::from_hms_opt(10, 0, 0).expect("10:00"), tz)
}

/// The customers' last surveys (each a survey document) and visits, and
/// the planned visit: the documents to create beside the customers, which
/// this updates.
pub(super) fn care(
    maker: &NewDoc,
    custs: &mut [Customer],
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<Vec<(DocId, AutoCommit)>, ApiError> {
    let mut docs = Vec::new();
    for (c, (survey, visit)) in custs.iter_mut().zip(CARE) {
        if let Some((months, days, satisfaction, remarks)) = survey {
            let when = ago(now, tz, (months, days));
            let input = NewSurvey {
                customer_id: c.id.clone(),
                satisfaction,
                remarks: remarks.into(),
                surveyed_at: Some(when.into()),
            };
            let s = care_ops::new_survey(DocId::new(DocKind::Survey), c, input, &office(), when)?;
            care_ops::note_survey(c, s.surveyed_at);
            docs.push((s.id.clone(), maker.create(DocKind::Survey, &s)?));
        }
        if let Some(v) = visit {
            care_ops::note_visit(c, ago(now, tz, v).into());
        }
    }
    let (ci, days) = PLANNED_VISIT;
    let c = &custs[ci];
    let input = PlanVisit {
        customer_id: c.id.clone(),
        planned_on: Day(local_date(now, tz) + Days::new(days)),
    };
    let fu = care_ops::plan_visit(DocId::new(DocKind::FollowUp), c, &input, &office(), now, tz)?;
    docs.push((fu.id.clone(), maker.create(DocKind::FollowUp, &fu)?));
    Ok(docs)
}

/// The orders of [`CLOSED`], in its order: visited, resolved and signed
/// by their engineer (two days before the closing for last month's, a
/// day before the seeding for this month's); the parts a visit lists
/// picked from `stock` on site and used before resolving.
pub(super) fn signed_orders(
    device: &mut Device,
    custs: &[Customer],
    stock: &mut Stock,
    now: DateTime<Utc>,
) -> Result<Vec<WorkOrder>, ApiError> {
    let tz = device.cfg().tz;
    let mut out = Vec::new();
    for s in &CLOSED {
        let reported = match s.closed {
            When::Now => now - Duration::hours(28),
            w => at(w, now, tz) - Duration::days(2),
        };
        let mut wo = new_order(
            device,
            &custs[s.customer],
            s.equipment,
            s.priority,
            s.fault,
            reported,
            true,
        )?;
        let step = Duration::minutes(50);
        ops::assign(&mut wo, s.engineer, &office(), reported + step / 5)?;
        let eng = Actor::new(s.engineer, Role::Engineer);
        let steps = path_to("signed");
        for (i, a) in steps.iter().enumerate() {
            if *a == Action::Resolve {
                let work = ServicePatch {
                    work_done: Some(s.visit.work_done.into()),
                    ..Default::default()
                };
                ops::update_service(&mut wo, work, &eng)?;
                let picked = reported + step * (i as i32) + step / 2;
                stock.use_parts(&mut wo, s.visit.parts, &eng, picked)?;
            }
            ops::apply_action(&mut wo, *a, &eng, reported + step * (i as i32 + 1))?;
        }
        let signed_at = reported + step * (steps.len() as i32 + 1);
        sign_order(device, &mut wo, &s.visit, &stock.pickups, &eng, signed_at)?;
        out.push(wo);
    }
    Ok(out)
}

/// The complaints of [`COMPLAINTS`], recorded and carried through their
/// steps by the office; `orders` are [`signed_orders`]' (a complaint's
/// linked order).
pub(super) fn complaints(
    custs: &[Customer],
    orders: &[WorkOrder],
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<Vec<Complaint>, ApiError> {
    let office = office();
    let mut out = Vec::new();
    for s in COMPLAINTS.iter() {
        let received = at(s.received, now, tz);
        let input = NewComplaint {
            delivered_on: s
                .delivered_days_before
                .map(|d| Day(local_date(received - Duration::days(d), tz))),
            received_at: Some(received.into()),
            ..s.form.clone()
        };
        let customer = Some(custs[s.customer].id.clone());
        let order = s.order.map(|i| orders[i].id.clone());
        let mut c = complaint_ops::record(input, customer, order, &office, now)?;
        for (kind, seed) in STEP_ORDER.iter().zip(&s.steps) {
            let step = StepInput {
                step: *kind,
                owner: seed.owner.clone(),
                note: seed.note.clone(),
                at: Some(at(seed.at, now, tz).into()),
            };
            complaint_ops::add_step(&mut c, step, &office, now)?;
        }
        if let Some((when, explanation)) = &s.not_ours {
            complaint_ops::find_not_ours(&mut c, explanation, &office, at(*when, now, tz))?;
        }
        if let Some(when) = s.closed {
            complaint_ops::close(&mut c, &office, at(when, now, tz))?;
        }
        out.push(c);
    }
    Ok(out)
}

/// Closes the filed orders of [`CLOSED`] still open on `device` (its
/// customers are the demo's), each with its follow-up task, recorded when
/// the table says the office called (and that day is not after `now`).
/// One transaction; returns how many it closed.
pub(super) fn close_filed(device: &mut Device, now: DateTime<Utc>) -> Result<u32, ApiError> {
    let tz = device.cfg().tz;
    let filed = device.store.list_work_orders(&WoFilter {
        statuses: Some(vec![Status::Filed]),
        ..Default::default()
    })?;
    let mut todo = Vec::new();
    for row in filed {
        let Some(am) = device.store.load(&row.id)? else {
            continue;
        };
        let wo: WorkOrder = doc::read(&am, DocKind::WorkOrder)?;
        let seed = CLOSED.iter().find(|s| {
            s.fault == wo.fault && wo.customer_id == Some(super::data::customer_id(s.customer))
        });
        if let Some(seed) = seed {
            todo.push((wo.id, seed));
        }
    }
    if todo.is_empty() {
        return Ok(0);
    }
    let ids: Vec<DocId> = todo.iter().map(|(id, _)| id.clone()).collect();
    let slots = ids
        .iter()
        .map(|id| (follow_up_id(id), AutoCommit::new()))
        .collect();
    let office = office();
    let maker = device.doc_maker();
    let n = ids.len();
    device.store.transact(slots, &ids, |docs, _| {
        for (i, (_, seed)) in todo.iter().enumerate() {
            let mut wo: WorkOrder = doc::read(&docs[i], DocKind::WorkOrder)?;
            let closed = at(seed.closed, now, tz);
            ops::apply_action(&mut wo, Action::Close, &office, closed)?;
            doc::write(&mut docs[i], &wo)?;
            let mut fu = care_ops::for_closed_order(&wo, &office.name, closed);
            if let Some(call) = &seed.called {
                let when = closed + Duration::days(call.days_after);
                if when <= now {
                    let input = RecordFollowUp {
                        channel: FollowUpChannel::Phone,
                        outcome: call.outcome,
                        satisfaction: call.satisfaction,
                        remarks: call.remarks.into(),
                        at: Some(when.into()),
                    };
                    care_ops::record(&mut fu, input, &office, now)?;
                }
            }
            docs[n + i] = maker.create(DocKind::FollowUp, &fu)?;
        }
        Ok::<_, ApiError>(())
    })?;
    Ok(n as u32)
}
