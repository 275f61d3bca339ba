//! What the office does to complaints and to the monthly report, as pure
//! functions over the typed documents: record a complaint, take its next
//! step, record that the cause was not ours, close it, submit a month's
//! report. Each checks the role and its input and stamps who and when; a
//! refused operation changes nothing.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::steps::{next_step, steps_done, STEP_ORDER};
use super::views::{NewComplaint, StepInput};
use super::words::step_en;
use crate::model::{
    Complaint, ComplaintReportRecord, ComplaintStep, ComplaintStepKind, DocId, DocKind, NotOurs,
};
use crate::ops::Actor;
use crate::rules::state::Role;
use crate::rules::{report_state, ReportState};

/// Longest text accepted in a complaint's free-text fields, in characters.
pub const MAX_TEXT_CHARS: usize = 4000;

/// A refused complaint operation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ComplaintError {
    /// Complaints and their report are the office's (`forbidden`).
    #[error("complaints are the office's: a {0} may not read or change them")]
    OfficeOnly(Role),
    /// A step out of order (`complaint_step_order`).
    #[error("cannot record the step \"{}\": {}", step_en(*.step), match .expected {
        Some(next) => format!("the next step of this complaint is \"{}\" (steps go confirm → analyse → agree → track)", step_en(*next)),
        None => "all four steps are already done".to_string(),
    })]
    OutOfOrder {
        /// The step asked for.
        step: ComplaintStepKind,
        /// The step that is next, if any.
        expected: Option<ComplaintStepKind>,
    },
    /// Closing before the last step (`complaint_step_order`).
    #[error("cannot close the complaint yet: the step \"{}\" is not done (all four steps come first)", step_en(*.next))]
    NotFinished {
        /// The first step not done.
        next: ComplaintStepKind,
    },
    /// The cause found not ours before the analysis (`complaint_step_order`).
    #[error(
        "the cause can be found not ours only once the complaint is analysed (step \"analyse\")"
    )]
    NotAnalysed,
    /// The complaint is closed (`illegal_transition`).
    #[error("the complaint is closed: it can no longer change")]
    Closed,
    /// The month's report was already submitted (`already_exists`).
    #[error("the complaint report of {0} was already submitted")]
    AlreadySubmitted(String),
    /// The month is not over (`invalid`).
    #[error("the complaint report of {0} cannot be submitted before the month is over")]
    PeriodOpen(String),
    /// Wrong input (`invalid`).
    #[error("{0}")]
    Invalid(String),
}

/// Only the office handles complaints and reports.
pub fn ensure_office(actor: &Actor) -> Result<(), ComplaintError> {
    actor.ensure_office(ComplaintError::OfficeOnly)
}

fn text(value: &str, what: &str, required: bool) -> Result<String, ComplaintError> {
    let t = value.trim();
    if required && t.is_empty() {
        return Err(ComplaintError::Invalid(format!("{what} is required")));
    }
    let n = t.chars().count();
    if n > MAX_TEXT_CHARS {
        return Err(ComplaintError::Invalid(format!(
            "{what} is {n} characters long; at most {MAX_TEXT_CHARS} are allowed"
        )));
    }
    Ok(t.to_string())
}

