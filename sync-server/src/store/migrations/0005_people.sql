-- People administration and backups (issue 12):
--
-- - users may be disabled (`disabled_at`: every device of the user gets 401
--   from then on) and may have the role 'expert' (技术专家), which reads and
--   writes nothing until the expert's access rules exist;
-- - a role change takes a change-sequence number (`role_seq`): a cursor
--   issued before it starts over, so the new role's documents arrive;
-- - each device records when it last synced (`last_sync_at`, unix ms);
-- - `server_meta` holds the database's `epoch`: 8 random bytes that go into
--   every sync cursor. `restore` gives the restored database a new epoch, so
--   a cursor issued before the restore is recognised and the device told to
--   offer back everything it holds (docs/sync-protocol.md, Cursor rules).
--
-- SQLite cannot change a CHECK constraint, so `users` is rebuilt, and with
-- it `devices` (which references it) and `sync_states` (which references
-- `devices`), as in 0003.

CREATE TABLE users_v5 (
    name          TEXT PRIMARY KEY,
    role          TEXT NOT NULL
                  CHECK (role IN ('engineer', 'office', 'storekeeper', 'expert')),
    display_name  TEXT,
    created_at    INTEGER NOT NULL,           -- unix milliseconds
    disabled_at   INTEGER,                    -- unix milliseconds, while disabled
    role_seq      INTEGER NOT NULL DEFAULT 0  -- the change sequence of the last role change
);
INSERT INTO users_v5 (name, role, display_name, created_at)
    SELECT name, role, display_name, created_at FROM users;

CREATE TABLE devices_v5 (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    user_name     TEXT NOT NULL REFERENCES users_v5 (name),
    label         TEXT,
    slot          INTEGER NOT NULL CHECK (slot BETWEEN 1 AND 999),
    first_seq     INTEGER NOT NULL DEFAULT 1 CHECK (first_seq >= 1),
    token_hash    BLOB NOT NULL UNIQUE,
    created_at    INTEGER NOT NULL,
    revoked_at    INTEGER,
    last_sync_at  INTEGER                     -- unix milliseconds, about a minute exact
);
INSERT INTO devices_v5 (id, user_name, label, slot, first_seq, token_hash, created_at, revoked_at)
    SELECT id, user_name, label, slot, first_seq, token_hash, created_at, revoked_at FROM devices;

CREATE TABLE sync_states_v5 (
    device_id  INTEGER NOT NULL REFERENCES devices_v5 (id),
    doc_id     TEXT NOT NULL,
    state      BLOB NOT NULL,
    PRIMARY KEY (device_id, doc_id)
);
INSERT INTO sync_states_v5 (device_id, doc_id, state)
    SELECT device_id, doc_id, state FROM sync_states;

DROP TABLE sync_states;
DROP TABLE devices;
DROP TABLE users;
ALTER TABLE users_v5 RENAME TO users;
ALTER TABLE devices_v5 RENAME TO devices;
ALTER TABLE sync_states_v5 RENAME TO sync_states;

CREATE INDEX devices_user ON devices (user_name);
CREATE UNIQUE INDEX devices_live_slot ON devices (slot) WHERE revoked_at IS NULL;

CREATE TABLE server_meta (
    key    TEXT PRIMARY KEY,
    value  BLOB NOT NULL
);
INSERT INTO server_meta (key, value) VALUES ('epoch', randomblob(8));
