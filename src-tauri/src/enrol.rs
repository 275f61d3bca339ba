//! Enrolment with the sync server: the server URL and the device token go
//! into the store's `meta`, then `GET /v1/me` (bearer token) tells who the
//! device belongs to — `{user, role, display_name, device_id, slot}` — and
//! the user, role and work-order number slot are stored too. The device's
//! actor (who edits) comes from there on every start.
//!
//! Also the other per-device settings the UI reads: the language
//! (`ui.language`, `zh-CN` by default).

use std::time::Duration;

use onsite_core::ops::Actor;
use onsite_core::rules::state::Role;
use onsite_core::service::{ApiError, Device};
use onsite_core::store::{meta_keys, Store};
use serde::Deserialize;

use onsite_core::service::{Session, Settings};

/// The `meta` key of the UI language.
pub const LANGUAGE_KEY: &str = "ui.language";
/// The languages the UI has.
pub const LANGUAGES: &[&str] = &["zh-CN", "en"];

/// What `GET /v1/me` answers.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Me {
    /// The user name (`yangjinwei`).
    pub user: String,
    /// `engineer`, `office` or `storekeeper`.
    pub role: String,
    /// The device's number slot (two digits in work-order numbers).
    pub slot: i64,
    /// The display name, when the server has one.
    #[serde(default)]
    pub display_name: Option<String>,
}

/// The signed-in user stored at enrolment (an engineer with no name before).
pub fn actor_from_store(store: &Store) -> Result<Actor, ApiError> {
    let name = store
        .get_meta_str(meta_keys::USER_NAME)?
        .unwrap_or_default();
    let role = store
        .get_meta_str(meta_keys::ROLE)?
        .and_then(|r| r.parse::<Role>().ok())
        .unwrap_or(Role::Engineer);
    Ok(Actor::new(name, role))
}

/// Whether the device has a server, a token and a user.
pub fn is_enrolled(store: &Store) -> Result<bool, ApiError> {
    Ok(store.get_meta_str(meta_keys::SERVER_URL)?.is_some()
        && store.get_meta_str(meta_keys::TOKEN)?.is_some()
        && store
            .get_meta_str(meta_keys::USER_NAME)?
            .is_some_and(|u| !u.is_empty()))
}

/// The server URL and token, when enrolled.
pub fn credentials(store: &Store) -> Result<Option<(String, String)>, ApiError> {
    if !is_enrolled(store)? {
        return Ok(None);
    }
    Ok(store
        .get_meta_str(meta_keys::SERVER_URL)?
        .zip(store.get_meta_str(meta_keys::TOKEN)?))
}

/// The stored language, `zh-CN` by default.
pub fn language(store: &Store) -> Result<String, ApiError> {
    Ok(store
        .get_meta_str(LANGUAGE_KEY)?
        .filter(|l| LANGUAGES.contains(&l.as_str()))
        .unwrap_or_else(|| "zh-CN".into()))
}

/// Stores the language (`zh-CN` or `en`).
pub fn set_language(store: &Store, lang: &str) -> Result<(), ApiError> {
    if !LANGUAGES.contains(&lang) {
        return Err(ApiError::new(
            "invalid",
            format!("unknown language {lang:?}: use zh-CN or en"),
        ));
    }
    Ok(store.set_meta_str(LANGUAGE_KEY, lang)?)
}

/// The settings screen's data.
pub fn settings(store: &Store) -> Result<Settings, ApiError> {
    Ok(Settings {
        server_url: store.get_meta_str(meta_keys::SERVER_URL)?,
        enrolled: is_enrolled(store)?,
        language: language(store)?,
        device_slot: store.get_meta_i64(meta_keys::DEVICE_SLOT)?,
    })
}

/// The signed-in user's display name, when the server gave one.
pub fn display_name(store: &Store) -> Result<Option<String>, ApiError> {
    Ok(store
        .get_meta_str(meta_keys::DISPLAY_NAME)?
        .filter(|n| !n.trim().is_empty()))
}

