//! The embedded [`ServerStore`]: one SQLite file (WAL) in the data
//! directory, `onsite-server.db`, behind a mutex. Documents are stored with
//! core's `store::docs` (snapshot plus chunks); the server's own tables are
//! in `migrations/0002_server.sql`.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use onsite_core::model::DocKind;
use onsite_core::store::docs::{self, DOCS_MIGRATION};
use onsite_core::store::migrate::{migrate, open_file, Migration, STATEMENT_CACHE};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::{
    Changed, CommitOutcome, Device, DeviceAuth, DocCommit, DocHead, DocSummary, Flag, Reader,
    Receipt, ServerStore, StoreError, StoredDoc, User, MAX_SLOT,
};
use crate::access::Access;
use crate::role::Role;

/// The database file's name inside the data directory.
pub const DB_FILE: &str = "onsite-server.db";

/// The server's migrations: core's document tables, then its own.
pub const MIGRATIONS: &[Migration] = &[
    DOCS_MIGRATION,
    Migration {
        version: 2,
        sql: include_str!("migrations/0002_server.sql"),
    },
];

/// The SQLite implementation of [`ServerStore`].
#[derive(Debug)]
pub struct SqliteStore {
    conn: Mutex<Connection>,
}

impl SqliteStore {
    /// Opens (creating when needed) `DATA_DIR/onsite-server.db` and migrates it.
    pub fn open(data_dir: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(data_dir).map_err(|source| StoreError::DataDir {
            path: data_dir.display().to_string(),
            source,
        })?;
        let mut conn = open_file(&data_dir.join(DB_FILE))?;
        migrate(&mut conn, MIGRATIONS)?;
        Ok(SqliteStore {
            conn: Mutex::new(conn),
        })
    }

    /// An in-memory store (tests).
    pub fn in_memory() -> Result<Self, StoreError> {
        let mut conn = Connection::open_in_memory()?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        migrate(&mut conn, MIGRATIONS)?;
        Ok(SqliteStore {
            conn: Mutex::new(conn),
        })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock rolled its transaction back; the
        // connection itself is fine.
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn user_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<User> {
    let role: String = r.get(1)?;
    Ok(User {
        name: r.get(0)?,
        role: role.parse().unwrap_or(Role::Engineer),
        display_name: r.get(2)?,
        created_at: r.get(3)?,
    })
}

const DEVICE_COLS: &str = "id, user_name, label, slot, created_at, revoked_at";

fn device_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Device> {
    Ok(Device {
        id: r.get(0)?,
        user: r.get(1)?,
        label: r.get(2)?,
        slot: r.get(3)?,
        created_at: r.get(4)?,
        revoked_at: r.get(5)?,
    })
}

fn access_row(conn: &Connection, id: &str, kind: DocKind) -> rusqlite::Result<Option<Access>> {
    conn.prepare_cached("SELECT assignee, owner, customer_id FROM access WHERE doc_id = ?1")?
        .query_row([id], |r| {
            Ok(Access {
                kind,
                assignee: r.get(0)?,
                owner: r.get(1)?,
                customer_id: r.get(2)?,
            })
        })
        .optional()
}

fn bump_seq(tx: &Transaction<'_>) -> rusqlite::Result<u64> {
    tx.prepare_cached("UPDATE change_counter SET value = value + 1 WHERE id = 1 RETURNING value")?
        .query_row([], |r| r.get(0))
}

fn put_state(conn: &Connection, device: i64, doc: &str, state: &[u8]) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO sync_states (device_id, doc_id, state) VALUES (?1, ?2, ?3)
         ON CONFLICT (device_id, doc_id) DO UPDATE SET state = excluded.state",
    )?
    .execute(params![device, doc, state])?;
    Ok(())
}

