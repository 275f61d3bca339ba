//! Tests of the store written once over `&dyn ServerStore` and run on
//! both engines (module `on_sqlite`: an in-memory SQLite store;
//! `on_postgres`: a fresh schema of the database `ONSITE_TEST_DATABASE`
//! names), with the helpers the engines' own tests (`sqlite/tests.rs`,
//! `postgres/tests.rs`) share.
//!
//! Without `ONSITE_TEST_DATABASE` the PostgreSQL tests print `SKIPPED` and
//! pass, unless `ONSITE_REQUIRE_POSTGRES=1`.

use automerge::{transaction::Transactable, ActorId, AutoCommit, ROOT};
use onsite_core::model::DocKind;
use onsite_core::sync::attribution::Via;
use onsite_core::sync::blobs::sha256_hex;

use super::postgres::PgStore;
use super::*;
use crate::role::Role;

/// The test database's URL, or `None` (the test is skipped).
pub(super) fn test_database() -> Option<String> {
    match std::env::var("ONSITE_TEST_DATABASE") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var("ONSITE_REQUIRE_POSTGRES").as_deref() == Ok("1") => {
            panic!("ONSITE_REQUIRE_POSTGRES=1 but ONSITE_TEST_DATABASE is not set")
        }
        _ => {
            println!("SKIPPED: no PostgreSQL (ONSITE_TEST_DATABASE)");
            None
        }
    }
}

/// A fresh schema name.
pub(super) fn schema() -> String {
    format!("t_{:016x}", rand::random::<u64>())
}

/// A store in a fresh schema, with the URL and schema to connect again.
pub(super) fn pg() -> Option<(PgStore, String, String)> {
    let url = test_database()?;
    let schema = schema();
    let store = PgStore::connect(&url, Some(&schema)).expect("connect");
    Some((store, url, schema))
}

/// A work order for `assignee` at customer `cust`.
pub(super) fn wo(assignee: &str, cust: &str) -> AutoCommit {
    let mut d = AutoCommit::new();
    d.put(ROOT, "kind", "wo").unwrap();
    d.put(ROOT, "assignee", assignee).unwrap();
    d.put(ROOT, "customer_id", cust).unwrap();
    d
}

/// Commits `doc` as `id` expecting `expected_seq`, with change receipts.
pub(super) fn try_commit(
    s: &dyn ServerStore,
    id: &str,
    kind: DocKind,
    expected_seq: Option<u64>,
    doc: &mut AutoCommit,
    changes: Vec<ChangeRow>,
) -> Result<CommitOutcome, StoreError> {
    s.commit_doc(DocCommit {
        changes,
        ..DocCommit::plain(id, kind, expected_seq, doc)
    })
}

/// Commits on top of what is stored; the new number, 0 when unchanged.
pub(super) fn commit(s: &dyn ServerStore, id: &str, kind: DocKind, doc: &mut AutoCommit) -> u64 {
    let expected = s.load_doc(id).unwrap().map(|d| d.seq);
    match try_commit(s, id, kind, expected, doc, Vec::new()).unwrap() {
        CommitOutcome::Stored(seq) => seq,
        CommitOutcome::Unchanged => 0,
    }
}

/// Adds user `name` with `role`.
pub(super) fn add_user(s: &dyn ServerStore, name: &str, role: Role) {
    s.add_user(&User {
        name: name.into(),
        role,
        display_name: None,
        created_at: 0,
        disabled_at: None,
    })
    .unwrap();
}

/// Enrols a device for `user` with token hash `[hash; 32]` at `now_ms`,
/// while slots were never all used.
pub(super) fn enrol(
    s: &dyn ServerStore,
    user: &str,
    hash: u8,
    now_ms: i64,
) -> Result<EnrolledDevice, StoreError> {
    s.add_device(NewDevice {
        user,
        label: None,
        token_hash: [hash; 32],
        now_ms,
        highest_seq: &Default::default(),
    })
}

/// The ids of a feed's rows.
pub(super) fn ids(rows: Vec<Changed>) -> Vec<String> {
    rows.into_iter().map(|c| c.id).collect()
}

/// A reader of the office.
pub(super) const OFFICE: Reader<'static> = Reader {
    user: "o",
    role: Role::Office,
};

