//! The printable service record 售后服务统计 as a PDF (feature `report`).
//!
//! Pure: a [`WorkOrder`] with its charges (and the signature strokes it
//! carries) goes in, PDF bytes come out — no store, no clock, no files
//! except the font. The text is set in a CJK font found on the system at
//! run time ([`CjkFont::from_system`], `ONSITE_CJK_FONT` overrides) and
//! embedded as a subset; the signature is drawn as vector strokes from the
//! same points the customer drew (1000 × 400 box).
//!
//! The record is in Chinese (headings carry an English gloss): the status
//! is printed in words (已存档, never `filed`), people by their display
//! name from the cached staff directory ([`RecordInput::names`], login
//! name when the directory does not know them), and each used part with
//! the serial numbers of its pickup.
//!
//! The record shows: header (company after-sales service record, number),
//! customer, equipment, warranty tier, fault, agreed items, timeline, work
//! done, findings, parts, itemised charges and total (and an override with
//! its reason), the photos as thumbnails with their kind and caption
//! (JPEG bytes passed in [`RecordInput::thumbs`]), opinion, satisfaction, signer, signed time, content hash,
//! the filing receipt if any, and the signature; on request
//! ([`RecordInput::audit`]) an audit page with the order's field history
//! follows ([`audit`]).
//!
//! The monthly complaint report prints through the same layout and font
//! ([`complaints`]), and so does the office's service report with its
//! charts ([`stats`]).
//!
//! PDF writer: `krilla` (subsets and embeds TrueType/OpenType/CFF fonts,
//! also faces of `.ttc` collections, writes ToUnicode maps so the text can
//! be searched and extracted, and draws vector paths).

pub mod audit;
pub mod complaints;
pub mod font;
pub mod layout;
mod names;
mod sections;
pub mod stats;

use std::collections::BTreeMap;

use chrono_tz::Tz;

pub use font::CjkFont;
use layout::Flow;
pub use names::staff_names;

use crate::history::DocHistory;
use crate::model::WorkOrder;
use crate::rules::{Charges, Tier};
use crate::service::{ApiError, PickupLine};
use crate::stats::Lang;

/// Why a record could not be rendered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    /// No usable CJK font (`font_missing`).
    #[error("{0}")]
    FontMissing(String),
    /// The PDF writer failed.
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
}

impl From<ReportError> for ApiError {
    fn from(e: ReportError) -> ApiError {
        match e {
            ReportError::FontMissing(m) => {
                ApiError::new(crate::service::error::ErrorCode::FontMissing, m)
            }
            ReportError::Pdf(m) => ApiError::internal(format!("the PDF could not be written: {m}")),
        }
    }
}

/// What goes on the record.
#[derive(Debug, Clone, Copy)]
pub struct RecordInput<'a> {
    /// The work order (its sign-off carries opinion, signer, strokes, hash).
    pub wo: &'a WorkOrder,
    /// The charges as shown (as signed, once signed).
    pub charges: &'a Charges,
    /// The warranty tier of the call.
    pub tier: Tier,
    /// Times are printed in this zone.
    pub tz: Tz,
    /// The company name in the header.
    pub company: &'a str,
    /// The order's pickups (their serial numbers go beside the parts used).
    pub pickups: &'a [PickupLine],
    /// Login name → display name (杨金伟), from the staff directory.
    pub names: &'a BTreeMap<String, String>,
    /// The order's field history, printed as an audit page after the
    /// record ([`audit`]); `None` (the default): no audit page.
    pub audit: Option<&'a DocHistory>,
    /// The audit page's language.
    pub audit_lang: Lang,
    /// The photos' thumbnails (JPEG bytes by the thumbnail's hash) this
    /// device holds; a photo whose thumbnail is missing prints its kind
    /// and caption with a note instead of the picture.
    pub thumbs: &'a BTreeMap<String, Vec<u8>>,
}

impl RecordInput<'_> {
    /// The name to print for login name `user`: the display name, else
    /// the login name.
    pub fn name_of<'n>(&'n self, user: &'n str) -> &'n str {
        self.names
            .get(user)
            .map(String::as_str)
            .filter(|d| !d.trim().is_empty())
            .unwrap_or(user)
    }
}

/// Renders the record as PDF bytes.
pub fn render_record(input: &RecordInput<'_>, font: &CjkFont) -> Result<Vec<u8>, ReportError> {
    let pages = layout_record(input, font);
    render_pages(&pages, font, &format!("{} 售后服务统计", input.wo.number))
}

/// Draws laid-out pages.
pub fn render_pages(
    pages: &[Vec<layout::Op>],
    font: &CjkFont,
    title: &str,
) -> Result<Vec<u8>, ReportError> {
    layout::render(pages, font, title)
}

/// Lays the record out into pages of drawing operations, section by
/// section (see [`sections`]).
pub fn layout_record(input: &RecordInput<'_>, font: &CjkFont) -> Vec<Vec<layout::Op>> {
    let RecordInput {
        wo,
        charges,
        tier,
        tz,
        company,
        pickups,
        ..
    } = *input;
    let mut f = Flow::new(font, format!("{} · {}", wo.number, company));
    sections::header(&mut f, wo, company);
    sections::customer(&mut f, wo);
    sections::equipment(&mut f, wo, tier);
    sections::fault(&mut f, wo, tz);
    sections::planned(&mut f, wo);
    sections::timeline(&mut f, wo, tz);
    sections::service(&mut f, wo, input);
    sections::parts(&mut f, wo, pickups);
    sections::photos(&mut f, wo, input.thumbs);
    sections::charges(&mut f, charges, tz, input);
    sections::signoff(&mut f, wo, tz);
    sections::filing(&mut f, wo, tz);
    if let Some(history) = input.audit {
        audit::audit_page(&mut f, history, input.audit_lang, tz);
    }
    f.finish()
}

/// Fen as `¥1,234.50`.
pub fn yuan(fen: i64) -> String {
    let neg = fen < 0;
    let f = fen.unsigned_abs();
    let int = (f / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{}¥{grouped}.{:02}", if neg { "-" } else { "" }, f % 100)
}

#[cfg(test)]
mod photo_tests;
#[cfg(test)]
mod tests;
