//! The monthly service report 服务报表 as a PDF: the office's
//! [`Report`] (any period) printed on A4 pages in the report's language —
//! the company and the period, then section by section each table with its
//! chart drawn above it as vector bars (stacked or side by side, one colour
//! per series with a legend, a value axis with a few ticks, each bar's row
//! named under it; total rows are not drawn), then the table itself with
//! its total row shaded. Pages break between blocks and rows, never through
//! a chart or a row; a table continued on a new page repeats its headings.
//!
//! Laid out with the record's [`Flow`] (same font, page size, footers)
//! into the display list [`layout`] returns; [`render`] draws it with
//! krilla. Every word but the section headings and the title comes worded
//! in the [`Report`]. The charts are drawn by `chart`.

use super::layout::{Flow, Op, MARGIN, PAGE_W};
use super::{render_pages, CjkFont, ReportError};
use crate::stats::export::share_text;
use crate::stats::{Cell, ChartSpec, Lang, Report, Table};

mod chart;

pub use chart::{axis, series_colour};
use chart::{chart, CHART_H};
#[cfg(test)]
use chart::{tick_text, PLOT_H, TINY};

/// Table text size.
const SMALL: f32 = 9.0;
const ROW_PAD: f32 = 4.0;
const LINE: f32 = 1.35;
/// The total row's shading.
const TOTAL_SHADE: (u8, u8, u8) = (236, 236, 236);

/// The report as PDF bytes. `company` heads the title.
pub fn render(report: &Report, font: &CjkFont, company: &str) -> Result<Vec<u8>, ReportError> {
    let pages = layout(report, font, company);
    render_pages(&pages, font, &title(report, company))
}

/// The report's title line: `重庆仪器 服务报表` / `… Service report`.
pub fn title(report: &Report, company: &str) -> String {
    let words = match report.lang {
        Lang::Zh => "服务报表",
        Lang::En => "Service report",
    };
    let company = company.trim();
    if company.is_empty() {
        words.to_string()
    } else {
        format!("{company} {words}")
    }
}

/// A section's heading in the report's language (the tables carry the
/// section's id only); an unknown section is headed by its id.
pub fn section_heading(section: &str, lang: Lang) -> String {
    let (zh, en) = match section {
        "sla" => ("服务时效", "Service levels"),
        "filing" => ("记录存档", "Filing of records"),
        "complaints" => ("用户投诉", "Complaints"),
        "satisfaction" => ("用户满意度", "Satisfaction"),
        "charges" => ("服务收费", "Charges"),
        "parts" => ("备件使用", "Parts used"),
        other => (other, other),
    };
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
    .to_string()
}

/// Lays the report out into pages of drawing operations.
pub fn layout(report: &Report, font: &CjkFont, company: &str) -> Vec<Vec<Op>> {
    let head = title(report, company);
    let mut f = Flow::new(font, format!("{head} · {}", report.period_label));
    f.centred(&head, 17.0);
    f.centred(&report.period_label, 11.0);
    f.gap(6.0);
    let mut section: Option<&str> = None;
    for table in &report.tables {
        let first_block = table_head_height(table);
        if section != Some(table.section.as_str()) {
            section = Some(table.section.as_str());
            // The heading stays with the first table's title and chart.
            f.need(4.0 * super::layout::BODY + first_block);
            f.heading(&section_heading(&table.section, report.lang));
        }
        table_block(&mut f, table, report.lang);
    }
    if report.tables.is_empty() {
        f.para(match report.lang {
            Lang::Zh => "本期无数据。",
            Lang::En => "No figures for this period.",
        });
    }
    f.finish()
}

/// The height of a table's title and chart, kept on one page.
fn table_head_height(table: &Table) -> f32 {
    let chart = if drawn_chart(table).is_some() {
        CHART_H
    } else {
        0.0
    };
    11.0 * LINE + 4.0 + chart
}

/// The chart of `table` if it has one with something to draw.
fn drawn_chart(table: &Table) -> Option<&ChartSpec> {
    table
        .chart
        .as_ref()
        .filter(|c| !c.series.is_empty() && table.rows.iter().any(|r| !r.total))
}

fn table_block(f: &mut Flow<'_>, table: &Table, lang: Lang) {
    f.need(table_head_height(table));
    f.gap(4.0);
    f.text_line(MARGIN, &table.title, 10.5, false);
    if let Some(spec) = drawn_chart(table) {
        chart(f, table, spec, lang);
    }
    grid(f, table, lang);
    f.gap(6.0);
}

/// A cell as printed in the table.
pub fn cell_text(cell: &Cell, lang: Lang) -> String {
    match cell {
        Cell::Text(s) => s.clone(),
        Cell::Int(n) => n.to_string(),
        Cell::Fen(fen) => super::yuan(*fen),
        Cell::Minutes(m) => duration(*m, lang),
        Cell::Share(s) => share_text(*s),
        Cell::Decimal(d) => format!("{d:.2}"),
        Cell::Empty => "—".to_string(),
    }
}

