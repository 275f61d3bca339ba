//! [`RawDevice`]: a device that runs the protocol loop of
//! `docs/sync-protocol.md` with Automerge's sync API directly, its documents
//! in memory, so the server's tests can send exactly the messages they
//! mean (forged copies, garbage, half a handshake).
//!
//! Each device writes under an Automerge actor of its own, registered to
//! it when [`TestServer::raw_device`] enrols it (the server refuses
//! changes under any other actor, `foreign_actor`); its changes carry the
//! wall clock's time in Unix milliseconds.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use automerge::sync::{Message, State, SyncDoc};
use automerge::transaction::CommitOptions;
use automerge::{ActorId, AutoCommit};
use onsite_core::doc;
use onsite_core::model::{DocId, DocKind, WorkOrder};
use onsite_core::rules::state::Role;
use onsite_core::sync::protocol::{
    self, DocMsg, DocReply, SyncRequest, SyncResponse, MAX_ACTORS_PER_DEVICE,
};
use onsite_core::testing::WorkOrderBuilder;

use crate::server::TestServer;

/// What one sync of a [`RawDevice`] did.
#[derive(Debug, Default)]
pub struct RawReport {
    /// HTTP round trips.
    pub round_trips: usize,
    /// Request bytes.
    pub bytes_sent: usize,
    /// Response bytes.
    pub bytes_received: usize,
    /// (document, code) for every per-document error.
    pub errors: Vec<(String, String)>,
    /// Documents the server sent a message for.
    pub received: BTreeSet<String>,
    /// The message of every per-document error, by document.
    pub messages: BTreeMap<String, String>,
}

impl RawReport {
    /// The error codes, in order.
    pub fn codes(&self) -> Vec<&str> {
        self.errors.iter().map(|(_, c)| c.as_str()).collect()
    }

    /// Asserts that exactly the documents `refused` were refused, each with
    /// `code` (in any order).
    pub fn assert_refused(&self, refused: &[&dyn std::fmt::Display], code: &str) {
        let mut errors = self.errors.clone();
        errors.sort();
        let mut want: Vec<(String, String)> = refused
            .iter()
            .map(|id| (id.to_string(), code.to_string()))
            .collect();
        want.sort();
        assert_eq!(errors, want, "the documents refused and why");
    }
}

/// A device: its documents, its per-document sync states (persisted as
/// `State::encode()` between syncs, like the app), its cursor and dirty set.
pub struct RawDevice {
    /// The server's URL.
    pub base: String,
    /// The bearer token.
    pub token: String,
    /// The server's id of the device.
    pub device_id: i64,
    /// The Automerge actor it writes under (registered by
    /// [`TestServer::raw_device`]).
    pub actor: ActorId,
    /// The documents held, by id.
    pub docs: HashMap<String, AutoCommit>,
    /// The sync state kept per document between syncs.
    pub saved_states: HashMap<String, Vec<u8>>,
    /// The server's cursor.
    pub cursor: Option<Vec<u8>>,
    /// Documents changed since the last sync.
    pub dirty: BTreeSet<String>,
    /// The clock time the device's sync requests say (`device_time`);
    /// `None`: not said.
    pub device_time: Option<i64>,
}

impl TestServer {
    /// Adds `user` with `role` (unless there), enrols a raw device and
    /// registers its actor to it.
    pub fn raw_device(&self, user: &str, role: Role) -> RawDevice {
        self.add_user(user, role);
        let e = self.enroll(user);
        let device = RawDevice::new(&self.url, &e.token, e.device.id);
        self.register_actor(&device.actor, device.device_id);
        device
    }

    /// Registers `actor` to device `device_id` (as `POST /v1/actors` from
    /// that device would).
    pub fn register_actor(&self, actor: &ActorId, device_id: i64) {
        let now = self.state.clock.now().timestamp_millis();
        self.store()
            .register_actor(actor, device_id, now, MAX_ACTORS_PER_DEVICE)
            .expect("register the actor");
    }

    /// Gives `dev` the document `doc` made elsewhere (a builder's, with
    /// its own actor) as if the device had written it: each of its actors
    /// that no device holds is registered to `dev`; the device holds the
    /// document and sends it at its next sync.
    pub fn adopt(&self, dev: &mut RawDevice, id: &DocId, mut doc: AutoCommit) {
        let actors: Vec<ActorId> = doc
            .get_changes_meta(&[])
            .into_iter()
            .map(|m| m.actor.into_owned())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let known = self.store().actor_owners(&actors).expect("actor owners");
        for actor in actors.iter().filter(|a| !known.contains_key(*a)) {
            self.register_actor(actor, dev.device_id);
        }
        dev.docs.insert(id.to_string(), doc);
        dev.dirty.insert(id.to_string());
    }

    /// A device with a token the server never issued.
    pub fn stranger(&self) -> RawDevice {
        RawDevice::new(&self.url, &"0".repeat(64), 0)
    }
}

impl RawDevice {
    /// A device with `token` against the server at `base`, with a new
    /// random actor (not registered: see [`TestServer::raw_device`]).
    pub fn new(base: &str, token: &str, device_id: i64) -> RawDevice {
        RawDevice {
            base: base.to_string(),
            token: token.to_string(),
            device_id,
            actor: ActorId::random(),
            docs: HashMap::new(),
            saved_states: HashMap::new(),
            cursor: None,
            dirty: BTreeSet::new(),
            device_time: None,
        }
    }