// ---- engine-independent behaviours ----

fn commits_bump_the_sequence_and_stale_ones_conflict(s: &dyn ServerStore) {
    let mut d = wo("a", "cust:1");
    assert_eq!(commit(s, "wo:1", DocKind::WorkOrder, &mut d), 1);
    assert_eq!(
        commit(s, "wo:1", DocKind::WorkOrder, &mut d),
        0,
        "unchanged"
    );
    d.put(ROOT, "fault", "x").unwrap();
    assert_eq!(commit(s, "wo:1", DocKind::WorkOrder, &mut d), 2);
    d.put(ROOT, "fault", "y").unwrap();
    let stale = try_commit(s, "wo:1", DocKind::WorkOrder, Some(1), &mut d, vec![]);
    assert!(matches!(stale, Err(StoreError::Conflict(_))), "{stale:?}");
    let absent = try_commit(s, "wo:1", DocKind::WorkOrder, None, &mut d, vec![]);
    assert!(
        matches!(absent, Err(StoreError::Conflict(_))),
        "exists already"
    );
    let mut heads = d.get_heads();
    assert_eq!(s.load_doc("wo:1").unwrap().unwrap().seq, 2);
    assert_ne!(
        s.doc_head("wo:1").unwrap().unwrap().heads,
        heads,
        "y not stored"
    );
    assert_eq!(
        commit(s, "wo:1", DocKind::WorkOrder, &mut d),
        3,
        "the doc came back whole"
    );
    // Many edits: chunks, folded into the snapshot; the head is the load's.
    for i in 0..40 {
        d.put(ROOT, "n", i).unwrap();
        commit(s, "wo:1", DocKind::WorkOrder, &mut d);
    }
    heads = d.get_heads();
    let head = s.doc_head("wo:1").unwrap().unwrap();
    let mut loaded = s.load_doc("wo:1").unwrap().unwrap();
    assert_eq!(
        (head.heads.clone(), loaded.doc.get_heads()),
        (heads.clone(), heads)
    );
    assert_eq!((head.seq, head.access), (loaded.seq, loaded.access));
    assert_eq!(s.max_seq().unwrap(), 43);
    assert_eq!(s.doc_list(None).unwrap()[0].holder.as_deref(), Some("a"));
}

fn the_feed_follows_each_role(s: &dyn ServerStore) {
    let mut cust = AutoCommit::new();
    cust.put(ROOT, "org", "x").unwrap();
    commit(s, "cust:1", DocKind::Customer, &mut cust); // 1
    let mut part = AutoCommit::new();
    part.put(ROOT, "name", "fan").unwrap();
    commit(s, "part:p", DocKind::Part, &mut part); // 2
    let mut w = wo("b", "cust:1");
    commit(s, "wo:1", DocKind::WorkOrder, &mut w); // 3
    let a = Reader {
        user: "a",
        role: Role::Engineer,
    };
    assert_eq!(ids(s.changed_since(a, 0, 10).unwrap().rows), vec!["part:p"]);
    w.put(ROOT, "assignee", "a").unwrap();
    commit(s, "wo:1", DocKind::WorkOrder, &mut w); // 4, grant 4
    assert_eq!(
        ids(s.changed_since(a, 3, 10).unwrap().rows),
        vec!["cust:1", "wo:1"],
        "the reassigned order brings its customer, though the customer did not change"
    );
    let b = Reader {
        user: "b",
        role: Role::Engineer,
    };
    assert!(s.changed_since(b, 3, 10).unwrap().rows.is_empty());
    assert!(s.linked_to("a", "cust:1", DocKind::Customer).unwrap());
    assert!(!s.linked_to("b", "cust:1", DocKind::Customer).unwrap());
    assert_eq!(s.changed_since(OFFICE, 0, 10).unwrap().rows.len(), 3);
    let page = s.changed_since(OFFICE, 0, 2).unwrap();
    assert_eq!(
        (page.rows.len(), page.total),
        (2, 3),
        "the limit, and the feed's length"
    );
    let store = Reader {
        user: "s",
        role: Role::Storekeeper,
    };
    assert_eq!(
        ids(s.changed_since(store, 0, 10).unwrap().rows),
        vec!["part:p"]
    );
    let e = Reader {
        user: "e",
        role: Role::Expert,
    };
    assert!(s.changed_since(e, 0, 10).unwrap().rows.is_empty());
}

