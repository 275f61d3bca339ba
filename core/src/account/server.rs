//! The account calls to the sync server: `GET /v1/me` (who this token
//! belongs to: `{user, role, display_name, device_id, slot, first_seq}`) and
//! `GET /v1/staff` (every user's login name, display name, role and
//! whether they are active), both with the device's bearer token; [`enrol`]
//! stores a new enrolment and [`refresh`] brings the display name and the
//! staff directory up to date (every completed sync does the same for the
//! directory, see [`crate::sync::client`]).
//!
//! The device lock is never held across an HTTP call.

use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::settings::{refresh_profile, settings, store_enrolment};
use super::staff::{parse_staff, store_staff, StaffMember};
use super::{AccountError, Result};
use crate::rules::state::Role;
use crate::service::{ApiError, Device, Settings};
use crate::store::meta_keys;

/// What `GET /v1/me` answers.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Me {
    /// The user name (`yangjinwei`).
    pub user: String,
    /// `engineer`, `office` or `storekeeper`.
    pub role: String,
    /// The device's number slot, 1–999 (at least two digits in work-order
    /// numbers).
    pub slot: i64,
    /// The first work-order sequence number the device may use (above the
    /// numbers its slot made on a revoked device); 1 when absent.
    #[serde(default = "first_sequence")]
    pub first_seq: i64,
    /// The display name, when the server has one.
    #[serde(default)]
    pub display_name: Option<String>,
}

fn first_sequence() -> i64 {
    1
}

/// The base URL as stored: without surrounding white space or trailing
/// slashes; must be http(s), and has no white space or control character
/// inside (a URL never does; one stored with any would fail every request).
pub fn normalise_url(url: &str) -> Result<String> {
    let u = url
        .trim()
        .trim_end_matches(|c: char| c == '/' || c.is_whitespace());
    if !(u.starts_with("http://") || u.starts_with("https://"))
        || u.len() < "http://x".len()
        || u.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(AccountError::BadUrl(url.into()));
    }
    Ok(u.to_string())
}

/// Parses and checks a `/v1/me` body.
pub fn parse_me(body: &[u8]) -> Result<Me> {
    let me: Me = parse(body, "/v1/me")?;
    if me.user.is_empty() || me.role.parse::<Role>().is_err() {
        return Err(AccountError::NoUser {
            user: me.user,
            role: me.role,
        });
    }
    if !(1..=999).contains(&me.slot) || me.first_seq < 1 {
        return Err(AccountError::BadAnswer {
            path: "/v1/me",
            detail: format!(
                "slot {} or first_seq {} out of range",
                me.slot, me.first_seq
            ),
        });
    }
    Ok(me)
}

fn parse<T: DeserializeOwned>(body: &[u8], path: &'static str) -> Result<T> {
    serde_json::from_slice(body).map_err(|e| AccountError::BadAnswer {
        path,
        detail: e.to_string(),
    })
}

/// The sync server's account endpoints, for one token.
#[derive(Debug, Clone)]
pub struct AccountClient {
    url: String,
    token: String,
    http: reqwest::Client,
}

impl AccountClient {
    /// A client of the server at `url` (normalised) with `token`. Connecting
    /// times out after 5 s, a request after 15 s.
    pub fn new(url: &str, token: &str) -> Result<AccountClient> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(15))
            .build()
            .map_err(|e| AccountError::Client(e.to_string()))?;
        Ok(AccountClient {
            url: normalise_url(url)?,
            token: token.trim().to_string(),
            http,
        })
    }

    /// `GET /v1/me`: who the token belongs to.
    pub async fn me(&self) -> Result<Me> {
        parse_me(&self.get("/v1/me").await?)
    }

    /// `GET /v1/staff`: every user of the server.
    pub async fn staff(&self) -> Result<Vec<StaffMember>> {
        parse_staff(&self.get("/v1/staff").await?)
    }

    async fn get(&self, path: &str) -> Result<Vec<u8>> {
        let url = &self.url;
        let resp = self
            .http
            .get(format!("{url}{path}"))
            .bearer_auth(&self.token)
            .send()
            .await
            .map_err(|e| {
                AccountError::Offline(format!("the sync server {url} cannot be reached: {e}"))
            })?;
        let status = resp.status();
        let body = resp.bytes().await.map_err(|e| {
            AccountError::Offline(format!("the sync server {url} dropped the connection: {e}"))
        })?;
        if status == reqwest::StatusCode::UNAUTHORIZED {
            return Err(match user_disabled(&body) {
                Some(message) => AccountError::Disabled(message),
                None => AccountError::Rejected,
            });
        }
        if !status.is_success() {
            let text = String::from_utf8_lossy(&body);
            return Err(AccountError::Http {
                status: status.to_string(),
                body: text.chars().take(200).collect(),
            });
        }
        Ok(body.to_vec())
    }
}

/// The server's sentence when a 401 body says `user_disabled` (a valid
/// token of a disabled user); `None` for any other 401.
pub fn user_disabled(body: &[u8]) -> Option<String> {
    let e: crate::sync::protocol::ErrorBody = serde_json::from_slice(body).ok()?;
    (e.code == crate::sync::protocol::codes::USER_DISABLED).then_some(e.message)
}

fn lock(device: &Mutex<Device>) -> MutexGuard<'_, Device> {
    // Every store write is one SQLite transaction: a poisoned lock is usable.
    device.lock().unwrap_or_else(|p| p.into_inner())
}

