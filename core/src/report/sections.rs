//! The record's sections, in print order: each writes its heading and rows
//! into the [`Flow`]. [`super::layout_record`] calls them one after another.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::layout::{Flow, BODY, MARGIN};
use super::{yuan, RecordInput};
use crate::model::{Ts, WorkOrder};
use crate::rules::state::Status;
use crate::rules::{Basis, ChargeKind, Charges, Tier};
use crate::service::PickupLine;

/// An instant as printed, in `tz`.
fn at(ts: &Ts, tz: Tz) -> String {
    local(ts.0, tz)
}

/// An optional instant as printed; `—` when absent.
fn at_opt(ts: &Option<Ts>, tz: Tz) -> String {
    ts.as_ref()
        .map(|ts| at(ts, tz))
        .unwrap_or_else(|| "—".into())
}

/// Title, number and status.
pub(super) fn header(f: &mut Flow<'_>, wo: &WorkOrder, company: &str) {
    f.centred(&format!("{company} 售后服务记录"), 17.0);
    f.centred("售后服务统计 · After-sales service record", 11.0);
    f.gap(4.0);
    f.row("编号 No.", &wo.number);
    f.row("状态 Status", status_zh(wo.status));
}

/// The customer and the site.
pub(super) fn customer(f: &mut Flow<'_>, wo: &WorkOrder) {
    f.heading("用户 Customer");
    f.row("用户单位", &wo.customer.org);
    f.row("现场地址", &wo.customer.site_address);
    f.row("联系人", &wo.customer.contact);
    f.row("联系电话", &wo.customer.phone);
}

/// The equipment and its warranty tier.
pub(super) fn equipment(f: &mut Flow<'_>, wo: &WorkOrder, tier: Tier) {
    f.heading("设备 Equipment");
    f.row("型号", &wo.equipment.model);
    f.row("序列号", &wo.equipment.serial);
    f.row(
        "验收日期",
        &wo.equipment
            .accepted_on
            .map(|d| d.to_string())
            .unwrap_or_else(|| "—".into()),
    );
    f.row(
        "原始最终用户",
        if wo.equipment.original_end_user {
            "是"
        } else {
            "否"
        },
    );
    f.row(
        "保修类别",
        &format!("{} ({})", tier.label_zh(), tier.as_str()),
    );
}

/// The call: when, priority, fault and the agreed repair items.
pub(super) fn fault(f: &mut Flow<'_>, wo: &WorkOrder, tz: Tz) {
    f.heading("故障 Fault");
    f.row("报修时间", &at(&wo.reported_at, tz));
    f.row("优先级", wo.priority.as_str());
    f.row("故障描述", &wo.fault);
    let items = if wo.repair_items.is_empty() {
        "—".to_string()
    } else {
        wo.repair_items
            .iter()
            .enumerate()
            .map(|(i, s)| format!("{}. {s}", i + 1))
            .collect::<Vec<_>>()
            .join("\n")
    };
    f.row("约定维修项目", &items);
}

/// A planned maintenance visit: its due window and its checklist, each
/// item done or not.
pub(super) fn planned(f: &mut Flow<'_>, wo: &WorkOrder) {
    let Some(p) = &wo.planned else { return };
    f.heading("计划维护 Planned maintenance");
    f.row(
        "维护期",
        &format!("{} — {}", p.period_start.0, p.period_end.0),
    );
    for item in &wo.checklist {
        let done = match item.done {
            true => "已完成",
            false => "未完成",
        };
        f.row(&item.text, done);
    }
}

/// Responded, departed, arrived, resolved, and the loaner if any.
pub(super) fn timeline(f: &mut Flow<'_>, wo: &WorkOrder, tz: Tz) {
    f.heading("时间线 Timeline");
    f.row("响应", &at_opt(&wo.timeline.responded_at, tz));
    f.row("出发", &at_opt(&wo.timeline.departed_at, tz));
    f.row("到达现场", &at_opt(&wo.timeline.arrived_at, tz));
    f.row("解决", &at_opt(&wo.timeline.resolved_at, tz));
    if let Some(l) = &wo.loaner {
        f.row(
            "备用机",
            &format!(
                "{} {} · {} → {}",
                l.model,
                l.serial,
                at(&l.issued_at, tz),
                at_opt(&l.returned_at, tz)
            ),
        );
    }
}