fn sync_states_are_kept_per_device_and_document(s: &dyn ServerStore) {
    add_user(s, "a", Role::Engineer);
    let d = enrol(s, "a", 1, 0).unwrap();
    assert_eq!(s.sync_state(d.id, "wo:1").unwrap(), None);
    s.put_sync_state(d.id, "wo:1", &[1]).unwrap();
    s.put_sync_states(d.id, &[("wo:1".into(), vec![2]), ("wo:2".into(), vec![3])])
        .unwrap();
    assert_eq!(s.sync_state(d.id, "wo:1").unwrap(), Some(vec![2]));
    assert_eq!(s.sync_state(d.id, "wo:2").unwrap(), Some(vec![3]));
}

fn slots_users_and_roles(s: &dyn ServerStore) {
    add_user(s, "a", Role::Engineer);
    assert!(matches!(
        s.add_user(&s.user("a").unwrap().unwrap()),
        Err(StoreError::DuplicateUser(_))
    ));
    let d1 = enrol(s, "a", 1, 0).unwrap();
    assert_eq!(s.revoke_device(d1.id, 5).unwrap().revoked_at, Some(5));
    assert_eq!(
        s.revoke_device(d1.id, 9).unwrap().revoked_at,
        Some(5),
        "kept"
    );
    let d2 = enrol(s, "a", 2, 0).unwrap();
    assert_eq!((d1.slot, d2.slot, d2.first_seq), (1, 2, 1));
    assert!(matches!(
        enrol(s, "zz", 3, 0),
        Err(StoreError::UnknownUser(_))
    ));
    let auth = s.device_by_token_hash(&[2; 32]).unwrap().unwrap();
    assert_eq!(
        (auth.device.id, auth.user.name.as_str(), auth.role_since),
        (d2.id, "a", 0)
    );
    assert_eq!(
        s.set_user_disabled("a", Some(7)).unwrap().disabled_at,
        Some(7)
    );
    assert_eq!(
        s.set_user_disabled("a", Some(8)).unwrap().disabled_at,
        Some(7)
    );
    assert_eq!(s.set_user_disabled("a", None).unwrap().disabled_at, None);
    let mut part = AutoCommit::new();
    part.put(ROOT, "name", "fan").unwrap();
    commit(s, "part:p", DocKind::Part, &mut part);
    assert_eq!(
        s.set_user_role("a", Role::Office).unwrap().role,
        Role::Office
    );
    let auth = s.device_by_token_hash(&[2; 32]).unwrap().unwrap();
    assert_eq!(auth.role_since, 2, "a number of the change sequence");
    assert_eq!(s.max_seq().unwrap(), 2);
}

fn the_sync_time_is_recorded_about_once_a_minute(s: &dyn ServerStore) {
    add_user(s, "a", Role::Engineer);
    let d1 = enrol(s, "a", 1, 0).unwrap();
    let d2 = enrol(s, "a", 2, 0).unwrap();
    assert_eq!((d1.last_sync_at, d2.last_sync_at), (None, None));
    // The second device syncs: its row moves, the first's stays.
    let last = || {
        let devices = s.devices().unwrap();
        (devices[0].last_sync_at, devices[1].last_sync_at)
    };
    s.record_sync(d2.id, 1_000_000).unwrap();
    assert_eq!(last(), (None, Some(1_000_000)));
    s.record_sync(d2.id, 1_030_000).unwrap();
    assert_eq!(last(), (None, Some(1_000_000)), "within the minute: kept");
    s.record_sync(d2.id, 1_060_000).unwrap();
    assert_eq!(last(), (None, Some(1_060_000)));
}

