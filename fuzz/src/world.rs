//! The world the server-side targets run against: a few real documents,
//! made once with core's builders and kept in `fuzz/world.cbor`, stored in
//! a fresh in-memory server store with three enrolled devices (an engineer,
//! the office, the storekeeper) for every input.
//!
//! The documents are kept as a file, not rebuilt at each start, because a
//! fuzz input refers to them by their change hashes (a message that adds a
//! change to `wo:open` names its heads as dependencies); rebuilt documents
//! get new actors and times, hence new hashes, and a crash kept as a
//! fixture would no longer reproduce. Regenerating the file
//! (`onsite-fuzz-seeds --new-world`) therefore invalidates the kept
//! `sync_apply` and `import` fixtures; never do it without regenerating
//! their seeds and re-checking every crash fixture.
//!
//! The server refuses changes under actors not registered to the pushing
//! device (`foreign_actor`), and the kept inputs' changes are written under
//! actors of their own: [`World::register_actors`] registers them to the
//! sending device first, as that device would have, so that the targets
//! still reach the write rules, filing and the store behind that check.
//!
//! [`Snapshot`] is everything a refused write must leave as it was.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use automerge::{ActorId, AutoCommit, ChangeHash};
use onsite_core::clock::FixedClock;
use onsite_core::model::{work_order_number, DocId};
use onsite_core::rules::state::Action;
use onsite_core::testing::{self, CustomerBuilder, PartBuilder, PickupBuilder, WorkOrderBuilder};
use onsite_sync_server::access::Access;
use onsite_sync_server::auth::{self, Principal};
use onsite_sync_server::store::sqlite::SqliteStore;
use onsite_sync_server::store::{DocCommit, DocSummary, Flag, Receipt, ServerStore};
use onsite_sync_server::sync::{guarded, SyncContext};
use onsite_sync_server::{admin, Limits};

/// The engineer whose orders `wo:open` and `wo:signed` are (and whose
/// pickup `pickup:a` is).
pub const ENGINEER: &str = "zhang";
/// Another engineer, assigned `wo:other`.
pub const OTHER_ENGINEER: &str = "li";
/// The office user (creates the orders).
pub const OFFICE: &str = testing::work_order::OFFICE;
/// The storekeeper.
pub const STOREKEEPER: &str = "store";

/// The kept documents, as saved.
const WORLD: &[u8] = include_bytes!("../world.cbor");

/// Who sends a fuzzed write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// [`ENGINEER`].
    Engineer,
    /// [`OFFICE`].
    Office,
    /// [`STOREKEEPER`].
    Storekeeper,
}

impl Who {
    /// Every sender, in the order [`Who::from_byte`] picks them.
    pub const ALL: [Who; 3] = [Who::Engineer, Who::Office, Who::Storekeeper];

    /// The sender a fuzz input's byte picks.
    pub fn from_byte(b: u8) -> Who {
        Who::ALL[b as usize % Who::ALL.len()]
    }

    /// The byte that picks this sender.
    pub fn byte(self) -> u8 {
        Who::ALL.iter().position(|w| *w == self).unwrap_or(0) as u8
    }
}

/// The world's documents, built with core's builders: a customer, four
/// work orders (on site, signed, another engineer's, new), a part and a
/// pickup. What `world.cbor` was made from.
pub fn build() -> Vec<(DocId, AutoCommit)> {
    let customer = CustomerBuilder::new("重庆市农业委员会检测中心").doc();
    let order = |suffix: &str, n: u32| {
        WorkOrderBuilder::new()
            .id_suffix(suffix)
            .number(work_order_number(2026, 1, n))
            .customer_id(customer.0.clone())
    };
    let open = order("open", 1)
        .assigned_to(ENGINEER)
        .actions(&[Action::Respond, Action::Depart, Action::Arrive])
        .doc();
    let signed = order("signed", 2).assigned_to(ENGINEER).signed().doc();
    let other = order("other", 3)
        .assigned_to(OTHER_ENGINEER)
        .actions(&[Action::Respond])
        .doc();
    let new = order("new", 4).doc();
    let part = PartBuilder::new("P-100").stock(5).doc();
    let pickup = PickupBuilder::new(&open.0, "P-100")
        .id_suffix("a")
        .engineer(ENGINEER)
        .doc();
    vec![customer, open, signed, other, new, part, pickup]
}

