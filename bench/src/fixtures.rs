//! Realistic work orders for the benchmarks, made with core's
//! `testing::WorkOrderBuilder` (through core's own ops: `ops::new_work_order`,
//! `ops::assign`, `ops::apply_action`, `ops::update_service`) so they are
//! the ones the app makes: created by the office, assigned, then driven by
//! the engineer through the lifecycle, with a service record on the ones
//! that got that far. One in ten is cancelled by the office after assignment
//! (still the engineer's, not open).
//!
//! Call times are spread over the last ten days, so some clocks are
//! running, some due soon and some breached, as on a real list.

use automerge::AutoCommit;
use chrono::{DateTime, Duration, Utc};
use onsite_core::doc;
use onsite_core::model::{
    CustomerInfo, DocId, DocKind, EquipmentInfo, OrderKind, Priority, WorkOrder,
};
use onsite_core::ops::{self, Actor, ServicePatch};
use onsite_core::rules::state::{Action, Role};
use onsite_core::testing::WorkOrderBuilder;

const ORGS: [&str; 6] = [
    "内蒙古自治区农牧业科学院",
    "四川省疾病预防控制中心",
    "重庆市农业委员会检测中心",
    "云南省产品质量监督检验研究院",
    "贵州省分析测试研究院",
    "包头市环境监测中心站",
];

/// The actions the engineer takes for order number `i`.
fn path(i: usize) -> &'static [Action] {
    use Action::*;
    match i % 10 {
        1 | 2 => &[],
        3 => &[Respond],
        4 => &[Respond, Depart],
        5 => &[Respond, Depart, Arrive],
        6 => &[Respond, Depart, Arrive, AwaitParts],
        7 => &[Respond, Hold],
        _ => &[Respond, Depart, Arrive, Resolve],
    }
}

/// Work order number `i` assigned to `engineer`, as of `now`.
pub fn work_order(i: usize, engineer: &str, now: DateTime<Utc>) -> WorkOrder {
    let reported = now - Duration::minutes(((i * 37) % (10 * 24 * 60)) as i64 + 10);
    let kind = if i.is_multiple_of(7) {
        OrderKind::Maintenance
    } else {
        OrderKind::Repair
    };
    let order = WorkOrderBuilder::new()
        .kind(kind)
        .priority([Priority::P1, Priority::P2, Priority::P3, Priority::P4][i % 4])
        .customer_info(CustomerInfo {
            org: ORGS[i % ORGS.len()].into(),
            site_address: format!("{}号楼 {} 室", i % 40 + 1, 100 + i % 300),
            contact: "张明".into(),
            phone: format!("0471-59{:05}", i % 100_000),
        })
        .equipment(EquipmentInfo {
            model: "GC-2030 气相色谱仪".into(),
            serial: format!("GC2030-{i:06}"),
            accepted_on: None,
            original_end_user: true,
        })
        .fault(format!(
            "气相色谱仪FID无法点火，检测器无信号（第 {i} 号报修）"
        ))
        .repair_items(&["故障诊断", "维修并验证"])
        .estimate_fen(50_000)
        .number(onsite_core::model::work_order_number(2026, 1, i as u32 + 1))
        .at(reported)
        .assigned_to(engineer);
    if i.is_multiple_of(10) {
        return order.cancelled().build();
    }
    let order = order.actions(path(i));
    if path(i).len() < 3 {
        return order.build();
    }
    order
        .service(ServicePatch {
            work_done: Some("更换点火线圈，清洁喷嘴，运行标准样品验证".into()),
            findings: Some("点火线圈老化".into()),
            labour_minutes: Some(90),
            travel_fen: Some(12_000),
            lodging_fen: Some(0),
        })
        .build()
}

/// The Automerge document of [`work_order`], with its id.
pub fn work_order_doc(i: usize, engineer: &str, now: DateTime<Utc>) -> (DocId, AutoCommit) {
    let wo = work_order(i, engineer, now);
    let am = doc::create(DocKind::WorkOrder, &wo).expect("a work order document");
    (wo.id, am)
}

/// One small edit by the office (a note), as another device would make it.
pub fn office_note(am: &mut AutoCommit, text: &str, now: DateTime<Utc>) {
    let mut wo: WorkOrder = doc::read(am, DocKind::WorkOrder).expect("a work order");
    let office = Actor::new("office", Role::Office);
    ops::add_note(&mut wo, text, &office, now).expect("a note");
    doc::write(am, &wo).expect("write the note");
}

/// One small edit by the engineer: the service record's findings.
pub fn engineer_edit(am: &mut AutoCommit, text: &str) -> Result<(), onsite_core::doc::DocError> {
    let mut wo: WorkOrder = doc::read(am, DocKind::WorkOrder)?;
    wo.service.findings = text.to_string();
    doc::write(am, &wo)
}
