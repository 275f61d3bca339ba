//! [`ApiError`]: how every refusal and failure crosses the IPC boundary, as
//! `{code, message}`. Codes are stable (the UI switches on them); messages
//! are for people.
//!
//! | code | when |
//! |---|---|
//! | `illegal_transition` | the state machine refuses the action, or the order is cancelled/closed |
//! | `forbidden` | the role may not do it, or the order is someone else's |
//! | `not_found` | no such document |
//! | `signed_read_only` | the edit would change signed content |
//! | `sign_blocked` | picked parts are neither used nor returned |
//! | `not_signed` | export of a record the customer has not signed |
//! | `invalid_input` | the input is wrong (empty, out of range, malformed) |
//! | `already_exists` | a document with that id is already stored |
//! | `storage` | the local database or a stored document failed |

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::doc::DocError;
use crate::model::IdError;
use crate::ops::OpError;
use crate::store::{EditError, StoreError};

/// An error as the app sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{code}: {message}")]
#[ts(export)]
pub struct ApiError {
    /// Stable machine-readable code (see the module's table).
    pub code: String,
    /// What happened, in words.
    pub message: String,
}

impl ApiError {
    /// An error with `code` and `message`.
    pub fn new(code: &str, message: impl Into<String>) -> ApiError {
        ApiError {
            code: code.to_owned(),
            message: message.into(),
        }
    }

    /// `invalid_input`.
    pub fn invalid(message: impl Into<String>) -> ApiError {
        ApiError::new("invalid_input", message)
    }

    /// `not_found` for a document id.
    pub fn not_found(id: impl std::fmt::Display) -> ApiError {
        ApiError::new("not_found", format!("document {id} not found"))
    }

    /// `forbidden`.
    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new("forbidden", message)
    }
}

impl From<OpError> for ApiError {
    fn from(e: OpError) -> ApiError {
        let code = match &e {
            OpError::Transition(_) | OpError::NotOpen { .. } => "illegal_transition",
            OpError::Forbidden { .. } | OpError::NotAssignee { .. } => "forbidden",
            OpError::SignedReadOnly { .. } => "signed_read_only",
            OpError::SignBlocked { .. } => "sign_blocked",
            OpError::OverUse { .. }
            | OpError::OverReturn { .. }
            | OpError::Charge(_)
            | OpError::Invalid(_) => "invalid_input",
        };
        ApiError::new(code, e.to_string())
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        let code = match &e {
            StoreError::NotFound(_) => "not_found",
            StoreError::AlreadyExists(_) => "already_exists",
            StoreError::DuplicateId(_) => "invalid_input",
            _ => "storage",
        };
        ApiError::new(code, e.to_string())
    }
}

impl From<EditError<ApiError>> for ApiError {
    fn from(e: EditError<ApiError>) -> ApiError {
        match e {
            EditError::Closure(e) => e,
            EditError::Store(e) => e.into(),
        }
    }
}

impl From<DocError> for ApiError {
    fn from(e: DocError) -> ApiError {
        let code = match &e {
            DocError::WrongKind { .. } | DocError::NoCounter(_) => "invalid_input",
            DocError::Shape(_) | DocError::Write(_) | DocError::Automerge(_) => "storage",
        };
        ApiError::new(code, e.to_string())
    }
}

impl From<IdError> for ApiError {
    fn from(e: IdError) -> ApiError {
        ApiError::invalid(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::state::{Action, Role, Status, TransitionError};

    #[test]
    fn serialises_as_code_and_message_only() {
        let e: ApiError = OpError::Transition(TransitionError::Illegal {
            from: Status::Resolved,
            action: Action::Arrive,
        })
        .into();
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({"code": "illegal_transition", "message": "cannot arrive: work order is resolved"})
        );
    }

    #[test]
    fn every_op_error_has_a_stable_code() {
        let cases: Vec<(OpError, &str)> = vec![
            (
                OpError::Forbidden {
                    role: Role::Expert,
                    what: "x".into(),
                },
                "forbidden",
            ),
            (
                OpError::NotAssignee {
                    number: "n".into(),
                    engineer: "a".into(),
                    assignee: None,
                },
                "forbidden",
            ),
            (
                OpError::SignedReadOnly {
                    number: "n".into(),
                    field: "fault".into(),
                },
                "signed_read_only",
            ),
            (OpError::SignBlocked { blockers: vec![] }, "sign_blocked"),
            (
                OpError::NotOpen {
                    number: "n".into(),
                    status: Status::Cancelled,
                    what: "x".into(),
                },
                "illegal_transition",
            ),
            (
                OpError::Charge(crate::rules::ChargeError::ReasonRequired),
                "invalid_input",
            ),
            (OpError::Invalid("x".into()), "invalid_input"),
        ];
        for (e, code) in cases {
            assert_eq!(ApiError::from(e).code, code);
        }
        assert_eq!(
            ApiError::from(StoreError::NotFound("wo:x".into())).code,
            "not_found"
        );
        assert_eq!(
            ApiError::from(EditError::Closure(ApiError::invalid("x"))).code,
            "invalid_input"
        );
    }
}
