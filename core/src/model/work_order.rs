//! The work order 任务委托书 and everything recorded on it: customer and
//! equipment as seen on the call, the timeline, the service record
//! 售后服务统计, parts used, the customer's sign-off and the filing receipt.
//!
//! One work order is one Automerge document. Fields map one to one onto the
//! document's keys (see `docs/schema.md`); money is integer fen.

use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ids::DocId;
use super::scalars::{hydrate_i64, Day, Ts};
use super::tolerant::or_empty;
pub use crate::photos::model::{Photo, PhotoKind};
use crate::rules::state::Status;
use crate::string_enum;

string_enum! {
    /// Priority P1–P4 as the seed defines them.
    pub enum Priority {
        /// The product cannot work; the customer's business is affected.
        P1 = "P1",
        /// Works, but part of its function fails or performance drops.
        P2 = "P2",
        /// Runs, but reports errors; or a low-level platform install problem.
        P3 = "P3",
        /// An improvement request or a question on use.
        P4 = "P4",
    }
}

string_enum! {
    /// Why the work order exists.
    pub enum OrderKind {
        /// A repair call from a customer.
        Repair = "repair",
        /// A preventive-maintenance visit planned from a contract.
        Maintenance = "maintenance",
    }
}

/// The customer as recorded on the order (copied from the customer document
/// when the order is created, so the engineer has it offline).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, Hydrate, Reconcile)]
#[ts(export)]
pub struct CustomerInfo {
    /// Organisation 用户单位.
    pub org: String,
    /// Site address 现场地址.
    pub site_address: String,
    /// Contact person 联系人.
    pub contact: String,
    /// Contact phone 联系电话.
    pub phone: String,
}

/// The equipment the call is about.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, Hydrate, Reconcile)]
#[ts(export)]
pub struct EquipmentInfo {
    /// Model 型号.
    pub model: String,
    /// Serial number 序列号.
    pub serial: String,
    /// Installation-acceptance date 验收日期; warranty counts from it.
    #[autosurgeon(hydrate = "or_empty")]
    pub accepted_on: Option<Day>,
    /// Whether the customer is the original end user (warranty is not
    /// transferable).
    pub original_end_user: bool,
}

/// The four timeline stamps the clocks read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, Hydrate, Reconcile)]
#[ts(export)]
pub struct Timeline {
    /// When the engineer responded (response clock).
    #[autosurgeon(hydrate = "or_empty")]
    pub responded_at: Option<Ts>,
    /// When the engineer left for the site.
    #[autosurgeon(hydrate = "or_empty")]
    pub departed_at: Option<Ts>,
    /// When the engineer arrived (on-site clock).
    #[autosurgeon(hydrate = "or_empty")]
    pub arrived_at: Option<Ts>,
    /// When the fault was fixed (fix clock).
    #[autosurgeon(hydrate = "or_empty")]
    pub resolved_at: Option<Ts>,
}

/// One state change, attributed and timestamped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Hydrate, Reconcile)]
#[ts(export)]
pub struct TransitionRecord {
    /// Status before.
    pub from: Status,
    /// Status after.
    pub to: Status,
    /// The action's name (`respond`, `arrive`, …).
    pub action: String,
    /// When (device clock, or the server's for `file`).
    pub at: Ts,
    /// Who (user name).
    pub by: String,
}

/// The service record the engineer fills in on site.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, Hydrate, Reconcile)]
#[ts(export)]
pub struct ServiceRecord {
    /// Work done 维修内容.
    #[autosurgeon(hydrate = "or_empty")]
    pub work_done: String,
    /// Findings 故障原因/检查结果.
    #[autosurgeon(hydrate = "or_empty")]
    pub findings: String,
    /// Labour time in minutes.
    #[autosurgeon(hydrate = "hydrate_i64")]
    pub labour_minutes: i64,
    /// Travel cost 交通费, fen.
    #[autosurgeon(hydrate = "hydrate_i64")]
    pub travel_fen: i64,
    /// Lodging cost 住宿费, fen.
    #[autosurgeon(hydrate = "hydrate_i64")]
    pub lodging_fen: i64,
}

