//! Test harness: a real server on 127.0.0.1:0 over a SQLite file in a
//! temporary directory, started and stopped by each test, and a tiny device
//! client that runs the protocol loop with Automerge's sync API directly.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use automerge::sync::{Message, State, SyncDoc};
use automerge::AutoCommit;
use chrono::{DateTime, TimeZone, Utc};
use onsite_core::clock::FixedClock;
use onsite_core::doc;
use onsite_core::model::*;
use onsite_core::rules::state::Status;
use onsite_core::signoff;
use onsite_core::sync::protocol::{self, DocMsg, DocReply, SyncRequest, SyncResponse};
use onsite_sync_server::{admin, run, AppState, Limits};

/// The fixed server time of every test.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 8, 0, 0).unwrap()
}

/// A running server.
pub struct Server {
    pub base: String,
    pub dir: tempfile::TempDir,
    pub state: AppState,
    pub clock: Arc<FixedClock>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl Server {
    pub async fn start() -> Server {
        Self::start_with(Limits::default()).await
    }

    pub async fn start_with(limits: Limits) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let clock = Arc::new(FixedClock::new(t0()));
        let state = AppState::open(dir.path())
            .unwrap()
            .with_clock(clock.clone())
            .with_limits(limits);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(run(listener, state.clone(), async move {
            let _ = rx.await;
        }));
        Server {
            base,
            dir,
            state,
            clock,
            stop: Some(tx),
            task: Some(task),
        }
    }

