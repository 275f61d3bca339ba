//! Sample documents for the store's unit tests.

use std::collections::BTreeMap;

use automerge::AutoCommit;
use chrono::{DateTime, Utc};

use crate::doc;
use crate::model::*;
use crate::rules::Status;

/// An instant from RFC 3339 text.
pub fn at(s: &str) -> Ts {
    Ts(s.parse::<DateTime<Utc>>().unwrap())
}

/// A new P1 repair order reported at 2026-03-02T01:00:00Z (a Monday, 09:00 in Shanghai).
pub fn work_order(suffix: &str, assignee: Option<&str>) -> WorkOrder {
    WorkOrder {
        id: DocId::with_suffix(DocKind::WorkOrder, suffix),
        number: format!("WO-2026-01-{suffix:0>6}"),
        order_kind: OrderKind::Repair,
        status: if assignee.is_some() {
            Status::Assigned
        } else {
            Status::New
        },
        paused_from: None,
        priority: Priority::P1,
        customer_id: None,
        customer: CustomerInfo {
            org: "某某医院".into(),
            ..Default::default()
        },
        equipment: EquipmentInfo::default(),
        contract_id: None,
        fault: "no power".into(),
        reported_at: at("2026-03-02T01:00:00Z"),
        visit_needed: true,
        repair_items: vec![],
        estimate_fen: 0,
        appointment: None,
        assignee: assignee.map(Into::into),
        timeline: Timeline::default(),
        history: vec![],
        service: ServiceRecord::default(),
        parts_used: vec![],
        charge_override: None,
        loaner: None,
        notes: vec![],
        signoff: None,
        filing: None,
        tamper_flag: None,
        follow_ups: vec![],
        created_at: at("2026-03-02T01:00:00Z"),
        created_by: "office".into(),
    }
}

/// The document of [`work_order`].
pub fn wo_doc(suffix: &str, assignee: Option<&str>) -> (DocId, AutoCommit) {
    let wo = work_order(suffix, assignee);
    (wo.id.clone(), doc::create(DocKind::WorkOrder, &wo).unwrap())
}

/// A part with `qty` in the main warehouse.
pub fn part_doc(part_no: &str, qty: i64) -> (DocId, AutoCommit) {
    let part = Part {
        id: DocId::with_suffix(DocKind::Part, part_no),
        part_no: part_no.into(),
        name: format!("part {part_no}"),
        unit_cost_fen: 1000,
        standard_price_fen: 1500,
        low_threshold: 2,
    };
    let mut d = doc::create(DocKind::Part, &part).unwrap();
    doc::init_stock(&mut d, &BTreeMap::from([(MAIN_WAREHOUSE.to_string(), qty)])).unwrap();
    (part.id, d)
}

/// A pickup of `qty` of `part_no` for work order `wo`.
pub fn pickup_doc(suffix: &str, wo: &DocId, part_no: &str, qty: i64) -> (DocId, AutoCommit) {
    let p = Pickup {
        id: DocId::with_suffix(DocKind::Pickup, suffix),
        part_id: DocId::with_suffix(DocKind::Part, part_no),
        part_no: part_no.into(),
        name: format!("part {part_no}"),
        qty,
        serials: vec![],
        work_order_id: wo.clone(),
        engineer: "zhang".into(),
        warehouse: MAIN_WAREHOUSE.into(),
        picked_at: at("2026-03-02T03:00:00Z"),
        used: 0,
        returned: 0,
        confirmed_by: None,
    };
    (p.id.clone(), doc::create(DocKind::Pickup, &p).unwrap())
}

/// Reads a work order out of a document.
pub fn read_wo(d: &AutoCommit) -> WorkOrder {
    doc::read(d, DocKind::WorkOrder).unwrap()
}