fn actors_are_registered_once_within_the_limit(s: &dyn ServerStore) {
    add_user(s, "a", Role::Engineer);
    let d1 = enrol(s, "a", 1, 10).unwrap();
    let d2 = enrol(s, "a", 2, 10).unwrap();
    let actor = ActorId::from(&[7u8; 16][..]);
    let first = s.register_actor(&actor, d1.id, 100, 3).unwrap();
    assert_eq!(
        (first.device_id, first.registered_at),
        (d1.id, 100),
        "registered at the first time"
    );
    let again = s.register_actor(&actor, d1.id, 200, 3).unwrap();
    assert_eq!(again, first, "registering again answers the first time");
    let taken = s.register_actor(&actor, d2.id, 300, 3);
    assert!(matches!(taken, Err(StoreError::ActorTaken { .. })));
    let server = s.server_actor().unwrap();
    assert_eq!(server.to_bytes().len(), 16);
    let taken = s.register_actor(&server, d2.id, 300, 3);
    assert!(
        matches!(taken, Err(StoreError::ActorTaken { .. })),
        "the server's actor is taken"
    );
    for i in 0..2u8 {
        s.register_actor(&ActorId::from(&[i; 4][..]), d1.id, 1, 3)
            .unwrap();
    }
    let many = s.register_actor(&ActorId::from(&[9u8; 4][..]), d1.id, 1, 3);
    assert!(matches!(
        many,
        Err(StoreError::TooManyActors { limit: 3, .. })
    ));
    let unknown = s.register_actor(&ActorId::from(&[8u8; 4][..]), 999, 1, 3);
    assert!(matches!(unknown, Err(StoreError::UnknownDevice(999))));
    let owners = s.actor_owners(&[actor.clone(), server.clone()]).unwrap();
    assert_eq!(owners[&actor].device_id, Some(d1.id));
    assert_eq!(owners[&actor].user.as_deref(), Some("a"));
    assert_eq!(owners[&server].device_id, None);
    assert_eq!(s.actor_counts().unwrap()[&d1.id], 3);
}

fn change_receipts_only_with_a_stored_document(s: &dyn ServerStore) {
    let mut d = wo("a", "cust:1");
    let hash = d.get_heads()[0];
    let row = |at| ChangeRow {
        hash,
        actor: ActorId::from(&[1u8; 16][..]),
        received_at: at,
        via: Via::Sync,
        device_id: Some(1),
        push_skew_ms: Some(-5),
        change_time: 3,
    };
    let r = try_commit(s, "wo:1", DocKind::WorkOrder, None, &mut d, vec![row(100)]);
    assert_eq!(r.unwrap(), CommitOutcome::Stored(1));
    let r = try_commit(
        s,
        "wo:1",
        DocKind::WorkOrder,
        Some(1),
        &mut d,
        vec![row(200)],
    );
    assert_eq!(r.unwrap(), CommitOutcome::Unchanged);
    let got = s.provenance(&["wo:1".into(), "wo:2".into()]).unwrap();
    assert_eq!(got.len(), 1, "a document without receipts is left out");
    assert_eq!(got["wo:1"].len(), 1);
    assert_eq!(got["wo:1"][0].received_at, 100, "the first receipt is kept");
    assert_eq!(got["wo:1"][0].hash, hash.to_string());
    assert_eq!(got["wo:1"][0].push_skew_ms, Some(-5));
}

/// Appends `bytes` at `offset` of the upload of `hash` for device 1.
fn append(
    s: &dyn ServerStore,
    hash: &str,
    offset: u64,
    length: Option<u64>,
    bytes: &[u8],
    now_ms: i64,
) -> Appended {
    let up = BlobUpload {
        hash,
        offset,
        length,
        bytes,
        device_id: 1,
        now_ms,
    };
    s.append_blob(up).unwrap()
}

