//! The attribution side of a sync against an in-process fake server:
//! the actor registered once before anything is pushed (a new one when
//! the server says it is taken), every request's device time, and the
//! provenance fetched after a sync and on demand, cached in the store.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use super::*;
use crate::clock::FixedClock;
use crate::store::meta_keys;
use crate::sync::attribution::{
    ActorInfo, ActorRegistered, ActorRegistration, ActorSource, ChangeReceipt, DocProvenance, Via,
};
use crate::sync::client::sync_once;
use crate::sync::protocol::{self, codes, ErrorBody, SyncRequest, SyncResponse};
use crate::testing::{instant, owned_by, samples::wo_doc};

#[derive(Default)]
struct State {
    /// Actors registered to another device.
    taken: BTreeSet<String>,
    /// Registration requests, in order.
    registrations: Vec<String>,
    /// The device time of every sync request.
    device_times: Vec<Option<i64>>,
    /// Provenance requests, in order.
    asked: Vec<ProvenanceRequest>,
    /// The provenance endpoint cannot be reached / answers 500.
    provenance_offline: bool,
    provenance_broken: bool,
    /// Documents the server holds and syncs to the device (an Automerge
    /// exchange per document, its sync state kept here).
    serve: Vec<(DocId, automerge::AutoCommit, automerge::sync::State)>,
}

/// A server that takes every push, answers nothing back, and describes
/// every asked document with one receipt and every asked actor as 张工's.
#[derive(Clone, Default)]
struct Fake(Arc<Mutex<State>>);

impl Fake {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.0.lock().unwrap()
    }
}

impl Transport for Fake {
    async fn exchange(&self, body: Vec<u8>) -> Result<Vec<u8>, SyncError> {
        use automerge::sync::{Message, SyncDoc};
        let req: SyncRequest = protocol::decode(&body).unwrap();
        let mut s = self.state();
        s.device_times.push(req.device_time);
        let mut docs = Vec::new();
        for (id, doc, state) in &mut s.serve {
            if let Some(m) = req.docs.iter().find(|m| m.id == id.as_str()) {
                let msg = Message::decode(&m.msg).unwrap();
                doc.sync().receive_sync_message(state, msg).unwrap();
            }
            if let Some(m) = doc.sync().generate_sync_message(state) {
                docs.push(protocol::DocReply::Msg(protocol::DocMsg {
                    id: id.to_string(),
                    msg: m.encode(),
                }));
            }
        }
        Ok(protocol::encode(&SyncResponse {
            cursor: 1u64.to_be_bytes().to_vec(),
            docs,
            more: false,
            reset: false,
            remaining: None,
        })
        .unwrap())
    }

    async fn register_actor(
        &self,
        registration: &ActorRegistration,
    ) -> Result<ActorRegistered, SyncError> {
        let mut s = self.state();
        s.registrations.push(registration.actor.clone());
        if s.taken.contains(&registration.actor) {
            return Err(SyncError::Server {
                status: 409,
                body: ErrorBody::new(codes::ACTOR_TAKEN, "registered to device #3"),
            });
        }
        Ok(ActorRegistered {
            actor: registration.actor.clone(),
            device_id: 7,
            registered_at: 1,
        })
    }

    async fn provenance(
        &self,
        request: &ProvenanceRequest,
    ) -> Result<ProvenanceResponse, SyncError> {
        let mut s = self.state();
        s.asked.push(request.clone());
        if s.provenance_offline {
            return Err(SyncError::Offline("connection refused".into()));
        }
        if s.provenance_broken {
            return Err(SyncError::Server {
                status: 500,
                body: ErrorBody::new("internal", "boom"),
            });
        }
        let docs = request
            .docs
            .iter()
            .map(|id| {
                let receipt = ChangeReceipt {
                    hash: format!("hash-of-{id}"),
                    actor: "00ff".into(),
                    received_at: 1_772_416_800_000,
                    via: Via::Sync,
                    device_id: Some(7),
                    push_skew_ms: Some(-1500),
                };
                (
                    id.clone(),
                    DocProvenance {
                        changes: vec![receipt],
                    },
                )
            })
            .collect();
        let actors = request
            .actors
            .iter()
            .map(|a| {
                let info = ActorInfo {
                    user: "zhang".into(),
                    display_name: "张工".into(),
                    device_id: Some(7),
                    device_label: "张工的手机".into(),
                    source: ActorSource::Device,
                };
                (a.clone(), info)
            })
            .collect::<BTreeMap<_, _>>();
        Ok(ProvenanceResponse { docs, actors })
    }
}

