//! The service report's PDF: its display list (words, bars per row and
//! series, total rows not drawn, nothing below the page's margin), and the
//! PDF itself through poppler — `pdftotext` finds the title, a table's
//! heading and a figure; `pdftoppm` renders page 1 and the chart's colours
//! are there (skipped with a message when poppler-utils is missing).

use std::io::Cursor;
use std::process::Command;

use super::*;
use crate::report::layout::{Op, PAGE_H};
use crate::report::tests::font_or_skip;
use crate::stats::export::tests::sample;

/// What `pick` takes from the ops of every page, in drawing order.
fn picked<T>(pages: &[Vec<Op>], pick: impl FnMut(&Op) -> Option<T>) -> Vec<T> {
    pages.iter().flatten().filter_map(pick).collect()
}

fn texts(pages: &[Vec<Op>]) -> Vec<String> {
    picked(pages, |op| match op {
        Op::Text { text, .. } => Some(text.clone()),
        _ => None,
    })
}

fn rects(pages: &[Vec<Op>], colour: (u8, u8, u8)) -> Vec<(f32, f32, f32, f32)> {
    picked(pages, |op| match op {
        Op::Rect { x, y, w, h, rgb } if *rgb == colour => Some((*x, *y, *w, *h)),
        _ => None,
    })
}

#[test]
fn nice_axes_and_durations() {
    assert_eq!(axis(19.0, true), (20.0, 5.0));
    assert_eq!(axis(3.0, true), (3.0, 1.0));
    assert_eq!(axis(0.0, true), (1.0, 1.0));
    assert_eq!(axis(2618.45, false), (3000.0, 1000.0));
    assert_eq!(axis(87.5, false), (100.0, 50.0));
    assert_eq!(axis(4.25, false), (6.0, 2.0));
    assert_eq!(tick_text(3000.0, 1000.0, false), "3,000");
    assert_eq!(tick_text(0.5, 0.5, false), "0.5");
    assert_eq!(tick_text(50.0, 25.0, true), "50%");
    assert_eq!(duration(45, Lang::Zh), "45分");
    assert_eq!(duration(185, Lang::Zh), "3小时05分");
    assert_eq!(duration(1300, Lang::En), "21 h 40 min");
    assert_eq!(duration(0, Lang::En), "0 min");
}

#[test]
fn the_layout_has_the_words_a_bar_per_figure_and_no_total_bar() {
    let Some(font) = font_or_skip() else { return };
    let report = sample(Lang::Zh);
    let pages = layout(&report, &font, "重庆仪器");
    let t = texts(&pages);
    for want in [
        "重庆仪器 服务报表",
        "2026年3月",
        "服务时效",
        "服务收费",
        "用户满意度",
        "用户投诉",
        "响应时效（1小时）· 按月",
        "按时",
        "合计",
        "¥123.45",
        "-¥5.00",
        "¥2,618.45",
        "87.5%",
        "21小时40分",
        "4.25",
        "—",
        // The time chart's axis counts hours (1,300 minutes at most).
        "30小时",
    ] {
        assert!(t.iter().any(|s| s == want), "{want} missing from {t:?}");
    }
    // Stacked clock chart: met drawn for the two months that have some
    // (the empty month draws nothing, the total row is not drawn), plus
    // the legend's swatch; breached the same; running once plus legend.
    let met = rects(&pages, series_colour("met", 0));
    let breached = rects(&pages, series_colour("breached", 1));
    let running = rects(&pages, series_colour("running", 2));
    assert_eq!(met.len(), 2 + 1, "{met:?}");
    assert_eq!(breached.len(), 2 + 1);
    assert_eq!(running.len(), 1 + 1);
    // Bars are proportional: Jan's met (12) three times as tall as its
    // breached (3), stacked on top of it; the legend swatches are 8 × 8.
    let bars: Vec<_> = met.iter().filter(|r| r.2 > 8.0).collect();
    assert_eq!(bars.len(), 2);
    let jan_met = bars[0];
    let jan_breached = breached.iter().find(|r| r.2 > 8.0).unwrap();
    assert!((jan_met.3 / jan_breached.3 - 4.0).abs() < 0.01, "12 / 3");
    assert!(
        (jan_breached.1 + jan_breached.3 - jan_met.1).abs() < 0.01,
        "stacked"
    );
    // 12 of an axis to 15 (Jan's stack; the total row's 25 does not set
    // the axis) over the plot's height.
    assert!(
        (jan_met.3 - PLOT_H * 12.0 / 15.0).abs() < 0.01,
        "{jan_met:?}"
    );
    // The total row is shaded in each table.
    assert_eq!(rects(&pages, TOTAL_SHADE).len(), 4);
    // Charges: one bar per tier with a positive amount (the negative one
    // and the zero are not drawn up), none for the total.
    let first_palette = series_colour("total", 0);
    let charge_bars = rects(&pages, first_palette)
        .into_iter()
        .filter(|r| r.2 > 8.0 || r.3 > 8.0)
        .count();
    // charges (2 bars: 123.45, 2500), satisfaction (1 bar: 4.25; the
    // unassigned row is empty), complaints (1 bar), times' median (2 bars).
    assert_eq!(charge_bars, 2 + 1 + 1 + 2);
}