/// Work done, findings, labour and the engineer (by display name).
pub(super) fn service(f: &mut Flow<'_>, wo: &WorkOrder, input: &RecordInput<'_>) {
    f.heading("维修记录 Service");
    f.row("维修内容", &wo.service.work_done);
    f.row("检查结果", &wo.service.findings);
    f.row("工时", &format!("{} 分钟", wo.service.labour_minutes));
    if let Some(a) = &wo.assignee {
        f.row("工程师", input.name_of(a));
    }
}

/// The parts table's columns: header, relative width, right-aligned.
const PARTS_COLUMNS: &[(&str, f32, bool)] = &[
    ("料号", 2.0, false),
    ("名称", 3.0, false),
    ("序列号", 2.5, false),
    ("数量", 1.0, true),
];

/// The parts used, as a table, each with the serial numbers of the
/// pickup it came from.
pub(super) fn parts(f: &mut Flow<'_>, wo: &WorkOrder, pickups: &[PickupLine]) {
    f.heading("备件 Parts");
    if wo.parts_used.is_empty() {
        f.para("未使用备件");
        return;
    }
    let rows: Vec<Vec<String>> = wo
        .parts_used
        .iter()
        .map(|p| {
            let serials = pickups
                .iter()
                .find(|l| l.pickup_id == p.pickup_id)
                .map(|l| l.serials.join(", "))
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "—".into());
            vec![
                p.part_no.clone(),
                p.name.clone(),
                serials,
                p.qty.to_string(),
            ]
        })
        .collect();
    f.table(PARTS_COLUMNS, &rows);
}

/// The charges table's columns, as [`PARTS_COLUMNS`].
const CHARGES_COLUMNS: &[(&str, f32, bool)] = &[
    ("项目", 4.0, false),
    ("数量", 1.2, true),
    ("单价", 1.5, true),
    ("计费依据", 1.6, false),
    ("金额", 1.5, true),
];

/// The itemised charges, an override with its reason, and the total.
pub(super) fn charges(f: &mut Flow<'_>, charges: &Charges, tz: Tz, input: &RecordInput<'_>) {
    f.heading("费用明细 Charges");
    let rows: Vec<Vec<String>> = charges
        .lines
        .iter()
        .map(|l| {
            vec![
                format!("{} {}", kind_zh(l.kind), l.description),
                qty_text(l.kind, l.qty),
                yuan(l.unit_fen),
                basis_zh(l.basis).to_string(),
                yuan(l.amount_fen),
            ]
        })
        .collect();
    f.table(CHARGES_COLUMNS, &rows);
    f.gap(2.0);
    if let Some(ov) = &charges.override_ {
        f.row("计算金额", &yuan(charges.computed_total_fen()));
        f.row(
            "调整后金额",
            &format!(
                "{} — {}（{}，{}）",
                yuan(ov.amount_fen),
                ov.reason,
                input.name_of(&ov.by),
                local(ov.at, tz)
            ),
        );
    }
    f.row("合计 Total", &yuan(charges.total_fen));
    if charges.under_contract {
        f.row("", "按服务合同计费");
    }
}

/// The customer's sign-off and signature, kept on one page.
/// The photos 照片 as thumbnails, four to a row, each with its kind and
/// caption; nothing when the order has none.
pub(super) fn photos(
    f: &mut Flow<'_>,
    wo: &WorkOrder,
    thumbs: &std::collections::BTreeMap<String, Vec<u8>>,
) {
    if wo.photos.is_empty() {
        return;
    }
    f.heading("照片 Photos");
    let cells: Vec<_> = wo
        .photos
        .iter()
        .map(|p| {
            let jpeg = thumbs.get(&p.thumb).map(|b| std::sync::Arc::new(b.clone()));
            let missing = if jpeg.is_some() {
                ""
            } else {
                "（照片未在本机）"
            };
            let aspect = p.width.max(1) as f32 / p.height.max(1) as f32;
            let words = match p.caption.trim() {
                "" => format!("{}{missing}", photo_kind_zh(p.kind)),
                c => format!("{}：{c}{missing}", photo_kind_zh(p.kind)),
            };
            (jpeg, aspect, words)
        })
        .collect();
    for row in cells.chunks(4) {
        f.picture_row(row, 120.0);
    }
}

