//! Creating a work order and moving it through its lifecycle: the state
//! machine's actions with their timeline stamps and attributed history,
//! assignment by the office, and filing (the server's or the office's
//! receipt of the signed record).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::actor::{ensure_open, Actor};
use super::error::OpError;
use crate::model::{
    CustomerInfo, DocId, DocKind, EquipmentInfo, FilingReceipt, OrderKind, Priority, Timeline,
    TransitionRecord, Ts, WorkOrder,
};
use crate::rules::state::{transition, Action, Status};
use crate::signoff::{verify, SignatureCheck};

/// What the office enters for a new work order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NewWorkOrder {
    /// Repair call or planned maintenance.
    pub order_kind: OrderKind,
    /// P1–P4.
    pub priority: Priority,
    /// The customer document, when the customer is on file.
    pub customer_id: Option<DocId>,
    /// The customer as recorded on the order.
    pub customer: CustomerInfo,
    /// The equipment.
    pub equipment: EquipmentInfo,
    /// A maintenance contract covering the equipment.
    pub contract_id: Option<DocId>,
    /// The reported fault.
    pub fault: String,
    /// The call time; `None` means now.
    pub reported_at: Option<Ts>,
    /// Whether a site visit is needed.
    pub visit_needed: bool,
    /// Agreed repair items.
    pub repair_items: Vec<String>,
    /// Estimated price, fen.
    pub estimate_fen: i64,
    /// Appointment.
    pub appointment: Option<Ts>,
    /// Also add the equipment to the customer's (`customer_id`) when it
    /// has no instrument with this serial number: a new instrument typed
    /// on the call is registered with the order, in the same transaction.
    #[serde(default)]
    pub save_equipment: bool,
}

impl NewWorkOrder {
    /// Checks what the office entered: a fault and an organisation are
    /// required, the estimate cannot be negative, the call cannot be in the
    /// future.
    pub fn validate(&self, now: DateTime<Utc>) -> Result<(), OpError> {
        if self.fault.trim().is_empty() {
            return Err(OpError::Invalid("the reported fault is required".into()));
        }
        if self.customer.org.trim().is_empty() {
            return Err(OpError::Invalid(
                "the customer's organisation is required".into(),
            ));
        }
        if self.estimate_fen < 0 {
            return Err(OpError::Invalid(
                "the estimated price cannot be negative".into(),
            ));
        }
        if self.reported_at.is_some_and(|t| t.0 > now) {
            return Err(OpError::Invalid(
                "the call time cannot be in the future".into(),
            ));
        }
        Ok(())
    }
}

/// A new work order in status `new`, numbered `number`, created by `by`.
pub fn new_work_order(
    input: NewWorkOrder,
    number: String,
    by: &str,
    now: DateTime<Utc>,
) -> WorkOrder {
    WorkOrder {
        id: DocId::new(DocKind::WorkOrder),
        number,
        order_kind: input.order_kind,
        status: Status::New,
        paused_from: None,
        priority: input.priority,
        customer_id: input.customer_id,
        customer: input.customer,
        equipment: input.equipment,
        contract_id: input.contract_id,
        fault: input.fault,
        reported_at: input.reported_at.unwrap_or(now.into()),
        visit_needed: input.visit_needed,
        repair_items: input.repair_items,
        estimate_fen: input.estimate_fen,
        appointment: input.appointment,
        assignee: None,
        experts: vec![],
        timeline: Timeline::default(),
        history: vec![],
        service: Default::default(),
        parts_used: vec![],
        charge_override: None,
        loaner: None,
        notes: vec![],
        signoff: None,
        filing: None,
        tamper_flag: None,
        follow_ups: vec![],
        planned: None,
        checklist: vec![],
        photos: vec![],
        created_at: now.into(),
        created_by: by.to_owned(),
    }
}

/// Applies a lifecycle action (respond, depart, arrive, await parts, hold,
/// resume, resolve, close, cancel): checks the role and, for an engineer,
/// that the order is theirs; moves the status; stamps the timeline
/// (respond → `responded_at`, depart → `departed_at`, arrive →
/// `arrived_at`, resolve → `resolved_at`); keeps `paused_from` for
/// `resume`; appends an attributed [`TransitionRecord`].
///
/// `assign`, `sign` and `file` carry data of their own: use [`assign`],
/// [`super::sign::sign`] and [`record_filing`].
pub fn apply_action(
    wo: &mut WorkOrder,
    action: Action,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), OpError> {
    let dedicated = match action {
        Action::Assign => Some("assigning needs an engineer's name"),
        Action::Sign => Some("signing needs the customer's sign-off"),
        Action::File => Some("a record is filed when the sync server or the office receives it"),
        _ => None,
    };
    if let Some(why) = dedicated {
        return Err(OpError::Invalid(format!(
            "cannot {} here: {why}",
            action.verb()
        )));
    }
    actor.ensure_may_perform(action)?;
    actor.ensure_assignee(wo)?;
    let from = wo.status;
    let to = transition(from, action, wo.paused_from)?;
    if action == Action::Resolve {
        super::record::ensure_work_recorded(wo, action)?;
    }
    stamp(&mut wo.timeline, action, now.into());
    wo.paused_from = to.is_paused().then_some(from);
    wo.status = to;
    record(wo, from, action, &actor.name, now);
    Ok(())
}

