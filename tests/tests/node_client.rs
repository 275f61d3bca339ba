//! A JavaScript client (`tests/node-client/client.mjs`, written only from
//! `docs/sync-protocol.md`) syncs with a real server, finds the work order
//! assigned to its user, fills in `service.work_done` and syncs it back; a
//! Rust device then sees the edit. Skipped, with a message, when `node` is
//! not installed; fails when it is installed but `npm ci` was not run in
//! `tests/node-client`.

use std::process::Command;

use onsite_core::rules::state::Role;
use onsite_tests::{new_order, node_available, workspace_root, TestServer};

const ENGINEER: &str = "chenqin";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_javascript_client_edits_a_work_order_a_rust_device_sees_it() {
    if !node_available() {
        eprintln!("SKIPPED: `node` is not installed; the JavaScript client test did not run");
        return;
    }
    let dir = workspace_root().join("tests/node-client");
    assert!(
        dir.join("node_modules/@automerge/automerge").is_dir()
            && dir.join("node_modules/cbor-x").is_dir(),
        "run `npm ci` in {} (scripts/setup.sh does)",
        dir.display()
    );

    let server = TestServer::start().await;
    server.add_user(ENGINEER, Role::Engineer);
    let office = server.device("office", Role::Office);
    let org = "云南省产品质量监督检验研究院";
    let wo = office.create_order(new_order(org), Some(ENGINEER));
    let other = office.create_order(new_order(org), Some("someone"));
    office.sync().await;
    let token = server.enroll(ENGINEER).token;

    let work_done = "更换氘灯，校准波长 (Node)";
    let url = server.url.clone();
    let out = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .arg("client.mjs")
            .args([url.as_str(), token.as_str(), work_done])
            .current_dir(&dir)
            .output()
            .expect("run node")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "node client failed: {}\n{stdout}",
        String::from_utf8_lossy(&out.stderr)
    );
    let result: serde_json::Value = serde_json::from_str(stdout.trim()).expect("one JSON line");
    assert_eq!(result["user"], ENGINEER);
    assert_eq!(result["workOrder"], wo.as_str());
    assert_eq!(
        result["docs"], 1,
        "the JS client received only its own order"
    );

    office.sync().await;
    assert_eq!(
        office.text(&wo, &["service", "work_done"]).as_deref(),
        Some(work_done)
    );
    assert_eq!(office.heads(wo.as_str()), server.heads(wo.as_str()));
    assert_eq!(
        office.text(&other, &["service", "work_done"]).as_deref(),
        Some("")
    );
    server.stop().await;
}
