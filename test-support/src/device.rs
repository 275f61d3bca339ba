//! [`TestDevice`]: the app's [`Device`] facade on its own SQLite file,
//! syncing with a server through the real client ([`sync_once`] over
//! [`HttpTransport`]), with helpers to create orders and parts and to read
//! heads, ids and text fields.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use automerge::ChangeHash;
use onsite_core::clock::{Clock, SystemClock};
use onsite_core::model::{DocId, DocKind};
use onsite_core::ops::{Actor, NewWorkOrder};
use onsite_core::rules::state::Role;
use onsite_core::rules::RulesConfig;
use onsite_core::service::Device;
use onsite_core::store::bookkeeping::keys;
use onsite_core::store::device::Store;
use onsite_core::sync::client::{sync_once, HttpTransport, SyncError, SyncOutcome};
use onsite_core::testing::{PartBuilder, WorkOrderBuilder};
use onsite_sync_server::admin::Enrollment;
use tempfile::TempDir;

use crate::paths::{put_text, text_at};
use crate::scratch_dir;
use crate::server::TestServer;

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

impl TestServer {
    /// Adds `user` with `role` (unless there), enrols a device for it and
    /// opens that device's store on a fresh file: ready to sync.
    pub fn device(&self, user: &str, role: Role) -> TestDevice {
        self.add_user(user, role);
        TestDevice::enroll(self, user, role)
    }

    /// [`device`](Self::device) whose clock is `clock` (a device whose
    /// clock is wrong, or one the test moves by hand).
    pub fn device_on(&self, user: &str, role: Role, clock: Arc<dyn Clock>) -> TestDevice {
        self.add_user(user, role);
        TestDevice::enroll_on(self, user, role, clock)
    }
}

impl TestDevice {
    /// Enrols a device for `user` (already added with `role`) on `server`
    /// and opens its store on a fresh file.
    pub fn enroll(server: &TestServer, user: &str, role: Role) -> TestDevice {
        TestDevice::enroll_on(server, user, role, Arc::new(SystemClock))
    }

    /// [`enroll`](Self::enroll) on `clock`.
    pub fn enroll_on(
        server: &TestServer,
        user: &str,
        role: Role,
        clock: Arc<dyn Clock>,
    ) -> TestDevice {
        let e = server.enroll(user);
        let mut d = TestDevice::open_on(&server.url, &e.token, user, role, clock);
        d.with(|dev| {
            dev.store
                .set_meta_i64(keys::DEVICE_SLOT, e.device.slot as i64)
        })
        .expect("slot");
        // The device's actor, registered as `POST /v1/actors` would. The
        // sync client registers it at the start of each sync too (once
        // that lands this is redundant, and harmless: registering again
        // answers the same).
        let actor = d.with_store(|s| s.actor().clone());
        server.register_actor(&actor, e.device.id);
        d.enrollment = Some(e);
        d
    }

    /// A device for `user` with `token` against `url`, on a fresh file.
    pub fn open(url: &str, token: &str, user: &str, role: Role) -> TestDevice {
        TestDevice::open_on(url, token, user, role, Arc::new(SystemClock))
    }

    /// [`open`](Self::open) on `clock`.
    pub fn open_on(
        url: &str,
        token: &str,
        user: &str,
        role: Role,
        clock: Arc<dyn Clock>,
    ) -> TestDevice {
        let dir = scratch_dir();
        let path = dir.path().join("device.db");
        let device = Device::open(&path, clock, RulesConfig::default(), Actor::new(user, role))
            .expect("device");
        TestDevice {
            device: Arc::new(Mutex::new(device)),
            transport: HttpTransport::new(url, token).expect("transport"),
            enrollment: None,
            path,
            _dir: dir,
        }
    }

    /// The device's token.
    pub fn token(&self) -> String {
        self.enrollment.as_ref().expect("enrolled").token.clone()
    }

    /// The server's id of the device.
    pub fn device_id(&self) -> i64 {
        self.enrollment.as_ref().expect("enrolled").device.id
    }

    /// Runs `f` on the device.
    pub fn with<R>(&self, f: impl FnOnce(&mut Device) -> R) -> R {
        f(&mut self.device.lock().expect("device lock"))
    }

    /// The store (for the few tests that go below the facade).
    pub fn with_store<R>(&self, f: impl FnOnce(&mut Store) -> R) -> R {
        self.with(|d| f(&mut d.store))
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

    /// Creates a work order through the facade (the office's "new order")
    /// and, when `assignee` is given, writes it straight into the document's
    /// `assignee` field (one store transaction, no state machine: these
    /// tests are about sync and access); returns its id.
    pub fn create_order(&self, input: NewWorkOrder, assignee: Option<&str>) -> DocId {
        self.with(|d| {
            let id = d.create_work_order(input).expect("create order").wo.id;
            if let Some(who) = assignee {
                d.store
                    .edit(std::slice::from_ref(&id), |docs| {
                        put_text(&mut docs[0], &["assignee"], who)
                    })
                    .expect("assign");
            }
            id
        })
    }

    /// [`create_order`](Self::create_order) `n` times with the builder's
    /// default order for `org`.
    pub fn create_orders(&self, n: usize, org: &str, assignee: Option<&str>) -> Vec<DocId> {
        (0..n)
            .map(|_| self.create_order(new_order(org), assignee))
            .collect()
    }

    /// Creates catalogue part `part_no` with `stock` in the main warehouse.
    pub fn create_part(&self, part_no: &str, stock: i64) -> DocId {
        self.with_store(|s| PartBuilder::new(part_no).stock(stock).create_in(s))
    }

    /// The heads of a document on this device.
    pub fn heads(&self, id: &str) -> Option<Vec<ChangeHash>> {
        let id: DocId = id.parse().expect("id");
        self.with_store(|s| s.load(&id).expect("load").map(|mut doc| doc.get_heads()))
    }

    /// Every document id on this device.
    pub fn doc_ids(&self) -> BTreeSet<String> {
        self.with_store(|s| {
            DocKind::ALL
                .iter()
                .flat_map(|k| s.doc_ids(*k).expect("ids"))
                .map(|id| id.to_string())
                .collect()
        })
    }

    /// How many documents are waiting to be sent.
    pub fn dirty_count(&self) -> usize {
        self.with_store(|s| s.dirty_count().expect("dirty"))
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
}

/// The office's new order for customer `org`, called in five minutes ago.
pub fn new_order(org: &str) -> NewWorkOrder {
    WorkOrderBuilder::new()
        .customer(org)
        .reported_at(chrono::Utc::now() - chrono::Duration::minutes(5))
        .input()
}