/// Minutes as hours and minutes: `45分` / `3小时05分`, `45 min` / `3 h 05 min`.
pub fn duration(minutes: i64, lang: Lang) -> String {
    let sign = if minutes < 0 { "-" } else { "" };
    let m = minutes.unsigned_abs();
    let (h, m) = (m / 60, m % 60);
    match (lang, h) {
        (Lang::Zh, 0) => format!("{sign}{m}分"),
        (Lang::Zh, _) => format!("{sign}{h}小时{m:02}分"),
        (Lang::En, 0) => format!("{sign}{m} min"),
        (Lang::En, _) => format!("{sign}{h} h {m:02} min"),
    }
}

/// The table: headings (repeated on a new page), rows, the total row
/// shaded; text left, numbers right; cells wrap within their column.
fn grid(f: &mut Flow<'_>, table: &Table, lang: Lang) {
    let ncols = table.columns.len();
    if ncols == 0 {
        return;
    }
    let texts: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|r| {
            (0..ncols)
                .map(|i| {
                    r.cells
                        .get(i)
                        .map(|c| cell_text(c, lang))
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect();
    let right: Vec<bool> = (0..ncols)
        .map(|i| {
            table
                .rows
                .iter()
                .filter_map(|r| r.cells.get(i))
                .any(|c| !matches!(c, Cell::Text(_) | Cell::Empty))
        })
        .collect();
    // Column widths: each column's widest word (capped), stretched to the
    // page's width.
    let natural: Vec<f32> = (0..ncols)
        .map(|i| {
            let head = f.width(&table.columns[i].label, SMALL);
            let body = texts
                .iter()
                .map(|r| f.width(&r[i], SMALL))
                .fold(0.0, f32::max);
            head.max(body).clamp(24.0, 200.0) + 8.0
        })
        .collect();
    let total: f32 = natural.iter().sum();
    let scale = (PAGE_W - 2.0 * MARGIN) / total;
    let widths: Vec<f32> = natural.iter().map(|w| w * scale).collect();
    let header: Vec<String> = table.columns.iter().map(|c| c.label.clone()).collect();

    grid_row(f, &widths, &right, &header, RowKind::Header);
    for (row, cells) in table.rows.iter().zip(&texts) {
        let pages = f.pages.len();
        let kind = if row.total {
            RowKind::Total
        } else {
            RowKind::Body
        };
        let h = grid_row_height(f, &widths, cells);
        f.need(h);
        if f.pages.len() != pages {
            grid_row(f, &widths, &right, &header, RowKind::Header);
        }
        grid_row(f, &widths, &right, cells, kind);
    }
    if table.rows.is_empty() {
        f.text_line(
            MARGIN + 3.0,
            match lang {
                Lang::Zh => "无数据",
                Lang::En => "No data",
            },
            SMALL,
            true,
        );
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum RowKind {
    Header,
    Body,
    Total,
}

fn grid_row_height(f: &Flow<'_>, widths: &[f32], cells: &[String]) -> f32 {
    let n = cells
        .iter()
        .zip(widths)
        .map(|(c, w)| f.wrap(c, SMALL, w - 6.0).len())
        .max()
        .unwrap_or(1)
        .max(1);
    n as f32 * SMALL * LINE + ROW_PAD
}

fn grid_row(f: &mut Flow<'_>, widths: &[f32], right: &[bool], cells: &[String], kind: RowKind) {
    let h = grid_row_height(f, widths, cells);
    f.need(h);
    let top = f.y();
    if kind == RowKind::Total {
        f.push(Op::Rect {
            x: MARGIN,
            y: top,
            w: PAGE_W - 2.0 * MARGIN,
            h,
            rgb: TOTAL_SHADE,
        });
    }
    let mut x = MARGIN;
    for ((cell, w), &r) in cells.iter().zip(widths).zip(right) {
        for (i, l) in f.wrap(cell, SMALL, w - 6.0).iter().enumerate() {
            // Numbers (and their columns' headings) right, text left.
            let tx = if r {
                x + w - 3.0 - f.width(l, SMALL)
            } else {
                x + 3.0
            };
            f.push(Op::Text {
                x: tx,
                y: top + ROW_PAD / 2.0 + SMALL + i as f32 * SMALL * LINE,
                size: SMALL,
                grey: kind == RowKind::Header,
                text: l.clone(),
            });
        }
        x += w;
    }
    f.push(Op::Rule {
        x1: MARGIN,
        y1: top + h,
        x2: PAGE_W - MARGIN,
        y2: top + h,
        width: if kind == RowKind::Header { 0.6 } else { 0.3 },
    });
    f.gap(h);
}

#[cfg(test)]
mod tests;
