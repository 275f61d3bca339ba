//! Device tokens and the authenticated [`Principal`].
//!
//! A token is 32 random bytes written as 64 lower-case hex digits, shown
//! once at enrolment. The server stores only its SHA-256. A request's token
//! is hashed, the device row is found by that hash (an index lookup on a
//! hash reveals nothing useful through timing), and the stored hash is then
//! compared with the computed one in constant time with `subtle`. Unknown,
//! malformed and revoked tokens all get the same 401. A valid token of a
//! disabled user gets a 401 too, with its own code `user_disabled` and a
//! message saying so (the token was right, so this reveals nothing to a
//! guesser), so the device can tell its user why it stopped syncing.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use rand::RngCore;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::error::HttpError;
use crate::role::Role;
use crate::store::ServerStore;
use crate::AppState;

/// Who is calling: the device's user and role, and the device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// The user name.
    pub user: String,
    /// The user's role.
    pub role: Role,
    /// The device id.
    pub device_id: i64,
    /// The device's work-order number slot (1–999).
    pub slot: u16,
    /// The first work-order sequence number the device may use.
    pub first_seq: u32,
    /// The user's display name.
    pub display_name: Option<String>,
    /// The change-sequence number of the user's last role change: a cursor
    /// before it starts over.
    pub role_since: u64,
}

/// A fresh random device token (64 hex digits).
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The SHA-256 of a token, as stored.
pub fn token_hash(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// Why a token was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Unknown, malformed or revoked.
    BadToken,
    /// The token's user is disabled.
    UserDisabled(String),
}

/// The principal a token belongs to, or `None` for an unknown, malformed
/// or revoked token or a disabled user.
pub fn authenticate(
    store: &dyn ServerStore,
    token: &str,
) -> Result<Option<Principal>, crate::store::StoreError> {
    Ok(check_token(store, token)?.ok())
}

/// The principal a token belongs to, or why it is refused.
pub fn check_token(
    store: &dyn ServerStore,
    token: &str,
) -> Result<Result<Principal, Refused>, crate::store::StoreError> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(Err(Refused::BadToken));
    }
    let hash = token_hash(token);
    let Some(found) = store.device_by_token_hash(&hash)? else {
        return Ok(Err(Refused::BadToken));
    };
    let same: bool = found.token_hash.ct_eq(&hash).into();
    if !same || found.device.revoked_at.is_some() {
        return Ok(Err(Refused::BadToken));
    }
    if found.user.disabled_at.is_some() {
        return Ok(Err(Refused::UserDisabled(found.user.name)));
    }
    Ok(Ok(Principal {
        user: found.user.name,
        role: found.user.role,
        device_id: found.device.id,
        slot: found.device.slot,
        first_seq: found.device.first_seq,
        display_name: found.user.display_name,
        role_since: found.role_since,
    }))
}

/// The bearer token of a request, if it has one.
fn bearer(parts: &Parts) -> Option<&str> {
    let value = parts
        .headers
        .get(axum::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

impl FromRequestParts<AppState> for Principal {
    type Rejection = HttpError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, HttpError> {
        let Some(token) = bearer(parts).map(str::to_owned) else {
            return Err(HttpError::unauthorized());
        };
        let store = state.store.clone();
        let found = tokio::task::spawn_blocking(move || check_token(store.as_ref(), &token))
            .await
            .map_err(|e| HttpError::internal(format!("auth task failed: {e}")))??;
        found.map_err(|why| match why {
            Refused::BadToken => HttpError::unauthorized(),
            Refused::UserDisabled(user) => HttpError::user_disabled(&user),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_64_hex_digits_and_differ() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 64);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
        assert_ne!(token_hash(&a), token_hash(&b));
    }
}
