//! The monthly complaint report 用户投诉月报: the month's complaints by
//! class, how many were found not ours, the work orders closed in the
//! month and the complaint rate (none when no order was closed, never a
//! division by zero), when it is due and whether it was submitted on
//! time; and its CSV export. Pure: the caller gives the month's lines and
//! closed-order count (read from the projections in the company's time
//! zone).
//!
//! The CSV is UTF-8 with a byte-order mark (so spreadsheet programs read
//! the Chinese), comma-separated, CRLF line ends (RFC 4180, written by the
//! `csv` crate); a field with a comma, quote, CR or LF is quoted with its
//! quotes doubled, and a text
//! field that would start a spreadsheet formula (`=`, `+`, `-`, `@`, tab)
//! is prefixed with `'`.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use ts_rs::TS;

use super::views::ComplaintRow;
use super::words::{class_zh, stage_zh, state_zh};
use crate::model::{ComplaintClass, ComplaintReportRecord, Ts};
use crate::rules::complaints::{complaint_rate, month_bounds, monthly_report_deadline};
use crate::rules::{report_state, ReportState};

/// How many complaints of one class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ClassCount {
    /// The class.
    pub class: ComplaintClass,
    /// Complaints of it received in the month.
    pub count: u32,
}

/// One complaint of the month, as the report lists it: the list's row
/// and the customer's organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ReportLine {
    /// The complaint as the list has it.
    #[serde(flatten)]
    #[ts(flatten)]
    pub complaint: ComplaintRow,
    /// The customer's organisation, when known.
    pub customer_org: Option<String>,
}

/// One month's complaint report.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct MonthlyReport {
    /// The year.
    pub year: i32,
    /// The month, 1–12.
    pub month: u32,
    /// The company's time zone the month is counted in.
    pub time_zone: String,
    /// Local midnight of the 1st.
    pub period_start: Ts,
    /// Local midnight of the next month's 1st (excluded).
    pub period_end: Ts,
    /// 17:00 local on the 5th of the next month.
    pub due_at: Ts,
    /// Open, due, overdue, on time or late.
    pub state: ReportState,
    /// Complaints by class, every class listed.
    pub by_class: Vec<ClassCount>,
    /// Complaints received in the month.
    pub total: u32,
    /// Of them, found not ours.
    pub not_ours: u32,
    /// Work orders closed in the month.
    pub closed_orders: u32,
    /// Complaints ÷ closed orders; `None` when no order was closed.
    pub rate: Option<f64>,
    /// The submission, once submitted.
    pub submission: Option<ComplaintReportRecord>,
    /// The submitter's display name.
    pub submitted_by_name: Option<String>,
    /// The month's complaints, oldest first.
    pub lines: Vec<ReportLine>,
}

impl MonthlyReport {
    /// The report of `month` of `year` in `tz` at `now`, from the month's
    /// complaint lines (complaints received in the month) and the number
    /// of work orders closed in it.
    pub fn build(
        (year, month): (i32, u32),
        tz: Tz,
        now: DateTime<Utc>,
        mut lines: Vec<ReportLine>,
        closed_orders: u32,
        submission: Option<ComplaintReportRecord>,
    ) -> MonthlyReport {
        lines.sort_by(|a, b| {
            let (a, b) = (&a.complaint, &b.complaint);
            (a.received_at, &a.id).cmp(&(b.received_at, &b.id))
        });
        let total = u32::try_from(lines.len()).unwrap_or(u32::MAX);
        let by_class = ComplaintClass::ALL
            .iter()
            .map(|&class| ClassCount {
                class,
                count: lines.iter().filter(|l| l.complaint.class == class).count() as u32,
            })
            .collect();
        let (start, end) = month_bounds(year, month, tz);
        let submitted = submission.as_ref().map(|s| s.submitted_at.0);
        MonthlyReport {
            year,
            month,
            time_zone: tz.name().to_string(),
            period_start: start.into(),
            period_end: end.into(),
            due_at: monthly_report_deadline(year, month, tz).into(),
            state: report_state(year, month, tz, submitted, now),
            by_class,
            total,
            not_ours: lines.iter().filter(|l| l.complaint.not_ours).count() as u32,
            closed_orders,
            rate: complaint_rate(total, closed_orders),
            submission,
            submitted_by_name: None,
            lines,
        }
    }

    /// `YYYY-MM`.
    pub fn month_key(&self) -> String {
        super::ops::month_key(self.year, self.month)
    }

    /// A file name for the export: `complaint-report-2026-03.<ext>`.
    pub fn file_name(&self, ext: &str) -> String {
        format!("complaint-report-{}.{ext}", self.month_key())
    }

    /// The rate as printed: `5.0%`, or the sentence saying no work order
    /// was closed.
    pub fn rate_zh(&self) -> String {
        match self.rate {
            Some(r) => format!("{:.1}%", r * 100.0),
            None => "当月没有关闭的工单，不计算投诉率".to_string(),
        }
    }

