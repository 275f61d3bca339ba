//! Checking the arguments a command receives as plain strings before they
//! reach [`super::Device`]: document ids, a pickup's serial numbers and a
//! file's bytes sent as base64 (the warehouse is checked by
//! `Device::pickup_parts` against the configured ones). The app shell calls
//! these and nothing else of its own.

use base64::Engine as _;

use super::ApiError;
use crate::model::DocId;

/// Parses the document id argument `arg` (`invalid` naming the argument).
pub fn doc_id(arg: &str, value: &str) -> Result<DocId, ApiError> {
    value
        .trim()
        .parse::<DocId>()
        .map_err(|e| ApiError::invalid(format!("{arg} {value:?} is not a document id: {e}")))
}

/// The bytes of argument `arg` sent as one standard base64 string (a
/// photo: a string is a third larger than the file, a JSON array of numbers
/// about four times; `invalid` naming the argument when it is not base64).
pub fn base64_bytes(arg: &str, value: &str) -> Result<Vec<u8>, ApiError> {
    base64::engine::general_purpose::STANDARD
        .decode(value)
        .map_err(|e| ApiError::invalid(format!("{arg}: not base64: {e}")))
}

/// Serial numbers as typed: trimmed, blanks dropped.
pub fn serials(typed: Option<Vec<String>>) -> Vec<String> {
    typed
        .unwrap_or_default()
        .into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DocKind;

    #[test]
    fn base64_bytes_decode_or_fail_as_invalid_naming_the_argument() {
        // What the UI's FileReader gives for the first bytes of a PNG.
        assert_eq!(
            base64_bytes("data", "iVBORw0KGgo=").unwrap(),
            b"\x89PNG\r\n\x1a\n"
        );
        let e = base64_bytes("data", "not base64!").unwrap_err();
        assert_eq!(e.code, "invalid");
        assert!(e.message.starts_with("data: not base64"), "{}", e.message);
    }

    #[test]
    fn ids_parse_or_fail_as_invalid() {
        let id = DocId::new(DocKind::WorkOrder);
        assert_eq!(doc_id("id", id.as_str()).unwrap(), id);
        let e = doc_id("id", "nonsense").unwrap_err();
        assert_eq!(e.code, "invalid");
        assert!(e.message.contains("nonsense"));
    }

    #[test]
    fn serials_are_trimmed_and_blanks_dropped() {
        assert_eq!(
            serials(Some(vec![
                " A1 ".into(),
                "".into(),
                "  ".into(),
                "B2".into()
            ])),
            vec!["A1".to_string(), "B2".into()]
        );
        assert!(serials(None).is_empty());
    }
}
