//! The office's reports 统计报表: service-level compliance of the three
//! clocks, filing compliance, complaints and the complaint rate,
//! satisfaction from sign-offs, charges by warranty tier and contract, and
//! the parts used — over a chosen period, computed from the projection
//! tables (never by loading documents), each figure a [`Table`] with its
//! chart, and each bar or row able to list the orders behind it.
//!
//! Layout: [`model`] (what the screen shows and exports, and the drill
//! selector), [`period`] (a period's instants and months in the company's
//! time zone), [`facts`] (the rows read from the projection tables, and
//! the SQL that reads them), [`figures`] (the pure computation: facts in,
//! tables out, and the drill filter over the same classification),
//! [`words`] (headings and labels in both languages), [`export`] (CSV
//! with a BOM, XLSX). The PDF of the monthly service report is
//! `report::stats`; the facade methods `service::stats`.

pub mod export;
pub mod facts;
pub mod figures;
pub mod model;
pub mod period;
pub mod words;

pub use figures::Names;
pub use model::{
    Cell, ChartKind, ChartSpec, ClockOutcome, Column, Drill, FilingOutcome, Lang, PeriodSpec,
    Report, Row, StatClock, StatsExport, StatsOrders, Table,
};
pub use period::{Period, PeriodError};

#[cfg(test)]
mod tests;