impl ServerStore for SqliteStore {
    fn add_user(&self, user: &User) -> Result<(), StoreError> {
        let conn = self.conn();
        let done = conn.execute(
            "INSERT INTO users (name, role, display_name, created_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (name) DO NOTHING",
            params![
                user.name,
                user.role.as_str(),
                user.display_name,
                user.created_at
            ],
        )?;
        if done == 0 {
            return Err(StoreError::DuplicateUser(user.name.clone()));
        }
        Ok(())
    }

    fn user(&self, name: &str) -> Result<Option<User>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT name, role, display_name, created_at FROM users WHERE name = ?1",
                [name],
                user_from_row,
            )
            .optional()?)
    }

    fn users(&self) -> Result<Vec<User>, StoreError> {
        let conn = self.conn();
        let mut stmt =
            conn.prepare("SELECT name, role, display_name, created_at FROM users ORDER BY name")?;
        let users = stmt
            .query_map([], user_from_row)?
            .collect::<Result<_, _>>()?;
        Ok(users)
    }

    fn add_device(
        &self,
        user: &str,
        label: Option<&str>,
        token_hash: [u8; 32],
        now_ms: i64,
    ) -> Result<Device, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let known = tx
            .query_row("SELECT 1 FROM users WHERE name = ?1", [user], |_| Ok(()))
            .optional()?;
        if known.is_none() {
            return Err(StoreError::UnknownUser(user.to_string()));
        }
        let last: i64 = tx.query_row("SELECT coalesce(max(slot), 0) FROM devices", [], |r| {
            r.get(0)
        })?;
        if last >= MAX_SLOT {
            return Err(StoreError::NoFreeSlot);
        }
        tx.execute(
            "INSERT INTO devices (user_name, label, slot, token_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![user, label, last + 1, &token_hash[..], now_ms],
        )?;
        let id = tx.last_insert_rowid();
        let device = tx.query_row(
            &format!("SELECT {DEVICE_COLS} FROM devices WHERE id = ?1"),
            [id],
            device_from_row,
        )?;
        tx.commit()?;
        Ok(device)
    }

    fn device_by_token_hash(
        &self,
        token_hash: &[u8; 32],
    ) -> Result<Option<DeviceAuth>, StoreError> {
        let conn = self.conn();
        let found = conn
            .query_row(
                "SELECT d.id, d.user_name, d.label, d.slot, d.created_at, d.revoked_at,
                        u.name, u.role, u.display_name, u.created_at, d.token_hash
                 FROM devices d JOIN users u ON u.name = d.user_name
                 WHERE d.token_hash = ?1",
                [&token_hash[..]],
                |r| {
                    let device = device_from_row(r)?;
                    let role: String = r.get(7)?;
                    let user = User {
                        name: r.get(6)?,
                        role: role.parse().unwrap_or(Role::Engineer),
                        display_name: r.get(8)?,
                        created_at: r.get(9)?,
                    };
                    let stored: Vec<u8> = r.get(10)?;
                    Ok((device, user, stored))
                },
            )
            .optional()?;
        Ok(found.and_then(|(device, user, stored)| {
            Some(DeviceAuth {
                device,
                user,
                token_hash: stored.try_into().ok()?,
            })
        }))
    }

    fn revoke_device(&self, id: i64, now_ms: i64) -> Result<Device, StoreError> {
        let conn = self.conn();
        let n = conn.execute(
            "UPDATE devices SET revoked_at = coalesce(revoked_at, ?2) WHERE id = ?1",
            params![id, now_ms],
        )?;
        if n == 0 {
            return Err(StoreError::UnknownDevice(id));
        }
        Ok(conn.query_row(
            &format!("SELECT {DEVICE_COLS} FROM devices WHERE id = ?1"),
            [id],
            device_from_row,
        )?)
    }

    fn devices(&self) -> Result<Vec<Device>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare(&format!("SELECT {DEVICE_COLS} FROM devices ORDER BY id"))?;
        let devices = stmt
            .query_map([], device_from_row)?
            .collect::<Result<_, _>>()?;
        Ok(devices)
    }

    fn load_doc(&self, id: &str) -> Result<Option<StoredDoc>, StoreError> {
        let conn = self.conn();
        let Some(loaded) = docs::load(&conn, id)? else {
            return Ok(None);
        };
        let (kind, seq): (String, u64) = conn
            .prepare_cached(
                "SELECT d.kind, coalesce(s.seq, 0) FROM documents d LEFT JOIN doc_seq s ON s.doc_id = d.id WHERE d.id = ?1",
            )?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let kind: DocKind = kind.parse().unwrap_or(DocKind::Complaint);
        let access =
            access_row(&conn, id, kind)?.unwrap_or_else(|| Access::derive(kind, &loaded.doc));
        Ok(Some(StoredDoc {
            doc: loaded.doc,
            seq,
            access,
        }))
    }

    /// From the `documents` row's saved heads, which `commit_doc` keeps
    /// equal to the whole document's heads (the server saves every change
    /// it stores). A document without an access row is loaded to derive it.
    fn doc_head(&self, id: &str) -> Result<Option<DocHead>, StoreError> {
        // `None` inside: the document has no access row.
        let row: Option<Option<DocHead>> = self
            .conn()
            .prepare_cached(
                "SELECT d.saved_heads, d.kind, coalesce(s.seq, 0), a.doc_id IS NOT NULL,
                        a.assignee, a.owner, a.customer_id
                 FROM documents d LEFT JOIN doc_seq s ON s.doc_id = d.id
                 LEFT JOIN access a ON a.doc_id = d.id WHERE d.id = ?1",
            )?
            .query_row([id], |r| {
                if !r.get::<_, bool>(3)? {
                    return Ok(None);
                }
                let kind: String = r.get(1)?;
                Ok(Some(DocHead {
                    heads: docs::heads_from_bytes(&r.get::<_, Vec<u8>>(0)?),
                    seq: r.get(2)?,
                    access: Access {
                        kind: kind.parse().unwrap_or(DocKind::Complaint),
                        assignee: r.get(4)?,
                        owner: r.get(5)?,
                        customer_id: r.get(6)?,
                    },
                }))
            })
            .optional()?;
        match row {
            None => Ok(None),
            Some(Some(head)) => Ok(Some(head)),
            Some(None) => Ok(self.load_doc(id)?.map(|mut s| DocHead {
                heads: s.doc.get_heads(),
                seq: s.seq,
                access: s.access,
            })),
        }
    }

    fn commit_doc(&self, c: DocCommit<'_>) -> Result<CommitOutcome, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let current: Option<u64> = tx
            .prepare_cached("SELECT seq FROM doc_seq WHERE doc_id = ?1")?
            .query_row([c.id], |r| r.get(0))
            .optional()?;
        if current != c.expected_seq {
            return Err(StoreError::Conflict(c.id.to_string()));
        }
        let wrote = docs::save(&tx, c.id, c.kind.prefix(), c.doc)?;
        let outcome = if wrote || current.is_none() {
            let seq = bump_seq(&tx)?;
            tx.prepare_cached(
                "INSERT INTO doc_seq (doc_id, seq) VALUES (?1, ?2)
                 ON CONFLICT (doc_id) DO UPDATE SET seq = excluded.seq",
            )?
            .execute(params![c.id, seq])?;
            let old = access_row(&tx, c.id, c.kind)?;
            let grant_seq: Option<u64> = match &old {
                Some(old) if !old.readers_differ(&c.access) => tx.query_row(
                    "SELECT grant_seq FROM access WHERE doc_id = ?1",
                    [c.id],
                    |r| r.get(0),
                )?,
                _ => Some(seq),
            };
            tx.prepare_cached(
                "INSERT INTO access (doc_id, kind, assignee, owner, customer_id, grant_seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (doc_id) DO UPDATE SET kind = excluded.kind, assignee = excluded.assignee,
                   owner = excluded.owner, customer_id = excluded.customer_id, grant_seq = excluded.grant_seq",
            )?
            .execute(params![
                    c.id,
                    c.kind.prefix(),
                    c.access.assignee,
                    c.access.owner,
                    c.access.customer_id,
                    grant_seq
                ])?;
            CommitOutcome::Stored(seq)
        } else {
            CommitOutcome::Unchanged
        };
        if let Some(r) = &c.receipt {
            tx.execute(
                "INSERT INTO receipts (doc_id, received_at, content_hash, via) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (doc_id) DO NOTHING",
                params![r.doc_id, r.received_at, r.content_hash, r.via],
            )?;
        }
        if let Some(f) = &c.flag {
            tx.execute(
                "INSERT INTO flags (doc_id, detected_at, reason) VALUES (?1, ?2, ?3)",
                params![f.doc_id, f.detected_at, f.reason],
            )?;
        }
        if let Some((device, state)) = &c.sync_state {
            put_state(&tx, *device, c.id, state)?;
        }
        tx.commit()?;
        Ok(outcome)
    }

    fn sync_state(&self, device_id: i64, doc_id: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .conn()
            .prepare_cached("SELECT state FROM sync_states WHERE device_id = ?1 AND doc_id = ?2")?
            .query_row(params![device_id, doc_id], |r| r.get(0))
            .optional()?)
    }

    fn put_sync_state(&self, device_id: i64, doc_id: &str, state: &[u8]) -> Result<(), StoreError> {
        Ok(put_state(&self.conn(), device_id, doc_id, state)?)
    }

    fn put_sync_states(
        &self,
        device_id: i64,
        states: &[(String, Vec<u8>)],
    ) -> Result<(), StoreError> {
        if states.is_empty() {
            return Ok(());
        }
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        for (doc_id, state) in states {
            put_state(&tx, device_id, doc_id, state)?;
        }
        tx.commit()?;
        Ok(())
    }

    fn customer_linked_to(&self, user: &str, customer_id: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT 1 FROM access WHERE customer_id = ?1 AND kind = 'wo' AND assignee = ?2 LIMIT 1",
                params![customer_id, user],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    fn changed_since(
        &self,
        reader: Reader<'_>,
        after: u64,
        limit: usize,
    ) -> Result<Vec<Changed>, StoreError> {
        let sql = match reader.role {
            Role::Office => {
                "SELECT doc_id, seq FROM doc_seq WHERE seq > ?1 AND ?3 IS NOT NULL
                 ORDER BY seq, doc_id LIMIT ?2"
            }
            Role::Storekeeper => {
                "SELECT d.doc_id, d.seq FROM doc_seq d JOIN access a ON a.doc_id = d.doc_id
                 WHERE d.seq > ?1 AND a.kind IN ('part', 'pickup') AND ?3 IS NOT NULL
                 ORDER BY d.seq, d.doc_id LIMIT ?2"
            }
            // Work orders, pickups and parts by their own sequence number;
            // customers by theirs or by the grant of the work order that
            // made them readable, whichever is later.
            Role::Engineer => {
                "SELECT id, max(eff) AS e FROM (
                   SELECT d.doc_id AS id, d.seq AS eff FROM doc_seq d JOIN access a ON a.doc_id = d.doc_id
                   WHERE d.seq > ?1 AND (a.kind = 'part'
                         OR (a.kind = 'wo' AND a.assignee = ?3)
                         OR (a.kind = 'pickup' AND a.owner = ?3))
                   UNION ALL
                   SELECT c.doc_id, max(c.seq, w.grant_seq) FROM access w
                   JOIN doc_seq c ON c.doc_id = w.customer_id
                   WHERE w.kind = 'wo' AND w.assignee = ?3 AND (c.seq > ?1 OR w.grant_seq > ?1)
                 ) GROUP BY id ORDER BY e, id LIMIT ?2"
            }
        };
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(sql)?;
        let rows = stmt
            .query_map(params![after, limit as i64, reader.user], |r| {
                Ok(Changed {
                    id: r.get(0)?,
                    seq: r.get(1)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    fn max_seq(&self) -> Result<u64, StoreError> {
        Ok(self
            .conn()
            .query_row("SELECT value FROM change_counter WHERE id = 1", [], |r| {
                r.get(0)
            })?)
    }

    fn doc_list(&self, kind: Option<DocKind>) -> Result<Vec<DocSummary>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT d.id, d.kind, coalesce(s.seq, 0), coalesce(a.assignee, a.owner)
             FROM documents d LEFT JOIN doc_seq s ON s.doc_id = d.id LEFT JOIN access a ON a.doc_id = d.id
             WHERE ?1 IS NULL OR d.kind = ?1 ORDER BY d.id",
        )?;
        let rows = stmt
            .query_map([kind.map(|k| k.prefix())], |r| {
                Ok(DocSummary {
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    seq: r.get(2)?,
                    holder: r.get(3)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    fn receipts(&self) -> Result<Vec<Receipt>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT doc_id, received_at, content_hash, via FROM receipts ORDER BY doc_id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(Receipt {
                    doc_id: r.get(0)?,
                    received_at: r.get(1)?,
                    content_hash: r.get(2)?,
                    via: r.get(3)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    fn flags(&self) -> Result<Vec<Flag>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare("SELECT doc_id, detected_at, reason FROM flags ORDER BY id")?;
        let rows = stmt
            .query_map([], |r| {
                Ok(Flag {
                    doc_id: r.get(0)?,
                    detected_at: r.get(1)?,
                    reason: r.get(2)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
        let access = Access::derive(kind, doc);
        match s
            .commit_doc(DocCommit {
                id,
                kind,
                expected_seq: expected,
                doc,
                access,
                sync_state: None,
                receipt: None,
                flag: None,
            })
            .unwrap()
        {
            CommitOutcome::Stored(seq) => seq,
            CommitOutcome::Unchanged => 0,
        }
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
            display_name: None,
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
                id: "wo:1",
                kind: DocKind::WorkOrder,
                expected_seq: Some(1),
                doc: &mut d,
                access: Access::derive(DocKind::WorkOrder, &wo("a", "cust:1")),
                sync_state: None,
                receipt: None,
                flag: None,
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
        assert_eq!(ids(s.changed_since(a, 0, 10).unwrap()), vec!["part:p"]);
        w.put(ROOT, "assignee", "a").unwrap();
        commit(&s, "wo:1", DocKind::WorkOrder, &mut w); // 4, grant 4
        assert_eq!(
            ids(s.changed_since(a, 3, 10).unwrap()),
            vec!["cust:1", "wo:1"],
            "the reassigned order brings its customer, though the customer did not change"
        );
        let b = Reader {
            user: "b",
            role: Role::Engineer,
        };
        assert!(s.changed_since(b, 3, 10).unwrap().is_empty());
        assert!(s.customer_linked_to("a", "cust:1").unwrap());
        assert!(!s.customer_linked_to("b", "cust:1").unwrap());
        let office = Reader {
            user: "o",
            role: Role::Office,
        };
        assert_eq!(s.changed_since(office, 0, 10).unwrap().len(), 3);
        let store = Reader {
            user: "s",
            role: Role::Storekeeper,
        };
        assert_eq!(ids(s.changed_since(store, 0, 10).unwrap()), vec!["part:p"]);
    }

    #[test]
    fn slots_count_up_and_are_never_reused() {
        let s = SqliteStore::in_memory().unwrap();
        s.add_user(&User {
            name: "a".into(),
            role: Role::Engineer,
            display_name: None,
            created_at: 0,
        })
        .unwrap();
        let d1 = s.add_device("a", None, [1; 32], 0).unwrap();
        s.revoke_device(d1.id, 5).unwrap();
        let d2 = s.add_device("a", None, [2; 32], 0).unwrap();
        assert_eq!((d1.slot, d2.slot), (1, 2));
        assert!(matches!(
            s.add_device("zz", None, [3; 32], 0),
            Err(StoreError::UnknownUser(_))
        ));
    }
}