    /// Stops the server and waits for it.
    pub async fn stop(mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.unwrap().unwrap();
        }
    }

    /// Adds a user and enrols a device for it, as the CLI does.
    pub fn enroll(&self, user: &str, role: &str) -> Device {
        let store = self.state.store.as_ref();
        if store.user(user).unwrap().is_none() {
            admin::add_user(store, self.clock.as_ref(), user, role, None).unwrap();
        }
        let e = admin::enroll_device(store, self.clock.as_ref(), user, Some("test")).unwrap();
        Device::new(&self.base, &e.token, e.device.id)
    }

    /// A device with a token the server never issued.
    pub fn stranger(&self) -> Device {
        Device::new(&self.base, &"0".repeat(64), 0)
    }

    /// Every stored document's saved heads and chunk count, and the change
    /// counter, read straight from the SQLite file.
    pub fn db_snapshot(&self) -> (BTreeMap<String, (Vec<u8>, i64)>, i64) {
        let conn = rusqlite::Connection::open(self.dir.path().join("onsite-server.db")).unwrap();
        let mut stmt = conn
            .prepare("SELECT id, saved_heads, chunk_count FROM documents")
            .unwrap();
        let docs = stmt
            .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let seq = conn
            .query_row("SELECT value FROM change_counter", [], |r| r.get(0))
            .unwrap();
        (docs, seq)
    }

    /// The server's copy of a work order.
    pub fn work_order(&self, id: &str) -> WorkOrder {
        let stored = self.state.store.load_doc(id).unwrap().expect("stored");
        doc::read(&stored.doc, DocKind::WorkOrder).unwrap()
    }

    /// A raw HTTP POST.
    pub async fn post(&self, path: &str, token: Option<&str>, body: Vec<u8>) -> (u16, Vec<u8>) {
        let mut req = reqwest::Client::new()
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/cbor")
            .body(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().await.unwrap();
        (resp.status().as_u16(), resp.bytes().await.unwrap().to_vec())
    }

    /// A raw HTTP GET.
    pub async fn get(&self, path: &str, token: Option<&str>) -> (u16, Vec<u8>) {
        let mut req = reqwest::Client::new().get(format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().await.unwrap();
        (resp.status().as_u16(), resp.bytes().await.unwrap().to_vec())
    }
}

/// What one sync did.
#[derive(Debug, Default)]
pub struct Report {
    pub round_trips: usize,
    pub bytes_sent: usize,
    pub bytes_received: usize,
    /// (document, code) for every per-document error.
    pub errors: Vec<(String, String)>,
    /// Documents the server sent a message for.
    pub received: BTreeSet<String>,
}

/// A device: its documents, its per-document sync states (persisted as
/// `State::encode()` between syncs, like the app), its cursor and dirty set.
pub struct Device {
    pub base: String,
    pub token: String,
    pub device_id: i64,
    pub docs: HashMap<String, AutoCommit>,
    pub saved_states: HashMap<String, Vec<u8>>,
    pub cursor: Option<Vec<u8>>,
    pub dirty: BTreeSet<String>,
}

impl Device {
    pub fn new(base: &str, token: &str, device_id: i64) -> Device {
        Device {
            base: base.to_string(),
            token: token.to_string(),
            device_id,
            docs: HashMap::new(),
            saved_states: HashMap::new(),
            cursor: None,
            dirty: BTreeSet::new(),
        }
    }

    /// Creates a document locally.
    pub fn create<T: autosurgeon::Reconcile>(&mut self, id: &DocId, value: &T) {
        let d = doc::create(id.kind(), value).unwrap();
        self.docs.insert(id.to_string(), d);
        self.dirty.insert(id.to_string());
    }

    /// Edits a work order locally.
    pub fn edit_wo(&mut self, id: &str, f: impl FnOnce(&mut WorkOrder)) {
        let d = self.docs.get_mut(id).expect("held");
        let mut wo: WorkOrder = doc::read(d, DocKind::WorkOrder).unwrap();
        f(&mut wo);
        doc::write(d, &wo).unwrap();
        d.commit();
        self.dirty.insert(id.to_string());
    }

    pub fn wo(&self, id: &str) -> Option<WorkOrder> {
        self.docs
            .get(id)
            .map(|d| doc::read(d, DocKind::WorkOrder).unwrap())
    }

    pub fn holds(&self, id: &str) -> bool {
        self.docs
            .get(id)
            .is_some_and(|d| automerge::ReadDoc::keys(d, automerge::ROOT).count() > 0)
    }

    /// Posts one request and decodes the response.
    pub async fn round_trip(&self, req: &SyncRequest) -> (SyncResponse, usize, usize) {
        let body = protocol::encode(req).unwrap();
        let sent = body.len();
        let resp = reqwest::Client::new()
            .post(format!("{}/v1/sync", self.base))
            .bearer_auth(&self.token)
            .header("content-type", "application/cbor")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status().as_u16(), 200, "sync failed");
        let bytes = resp.bytes().await.unwrap();
        (protocol::decode(&bytes).unwrap(), sent, bytes.len())
    }

    /// One complete sync, as the protocol page describes it.
    pub async fn sync(&mut self) -> Report {
        let mut states: HashMap<String, State> = self
            .saved_states
            .iter()
            .map(|(id, b)| (id.clone(), State::decode(b).unwrap()))
            .collect();
        let mut queue: BTreeSet<String> = self.dirty.clone();
        let mut cursor = self.cursor.clone();
        let mut more = false;
        let mut report = Report::default();
        loop {
            let mut docs = Vec::new();
            for id in std::mem::take(&mut queue) {
                let d = self.docs.entry(id.clone()).or_default();
                let st = states.entry(id.clone()).or_default();
                if let Some(m) = d.sync().generate_sync_message(st) {
                    docs.push(DocMsg {
                        id,
                        msg: m.encode(),
                    });
                }
            }
            if docs.is_empty() && !more && report.round_trips > 0 {
                break;
            }
            assert!(report.round_trips < 50, "sync does not converge");
            let req = SyncRequest {
                cursor: cursor.clone(),
                docs,
            };
            let (resp, sent, got) = self.round_trip(&req).await;
            report.round_trips += 1;
            report.bytes_sent += sent;
            report.bytes_received += got;
            cursor = Some(resp.cursor);
            more = resp.more;
            for reply in resp.docs {
                match reply {
                    DocReply::Msg(m) => {
                        let d = self.docs.entry(m.id.clone()).or_default();
                        let st = states.entry(m.id.clone()).or_default();
                        d.sync()
                            .receive_sync_message(st, Message::decode(&m.msg).unwrap())
                            .unwrap();
                        report.received.insert(m.id.clone());
                        queue.insert(m.id);
                    }
                    DocReply::Error { id, error } => {
                        report.errors.push((id.clone(), error.code));
                        self.dirty.remove(&id);
                    }
                }
            }
        }
        self.cursor = cursor;
        self.dirty.clear();
        self.saved_states = states
            .iter()
            .map(|(k, v)| (k.clone(), v.encode()))
            .collect();
        self.docs.retain(|_, d| !d.get_heads().is_empty());
        report
    }
}

