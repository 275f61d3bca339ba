//! [`WorkOrderBuilder`]: a work order as the app would have made it, built
//! through [`crate::ops`] (created by the office, assigned, driven through
//! its lifecycle by the engineer, signed), and [`sign_off`] for an order a
//! test already holds.

use automerge::AutoCommit;
use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::model::{
    work_order_number, CustomerInfo, Day, DocId, DocKind, EquipmentInfo, OrderKind, Priority,
    WorkOrder,
};
use crate::ops::{self, Actor, NewWorkOrder, ServicePatch, SignInput};
use crate::rules::state::{Action, Role, Status};
use crate::rules::RulesConfig;
use crate::service::derive::{charges_for, tier_of};

/// Builder setters, one line each: `name(arg: Type) => field = value;`.
macro_rules! setters {
    ($($(#[$doc:meta])* $name:ident($arg:ident: $ty:ty) => $($field:ident).+ = $value:expr;)*) => {$(
        $(#[$doc])*
        pub fn $name(mut self, $arg: $ty) -> Self {
            self.$($field).+ = $value;
            self
        }
    )*};
}

/// The user who creates, assigns and cancels the built orders.
pub const OFFICE: &str = "office";

/// The engineer's actions from `assigned` to `resolved`, visit included.
pub const TO_RESOLVED: [Action; 4] = [
    Action::Respond,
    Action::Depart,
    Action::Arrive,
    Action::Resolve,
];

/// A work order, built step by step through the domain operations.
///
/// Defaults: a P2 repair call from 重庆市农业委员会检测中心 ("无法开机", a
/// visit needed), numbered `WO-2026-01-000001` with a fresh id, created by
/// `office` at [`super::monday_morning`]. Each later step (assignment, every
/// action, the sign-off) happens 7 minutes after the one before.
#[derive(Debug, Clone)]
pub struct WorkOrderBuilder {
    input: NewWorkOrder,
    id: Option<DocId>,
    number: String,
    created_by: String,
    at: DateTime<Utc>,
    step: Duration,
    assignee: Option<String>,
    actions: Vec<Action>,
    service: Option<ServicePatch>,
    cancelled: bool,
    signed: bool,
    satisfaction: i64,
    charge_override: Option<(i64, String)>,
    closed_at: Option<DateTime<Utc>>,
}

impl Default for WorkOrderBuilder {
    fn default() -> Self {
        WorkOrderBuilder::new()
    }
}

impl WorkOrderBuilder {
    /// The default order (see the type's documentation).
    pub fn new() -> Self {
        WorkOrderBuilder {
            input: NewWorkOrder {
                order_kind: OrderKind::Repair,
                priority: Priority::P2,
                customer_id: None,
                customer: CustomerInfo {
                    org: "重庆市农业委员会检测中心".into(),
                    site_address: "重庆市渝北区".into(),
                    contact: "王工".into(),
                    phone: "023-67891234".into(),
                },
                equipment: EquipmentInfo {
                    model: "GC-2030".into(),
                    serial: "SN-001".into(),
                    accepted_on: None,
                    original_end_user: true,
                },
                contract_id: None,
                fault: "无法开机".into(),
                reported_at: None,
                visit_needed: true,
                repair_items: vec!["更换电源".into()],
                estimate_fen: 0,
                appointment: None,
                save_equipment: false,
            },
            id: None,
            number: work_order_number(2026, 1, 1),
            created_by: OFFICE.into(),
            at: super::monday_morning(),
            step: Duration::minutes(7),
            assignee: None,
            actions: Vec::new(),
            service: None,
            cancelled: false,
            signed: false,
            satisfaction: 5,
            charge_override: None,
            closed_at: None,
        }
    }

    /// The id `wo:<suffix>` instead of a fresh one.
    pub fn id_suffix(self, suffix: &str) -> Self {
        self.id(DocId::with_suffix(DocKind::WorkOrder, suffix))
    }

    setters! {
        /// This id instead of a fresh one.
        id(id: DocId) => id = Some(id);
        /// The work-order number.
        number(n: impl Into<String>) => number = n.into();
        /// Repair call or planned maintenance.
        kind(kind: OrderKind) => input.order_kind = kind;
        /// P1–P4.
        priority(p: Priority) => input.priority = p;
        /// The customer's organisation (the rest of the default customer kept).
        customer(org: &str) => input.customer.org = org.into();
        /// The whole customer as recorded on the order.
        customer_info(c: CustomerInfo) => input.customer = c;
        /// The customer document the order belongs to.
        customer_id(id: DocId) => input.customer_id = Some(id);
        /// The maintenance contract covering the equipment.
        contract(id: DocId) => input.contract_id = Some(id);
        /// The equipment.
        equipment(e: EquipmentInfo) => input.equipment = e;
        /// The equipment's installation-acceptance date.
        accepted_on(day: NaiveDate) => input.equipment.accepted_on = Some(Day(day));
        /// Also register the equipment with the customer (`customer_id`).
        save_equipment(save: bool) => input.save_equipment = save;
        /// The reported fault.
        fault(f: impl Into<String>) => input.fault = f.into();
        /// The agreed repair items.
        repair_items(items: &[&str]) =>
            input.repair_items = items.iter().map(|s| s.to_string()).collect();
        /// The estimated price, fen.
        estimate_fen(fen: i64) => input.estimate_fen = fen;
        /// Whether a site visit is needed.
        visit_needed(needed: bool) => input.visit_needed = needed;
        /// The call time, when it is not the creation time.
        reported_at(t: DateTime<Utc>) => input.reported_at = Some(t.into());
        /// When the office creates the order (and, unless
        /// [`reported_at`](Self::reported_at) says otherwise, takes the call).
        at(t: DateTime<Utc>) => at = t;
        /// Who creates the order.
        created_by(user: &str) => created_by = user.into();
        /// Assigned by the office to `engineer`.
        assigned_to(engineer: &str) => assignee = Some(engineer.into());
        /// The time between one step and the next (default 7 minutes): the
        /// assignment is at `at + step`, respond `+ 2 step`, depart `+ 3`,
        /// arrive `+ 4`, resolve `+ 5`, the sign-off `+ 6` (with
        /// [`resolved`](Self::resolved) and [`signed`](Self::signed)).
        step(d: Duration) => step = d;
        /// The satisfaction the customer signs (default 5).
        satisfaction(n: i64) => satisfaction = n;
    }

    /// Before signing, the engineer overrides the charge with `amount_fen`
    /// for `reason` ([`ops::set_charge_override`]).
    pub fn charge_override(mut self, amount_fen: i64, reason: &str) -> Self {
        self.charge_override = Some((amount_fen, reason.into()));
        self
    }

    /// Assigned to `engineer` when there is one.
    pub fn maybe_assigned_to(self, engineer: Option<&str>) -> Self {
        match engineer {
            Some(e) => self.assigned_to(e),
            None => self,
        }
    }

    /// Then the engineer takes `actions`, in order.
    pub fn actions(mut self, actions: &[Action]) -> Self {
        self.actions.extend_from_slice(actions);
        self
    }

    /// Then the engineer fills in the service record.
    pub fn service(mut self, patch: ServicePatch) -> Self {
        self.service = Some(patch);
        self
    }

    /// Worked to `resolved` by its engineer.
    pub fn resolved(mut self) -> Self {
        self.actions = TO_RESOLVED.to_vec();
        self
    }

    /// Then signed by the customer (see [`sign_off`]; resolved first).
    pub fn signed(mut self) -> Self {
        self.signed = true;
        self
    }

    /// Then signed, filed by the sync server a minute before `at`, and
    /// closed by the office at `at`.
    pub fn closed_at(mut self, at: DateTime<Utc>) -> Self {
        self.signed = true;
        self.closed_at = Some(at);
        self
    }

    /// Cancelled by the office after assignment.
    pub fn cancelled(mut self) -> Self {
        self.cancelled = true;
        self
    }

    /// What the office enters on the new-order screen (the call time left
    /// to "now" unless [`reported_at`](Self::reported_at) was given), for
    /// tests that create orders through the service facade.
    pub fn input(self) -> NewWorkOrder {
        self.input
    }

    /// The work order.
    pub fn build(self) -> WorkOrder {
        let office = Actor::new(OFFICE, Role::Office);
        let mut wo = ops::new_work_order(self.input, self.number, &self.created_by, self.at);
        if let Some(id) = self.id {
            wo.id = id;
        }
        let mut t = self.at;
        let mut next = || {
            t += self.step;
            t
        };
        let Some(engineer) = self.assignee else {
            assert!(
                self.actions.is_empty() && !self.signed && !self.cancelled,
                "the builder's actions need an engineer: call assigned_to"
            );
            return wo;
        };
        ops::assign(&mut wo, &engineer, &office, next()).expect("assign");
        if self.cancelled {
            ops::apply_action(&mut wo, Action::Cancel, &office, next()).expect("cancel");
            return wo;
        }
        let eng = Actor::new(&engineer, Role::Engineer);
        let signed = self.signed;
        for action in self.actions {
            if action == Action::Resolve {
                write_work_done(&mut wo, &eng);
            }
            ops::apply_action(&mut wo, action, &eng, next()).expect("lifecycle action");
        }
        if let Some(patch) = self.service {
            ops::update_service(&mut wo, patch, &eng).expect("service record");
        }
        if let Some((fen, reason)) = &self.charge_override {
            ops::set_charge_override(&mut wo, *fen, reason, &eng, self.at)
                .expect("charge override");
        }
        if signed {
            let at = next();
            sign_off_as(&mut wo, at, self.satisfaction);
        }
        if let Some(closed) = self.closed_at {
            ops::record_filing(&mut wo, closed - Duration::minutes(1), "sync", "server")
                .expect("filed");
            ops::apply_action(&mut wo, Action::Close, &office, closed).expect("close");
        }
        wo
    }

    /// The work order's Automerge document, with its id.
    pub fn doc(self) -> (DocId, AutoCommit) {
        let wo = self.build();
        super::new_doc(DocKind::WorkOrder, &wo.id, &wo)
    }
}

/// The customer 王工 signs `wo` at `now`: the assignee first writes the work
/// done (if none yet) and takes the order to `resolved` (whatever is left
/// of respond, depart, arrive, resolve), then
/// [`ops::sign`] seals it with the charges computed by the default rules.
/// The order must be assigned and have no unaccounted pickups.
pub fn sign_off(wo: &mut WorkOrder, now: DateTime<Utc>) {
    sign_off_as(wo, now, 5);
}

/// [`sign_off`] with the customer's `satisfaction` (1–5).
pub fn sign_off_as(wo: &mut WorkOrder, now: DateTime<Utc>, satisfaction: i64) {
    let engineer = wo.assignee.clone().expect("a signed order has an engineer");
    let eng = Actor::new(&engineer, Role::Engineer);
    let done = |s: Status| match s {
        Status::Assigned => 0,
        Status::Responded => 1,
        Status::EnRoute => 2,
        Status::OnSite => 3,
        Status::Resolved => 4,
        other => panic!("cannot sign an order that is {other:?}"),
    };
    write_work_done(wo, &eng);
    for &action in &TO_RESOLVED[done(wo.status)..] {
        ops::apply_action(wo, action, &eng, now).expect("lifecycle action");
    }
    let cfg = RulesConfig::default();
    let charges = charges_for(wo, tier_of(wo, &cfg), None, &cfg);
    let input = SignInput {
        satisfaction,
        ..satisfied_sign_input()
    };
    ops::sign(wo, input, &charges, &[], &cfg.ink, &eng, now).expect("sign");
}

/// The sign-off of a satisfied customer: 王工 signs 满意, 5 of 5, the work
/// matching the agreed items, with [`signature`]'s ink.
pub fn satisfied_sign_input() -> SignInput {
    SignInput {
        signer: "王工".into(),
        opinion: "满意".into(),
        satisfaction: 5,
        matches_agreed_items: true,
        strokes: signature(),
    }
}

/// The engineer writes the work done (更换电源模块) if none is recorded yet:
/// an order cannot be resolved or signed without it.
pub fn write_work_done(wo: &mut WorkOrder, eng: &Actor) {
    if wo.service.work_done.trim().is_empty() {
        let patch = ServicePatch {
            work_done: Some("更换电源模块".into()),
            ..Default::default()
        };
        ops::update_service(wo, patch, eng).expect("work done");
    }
}

/// A customer's signature with enough ink for the default
/// [`crate::rules::InkRule`]: three strokes across a good part of the box.
pub fn signature() -> Vec<String> {
    [
        "120,300 160,120 200,300 240,140 280,290",
        "320,160 420,160 380,320",
        "460,130 520,300 600,150 640,280",
    ]
    .map(String::from)
    .to_vec()
}