/// Enrols the device: checks the address and token, asks `/v1/me` who it
/// is, stores URL, token, user, role and slot (the user becomes the
/// device's actor), then caches the staff directory (a server without
/// `/v1/staff` does not stop the enrolment) and registers the device's
/// Automerge actor with the server (`POST /v1/actors`; a failure only
/// leaves it to the first sync). Returns the new settings.
pub async fn enrol(
    device: &Mutex<Device>,
    server_url: &str,
    token: &str,
) -> std::result::Result<Settings, ApiError> {
    let url = normalise_url(server_url)?;
    if token.trim().is_empty() {
        return Err(AccountError::EmptyToken.into());
    }
    let client = AccountClient::new(&url, token)?;
    let me = client.me().await?;
    let staff = client.staff().await;
    {
        let mut d = lock(device);
        store_enrolment(&mut d, &url, token, &me)?;
        // A new enrolment is a new device on the server: the actor is
        // registered to it afresh.
        d.store
            .set_metas(&[(meta_keys::ACTOR_REGISTERED, None)])
            .map_err(ApiError::from)?;
        match staff {
            Ok(staff) => store_staff(&mut d.store, &staff)?,
            Err(e) => tracing::warn!(error = %e, "staff directory not fetched at enrolment"),
        }
    }
    register(device, &url, token).await;
    Ok(settings(&lock(device).store)?)
}

/// Registers the device's actor with the server it was just enrolled with
/// (`POST /v1/actors`, taking a new actor when the server says this one is
/// another device's). A failure does not stop the enrolment: every sync
/// starts by registering what is not registered yet.
async fn register(device: &Mutex<Device>, url: &str, token: &str) {
    let transport = match crate::sync::client::HttpTransport::new(url, token) {
        Ok(t) => t,
        Err(e) => {
            tracing::warn!(error = %e, "device actor not registered at enrolment");
            return;
        }
    };
    if let Err(e) = crate::sync::client::ensure_registered(device, &transport).await {
        tracing::warn!(error = %e, "device actor not registered at enrolment");
    }
}

/// Asks the server for the user's current display name and the staff
/// directory and stores both; `true` when the display name changed (the
/// header shows it). Offline is an error the caller may ignore: what is
/// stored stays (a server without `/v1/staff` only leaves the directory
/// as it was).
pub async fn refresh(device: &Mutex<Device>, url: &str, token: &str) -> Result<bool> {
    let client = AccountClient::new(url, token)?;
    let me = client.me().await?;
    let staff = client.staff().await;
    let mut d = lock(device);
    let changed = refresh_profile(&d.store, &me)?;
    match staff {
        Ok(staff) => store_staff(&mut d.store, &staff)?,
        Err(e) => tracing::warn!(error = %e, "staff directory not refreshed"),
    }
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::ErrorCode;

    fn code(e: AccountError) -> ErrorCode {
        ApiError::from(e).code
    }

    #[test]
    fn a_disabled_users_401_is_user_disabled_and_any_other_401_enroll_failed() {
        let body = br#"{"code":"user_disabled","message":"the user tangrong is disabled; ask the office to enable them"}"#;
        let said = user_disabled(body).expect("disabled");
        assert_eq!(
            said,
            "the user tangrong is disabled; ask the office to enable them"
        );
        assert_eq!(code(AccountError::Disabled(said)), "user_disabled");
        assert_eq!(
            user_disabled(br#"{"code":"unauthorized","message":"x"}"#),
            None
        );
        assert_eq!(user_disabled(b"not json"), None);
        assert_eq!(code(AccountError::Rejected), "enroll_failed");
    }

    #[test]
    fn bad_answers_and_urls_are_bad_server() {
        assert_eq!(code(parse_me(b"{}").unwrap_err()), "bad_server");
        assert_eq!(
            code(parse_me(br#"{"user":"a","role":"boss","slot":1}"#).unwrap_err()),
            "bad_server"
        );
        assert_eq!(normalise_url(" http://h:1/ ").unwrap(), "http://h:1");
        assert_eq!(code(normalise_url("ftp://h").unwrap_err()), "bad_server");
    }

    /// Found by the fuzz target `config`: `"http://h:1 /"` was stored as
    /// `"http://h:1 "` (the slash removed after trimming), which normalised
    /// again to something else and failed every request.
    #[test]
    fn a_url_with_white_space_before_its_slash_or_inside_is_stored_clean_or_refused() {
        assert_eq!(normalise_url("http://h:1 /").unwrap(), "http://h:1");
        assert_eq!(normalise_url("http://h:1\r/ /").unwrap(), "http://h:1");
        assert_eq!(
            code(normalise_url("http://h :1").unwrap_err()),
            "bad_server"
        );
        assert_eq!(
            code(normalise_url("http://h\u{0}:1").unwrap_err()),
            "bad_server"
        );
    }

    #[tokio::test]
    async fn an_empty_token_or_an_unreachable_server_is_refused_and_nothing_stored() {
        let (_dir, d) = crate::account::settings::tests::device();
        let d = Mutex::new(d);
        let e = enrol(&d, "http://127.0.0.1:1", " ").await.unwrap_err();
        assert_eq!(e.code, "enroll_failed");
        // A port nothing listens on any more: the connection is refused.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let e = enrol(&d, &format!("http://127.0.0.1:{port}"), "tok")
            .await
            .unwrap_err();
        assert_eq!(e.code, "offline", "{}", e.message);
        let token = lock(&d).store.get_meta_str(crate::store::meta_keys::TOKEN);
        assert_eq!(token.unwrap(), None);
    }
}
