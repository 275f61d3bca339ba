//! Checking the arguments a command receives as plain strings before they
//! reach [`super::Device`]: document ids, the warehouse of a pickup and its
//! serial numbers. The app shell calls these and nothing else of its own.

use super::ApiError;
use crate::model::{DocId, MAIN_WAREHOUSE};

/// Parses the document id argument `arg` (`invalid` naming the argument).
pub fn doc_id(arg: &str, value: &str) -> Result<DocId, ApiError> {
    value
        .trim()
        .parse::<DocId>()
        .map_err(|e| ApiError::invalid(format!("{arg} {value:?} is not a document id: {e}")))
}

/// A pickup's warehouse: `null`, empty or the main warehouse. Core picks
/// from the main warehouse only so far: another one is refused rather than
/// booked wrongly.
pub fn check_warehouse(w: Option<&str>) -> Result<(), ApiError> {
    match w.map(str::trim) {
        None | Some("") => Ok(()),
        Some(w) if w == MAIN_WAREHOUSE => Ok(()),
        Some(w) => Err(ApiError::invalid(format!(
            "picking from warehouse {w:?} is not supported yet: pick from {MAIN_WAREHOUSE:?}"
        ))),
    }
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
    fn only_the_main_warehouse_is_accepted_for_now() {
        assert!(check_warehouse(None).is_ok());
        assert!(check_warehouse(Some("")).is_ok());
        assert!(check_warehouse(Some(MAIN_WAREHOUSE)).is_ok());
        assert_eq!(
            check_warehouse(Some("chengdu")).unwrap_err().code,
            "invalid"
        );
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