/// Stores what `/v1/me` says of the user that can change after enrolment
/// (the display name); `true` when it changed. The app calls this at
/// start-up when it can reach the server, so a device enrolled before the
/// server had the name, or before the name changed, shows the current one.
pub fn refresh_profile(store: &Store, me: &Me) -> Result<bool, ApiError> {
    let now = me.display_name.clone().unwrap_or_default();
    let before = store
        .get_meta_str(meta_keys::DISPLAY_NAME)?
        .unwrap_or_default();
    if now == before {
        return Ok(false);
    }
    store.set_meta_str(meta_keys::DISPLAY_NAME, &now)?;
    Ok(true)
}

/// Who is signed in, for the UI's start.
pub fn session(device: &Device) -> Result<Session, ApiError> {
    let s = settings(&device.store)?;
    Ok(Session {
        user: device.actor.name.clone(),
        display_name: display_name(&device.store)?,
        role: device.actor.role,
        device_slot: s.device_slot,
        server_url: s.server_url,
        enrolled: s.enrolled,
        language: s.language,
    })
}

/// The base URL as stored: trimmed, without a trailing slash; must be http(s).
pub fn normalise_url(url: &str) -> Result<String, ApiError> {
    let u = url.trim().trim_end_matches('/');
    if !(u.starts_with("http://") || u.starts_with("https://")) || u.len() < "http://x".len() {
        return Err(ApiError::new(
            "enroll_failed",
            format!("{url:?} is not a server address (http://… or https://…)"),
        ));
    }
    Ok(u.to_string())
}

/// Asks the server who `token` belongs to.
pub async fn fetch_me(url: &str, token: &str) -> Result<Me, ApiError> {
    let http = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(15))
        .build()
        .map_err(|e| ApiError::new("internal", format!("cannot build the HTTP client: {e}")))?;
    let resp = http
        .get(format!("{url}/v1/me"))
        .bearer_auth(token.trim())
        .send()
        .await
        .map_err(|e| {
            ApiError::new(
                "offline",
                format!("the sync server {url} cannot be reached: {e}"),
            )
        })?;
    let status = resp.status();
    let body = resp.bytes().await.map_err(|e| {
        ApiError::new(
            "offline",
            format!("the sync server {url} dropped the connection: {e}"),
        )
    })?;
    if status == reqwest::StatusCode::UNAUTHORIZED {
        return Err(ApiError::new(
            "enroll_failed",
            "the server does not accept this token (wrong, or the device was revoked)",
        ));
    }
    if !status.is_success() {
        let text = String::from_utf8_lossy(&body);
        return Err(ApiError::new(
            "enroll_failed",
            format!(
                "the server answered HTTP {status}: {}",
                text.chars().take(200).collect::<String>()
            ),
        ));
    }
    parse_me(&body)
}

/// Parses and checks a `/v1/me` body.
pub fn parse_me(body: &[u8]) -> Result<Me, ApiError> {
    let me: Me = serde_json::from_slice(body).map_err(|e| {
        ApiError::new(
            "enroll_failed",
            format!("the server's /v1/me answer is not understood: {e}"),
        )
    })?;
    if me.user.is_empty() || me.role.parse::<Role>().is_err() {
        return Err(ApiError::new(
            "enroll_failed",
            format!(
                "the server named no valid user/role ({:?}, {:?})",
                me.user, me.role
            ),
        ));
    }
    Ok(me)
}

