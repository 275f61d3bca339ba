//! # onsite-tests
//!
//! End-to-end tests of sync: a real sync server on `127.0.0.1:0` over a
//! temporary data directory, devices on temporary SQLite files talking to
//! it over HTTP with the real client. Each test starts its own server and
//! stops it.
//!
//! ## Layout
//!
//! - this file: the shared helpers — [`TestServer`] (start, enrol users and
//!   devices through the server's admin functions, seed documents straight
//!   into its store, compare heads, stop), [`TestDevice`] (a device's
//!   [`Device`] facade on its own file, syncing with [`sync_once`]) and
//!   small builders for documents.
//! - `tests/sync_convergence.rs`: office and two engineers converge; access
//!   follows assignment.
//! - `tests/sync_cost.rs`: bytes and round trips at 100 and 5,000 documents.
//! - `tests/sync_bad_input.rs`: revoked tokens, malformed bodies, bad and
//!   forbidden documents, oversized bodies.
//! - `tests/sync_crash.rs`: the server binary killed mid-sync and restarted.
//! - `tests/node_client.rs` + `node-client/`: a JavaScript client written
//!   from `docs/sync-protocol.md`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use automerge::{AutoCommit, ChangeHash};
use chrono::{Duration, Utc};
use onsite_core::clock::{Clock, SystemClock};
use onsite_core::doc;
use onsite_core::model::{CustomerInfo, DocId, DocKind, EquipmentInfo, OrderKind, Part, Priority};
use onsite_core::ops::{Actor, NewWorkOrder};
use onsite_core::rules::state::Role;
use onsite_core::rules::RulesConfig;
use onsite_core::service::Device;
use onsite_core::store::bookkeeping::keys;
use onsite_core::store::device::Store;
use onsite_core::sync::client::{sync_once, HttpTransport, SyncError, SyncOutcome};
use onsite_sync_server::access::Access;
use onsite_sync_server::admin::{self, Enrollment};
use onsite_sync_server::store::{DocCommit, ServerStore};
use onsite_sync_server::{run, AppState, Limits};
use tempfile::TempDir;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use onsite_core;
pub use onsite_sync_server;

/// A temporary directory, in memory (`/dev/shm`) when the machine has it:
/// the tests measure sync, not the disk's fsync (a killed process loses
/// nothing a tmpfs holds, so the crash test is still meaningful).
pub fn scratch_dir() -> TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        if let Ok(d) = tempfile::Builder::new()
            .prefix("onsite-test-")
            .tempdir_in(shm)
        {
            return d;
        }
    }
    tempfile::tempdir().expect("temp dir")
}

