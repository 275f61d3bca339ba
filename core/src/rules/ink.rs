//! Whether a signature has real ink: the customer's strokes must add up to
//! a minimum drawn length and cover a minimum extent (bounding box width
//! and height), so a tap, a dot or a short scribble is not a signature.
//!
//! Strokes are the stored form (`"x,y x,y …"`, integer points in the
//! 1000 × 400 signature box, see [`crate::model::SignOff`]); every length
//! here is in those box units. The UI runs the same rule live from the
//! [`InkRule`] it is given, so the 确认签字 button stays disabled until the
//! ink suffices; [`crate::ops::sign`] checks again before sealing.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How much ink a signature needs, in signature-box units (the box is
/// 1000 × 400). Part of the company's [`super::RulesConfig`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct InkRule {
    /// Total drawn length of all strokes (default 400: two fifths of the
    /// box's width).
    pub min_length: u32,
    /// Width of the strokes' bounding box (default 150).
    pub min_width: u32,
    /// Height of the strokes' bounding box (default 40: a tenth of the box).
    pub min_height: u32,
}

impl Default for InkRule {
    fn default() -> Self {
        Self {
            min_length: 400,
            min_width: 150,
            min_height: 40,
        }
    }
}

/// What a set of strokes measures: drawn length and bounding box.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Ink {
    /// Sum of the segment lengths of every stroke.
    pub length: f64,
    /// Bounding box width (0 with no points).
    pub width: u32,
    /// Bounding box height (0 with no points).
    pub height: u32,
}

/// Why a signature does not have enough ink.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
pub enum InkError {
    /// Nothing drawn at all.
    #[error("the customer has not signed: the signature is empty")]
    Empty,
    /// Something drawn, but too little (a dot, a tap, a short scribble).
    #[error("the signature is too short (drawn {length:.0} long, {width}×{height}; at least {min_length} long and {min_width}×{min_height} needed): sign in full with a finger or pen")]
    TooShort {
        /// Drawn length.
        length: f64,
        /// Bounding box width.
        width: u32,
        /// Bounding box height.
        height: u32,
        /// The rule's minimum length.
        min_length: u32,
        /// The rule's minimum width.
        min_width: u32,
        /// The rule's minimum height.
        min_height: u32,
    },
}

/// Parses one stored stroke into points; malformed pairs are skipped (the
/// same reading as the printed record's).
pub fn stroke_points(stroke: &str) -> Vec<(i64, i64)> {
    stroke
        .split_whitespace()
        .filter_map(|p| {
            let (x, y) = p.split_once(',')?;
            Some((x.trim().parse().ok()?, y.trim().parse().ok()?))
        })
        .collect()
}

/// Measures `strokes`.
pub fn measure(strokes: &[String]) -> Ink {
    let mut length = 0.0;
    let mut bbox: Option<(i64, i64, i64, i64)> = None;
    for stroke in strokes {
        let pts = stroke_points(stroke);
        for w in pts.windows(2) {
            let (dx, dy) = ((w[1].0 - w[0].0) as f64, (w[1].1 - w[0].1) as f64);
            length += dx.hypot(dy);
        }
        for &(x, y) in &pts {
            bbox = Some(match bbox {
                None => (x, y, x, y),
                Some((x0, y0, x1, y1)) => (x0.min(x), y0.min(y), x1.max(x), y1.max(y)),
            });
        }
    }
    let (width, height) = bbox.map_or((0, 0), |(x0, y0, x1, y1)| (x1 - x0, y1 - y0));
    Ink {
        length,
        width: width as u32,
        height: height as u32,
    }
}

/// Accepts `strokes` only with real ink under `rule`.
pub fn check_ink(strokes: &[String], rule: &InkRule) -> Result<Ink, InkError> {
    if strokes.iter().all(|s| stroke_points(s).is_empty()) {
        return Err(InkError::Empty);
    }
    let ink = measure(strokes);
    let enough = ink.length >= f64::from(rule.min_length)
        && ink.width >= rule.min_width
        && ink.height >= rule.min_height;
    if enough {
        Ok(ink)
    } else {
        Err(InkError::TooShort {
            length: ink.length,
            width: ink.width,
            height: ink.height,
            min_length: rule.min_length,
            min_width: rule.min_width,
            min_height: rule.min_height,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn nothing_drawn_is_empty() {
        assert_eq!(check_ink(&[], &InkRule::default()), Err(InkError::Empty));
        assert_eq!(
            check_ink(&s(&["", " "]), &InkRule::default()),
            Err(InkError::Empty)
        );
    }

    #[test]
    fn a_single_tap_is_refused() {
        let err = check_ink(&s(&["500,200"]), &InkRule::default()).unwrap_err();
        assert!(
            matches!(err, InkError::TooShort { length, width: 0, height: 0, .. } if length == 0.0)
        );
    }

    #[test]
    fn a_short_scribble_is_refused() {
        let scribble = s(&["400,200 430,215 410,230 445,240"]);
        assert!(matches!(
            check_ink(&scribble, &InkRule::default()),
            Err(InkError::TooShort { .. })
        ));
    }

    #[test]
    fn a_long_flat_line_is_refused_for_its_height() {
        let line = s(&["100,200 900,205"]);
        let err = check_ink(&line, &InkRule::default()).unwrap_err();
        assert!(matches!(err, InkError::TooShort { height: 5, .. }), "{err}");
    }

    #[test]
    fn a_real_signature_is_accepted() {
        let ink = check_ink(&crate::testing::signature(), &InkRule::default()).unwrap();
        assert_eq!((ink.width, ink.height), (520, 200));
        assert!(ink.length > 1000.0, "{ink:?}");
    }

    #[test]
    fn the_limits_are_inclusive_and_configurable() {
        // About 403 long, 400 wide, exactly 40 high: just enough by default.
        let edge = s(&["0,0 300,40", "300,40 400,40"]);
        let ink = measure(&edge);
        assert_eq!(
            (ink.length.round(), ink.width, ink.height),
            (403.0, 400, 40)
        );
        assert!(check_ink(&edge, &InkRule::default()).is_ok());
        let stricter = InkRule {
            min_height: 41,
            ..InkRule::default()
        };
        assert!(check_ink(&edge, &stricter).is_err());
        let lenient = InkRule {
            min_length: 0,
            min_width: 0,
            min_height: 0,
        };
        assert!(check_ink(&s(&["5,5"]), &lenient).is_ok());
    }

    #[test]
    fn malformed_points_are_skipped() {
        let ink = measure(&s(&["0,0 x,1 3,4 5"]));
        assert_eq!(ink.length, 5.0);
        assert_eq!((ink.width, ink.height), (3, 4));
    }
}
