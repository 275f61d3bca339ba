//! Sample documents for the store's integration tests.

use std::collections::BTreeMap;

use automerge::AutoCommit;
use chrono::{DateTime, Utc};
use onsite_core::doc;
use onsite_core::model::*;
use onsite_core::rules::Status;

/// An instant from RFC 3339 text.
pub fn at(s: &str) -> Ts {
    Ts(s.parse::<DateTime<Utc>>().unwrap())
}

/// A new assigned P2 repair order.
pub fn work_order(suffix: &str) -> WorkOrder {
    WorkOrder {
        id: DocId::with_suffix(DocKind::WorkOrder, suffix),
        number: format!("WO-2026-01-{suffix:0>6}"),
        order_kind: OrderKind::Repair,
        status: Status::Assigned,
        paused_from: None,
        priority: Priority::P2,
        customer_id: None,
        customer: CustomerInfo {
            org: "某某研究所".into(),
            ..Default::default()
        },
        equipment: EquipmentInfo::default(),
        contract_id: None,
        fault: "reports errors".into(),
        reported_at: at("2026-03-02T01:00:00Z"),
        visit_needed: true,
        repair_items: vec![],
        estimate_fen: 0,
        appointment: None,
        assignee: Some("zhang".into()),
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

/// A part document with `qty` in the main warehouse.
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

/// A pickup of one unit of `part_no` for `wo`.
pub fn pickup(suffix: &str, wo: &DocId, part_no: &str) -> Pickup {
    Pickup {
        id: DocId::with_suffix(DocKind::Pickup, suffix),
        part_id: DocId::with_suffix(DocKind::Part, part_no),
        part_no: part_no.into(),
        name: format!("part {part_no}"),
        qty: 1,
        serials: vec![],
        work_order_id: wo.clone(),
        engineer: "zhang".into(),
        warehouse: MAIN_WAREHOUSE.into(),
        picked_at: at("2026-03-02T03:00:00Z"),
        used: 0,
        returned: 0,
        confirmed_by: None,
    }
}
