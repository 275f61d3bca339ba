//! The report's tables as files: one table as CSV ([`csv`], the `csv`
//! crate; UTF-8 with a byte-order mark first so that spreadsheet programs
//! open the Chinese correctly), the whole report as an XLSX workbook
//! ([`xlsx`], `rust_xlsxwriter`; one worksheet per table, cells typed so
//! the numbers stay numbers). Both show the same words as the screen: the
//! tables come worded in the report's language.
//!
//! How each [`Cell`] is written:
//!
//! | cell      | CSV                         | XLSX                                  |
//! |-----------|-----------------------------|---------------------------------------|
//! | `Text`    | as is                       | string                                |
//! | `Int`     | `42`                        | number                                |
//! | `Fen`     | yuan, `123.45`, `-0.05`     | number in yuan, format `0.00`         |
//! | `Share`   | `12.5%`                     | the fraction (0.125), format `0.0%`   |
//! | `Decimal` | `4.25`                      | number, format `0.00`                 |
//! | `Minutes` | whole minutes, `95`         | number of minutes                     |
//! | `Empty`   | empty                       | no cell                               |

use rust_xlsxwriter::{Format, Workbook, Worksheet};

use super::model::{Cell, Report, Table};

/// The UTF-8 byte-order mark the CSV starts with.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Why the workbook could not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    /// A table id is not a usable worksheet name (at most 31 characters,
    /// none of `[]:*?/\`, not used twice).
    #[error("the table {id} cannot name a worksheet: {why}")]
    SheetName { id: String, why: String },
    /// The XLSX writer failed.
    #[error("the XLSX file could not be written: {0}")]
    Xlsx(String),
}

/// One table as CSV bytes: the BOM, a header row of the column labels,
/// then every row (the total row too) in the table's order.
pub fn csv(table: &Table) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        // A row with fewer cells than columns is written as it is rather
        // than refused (the shapes do not promise equal lengths).
        .flexible(true)
        .from_writer(BOM.to_vec());
    let written = (|| -> Result<Vec<u8>, Box<dyn std::error::Error>> {
        w.write_record(table.columns.iter().map(|c| c.label.as_str()))?;
        for row in &table.rows {
            w.write_record(row.cells.iter().map(csv_text))?;
        }
        Ok(w.into_inner().map_err(|e| e.into_error())?)
    })();
    // Writing into memory with flexible rows has no way to fail.
    written.expect("a CSV written into memory")
}

/// A cell's text in the CSV.
pub fn csv_text(cell: &Cell) -> String {
    match cell {
        // A name that starts like a formula (a customer typed as `=…`) is
        // not run by the spreadsheet: the complaint report's guard.
        Cell::Text(s) => crate::complaints::report::text(s),
        Cell::Int(n) | Cell::Minutes(n) => n.to_string(),
        Cell::Fen(f) => yuan_plain(*f),
        Cell::Share(s) => share_text(*s),
        Cell::Decimal(d) => format!("{d:.2}"),
        Cell::Empty => String::new(),
    }
}

/// Fen as plain yuan with two decimals and no grouping: `123.45`, `-0.05`.
pub fn yuan_plain(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let f = fen.unsigned_abs();
    format!("{sign}{}.{:02}", f / 100, f % 100)
}

