//! Tests of the SQLite store on an in-memory database (and one file):
//! commits and conflicts, the change feed per role, sync states, slots.

use super::*;
use crate::access::Access;
use crate::role::Role;
use crate::store::Changed;
use automerge::{transaction::Transactable, AutoCommit, ROOT};

fn wo(assignee: &str, cust: &str) -> AutoCommit {
    let mut d = AutoCommit::new();
    d.put(ROOT, "kind", "wo").unwrap();
    d.put(ROOT, "assignee", assignee).unwrap();
    d.put(ROOT, "customer_id", cust).unwrap();
    d
}

fn commit(s: &SqliteStore, id: &str, kind: DocKind, doc: &mut AutoCommit) -> u64 {
    let expected = s.load_doc(id).unwrap().map(|d| d.seq);
    match s
        .commit_doc(DocCommit::plain(id, kind, expected, doc))
        .unwrap()
    {
        CommitOutcome::Stored(seq) => seq,
        CommitOutcome::Unchanged => 0,
    }
}

/// An in-memory store with engineer `a`.
fn store_with_engineer_a() -> SqliteStore {
    let s = SqliteStore::in_memory().unwrap();
    s.add_user(&User {
        name: "a".into(),
        role: Role::Engineer,
        display_name: None,
        created_at: 0,
        disabled_at: None,
    })
    .unwrap();
    s
}

/// Enrols a device for `user` with token hash `[hash; 32]` at `now_ms`,
/// while slots were never all used.
fn enrol(s: &SqliteStore, user: &str, hash: u8, now_ms: i64) -> Result<EnrolledDevice, StoreError> {
    s.add_device(NewDevice {
        user,
        label: None,
        token_hash: [hash; 32],
        now_ms,
        highest_seq: &Default::default(),
    })
}

/// A data directory whose database was migrated only to `version` (an
/// older server's file) and then given the rows `sql` inserts.
fn file_at_version(version: usize, sql: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open_file(&dir.path().join(DB_FILE)).unwrap();
    migrate(&mut conn, &MIGRATIONS[..version]).unwrap();
    conn.execute_batch(sql).unwrap();
    dir
}

fn ids(rows: Vec<Changed>) -> Vec<String> {
    rows.into_iter().map(|c| c.id).collect()
}

/// Counts writes to `sync_states` (a trigger) so a test can see which
/// round trips wrote a state.
fn count_state_writes(s: &SqliteStore) -> impl Fn() -> i64 + '_ {
    s.conn()
        .execute_batch(
            "CREATE TABLE state_writes (n INTEGER);
             CREATE TRIGGER sw_i AFTER INSERT ON sync_states BEGIN INSERT INTO state_writes VALUES (1); END;
             CREATE TRIGGER sw_u AFTER UPDATE ON sync_states BEGIN INSERT INTO state_writes VALUES (1); END;",
        )
        .unwrap();
    move || {
        s.conn()
            .query_row("SELECT count(*) FROM state_writes", [], |r| r.get(0))
            .unwrap()
    }
}

