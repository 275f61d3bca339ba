//! The printable service record 售后服务统计 as a PDF (feature `report`).
//!
//! Pure: a [`WorkOrder`] with its charges (and the signature strokes it
//! carries) goes in, PDF bytes come out — no store, no clock, no files
//! except the font. The text is set in a CJK font found on the system at
//! run time ([`CjkFont::from_system`], `ONSITE_CJK_FONT` overrides) and
//! embedded as a subset; the signature is drawn as vector strokes from the
//! same points the customer drew (1000 × 400 box).
//!
//! The record shows: header (company after-sales service record, number),
//! customer, equipment, warranty tier, fault, agreed items, timeline, work
//! done, findings, parts, itemised charges and total (and an override with
//! its reason), opinion, satisfaction, signer, signed time, content hash,
//! the filing receipt if any, and the signature.
//!
//! PDF writer: `krilla` (subsets and embeds TrueType/OpenType/CFF fonts,
//! also faces of `.ttc` collections, writes ToUnicode maps so the text can
//! be searched and extracted, and draws vector paths).

pub mod font;
pub mod layout;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

pub use font::CjkFont;
use layout::{Flow, BODY, MARGIN};

use crate::model::{Ts, WorkOrder};
use crate::rules::{Basis, ChargeKind, Charges, Tier};
use crate::service::ApiError;

/// Why a record could not be rendered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    /// No usable CJK font (`font_missing`).
    #[error("{0}")]
    FontMissing(String),
    /// The PDF writer failed.
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
}

impl From<ReportError> for ApiError {
    fn from(e: ReportError) -> ApiError {
        match e {
            ReportError::FontMissing(m) => {
                ApiError::new(crate::service::error::ErrorCode::FontMissing, m)
            }
            ReportError::Pdf(m) => ApiError::internal(format!("the PDF could not be written: {m}")),
        }
    }
}

/// What goes on the record.
#[derive(Debug, Clone, Copy)]
pub struct RecordInput<'a> {
    /// The work order (its sign-off carries opinion, signer, strokes, hash).
    pub wo: &'a WorkOrder,
    /// The charges as shown (as signed, once signed).
    pub charges: &'a Charges,
    /// The warranty tier of the call.
    pub tier: Tier,
    /// Times are printed in this zone.
    pub tz: Tz,
    /// The company name in the header.
    pub company: &'a str,
}

/// Renders the record as PDF bytes.
pub fn render_record(input: &RecordInput<'_>, font: &CjkFont) -> Result<Vec<u8>, ReportError> {
    let pages = layout_record(input, font);
    render_pages(&pages, font, &format!("{} 售后服务统计", input.wo.number))
}

/// Draws laid-out pages.
pub fn render_pages(
    pages: &[Vec<layout::Op>],
    font: &CjkFont,
    title: &str,
) -> Result<Vec<u8>, ReportError> {
    layout::render(pages, font, title)
}

/// Lays the record out into pages of drawing operations.
pub fn layout_record(input: &RecordInput<'_>, font: &CjkFont) -> Vec<Vec<layout::Op>> {
    let RecordInput {
        wo,
        charges,
        tier,
        tz,
        company,
    } = *input;
    let t = |ts: &Ts| local(ts.0, tz);
    let ot = |ts: &Option<Ts>| ts.as_ref().map(t).unwrap_or_else(|| "—".into());
    let mut f = Flow::new(font, format!("{} · {}", wo.number, company));

    f.centred(&format!("{company} 售后服务记录"), 17.0);
    f.centred("售后服务统计 · After-sales service record", 11.0);
    f.gap(4.0);
    f.row("编号 No.", &wo.number);
    f.row("状态 Status", wo.status.as_str());

    f.heading("用户 Customer");
    f.row("用户单位", &wo.customer.org);
    f.row("现场地址", &wo.customer.site_address);
    f.row("联系人", &wo.customer.contact);
    f.row("联系电话", &wo.customer.phone);

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

    f.heading("故障 Fault");
    f.row("报修时间", &t(&wo.reported_at));
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

    f.heading("时间线 Timeline");
    f.row("响应", &ot(&wo.timeline.responded_at));
    f.row("出发", &ot(&wo.timeline.departed_at));
    f.row("到达现场", &ot(&wo.timeline.arrived_at));
    f.row("解决", &ot(&wo.timeline.resolved_at));
    if let Some(l) = &wo.loaner {
        f.row(
            "备用机",
            &format!(
                "{} {} · {} → {}",
                l.model,
                l.serial,
                t(&l.issued_at),
                ot(&l.returned_at)
            ),
        );
    }

    f.heading("维修记录 Service");
    f.row("维修内容", &wo.service.work_done);
    f.row("检查结果", &wo.service.findings);
    f.row("工时", &format!("{} 分钟", wo.service.labour_minutes));
    if let Some(a) = &wo.assignee {
        f.row("工程师", a);
    }

    f.heading("备件 Parts");
    if wo.parts_used.is_empty() {
        f.para("未使用备件");
    } else {
        let rows: Vec<Vec<String>> = wo
            .parts_used
            .iter()
            .map(|p| vec![p.part_no.clone(), p.name.clone(), p.qty.to_string()])
            .collect();
        f.table(
            &[
                ("料号", 2.0, false),
                ("名称", 4.0, false),
                ("数量", 1.0, true),
            ],
            &rows,
        );
    }

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
    f.table(
        &[
            ("项目", 4.0, false),
            ("数量", 1.2, true),
            ("单价", 1.5, true),
            ("计费依据", 1.6, false),
            ("金额", 1.5, true),
        ],
        &rows,
    );
    f.gap(2.0);
    if let Some(ov) = &charges.override_ {
        f.row("计算金额", &yuan(charges.computed_total_fen()));
        f.row(
            "调整后金额",
            &format!(
                "{} — {}（{}，{}）",
                yuan(ov.amount_fen),
                ov.reason,
                ov.by,
                local(ov.at, tz)
            ),
        );
    }
    f.row("合计 Total", &yuan(charges.total_fen));
    if charges.under_contract {
        f.row("", "按服务合同计费");
    }

    if wo.signoff.is_some() {
        // Keep the sign-off and its signature on one page.
        f.need(BODY * 12.0 + 260.0 * 0.4);
    }
    f.heading("用户确认 Customer sign-off");
    match &wo.signoff {
        Some(s) => {
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
            f.row("签字时间", &t(&s.signed_at));
            f.row("内容哈希", &s.content_hash);
            f.gap(2.0);
            f.text_line(MARGIN, "用户签字", BODY, true);
            f.signature(&s.strokes, 260.0);
        }
        None => f.para("未签字 — not signed"),
    }

    f.heading("归档 Filing");
    match &wo.filing {
        Some(r) => {
            f.row("归档时间", &t(&r.received_at));
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
            &format!("{} ({})", flag.reason, t(&flag.detected_at)),
        );
    }
    f.finish()
}

/// `2026-03-01 09:30` in `tz`.
fn local(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
}

/// Fen as `¥1,234.50`.
pub fn yuan(fen: i64) -> String {
    let neg = fen < 0;
    let f = fen.unsigned_abs();
    let int = (f / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{}¥{grouped}.{:02}", if neg { "-" } else { "" }, f % 100)
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

#[cfg(test)]
mod tests;