fn photo_kind_zh(k: crate::model::PhotoKind) -> &'static str {
    use crate::model::PhotoKind;
    match k {
        PhotoKind::Fault => "故障",
        PhotoKind::Nameplate => "铭牌",
        PhotoKind::Repair => "维修后",
        PhotoKind::Other => "其他",
    }
}

pub(super) fn signoff(f: &mut Flow<'_>, wo: &WorkOrder, tz: Tz) {
    if wo.signoff.is_some() {
        // Keep the sign-off and its signature on one page.
        f.need(BODY * 12.0 + 260.0 * 0.4);
    }
    f.heading("用户确认 Customer sign-off");
    let Some(s) = &wo.signoff else {
        f.para("未签字 — not signed");
        return;
    };
    f.row("用户意见", &s.opinion);
    let stars = s.satisfaction.clamp(0, 5) as usize;
    f.row(
        "满意度",
        &format!(
            "{}{} ({}/5)",
            "★".repeat(stars),
            "☆".repeat(5 - stars),
            s.satisfaction
        ),
    );
    f.row(
        "与约定项目一致",
        if s.matches_agreed_items { "是" } else { "否" },
    );
    f.row("签字人", &s.signer);
    f.row("签字时间", &at(&s.signed_at, tz));
    f.row("内容哈希", &s.content_hash);
    f.gap(2.0);
    f.text_line(MARGIN, "用户签字", BODY, true);
    f.signature(&s.strokes, 260.0);
}

/// The filing receipt, and a tamper warning if any.
pub(super) fn filing(f: &mut Flow<'_>, wo: &WorkOrder, tz: Tz) {
    f.heading("归档 Filing");
    match &wo.filing {
        Some(r) => {
            f.row("归档时间", &at(&r.received_at, tz));
            f.row(
                "方式",
                if r.via == "import" {
                    "导入 import"
                } else {
                    "同步 sync"
                },
            );
            f.row("回执哈希", &r.content_hash);
        }
        None => f.para("尚未归档 — not filed yet"),
    }
    if let Some(flag) = &wo.tamper_flag {
        f.row(
            "篡改警告",
            &format!("{} ({})", flag.reason, at(&flag.detected_at, tz)),
        );
    }
}

/// A status in the record's language (the words the Chinese UI uses).
fn status_zh(s: Status) -> &'static str {
    match s {
        Status::New => "新建",
        Status::Assigned => "已派工",
        Status::Responded => "已响应",
        Status::EnRoute => "在途",
        Status::OnSite => "在现场",
        Status::AwaitingParts => "等待备件",
        Status::OnHold => "暂停",
        Status::Resolved => "已修复",
        Status::Signed => "已签字",
        Status::Filed => "已存档",
        Status::Closed => "已关闭",
        Status::Cancelled => "已取消",
    }
}

/// `2026-03-01 09:30` in `tz`.
fn local(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
}

fn qty_text(kind: ChargeKind, qty: i64) -> String {
    match kind {
        ChargeKind::Labour => format!("{:.2} 小时", qty as f64 / 4.0),
        _ => qty.to_string(),
    }
}

fn kind_zh(k: ChargeKind) -> &'static str {
    match k {
        ChargeKind::Labour => "人工",
        ChargeKind::Part => "备件",
        ChargeKind::Travel => "交通",
        ChargeKind::Lodging => "住宿",
    }
}

fn basis_zh(b: Basis) -> &'static str {
    match b {
        Basis::Free => "免费",
        Basis::AtCost => "成本价",
        Basis::AtPrice => "标准价",
        Basis::StandardRate => "标准费率",
        Basis::ContractRate => "合同费率",
        Basis::Charged => "按实收取",
    }
}