#[test]
fn long_reports_break_pages_between_blocks_and_repeat_headings() {
    let Some(font) = font_or_skip() else { return };
    let mut report = sample(Lang::En);
    // Many tables, and one long table of 60 engineers.
    let base = report.tables.clone();
    for k in 0..3 {
        for t in &base {
            let mut t = t.clone();
            t.id = format!("{}_{k}", t.id);
            report.tables.push(t);
        }
    }
    let mut long = base[3].clone();
    let proto = long.rows[0].clone();
    long.rows = (0..60)
        .map(|i| {
            let mut r = proto.clone();
            r.cells[0] = Cell::Text(format!("Engineer {i}"));
            r
        })
        .collect();
    report.tables.push(long);
    let pages = layout(&report, &font, "Chongqing Instruments");
    assert!(pages.len() >= 4, "{} pages", pages.len());
    let bottom = PAGE_H - MARGIN;
    for (p, page) in pages.iter().enumerate() {
        for op in page {
            let (top, end) = match op {
                Op::Text { y, size, text, .. } if !text.contains(" / ") => (*y - size, *y),
                Op::Rect { y, h, .. } => (*y, *y + h),
                Op::Rule { y1, y2, .. } => (y1.min(*y2), y1.max(*y2)),
                _ => continue,
            };
            assert!(
                top >= MARGIN - 0.5 && end <= bottom,
                "page {}: {op:?} outside the page's body",
                p + 1
            );
        }
    }
    // Every page the long table runs onto has its headings (table size,
    // not the legend's) above its first engineer.
    let mut runs_onto = 0;
    for page in &pages {
        let first_row = page.iter().find_map(|op| match op {
            Op::Text { y, size, text, .. } if text.starts_with("Engineer ") && *size == SMALL => {
                Some(*y)
            }
            _ => None,
        });
        let Some(first_row) = first_row else { continue };
        runs_onto += 1;
        let heading = page.iter().any(|op| {
            matches!(op, Op::Text { y, size, text, .. }
                if text == "Average" && *size == SMALL && *y < first_row)
        });
        assert!(heading, "the headings above the rows on every page");
    }
    assert!(runs_onto >= 2, "the long table runs onto {runs_onto} pages");
    let footer = texts(&pages)
        .into_iter()
        .filter(|s| s.contains(" / "))
        .count();
    assert_eq!(footer, pages.len(), "a footer per page");
}

/// Runs a poppler tool; `None` (with a SKIPPED line) when it is not installed.
fn poppler(tool: &str, args: &[&std::ffi::OsStr]) -> Option<Vec<u8>> {
    match Command::new(tool).args(args).output() {
        Ok(out) if out.status.success() => Some(out.stdout),
        Ok(out) => panic!("{tool} failed: {}", String::from_utf8_lossy(&out.stderr)),
        Err(_) => {
            eprintln!("SKIPPED: {tool} not installed (apt-get install poppler-utils)");
            None
        }
    }
}