fn blobs_upload_in_parts_and_are_verified(s: &dyn ServerStore) {
    let bytes = b"0123456789".to_vec();
    let h = sha256_hex(&bytes);
    assert_eq!(
        s.blobs_missing(&[h.clone(), h.clone()]).unwrap(),
        vec![h.clone()]
    );
    assert_eq!(append(s, &h, 0, None, &bytes[..4], 1), Appended::NoLength);
    assert_eq!(
        append(s, &h, 0, Some(10), &bytes[..4], 1),
        Appended::Partial { offset: 4 }
    );
    assert_eq!(
        s.blob_state(&h).unwrap(),
        BlobState::Partial {
            offset: 4,
            length: 10
        }
    );
    let again = append(s, &h, 0, None, &bytes[..4], 2);
    assert_eq!(again, Appended::OffsetMismatch { offset: 4 }, "resume at 4");
    let other = append(s, &h, 4, Some(11), &bytes[4..], 2);
    assert_eq!(other, Appended::LengthChanged { length: 10 });
    let past = append(s, &h, 4, None, b"0123456789", 2);
    assert_eq!(past, Appended::PastLength { length: 10 });
    assert_eq!(append(s, &h, 4, None, &bytes[4..], 3), Appended::Complete);
    assert_eq!(s.blob_state(&h).unwrap(), BlobState::Complete { size: 10 });
    assert_eq!(s.blob(&h).unwrap(), Some(bytes.clone()));
    assert!(s
        .blobs_missing(std::slice::from_ref(&h))
        .unwrap()
        .is_empty());
    assert_eq!(append(s, &h, 0, None, b"x", 4), Appended::Complete);
    let wrong = sha256_hex(b"something else");
    assert_eq!(
        append(s, &wrong, 0, Some(3), b"abc", 5),
        Appended::HashMismatch
    );
    assert_eq!(s.blob_state(&wrong).unwrap(), BlobState::Unknown, "dropped");
    assert_eq!(s.blob(&wrong).unwrap(), None);
    assert!(s.blob_docs(&h).unwrap().is_empty());
}

fn the_head_of_a_document_is_what_loading_it_gives(s: &dyn ServerStore) {
    assert!(s.doc_head("wo:1").unwrap().is_none());
    let mut d = wo("a", "cust:1");
    commit(s, "wo:1", DocKind::WorkOrder, &mut d);
    for _ in 0..3 {
        // Chunks after the snapshot, then more.
        d.put(ROOT, "fault", "x").unwrap();
        d.put(ROOT, "assignee", "b").unwrap();
        commit(s, "wo:1", DocKind::WorkOrder, &mut d);
        let head = s.doc_head("wo:1").unwrap().unwrap();
        let mut loaded = s.load_doc("wo:1").unwrap().unwrap();
        assert_eq!(head.heads, loaded.doc.get_heads());
        assert_eq!(head.heads, d.get_heads());
        assert_eq!((head.seq, &head.access), (loaded.seq, &loaded.access));
        assert_eq!(head.access.assignee.as_deref(), Some("b"));
    }
}

/// The saved form a new device's first message is made from: the
/// snapshot and its chunks load back to the stored document, with its
/// heads, after a first save, appended chunks and a fold.
fn the_saved_form_loads_back_to_the_stored_document(s: &dyn ServerStore) {
    assert_eq!(s.saved_form("wo:none").unwrap(), None);
    let mut d = wo("a", "cust:1");
    commit(s, "wo:1", DocKind::WorkOrder, &mut d);
    for n in 0..40 {
        // Chunks, then (past the threshold) a fold into a new snapshot.
        d.put(ROOT, "fault", format!("edit {n}")).unwrap();
        commit(s, "wo:1", DocKind::WorkOrder, &mut d);
        if n == 2 || n == 39 {
            let (bytes, heads) = s.saved_form("wo:1").unwrap().expect("a saved form");
            let mut loaded = AutoCommit::load(&bytes).unwrap();
            assert_eq!(heads, d.get_heads());
            assert_eq!(loaded.get_heads(), d.get_heads());
        }
    }
}

macro_rules! on_both_engines {
    ($($name:ident),* $(,)?) => {
        mod on_sqlite {
            $(#[test]
            fn $name() {
                let s = crate::store::sqlite::SqliteStore::in_memory().unwrap();
                super::$name(&s);
            })*
        }
        mod on_postgres {
            $(#[test]
            fn $name() {
                if let Some((s, _, _)) = super::pg() {
                    super::$name(&s);
                }
            })*
        }
    };
}

on_both_engines!(
    commits_bump_the_sequence_and_stale_ones_conflict,
    the_feed_follows_each_role,
    sync_states_are_kept_per_device_and_document,
    slots_users_and_roles,
    the_sync_time_is_recorded_about_once_a_minute,
    actors_are_registered_once_within_the_limit,
    change_receipts_only_with_a_stored_document,
    blobs_upload_in_parts_and_are_verified,
    the_head_of_a_document_is_what_loading_it_gives,
    the_saved_form_loads_back_to_the_stored_document,
);