/// A share (fraction 0–1) as a percentage with one decimal: `12.5%`.
pub fn share_text(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// The whole report as an XLSX workbook: one worksheet per table, named
/// by the table's id; row 1 the table's title and the period, row 2 the
/// column headings (bold), then the rows, total rows bold; headings frozen.
pub fn xlsx(report: &Report) -> Result<Vec<u8>, ExportError> {
    let xerr = |e: rust_xlsxwriter::XlsxError| ExportError::Xlsx(e.to_string());
    let mut book = Workbook::new();
    let mut names: Vec<&str> = Vec::new();
    for table in &report.tables {
        if names.contains(&table.id.as_str()) {
            return Err(ExportError::SheetName {
                id: table.id.clone(),
                why: "two tables have this id".into(),
            });
        }
        names.push(&table.id);
        let mut sheet = Worksheet::new();
        sheet
            .set_name(&table.id)
            .map_err(|e| ExportError::SheetName {
                id: table.id.clone(),
                why: e.to_string(),
            })?;
        write_table(&mut sheet, table, &report.period_label).map_err(xerr)?;
        book.push_worksheet(sheet);
    }
    if report.tables.is_empty() {
        // A workbook needs a sheet; an empty report still opens.
        book.add_worksheet();
    }
    book.save_to_buffer().map_err(xerr)
}

/// The formats of one sheet: plain and bold (total rows), each per kind.
struct Formats {
    plain: [Format; 4],
    bold: [Format; 4],
}

/// Which number format a cell takes: 0 general, 1 `0.00`, 2 `0.0%`.
const GENERAL: usize = 0;
const MONEY: usize = 1;
const PERCENT: usize = 2;
const DECIMAL: usize = 3;

impl Formats {
    fn new() -> Formats {
        let kinds = |base: Format| {
            [
                base.clone(),
                base.clone().set_num_format("0.00"),
                base.clone().set_num_format("0.0%"),
                base.set_num_format("0.00"),
            ]
        };
        Formats {
            plain: kinds(Format::new()),
            bold: kinds(Format::new().set_bold()),
        }
    }

    fn get(&self, bold: bool, kind: usize) -> &Format {
        if bold {
            &self.bold[kind]
        } else {
            &self.plain[kind]
        }
    }
}

fn write_table(
    sheet: &mut Worksheet,
    table: &Table,
    period_label: &str,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let f = Formats::new();
    let title = Format::new().set_bold().set_font_size(13);
    sheet.write_string_with_format(0, 0, format!("{} · {period_label}", table.title), &title)?;
    let mut widths: Vec<f64> = Vec::new();
    let mut widen = |col: usize, text: &str| {
        if widths.len() <= col {
            widths.resize(col + 1, 0.0);
        }
        widths[col] = widths[col].max(text_width(text));
    };
    for (c, column) in table.columns.iter().enumerate() {
        sheet.write_string_with_format(1, col(c), &column.label, f.get(true, GENERAL))?;
        widen(c, &column.label);
    }
    for (r, row) in table.rows.iter().enumerate() {
        let rn = 2 + r as u32;
        let b = row.total;
        for (c, cell) in row.cells.iter().enumerate() {
            let cn = col(c);
            match cell {
                Cell::Text(s) => {
                    sheet.write_string_with_format(rn, cn, s, f.get(b, GENERAL))?;
                }
                Cell::Int(n) | Cell::Minutes(n) => {
                    sheet.write_number_with_format(rn, cn, *n as f64, f.get(b, GENERAL))?;
                }
                Cell::Fen(fen) => {
                    sheet.write_number_with_format(rn, cn, *fen as f64 / 100.0, f.get(b, MONEY))?;
                }
                Cell::Share(s) => {
                    sheet.write_number_with_format(rn, cn, *s, f.get(b, PERCENT))?;
                }
                Cell::Decimal(d) => {
                    sheet.write_number_with_format(rn, cn, *d, f.get(b, DECIMAL))?;
                }
                Cell::Empty => {}
            }
            widen(c, &csv_text(cell));
        }
    }
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(col(c), (w + 2.0).clamp(8.0, 60.0))?;
    }
    sheet.set_freeze_panes(2, 0)?;
    Ok(())
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

/// A text's width in Excel's column units (the width of a `0`): a CJK
/// (full-width) character counts about two, the rest one. Excel's own
/// autofit (and rust_xlsxwriter's) count every non-ASCII character as
/// narrow, which cuts Chinese headings off.
fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| if (c as u32) >= 0x1100 { 2.1 } else { 1.1 })
        .sum()
}

#[cfg(test)]
pub(crate) mod tests;
