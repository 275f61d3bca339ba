//! A tiny page layout for the record: a cursor that flows text lines,
//! label/value rows, tables, a signature box (and, for the service
//! report's charts, filled rectangles) down A4 pages, breaking
//! pages as needed, into a display list ([`Op`]s per page); then
//! [`render`] draws that list with krilla. Keeping the two apart keeps the
//! layout testable without parsing PDF.
//!
//! (Over 500 lines on purpose: the page flow, text wrapping, tables and
//! images share one cursor and one set of measures; split, each part would
//! reach into the others' state.)

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, LineCap, LineJoin, Stroke};
use krilla::text::TextDirection;
use krilla::Document;

use super::font::{CjkFont, Metrics};
use super::ReportError;

/// A4 in points.
pub const PAGE_W: f32 = 595.0;
/// A4 in points.
pub const PAGE_H: f32 = 842.0;
/// Page margin.
pub const MARGIN: f32 = 42.0;
/// Body text size.
pub const BODY: f32 = 10.0;
const LINE: f32 = 1.45;
const LABEL_W: f32 = 92.0;

/// One drawing operation, in points from the page's top-left corner.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// Text whose baseline starts at (x, y).
    Text {
        x: f32,
        y: f32,
        size: f32,
        grey: bool,
        text: String,
    },
    /// A straight rule.
    Rule {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
    },
    /// Open polylines (signature strokes), drawn with round caps.
    Strokes {
        lines: Vec<Vec<(f32, f32)>>,
        width: f32,
    },
    /// A JPEG picture (a photo's thumbnail) drawn in the `w`×`h` box whose
    /// top-left corner is `(x, y)`.
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        jpeg: std::sync::Arc<Vec<u8>>,
    },
    /// A filled rectangle (a chart's bar or legend swatch, a shaded row),
    /// `(x, y)` its top-left corner.
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        rgb: (u8, u8, u8),
    },
}

/// One picture of a [`Flow::picture_row`]: its JPEG bytes (`None`: not
/// available, an empty frame is drawn), its width/height aspect and the
/// words under it.
pub type Picture = (Option<std::sync::Arc<Vec<u8>>>, f32, String);

/// The flowing cursor over pages.
pub struct Flow<'f> {
    metrics: Metrics<'f>,
    /// The pages so far, each a display list.
    pub pages: Vec<Vec<Op>>,
    y: f32,
    footer: String,
}

impl<'f> Flow<'f> {
    /// A flow starting on a fresh first page; `footer` goes at the bottom
    /// of every page with the page number.
    pub fn new(font: &'f CjkFont, footer: impl Into<String>) -> Flow<'f> {
        Flow {
            metrics: font.metrics(),
            pages: vec![Vec::new()],
            y: MARGIN,
            footer: footer.into(),
        }
    }

    fn page(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("a page")
    }

    /// Makes room for `h` points, starting a new page when needed.
    pub fn need(&mut self, h: f32) {
        if self.y + h > PAGE_H - MARGIN - 14.0 {
            self.pages.push(Vec::new());
            self.y = MARGIN;
        }
    }

    /// Starts a new page (unless the current one is still empty).
    pub fn new_page(&mut self) {
        if !self.page().is_empty() {
            self.pages.push(Vec::new());
            self.y = MARGIN;
        }
    }

    /// Where the cursor is, in points from the page's top.
    pub fn y(&self) -> f32 {
        self.y
    }

    /// Adds an operation to the current page as it is (the caller has made
    /// room with [`Flow::need`] and moves the cursor with [`Flow::gap`]).
    pub fn push(&mut self, op: Op) {
        self.page().push(op);
    }

    /// Vertical space.
    pub fn gap(&mut self, h: f32) {
        self.y += h;
    }

    /// The width of `text` at `size`.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        self.metrics.width(text, size)
    }

    /// Breaks `text` into lines no wider than `max` (at any character for
    /// CJK; at spaces where a Latin word fits), keeping explicit newlines.
    pub fn wrap(&self, text: &str, size: f32, max: f32) -> Vec<String> {
        let mut out = Vec::new();
        for para in text.split('\n') {
            let mut line = String::new();
            let mut w = 0.0;
            for c in para.chars() {
                let cw = self.metrics.width(c.encode_utf8(&mut [0; 4]), size);
                if w + cw > max && !line.is_empty() {
                    // Prefer breaking at the last space for Latin text.
                    let cut = if c != ' ' {
                        line.rfind(' ').filter(|&i| i > 0)
                    } else {
                        None
                    };
                    match cut {
                        Some(i) => {
                            let rest = line[i + 1..].to_string();
                            line.truncate(i);
                            out.push(std::mem::take(&mut line));
                            line = rest;
                            w = self.metrics.width(&line, size);
                        }
                        None => {
                            out.push(std::mem::take(&mut line));
                            w = 0.0;
                        }
                    }
                    if c == ' ' {
                        continue;
                    }
                }
                line.push(c);
                w += cw;
            }
            out.push(line);
        }
        out
    }