/// A part used on this order, taken from one of the engineer's pickups.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Hydrate, Reconcile)]
#[ts(export)]
pub struct PartUse {
    /// The pickup the part came from.
    pub pickup_id: DocId,
    /// Part number 料号.
    pub part_no: String,
    /// Part name.
    pub name: String,
    /// Quantity used.
    #[autosurgeon(hydrate = "hydrate_i64")]
    pub qty: i64,
    /// Unit cost 成本价, fen.
    #[autosurgeon(hydrate = "hydrate_i64")]
    pub unit_cost_fen: i64,
    /// Standard price, fen.
    #[autosurgeon(hydrate = "hydrate_i64")]
    pub standard_price_fen: i64,
}

/// The engineer's override of the computed charge, always with a reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Hydrate, Reconcile)]
#[ts(export)]
pub struct ChargeOverrideRecord {
    /// The total charged instead, fen.
    #[autosurgeon(hydrate = "hydrate_i64")]
    pub amount_fen: i64,
    /// The written reason (never empty).
    pub reason: String,
    /// Who overrode.
    pub by: String,
    /// When.
    pub at: Ts,
}

/// Loaner equipment 备用机 issued while a late fix is pending.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Hydrate, Reconcile)]
#[ts(export)]
pub struct Loaner {
    /// Loaner model.
    pub model: String,
    /// Loaner serial.
    pub serial: String,
    /// When issued.
    pub issued_at: Ts,
    /// When returned, once returned.
    #[autosurgeon(hydrate = "or_empty")]
    pub returned_at: Option<Ts>,
}

/// The due window of a planned preventive-maintenance visit under a
/// maintenance contract 维护合约 (the period it belongs to).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Hydrate, Reconcile)]
#[ts(export)]
pub struct PlannedVisit {
    /// The contract that plans it.
    pub contract_id: DocId,
    /// First day of the period (the visit is due from then).
    pub period_start: Day,
    /// Last day of the period (the visit is due by then).
    pub period_end: Day,
}

/// One item of a planned visit's checklist, ticked on site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Hydrate, Reconcile)]
#[ts(export)]
pub struct CheckItem {
    /// What to do (the seed's words).
    pub text: String,
    /// Done on site.
    pub done: bool,
}

/// A note, or a technical expert's advice (`role` = `expert`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Hydrate, Reconcile)]
#[ts(export)]
pub struct Note {
    /// When written.
    pub at: Ts,
    /// Who wrote it.
    pub by: String,
    /// The writer's role (`engineer`, `office`, `expert`).
    pub role: String,
    /// The text.
    pub text: String,
}

/// The customer's sign-off 用户签字确认.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Hydrate, Reconcile)]
#[ts(export)]
pub struct SignOff {
    /// The signer's name.
    pub signer: String,
    /// When signed (device clock).
    pub signed_at: Ts,
    /// The customer's opinion 用户意见.
    pub opinion: String,
    /// Satisfaction 1–5.
    #[autosurgeon(hydrate = "hydrate_i64")]
    pub satisfaction: i64,
    /// The customer confirmed the work matches the agreed repair items.
    pub matches_agreed_items: bool,
    /// Signature strokes: each stroke is `"x,y x,y …"`, integer points in a
    /// 1000 × 400 box.
    #[autosurgeon(hydrate = "or_empty")]
    pub strokes: Vec<String>,
    /// The itemised charges as shown, a JSON text of `rules::charges::Charges`.
    pub charges_json: String,
    /// SHA-256 (hex) of the canonical signed content, see `signoff`.
    pub content_hash: String,
}