/// Assigns (or reassigns) the order to `engineer`. Office only; a new order
/// becomes `assigned`, a reassigned one keeps its status.
pub fn assign(
    wo: &mut WorkOrder,
    engineer: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), OpError> {
    actor.ensure_may_perform(Action::Assign)?;
    let engineer = engineer.trim();
    if engineer.is_empty() {
        return Err(OpError::Invalid(
            "assign to whom? the engineer's name is empty".into(),
        ));
    }
    let from = wo.status;
    wo.status = transition(from, Action::Assign, None)?;
    wo.assignee = Some(engineer.to_owned());
    record(wo, from, Action::Assign, &actor.name, now);
    Ok(())
}

/// Records that the signed record reached the office: `received_at` is
/// the receiver's time (the sync server's, or the office's import), `via`
/// is `sync` or `import`. Refused unless the order is signed and its
/// signature still verifies.
pub fn record_filing(
    wo: &mut WorkOrder,
    received_at: DateTime<Utc>,
    via: &str,
    by: &str,
) -> Result<(), OpError> {
    ensure_open(wo, "file the record")?;
    let from = wo.status;
    let to = transition(from, Action::File, None)?;
    let content_hash = match (verify(wo), &wo.signoff) {
        (SignatureCheck::Valid, Some(s)) => s.content_hash.clone(),
        _ => {
            return Err(OpError::Invalid(format!(
                "work order {} cannot be filed: its signed content changed after signing",
                wo.number
            )))
        }
    };
    wo.filing = Some(FilingReceipt {
        received_at: received_at.into(),
        content_hash,
        via: via.to_owned(),
    });
    wo.status = to;
    record(wo, from, Action::File, by, received_at);
    Ok(())
}

/// Stamps the timeline field `action` stands for, if any.
fn stamp(timeline: &mut Timeline, action: Action, at: Ts) {
    match action {
        Action::Respond => timeline.responded_at = Some(at),
        Action::Depart => timeline.departed_at = Some(at),
        Action::Arrive => timeline.arrived_at = Some(at),
        Action::Resolve => timeline.resolved_at = Some(at),
        _ => {}
    }
}