    /// Creates a document locally, under the device's actor.
    pub fn create<T: autosurgeon::Reconcile>(&mut self, id: &DocId, value: &T) {
        let d = doc::create_as(id.kind(), value, &self.actor, now_ms()).unwrap();
        self.docs.insert(id.to_string(), d);
        self.dirty.insert(id.to_string());
    }

    /// Creates `n` work orders locally (the builder's defaults, assigned to
    /// `assignee` when given); returns them.
    pub fn create_orders(&mut self, n: usize, assignee: Option<&str>) -> Vec<WorkOrder> {
        (0..n)
            .map(|_| {
                let wo = WorkOrderBuilder::new().maybe_assigned_to(assignee).build();
                self.create(&wo.id, &wo);
                wo
            })
            .collect()
    }

    /// Creates a work order for `customer` assigned to `engineer` locally;
    /// returns it.
    pub fn create_customer_order(&mut self, customer: &DocId, engineer: &str) -> WorkOrder {
        let wo = WorkOrderBuilder::new()
            .customer_id(customer.clone())
            .assigned_to(engineer)
            .build();
        self.create(&wo.id, &wo);
        wo
    }

    /// Creates one work order assigned to `engineer` and syncs (the office
    /// sends a new order); returns it.
    pub async fn send_order_for(&mut self, engineer: &str) -> WorkOrder {
        let wo = self.create_orders(1, Some(engineer)).remove(0);
        self.sync().await;
        wo
    }

    /// Edits a work order locally.
    pub fn edit_wo(&mut self, id: &str, f: impl FnOnce(&mut WorkOrder)) {
        let d = self.docs.get_mut(id).expect("held");
        d.set_actor(self.actor.clone());
        let mut wo: WorkOrder = doc::read(d, DocKind::WorkOrder).unwrap();
        f(&mut wo);
        doc::write(d, &wo).unwrap();
        d.commit_with(CommitOptions::default().with_time(now_ms()));
        self.dirty.insert(id.to_string());
    }

    /// Changes a held document through Automerge directly (under the
    /// device's actor), as a client that does not follow the schema might.
    pub fn edit_raw(&mut self, id: &str, f: impl FnOnce(&mut AutoCommit)) {
        let d = self.docs.get_mut(id).expect("held");
        d.set_actor(self.actor.clone());
        f(d);
        d.commit_with(CommitOptions::default().with_time(now_ms()));
        self.dirty.insert(id.to_string());
    }

    /// The held document saved as a file (what the app exports).
    pub fn save(&mut self, id: &str) -> Vec<u8> {
        self.docs.get_mut(id).expect("held").save()
    }

    /// A work order held, if any.
    pub fn wo(&self, id: &str) -> Option<WorkOrder> {
        self.docs
            .get(id)
            .map(|d| doc::read(d, DocKind::WorkOrder).unwrap())
    }

    /// Whether the device holds a non-empty document `id`.
    pub fn holds(&self, id: &str) -> bool {
        self.docs
            .get(id)
            .is_some_and(|d| automerge::ReadDoc::keys(d, automerge::ROOT).count() > 0)
    }

    /// Posts one request and decodes the response; also the request's and
    /// the response's sizes.
    pub async fn round_trip(&self, req: &SyncRequest) -> (SyncResponse, usize, usize) {
        let body = protocol::encode(req).unwrap();
        let sent = body.len();
        let resp = reqwest::Client::new()
            .post(format!("{}/v1/sync", self.base))
            .bearer_auth(&self.token)
            .header("content-type", protocol::CONTENT_TYPE)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status().as_u16(), 200, "sync failed");
        let bytes = resp.bytes().await.unwrap();
        (protocol::decode(&bytes).unwrap(), sent, bytes.len())
    }

    /// Sends `msg` alone for document `id` (no cursor) and returns what
    /// the server answered about that document (`None`: nothing).
    pub async fn send_one(&self, id: &str, msg: &Message) -> Option<DocReply> {
        let req = SyncRequest {
            device_time: None,
            cursor: None,
            docs: vec![DocMsg {
                id: id.to_string(),
                msg: msg.clone().encode(),
            }],
        };
        let (resp, _, _) = self.round_trip(&req).await;
        resp.docs.into_iter().find(|d| match d {
            DocReply::Msg(m) => m.id == id,
            DocReply::Error { id: e, .. } => e == id,
        })
    }

    /// One complete sync, as the protocol page describes it.
    pub async fn sync(&mut self) -> RawReport {
        let mut states: HashMap<String, State> = self
            .saved_states
            .iter()
            .map(|(id, b)| (id.clone(), State::decode(b).unwrap()))
            .collect();
        let mut queue: BTreeSet<String> = self.dirty.clone();
        let mut cursor = self.cursor.clone();
        let mut more = false;
        let mut report = RawReport::default();
        loop {
            let mut docs = Vec::new();
            for id in std::mem::take(&mut queue) {
                let d = self
                    .docs
                    .entry(id.clone())
                    .or_insert_with(|| AutoCommit::new().with_actor(self.actor.clone()));
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
                device_time: self.device_time,
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
                        let d = self
                            .docs
                            .entry(m.id.clone())
                            .or_insert_with(|| AutoCommit::new().with_actor(self.actor.clone()));
                        let st = states.entry(m.id.clone()).or_default();
                        d.sync()
                            .receive_sync_message(st, Message::decode(&m.msg).unwrap())
                            .unwrap();
                        report.received.insert(m.id.clone());
                        queue.insert(m.id);
                    }
                    DocReply::Error { id, error } => {
                        report.errors.push((id.clone(), error.code));
                        report.messages.insert(id.clone(), error.message);
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

/// The wall clock, Unix milliseconds (the time of a raw device's changes).
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}