/// A work order assigned to `assignee` (or unassigned) for customer `cust`.
pub fn work_order(assignee: Option<&str>, cust: Option<&DocId>) -> WorkOrder {
    let id = DocId::new(DocKind::WorkOrder);
    WorkOrder {
        id,
        number: work_order_number(2026, 1, 1),
        order_kind: OrderKind::Repair,
        status: if assignee.is_some() {
            Status::Assigned
        } else {
            Status::New
        },
        paused_from: None,
        priority: Priority::P2,
        customer_id: cust.cloned(),
        customer: CustomerInfo {
            org: "华东电力".into(),
            site_address: "上海".into(),
            contact: "王工".into(),
            phone: "13800000000".into(),
        },
        equipment: EquipmentInfo::default(),
        contract_id: None,
        fault: "无法开机".into(),
        reported_at: Ts::from(t0()),
        visit_needed: true,
        repair_items: vec!["更换电源".into()],
        estimate_fen: 0,
        appointment: None,
        assignee: assignee.map(str::to_string),
        timeline: Timeline::default(),
        history: vec![],
        service: ServiceRecord::default(),
        parts_used: vec![],
        charge_override: None,
        loaner: None,
        notes: vec![],
        signoff: None,
        filing: None,
        tamper_flag: None,
        follow_ups: vec![],
        created_at: Ts::from(t0()),
        created_by: "office".into(),
    }
}

/// Signs `wo` as the customer would (status `signed`, hash sealed).
pub fn sign(wo: &mut WorkOrder) {
    wo.service.work_done = "更换电源模块".into();
    let mut s = SignOff {
        signer: "王工".into(),
        signed_at: Ts::from(t0()),
        opinion: "满意".into(),
        satisfaction: 5,
        matches_agreed_items: true,
        strokes: vec!["1,1 2,2".into()],
        charges_json: "{}".into(),
        content_hash: String::new(),
    };
    signoff::seal(wo, &mut s);
    wo.signoff = Some(s);
    wo.status = Status::Signed;
}

/// A customer document.
pub fn customer() -> (DocId, AutoCommit) {
    let id = DocId::new(DocKind::Customer);
    let mut d = AutoCommit::new();
    use automerge::transaction::Transactable;
    d.put(automerge::ROOT, "kind", "cust").unwrap();
    d.put(automerge::ROOT, "id", id.as_str()).unwrap();
    d.put(automerge::ROOT, "org", "华东电力").unwrap();
    d.commit();
    (id, d)
}

/// A pickup by `engineer`.
pub fn pickup(engineer: &str, wo: &DocId) -> Pickup {
    Pickup {
        id: DocId::new(DocKind::Pickup),
        part_id: DocId::with_suffix(DocKind::Part, "P-1"),
        part_no: "P-1".into(),
        name: "电源模块".into(),
        qty: 1,
        serials: vec![],
        work_order_id: wo.clone(),
        engineer: engineer.into(),
        warehouse: "main".into(),
        picked_at: Ts::from(t0()),
        used: 0,
        returned: 0,
        confirmed_by: None,
    }
}

/// The JSON body of an error response.
pub fn json(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).unwrap_or_else(|_| panic!("not JSON: {bytes:?}"))
}