/// The documents as a CBOR array of `[id, saved bytes]` (`world.cbor`).
pub fn encode(docs: &mut [(DocId, AutoCommit)]) -> Vec<u8> {
    let kept: Vec<(String, ciborium::Value)> = docs
        .iter_mut()
        .map(|(id, d)| (id.to_string(), ciborium::Value::Bytes(d.save())))
        .collect();
    let mut out = Vec::new();
    ciborium::into_writer(&kept, &mut out).expect("the world encodes");
    out
}

/// The kept documents: id and saved bytes.
pub fn documents() -> &'static [(DocId, Vec<u8>)] {
    static DOCS: OnceLock<Vec<(DocId, Vec<u8>)>> = OnceLock::new();
    DOCS.get_or_init(|| {
        let kept: Vec<(String, ciborium::Value)> =
            ciborium::from_reader(WORLD).expect("fuzz/world.cbor decodes");
        kept.into_iter()
            .map(|(id, bytes)| {
                let id = id.parse().expect("a world id");
                match bytes {
                    ciborium::Value::Bytes(b) => (id, b),
                    _ => panic!("world document {id} is not bytes"),
                }
            })
            .collect()
    })
}

/// The kept document `id`, loaded.
pub fn document(id: &str) -> AutoCommit {
    let (_, bytes) = documents()
        .iter()
        .find(|(d, _)| d.as_str() == id)
        .unwrap_or_else(|| panic!("no world document {id}"));
    AutoCommit::load(bytes).expect("a world document loads")
}

/// Ids of documents the world does not hold, which a write may create.
pub const NEW_IDS: [&str; 2] = ["wo:fuzz", "pickup:fuzz"];
/// An id that is not `<kind>:<id>`.
pub const BAD_ID: &str = "fuzz";

/// The ids the targets name: the world's documents, [`NEW_IDS`], [`BAD_ID`].
pub fn ids() -> Vec<String> {
    let mut ids: Vec<String> = documents().iter().map(|(id, _)| id.to_string()).collect();
    ids.extend(NEW_IDS.iter().map(|s| s.to_string()));
    ids.push(BAD_ID.to_string());
    ids
}

thread_local! {
    static CACHED: RefCell<Option<(World, Snapshot)>> = const { RefCell::new(None) };
}

/// Runs `f` on a world exactly as [`World::open`] makes it: the one the
/// previous input used when that input left it as made (most inputs are
/// refused; opening a store costs more than most inputs). An input that
/// changed it opens the next one itself, so that the cost, and the code
/// covered, belong to that input (AFL++ sees each input behave the same
/// way every time).
pub fn with_world<R>(f: impl FnOnce(&World) -> R) -> R {
    let watched = ids();
    let watched: Vec<&str> = watched.iter().map(String::as_str).collect();
    let fresh = || {
        let world = World::open();
        let made = world.snapshot(&watched);
        (world, made)
    };
    let (world, made) = CACHED.with(|c| c.borrow_mut().take()).unwrap_or_else(fresh);
    let out = f(&world);
    let next = if world.snapshot(&watched) == made {
        (world, made)
    } else {
        drop(world);
        fresh()
    };
    CACHED.with(|c| *c.borrow_mut() = Some(next));
    out
}

/// A server store holding the world, with a device for each [`Who`].
pub struct World {
    /// The store (in memory).
    pub store: SqliteStore,
    /// The server clock: Tuesday 3 March 2026, 10:00 in Shanghai.
    pub clock: Arc<FixedClock>,
    /// Default limits.
    pub limits: Limits,
    principals: Vec<Principal>,
}

