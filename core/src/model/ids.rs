//! Document identifiers and human work-order numbers.
//!
//! A document id is `<kind>:<ulid>` (for example `wo:01JD3…`): any device
//! creates one offline without coordination. A work-order number
//! (`WO-2026-03-000123`) is `WO-<year>-<device slot>-<sequence>`: the server
//! gives each device a slot (1–999, at least two digits) at enrolment and the device counts its
//! own sequence, so two offline devices can never produce the same number.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The kinds of document, as written in the id prefix and the `kind` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DocKind {
    /// A work order with its service record, sign-off and filing receipt: `wo`.
    #[serde(rename = "wo")]
    WorkOrder,
    /// A spare-part pickup by an engineer: `pickup`.
    Pickup,
    /// A part in the catalogue with its stock counters: `part`.
    Part,
    /// A customer with its equipment: `cust`.
    #[serde(rename = "cust")]
    Customer,
    /// A maintenance contract: `contract`.
    Contract,
    /// A complaint: `complaint`.
    Complaint,
    /// The company settings (one document, `settings:company`): `settings`.
    Settings,
    /// A follow-up visit 回访 of the office (after a closed order, or a
    /// planned visit to a key customer): `followup`.
    #[serde(rename = "followup")]
    FollowUp,
    /// A yearly satisfaction survey of a customer: `survey`.
    Survey,
    /// The submission of one month's complaint report
    /// (`complaint_report:<YYYY-MM>`): `complaint_report`.
    ComplaintReport,
}

impl DocKind {
    /// Every kind, in a stable order.
    pub const ALL: [DocKind; 10] = [
        DocKind::WorkOrder,
        DocKind::Pickup,
        DocKind::Part,
        DocKind::Customer,
        DocKind::Contract,
        DocKind::Complaint,
        DocKind::Settings,
        DocKind::FollowUp,
        DocKind::Survey,
        DocKind::ComplaintReport,
    ];

    /// The id prefix (and `kind` field) of this kind.
    pub fn prefix(self) -> &'static str {
        match self {
            DocKind::WorkOrder => "wo",
            DocKind::Pickup => "pickup",
            DocKind::Part => "part",
            DocKind::Customer => "cust",
            DocKind::Contract => "contract",
            DocKind::Complaint => "complaint",
            DocKind::Settings => "settings",
            DocKind::FollowUp => "followup",
            DocKind::Survey => "survey",
            DocKind::ComplaintReport => "complaint_report",
        }
    }
}

impl FromStr for DocKind {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, IdError> {
        DocKind::ALL
            .into_iter()
            .find(|k| k.prefix() == s)
            .ok_or_else(|| IdError::UnknownKind(s.to_string()))
    }
}

impl fmt::Display for DocKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.prefix())
    }
}

/// A malformed document id or number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// The id has no `<kind>:` prefix or nothing after it.
    #[error("document id {0:?} is not of the form <kind>:<id>")]
    Malformed(String),
    /// The prefix names no known kind.
    #[error("unknown document kind {0:?}")]
    UnknownKind(String),
}

/// A document id, `<kind>:<id>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(try_from = "String", into = "String")]
#[ts(type = "string", export)]
pub struct DocId {
    kind: DocKind,
    text: String,
}

impl DocId {
    /// A fresh id of `kind`, unique without coordination (a ULID).
    pub fn new(kind: DocKind) -> DocId {
        DocId {
            kind,
            text: format!("{}:{}", kind.prefix(), ulid::Ulid::new()),
        }
    }

    /// An id with a chosen suffix (demo data, tests, part numbers).
    pub fn with_suffix(kind: DocKind, suffix: &str) -> DocId {
        DocId {
            kind,
            text: format!("{}:{}", kind.prefix(), suffix),
        }
    }

    /// The kind named by the prefix.
    pub fn kind(&self) -> DocKind {
        self.kind
    }

    /// The whole id as text.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl FromStr for DocId {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, IdError> {
        let (kind, rest) = s
            .split_once(':')
            .ok_or_else(|| IdError::Malformed(s.to_string()))?;
        if rest.is_empty() || s.len() > 200 || s.chars().any(|c| c.is_control()) {
            return Err(IdError::Malformed(s.to_string()));
        }
        Ok(DocId {
            kind: kind.parse()?,
            text: s.to_string(),
        })
    }
}

impl TryFrom<String> for DocId {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, IdError> {
        s.parse()
    }
}

impl From<DocId> for String {
    fn from(id: DocId) -> String {
        id.text
    }
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Formats a work-order number from its parts: `WO-2026-03-000123`.
pub fn work_order_number(year: i32, device_slot: u16, seq: u32) -> String {
    format!("WO-{year}-{device_slot:02}-{seq:06}")
}

/// The parts of a work-order number `WO-<year>-<slot>-<seq>`: year, device
/// slot and sequence; `None` for any other text.
pub fn parse_work_order_number(number: &str) -> Option<(i32, u16, u32)> {
    let mut parts = number.strip_prefix("WO-")?.split('-');
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    let (year, slot, seq) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || ![year, slot, seq].into_iter().all(digits) {
        return None;
    }
    Some((year.parse().ok()?, slot.parse().ok()?, seq.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_carry_their_kind_and_parse_back() {
        let id = DocId::new(DocKind::WorkOrder);
        assert!(id.as_str().starts_with("wo:"));
        let back: DocId = id.as_str().parse().unwrap();
        assert_eq!(back, id);
        assert_eq!(back.kind(), DocKind::WorkOrder);
    }

    #[test]
    fn every_kind_serialises_as_its_prefix_and_parses_back() {
        for kind in DocKind::ALL {
            let json = serde_json::to_value(kind).unwrap();
            assert_eq!(json, kind.prefix(), "{kind:?}");
            assert_eq!(kind.prefix().parse::<DocKind>(), Ok(kind));
        }
    }

    #[test]
    fn ids_made_on_two_devices_at_once_differ() {
        let a: Vec<DocId> = (0..1000).map(|_| DocId::new(DocKind::Pickup)).collect();
        let set: std::collections::HashSet<_> = a.iter().collect();
        assert_eq!(set.len(), 1000);
    }

    #[test]
    fn malformed_ids_are_refused_with_the_reason() {
        assert_eq!(
            "nokind".parse::<DocId>(),
            Err(IdError::Malformed("nokind".into()))
        );
        assert_eq!(
            "zz:1".parse::<DocId>(),
            Err(IdError::UnknownKind("zz".into()))
        );
        assert!("wo:".parse::<DocId>().is_err());
    }

    #[test]
    fn numbers_from_two_device_slots_never_collide() {
        assert_eq!(work_order_number(2026, 3, 123), "WO-2026-03-000123");
        assert_ne!(work_order_number(2026, 1, 1), work_order_number(2026, 2, 1));
    }

    #[test]
    fn slots_above_99_print_whole_and_parse_back() {
        assert_eq!(work_order_number(2026, 256, 7), "WO-2026-256-000007");
        assert_eq!(
            parse_work_order_number("WO-2026-256-000007"),
            Some((2026, 256, 7))
        );
        assert_eq!(
            parse_work_order_number("WO-2026-03-000123"),
            Some((2026, 3, 123))
        );
        assert_eq!(parse_work_order_number("WO-2026-03"), None);
        assert_eq!(parse_work_order_number("WO-2026-+3-1"), None);
    }
}