/// A sync server on a loopback port over a temporary data directory.
pub struct TestServer {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    /// The server's state (its store is the one serving requests).
    pub state: AppState,
    dir: TempDir,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl TestServer {
    /// Starts a server with the default limits.
    pub async fn start() -> TestServer {
        TestServer::start_with(Limits::default()).await
    }

    /// Starts a server with `limits`.
    pub async fn start_with(limits: Limits) -> TestServer {
        let dir = scratch_dir();
        let state = AppState::open(dir.path())
            .expect("server store")
            .with_limits(limits);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(run(listener, state.clone(), async {
            let _ = stopped.await;
        }));
        TestServer {
            url,
            state,
            dir,
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// The data directory.
    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }

    /// The server's store.
    pub fn store(&self) -> &dyn ServerStore {
        self.state.store.as_ref()
    }

    /// Adds a user (`engineer`, `office` or `storekeeper`).
    pub fn add_user(&self, name: &str, role: &str) {
        admin::add_user(self.store(), &SystemClock, name, role, None).expect("add user");
    }

    /// Enrols a device for `user`.
    pub fn enroll(&self, user: &str) -> Enrollment {
        admin::enroll_device(self.store(), &SystemClock, user, Some("test")).expect("enroll")
    }

    /// Revokes a device.
    pub fn revoke(&self, device_id: i64) {
        admin::revoke_device(self.store(), &SystemClock, device_id).expect("revoke");
    }

    /// The heads of a stored document.
    pub fn heads(&self, id: &str) -> Option<Vec<ChangeHash>> {
        let mut stored = self.store().load_doc(id).expect("load")?;
        Some(stored.doc.get_heads())
    }

    /// Every stored document with its heads.
    pub fn all_heads(&self) -> BTreeMap<String, Vec<ChangeHash>> {
        admin::list_docs(self.store(), None)
            .expect("list")
            .into_iter()
            .map(|d| {
                let heads = self.heads(&d.id).unwrap_or_default();
                (d.id, heads)
            })
            .collect()
    }

    /// A stored document.
    pub fn load(&self, id: &str) -> Option<AutoCommit> {
        self.store().load_doc(id).expect("load").map(|s| s.doc)
    }

    /// Stores a document directly (as if synced by the office), with its
    /// access row; much faster than syncing thousands of documents.
    pub fn seed(&self, id: &DocId, doc: &mut AutoCommit) {
        let kind = id.kind();
        let access = Access::derive(kind, &*doc);
        self.store()
            .commit_doc(DocCommit {
                id: id.as_str(),
                kind,
                expected_seq: None,
                doc,
                access,
                sync_state: None,
                receipt: None,
                flag: None,
            })
            .expect("seed document");
    }

    /// Changes a stored document directly (as another device's sync would),
    /// bumping its change sequence.
    pub fn edit(&self, id: &DocId, f: impl FnOnce(&mut AutoCommit)) {
        let stored = self
            .store()
            .load_doc(id.as_str())
            .expect("load")
            .expect("stored");
        let mut doc = stored.doc;
        doc.set_actor(automerge::ActorId::random());
        f(&mut doc);
        doc.commit();
        let access = Access::derive(id.kind(), &doc);
        self.store()
            .commit_doc(DocCommit {
                id: id.as_str(),
                kind: id.kind(),
                expected_seq: Some(stored.seq),
                doc: &mut doc,
                access,
                sync_state: None,
                receipt: None,
                flag: None,
            })
            .expect("edit document");
    }

    /// Seeds `n` catalogue parts (`part:P00000`, …) straight into the store.
    pub fn seed_parts(&self, n: usize) -> Vec<DocId> {
        (0..n)
            .map(|i| {
                let (id, mut am) = part_doc(&format!("P{i:05}"), 10);
                self.seed(&id, &mut am);
                id
            })
            .collect()
    }

    /// Stops the server (waits for requests in flight).
    pub async fn stop(mut self) {
        self.shutdown().await;
    }

    async fn shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// One device: the app's [`Device`] facade on its own SQLite file, with a
/// transport to a server.
pub struct TestDevice {
    /// The facade, shared the way the app shares it with the sync loop.
    pub device: Arc<Mutex<Device>>,
    /// `POST /v1/sync` with this device's token.
    pub transport: HttpTransport,
    /// The device's enrolment (token, slot, device id).
    pub enrollment: Option<Enrollment>,
    /// The SQLite file.
    pub path: PathBuf,
    _dir: TempDir,
}

/// The rules every test device uses.
pub fn rules() -> RulesConfig {
    RulesConfig::default()
}

impl TestDevice {
    /// Enrols a device for `user` (already added with `role`) on `server`
    /// and opens its store on a fresh file.
    pub fn enroll(server: &TestServer, user: &str, role: Role) -> TestDevice {
        let e = server.enroll(user);
        let mut d = TestDevice::open(&server.url, &e.token, user, role);
        d.with(|dev| {
            dev.store
                .set_meta_i64(keys::DEVICE_SLOT, e.device.slot as i64)
        })
        .expect("slot");
        d.enrollment = Some(e);
        d
    }

    /// A device for `user` with `token` against `url`, on a fresh file.
    pub fn open(url: &str, token: &str, user: &str, role: Role) -> TestDevice {
        let dir = scratch_dir();
        let path = dir.path().join("device.db");
        let clock: Arc<dyn Clock> = Arc::new(SystemClock);
        let device = Device::open(&path, clock, rules(), Actor::new(user, role)).expect("device");
        TestDevice {
            device: Arc::new(Mutex::new(device)),
            transport: HttpTransport::new(url, token).expect("transport"),
            enrollment: None,
            path,
            _dir: dir,
        }
    }

    /// Runs `f` on the device.
    pub fn with<R>(&self, f: impl FnOnce(&mut Device) -> R) -> R {
        f(&mut self.device.lock().expect("device lock"))
    }

    /// One whole sync.
    pub async fn try_sync(&self) -> Result<SyncOutcome, SyncError> {
        sync_once(&self.device, &self.transport).await
    }

    /// One whole sync that must succeed.
    pub async fn sync(&self) -> SyncOutcome {
        match self.try_sync().await {
            Ok(o) => o,
            Err(e) => panic!("sync failed: {e}"),
        }
    }

    /// The heads of a document on this device.
    pub fn heads(&self, id: &str) -> Option<Vec<ChangeHash>> {
        let id: DocId = id.parse().expect("id");
        self.with(|d| {
            d.store
                .load(&id)
                .expect("load")
                .map(|mut doc| doc.get_heads())
        })
    }

    /// Every document id on this device.
    pub fn doc_ids(&self) -> BTreeSet<String> {
        self.with(|d| {
            DocKind::ALL
                .iter()
                .flat_map(|k| d.store.doc_ids(*k).expect("ids"))
                .map(|id| id.to_string())
                .collect()
        })
    }

    /// How many documents are waiting to be sent.
    pub fn dirty_count(&self) -> usize {
        self.with(|d| d.store.dirty_count().expect("dirty"))
    }

    /// Sets a text field (`["service", "work_done"]`) as one local edit,
    /// straight on the Automerge document (a transaction like any other:
    /// saved, projected and marked dirty together).
    pub fn set_text(&self, id: &DocId, path: &[&str], value: &str) {
        self.with_store(|s| {
            s.edit(std::slice::from_ref(id), |docs| {
                put_text(&mut docs[0], path, value)
            })
            .expect("edit")
        })
    }

    /// A text field of a document on this device.
    pub fn text(&self, id: &DocId, path: &[&str]) -> Option<String> {
        let doc = self.with_store(|s| s.load(id).expect("load"))?;
        text_at(&doc, path)
    }

    /// The store (for the few tests that go below the facade).
    pub fn with_store<R>(&self, f: impl FnOnce(&mut Store) -> R) -> R {
        self.with(|d| f(&mut d.store))
    }
}

/// A new work order for customer `org` (the office fills these in).
pub fn new_order(org: &str, customer_id: Option<DocId>) -> NewWorkOrder {
    NewWorkOrder {
        order_kind: OrderKind::Repair,
        priority: Priority::P2,
        customer_id,
        customer: CustomerInfo {
            org: org.to_string(),
            site_address: "成都市武侯区中学路6号".into(),
            contact: "李强".into(),
            phone: "028-85586000".into(),
        },
        equipment: EquipmentInfo {
            model: "LC-20AT".into(),
            serial: format!("SN-{}", ulid_suffix()),
            accepted_on: None,
            original_end_user: true,
        },
        contract_id: None,
        fault: "泵压力波动".into(),
        reported_at: Some((Utc::now() - Duration::minutes(5)).into()),
        visit_needed: true,
        repair_items: vec!["更换柱塞密封圈".into()],
        estimate_fen: 0,
        appointment: None,
    }
}

fn ulid_suffix() -> String {
    DocId::new(DocKind::Part).as_str()[5..].to_string()
}

/// A catalogue part document with its stock counter.
pub fn part_doc(part_no: &str, stock: i64) -> (DocId, AutoCommit) {
    let id = DocId::with_suffix(DocKind::Part, part_no);
    let part = Part {
        id: id.clone(),
        part_no: part_no.to_string(),
        name: format!("part {part_no}"),
        unit_cost_fen: 1_000,
        standard_price_fen: 2_000,
        low_threshold: 1,
    };
    let mut am = doc::create(DocKind::Part, &part).expect("part doc");
    doc::init_stock(
        &mut am,
        &BTreeMap::from([(onsite_core::model::MAIN_WAREHOUSE.to_string(), stock)]),
    )
    .expect("stock");
    (id, am)
}

/// Writes `value` at `path` (maps created as needed) and commits.
pub fn put_text(
    doc: &mut AutoCommit,
    path: &[&str],
    value: &str,
) -> Result<(), automerge::AutomergeError> {
    use automerge::transaction::Transactable;
    use automerge::{ObjType, ReadDoc, Value, ROOT};
    let (last, parents) = path.split_last().expect("a path");
    let mut obj = ROOT;
    for key in parents {
        obj = match doc.get(&obj, *key)? {
            Some((Value::Object(ObjType::Map), id)) => id,
            _ => doc.put_object(&obj, *key, ObjType::Map)?,
        };
    }
    doc.put(&obj, *last, value)?;
    doc.commit();
    Ok(())
}

/// The text at `path`, if any.
pub fn text_at(doc: &AutoCommit, path: &[&str]) -> Option<String> {
    use automerge::{ReadDoc, ScalarValue, Value, ROOT};
    let (last, parents) = path.split_last()?;
    let mut obj = ROOT;
    for key in parents {
        match doc.get(&obj, *key).ok()?? {
            (Value::Object(_), id) => obj = id,
            _ => return None,
        }
    }
    match doc.get(&obj, *last).ok()?? {
        (Value::Scalar(s), _) => match s.as_ref() {
            ScalarValue::Str(t) => Some(t.to_string()),
            _ => None,
        },
        _ => None,
    }
}

/// Whether `node` can be run.
pub fn node_available() -> bool {
    std::process::Command::new("node")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}