/// Appends the attributed record of a state change to `wo.status`.
pub(crate) fn record(
    wo: &mut WorkOrder,
    from: Status,
    action: Action,
    by: &str,
    at: DateTime<Utc>,
) {
    wo.history.push(TransitionRecord {
        from,
        to: wo.status,
        action: action.as_str().to_owned(),
        at: at.into(),
        by: by.to_owned(),
    });
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::rules::state::Role;
    use chrono::Duration;

    pub fn t0() -> DateTime<Utc> {
        "2026-03-10T01:00:00Z".parse().unwrap()
    }
    pub fn office() -> Actor {
        Actor::new("office1", Role::Office)
    }
    pub fn yang() -> Actor {
        Actor::new("yangjinwei", Role::Engineer)
    }
    pub fn input() -> NewWorkOrder {
        NewWorkOrder {
            order_kind: OrderKind::Repair,
            priority: Priority::P1,
            customer_id: None,
            customer: CustomerInfo {
                org: "成都市第三人民医院".into(),
                ..Default::default()
            },
            equipment: EquipmentInfo::default(),
            contract_id: None,
            fault: "无法开机".into(),
            reported_at: None,
            visit_needed: true,
            repair_items: vec!["检查电源".into()],
            estimate_fen: 0,
            appointment: None,
            save_equipment: false,
        }
    }
    /// A new order assigned to yangjinwei.
    pub fn assigned() -> WorkOrder {
        let mut wo = new_work_order(input(), "WO-2026-01-000001".into(), "office1", t0());
        assign(&mut wo, "yangjinwei", &office(), t0()).unwrap();
        wo
    }
    /// An order yangjinwei has worked up to `resolved`.
    pub fn resolved() -> WorkOrder {
        let mut wo = assigned();
        for a in [
            Action::Respond,
            Action::Depart,
            Action::Arrive,
            Action::Resolve,
        ] {
            if a == Action::Resolve {
                wo.service.work_done = "更换电源模块".into();
            }
            apply_action(&mut wo, a, &yang(), t0() + Duration::minutes(10)).unwrap();
        }
        wo
    }

    #[test]
    fn new_orders_start_new_and_keep_who_made_them() {
        let wo = new_work_order(input(), "WO-2026-01-000001".into(), "office1", t0());
        assert_eq!(wo.status, Status::New);
        assert_eq!(wo.reported_at, Ts::from(t0()));
        assert_eq!(wo.created_by, "office1");
        assert!(wo.id.as_str().starts_with("wo:"));
    }

    #[test]
    fn new_order_input_is_checked() {
        let mut i = input();
        i.fault = "  ".into();
        assert_eq!(
            i.validate(t0()).unwrap_err().to_string(),
            "the reported fault is required"
        );
        let mut i = input();
        i.reported_at = Some((t0() + Duration::hours(1)).into());
        assert!(i.validate(t0()).is_err());
        assert!(input().validate(t0()).is_ok());
    }

    #[test]
    fn the_lifecycle_stamps_the_timeline_and_attributes_each_step() {
        let mut wo = assigned();
        wo.service.work_done = "更换电源模块".into();
        let steps = [
            (Action::Respond, 5, Status::Responded),
            (Action::Depart, 20, Status::EnRoute),
            (Action::Arrive, 300, Status::OnSite),
            (Action::Resolve, 400, Status::Resolved),
        ];
        for (a, min, want) in steps {
            apply_action(&mut wo, a, &yang(), t0() + Duration::minutes(min)).unwrap();
            assert_eq!(wo.status, want);
        }
        let at = |m| Some(Ts::from(t0() + Duration::minutes(m)));
        assert_eq!(wo.timeline.responded_at, at(5));
        assert_eq!(wo.timeline.departed_at, at(20));
        assert_eq!(wo.timeline.arrived_at, at(300));
        assert_eq!(wo.timeline.resolved_at, at(400));
        assert_eq!(wo.history.len(), 5);
        let last = wo.history.last().unwrap();
        assert_eq!((last.from, last.to), (Status::OnSite, Status::Resolved));
        assert_eq!(
            (last.action.as_str(), last.by.as_str()),
            ("resolve", "yangjinwei")
        );
    }

    /// Why `actor` may not take `action` on `wo` now.
    fn refusal(wo: &mut WorkOrder, action: Action, actor: &Actor) -> String {
        apply_action(wo, action, actor, t0())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn illegal_transitions_are_refused_with_the_status_in_words() {
        let mut wo = assigned();
        assert_eq!(
            refusal(&mut wo, Action::Arrive, &yang()),
            "cannot arrive: work order is assigned"
        );
        assert_eq!(wo.status, Status::Assigned);
        assert_eq!(wo.history.len(), 1, "nothing recorded");
    }

    #[test]
    fn an_engineer_cannot_act_on_someone_elses_order() {
        let tang = Actor::new("tangrong", Role::Engineer);
        assert_eq!(
            refusal(&mut assigned(), Action::Respond, &tang),
            "work order WO-2026-01-000001 is assigned to yangjinwei, not to tangrong"
        );
        let mut unassigned = new_work_order(input(), "WO-1".into(), "office1", t0());
        assert_eq!(
            refusal(&mut unassigned, Action::Cancel, &tang),
            "an engineer may not cancel a work order"
        );
    }

    #[test]
    fn roles_without_work_order_actions_are_refused() {
        let mut wo = assigned();
        let keeper = Actor::new("store1", Role::Storekeeper);
        assert_eq!(
            refusal(&mut wo, Action::Respond, &keeper),
            "a storekeeper may not respond to a work order"
        );
        let err = assign(&mut wo, "tangrong", &yang(), t0()).unwrap_err();
        assert_eq!(err.to_string(), "an engineer may not assign a work order");
    }

    #[test]
    fn pausing_remembers_where_to_resume() {
        let mut wo = assigned();
        apply_action(&mut wo, Action::Respond, &yang(), t0()).unwrap();
        apply_action(&mut wo, Action::Depart, &yang(), t0()).unwrap();
        apply_action(&mut wo, Action::AwaitParts, &yang(), t0()).unwrap();
        assert_eq!(
            (wo.status, wo.paused_from),
            (Status::AwaitingParts, Some(Status::EnRoute))
        );
        apply_action(&mut wo, Action::Resume, &yang(), t0()).unwrap();
        assert_eq!((wo.status, wo.paused_from), (Status::EnRoute, None));
    }

    #[test]
    fn reassigning_keeps_the_status_and_cancel_is_final() {
        let mut wo = assigned();
        apply_action(&mut wo, Action::Respond, &yang(), t0()).unwrap();
        assign(&mut wo, "tangrong", &office(), t0()).unwrap();
        assert_eq!(
            (wo.status, wo.assignee.as_deref()),
            (Status::Responded, Some("tangrong"))
        );
        apply_action(&mut wo, Action::Cancel, &office(), t0()).unwrap();
        let err = assign(&mut wo, "yangjinwei", &office(), t0()).unwrap_err();
        assert_eq!(err.to_string(), "cannot assign: work order is cancelled");
    }

    #[test]
    fn sign_and_file_are_not_plain_actions() {
        let mut wo = resolved();
        let err = apply_action(&mut wo, Action::Sign, &yang(), t0()).unwrap_err();
        assert!(matches!(err, OpError::Invalid(_)), "{err}");
        let err = record_filing(&mut wo, t0(), "sync", "server").unwrap_err();
        assert_eq!(err.to_string(), "cannot file: work order is resolved");
    }
}