    /// The report's state as printed, with the submission when there is one.
    pub fn state_line_zh(&self, tz: Tz) -> String {
        let state = state_zh(self.state);
        match &self.submission {
            Some(s) => format!(
                "{state}（{}，{}）",
                self.submitted_by_name.as_deref().unwrap_or(&s.submitted_by),
                local(s.submitted_at.0, tz)
            ),
            None => state.to_string(),
        }
    }

    /// The period as printed: `2026-03-01 至 2026-03-31`.
    pub fn period_zh(&self, tz: Tz) -> String {
        let last = self.period_end.0 - chrono::Duration::seconds(1);
        format!(
            "{} 至 {}",
            self.period_start.0.with_timezone(&tz).format("%Y-%m-%d"),
            last.with_timezone(&tz).format("%Y-%m-%d")
        )
    }

    /// The report as CSV text (see the module doc).
    pub fn to_csv(&self, company: &str, tz: Tz) -> String {
        let mut rows: Vec<Vec<String>> = vec![
            vec!["用户投诉月报".into(), self.month_key()],
            vec!["公司".into(), text(company)],
            vec![
                "统计期间".into(),
                format!("{}（{}）", self.period_zh(tz), self.time_zone),
            ],
            vec!["提交截止".into(), local(self.due_at.0, tz)],
            vec!["状态".into(), text(&self.state_line_zh(tz))],
            vec![],
            vec!["类别".into(), "投诉数".into()],
        ];
        for c in &self.by_class {
            rows.push(vec![class_zh(c.class).into(), c.count.to_string()]);
        }
        rows.push(vec!["合计".into(), self.total.to_string()]);
        rows.push(vec!["其中非我方原因".into(), self.not_ours.to_string()]);
        rows.push(vec![
            "当月关闭工单数".into(),
            self.closed_orders.to_string(),
        ]);
        rows.push(vec!["投诉率".into(), self.rate_zh()]);
        rows.push(vec![]);
        rows.push(
            [
                "接收时间",
                "用户单位",
                "类别",
                "订单编号",
                "料号",
                "数量",
                "不良数量",
                "处理进度",
                "非我方原因",
            ]
            .map(String::from)
            .to_vec(),
        );
        for line in &self.lines {
            let l = &line.complaint;
            rows.push(vec![
                local(l.received_at.0, tz),
                text(line.customer_org.as_deref().unwrap_or("")),
                class_zh(l.class).into(),
                text(&l.order_no),
                text(&l.part_no),
                l.quantity.to_string(),
                l.defective_qty.to_string(),
                stage_zh(l.stage).into(),
                if l.not_ours { "是" } else { "否" }.into(),
            ]);
        }
        // The sections (summary, classes, complaints) are written apart and
        // joined by an empty line: the csv crate writes an empty record as `""`.
        let sections: Vec<String> = rows.split(Vec::is_empty).map(csv_lines).collect();
        format!("\u{feff}{}", sections.join("\r\n"))
    }
}

/// Records as CSV lines (RFC 4180, CRLF; a field with a comma, quote, CR
/// or LF quoted, its quotes doubled); records may differ in length.
fn csv_lines(records: &[Vec<String>]) -> String {
    let mut w = ::csv::WriterBuilder::new()
        .flexible(true)
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let written = (|| -> Result<Vec<u8>, Box<dyn std::error::Error>> {
        for r in records {
            w.write_record(r)?;
        }
        Ok(w.into_inner().map_err(|e| e.into_error())?)
    })();
    // Records written into memory cannot fail, and every field is UTF-8.
    String::from_utf8(written.expect("a CSV written into memory")).expect("UTF-8 fields")
}

/// An instant as printed on the report: local `YYYY-MM-DD HH:MM`.
pub fn local(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
}

