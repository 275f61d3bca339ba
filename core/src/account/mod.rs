//! The device's account with a sync server (feature `client`): enrolment,
//! the signed-in user, the per-device settings, the staff directory cached
//! for offline assignment, and the environment the app starts from.
//!
//! - [`settings`]: what `meta` holds about the account (server, token,
//!   user, role, slot, display name, language) and the `Session` /
//!   `Settings` the UI reads;
//! - [`staff`]: the server's user list cached on the device, and the
//!   engineers work can be assigned to;
//! - [`server`]: the HTTP calls (`GET /v1/me`, `GET /v1/staff`),
//!   [`server::enrol`] and [`server::refresh`];
//! - [`env`]: the environment variables the app reads at start-up.
//!
//! Errors are [`AccountError`], one code each (see [`crate::service::ErrorCode`]).

pub mod env;
pub mod server;
pub mod settings;
pub mod staff;

pub use server::{enrol, refresh, AccountClient, Me};
pub use settings::*;
pub use staff::{engineers, experts, parse_staff, StaffMember};

use crate::service::{ApiError, ErrorCode};
use crate::store::StoreError;

/// Why an account step failed. Messages are for people.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// The server address is not `http(s)://…` (`bad_server`).
    #[error("{0:?} is not a server address (http://… or https://…)")]
    BadUrl(String),
    /// No token was given (`enroll_failed`).
    #[error("the device token is empty")]
    EmptyToken,
    /// HTTP 401: the token is wrong or the device revoked (`enroll_failed`).
    #[error("the server does not accept this token (wrong, or the device was revoked)")]
    Rejected,
    /// HTTP 401 `user_disabled`: the token is right but its user is
    /// disabled on the server (`user_disabled`); the server's sentence.
    #[error("the server refuses this user: {0}")]
    Disabled(String),
    /// The server answered another error status (`bad_server`).
    #[error("the server answered HTTP {status}: {body}")]
    Http {
        /// The status, e.g. `404 Not Found`.
        status: String,
        /// The start of the body.
        body: String,
    },
    /// The answer's body is not what the protocol says (`bad_server`).
    #[error("the server's {path} answer is not understood: {detail}")]
    BadAnswer {
        /// The endpoint (`/v1/me`).
        path: &'static str,
        /// What did not parse.
        detail: String,
    },
    /// `/v1/me` named no usable user (`bad_server`).
    #[error("the server named no valid user/role ({user:?}, {role:?})")]
    NoUser {
        /// The user it named.
        user: String,
        /// The role it named.
        role: String,
    },
    /// The server cannot be reached (`offline`); the message says how.
    #[error("{0}")]
    Offline(String),
    /// A language the UI does not have (`invalid`).
    #[error("unknown language {0:?}: use zh-CN or en")]
    UnknownLanguage(String),
    /// The HTTP client could not be built (`internal`).
    #[error("cannot build the HTTP client: {0}")]
    Client(String),
    /// The local store failed (its own code).
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<AccountError> for ApiError {
    fn from(e: AccountError) -> ApiError {
        let code = match e {
            AccountError::Store(e) => return e.into(),
            AccountError::EmptyToken | AccountError::Rejected => ErrorCode::EnrollFailed,
            AccountError::Disabled(_) => ErrorCode::UserDisabled,
            AccountError::BadUrl(_)
            | AccountError::Http { .. }
            | AccountError::BadAnswer { .. }
            | AccountError::NoUser { .. } => ErrorCode::BadServer,
            AccountError::Offline(_) => ErrorCode::Offline,
            AccountError::UnknownLanguage(_) => ErrorCode::Invalid,
            AccountError::Client(_) => ErrorCode::Internal,
        };
        ApiError::new(code, e.to_string())
    }
}

/// Account results.
pub type Result<T, E = AccountError> = std::result::Result<T, E>;