    /// A line of text at `x` (left), advancing the cursor.
    pub fn text_line(&mut self, x: f32, text: &str, size: f32, grey: bool) {
        let h = size * LINE;
        self.need(h);
        let y = self.y + size;
        self.page().push(Op::Text {
            x,
            y,
            size,
            grey,
            text: text.to_string(),
        });
        self.y += h;
    }

    /// A centred line.
    pub fn centred(&mut self, text: &str, size: f32) {
        let x = (PAGE_W - self.width(text, size)) / 2.0;
        self.text_line(x.max(MARGIN), text, size, false);
    }

    /// A section heading with a rule under it.
    pub fn heading(&mut self, text: &str) {
        self.need(BODY * 4.0);
        self.gap(6.0);
        self.text_line(MARGIN, text, BODY + 2.0, false);
        let y = self.y;
        self.page().push(Op::Rule {
            x1: MARGIN,
            y1: y,
            x2: PAGE_W - MARGIN,
            y2: y,
            width: 0.6,
        });
        self.gap(4.0);
    }

    /// A label in grey and its value wrapped beside it.
    pub fn row(&mut self, label: &str, value: &str) {
        let value = if value.trim().is_empty() {
            "—"
        } else {
            value
        };
        let lines = self.wrap(value, BODY, PAGE_W - 2.0 * MARGIN - LABEL_W);
        for (i, l) in lines.iter().enumerate() {
            let h = BODY * LINE;
            self.need(h);
            let y = self.y + BODY;
            if i == 0 {
                self.page().push(Op::Text {
                    x: MARGIN,
                    y,
                    size: BODY,
                    grey: true,
                    text: label.to_string(),
                });
            }
            self.page().push(Op::Text {
                x: MARGIN + LABEL_W,
                y,
                size: BODY,
                grey: false,
                text: l.clone(),
            });
            self.y += h;
        }
    }

    /// A paragraph across the full width.
    pub fn para(&mut self, text: &str) {
        let text = if text.trim().is_empty() { "—" } else { text };
        for l in self.wrap(text, BODY, PAGE_W - 2.0 * MARGIN) {
            self.text_line(MARGIN, &l, BODY, false);
        }
    }

    /// A table: `cols` are (header, width, right-aligned); cells wrap.
    pub fn table(&mut self, cols: &[(&str, f32, bool)], rows: &[Vec<String>]) {
        let total: f32 = cols.iter().map(|c| c.1).sum();
        let scale = (PAGE_W - 2.0 * MARGIN) / total;
        let widths: Vec<f32> = cols.iter().map(|c| c.1 * scale).collect();
        let header: Vec<String> = cols.iter().map(|c| c.0.to_string()).collect();
        self.table_row(cols, &widths, &header, true);
        for r in rows {
            self.table_row(cols, &widths, r, false);
        }
    }

    fn table_row(
        &mut self,
        cols: &[(&str, f32, bool)],
        widths: &[f32],
        cells: &[String],
        header: bool,
    ) {
        let wrapped: Vec<Vec<String>> = cells
            .iter()
            .zip(widths)
            .map(|(c, w)| self.wrap(c, BODY, w - 6.0))
            .collect();
        let n = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let h = n as f32 * BODY * LINE + 4.0;
        self.need(h);
        let top = self.y;
        let mut x = MARGIN;
        for ((lines, w), col) in wrapped.iter().zip(widths).zip(cols) {
            for (i, l) in lines.iter().enumerate() {
                let tx = if col.2 {
                    x + w - 3.0 - self.width(l, BODY)
                } else {
                    x + 3.0
                };
                let y = top + 2.0 + BODY + i as f32 * BODY * LINE;
                self.page().push(Op::Text {
                    x: tx,
                    y,
                    size: BODY,
                    grey: header,
                    text: l.clone(),
                });
            }
            x += w;
        }
        self.y = top + h;
        let y = self.y;
        let width = if header { 0.6 } else { 0.3 };
        self.page().push(Op::Rule {
            x1: MARGIN,
            y1: y,
            x2: PAGE_W - MARGIN,
            y2: y,
            width,
        });
    }

