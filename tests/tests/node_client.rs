//! JavaScript clients written only from `docs/sync-protocol.md` and
//! `docs/schema.md` (`tests/node-client/`, the official
//! `@automerge/automerge`) against a real server:
//!
//! - `client.mjs` syncs, finds the work order assigned to its user, fills in
//!   `service.work_done` and syncs it back; a Rust device then sees the edit.
//! - `conformance.mjs` writes every kind of document with only the keys the
//!   schema marks required (the office's records, the engineer's own
//!   pickup) and signs a work order, computing the canonical signed content
//!   and its SHA-256 itself; the server files it, and a Rust device reads
//!   each record and shows it in the app's views.
//!
//! Skipped, with a message, when `node` is not installed; fails when it is
//! installed but `npm ci` was not run in `tests/node-client`.

use std::process::Command;

use onsite_core::doc;
use onsite_core::followups::{FollowUp, Survey};
use onsite_core::model::{Complaint, Contract, Customer, DocId, Part, Pickup, WorkOrder};
use onsite_core::rules::state::{Role, Status};
use onsite_core::signoff::SignatureCheck;
use onsite_core::store::WoFilter;
use onsite_tests::{new_order, node_available, workspace_root, TestDevice, TestServer};

const ENGINEER: &str = "chenqin";

/// Whether the JavaScript clients can run (false, with a message, without
/// `node`; a failed assertion without `npm ci`).
fn node_ready() -> bool {
    if !node_available() {
        eprintln!("SKIPPED: `node` is not installed; the JavaScript client test did not run");
        return false;
    }
    let dir = workspace_root().join("tests/node-client");
    assert!(
        dir.join("node_modules/@automerge/automerge").is_dir()
            && dir.join("node_modules/cbor-x").is_dir(),
        "run `npm ci` in {} (scripts/setup.sh does)",
        dir.display()
    );
    true
}

/// A server with the engineer, and the office's device, when the
/// JavaScript clients can run ([`node_ready`]).
async fn server_for_node() -> Option<(TestServer, TestDevice)> {
    if !node_ready() {
        return None;
    }
    let server = TestServer::start().await;
    server.add_user(ENGINEER, Role::Engineer);
    let office = server.device("office", Role::Office);
    Some((server, office))
}

