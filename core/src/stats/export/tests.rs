//! The CSV read back with the `csv` reader, the workbook opened with
//! `calamine`; [`sample`] (a small report in either language, shared
//! with the PDF's tests) is built by hand.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::{DateTime, Utc};

use super::*;
use crate::model::Ts;
use crate::stats::model::{ChartKind, ChartSpec, Column, Lang, PeriodSpec, Row};

fn ts(s: &str) -> Ts {
    Ts(s.parse::<DateTime<Utc>>().expect("an instant"))
}

fn row(cells: Vec<Cell>) -> Row {
    Row {
        cell_drills: vec![None; cells.len()],
        cells,
        drill: None,
        total: false,
    }
}

fn total(cells: Vec<Cell>) -> Row {
    Row {
        total: true,
        ..row(cells)
    }
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

/// The sample's tables' titles, `(id, zh, en)`.
const TITLES: &[(&str, &str, &str)] = &[
    (
        "sla_response_by_month",
        "响应时效（1小时）· 按月",
        "Response within 1 hour · by month",
    ),
    (
        "sla_times",
        "响应、到场、修复用时",
        "Time to respond, arrive and fix",
    ),
    (
        "charges_by_tier",
        "收费 · 按质保阶段",
        "Charges by warranty tier",
    ),
    (
        "satisfaction_by_engineer",
        "满意度 · 按工程师",
        "Satisfaction by engineer",
    ),
    (
        "complaints_by_month",
        "投诉率 · 按月",
        "Complaint rate by month",
    ),
];

/// The sample's columns' headings, `(key, zh, en)`.
const HEADINGS: &[(&str, &str, &str)] = &[
    ("month", "月份", "Month"),
    ("met", "按时", "Met"),
    ("breached", "超时", "Breached"),
    ("running", "进行中", "Running"),
    ("met_share", "达标率", "Met share"),
    ("clock", "时限", "Clock"),
    ("done", "已完成", "Done"),
    ("median", "中位数", "Median"),
    ("p90", "90%分位", "90th percentile"),
    ("tier", "质保阶段", "Tier"),
    ("orders", "工单数", "Orders"),
    ("total", "金额（元）", "Total (yuan)"),
    ("engineer", "工程师", "Engineer"),
    ("average", "平均分", "Average"),
    ("complaints", "投诉数", "Complaints"),
    ("closed_orders", "关闭工单", "Closed orders"),
    ("rate", "投诉率", "Rate"),
];

/// The `words` entry for `key`, in `lang`.
fn word(words: &[(&str, &str, &str)], key: &str, lang: Lang) -> String {
    let (_, zh, en) = words
        .iter()
        .find(|(k, _, _)| *k == key)
        .unwrap_or_else(|| panic!("no words for {key}"));
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
    .to_string()
}

/// Table `id` of the sample in `lang`: its section is the id's first word,
/// its title comes from [`TITLES`], its `columns`' headings from
/// [`HEADINGS`].
fn table(
    lang: Lang,
    id: &str,
    columns: &[&str],
    rows: Vec<Row>,
    (kind, series): (ChartKind, Vec<u32>),
) -> Table {
    Table {
        id: id.into(),
        section: id.split('_').next().unwrap_or(id).into(),
        title: word(TITLES, id, lang),
        columns: columns
            .iter()
            .map(|key| Column {
                key: key.to_string(),
                label: word(HEADINGS, key, lang),
            })
            .collect(),
        rows,
        chart: Some(ChartSpec { kind, series }),
    }
}

/// A report of March 2026 with five tables covering every kind of
/// cell: the response clock by month (stacked, a month with no calls,
/// a total), the clock times (minutes, empty medians), charges by tier
/// (fen: 123.45 yuan, a negative amount), satisfaction by engineer
/// (decimals) and complaints by month (a share of 12.5 %).
pub(crate) fn sample(lang: Lang) -> Report {
    use Cell::{Decimal, Empty, Fen, Int, Minutes, Share};
    let zh = lang == Lang::Zh;
    let w = |z: &str, e: &str| if zh { z.to_string() } else { e.to_string() };
    // The total row's first cell.
    let sum = || text(&w("合计", "Total"));
    let by_month = table(
        lang,
        "sla_response_by_month",
        &["month", "met", "breached", "running", "met_share"],
        vec![
            row(vec![text("2026-01"), Int(12), Int(3), Int(0), Share(0.8)]),
            row(vec![text("2026-02"), Int(7), Int(1), Int(2), Share(0.875)]),
            row(vec![text("2026-03"), Int(0), Int(0), Int(0), Empty]),
            total(vec![sum(), Int(19), Int(4), Int(2), Share(19.0 / 23.0)]),
        ],
        (ChartKind::StackedBar, vec![1, 2, 3]),
    );
    let times = table(
        lang,
        "sla_times",
        &["clock", "done", "median", "p90"],
        vec![
            row(vec![
                text(&w("响应", "Response")),
                Int(20),
                Minutes(12),
                Minutes(58),
            ]),
            row(vec![
                text(&w("到场", "On site")),
                Int(15),
                Minutes(600),
                Minutes(1300),
            ]),
            row(vec![text(&w("修复", "Fix")), Int(0), Empty, Empty]),
        ],
        (ChartKind::Bar, vec![2, 3]),
    );
    let charges = table(
        lang,
        "charges_by_tier",
        &["tier", "orders", "total"],
        vec![
            row(vec![text(&w("质保期内", "In warranty")), Int(5), Fen(0)]),
            row(vec![
                text(&w("延保一（第2–3年）", "Extended 1 (years 2–3)")),
                Int(2),
                Fen(12_345),
            ]),
            row(vec![
                text(&w("延保二（第4年）", "Extended 2 (year 4)")),
                Int(1),
                Fen(-500),
            ]),
            row(vec![
                text(&w("保外", "Out of warranty")),
                Int(3),
                Fen(250_000),
            ]),
            total(vec![sum(), Int(11), Fen(261_845)]),
        ],
        (ChartKind::Bar, vec![2]),
    );
    let satisfaction = table(
        lang,
        "satisfaction_by_engineer",
        &["engineer", "orders", "average"],
        vec![
            row(vec![text("杨金伟"), Int(4), Decimal(4.25)]),
            row(vec![text(&w("未指派", "Unassigned")), Int(0), Empty]),
            total(vec![sum(), Int(4), Decimal(4.25)]),
        ],
        (ChartKind::Bar, vec![2]),
    );
    let complaints = table(
        lang,
        "complaints_by_month",
        &["month", "complaints", "closed_orders", "rate"],
        vec![
            row(vec![text("2026-03"), Int(1), Int(8), Share(0.125)]),
            total(vec![sum(), Int(1), Int(8), Share(0.125)]),
        ],
        (ChartKind::Bar, vec![1, 2]),
    );
    Report {
        period: PeriodSpec::Month {
            year: 2026,
            month: 3,
        },
        period_label: w("2026年3月", "March 2026"),
        from: ts("2026-02-28T16:00:00Z"),
        to: ts("2026-03-31T16:00:00Z"),
        computed_at: ts("2026-04-01T02:00:00Z"),
        lang,
        tables: vec![by_month, times, charges, satisfaction, complaints],
    }
}

#[test]
fn cells_print_as_the_csv_promises() {
    assert_eq!(csv_text(&Cell::Fen(12_345)), "123.45");
    assert_eq!(csv_text(&Cell::Fen(-5)), "-0.05");
    assert_eq!(csv_text(&Cell::Fen(-12_300)), "-123.00");
    assert_eq!(csv_text(&Cell::Fen(0)), "0.00");
    assert_eq!(csv_text(&Cell::Share(0.125)), "12.5%");
    assert_eq!(csv_text(&Cell::Share(1.0)), "100.0%");
    assert_eq!(csv_text(&Cell::Decimal(4.25)), "4.25");
    assert_eq!(csv_text(&Cell::Decimal(4.0)), "4.00");
    assert_eq!(csv_text(&Cell::Minutes(1300)), "1300");
    assert_eq!(csv_text(&Cell::Int(-3)), "-3");
    assert_eq!(csv_text(&Cell::Empty), "");
    assert_eq!(csv_text(&text("P1, 紧急")), "P1, 紧急");
}

/// Regression: a customer or part name typed as a formula (`=HYPERLINK(…)`)
/// was written as is, and a spreadsheet opening the CSV would run it.
#[test]
fn a_name_that_starts_like_a_formula_is_not_a_formula_in_the_csv() {
    assert_eq!(csv_text(&text("=HYPERLINK(\"x\")")), "'=HYPERLINK(\"x\")");
    assert_eq!(csv_text(&text("+86 电话")), "'+86 电话");
    assert_eq!(csv_text(&text("-")), "'-");
    assert_eq!(csv_text(&text("华东电力")), "华东电力");
}

#[test]
fn a_csv_starts_with_the_bom_and_reads_back_with_its_chinese_labels() {
    let report = sample(Lang::Zh);
    let t = &report.tables[0];
    let bytes = csv(t);
    assert!(bytes.starts_with(BOM), "the BOM first");
    assert!(!bytes[3..].starts_with(BOM), "one BOM");

    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(&bytes[BOM.len()..]);
    let headers: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(headers, ["月份", "按时", "超时", "进行中", "达标率"]);
    let rows: Vec<Vec<String>> = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect();
    assert_eq!(
        rows,
        [
            ["2026-01", "12", "3", "0", "80.0%"],
            ["2026-02", "7", "1", "2", "87.5%"],
            ["2026-03", "0", "0", "0", ""],
            ["合计", "19", "4", "2", "82.6%"],
        ]
    );

    // Money, minutes and an empty median; a comma in a text is quoted.
    let mut charges = report.tables[2].clone();
    charges.rows[0].cells[0] = text("质保期内, 含运费");
    let bytes = csv(&charges);
    let text_back = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(
        text_back.contains("\"质保期内, 含运费\",5,0.00"),
        "{text_back}"
    );
    assert!(text_back.contains(",2,123.45"), "{text_back}");
    assert!(text_back.contains(",1,-5.00"), "{text_back}");
    assert!(text_back.contains("合计,11,2618.45"), "{text_back}");
    let times = String::from_utf8(csv(&report.tables[1])[3..].to_vec()).unwrap();
    assert!(times.contains("到场,15,600,1300"), "{times}");
    assert!(times.contains("修复,0,,"), "{times}");
}

fn open(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
    calamine::open_workbook_from_rs(Cursor::new(bytes)).expect("the XLSX opens")
}

#[test]
fn the_workbook_opens_with_one_typed_sheet_per_table() {
    let report = sample(Lang::Zh);
    let mut book = open(xlsx(&report).unwrap());
    let ids: Vec<String> = report.tables.iter().map(|t| t.id.clone()).collect();
    assert_eq!(
        book.sheet_names(),
        ids,
        "one sheet per table, named by its id"
    );

    let clock = book.worksheet_range("sla_response_by_month").unwrap();
    assert_eq!(
        clock.get_value((0, 0)),
        Some(&Data::String("响应时效（1小时）· 按月 · 2026年3月".into())),
        "the title and the period on the first row"
    );
    let headers: Vec<&Data> = (0..5).map(|c| clock.get_value((1, c)).unwrap()).collect();
    assert_eq!(
        headers,
        ["月份", "按时", "超时", "进行中", "达标率"]
            .map(|s| Data::String(s.into()))
            .iter()
            .collect::<Vec<_>>()
    );
    assert_eq!(
        clock.get_value((2, 0)),
        Some(&Data::String("2026-01".into()))
    );
    assert_eq!(
        clock.get_value((2, 1)),
        Some(&Data::Float(12.0)),
        "a count is a number"
    );
    assert_eq!(
        clock.get_value((3, 4)),
        Some(&Data::Float(0.875)),
        "a share is its fraction"
    );
    assert!(
        matches!(clock.get_value((4, 4)), None | Some(Data::Empty)),
        "an empty share is no cell"
    );
    assert_eq!(clock.get_value((5, 0)), Some(&Data::String("合计".into())));
    assert_eq!(clock.get_value((5, 1)), Some(&Data::Float(19.0)));

    // Every other kind of number, as a number.
    for (sheet, at, number, what) in [
        ("charges_by_tier", (3, 2), 123.45, "fen as yuan"),
        ("charges_by_tier", (4, 2), -5.0, "a negative amount"),
        ("complaints_by_month", (2, 3), 0.125, "a share"),
        ("sla_times", (3, 3), 1300.0, "minutes"),
        ("satisfaction_by_engineer", (2, 2), 4.25, "a decimal"),
    ] {
        let range = book.worksheet_range(sheet).unwrap();
        assert_eq!(
            range.get_value(at),
            Some(&Data::Float(number)),
            "{sheet}: {what}"
        );
    }

    // Formats: money 0.00, shares 0.0%, headings and total rows bold.
    let styles = book.worksheet_style("charges_by_tier").unwrap();
    let format = |r: u32, c: u32| {
        styles
            .get((r, c))
            .and_then(|s| s.number_format.as_ref())
            .map(|n| n.format_code.clone())
    };
    let bold = |r: u32, c: u32| {
        styles
            .get((r, c))
            .and_then(|s| s.font.as_ref())
            .is_some_and(|f| f.is_bold())
    };
    assert_eq!(format(3, 2).as_deref(), Some("0.00"));
    assert!(bold(1, 0), "headings bold");
    assert!(bold(6, 0) && bold(6, 2), "the total row bold");
    assert!(!bold(3, 0), "a row plain");
    let styles = book.worksheet_style("complaints_by_month").unwrap();
    let share_format = styles
        .get((2, 3))
        .and_then(|s| s.number_format.as_ref())
        .map(|n| n.format_code.clone());
    assert_eq!(share_format.as_deref(), Some("0.0%"));
}

#[test]
fn the_english_workbook_has_the_english_words() {
    let mut book = open(xlsx(&sample(Lang::En)).unwrap());
    let clock = book.worksheet_range("sla_response_by_month").unwrap();
    assert_eq!(
        clock.get_value((0, 0)),
        Some(&Data::String(
            "Response within 1 hour · by month · March 2026".into()
        ))
    );
    assert_eq!(
        clock.get_value((1, 4)),
        Some(&Data::String("Met share".into()))
    );
}

#[test]
fn a_table_id_that_cannot_name_a_sheet_is_refused() {
    let mut report = sample(Lang::En);
    report.tables[1].id = "a_table_id_longer_than_thirty_one_chars".into();
    assert!(matches!(xlsx(&report), Err(ExportError::SheetName { .. })));
    let mut report = sample(Lang::En);
    report.tables[1].id = report.tables[0].id.clone();
    assert!(matches!(xlsx(&report), Err(ExportError::SheetName { .. })));
    // No tables still makes a workbook that opens.
    report.tables.clear();
    let mut book = open(xlsx(&report).unwrap());
    assert_eq!(book.sheet_names().len(), 1);
    assert!(book.worksheet_range(&book.sheet_names()[0]).is_ok());
}