const NOW: &str = "2026-03-02T10:00:00+08:00";

/// A store on a fixed clock, enrolled with a server, holding one order
/// edited here (dirty).
fn store_with_order() -> (Mutex<Store>, DocId) {
    let mut s = Store::open_in_memory().unwrap();
    s.set_clock(Arc::new(FixedClock::new(instant(NOW))));
    s.set_meta_str(meta_keys::SERVER_URL, "http://sync.example")
        .unwrap();
    let (id, d) = wo_doc("1", Some("zhang"));
    let mut d = owned_by(&s, &d);
    s.create_doc(&id, &mut d).unwrap();
    (Mutex::new(s), id)
}

fn actor_of(store: &Mutex<Store>) -> String {
    store.lock().unwrap().actor_hex()
}

#[tokio::test]
async fn a_sync_registers_the_actor_once_sends_the_device_time_and_caches_provenance() {
    let (store, id) = store_with_order();
    let fake = Fake::default();
    let actor = actor_of(&store);

    let out = sync_once(&store, &fake).await.unwrap();
    assert_eq!(fake.state().registrations, std::slice::from_ref(&actor));
    let registered = store
        .lock()
        .unwrap()
        .get_meta_str(meta_keys::ACTOR_REGISTERED)
        .unwrap();
    assert_eq!(
        registered.as_deref(),
        Some(format!("{actor}@http://sync.example#7").as_str())
    );
    let now_ms = instant(NOW).timestamp_millis();
    assert!(!fake.state().device_times.is_empty());
    assert!(fake.state().device_times.iter().all(|t| *t == Some(now_ms)));

    // The order it sent: its provenance asked with the actors of its
    // changes (this device's), and cached.
    assert_eq!(out.provenance_docs, 1);
    assert_eq!(
        fake.state().asked,
        [ProvenanceRequest {
            docs: vec![id.to_string()],
            actors: vec![actor.clone()],
        }]
    );
    let p = store.lock().unwrap().provenance(&id).unwrap();
    assert_eq!(
        p.receipts[&format!("hash-of-{id}")].push_skew_ms,
        Some(-1500)
    );
    assert_eq!(p.actors[&actor].display_name, "张工");

    // A second sync with nothing sent or received registers nothing and
    // asks nothing.
    let out = sync_once(&store, &fake).await.unwrap();
    assert_eq!(out.provenance_docs, 0);
    assert_eq!(fake.state().registrations.len(), 1);
    assert_eq!(fake.state().asked.len(), 1);

    // Asked again on demand: the cached actor is not asked for again.
    let got = refresh(&store, &fake, std::slice::from_ref(&id))
        .await
        .unwrap();
    assert_eq!(
        got,
        ProvenanceFetch {
            reached: true,
            docs: 1
        }
    );
    assert_eq!(fake.state().asked[1].actors, Vec::<String>::new());
}

#[tokio::test]
async fn an_actor_taken_by_another_device_is_replaced_by_a_new_registered_one() {
    let (store, _) = store_with_order();
    let fake = Fake::default();
    let old = actor_of(&store);
    fake.state().taken.insert(old.clone());

    sync_once(&store, &fake).await.unwrap();
    let new = actor_of(&store);
    assert_ne!(new, old, "the store took a new actor");
    assert_eq!(fake.state().registrations, [old, new.clone()]);
    let registered = store
        .lock()
        .unwrap()
        .get_meta_str(meta_keys::ACTOR_REGISTERED)
        .unwrap()
        .unwrap();
    assert!(registered.starts_with(&format!("{new}@")), "{registered}");

    // Taken again: rotated once per sync, not in a loop; the sync goes on.
    fake.state().taken.insert(new.clone());
    store
        .lock()
        .unwrap()
        .set_metas(&[(meta_keys::ACTOR_REGISTERED, None)])
        .unwrap();
    sync_once(&store, &fake).await.unwrap();
    let regs = fake.state().registrations.clone();
    assert_eq!(regs.len(), 4, "{regs:?}");
    assert_eq!(regs[2], new);
}