/// How many pixels of an RGB(A) PNG are within 8 of `colour` per channel.
fn pixels_of(png_bytes: &[u8], colour: (u8, u8, u8)) -> usize {
    let mut decoder = png::Decoder::new(Cursor::new(png_bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    let step = match info.color_type {
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        other => panic!("pdftoppm -png wrote {other:?}"),
    };
    let near = |a: u8, b: u8| a.abs_diff(b) <= 8;
    buf[..info.buffer_size()]
        .chunks_exact(step)
        .filter(|p| near(p[0], colour.0) && near(p[1], colour.1) && near(p[2], colour.2))
        .count()
}

#[test]
fn the_pdf_reads_back_and_page_one_shows_the_chart() {
    let Some(font) = font_or_skip() else { return };
    let report = sample(Lang::Zh);
    let pdf = render(&report, &font, "重庆仪器").unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, &pdf).unwrap();
    if let Some(out) = std::env::var_os("ONSITE_STATS_PDF_OUT") {
        // To look at it: ONSITE_STATS_PDF_OUT=/tmp/s.pdf cargo test -p onsite-core --lib report::stats
        std::fs::write(out, &pdf).unwrap();
    }

    let Some(text) = poppler(
        "pdftotext",
        &[
            "-layout".as_ref(),
            "-enc".as_ref(),
            "UTF-8".as_ref(),
            path.as_os_str(),
            "-".as_ref(),
        ],
    ) else {
        return;
    };
    let text = String::from_utf8_lossy(&text);
    let compact: String = text.split_whitespace().collect();
    assert!(compact.contains("重庆仪器服务报表"), "the title: {text}");
    assert!(compact.contains("2026年3月"), "the period: {text}");
    assert!(
        compact.contains("响应时效（1小时）·按月"),
        "a table's heading: {text}"
    );
    assert!(compact.contains("¥123.45"), "a figure: {text}");
    assert!(compact.contains("合计1942"), "the total row: {text}");

    let prefix = dir.path().join("page");
    let Some(_) = poppler(
        "pdftoppm",
        &[
            "-png".as_ref(),
            "-r".as_ref(),
            "50".as_ref(),
            "-f".as_ref(),
            "1".as_ref(),
            "-l".as_ref(),
            "1".as_ref(),
            "-singlefile".as_ref(),
            path.as_os_str(),
            prefix.as_os_str(),
        ],
    ) else {
        return;
    };
    let png_bytes = std::fs::read(dir.path().join("page.png")).expect("page 1 rendered");
    // The met bars: Jan 12 and Feb 7 of an axis to 15, 40 pt wide — at
    // 50 dpi over a thousand pixels; a chart not drawn leaves only the
    // legend's swatch (about 30).
    let met = pixels_of(&png_bytes, series_colour("met", 0));
    assert!(met > 600, "the met bars on page 1: {met} pixels");
    let breached = pixels_of(&png_bytes, series_colour("breached", 1));
    assert!(
        breached > 150,
        "the breached bars on page 1: {breached} pixels"
    );
}

#[test]
fn crowded_bars_name_every_kth_row_whole_and_english_reads_english() {
    let Some(font) = font_or_skip() else { return };
    let mut report = sample(Lang::En);
    let names = ["杨金伟", "王小明", "李建国", "Zhang Wei"];
    let proto = report.tables[3].rows[0].clone();
    report.tables[3].rows = (0..40)
        .map(|i| {
            let mut r = proto.clone();
            r.cells[0] = Cell::Text(format!("{}{i}", names[i % 4]));
            r
        })
        .collect();
    let pages = layout(&report, &font, "Chongqing Instruments");
    let t = texts(&pages);
    let drawn: Vec<&Op> = pages
        .iter()
        .flatten()
        .filter(|op| matches!(op, Op::Text { size, .. } if *size == TINY))
        .collect();
    let row_names: Vec<String> = (0..40).map(|i| format!("{}{i}", names[i % 4])).collect();
    let under_bars: Vec<&str> = drawn
        .iter()
        .filter_map(|op| match op {
            // Bar names are black, axis ticks grey.
            Op::Text {
                text, grey: false, ..
            } => Some(text.as_str()),
            _ => None,
        })
        .filter(|s| {
            row_names
                .iter()
                .any(|n| n.starts_with(*s) || n.ends_with(*s) || s.starts_with(n.as_str()))
        })
        .collect();
    assert!(
        !under_bars.is_empty() && under_bars.len() < 40,
        "{under_bars:?}"
    );
    for s in &under_bars {
        assert!(row_names.iter().any(|n| n == s), "{s} is a whole name");
    }
    for want in [
        "Chongqing Instruments Service report",
        "March 2026",
        "Service levels",
        "Charges",
        "21 h 40 min",
        "30 h",
        "Total",
    ] {
        assert!(t.iter().any(|s| s == want), "{want} missing from {t:?}");
    }
}
