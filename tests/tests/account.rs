//! The device's account against a real server (`onsite_core::account`):
//! enrolment learns who the device belongs to from `/v1/me` and caches the
//! staff directory from `/v1/staff`, so the office assigns offline; a
//! later refresh brings new staff; a wrong token or a stopped server is
//! refused with its code and nothing is stored.

use onsite_core::account;
use onsite_core::clock::SystemClock;
use onsite_core::rules::state::Role;
use onsite_sync_server::admin;
use onsite_tests::{TestDevice, TestServer};

fn add_user(server: &TestServer, name: &str, role: &str, display: &str) {
    admin::add_user(server.store(), &SystemClock, name, role, Some(display)).expect("add user");
}

fn engineers(device: &TestDevice) -> Vec<(String, String)> {
    device
        .with(|d| account::engineers(&d.store))
        .expect("engineers")
        .into_iter()
        .map(|e| (e.name, e.display))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enrolment_names_the_user_and_caches_the_staff_for_offline_assignment() {
    let server = TestServer::start().await;
    add_user(&server, "office", "office", "调度办公室");
    add_user(&server, "yangjinwei", "engineer", "杨金伟");
    add_user(&server, "tangrong", "engineer", "汤戎");
    let e = server.enroll("office");
    let device = TestDevice::open(&server.url, &e.token, "", Role::Engineer);

    let settings = account::enrol(&device.device, &format!(" {}/ ", server.url), &e.token)
        .await
        .expect("enrolled");
    assert!(settings.enrolled);
    assert_eq!(settings.server_url.as_deref(), Some(server.url.as_str()));
    assert_eq!(settings.device_slot, Some(e.device.slot as i64));
    let session = device.with(|d| account::session(d)).expect("session");
    assert_eq!(
        (
            session.user.as_str(),
            session.display_name.as_deref(),
            session.role
        ),
        ("office", Some("调度办公室"), Role::Office)
    );

    // The server goes away: the office still has its engineers to assign to.
    server.stop().await;
    assert_eq!(
        engineers(&device),
        [
            ("tangrong".to_string(), "汤戎".to_string()),
            ("yangjinwei".into(), "杨金伟".into())
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refresh_brings_new_staff_and_a_stopped_server_keeps_what_is_cached() {
    let server = TestServer::start().await;
    add_user(&server, "office", "office", "调度办公室");
    let e = server.enroll("office");
    let device = TestDevice::open(&server.url, &e.token, "", Role::Engineer);
    account::enrol(&device.device, &server.url, &e.token)
        .await
        .expect("enrolled");
    assert!(engineers(&device).is_empty(), "no engineer yet");

    add_user(&server, "chenqin", "engineer", "陈勤");
    let changed = account::refresh(&device.device, &server.url, &e.token)
        .await
        .expect("refreshed");
    assert!(!changed, "the display name did not change");
    assert_eq!(
        engineers(&device),
        [("chenqin".to_string(), "陈勤".to_string())]
    );

    let url = server.url.clone();
    server.stop().await;
    let err = account::refresh(&device.device, &url, &e.token)
        .await
        .expect_err("offline");
    assert_eq!(onsite_core::service::ApiError::from(err).code, "offline");
    assert_eq!(engineers(&device).len(), 1, "the cache stays");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_token_is_enroll_failed_a_stopped_server_offline_and_nothing_is_stored() {
    let server = TestServer::start().await;
    let device = TestDevice::open(&server.url, "x", "", Role::Engineer);
    let err = account::enrol(&device.device, &server.url, &"0".repeat(64))
        .await
        .expect_err("unknown token");
    assert_eq!(err.code, "enroll_failed", "{}", err.message);
    let url = server.url.clone();
    server.stop().await;
    let err = account::enrol(&device.device, &url, &"0".repeat(64))
        .await
        .expect_err("no server");
    assert_eq!(err.code, "offline", "{}", err.message);
    assert!(!device
        .with(|d| account::is_enrolled(&d.store))
        .expect("read"));
}