/// How a signed record reached the office.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Hydrate, Reconcile)]
#[ts(export)]
pub struct FilingReceipt {
    /// The server's (or the office's) receipt time: the filing time.
    pub received_at: Ts,
    /// The content hash that was verified on receipt.
    pub content_hash: String,
    /// `sync` (received by the sync server) or `import` (an exported file
    /// imported at the office).
    pub via: String,
}

/// A signed record whose content no longer matches its hash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Hydrate, Reconcile)]
#[ts(export)]
pub struct TamperFlag {
    /// When detected (server time).
    pub detected_at: Ts,
    /// What was found.
    pub reason: String,
}

/// A follow-up visit or call 回访 noted inside a work order (its
/// `follow_ups`); the office desk's follow-ups are documents of their own,
/// [`crate::followups::FollowUp`]. Named apart so the two never share a
/// generated TypeScript file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Hydrate, Reconcile)]
#[ts(export)]
pub struct OrderFollowUp {
    /// When.
    pub at: Ts,
    /// Who.
    pub by: String,
    /// What the customer said.
    pub result: String,
    /// Satisfaction 1–5.
    #[autosurgeon(hydrate = "hydrate_i64")]
    pub satisfaction: i64,
}

/// A work order document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Hydrate, Reconcile)]
#[ts(export)]
pub struct WorkOrder {
    /// `wo:<ulid>`.
    pub id: DocId,
    /// Human number, `WO-2026-03-000123`.
    pub number: String,
    /// Repair call or planned maintenance.
    pub order_kind: OrderKind,
    /// Current state.
    pub status: Status,
    /// The status before `awaiting_parts` / `on_hold`, for `resume`.
    #[autosurgeon(hydrate = "or_empty")]
    pub paused_from: Option<Status>,
    /// P1–P4.
    pub priority: Priority,
    /// The customer document, when known.
    #[autosurgeon(hydrate = "or_empty")]
    pub customer_id: Option<DocId>,
    /// The customer as recorded.
    pub customer: CustomerInfo,
    /// The equipment.
    pub equipment: EquipmentInfo,
    /// A maintenance contract covering the equipment.
    #[autosurgeon(hydrate = "or_empty")]
    pub contract_id: Option<DocId>,
    /// The reported fault.
    pub fault: String,
    /// Call time: every clock starts here.
    pub reported_at: Ts,
    /// Whether a site visit is needed (the on-site clock runs only then).
    pub visit_needed: bool,
    /// Agreed repair items.
    #[autosurgeon(hydrate = "or_empty")]
    pub repair_items: Vec<String>,
    /// Estimated price, fen.
    #[autosurgeon(hydrate = "hydrate_i64")]
    pub estimate_fen: i64,
    /// Appointment.
    #[autosurgeon(hydrate = "or_empty")]
    pub appointment: Option<Ts>,
    /// The assigned engineer's user name.
    #[autosurgeon(hydrate = "or_empty")]
    pub assignee: Option<String>,
    /// Technical experts 技术专家 asked for advice on this order (user
    /// names): they read it and may add notes, nothing else.
    #[autosurgeon(hydrate = "or_empty")]
    pub experts: Vec<String>,
    /// Timeline stamps.
    #[autosurgeon(hydrate = "or_empty")]
    pub timeline: Timeline,
    /// Every state change.
    #[autosurgeon(hydrate = "or_empty")]
    pub history: Vec<TransitionRecord>,
    /// The service record.
    #[autosurgeon(hydrate = "or_empty")]
    pub service: ServiceRecord,
    /// Parts used.
    #[autosurgeon(hydrate = "or_empty")]
    pub parts_used: Vec<PartUse>,
    /// Charge override.
    #[autosurgeon(hydrate = "or_empty")]
    pub charge_override: Option<ChargeOverrideRecord>,
    /// Loaner equipment.
    #[autosurgeon(hydrate = "or_empty")]
    pub loaner: Option<Loaner>,
    /// Notes and expert advice.
    #[autosurgeon(hydrate = "or_empty")]
    pub notes: Vec<Note>,
    /// The customer's sign-off.
    #[autosurgeon(hydrate = "or_empty")]
    pub signoff: Option<SignOff>,
    /// The filing receipt (written by the server, outside the signed content).
    #[autosurgeon(hydrate = "or_empty")]
    pub filing: Option<FilingReceipt>,
    /// Set by the server when the signed content fails verification.
    #[autosurgeon(hydrate = "or_empty")]
    pub tamper_flag: Option<TamperFlag>,
    /// Follow-up visits.
    #[autosurgeon(hydrate = "or_empty")]
    pub follow_ups: Vec<OrderFollowUp>,
    /// A planned maintenance visit's contract and due window.
    #[autosurgeon(hydrate = "or_empty")]
    #[serde(default)]
    pub planned: Option<PlannedVisit>,
    /// A planned maintenance visit's checklist.
    #[autosurgeon(hydrate = "or_empty")]
    #[serde(default)]
    pub checklist: Vec<CheckItem>,
    /// Photos of the fault, the nameplate, the repair (metadata only; the
    /// bytes are blobs addressed by their SHA-256, see `crate::photos`).
    #[autosurgeon(hydrate = "or_empty")]
    #[serde(default)]
    pub photos: Vec<Photo>,
    /// Created when.
    pub created_at: Ts,
    /// Created by whom.
    pub created_by: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc;
    use crate::model::DocKind;
    use crate::testing::{instant, WorkOrderBuilder};
    use automerge::{transaction::Transactable, ReadDoc, ROOT};