#[test]
fn sync_states_are_written_together_and_unchanged_ones_not_at_all() {
    use crate::sync::SyncContext;
    use automerge::sync::{Message, State, SyncDoc};
    use onsite_core::clock::FixedClock;
    use onsite_core::model::DocId;
    use onsite_core::sync::protocol::{DocMsg, DocReply, SyncRequest};

    let s = SqliteStore::in_memory().unwrap();
    let clock = FixedClock::new("2026-03-10T01:00:00Z".parse().unwrap());
    crate::admin::add_user(&s, &clock, "office1", "office", None).unwrap();
    let dev = crate::admin::enroll_device(&s, &clock, "office1", None).unwrap();
    let ids: Vec<DocId> = (0..3).map(|_| DocId::new(DocKind::WorkOrder)).collect();
    for id in &ids {
        let mut d = wo("a", "cust:1");
        d.put(ROOT, "id", id.as_str()).unwrap();
        commit(&s, id.as_str(), DocKind::WorkOrder, &mut d);
    }
    let limits = crate::Limits::default();
    let principal = crate::auth::Principal {
        user: "office1".into(),
        role: Role::Office,
        device_id: dev.device.id,
        slot: dev.device.slot,
        first_seq: dev.device.first_seq,
        display_name: None,
        role_since: 0,
    };
    let ctx = SyncContext {
        store: &s,
        clock: &clock,
        limits: &limits,
        principal: &principal,
    };
    let writes = count_state_writes(&s);
    let mut local: Vec<(AutoCommit, State)> = ids
        .iter()
        .map(|_| (AutoCommit::new(), State::new()))
        .collect();
    let mut req = SyncRequest::default();
    let mut total = 0;
    for _ in 0..10 {
        let before = writes();
        let resp = ctx.round_trip(req.clone()).unwrap();
        let wrote = writes() - before;
        assert!(
            wrote <= ids.len() as i64,
            "at most one write per document: {wrote}"
        );
        // The same request again (a retry after a lost response): the
        // same answer, and no state is written again.
        let before = writes();
        assert_eq!(ctx.round_trip(req.clone()).unwrap().docs, resp.docs);
        assert_eq!(writes(), before, "unchanged states are not rewritten");
        total += wrote;
        for r in &resp.docs {
            let DocReply::Msg(m) = r else { panic!("{r:?}") };
            let i = ids.iter().position(|d| d.as_str() == m.id).unwrap();
            let (d, st) = &mut local[i];
            d.sync()
                .receive_sync_message(st, Message::decode(&m.msg).unwrap())
                .unwrap();
        }
        let docs: Vec<DocMsg> = ids
            .iter()
            .zip(local.iter_mut())
            .filter_map(|(id, (d, st))| {
                d.sync().generate_sync_message(st).map(|m| DocMsg {
                    id: id.to_string(),
                    msg: m.encode(),
                })
            })
            .collect();
        if docs.is_empty() && !resp.more {
            break;
        }
        req = SyncRequest {
            device_time: None,
            cursor: Some(resp.cursor.clone()),
            docs,
        };
    }
    for (id, (d, _)) in ids.iter().zip(local.iter_mut()) {
        assert_eq!(
            d.get_heads(),
            s.load_doc(id.as_str()).unwrap().unwrap().doc.get_heads()
        );
    }
    assert!(total >= ids.len() as i64, "the states were stored: {total}");
}

#[test]
fn the_head_of_a_document_is_what_loading_it_gives() {
    let s = SqliteStore::in_memory().unwrap();
    assert!(s.doc_head("wo:1").unwrap().is_none());
    let mut d = wo("a", "cust:1");
    commit(&s, "wo:1", DocKind::WorkOrder, &mut d);
    for _ in 0..3 {
        // Chunks after the snapshot, then more.
        d.put(ROOT, "fault", "x").unwrap();
        d.put(ROOT, "assignee", "b").unwrap();
        commit(&s, "wo:1", DocKind::WorkOrder, &mut d);
        let head = s.doc_head("wo:1").unwrap().unwrap();
        let mut loaded = s.load_doc("wo:1").unwrap().unwrap();
        assert_eq!(head.heads, loaded.doc.get_heads());
        assert_eq!(head.heads, d.get_heads());
        assert_eq!((head.seq, &head.access), (loaded.seq, &loaded.access));
        assert_eq!(head.access.assignee.as_deref(), Some("b"));
    }
}

#[test]
fn a_fresh_file_and_a_reopened_one_migrate() {
    let dir = tempfile::tempdir().unwrap();
    drop(SqliteStore::open(dir.path()).unwrap());
    let s = SqliteStore::open(dir.path()).unwrap();
    assert_eq!(s.max_seq().unwrap(), 0);
}

#[test]
fn a_version_2_file_keeps_its_devices_tokens_and_sync_states() {
    let dir = file_at_version(
        2,
        "INSERT INTO users VALUES ('a', 'engineer', NULL, 0);
         INSERT INTO devices (user_name, label, slot, token_hash, created_at, revoked_at)
             VALUES ('a', 'old', 1, x'01', 0, 5), ('a', 'new', 2, x'02', 6, NULL);
         INSERT INTO sync_states VALUES (2, 'wo:x', x'00');",
    );
    let s = SqliteStore::open(dir.path()).unwrap();
    let devices = s.devices().unwrap();
    let slots: Vec<_> = devices
        .iter()
        .map(|d| (d.slot, d.first_seq, d.revoked_at))
        .collect();
    assert_eq!(slots, vec![(1, 1, Some(5)), (2, 1, None)]);
    assert_eq!(s.sync_state(2, "wo:x").unwrap(), Some(vec![0]));
    let mut hash = [0u8; 32];
    hash[0] = 2;
    assert!(
        s.device_by_token_hash(&hash).unwrap().is_none(),
        "hashes kept as they were"
    );
}

