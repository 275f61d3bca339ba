//! The charts above the service report's tables: vector bars (stacked or
//! side by side) with a legend, a value axis with "nice" ticks and each
//! bar's row named under it, drawn into the report's [`Flow`].

use crate::report::layout::{Flow, Op, MARGIN, PAGE_W};
use crate::stats::{Cell, ChartKind, ChartSpec, Lang, Table};

/// Chart label size (axis ticks, bar names, legend).
pub(super) const TINY: f32 = 7.0;
/// The plot's height (without legend and bar names).
pub(super) const PLOT_H: f32 = 110.0;
/// Room left of the plot for the value axis's labels.
const AXIS_W: f32 = 46.0;
const LEGEND_H: f32 = 14.0;
/// Room under the plot for two lines of bar names.
const NAMES_H: f32 = 2.0 * TINY * 1.3 + 4.0;
/// A whole chart block's height.
pub(super) const CHART_H: f32 = LEGEND_H + 4.0 + PLOT_H + NAMES_H + 8.0;
/// Grid lines and axis.
const GRID: (u8, u8, u8) = (225, 225, 225);

/// The colour a series is drawn in: fixed colours for the outcomes (in
/// time green, late amber, breached or overdue red, still open slate), a
/// palette by position for any other column.
pub fn series_colour(key: &str, position: usize) -> (u8, u8, u8) {
    const PALETTE: [(u8, u8, u8); 5] = [
        (54, 112, 196),
        (242, 142, 43),
        (89, 161, 79),
        (175, 122, 161),
        (118, 183, 178),
    ];
    match key {
        "met" | "on_time" => (46, 158, 91),
        "late" => (240, 170, 40),
        "breached" | "overdue" => (214, 69, 65),
        "running" | "not_yet_filed" => (120, 144, 176),
        _ => PALETTE[position % PALETTE.len()],
    }
}

/// A cell's value on the chart's axis (fen in yuan, a share in percent).
fn value(cell: Option<&Cell>) -> f64 {
    match cell {
        Some(Cell::Int(n) | Cell::Minutes(n)) => *n as f64,
        Some(Cell::Fen(fen)) => *fen as f64 / 100.0,
        Some(Cell::Share(s)) => s * 100.0,
        Some(Cell::Decimal(d)) => *d,
        _ => 0.0,
    }
}

/// The axis's upper end and step: about four "nice" steps (1, 2 or 5
/// times a power of ten) covering `hi`; whole steps for counts.
pub fn axis(hi: f64, whole: bool) -> (f64, f64) {
    if hi <= 0.0 || !hi.is_finite() {
        return (1.0, if whole { 1.0 } else { 0.25 });
    }
    let raw = hi / 4.0;
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let mut step = mag
        * if norm <= 1.0 {
            1.0
        } else if norm <= 2.0 {
            2.0
        } else if norm <= 5.0 {
            5.0
        } else {
            10.0
        };
    if whole {
        step = step.max(1.0).round();
    }
    ((hi / step).ceil() * step, step)
}

pub(super) fn tick_text(v: f64, step: f64, percent: bool) -> String {
    let decimals = if step >= 1.0 {
        0
    } else {
        (-step.log10()).ceil() as usize
    };
    let mut s = format!("{v:.decimals$}");
    if decimals == 0 && v.abs() >= 1000.0 {
        // Thousands grouped, as the money in the tables.
        let neg = s.starts_with('-');
        let digits: String = s.trim_start_matches('-').to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        s = format!("{}{grouped}", if neg { "-" } else { "" });
    }
    if percent {
        s.push('%');
    }
    s
}