/// Stores an enrolment and makes its user the device's actor.
pub fn store_enrolment(
    device: &mut Device,
    url: &str,
    token: &str,
    me: &Me,
) -> Result<(), ApiError> {
    let store = &device.store;
    store.set_meta_str(meta_keys::SERVER_URL, url)?;
    store.set_meta_str(meta_keys::TOKEN, token.trim())?;
    store.set_meta_str(meta_keys::USER_NAME, &me.user)?;
    store.set_meta_str(
        meta_keys::DISPLAY_NAME,
        me.display_name.as_deref().unwrap_or(""),
    )?;
    store.set_meta_str(meta_keys::ROLE, &me.role)?;
    store.set_meta_i64(meta_keys::DEVICE_SLOT, me.slot)?;
    device.actor = actor_from_store(&device.store)?;
    tracing::info!(%url, user = %me.user, role = %me.role, slot = me.slot, "enrolled");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn device() -> (tempfile::TempDir, Device) {
        let dir = tempfile::tempdir().unwrap();
        let d = Device::open(
            &dir.path().join("d.db"),
            Arc::new(onsite_core::clock::SystemClock),
            onsite_core::rules::RulesConfig::default(),
            Actor::new("", Role::Engineer),
        )
        .unwrap();
        (dir, d)
    }

    #[test]
    fn enrolment_sets_user_role_slot_and_the_session_shows_them() {
        let (_dir, mut d) = device();
        let s = session(&d).unwrap();
        assert!(!s.enrolled);
        assert_eq!(s.language, "zh-CN");
        let me = parse_me(
            br#"{"user":"office","role":"office","display_name":"x","device_id":"d1","slot":7}"#,
        )
        .unwrap();
        store_enrolment(&mut d, "http://127.0.0.1:1", "tok\n", &me).unwrap();
        assert_eq!(d.actor, Actor::new("office", Role::Office));
        let s = session(&d).unwrap();
        let v = serde_json::to_value(&s).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"user": "office", "displayName": "x", "role": "office", "deviceSlot": 7,
                "serverUrl": "http://127.0.0.1:1", "enrolled": true, "language": "zh-CN"})
        );
        assert_eq!(
            credentials(&d.store).unwrap(),
            Some(("http://127.0.0.1:1".into(), "tok".into()))
        );
        assert_eq!(actor_from_store(&d.store).unwrap().role, Role::Office);
    }

    #[test]
    fn the_display_name_from_the_server_is_shown_and_refreshed() {
        let (_dir, mut d) = device();
        let me = parse_me(br#"{"user":"yangjinwei","role":"engineer","slot":1}"#).unwrap();
        store_enrolment(&mut d, "http://127.0.0.1:1", "tok", &me).unwrap();
        assert_eq!(
            session(&d).unwrap().display_name,
            None,
            "no name from the server: none shown"
        );
        let me = parse_me(
            r#"{"user":"yangjinwei","role":"engineer","display_name":"杨金伟","slot":1}"#
                .as_bytes(),
        )
        .unwrap();
        assert!(refresh_profile(&d.store, &me).unwrap());
        assert!(
            !refresh_profile(&d.store, &me).unwrap(),
            "unchanged: nothing to tell the UI"
        );
        let s = session(&d).unwrap();
        assert_eq!(
            (s.user.as_str(), s.display_name.as_deref()),
            ("yangjinwei", Some("杨金伟"))
        );
    }

    #[test]
    fn language_is_persisted_and_checked() {
        let (_dir, d) = device();
        set_language(&d.store, "en").unwrap();
        assert_eq!(settings(&d.store).unwrap().language, "en");
        assert_eq!(set_language(&d.store, "fr").unwrap_err().code, "invalid");
    }

    #[test]
    fn bad_answers_and_urls_are_enroll_failed() {
        assert_eq!(parse_me(b"{}").unwrap_err().code, "enroll_failed");
        assert_eq!(
            parse_me(br#"{"user":"a","role":"boss","slot":1}"#)
                .unwrap_err()
                .code,
            "enroll_failed"
        );
        assert_eq!(normalise_url(" http://h:1/ ").unwrap(), "http://h:1");
        assert_eq!(normalise_url("ftp://h").unwrap_err().code, "enroll_failed");
    }
}