#[tokio::test]
async fn a_provenance_failure_never_fails_the_sync_and_offline_is_no_error_for_the_shell() {
    let (store, id) = store_with_order();
    let fake = Fake::default();
    fake.state().provenance_broken = true;
    let out = sync_once(&store, &fake).await.unwrap();
    assert_eq!(out.provenance_docs, 0);
    assert_eq!(
        store.lock().unwrap().dirty_count().unwrap(),
        0,
        "the sync completed"
    );
    assert!(store
        .lock()
        .unwrap()
        .provenance(&id)
        .unwrap()
        .receipts
        .is_empty());

    let err = refresh(&store, &fake, std::slice::from_ref(&id))
        .await
        .unwrap_err();
    assert!(
        matches!(err, SyncError::Server { status: 500, .. }),
        "{err:?}"
    );

    fake.state().provenance_broken = false;
    fake.state().provenance_offline = true;
    let got = refresh(&store, &fake, std::slice::from_ref(&id))
        .await
        .unwrap();
    assert_eq!(got, ProvenanceFetch::default(), "not reached, not an error");
}

#[tokio::test]
async fn documents_are_asked_in_batches_of_the_protocol_limit() {
    let (store, _) = store_with_order();
    let fake = Fake::default();
    let ids: Vec<DocId> = (0..MAX_PROVENANCE_DOCS + 3)
        .map(|i| format!("wo:batch{i}").parse().unwrap())
        .collect();
    let got = refresh(&store, &fake, &ids).await.unwrap();
    assert_eq!(got.docs, ids.len());
    let sizes: Vec<usize> = fake.state().asked.iter().map(|r| r.docs.len()).collect();
    assert_eq!(sizes, [MAX_PROVENANCE_DOCS, 3]);
}

#[tokio::test]
async fn the_authors_of_documents_received_are_asked_without_loading_them_again() {
    // Three orders on the server, each written by another device.
    let fake = Fake::default();
    let mut authors = BTreeSet::new();
    let mut author_of = BTreeMap::new();
    for i in 0..3 {
        let (id, d) = wo_doc(&format!("r{i}"), Some("zhang"));
        let actor = automerge::ActorId::random();
        authors.insert(actor.to_hex_string());
        author_of.insert(id.to_string(), actor.to_hex_string());
        let d = crate::testing::attributed::copied_as(&d, &actor, instant(NOW).timestamp_millis());
        fake.state()
            .serve
            .push((id, d, automerge::sync::State::new()));
    }
    let store = Mutex::new(Store::open_in_memory().unwrap());
    store
        .lock()
        .unwrap()
        .set_meta_str(meta_keys::SERVER_URL, "http://sync.example")
        .unwrap();

    let loads = store.lock().unwrap().doc_loads();
    let out = sync_once(&store, &fake).await.unwrap();
    assert_eq!(out.docs_changed, 3);
    // Each received document read once per message of the server (two:
    // its heads, then its changes), none loaded again for its authors.
    assert_eq!(store.lock().unwrap().doc_loads() - loads, 3 * 2);
    let asked = fake.state().asked.clone();
    assert_eq!(asked.len(), 1);
    let mut ids: Vec<String> = fake
        .state()
        .serve
        .iter()
        .map(|(id, _, _)| id.to_string())
        .collect();
    ids.sort();
    let mut docs = asked[0].docs.clone();
    docs.sort();
    assert_eq!(docs, ids);
    assert_eq!(
        asked[0].actors.iter().cloned().collect::<BTreeSet<_>>(),
        authors,
        "exactly the authors of the documents received"
    );
    for id in &ids {
        let p = store
            .lock()
            .unwrap()
            .provenance(&id.parse().unwrap())
            .unwrap();
        assert_eq!(
            p.actors[&author_of[id]].display_name, "张工",
            "{id}: its author named"
        );
    }
}