#[test]
fn every_stored_change_bumps_the_sequence_and_a_stale_commit_conflicts() {
    let s = SqliteStore::in_memory().unwrap();
    let mut d = wo("a", "cust:1");
    assert_eq!(commit(&s, "wo:1", DocKind::WorkOrder, &mut d), 1);
    assert_eq!(
        commit(&s, "wo:1", DocKind::WorkOrder, &mut d),
        0,
        "unchanged"
    );
    d.put(ROOT, "fault", "x").unwrap();
    assert_eq!(commit(&s, "wo:1", DocKind::WorkOrder, &mut d), 2);
    let err = s
        .commit_doc(DocCommit {
            access: Access::derive(DocKind::WorkOrder, &wo("a", "cust:1")),
            ..DocCommit::plain("wo:1", DocKind::WorkOrder, Some(1), &mut d)
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)));
}

#[test]
fn engineers_see_their_orders_parts_and_the_customers_of_their_orders() {
    let s = SqliteStore::in_memory().unwrap();
    let mut cust = AutoCommit::new();
    cust.put(ROOT, "org", "x").unwrap();
    commit(&s, "cust:1", DocKind::Customer, &mut cust); // seq 1
    let mut part = AutoCommit::new();
    part.put(ROOT, "name", "fan").unwrap();
    commit(&s, "part:p", DocKind::Part, &mut part); // 2
    let mut w = wo("b", "cust:1");
    commit(&s, "wo:1", DocKind::WorkOrder, &mut w); // 3
    let a = Reader {
        user: "a",
        role: Role::Engineer,
    };
    assert_eq!(ids(s.changed_since(a, 0, 10).unwrap().rows), vec!["part:p"]);
    w.put(ROOT, "assignee", "a").unwrap();
    commit(&s, "wo:1", DocKind::WorkOrder, &mut w); // 4, grant 4
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
    let office = Reader {
        user: "o",
        role: Role::Office,
    };
    assert_eq!(s.changed_since(office, 0, 10).unwrap().rows.len(), 3);
    let page = s.changed_since(office, 0, 2).unwrap();
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
}

#[test]
fn slots_count_up_while_some_were_never_used() {
    let s = store_with_engineer_a();
    let d1 = enrol(&s, "a", 1, 0).unwrap();
    s.revoke_device(d1.id, 5).unwrap();
    let d2 = enrol(&s, "a", 2, 0).unwrap();
    assert_eq!((d1.slot, d2.slot), (1, 2));
    assert!(matches!(
        enrol(&s, "zz", 3, 0),
        Err(StoreError::UnknownUser(_))
    ));
}

#[test]
fn a_version_4_file_keeps_its_people_and_devices_and_gets_an_epoch() {
    let dir = file_at_version(
        4,
        "INSERT INTO users VALUES ('a', 'office', '甲', 3);
         INSERT INTO devices (user_name, label, slot, token_hash, created_at, revoked_at)
             VALUES ('a', 'old', 1, x'01', 0, 5), ('a', 'new', 2, x'02', 6, NULL);
         INSERT INTO sync_states VALUES (2, 'wo:x', x'00');",
    );
    let s = SqliteStore::open(dir.path()).unwrap();
    let u = s.user("a").unwrap().unwrap();
    assert_eq!(
        (
            u.role,
            u.display_name.as_deref(),
            u.created_at,
            u.disabled_at
        ),
        (Role::Office, Some("甲"), 3, None)
    );
    assert_eq!(s.sync_state(2, "wo:x").unwrap(), Some(vec![0]));
    let next = enrol(&s, "a", 3, 7).unwrap();
    assert_eq!((next.id, next.slot), (3, 3), "ids and slots go on");
    assert_ne!(s.epoch().unwrap(), [0; 8]);
    assert_eq!(
        SqliteStore::open(dir.path()).unwrap().epoch().unwrap(),
        s.epoch().unwrap(),
        "the epoch stays until a restore"
    );
}

