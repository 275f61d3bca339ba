//! The device's account against a real server (`onsite_core::account`):
//! enrolment learns who the device belongs to from `/v1/me` and caches the
//! staff directory from `/v1/staff`, so the office assigns offline; every
//! sync brings the directory up to date (a user added is assignable, a
//! disabled one no longer offered); a wrong token or a stopped server is
//! refused with its code and nothing is stored; a disabled user's device
//! says so.

use std::sync::Arc;
use std::time::Duration;

use onsite_core::account;
use onsite_core::clock::SystemClock;
use onsite_core::rules::state::Role;
use onsite_core::service::{ApiError, ErrorCode};
use onsite_core::sync::client::{LoopConfig, SyncError, SyncLoop};
use onsite_core::sync::status::SyncPhase;
use onsite_sync_server::admin;
use onsite_tests::{new_order, TestDevice, TestServer};

fn add_user(server: &TestServer, name: &str, role: &str, display: &str) {
    admin::add_user(server.store(), &SystemClock, name, role, Some(display)).expect("add user");
}

/// A server with the office's user 调度办公室 and `engineers` (name,
/// display name).
async fn server_with_staff(engineers: &[(&str, &str)]) -> TestServer {
    let server = TestServer::start().await;
    add_user(&server, "office", "office", "调度办公室");
    for (name, display) in engineers {
        add_user(&server, name, "engineer", display);
    }
    server
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
    let server = server_with_staff(&[("yangjinwei", "杨金伟"), ("tangrong", "汤戎")]).await;
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
    let server = server_with_staff(&[]).await;
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

/// Enrols `device` (a fresh [`TestDevice`]) with `token` through `/v1/me`.
async fn enrol(server: &TestServer, token: &str) -> TestDevice {
    let device = TestDevice::open(&server.url, token, "", Role::Engineer);
    account::enrol(&device.device, &server.url, token)
        .await
        .expect("enrolled");
    device
}

/// The numbers of `n` orders `device` creates.
fn new_numbers(device: &TestDevice, n: usize) -> Vec<String> {
    let ids = device.create_orders(n, "重庆市农业委员会检测中心", None);
    ids.iter()
        .map(|id| {
            device
                .with(|d| d.get_work_order(id))
                .expect("view")
                .wo
                .number
        })
        .collect()
}

/// The `<slot>-<seq>` end of a work-order number.
fn slot_and_seq(number: &str) -> String {
    number
        .splitn(3, '-')
        .nth(2)
        .expect("WO-year-slot-seq")
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn device_slot_256_can_be_enrolled() {
    let server = server_with_staff(&[]).await;
    for _ in 1..256 {
        server.enroll("office");
    }
    let e = server.enroll("office");
    assert_eq!(e.device.slot, 256);
    let device = enrol(&server, &e.token).await;
    let settings = device
        .with(|d| account::settings(&d.store))
        .expect("settings");
    assert_eq!(settings.device_slot, Some(256));

    let numbers = new_numbers(&device, 1);
    assert_eq!(slot_and_seq(&numbers[0]), "256-000001");
    assert!(device.sync().await.errors.is_empty());
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slot_given_again_never_repeats_a_work_order_number() {
    let server = server_with_staff(&[]).await;
    let first = server.enroll("office");
    let old = enrol(&server, &first.token).await;
    let before = new_numbers(&old, 3);
    assert_eq!(slot_and_seq(&before[2]), "01-000003");
    old.sync().await;
    server.revoke(first.device.id);
    for _ in 2..=999 {
        server.enroll("office");
    }

    let again = server.enroll("office");
    assert_eq!((again.device.slot, again.device.first_seq), (1, 4));
    let device = enrol(&server, &again.token).await;
    let after = new_numbers(&device, 2);
    assert_eq!(
        slot_and_seq(&after[0]),
        "01-000004",
        "above the revoked device's"
    );
    assert!(after.iter().all(|n| !before.contains(n)));
    assert!(device.sync().await.errors.is_empty());

    let full = admin::enroll_device(server.store(), &SystemClock, "office", None);
    assert!(full.is_err(), "all 999 slots are held by live devices");
    server.stop().await;
}

/// Regression (issue 12, "a user added on the server is assignable after
/// one sync"): the app fetched the staff directory only when its sync loop
/// started, so an engineer added on the server reached the office's assign
/// list only after a restart. Every completed sync now brings it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_added_with_the_admin_command_is_assignable_after_one_sync() {
    let server = server_with_staff(&[("yangjinwei", "杨金伟")]).await;
    let office = enrol(&server, &server.enroll("office").token).await;
    assert_eq!(
        engineers(&office),
        [("yangjinwei".to_string(), "杨金伟".to_string())]
    );

    add_user(&server, "xinren", "engineer", "辛仁");
    let got = office.sync().await;
    assert!(got.staff_changed, "{got:?}");
    assert_eq!(
        engineers(&office),
        [
            ("xinren".to_string(), "辛仁".to_string()),
            ("yangjinwei".into(), "杨金伟".into())
        ],
        "the office's assign list after one sync"
    );
    // The office assigns the newcomer an order, and it reaches them.
    let wo = office.create_order(new_order("华东电力"), None);
    office
        .with(|d| d.assign(&wo, "xinren"))
        .expect("assigned to the new engineer");
    office.sync().await;
    let xinren = enrol(&server, &server.enroll("xinren").token).await;
    xinren.sync().await;
    assert!(xinren.heads(wo.as_str()).is_some(), "the newcomer has it");

    let again = office.sync().await;
    assert!(!again.staff_changed, "nothing new: {again:?}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_disabled_engineer_is_no_longer_offered_after_one_sync_but_still_named() {
    let server = server_with_staff(&[("yangjinwei", "杨金伟"), ("tangrong", "汤戎")]).await;
    let office = enrol(&server, &server.enroll("office").token).await;
    let wo = office.create_order(new_order("华东电力"), None);
    office.with(|d| d.assign(&wo, "tangrong")).expect("assign");
    assert_eq!(engineers(&office).len(), 2);

    admin::disable_user(server.store(), &SystemClock, "tangrong").unwrap();
    assert!(office.sync().await.staff_changed);
    assert_eq!(
        engineers(&office),
        [("yangjinwei".to_string(), "杨金伟".to_string())],
        "not offered, though an order is still assigned to them"
    );
    let view = office.with(|d| d.get_work_order(&wo)).expect("view");
    assert_eq!(view.people["tangrong"], "汤戎", "still named");

    admin::enable_user(server.store(), "tangrong").unwrap();
    office.sync().await;
    assert_eq!(engineers(&office).len(), 2, "offered again once enabled");
    server.stop().await;
}

/// Regression (issue 12, "a disabled user's app says so"): the client did
/// not read the 401 body, so a disabled user saw the generic "revoked or
/// wrong token" failure.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_disabled_users_device_is_told_the_user_is_disabled() {
    let server = TestServer::start().await;
    add_user(&server, "tangrong", "engineer", "汤戎");
    let token = server.enroll("tangrong").token;
    let device = enrol(&server, &token).await;
    admin::disable_user(server.store(), &SystemClock, "tangrong").unwrap();

    let err = device.try_sync().await.expect_err("refused");
    assert!(matches!(err, SyncError::UserDisabled(_)), "{err:?}");
    assert_eq!(ApiError::from(err).code, ErrorCode::UserDisabled);

    // Enrolling again with the same token says so too.
    let err = account::enrol(&device.device, &server.url, &token)
        .await
        .expect_err("disabled");
    assert_eq!(err.code, ErrorCode::UserDisabled, "{}", err.message);

    // The sync loop's status carries the code the badge words.
    let handle = SyncLoop::spawn(
        device.device.clone(),
        device.transport.clone(),
        Arc::new(SystemClock),
        LoopConfig {
            backoff_first: Duration::from_millis(50),
            backoff_cap: Duration::from_millis(200),
            ..LoopConfig::default()
        },
    );
    let mut rx = handle.subscribe();
    let status = tokio::time::timeout(
        Duration::from_secs(20),
        rx.wait_for(|s| s.state == SyncPhase::Error),
    )
    .await
    .expect("the loop reports the failure")
    .expect("loop alive")
    .clone();
    assert_eq!(status.error_code, Some(ErrorCode::UserDisabled));
    assert!(
        status.error.as_deref().unwrap_or("").contains("disabled"),
        "{status:?}"
    );

    // Enabled again: the device syncs.
    admin::enable_user(server.store(), "tangrong").unwrap();
    handle.sync_now();
    tokio::time::timeout(
        Duration::from_secs(20),
        rx.wait_for(|s| s.state == SyncPhase::Idle && s.last_success.is_some()),
    )
    .await
    .expect("synced again")
    .expect("loop alive");
    assert_eq!(handle.status().error_code, None);
    handle.stop().await;
    server.stop().await;
}