/// Runs `node <script> <args…>` in `tests/node-client`; its one JSON line.
async fn run_node(script: &str, args: Vec<String>) -> serde_json::Value {
    let dir = workspace_root().join("tests/node-client");
    let script = script.to_string();
    let out = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .arg(script)
            .args(args)
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
    serde_json::from_str(stdout.trim()).expect("one JSON line")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_javascript_client_edits_a_work_order_a_rust_device_sees_it() {
    let Some((server, office)) = server_for_node().await else {
        return;
    };
    let org = "云南省产品质量监督检验研究院";
    let wo = office.create_order(new_order(org), Some(ENGINEER));
    let other = office.create_order(new_order(org), Some("someone"));
    office.sync().await;
    let token = server.enroll(ENGINEER).token;

    let work_done = "更换氘灯，校准波长 (Node)";
    let args = vec![server.url.clone(), token, work_done.to_string()];
    let result = run_node("client.mjs", args).await;
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

/// The id the JavaScript client printed under `key`.
fn id(result: &serde_json::Value, key: &str) -> DocId {
    result[key].as_str().expect(key).parse().expect("an id")
}

/// Reads `id` as `T` from the server's store and from `device`'s.
fn read_on_both<T: autosurgeon::Hydrate>(
    server: &TestServer,
    device: &TestDevice,
    id: &DocId,
) -> T {
    let stored = server.load(id.as_str()).expect("stored on the server");
    doc::read::<T, _>(&stored, id.kind()).unwrap_or_else(|e| panic!("server reads {id}: {e}"));
    let held = device
        .with_store(|s| s.load(id))
        .expect("load")
        .expect("held on the device");
    doc::read(&held, id.kind()).unwrap_or_else(|e| panic!("device reads {id}: {e}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_javascript_client_writes_each_kind_with_only_its_required_keys_and_onsite_reads_them() {
    let Some((server, office)) = server_for_node().await else {
        return;
    };
    let js_office = server.enroll("office").token;
    let js_engineer = server.enroll(ENGINEER).token;

    let args = vec![server.url.clone(), js_office, js_engineer];
    let r = run_node("conformance.mjs", args).await;
    assert_eq!(r["user"], ENGINEER);
    assert_eq!(
        (r["signedStatus"].as_str(), r["filingVia"].as_str()),
        (Some("filed"), Some("sync")),
        "the receipt came back to the JS client in its sync"
    );

    office.sync().await;
    let cust: Customer = read_on_both(&server, &office, &id(&r, "cust"));
    let part: Part = read_on_both(&server, &office, &id(&r, "part"));
    let contract: Contract = read_on_both(&server, &office, &id(&r, "contract"));
    let complaint: Complaint = read_on_both(&server, &office, &id(&r, "complaint"));
    let followup: FollowUp = read_on_both(&server, &office, &id(&r, "followup"));
    let survey: Survey = read_on_both(&server, &office, &id(&r, "survey"));
    assert_eq!((followup.record, followup.work_order_id), (None, None));
    assert_eq!(
        (survey.customer_id.clone(), survey.remarks.as_str()),
        (cust.id.clone(), "")
    );
    let pickup: Pickup = read_on_both(&server, &office, &id(&r, "pickup"));
    let wo: WorkOrder = read_on_both(&server, &office, &id(&r, "wo"));
    let signed: WorkOrder = read_on_both(&server, &office, &id(&r, "signed"));
    assert_eq!(contract.customer_id, cust.id);
    assert!(contract.equipment_serials.is_empty() && complaint.steps.is_empty());
    assert_eq!(
        (pickup.engineer.as_str(), pickup.used, pickup.confirmed),
        (ENGINEER, 0, None)
    );
    assert_eq!(
        (wo.status, wo.timeline.responded_at),
        (Status::Assigned, None)
    );

    // Filed by the server, with its receipt, from the JS client's own hash.
    assert_eq!(signed.status, Status::Filed);
    let receipt = signed.filing.clone().expect("a filing receipt");
    assert_eq!(receipt.via, "sync");
    assert_eq!(receipt.content_hash, r["contentHash"].as_str().unwrap());
    let receipts = server.store().receipts().unwrap();
    assert_eq!(receipts.len(), 1);
    assert_eq!(receipts[0].doc_id, signed.id.as_str());

    // The app's views show them.
    let listed: Vec<DocId> = office
        .with(|d| d.list_work_orders(WoFilter::default()))
        .expect("list")
        .into_iter()
        .map(|item| item.row.id)
        .collect();
    assert!(
        listed.contains(&wo.id) && listed.contains(&signed.id),
        "{listed:?}"
    );
    let view = office.with(|d| d.get_work_order(&signed.id)).expect("view");
    assert_eq!(view.signature, SignatureCheck::Valid);
    assert_eq!(view.wo.status, Status::Filed);
    let view = office.with(|d| d.get_work_order(&wo.id)).expect("view");
    assert_eq!(
        view.pickups.len(),
        1,
        "the engineer's pickup is on the order"
    );
    let customers = office.with(|d| d.list_customers("")).expect("customers");
    assert!(customers.iter().any(|c| c.id == cust.id));
    let stock = office.with(|d| d.list_stock(None)).expect("stock");
    let row = stock
        .iter()
        .find(|s| s.part_no == part.part_no)
        .expect("the part is listed");
    assert_eq!(row.qty, 8, "10 in stock, 2 picked by the JS engineer");
    let pickups = office.with(|d| d.list_my_pickups()).expect("pickups");
    assert!(pickups.iter().any(|p| p.id == pickup.id));
    server.stop().await;
}
