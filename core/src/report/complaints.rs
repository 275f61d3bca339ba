//! The monthly complaint report 用户投诉月报 printed as PDF, in Chinese:
//! the month and its period in the company's time zone, when it is due
//! and whether it was submitted on time, the complaints by class, how
//! many were not ours, the work orders closed and the complaint rate (or
//! the sentence saying no order was closed), then the month's complaints
//! one per row. Laid out with the record's [`Flow`], set in the same CJK
//! font.

use chrono_tz::Tz;

use super::layout::Flow;
use super::{render_pages, CjkFont, ReportError};
use crate::complaints::report::local;
use crate::complaints::words::{class_zh, stage_zh};
use crate::complaints::MonthlyReport;

/// Lays the report out into pages of drawing operations.
pub fn layout_complaint_report(
    r: &MonthlyReport,
    company: &str,
    font: &CjkFont,
) -> Vec<Vec<super::layout::Op>> {
    let tz: Tz = r.time_zone.parse().unwrap_or(chrono_tz::Asia::Shanghai);
    let mut f = Flow::new(font, format!("{} 用户投诉月报 {}", company, r.month_key()));
    f.centred(&format!("{company} 用户投诉月报"), 17.0);
    f.centred(
        &format!("{}年{}月 · Monthly complaint report", r.year, r.month),
        11.0,
    );
    f.gap(4.0);
    f.row(
        "统计期间",
        &format!("{}（{}）", r.period_zh(tz), r.time_zone),
    );
    f.row("提交截止", &local(r.due_at.0, tz));
    f.row("状态", &r.state_line_zh(tz));

    f.heading("投诉汇总 Summary");
    let mut rows: Vec<Vec<String>> = r
        .by_class
        .iter()
        .map(|c| vec![class_zh(c.class).to_string(), c.count.to_string()])
        .collect();
    rows.push(vec!["合计".into(), r.total.to_string()]);
    rows.push(vec!["其中非我方原因".into(), r.not_ours.to_string()]);
    f.table(&[("类别", 3.0, false), ("投诉数", 1.0, true)], &rows);
    f.gap(4.0);
    f.row("当月关闭工单", &r.closed_orders.to_string());
    f.row("投诉率", &r.rate_zh());
    f.row("计算方法", "投诉率 = 当月投诉数 ÷ 当月关闭工单数");

    f.heading("当月投诉 Complaints");
    if r.lines.is_empty() {
        f.para("本月无用户投诉。");
    } else {
        let rows: Vec<Vec<String>> = r
            .lines
            .iter()
            .map(|line| {
                let l = &line.complaint;
                vec![
                    local(l.received_at.0, tz),
                    line.customer_org.clone().unwrap_or_else(|| "—".into()),
                    class_zh(l.class).to_string(),
                    format!("{} / {}", l.order_no, l.part_no),
                    format!("{} / {}", l.defective_qty, l.quantity),
                    format!(
                        "{}{}",
                        stage_zh(l.stage),
                        if l.not_ours { "·非我方原因" } else { "" }
                    ),
                ]
            })
            .collect();
        f.table(
            &[
                ("接收时间", 2.2, false),
                ("用户单位", 2.6, false),
                ("类别", 1.6, false),
                ("订单编号 / 料号", 2.2, false),
                ("不良 / 数量", 1.3, true),
                ("处理进度", 1.8, false),
            ],
            &rows,
        );
    }
    f.finish()
}

/// Renders the report as PDF bytes.
pub fn render_complaint_report(
    r: &MonthlyReport,
    company: &str,
    font: &CjkFont,
) -> Result<Vec<u8>, ReportError> {
    let pages = layout_complaint_report(r, company, font);
    render_pages(
        &pages,
        font,
        &format!("{company} 用户投诉月报 {}", r.month_key()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::complaints::steps::ComplaintStage;
    use crate::complaints::ReportLine;
    use crate::model::ComplaintClass;
    use crate::report::layout::Op;
    use crate::testing::{at, instant};

    fn report(closed: u32) -> MonthlyReport {
        let mut line = ReportLine::sample(
            at("2026-03-31T23:30:00+08:00"),
            ComplaintClass::Quality,
            false,
        );
        line.complaint.order_no = "PO-7".into();
        line.complaint.stage = ComplaintStage::Close;
        MonthlyReport::build(
            (2026, 3),
            chrono_tz::Asia::Shanghai,
            instant("2026-04-02T10:00:00+08:00"),
            vec![line],
            closed,
            None,
        )
    }

    fn texts(pages: &[Vec<Op>]) -> String {
        pages
            .iter()
            .flatten()
            .filter_map(|op| match op {
                Op::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn the_report_prints_the_counts_the_rate_and_the_month_in_chinese() {
        let Ok(font) = CjkFont::from_system() else {
            eprintln!("SKIPPED: no CJK font");
            return;
        };
        let t = texts(&layout_complaint_report(&report(40), "重庆仪器", &font));
        for want in [
            "重庆仪器 用户投诉月报",
            "2026-03-01 至 2026-03-31（Asia/Shanghai）",
            "2026-04-05 17:00",
            "待提交",
            "质量异常",
            "2.5%",
            "华东计量检测中心",
            "2026-03-31 23:30",
        ] {
            assert!(t.contains(want), "{want} missing from:\n{t}");
        }
        let none = texts(&layout_complaint_report(&report(0), "重庆仪器", &font));
        assert!(none.contains("当月没有关闭的工单，不计算投诉率"));
        let pdf = render_complaint_report(&report(40), "重庆仪器", &font).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
    }
}