    /// The customer's signature: a `w`×`h` box (keeping the 1000 × 400
    /// aspect) with the strokes drawn in it as vector paths. Each stroke is
    /// `"x,y x,y …"`; malformed points are skipped.
    pub fn signature(&mut self, strokes: &[String], w: f32) {
        let h = w * 0.4;
        self.need(h + 8.0);
        let (x0, y0) = (MARGIN + LABEL_W, self.y + 2.0);
        let s = w / 1000.0;
        let lines: Vec<Vec<(f32, f32)>> = strokes
            .iter()
            .map(|st| {
                crate::rules::ink::stroke_points(st)
                    .into_iter()
                    .map(|(x, y)| {
                        let (x, y) = (x.clamp(0, 1000) as f32, y.clamp(0, 400) as f32);
                        (x0 + x * s, y0 + y * s)
                    })
                    .collect::<Vec<_>>()
            })
            .filter(|l| !l.is_empty())
            .collect();
        let page = self.page();
        for (a, b) in [
            ((0.0, 0.0), (w, 0.0)),
            ((w, 0.0), (w, h)),
            ((w, h), (0.0, h)),
            ((0.0, h), (0.0, 0.0)),
        ] {
            page.push(Op::Rule {
                x1: x0 + a.0,
                y1: y0 + a.1,
                x2: x0 + b.0,
                y2: y0 + b.1,
                width: 0.3,
            });
        }
        page.push(Op::Strokes { lines, width: 1.6 });
        self.y = y0 + h + 6.0;
    }

    /// A row of pictures, each `(jpeg, w/h aspect, caption)`, in cells
    /// `cell` points wide (the picture fits a `cell`×`cell·¾` box) with the
    /// caption under it; a missing picture leaves an empty frame.
    pub fn picture_row(&mut self, cells: &[Picture], cell: f32) {
        let box_h = cell * 0.75;
        let text_h = BODY * 0.9 * LINE;
        self.need(box_h + text_h + 8.0);
        let (y0, gap) = (self.y, 10.0);
        for (i, (jpeg, aspect, caption)) in cells.iter().enumerate() {
            let x0 = MARGIN + i as f32 * (cell + gap);
            let (w, h) = if *aspect >= cell / box_h {
                (cell, cell / aspect.max(0.01))
            } else {
                (box_h * aspect, box_h)
            };
            let (x, y) = (x0 + (cell - w) / 2.0, y0 + (box_h - h) / 2.0);
            match jpeg {
                Some(jpeg) => self.page().push(Op::Image {
                    x,
                    y,
                    w,
                    h,
                    jpeg: jpeg.clone(),
                }),
                None => {
                    for (a, b) in [
                        ((0.0, 0.0), (cell, 0.0)),
                        ((cell, 0.0), (cell, box_h)),
                        ((cell, box_h), (0.0, box_h)),
                        ((0.0, box_h), (0.0, 0.0)),
                    ] {
                        self.page().push(Op::Rule {
                            x1: x0 + a.0,
                            y1: y0 + a.1,
                            x2: x0 + b.0,
                            y2: y0 + b.1,
                            width: 0.3,
                        });
                    }
                }
            }
            let size = BODY * 0.9;
            let line = self
                .wrap(caption, size, cell)
                .into_iter()
                .next()
                .unwrap_or_default();
            self.page().push(Op::Text {
                x: x0,
                y: y0 + box_h + size * 1.2,
                size,
                grey: false,
                text: line,
            });
        }
        self.y = y0 + box_h + text_h + 8.0;
    }

    /// Adds the page footers ("footer — page i / n").
    pub fn finish(mut self) -> Vec<Vec<Op>> {
        let n = self.pages.len();
        let footer = self.footer.clone();
        for (i, page) in self.pages.iter_mut().enumerate() {
            let text = format!("{footer}    {} / {n}", i + 1);
            let x = PAGE_W - MARGIN - self.metrics.width(&text, 8.0);
            page.push(Op::Text {
                x,
                y: PAGE_H - MARGIN + 8.0,
                size: 8.0,
                grey: true,
                text,
            });
        }
        self.pages
    }
}

