//! The background [`SyncLoop`] against a real server: it syncs at start,
//! after a local change (debounced), reports every status change, and goes
//! `offline` with a reason when the server disappears; its status counts
//! the documents changed by what arrives (and a changed staff directory),
//! not local edits.

use std::sync::Arc;
use std::time::Duration;

use onsite_core::clock::SystemClock;
use onsite_core::rules::state::Role;
use onsite_core::sync::client::{HttpTransport, LoopConfig, SyncHandle, SyncLoop};
use onsite_core::sync::status::{SyncPhase, SyncStatus};
use onsite_core::testing::samples::part_doc;
use onsite_tests::{TestDevice, TestServer};
use tokio::sync::watch;

async fn wait_for(
    rx: &mut watch::Receiver<SyncStatus>,
    what: &str,
    f: impl Fn(&SyncStatus) -> bool,
) -> SyncStatus {
    let waited = tokio::time::timeout(Duration::from_secs(20), async {
        rx.wait_for(|s| f(s)).await.map(|s| s.clone())
    })
    .await;
    match waited {
        Ok(s) => s.expect("loop alive"),
        Err(_) => panic!("timed out waiting for {what}; status {:?}", *rx.borrow()),
    }
}

/// A server with the office enrolled, and the office device's loop with
/// short timings (100 ms debounce, backoff 50–200 ms).
async fn office_loop() -> (TestServer, TestDevice, SyncHandle) {
    let server = TestServer::start().await;
    let device = server.device("office", Role::Office);
    let token = device.token();
    let config = LoopConfig {
        debounce: Duration::from_millis(100),
        interval: Duration::from_secs(60),
        backoff_first: Duration::from_millis(50),
        backoff_cap: Duration::from_millis(200),
        offline_cap: Duration::from_millis(200),
    };
    let handle = SyncLoop::spawn(
        device.device.clone(),
        HttpTransport::new(&server.url, &token).unwrap(),
        Arc::new(SystemClock),
        config,
    );
    (server, device, handle)
}

/// Creates part `part_no` on the device as one local edit, pokes the loop
/// and waits until the server has it.
///
/// Regression (flaky test): the status was still "idle, 0 pending" from
/// the first sync, so waiting on it could return before the debounced
/// sync ran. Wait for what the user cares about: the server has the edit.
async fn edit_until_on_server(
    server: &TestServer,
    device: &TestDevice,
    handle: &SyncHandle,
    rx: &watch::Receiver<SyncStatus>,
    part_no: &str,
) {
    let id = device.create_part(part_no, 3);
    handle.changed();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while server.heads(id.as_str()) != device.heads(id.as_str()) {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the edit did not reach the server; status {:?}",
            *rx.borrow()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_loop_syncs_on_change_and_reports_offline() {
    let (server, device, handle) = office_loop().await;
    let mut rx = handle.subscribe();
    wait_for(&mut rx, "the first sync", |s| {
        s.state == SyncPhase::Idle && s.last_success.is_some()
    })
    .await;

    // A local edit, poked: it reaches the server within the debounce.
    edit_until_on_server(&server, &device, &handle, &rx, "LOOP-1").await;
    wait_for(&mut rx, "nothing pending", |s| {
        s.state == SyncPhase::Idle && s.pending == 0
    })
    .await;

    // The server goes away: the next sync reports offline with a reason,
    // and the edit stays pending.
    server.stop().await;
    device.create_part("LOOP-2", 3);
    handle.sync_now();
    let s = wait_for(&mut rx, "offline", |s| s.state == SyncPhase::Offline).await;
    assert_eq!(s.pending, 1);
    assert!(
        s.error
            .as_deref()
            .unwrap_or("")
            .contains("cannot be reached"),
        "{s:?}"
    );
    assert!(s.last_success.is_some());
    handle.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_status_counts_changes_that_arrive_and_not_local_edits() {
    let (server, device, handle) = office_loop().await;
    let mut rx = handle.subscribe();
    let s = wait_for(&mut rx, "the first sync", |s| s.last_success.is_some()).await;
    assert_eq!(
        s.changes_received, 1,
        "no document on the server yet; the staff directory the first sync fetches is one change"
    );

    // A local edit goes up: nothing arrived (the directory is unchanged).
    edit_until_on_server(&server, &device, &handle, &rx, "MINE-1").await;
    let s = wait_for(&mut rx, "nothing pending", |s| {
        s.state == SyncPhase::Idle && s.pending == 0
    })
    .await;
    assert_eq!(s.changes_received, 1, "a local edit is not an arrival");

    // Another device's two new parts arrive: two documents changed.
    let (a, mut am_a) = part_doc("THEIRS-1", 1);
    let (b, mut am_b) = part_doc("THEIRS-2", 1);
    server.seed(&a, &mut am_a);
    server.seed(&b, &mut am_b);
    handle.sync_now();
    let s = wait_for(&mut rx, "the parts arrived", |s| s.changes_received >= 3).await;
    assert_eq!(s.changes_received, 3);
    assert_eq!(device.heads(a.as_str()), server.heads(a.as_str()));

    // A user added on the server: the next sync brings the directory, one
    // more change for the screens to re-read.
    server.add_user("xinren", onsite_core::rules::state::Role::Engineer);
    handle.sync_now();
    let s = wait_for(&mut rx, "the new user arrived", |s| s.changes_received >= 4).await;
    assert_eq!(s.changes_received, 4);
    handle.stop().await;
}