/// A user's text made safe for a spreadsheet: a leading formula character
/// gets a `'` before it.
pub fn text(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

#[cfg(test)]
impl ReportLine {
    /// A line of the report tests: 2 of 10 parts of order PO-1 defective,
    /// at the analysis step, from 华东计量检测中心.
    pub(crate) fn sample(received_at: Ts, class: ComplaintClass, not_ours: bool) -> ReportLine {
        use super::steps::ComplaintStage;
        use crate::model::{DocId, DocKind};
        ReportLine {
            complaint: ComplaintRow {
                id: DocId::new(DocKind::Complaint),
                class,
                customer_id: None,
                work_order_id: None,
                order_no: "PO-1".into(),
                part_no: "PN-1001".into(),
                quantity: 10,
                defective_qty: 2,
                stage: ComplaintStage::Analyse,
                received_at,
                last_step_at: None,
                closed_at: None,
                not_ours,
            },
            customer_org: Some("华东计量检测中心".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{at, instant};
    use chrono_tz::Asia::Shanghai;

    fn line(received: &str, class: ComplaintClass, not_ours: bool) -> ReportLine {
        ReportLine::sample(at(received), class, not_ours)
    }

    fn april_2() -> DateTime<Utc> {
        instant("2026-04-02T10:00:00+08:00")
    }

    #[test]
    fn complaints_are_counted_by_class_and_the_rate_is_per_closed_order() {
        let lines = vec![
            line("2026-03-31T23:30:00+08:00", ComplaintClass::Quality, false),
            line("2026-03-02T09:00:00+08:00", ComplaintClass::Quality, false),
            line(
                "2026-03-10T09:00:00+08:00",
                ComplaintClass::NonQualityHuman,
                true,
            ),
        ];
        let r = MonthlyReport::build((2026, 3), Shanghai, april_2(), lines, 40, None);
        let counts: Vec<u32> = r.by_class.iter().map(|c| c.count).collect();
        assert_eq!(counts, vec![2, 1, 0]);
        assert_eq!((r.total, r.not_ours, r.closed_orders), (3, 1, 40));
        assert_eq!(r.rate, Some(0.075));
        assert_eq!(r.rate_zh(), "7.5%");
        assert_eq!(r.state, ReportState::Due);
        assert_eq!(r.due_at, at("2026-04-05T09:00:00Z"));
        assert_eq!(r.period_zh(Shanghai), "2026-03-01 至 2026-03-31");
        assert_eq!(
            r.lines.last().unwrap().complaint.received_at,
            at("2026-03-31T23:30:00+08:00"),
            "oldest first; 23:30 on the last day is in the month"
        );
    }

    #[test]
    fn a_month_without_closed_orders_says_so_instead_of_dividing_by_zero() {
        let lines = vec![line(
            "2026-03-02T09:00:00+08:00",
            ComplaintClass::Other,
            false,
        )];
        let r = MonthlyReport::build((2026, 3), Shanghai, april_2(), lines, 0, None);
        assert_eq!(r.rate, None);
        assert_eq!(r.rate_zh(), "当月没有关闭的工单，不计算投诉率");
        assert!(r
            .to_csv("公司", Shanghai)
            .contains("投诉率,当月没有关闭的工单，不计算投诉率\r\n"));
    }

    #[test]
    fn a_submission_on_time_and_a_late_one() {
        let record = |submitted: &str| ComplaintReportRecord {
            id: super::super::report_id(2026, 3),
            year: 2026,
            month: 3,
            submitted_at: at(submitted),
            submitted_by: "office".into(),
            complaints: 0,
            closed_orders: 0,
        };
        let now = instant("2026-04-20T10:00:00+08:00");
        let r = |s| MonthlyReport::build((2026, 3), Shanghai, now, vec![], 5, Some(record(s)));
        assert_eq!(r("2026-04-05T17:00:00+08:00").state, ReportState::OnTime);
        assert_eq!(r("2026-04-05T17:01:00+08:00").state, ReportState::Late);
        let none = MonthlyReport::build((2026, 3), Shanghai, now, vec![], 5, None);
        assert_eq!(none.state, ReportState::Overdue);
        assert_eq!(
            r("2026-04-03T09:00:00+08:00").state_line_zh(Shanghai),
            "已按时提交（office，2026-04-03 09:00）"
        );
    }

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        let r = MonthlyReport::build((2026, 3), Shanghai, april_2(), vec![], 0, None);
        for (company, field) in [
            ("plain 文字", "plain 文字"),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("two\nlines", "\"two\nlines\""),
            ("cr\r", "\"cr\r\""),
        ] {
            let line = format!("\r\n公司,{field}\r\n");
            assert!(r.to_csv(company, Shanghai).contains(&line), "{company:?}");
        }
        assert_eq!(text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(text("-5"), "'-5");
        assert_eq!(text("PO-1"), "PO-1");
    }

    #[test]
    fn the_csv_has_the_summary_then_one_line_per_complaint() {
        let mut l = line("2026-03-02T09:00:00+08:00", ComplaintClass::Quality, true);
        l.customer_org = Some("华东, \"计量\"".into());
        l.complaint.order_no = "=1+1".into();
        let r = MonthlyReport::build((2026, 3), Shanghai, april_2(), vec![l], 40, None);
        let csv = r.to_csv("重庆仪器", Shanghai);
        assert!(csv.starts_with("\u{feff}用户投诉月报,2026-03\r\n公司,重庆仪器\r\n"));
        assert!(csv.contains("统计期间,2026-03-01 至 2026-03-31（Asia/Shanghai）\r\n"));
        assert!(csv.contains("提交截止,2026-04-05 17:00\r\n"));
        assert!(csv.contains("质量异常,1\r\n非质量异常（人为原因）,0\r\n其它,0\r\n合计,1\r\n"));
        assert!(
            csv.contains("投诉率,2.5%\r\n\r\n接收时间,"),
            "one empty line between sections"
        );
        assert!(csv.ends_with(
            "2026-03-02 09:00,\"华东, \"\"计量\"\"\",质量异常,'=1+1,PN-1001,10,2,待分析核实,是\r\n"
        ));
        // Every record has the same field count within its section.
        let header = csv.lines().find(|l| l.starts_with("接收时间")).unwrap();
        assert_eq!(header.split(',').count(), 9);
    }
}