/// Draws the chart of `table` at the cursor (room already made).
pub(super) fn chart(f: &mut Flow<'_>, table: &Table, spec: &ChartSpec, lang: Lang) {
    let series: Vec<usize> = spec
        .series
        .iter()
        .map(|&i| i as usize)
        .filter(|&i| i < table.columns.len())
        .collect();
    if series.is_empty() {
        return;
    }
    let rows: Vec<&crate::stats::Row> = table.rows.iter().filter(|r| !r.total).collect();
    let colours: Vec<(u8, u8, u8)> = series
        .iter()
        .enumerate()
        .map(|(pos, &i)| series_colour(&table.columns[i].key, pos))
        .collect();
    f.need(CHART_H);
    let top = f.y() + 2.0;

    // Legend: a swatch and the column's label per series.
    let mut x = MARGIN + AXIS_W;
    for (&i, &rgb) in series.iter().zip(&colours) {
        let label = &table.columns[i].label;
        let w = 8.0 + 3.0 + f.width(label, TINY) + 12.0;
        if x + w > PAGE_W - MARGIN && x > MARGIN + AXIS_W {
            break; // more series than fit on one line: the table names them
        }
        f.push(Op::Rect {
            x,
            y: top + 2.0,
            w: 8.0,
            h: 8.0,
            rgb,
        });
        f.push(Op::Text {
            x: x + 11.0,
            y: top + 9.0,
            size: TINY,
            grey: false,
            text: label.clone(),
        });
        x += w;
    }

    // The value axis.
    let stacked = spec.kind == ChartKind::StackedBar;
    let hi = rows
        .iter()
        .map(|r| {
            let vals = series.iter().map(|&i| value(r.cells.get(i)).max(0.0));
            if stacked {
                vals.sum::<f64>()
            } else {
                vals.fold(0.0, f64::max)
            }
        })
        .fold(0.0, f64::max);
    let first_kind = rows
        .iter()
        .find_map(|r| r.cells.get(series[0]).filter(|c| !matches!(c, Cell::Empty)));
    let whole = matches!(first_kind, None | Some(Cell::Int(_) | Cell::Minutes(_)));
    let percent = matches!(first_kind, Some(Cell::Share(_)));
    // Durations: the axis counts hours once they pass three.
    let minutes = matches!(first_kind, Some(Cell::Minutes(_)));
    let scale = if minutes && hi >= 180.0 { 60.0 } else { 1.0 };
    let unit = match (minutes, scale > 1.0, lang) {
        (false, _, _) => "",
        (true, true, Lang::Zh) => "小时",
        (true, true, Lang::En) => " h",
        (true, false, Lang::Zh) => "分",
        (true, false, Lang::En) => " min",
    };
    let (top_value, step) = axis(hi / scale, whole);
    let plot_top = top + LEGEND_H + 4.0;
    let plot_bottom = plot_top + PLOT_H;
    let x0 = MARGIN + AXIS_W;
    let x1 = PAGE_W - MARGIN;
    // `v` in the cells' unit; the axis's in hours when scaled.
    let y_of = |v: f64| plot_bottom - (v / scale / top_value) as f32 * PLOT_H;
    let n_ticks = (top_value / step).round() as usize;
    for t in 0..=n_ticks {
        let v = t as f64 * step;
        let y = y_of(v * scale);
        if t > 0 {
            f.push(Op::Rect {
                x: x0,
                y: y - 0.2,
                w: x1 - x0,
                h: 0.4,
                rgb: GRID,
            });
        }
        let text = format!("{}{unit}", tick_text(v, step, percent));
        f.push(Op::Text {
            x: x0 - 4.0 - f.width(&text, TINY),
            y: y + TINY * 0.35,
            size: TINY,
            grey: true,
            text,
        });
    }
    f.push(Op::Rule {
        x1: x0,
        y1: plot_bottom,
        x2: x1,
        y2: plot_bottom,
        width: 0.6,
    });

    // The bars, one slot per row.
    let slot = (x1 - x0) / rows.len() as f32;
    for (k, row) in rows.iter().enumerate() {
        let centre = x0 + slot * (k as f32 + 0.5);
        if stacked {
            let w = (slot * 0.6).min(40.0);
            let mut base = 0.0;
            for (&i, &rgb) in series.iter().zip(&colours) {
                let v = value(row.cells.get(i)).max(0.0);
                if v > 0.0 {
                    let (ya, yb) = (y_of(base + v), y_of(base));
                    f.push(Op::Rect {
                        x: centre - w / 2.0,
                        y: ya,
                        w,
                        h: yb - ya,
                        rgb,
                    });
                }
                base += v;
            }
        } else {
            let group = (slot * 0.8).min(24.0 * series.len() as f32);
            let w = group / series.len() as f32;
            for (j, (&i, &rgb)) in series.iter().zip(&colours).enumerate() {
                let v = value(row.cells.get(i)).max(0.0);
                if v > 0.0 {
                    let ya = y_of(v);
                    f.push(Op::Rect {
                        x: centre - group / 2.0 + j as f32 * w + w * 0.06,
                        y: ya,
                        w: w * 0.88,
                        h: plot_bottom - ya,
                        rgb,
                    });
                }
            }
        }
    }

    // The rows' names under their bars: wrapped to the slot (two lines at
    // most); when even so they would run into each other, every k-th.
    let names: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let name = match r.cells.first() {
                Some(Cell::Text(s)) => s.clone(),
                Some(c) => crate::stats::export::csv_text(c),
                None => String::new(),
            };
            let lines = f.wrap(&name, TINY, slot - 2.0);
            // A name never shows cut: more than two lines print it whole
            // on one (and fewer names are printed).
            if lines.len() > 2 {
                vec![name]
            } else {
                lines
            }
        })
        .collect();
    let widest = names
        .iter()
        .flatten()
        .map(|l| f.width(l, TINY))
        .fold(0.0, f32::max);
    let every = ((widest + 4.0) / slot).ceil().max(1.0) as usize;
    for (k, lines) in names.iter().enumerate() {
        if k % every != 0 {
            continue;
        }
        let centre = x0 + slot * (k as f32 + 0.5);
        for (li, l) in lines.iter().enumerate() {
            f.push(Op::Text {
                x: centre - f.width(l, TINY) / 2.0,
                y: plot_bottom + 3.0 + TINY + li as f32 * TINY * 1.3,
                size: TINY,
                grey: false,
                text: l.clone(),
            });
        }
    }
    let used = plot_bottom + NAMES_H + 6.0 - f.y();
    f.gap(used);
}
