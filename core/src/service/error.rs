//! [`ApiError`]: how every refusal and failure crosses the IPC boundary, as
//! `{code, message}`, and [`ErrorCode`], the one list of codes. Codes are
//! stable (the UI translates them; `ui/src/bindings/ErrorCode.ts` is
//! generated from this enum); messages are for people, in English.
//!
//! Every core error type maps to exactly one code per variant here (or
//! next to the type: `report`, `account`, `transfer`). `docs/ipc.md` lists
//! the same codes; a test below compares its table with [`ErrorCode::ALL`],
//! and a UI test fails when a code has no translation.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::doc::DocError;
use crate::model::IdError;
use crate::ops::OpError;
use crate::store::{EditError, StoreError};

/// Declares [`ErrorCode`] and its [`ErrorCode::ALL`] from one list, so a
/// new variant cannot be left out of `ALL` (and so out of the doc and
/// translation checks).
macro_rules! error_codes {
    ($( $(#[$doc:meta])* $variant:ident => $text:literal, )+) => {
        /// A stable, machine-readable error code (serialised snake_case).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        #[serde(rename_all = "snake_case")]
        #[ts(export)]
        pub enum ErrorCode {
            $( $(#[$doc])* $variant, )+
        }

        impl ErrorCode {
            /// Every code, in declaration order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),+];

            /// The code as it crosses IPC (`illegal_transition`).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $text,)+
                }
            }
        }
    };
}

error_codes! {
    /// The state machine refuses the action, or the order is cancelled/closed.
    IllegalTransition => "illegal_transition",
    /// The role may not do it, or the order is someone else's.
    Forbidden => "forbidden",
    /// No such document.
    NotFound => "not_found",
    /// The edit would change signed content.
    SignedReadOnly => "signed_read_only",
    /// Picked parts are neither used nor returned.
    SignBlocked => "sign_blocked",
    /// A complaint's steps out of order: confirm → analyse → agree →
    /// track, closing only after the last, "not ours" only once analysed.
    ComplaintStepOrder => "complaint_step_order",
    /// The signature has too little ink (empty, a dot, a short scribble).
    SignatureTooShort => "signature_too_short",
    /// Resolving or signing with no work done in the service record.
    WorkNotRecorded => "work_not_recorded",
    /// Export or import of a record the customer has not signed.
    NotSigned => "not_signed",
    /// The input is wrong (empty, out of range, malformed).
    Invalid => "invalid",
    /// A file given for import is not a signed record (empty, too large,
    /// not a work-order document).
    NotARecord => "not_a_record",
    /// A document with that id is already stored.
    AlreadyExists => "already_exists",
    /// The customer already has an instrument with that serial number.
    DuplicateSerial => "duplicate_serial",
    /// The local database or a stored document failed.
    Store => "store",
    /// No CJK font for the printable record.
    FontMissing => "font_missing",
    /// A file could not be read or written.
    Io => "io",
    /// The device has no sync server yet.
    NotEnrolled => "not_enrolled",
    /// The server refused the enrolment's token (wrong, empty or revoked).
    EnrollFailed => "enroll_failed",
    /// The enrolment's address is not an Onsite sync server (not
    /// `http(s)://…`, or it answered something else than the protocol).
    BadServer => "bad_server",
    /// The sync server cannot be reached.
    Offline => "offline",
    /// A sync failed for another reason than the network.
    SyncFailed => "sync_failed",
    /// The sync server refused the device because its user is disabled
    /// (`user disable`); it syncs again once the user is enabled.
    UserDisabled => "user_disabled",
    /// A bug or an unexpected failure.
    Internal => "internal",
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Tests and logs compare a code with its spelling: `err.code == "forbidden"`.
impl PartialEq<str> for ErrorCode {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// An error as the app sees it: `{code, message}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{code}: {message}")]
#[ts(export)]
pub struct ApiError {
    /// Stable machine-readable code.
    pub code: ErrorCode,
    /// What happened, in words.
    pub message: String,
}

impl ApiError {
    /// An error with `code` and `message`.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
        }
    }

    /// `invalid`.
    pub fn invalid(message: impl Into<String>) -> ApiError {
        ApiError::new(ErrorCode::Invalid, message)
    }

    /// `not_found` for a document id.
    pub fn not_found(id: impl std::fmt::Display) -> ApiError {
        ApiError::new(ErrorCode::NotFound, format!("document {id} not found"))
    }

    /// `forbidden`.
    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new(ErrorCode::Forbidden, message)
    }

    /// `internal`: a bug or an unexpected failure.
    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new(ErrorCode::Internal, message)
    }

    /// `io`: `what` failed with `e`.
    pub fn io(what: impl std::fmt::Display, e: std::io::Error) -> ApiError {
        ApiError::new(ErrorCode::Io, format!("{what}: {e}"))
    }

    /// `not_enrolled`: the device has no server yet.
    pub fn not_enrolled() -> ApiError {
        ApiError::new(
            ErrorCode::NotEnrolled,
            "this device is not enrolled with a sync server yet (Settings → enrol with the server address and the token from the office)",
        )
    }

    /// The same error with `prefix: ` before its message.
    pub fn prefixed(self, prefix: impl std::fmt::Display) -> ApiError {
        ApiError::new(self.code, format!("{prefix}: {}", self.message))
    }
}