impl World {
    /// A fresh store with the users, their devices and the documents.
    pub fn open() -> World {
        let store = SqliteStore::in_memory().expect("an in-memory store");
        let clock = Arc::new(FixedClock::new(testing::instant("2026-03-03T02:00:00Z")));
        let users = [
            (ENGINEER, "engineer"),
            (OFFICE, "office"),
            (STOREKEEPER, "storekeeper"),
            (OTHER_ENGINEER, "engineer"),
        ];
        let mut principals = Vec::new();
        for (name, role) in users {
            admin::add_user(&store, clock.as_ref(), name, role, None).expect("a user");
            let enrolled =
                admin::enroll_device(&store, clock.as_ref(), name, None).expect("a device");
            let p = auth::authenticate(&store, &enrolled.token)
                .expect("authenticate")
                .expect("a principal");
            principals.push(p);
        }
        for (id, bytes) in documents() {
            let mut doc = AutoCommit::load(bytes).expect("a world document loads");
            store
                .commit_doc(DocCommit::plain(id.as_str(), id.kind(), None, &mut doc))
                .expect("a world document is stored");
        }
        World {
            store,
            clock,
            limits: Limits::default(),
            principals,
        }
    }

    /// The principal of `who`'s device.
    pub fn principal(&self, who: Who) -> &Principal {
        let name = match who {
            Who::Engineer => ENGINEER,
            Who::Office => OFFICE,
            Who::Storekeeper => STOREKEEPER,
        };
        self.principals
            .iter()
            .find(|p| p.user == name)
            .expect("an enrolled device")
    }

    /// Registers to `who`'s device every actor that no device holds among
    /// the changes `chunks` (sync-message change chunks, or a saved
    /// document) would add to the stored `id`, as that device would have
    /// before pushing them. Input Automerge cannot read registers nothing
    /// (the server refuses it on its own). A registration counts as a
    /// change of the world ([`Snapshot::actors`]), so the next input starts
    /// from a fresh one.
    pub fn register_actors<'a>(&self, who: Who, id: &str, chunks: impl Iterator<Item = &'a [u8]>) {
        let base = self.store.load_doc(id).ok().flatten().map(|s| s.doc);
        let chunks: Vec<&[u8]> = chunks.collect();
        let found = guarded(|| {
            let mut doc = base.unwrap_or_default();
            let before = doc.get_heads();
            for chunk in &chunks {
                if doc.load_incremental(chunk).is_err() {
                    break;
                }
            }
            let mut actors: Vec<ActorId> = doc
                .get_changes_meta(&before)
                .into_iter()
                .map(|m| m.actor.into_owned())
                .collect();
            actors.sort();
            actors.dedup();
            actors
        });
        let Ok(actors) = found else { return };
        let known = self.store.actor_owners(&actors).expect("actor owners");
        let device = self.principal(who).device_id;
        for actor in actors.iter().filter(|a| !known.contains_key(*a)) {
            // At most the device's limit: the rest stay unregistered.
            let _ = self.store.register_actor(
                actor,
                device,
                0,
                onsite_core::sync::protocol::MAX_ACTORS_PER_DEVICE,
            );
        }
    }

    /// A round-trip context for `who`'s device.
    pub fn ctx(&self, who: Who) -> SyncContext<'_> {
        SyncContext {
            store: &self.store,
            clock: self.clock.as_ref(),
            limits: &self.limits,
            principal: self.principal(who),
        }
    }

    /// Everything stored now (every `ids` too, stored or not).
    pub fn snapshot(&self, ids: &[&str]) -> Snapshot {
        let s = &self.store;
        let listed = s.doc_list(None).expect("doc list");
        let mut all: Vec<String> = listed.iter().map(|d| d.id.clone()).collect();
        all.extend(ids.iter().map(|i| i.to_string()));
        all.sort();
        all.dedup();
        let heads = all
            .iter()
            .map(|id| {
                let head = s.doc_head(id).expect("doc head");
                (id.clone(), head.map(|h| (h.heads, h.seq, h.access)))
            })
            .collect();
        let mut sync_states = Vec::new();
        for p in &self.principals {
            for id in &all {
                let state = s.sync_state(p.device_id, id).expect("sync state");
                sync_states.push((p.device_id, id.clone(), state));
            }
        }
        Snapshot {
            max_seq: s.max_seq().expect("max seq"),
            listed,
            heads,
            sync_states,
            receipts: s.receipts().expect("receipts"),
            flags: s.flags().expect("flags"),
            actors: s.actor_counts().expect("actor counts"),
        }
    }
}

