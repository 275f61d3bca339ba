//! Checking the arguments a command receives as plain strings before they
//! reach [`super::Device`]: document ids and a pickup's serial numbers
//! (the warehouse is checked by `Device::pickup_parts` against the
//! configured ones). The app shell calls these and nothing else of its own.

use super::ApiError;
use crate::model::DocId;

/// Parses the document id argument `arg` (`invalid` naming the argument).
pub fn doc_id(arg: &str, value: &str) -> Result<DocId, ApiError> {
    value
        .trim()
        .parse::<DocId>()
        .map_err(|e| ApiError::invalid(format!("{arg} {value:?} is not a document id: {e}")))
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