impl From<OpError> for ApiError {
    fn from(e: OpError) -> ApiError {
        let code = match &e {
            OpError::Transition(_) | OpError::NotOpen { .. } => ErrorCode::IllegalTransition,
            OpError::Forbidden { .. } | OpError::NotAssignee { .. } => ErrorCode::Forbidden,
            OpError::SignedReadOnly { .. } => ErrorCode::SignedReadOnly,
            OpError::SignBlocked { .. } => ErrorCode::SignBlocked,
            OpError::Ink(_) => ErrorCode::SignatureTooShort,
            OpError::WorkNotRecorded { .. } => ErrorCode::WorkNotRecorded,
            OpError::OverOutstanding { .. } | OpError::Charge(_) | OpError::Invalid(_) => {
                ErrorCode::Invalid
            }
        };
        ApiError::new(code, e.to_string())
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        let code = match &e {
            StoreError::NotFound(_) => ErrorCode::NotFound,
            StoreError::AlreadyExists(_) => ErrorCode::AlreadyExists,
            StoreError::DuplicateId(_) | StoreError::BlobTooLarge { .. } => ErrorCode::Invalid,
            StoreError::CorruptBlob { .. }
            | StoreError::Sqlite(_)
            | StoreError::Migrate(_)
            | StoreError::Doc(_)
            | StoreError::BadRow { .. }
            | StoreError::BadMeta { .. }
            | StoreError::Unattributed { .. } => ErrorCode::Store,
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
            DocError::WrongKind { .. } | DocError::NoCounter(_) => ErrorCode::Invalid,
            DocError::Shape(_) | DocError::Write(_) | DocError::Automerge(_) => ErrorCode::Store,
        };
        ApiError::new(code, e.to_string())
    }
}

impl From<IdError> for ApiError {
    fn from(e: IdError) -> ApiError {
        ApiError::invalid(e.to_string())
    }
}

#[cfg(feature = "client")]
impl From<crate::sync::client::SyncError> for ApiError {
    fn from(e: crate::sync::client::SyncError) -> ApiError {
        ApiError::new(e.code(), e.to_string())
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
        let io = ApiError::io(
            "cannot read /x",
            std::io::Error::new(std::io::ErrorKind::NotFound, "gone"),
        );
        assert_eq!(
            serde_json::to_value(&io).unwrap(),
            serde_json::json!({"code": "io", "message": "cannot read /x: gone"})
        );
        let v = serde_json::to_value(ApiError::not_enrolled()).unwrap();
        assert_eq!(v["code"], "not_enrolled");
        assert_eq!(v.as_object().unwrap().len(), 2, "only code and message");
    }

    #[test]
    fn every_code_serialises_as_its_spelling_and_back() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            let json = serde_json::to_value(code).unwrap();
            assert_eq!(json, code.as_str());
            assert_eq!(serde_json::from_value::<ErrorCode>(json).unwrap(), *code);
            assert!(seen.insert(code.as_str()), "{code} twice");
        }
    }

    /// `docs/ipc.md`'s table of error codes lists exactly [`ErrorCode::ALL`]:
    /// a code added here fails until the contract documents it.
    #[test]
    fn the_ipc_doc_lists_exactly_the_codes() {
        let doc = include_str!("../../../docs/ipc.md");
        let section = doc
            .split("## Error codes")
            .nth(1)
            .expect("docs/ipc.md has an `## Error codes` section");
        let section = section.split("\n## ").next().unwrap_or(section);
        let documented: Vec<&str> = section
            .lines()
            .filter_map(|l| l.strip_prefix("| `"))
            .filter_map(|l| l.split('`').next())
            .collect();
        let ours: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(documented, ours, "docs/ipc.md's error codes, in order");
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
                "invalid",
            ),
            (OpError::Invalid("x".into()), "invalid"),
        ];
        for (e, code) in cases {
            assert_eq!(ApiError::from(e).code, code);
        }
        assert_eq!(
            ApiError::from(StoreError::NotFound("wo:x".into())).code,
            "not_found"
        );
        assert_eq!(
            ApiError::from(StoreError::BadMeta {
                key: "k".into(),
                detail: "d".into()
            })
            .code,
            ErrorCode::Store
        );
        assert_eq!(
            ApiError::from(EditError::Closure(ApiError::invalid("x"))).code,
            "invalid"
        );
    }
}