/// A new complaint from the form, linked to `customer_id` and
/// `work_order_id` (resolved by the caller from the form).
pub fn record(
    input: NewComplaint,
    customer_id: Option<DocId>,
    work_order_id: Option<DocId>,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Complaint, ComplaintError> {
    ensure_office(actor)?;
    if input.quantity < 0 || input.defective_qty < 0 {
        return Err(ComplaintError::Invalid(
            "quantities cannot be negative".into(),
        ));
    }
    if input.quantity > 0 && input.defective_qty > input.quantity {
        return Err(ComplaintError::Invalid(format!(
            "the defective quantity ({}) is more than the quantity ({})",
            input.defective_qty, input.quantity
        )));
    }
    let received_at = input.received_at.unwrap_or_else(|| now.into());
    if received_at.0 > now {
        return Err(ComplaintError::Invalid(
            "a complaint cannot be received in the future".into(),
        ));
    }
    Ok(Complaint {
        id: DocId::new(DocKind::Complaint),
        customer_id,
        class: input.class,
        order_no: text(&input.order_no, "the order number", false)?,
        part_no: text(&input.part_no, "the part number", false)?,
        delivered_on: input.delivered_on,
        quantity: input.quantity,
        defective_qty: input.defective_qty,
        request: text(&input.request, "the customer's request", false)?,
        details: text(&input.details, "what the complaint is about", true)?,
        received_at,
        steps: Vec::new(),
        closed_at: None,
        work_order_id,
        created_by: actor.name.clone(),
        closed_by: String::new(),
        not_ours: None,
    })
}

fn ensure_open(c: &Complaint) -> Result<(), ComplaintError> {
    match c.closed_at {
        Some(_) => Err(ComplaintError::Closed),
        None => Ok(()),
    }
}

/// Takes the complaint's next step. Only the next step in order is
/// accepted, with an owner and a text, at a time not before the previous
/// step (or the complaint's arrival) and not in the future.
pub fn add_step(
    c: &mut Complaint,
    input: StepInput,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), ComplaintError> {
    ensure_office(actor)?;
    ensure_open(c)?;
    let expected = next_step(&c.steps);
    if expected != Some(input.step) {
        return Err(ComplaintError::OutOfOrder {
            step: input.step,
            expected,
        });
    }
    let owner = text(&input.owner, "the step's owner", true)?;
    let note = text(&input.note, "the step's text", true)?;
    let at = input.at.unwrap_or_else(|| now.into());
    if at.0 > now {
        return Err(ComplaintError::Invalid(
            "a step cannot be done in the future".into(),
        ));
    }
    let earliest = super::steps::last_step_at(&c.steps)
        .unwrap_or(c.received_at)
        .max(c.received_at);
    if at < earliest {
        return Err(ComplaintError::Invalid(format!(
            "a step cannot be done before the previous one ({})",
            earliest.to_rfc3339()
        )));
    }
    c.steps.push(ComplaintStep {
        step: input.step,
        owner,
        at,
        note,
    });
    Ok(())
}

/// Records that the cause was not ours, with the explanation given to the
/// customer (replacing an earlier one). Only once the complaint is
/// analysed, and before it is closed.
pub fn find_not_ours(
    c: &mut Complaint,
    explanation: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), ComplaintError> {
    ensure_office(actor)?;
    ensure_open(c)?;
    if steps_done(&c.steps) < 2 {
        return Err(ComplaintError::NotAnalysed);
    }
    c.not_ours = Some(NotOurs {
        explanation: text(explanation, "the explanation to the customer", true)?,
        by: actor.name.clone(),
        at: now.into(),
    });
    Ok(())
}

/// Closes the complaint once all four steps are done.
pub fn close(c: &mut Complaint, actor: &Actor, now: DateTime<Utc>) -> Result<(), ComplaintError> {
    ensure_office(actor)?;
    ensure_open(c)?;
    if let Some(next) = next_step(&c.steps) {
        return Err(ComplaintError::NotFinished { next });
    }
    c.closed_at = Some(now.into());
    c.closed_by = actor.name.clone();
    Ok(())
}

/// `YYYY-MM`.
pub fn month_key(year: i32, month: u32) -> String {
    format!("{year:04}-{month:02}")
}

/// The id of the report record of a month: `complaint_report:<YYYY-MM>`.
pub fn report_id(year: i32, month: u32) -> DocId {
    DocId::with_suffix(DocKind::ComplaintReport, &month_key(year, month))
}

/// The record of submitting the report of `month` of `year` with its
/// figures. Refused before the month is over.
pub fn submit(
    (year, month): (i32, u32),
    (complaints, closed_orders): (u32, u32),
    tz: Tz,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<ComplaintReportRecord, ComplaintError> {
    ensure_office(actor)?;
    if !(1..=12).contains(&month) {
        return Err(ComplaintError::Invalid(format!(
            "month {month} is not 1–12"
        )));
    }
    if report_state(year, month, tz, None, now) == ReportState::PeriodOpen {
        return Err(ComplaintError::PeriodOpen(month_key(year, month)));
    }
    let record = ComplaintReportRecord {
        id: report_id(year, month),
        year: year.into(),
        month: month.into(),
        submitted_at: now.into(),
        submitted_by: actor.name.clone(),
        complaints: complaints.into(),
        closed_orders: closed_orders.into(),
    };
    check_report_record(&record)?;
    Ok(record)
}

/// The checks every report record passes (the guard runs them on every
/// write): its id names its own month, the month is 1–12, the figures are
/// not negative and someone submitted it.
pub fn check_report_record(r: &ComplaintReportRecord) -> Result<(), ComplaintError> {
    let bad = |m: String| Err(ComplaintError::Invalid(m));
    let (Ok(year), Ok(month)) = (i32::try_from(r.year), u32::try_from(r.month)) else {
        return bad(format!("{}-{} is not a month", r.year, r.month));
    };
    if !(1..=12).contains(&month) || !(2000..=9999).contains(&year) {
        return bad(format!("{year}-{month} is not a month"));
    }
    if r.id != report_id(year, month) {
        return bad(format!(
            "a report record of {} must have the id {}",
            month_key(year, month),
            report_id(year, month)
        ));
    }
    if r.complaints < 0 || r.closed_orders < 0 {
        return bad("a report's figures cannot be negative".into());
    }
    if r.submitted_by.trim().is_empty() {
        return bad("a report record names who submitted it".into());
    }
    Ok(())
}

/// Every step kind, for messages: `confirm → analyse → agree → track`.
pub fn step_order_words() -> String {
    STEP_ORDER
        .iter()
        .map(|k| step_en(*k))
        .collect::<Vec<_>>()
        .join(" → ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ComplaintClass;
    use crate::testing::{instant, ComplaintBuilder};
    use chrono_tz::Asia::Shanghai;

    fn office() -> Actor {
        Actor::new("office", Role::Office)
    }

    fn now() -> DateTime<Utc> {
        instant("2026-03-10T10:00:00+08:00")
    }

    fn form() -> NewComplaint {
        NewComplaint {
            class: ComplaintClass::Quality,
            customer_id: None,
            work_order_number: String::new(),
            order_no: " PO-7 ".into(),
            part_no: "PN-1001".into(),
            delivered_on: None,
            quantity: 10,
            defective_qty: 2,
            request: "换货".into(),
            details: "两只灯不亮".into(),
            received_at: None,
        }
    }

    fn step(k: ComplaintStepKind) -> StepInput {
        StepInput {
            step: k,
            owner: "吴主管".into(),
            note: "已处理".into(),
            at: None,
        }
    }

    #[test]
    fn the_office_records_a_complaint_stamped_now() {
        let c = record(form(), None, None, &office(), now()).unwrap();
        assert_eq!(c.order_no, "PO-7");
        assert_eq!(c.received_at.0, now());
        assert_eq!(c.created_by, "office");
        assert!(c.steps.is_empty() && c.closed_at.is_none());
    }

    #[test]
    fn a_bad_form_is_refused() {
        let mut f = form();
        f.defective_qty = 11;
        assert!(matches!(
            record(f, None, None, &office(), now()),
            Err(ComplaintError::Invalid(m)) if m.contains("more than the quantity")
        ));
        let mut f = form();
        f.details = "  ".into();
        assert!(record(f, None, None, &office(), now()).is_err());
        let eng = Actor::new("yangjinwei", Role::Engineer);
        assert_eq!(
            record(form(), None, None, &eng, now()),
            Err(ComplaintError::OfficeOnly(Role::Engineer))
        );
    }

    #[test]
    fn steps_are_taken_only_in_order_then_the_complaint_closes() {
        use ComplaintStepKind::*;
        let mut c = record(form(), None, None, &office(), now()).unwrap();
        let e = add_step(&mut c, step(Analyse), &office(), now()).unwrap_err();
        assert_eq!(
            e,
            ComplaintError::OutOfOrder {
                step: Analyse,
                expected: Some(Confirm)
            }
        );
        assert!(e
            .to_string()
            .contains("the next step of this complaint is \"confirm\""));
        assert_eq!(
            close(&mut c, &office(), now()),
            Err(ComplaintError::NotFinished { next: Confirm })
        );
        for k in STEP_ORDER {
            add_step(&mut c, step(k), &office(), now()).unwrap();
        }
        assert!(matches!(
            add_step(&mut c, step(Track), &office(), now()),
            Err(ComplaintError::OutOfOrder { expected: None, .. })
        ));
        close(&mut c, &office(), now()).unwrap();
        assert_eq!(c.closed_by, "office");
        assert_eq!(
            add_step(&mut c, step(Confirm), &office(), now()),
            Err(ComplaintError::Closed)
        );
    }

    #[test]
    fn a_step_needs_an_owner_a_text_and_a_time_in_order() {
        let mut c = ComplaintBuilder::new(None, "P-1").build(); // confirm done at 02:00Z
        let mut s = step(ComplaintStepKind::Analyse);
        s.owner = " ".into();
        assert!(add_step(&mut c, s, &office(), now()).is_err());
        let mut s = step(ComplaintStepKind::Analyse);
        s.at = Some(instant("2026-03-02T01:59:00Z").into());
        let e = add_step(&mut c, s, &office(), now()).unwrap_err();
        assert!(e.to_string().contains("before the previous one"), "{e}");
        let mut s = step(ComplaintStepKind::Analyse);
        s.at = Some(instant("2026-03-02T03:00:00Z").into());
        add_step(&mut c, s, &office(), now()).unwrap();
        assert_eq!(c.steps[1].at.0, instant("2026-03-02T03:00:00Z"));
    }

    #[test]
    fn not_ours_is_found_after_the_analysis_with_an_explanation() {
        let mut c = ComplaintBuilder::new(None, "P-1").build();
        assert_eq!(
            find_not_ours(&mut c, "用户操作不当", &office(), now()),
            Err(ComplaintError::NotAnalysed)
        );
        add_step(&mut c, step(ComplaintStepKind::Analyse), &office(), now()).unwrap();
        assert!(find_not_ours(&mut c, " ", &office(), now()).is_err());
        find_not_ours(&mut c, "用户操作不当，已向用户说明", &office(), now()).unwrap();
        let n = c.not_ours.as_ref().unwrap();
        assert_eq!((n.by.as_str(), n.at.0), ("office", now()));
    }

    #[test]
    fn a_report_is_submitted_once_the_month_is_over() {
        let during = instant("2026-03-31T23:00:00+08:00");
        assert_eq!(
            submit((2026, 3), (2, 40), Shanghai, &office(), during),
            Err(ComplaintError::PeriodOpen("2026-03".into()))
        );
        let r = submit(
            (2026, 3),
            (2, 40),
            Shanghai,
            &office(),
            now() + chrono::Duration::days(22),
        )
        .unwrap();
        assert_eq!(r.id.as_str(), "complaint_report:2026-03");
        assert_eq!((r.complaints, r.closed_orders), (2, 40));
        let mut bad = r.clone();
        bad.id = report_id(2026, 4);
        assert!(check_report_record(&bad).is_err());
        let mut bad = r;
        bad.closed_orders = -1;
        assert!(check_report_record(&bad).is_err());
    }
}