    pub(crate) fn sample() -> WorkOrder {
        WorkOrderBuilder::new()
            .id_suffix("01TEST")
            .priority(Priority::P2)
            .customer("重庆市农业委员会检测中心")
            .accepted_on(chrono::NaiveDate::from_ymd_opt(2025, 3, 1).unwrap())
            .fault("进样口漏气")
            .repair_items(&["更换进样垫"])
            .at(instant("2026-11-20T02:00:00Z"))
            .build()
    }

    #[test]
    fn a_work_order_round_trips_through_automerge() {
        let wo = sample();
        let am = doc::create(DocKind::WorkOrder, &wo).unwrap();
        let back: WorkOrder = doc::read(&am, DocKind::WorkOrder).unwrap();
        assert_eq!(back, wo);
        assert_eq!(doc::kind_of(&am), Some(DocKind::WorkOrder));
    }

    #[test]
    fn the_document_uses_the_documented_key_names_and_scalars() {
        let am = doc::create(DocKind::WorkOrder, &sample()).unwrap();
        let v = serde_json::to_value(automerge::AutoSerde::from(&am)).unwrap();
        assert_eq!(v["kind"], "wo");
        assert_eq!(v["v"], 1);
        assert_eq!(v["status"], "new");
        assert_eq!(v["priority"], "P2");
        assert_eq!(v["reported_at"], "2026-11-20T02:00:00Z");
        assert_eq!(v["equipment"]["accepted_on"], "2025-03-01");
        assert_eq!(v["customer"]["org"], "重庆市农业委员会检测中心");
    }

    #[test]
    fn a_reader_keeps_fields_it_does_not_know() {
        let mut am = doc::create(DocKind::WorkOrder, &sample()).unwrap();
        am.put(ROOT, "added_by_a_newer_client", "x").unwrap();
        let mut wo: WorkOrder = doc::read(&am, DocKind::WorkOrder).unwrap();
        wo.fault = "changed".into();
        doc::write(&mut am, &wo).unwrap();
        assert!(am.get(ROOT, "added_by_a_newer_client").unwrap().is_some());
    }

    #[test]
    fn reading_a_pickup_as_a_work_order_is_refused() {
        let mut am = doc::create(DocKind::WorkOrder, &sample()).unwrap();
        am.put(ROOT, "kind", "pickup").unwrap();
        let err = doc::read::<WorkOrder, _>(&am, DocKind::WorkOrder).unwrap_err();
        assert!(err.to_string().contains("expected wo"), "{err}");
    }
}
