//! The CJK font the printable record is set in: found on the system at run
//! time (never bundled), read once, measured with `skrifa` for line
//! wrapping and handed to `krilla`, which embeds a subset of it.
//!
//! Where it is looked for, first hit wins:
//!
//! 1. `ONSITE_CJK_FONT` — a `.ttf`, `.otf` or `.ttc` path; a `.ttc` may
//!    name its face as `path#index`;
//! 2. Debian's `fonts-noto-cjk`: `/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc`
//!    (the Simplified-Chinese face is chosen from the collection);
//! 3. Debian's `fonts-droid-fallback`: `/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf`;
//! 4. a few other common locations (WenQuanYi, Noto on other distributions).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use skrifa::instance::{LocationRef, Size};
use skrifa::raw::FileRef;
use skrifa::string::StringId;
use skrifa::{FontRef, MetadataProvider};

use super::ReportError;

/// The environment variable that overrides the font search.
pub const FONT_ENV: &str = "ONSITE_CJK_FONT";

/// Where the font is looked for after `ONSITE_CJK_FONT`.
pub const SYSTEM_FONTS: &[&str] = &[
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:\\Windows\\Fonts\\msyh.ttc",
];

/// A loaded font face: the file's bytes and the face index inside it.
#[derive(Clone)]
pub struct CjkFont {
    data: Arc<Vec<u8>>,
    index: u32,
    /// Where it came from (for logs and errors).
    pub source: PathBuf,
}

impl std::fmt::Debug for CjkFont {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CjkFont")
            .field("source", &self.source)
            .field("index", &self.index)
            .field("bytes", &self.data.len())
            .finish()
    }
}

impl CjkFont {
    /// The font from `ONSITE_CJK_FONT`, else the first system font found;
    /// `font_missing` when there is none.
    pub fn from_system() -> Result<CjkFont, ReportError> {
        if let Some(spec) = std::env::var_os(FONT_ENV).filter(|s| !s.is_empty()) {
            let spec = PathBuf::from(spec);
            return CjkFont::from_spec(&spec);
        }
        for p in SYSTEM_FONTS {
            let p = Path::new(p);
            if p.is_file() {
                match CjkFont::from_file(p, None) {
                    Ok(f) => return Ok(f),
                    Err(e) => tracing::warn!(path = %p.display(), error = %e, "font skipped"),
                }
            }
        }
        Err(ReportError::FontMissing(format!(
            "no Chinese font found for the PDF: install the Debian package fonts-noto-cjk \
             (or fonts-droid-fallback), or set {FONT_ENV} to a .ttf/.otf/.ttc file; looked in {}",
            SYSTEM_FONTS[..2].join(", ")
        )))
    }

    /// A `path` or `path#index` (face of a collection).
    pub fn from_spec(spec: &Path) -> Result<CjkFont, ReportError> {
        let text = spec.to_string_lossy();
        if !spec.is_file() {
            if let Some((path, idx)) = text.rsplit_once('#') {
                if let Ok(i) = idx.parse::<u32>() {
                    return CjkFont::from_file(Path::new(path), Some(i));
                }
            }
        }
        CjkFont::from_file(spec, None)
    }

    /// Loads `path`; in a collection, face `index`, or else the Simplified
    /// Chinese face (family name ending in "SC"), or else the first.
    pub fn from_file(path: &Path, index: Option<u32>) -> Result<CjkFont, ReportError> {
        let data = std::fs::read(path).map_err(|e| {
            ReportError::FontMissing(format!(
                "cannot read the font {} ({e}); install fonts-noto-cjk or set {FONT_ENV}",
                path.display()
            ))
        })?;
        CjkFont::from_bytes(data, index, path.to_path_buf())
    }

    /// A font from bytes already read.
    pub fn from_bytes(
        data: Vec<u8>,
        index: Option<u32>,
        source: PathBuf,
    ) -> Result<CjkFont, ReportError> {
        let bad = |why: String| {
            ReportError::FontMissing(format!("{} is not a usable font: {why}", source.display()))
        };
        let count = match FileRef::new(&data).map_err(|e| bad(e.to_string()))? {
            FileRef::Font(_) => 1,
            FileRef::Collection(c) => c.len(),
        };
        let index = match index {
            Some(i) if i < count => i,
            Some(i) => return Err(bad(format!("face {i} asked for, the file has {count}"))),
            None => (0..count)
                .find(|&i| {
                    FontRef::from_index(&data, i).is_ok_and(|f| {
                        f.localized_strings(StringId::FAMILY_NAME)
                            .english_or_first()
                            .is_some_and(|n| n.to_string().trim_end().ends_with("SC"))
                    })
                })
                .unwrap_or(0),
        };
        let font = FontRef::from_index(&data, index).map_err(|e| bad(e.to_string()))?;
        if font.charmap().map('中').is_none() {
            return Err(bad("it has no Chinese characters".into()));
        }
        Ok(CjkFont {
            data: Arc::new(data),
            index,
            source,
        })
    }

    /// The face index inside the file.
    pub fn index(&self) -> u32 {
        self.index
    }

    /// The font for krilla.
    pub(super) fn krilla(&self) -> Result<krilla::text::Font, ReportError> {
        let data: krilla::Data = self.data.clone().into();
        krilla::text::Font::new(data, self.index).ok_or_else(|| {
            ReportError::FontMissing(format!(
                "{} cannot be embedded in a PDF",
                self.source.display()
            ))
        })
    }

    /// A measurer of text widths at a given size.
    pub(super) fn metrics(&self) -> Metrics<'_> {
        let font = FontRef::from_index(&self.data, self.index).expect("checked when loaded");
        Metrics { font }
    }
}

/// Measures text in points.
pub(super) struct Metrics<'a> {
    font: FontRef<'a>,
}

impl Metrics<'_> {
    /// The advance width of `text` at `size` points (no kerning; CJK text
    /// has none to speak of).
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let charmap = self.font.charmap();
        let gm = self
            .font
            .glyph_metrics(Size::new(size), LocationRef::default());
        text.chars()
            .map(|c| {
                charmap
                    .map(c)
                    .and_then(|g| gm.advance_width(g))
                    .unwrap_or(size * 0.5)
            })
            .sum()
    }
}