/// Draws the pages with `font` into PDF bytes.
pub fn render(pages: &[Vec<Op>], font: &CjkFont, title: &str) -> Result<Vec<u8>, ReportError> {
    let kfont = font.krilla()?;
    let mut doc = Document::new();
    doc.set_metadata(
        krilla::metadata::Metadata::new()
            .title(title.to_string())
            .creator("Onsite".to_string()),
    );
    let black = Fill {
        paint: rgb::Color::new(0, 0, 0).into(),
        ..Fill::default()
    };
    let grey = Fill {
        paint: rgb::Color::new(90, 90, 90).into(),
        ..Fill::default()
    };
    for ops in pages {
        let settings = PageSettings::from_wh(PAGE_W, PAGE_H)
            .ok_or_else(|| ReportError::Pdf("bad page size".into()))?;
        let mut page = doc.start_page_with(settings);
        let mut surface = page.surface();
        for op in ops {
            match op {
                Op::Text {
                    x,
                    y,
                    size,
                    grey: g,
                    text,
                } => {
                    surface.set_fill(Some(if *g { grey.clone() } else { black.clone() }));
                    surface.set_stroke(None);
                    surface.draw_text(
                        Point::from_xy(*x, *y),
                        kfont.clone(),
                        *size,
                        text,
                        false,
                        TextDirection::Auto,
                    );
                }
                Op::Rule {
                    x1,
                    y1,
                    x2,
                    y2,
                    width,
                } => {
                    let mut pb = PathBuilder::new();
                    pb.move_to(*x1, *y1);
                    pb.line_to(*x2, *y2);
                    if let Some(path) = pb.finish() {
                        surface.set_fill(None);
                        surface.set_stroke(Some(stroke(*width, (120, 120, 120))));
                        surface.draw_path(&path);
                    }
                }
                Op::Rect {
                    x,
                    y,
                    w,
                    h,
                    rgb: (r, g, b),
                } => {
                    if let Some(rect) = krilla::geom::Rect::from_xywh(*x, *y, *w, *h) {
                        let mut pb = PathBuilder::new();
                        pb.push_rect(rect);
                        if let Some(path) = pb.finish() {
                            surface.set_stroke(None);
                            surface.set_fill(Some(Fill {
                                paint: rgb::Color::new(*r, *g, *b).into(),
                                ..Fill::default()
                            }));
                            surface.draw_path(&path);
                        }
                    }
                }
                Op::Image { x, y, w, h, jpeg } => {
                    let image = krilla::image::Image::from_jpeg(jpeg.clone().into(), true)
                        .map_err(|e| ReportError::Pdf(format!("a photo's thumbnail: {e}")))?;
                    if let Some(size) = krilla::geom::Size::from_wh(*w, *h) {
                        surface.push_transform(&krilla::geom::Transform::from_translate(*x, *y));
                        surface.draw_image(image, size);
                        surface.pop();
                    }
                }
                Op::Strokes { lines, width } => {
                    let mut pb = PathBuilder::new();
                    for sub in stroke_path_points(lines) {
                        pb.move_to(sub[0].0, sub[0].1);
                        for &(x, y) in &sub[1..] {
                            pb.line_to(x, y);
                        }
                    }
                    if let Some(path) = pb.finish() {
                        surface.set_fill(None);
                        surface.set_stroke(Some(stroke(*width, (10, 30, 110))));
                        surface.draw_path(&path);
                    }
                }
            }
        }
        surface.finish();
        page.finish();
    }
    doc.finish().map_err(|e| ReportError::Pdf(format!("{e:?}")))
}

/// The sub-paths the PDF draws for signature `lines`: each stroke from its
/// first point through every following point to its last, in order; a
/// single point becomes a tiny segment so the round cap shows it as a dot.
/// [`render`] draws exactly these (`move_to` the first, `line_to` the rest).
pub fn stroke_path_points(lines: &[Vec<(f32, f32)>]) -> Vec<Vec<(f32, f32)>> {
    lines
        .iter()
        .filter(|l| !l.is_empty())
        .map(|l| match l.as_slice() {
            [(x, y)] => vec![(*x, *y), (*x + 0.01, *y)],
            _ => l.clone(),
        })
        .collect()
}

fn stroke(width: f32, (r, g, b): (u8, u8, u8)) -> Stroke {
    Stroke {
        paint: rgb::Color::new(r, g, b).into(),
        width,
        miter_limit: 4.0,
        line_cap: LineCap::Round,
        line_join: LineJoin::Round,
        opacity: NormalizedF32::ONE,
        dash: None,
    }
}
