//! What the device's `meta` table holds about its account — the server URL
//! and token, the user, role and number slot `/v1/me` named at enrolment,
//! the display name, the UI language (`ui.language`, `zh-CN` by default) —
//! and the [`Session`] and [`Settings`] the UI reads from it. The device's
//! actor (who edits) comes from here on every start.

use super::{AccountError, Me, Result};
use crate::ops::Actor;
use crate::rules::state::Role;
use crate::service::{Device, Session, Settings};
use crate::store::{meta_keys, Store};

/// The `meta` key of the UI language.
pub const LANGUAGE_KEY: &str = "ui.language";
/// The languages the UI has.
pub const LANGUAGES: &[&str] = &["zh-CN", "en"];

/// The signed-in user stored at enrolment (an engineer with no name before).
pub fn actor_from_store(store: &Store) -> Result<Actor> {
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
pub fn is_enrolled(store: &Store) -> Result<bool> {
    Ok(store.get_meta_str(meta_keys::SERVER_URL)?.is_some()
        && store.get_meta_str(meta_keys::TOKEN)?.is_some()
        && store
            .get_meta_str(meta_keys::USER_NAME)?
            .is_some_and(|u| !u.is_empty()))
}

/// The server URL and token, when enrolled.
pub fn credentials(store: &Store) -> Result<Option<(String, String)>> {
    if !is_enrolled(store)? {
        return Ok(None);
    }
    Ok(store
        .get_meta_str(meta_keys::SERVER_URL)?
        .zip(store.get_meta_str(meta_keys::TOKEN)?))
}

/// The stored language, `zh-CN` by default.
pub fn language(store: &Store) -> Result<String> {
    Ok(store
        .get_meta_str(LANGUAGE_KEY)?
        .filter(|l| LANGUAGES.contains(&l.as_str()))
        .unwrap_or_else(|| "zh-CN".into()))
}

/// Stores the language (`zh-CN` or `en`).
pub fn set_language(store: &Store, lang: &str) -> Result<()> {
    if !LANGUAGES.contains(&lang) {
        return Err(AccountError::UnknownLanguage(lang.into()));
    }
    Ok(store.set_meta_str(LANGUAGE_KEY, lang)?)
}

/// The settings screen's data.
pub fn settings(store: &Store) -> Result<Settings> {
    Ok(Settings {
        server_url: store.get_meta_str(meta_keys::SERVER_URL)?,
        enrolled: is_enrolled(store)?,
        language: language(store)?,
        device_slot: store.get_meta_i64(meta_keys::DEVICE_SLOT)?,
    })
}

/// The signed-in user's display name, when the server gave one.
pub fn display_name(store: &Store) -> Result<Option<String>> {
    Ok(store
        .get_meta_str(meta_keys::DISPLAY_NAME)?
        .filter(|n| !n.trim().is_empty()))
}

/// Stores what `/v1/me` says of the user that can change after enrolment
/// (the display name); `true` when it changed. Called when the app reaches
/// the server, so a device enrolled before the server had the name, or
/// before the name changed, shows the current one.
pub fn refresh_profile(store: &Store, me: &Me) -> Result<bool> {
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
pub fn session(device: &Device) -> Result<Session> {
    let s = settings(&device.store)?;
    Ok(Session {
        user: device.actor.name.clone(),
        display_name: display_name(&device.store)?,
        role: device.actor.role,
        device_slot: s.device_slot,
        server_url: s.server_url,
        enrolled: s.enrolled,
        language: s.language,
        time_zone: device.cfg().tz.name().to_owned(),
    })
}

/// Stores an enrolment and makes its user the device's actor.
pub fn store_enrolment(device: &mut Device, url: &str, token: &str, me: &Me) -> Result<()> {
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
    // A slot given again continues above the numbers it made before.
    let next = store.get_meta_i64(meta_keys::NEXT_WO_SEQ)?.unwrap_or(1);
    if me.first_seq > next {
        store.set_meta_i64(meta_keys::NEXT_WO_SEQ, me.first_seq)?;
    }
    device.actor = actor_from_store(&device.store)?;
    tracing::info!(%url, user = %me.user, role = %me.role, slot = me.slot, "enrolled");
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::account::server::parse_me;
    use crate::service::ApiError;
    use std::sync::Arc;

    /// A device on a fresh SQLite file, not enrolled.
    pub(crate) fn device() -> (tempfile::TempDir, Device) {
        let dir = tempfile::tempdir().unwrap();
        let d = Device::open(
            &dir.path().join("d.db"),
            Arc::new(crate::clock::SystemClock),
            crate::rules::RulesConfig::default(),
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
                "serverUrl": "http://127.0.0.1:1", "enrolled": true, "language": "zh-CN",
                "timeZone": "Asia/Shanghai"})
        );
        assert_eq!(
            credentials(&d.store).unwrap(),
            Some(("http://127.0.0.1:1".into(), "tok".into()))
        );
        assert_eq!(actor_from_store(&d.store).unwrap().role, Role::Office);
    }

    #[test]
    fn a_slot_given_again_starts_at_the_servers_first_sequence() {
        let (_dir, mut d) = device();
        let me = parse_me(br#"{"user":"o","role":"office","slot":256,"first_seq":8}"#).unwrap();
        store_enrolment(&mut d, "http://127.0.0.1:1", "tok", &me).unwrap();
        let number = d.next_number().unwrap();
        assert!(number.ends_with("-256-000008"), "{number}");
        for bad in [
            &br#"{"user":"o","role":"office","slot":1000}"#[..],
            br#"{"user":"o","role":"office","slot":0}"#,
        ] {
            assert!(parse_me(bad).is_err(), "slots are 1-999");
        }
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
        let e = ApiError::from(set_language(&d.store, "fr").unwrap_err());
        assert_eq!(e.code, "invalid");
    }
}
