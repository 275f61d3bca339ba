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
    let server = TestServer::start().await;
    add_user(&server, "office", "office", "调度办公室");
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
    let server = TestServer::start().await;
    add_user(&server, "office", "office", "调度办公室");
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