/// A document's heads, sequence number and access row.
pub type Head = (Vec<ChangeHash>, u64, Access);

/// What the store holds, as far as a write could change it.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// The latest change-sequence number.
    pub max_seq: u64,
    /// Every stored document.
    pub listed: Vec<DocSummary>,
    /// Each document's heads, sequence number and access row.
    pub heads: Vec<(String, Option<Head>)>,
    /// Every device's sync state of each document.
    pub sync_states: Vec<(i64, String, Option<Vec<u8>>)>,
    /// Filing receipts.
    pub receipts: Vec<Receipt>,
    /// Tamper flags.
    pub flags: Vec<Flag>,
    /// How many actors each device registered.
    pub actors: BTreeMap<i64, u64>,
}

impl Snapshot {
    /// Asserts that no document but `id` has other heads in `later`;
    /// `what` says what ran between the two (for the message).
    pub fn assert_only_changed(&self, later: &Snapshot, id: &str, what: &str) {
        for (other, head) in &self.heads {
            if other != id {
                assert_eq!(
                    later.head(other).map(|h| &h.0),
                    head.as_ref().map(|h| &h.0),
                    "{what} changed {other}"
                );
            }
        }
    }

    /// What differs in `later`, one short line each (empty when nothing).
    pub fn changes(&self, later: &Snapshot) -> Vec<String> {
        let mut out = Vec::new();
        if self.max_seq != later.max_seq {
            out.push(format!("max seq {} -> {}", self.max_seq, later.max_seq));
        }
        let ids = |s: &Snapshot| s.heads.iter().map(|(i, _)| i.clone()).collect::<Vec<_>>();
        let mut all = ids(self);
        all.extend(ids(later));
        all.sort();
        all.dedup();
        for id in &all {
            match (self.head(id), later.head(id)) {
                (None, Some(_)) => out.push(format!("{id} stored")),
                (Some(_), None) => out.push(format!("{id} gone")),
                (Some(a), Some(b)) if a.0 != b.0 => out.push(format!("{id} heads changed")),
                (Some(a), Some(b)) if a != b => out.push(format!("{id} seq or access changed")),
                _ => {}
            }
        }
        if self.listed != later.listed {
            out.push("the document list changed".into());
        }
        for (a, b) in self.sync_states.iter().zip(&later.sync_states) {
            if a != b {
                out.push(format!("device {} sync state of {} changed", a.0, a.1));
            }
        }
        if self.sync_states.len() != later.sync_states.len() {
            out.push("sync states added or removed".into());
        }
        if self.receipts != later.receipts {
            out.push(format!(
                "receipts {:?} -> {:?}",
                self.receipts, later.receipts
            ));
        }
        if self.flags != later.flags {
            out.push(format!("flags {:?} -> {:?}", self.flags, later.flags));
        }
        if self.actors != later.actors {
            out.push(format!(
                "actors registered {:?} -> {:?}",
                self.actors, later.actors
            ));
        }
        out
    }

    /// The stored head of `id`.
    pub fn head(&self, id: &str) -> Option<&Head> {
        self.heads
            .iter()
            .find(|(i, _)| i == id)
            .and_then(|(_, h)| h.as_ref())
    }
}