#[test]
fn the_sync_time_is_recorded_about_once_a_minute() {
    let s = store_with_engineer_a();
    let d = enrol(&s, "a", 1, 0).unwrap();
    assert_eq!(d.last_sync_at, None);
    let last = |s: &SqliteStore| s.devices().unwrap()[0].last_sync_at;
    s.record_sync(d.id, 1_000_000).unwrap();
    assert_eq!(last(&s), Some(1_000_000));
    s.record_sync(d.id, 1_030_000).unwrap();
    assert_eq!(last(&s), Some(1_000_000), "within the minute: kept");
    s.record_sync(d.id, 1_060_000).unwrap();
    assert_eq!(last(&s), Some(1_060_000));
}

#[test]
fn an_actor_is_registered_once_to_one_device_and_a_device_holds_at_most_the_limit() {
    let s = store_with_engineer_a();
    let d1 = enrol(&s, "a", 1, 10).unwrap();
    let d2 = enrol(&s, "a", 2, 10).unwrap();
    let actor = automerge::ActorId::from(&[7u8; 16][..]);
    let first = s.register_actor(&actor, d1.id, 100, 3).unwrap();
    assert_eq!(
        (first.device_id, first.registered_at),
        (d1.id, 100),
        "registered at the first time"
    );
    let again = s.register_actor(&actor, d1.id, 200, 3).unwrap();
    assert_eq!(again, first, "registering again answers the first time");
    assert!(matches!(
        s.register_actor(&actor, d2.id, 300, 3),
        Err(StoreError::ActorTaken { .. })
    ));
    let server = s.server_actor().unwrap();
    assert!(
        matches!(
            s.register_actor(&server, d2.id, 300, 3),
            Err(StoreError::ActorTaken { .. })
        ),
        "the server's actor is taken"
    );
    for i in 0..2u8 {
        s.register_actor(&automerge::ActorId::from(&[i; 4][..]), d1.id, 1, 3)
            .unwrap();
    }
    assert!(matches!(
        s.register_actor(&automerge::ActorId::from(&[9u8; 4][..]), d1.id, 1, 3),
        Err(StoreError::TooManyActors { limit: 3, .. })
    ));
    let owners = s.actor_owners(&[actor.clone(), server.clone()]).unwrap();
    assert_eq!(owners[&actor].device_id, Some(d1.id));
    assert_eq!(owners[&actor].user.as_deref(), Some("a"));
    assert_eq!(owners[&server].device_id, None);
    assert_eq!(s.actor_counts().unwrap()[&d1.id], 3);
}

#[test]
fn the_server_actor_is_made_once_and_kept_when_the_database_is_opened_again() {
    let dir = tempfile::tempdir().unwrap();
    let first = SqliteStore::open(dir.path())
        .unwrap()
        .server_actor()
        .unwrap();
    let again = SqliteStore::open(dir.path())
        .unwrap()
        .server_actor()
        .unwrap();
    assert_eq!(first, again);
    assert_eq!(first.to_bytes().len(), 16);
}

#[test]
fn change_receipts_are_stored_only_with_a_stored_document() {
    use onsite_core::sync::attribution::Via;
    let s = SqliteStore::in_memory().unwrap();
    let mut d = wo("a", "cust:1");
    let hash = d.get_heads()[0];
    let row = |at| crate::store::ChangeRow {
        hash,
        actor: automerge::ActorId::from(&[1u8; 16][..]),
        received_at: at,
        via: Via::Sync,
        device_id: Some(1),
        push_skew_ms: Some(-5),
        change_time: 3,
    };
    let commit_with = |d: &mut AutoCommit, at| {
        let expected_seq = s.load_doc("wo:1").unwrap().map(|x| x.seq);
        s.commit_doc(DocCommit {
            changes: vec![row(at)],
            ..DocCommit::plain("wo:1", DocKind::WorkOrder, expected_seq, d)
        })
        .unwrap()
    };
    assert_eq!(commit_with(&mut d, 100), CommitOutcome::Stored(1));
    assert_eq!(commit_with(&mut d, 200), CommitOutcome::Unchanged);
    let got = s.provenance(&["wo:1".into(), "wo:2".into()]).unwrap();
    assert_eq!(got.len(), 1, "a document without receipts is left out");
    let receipts = &got["wo:1"];
    assert_eq!(receipts.len(), 1);
    assert_eq!(receipts[0].received_at, 100, "the first receipt is kept");
    assert_eq!(receipts[0].hash, hash.to_string());
    assert_eq!(receipts[0].push_skew_ms, Some(-5));
}
