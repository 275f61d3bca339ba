//! What the office's reports screen shows and exports: the chosen period,
//! the report as a list of [`Table`]s (each with the chart drawn from it)
//! and the [`Drill`] selector a click on a bar or a row sends back to list
//! the orders behind it. Every table is already worded in the requested
//! language, so the screen, the CSV, the XLSX and the PDF show the same
//! words and numbers.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::{Day, Priority, Ts};
use crate::rules::warranty::Tier;

/// The period a report covers, in the company's time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum PeriodSpec {
    /// One calendar month (`month` 1–12).
    Month { year: i32, month: u32 },
    /// One quarter (`quarter` 1–4).
    Quarter { year: i32, quarter: u32 },
    /// One calendar year.
    Year { year: i32 },
    /// From `from` to `to`, both days included.
    Dates { from: Day, to: Day },
}

/// The report's language (the screen's, or the export's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum Lang {
    #[serde(rename = "zh-CN")]
    Zh,
    #[serde(rename = "en")]
    En,
}

/// Which of the three service-level clocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StatClock {
    Response,
    OnSite,
    Fix,
}

/// Where one clock of one order stands: done in time, done late or late
/// and still not done, or not done and not yet late.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ClockOutcome {
    Met,
    Breached,
    Running,
}

/// Where one signed record stands against the 5-day filing rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FilingOutcome {
    /// Received by the server (or imported by the office) before the deadline.
    OnTime,
    /// Received after the deadline.
    Late,
    /// Not received, and the deadline has passed.
    Overdue,
    /// Not received, deadline still ahead.
    NotYetFiled,
}

/// What a click on a bar or a table row asks for: the orders (or, for
/// complaints, the complaints) behind that figure. `None` fields do not
/// filter. `engineer: Some("")` is the unassigned orders; `contract:
/// Some("")` the orders under no contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "figure", rename_all = "snake_case")]
#[ts(export)]
pub enum Drill {
    Clock {
        clock: StatClock,
        outcome: Option<ClockOutcome>,
        /// `YYYY-MM` of the call, company time zone.
        month: Option<String>,
        priority: Option<Priority>,
        engineer: Option<String>,
    },
    Filing {
        outcome: Option<FilingOutcome>,
        engineer: Option<String>,
    },
    Satisfaction {
        rating: Option<u8>,
        engineer: Option<String>,
    },
    Charges {
        tier: Option<Tier>,
        contract: Option<String>,
    },
    Parts {
        part_no: Option<String>,
        warehouse: Option<String>,
    },
    Complaints {
        class: Option<String>,
        /// `YYYY-MM` the complaint was received.
        month: Option<String>,
    },
}

/// One cell. Money in fen (shown as yuan), minutes as durations, a share as
/// a fraction 0–1 (shown as a percentage); `Empty` where there is no value
/// (a median of no orders).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "t", content = "v", rename_all = "snake_case")]
#[ts(export)]
pub enum Cell {
    Text(String),
    Int(i64),
    Fen(i64),
    Minutes(i64),
    Share(f64),
    Decimal(f64),
    Empty,
}

/// One column: its heading in the report's language, and whether it is a
/// series of the table's chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Column {
    /// Stable key (`met`, `breached`, `engineer`, …) for tests and styling.
    pub key: String,
    /// The heading, worded.
    pub label: String,
}

/// One row and what a click on it lists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// What a click on the row lists (`None`: nothing behind it).
    pub drill: Option<Drill>,
    /// What a click on one cell (or on that cell's bar in the chart) lists,
    /// parallel to `cells`; `None` falls back to the row's `drill`. A
    /// clock table's `breached` cell drills to the breached orders only.
    pub cell_drills: Vec<Option<Drill>>,
    /// The total row (listed last, never drawn in the chart).
    pub total: bool,
}

/// How a table is drawn as a chart: bars (stacked or grouped) over the rows
/// (total rows left out), the first column naming each bar, `series` the
/// indexes of the numeric columns drawn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ChartSpec {
    pub kind: ChartKind,
    pub series: Vec<u32>,
}

/// The chart kinds the reports use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ChartKind {
    /// One bar per row, the series stacked (met / breached / running).
    StackedBar,
    /// One bar per row and series, side by side.
    Bar,
}

/// One table of the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Table {
    /// Stable id (`sla_response_by_month`, `filing_by_engineer`, …): the
    /// CSV's file name, the XLSX sheet's, the test ids.
    pub id: String,
    /// Which section it belongs to (`sla`, `filing`, `complaints`,
    /// `satisfaction`, `charges`, `parts`).
    pub section: String,
    /// The title, worded.
    pub title: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// `None`: a table without a chart.
    pub chart: Option<ChartSpec>,
}

/// A report over one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Report {
    pub period: PeriodSpec,
    /// The period in words (`2026年3月`, `March 2026`, `2026-03-01 – 2026-03-15`).
    pub period_label: String,
    /// First instant of the period.
    pub from: Ts,
    /// First instant after the period.
    pub to: Ts,
    /// When it was computed (open clocks and unfiled records are judged at this instant).
    pub computed_at: Ts,
    pub lang: Lang,
    pub tables: Vec<Table>,
}

/// The orders (or complaints) behind one figure ([`Drill`]): at most
/// [`StatsOrders::MAX_LISTED`] listed, newest call (or complaint) first;
/// `total` is how many there are in all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StatsOrders {
    /// The work orders, newest call first (empty for a complaints drill).
    pub orders: Vec<crate::store::WoRow>,
    /// The complaints, newest first (only for a complaints drill).
    pub complaints: Vec<crate::complaints::ComplaintRow>,
    /// How many orders (or complaints) the figure counts.
    pub total: u32,
}

impl StatsOrders {
    /// The most a drill lists.
    pub const MAX_LISTED: usize = 500;
}

/// What to export of a report: one table as CSV, the whole report as an
/// XLSX workbook or as the monthly service report's PDF.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum StatsExport {
    /// One table (`Table::id`).
    Csv {
        table: String,
    },
    Xlsx,
    Pdf,
}
