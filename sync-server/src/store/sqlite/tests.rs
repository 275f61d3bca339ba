//! Tests of what only the SQLite store has: its file (opening, reopening,
//! migrating an older server's file) and which round trips write sync
//! states. The behaviours both engines share are written once in
//! `store/tests.rs` and run on each.

use super::*;
use crate::role::Role;
use crate::store::tests::{commit, enrol, wo};
use automerge::{transaction::Transactable, AutoCommit, ROOT};

/// A data directory whose database was migrated only to `version` (an
/// older server's file) and then given the rows `sql` inserts.
fn file_at_version(version: usize, sql: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open_file(&dir.path().join(DB_FILE)).unwrap();
    migrate(&mut conn, &MIGRATIONS[..version]).unwrap();
    conn.execute_batch(sql).unwrap();
    dir
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
