-- The technical expert 技术专家 can log in: `users.role` allows `expert`
-- (SQLite cannot change a CHECK constraint, so `users` is rebuilt, and the
-- tables that reference it with it), and the work orders an expert is asked
-- on are listed per expert for reading.

CREATE TABLE users_v5 (
    name          TEXT PRIMARY KEY,
    role          TEXT NOT NULL CHECK (role IN ('engineer', 'office', 'storekeeper', 'expert')),
    display_name  TEXT,
    created_at    INTEGER NOT NULL
);
INSERT INTO users_v5 (name, role, display_name, created_at)
    SELECT name, role, display_name, created_at FROM users;

CREATE TABLE devices_v5 (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_name   TEXT NOT NULL REFERENCES users_v5 (name),
    label       TEXT,
    slot        INTEGER NOT NULL CHECK (slot BETWEEN 1 AND 999),
    first_seq   INTEGER NOT NULL DEFAULT 1 CHECK (first_seq >= 1),
    token_hash  BLOB NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
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

-- Work orders' experts (`experts` in the document), derived with the rest
-- of the access row every time an order is stored.
CREATE TABLE access_experts (
    doc_id  TEXT NOT NULL REFERENCES access (doc_id) ON DELETE CASCADE,
    user    TEXT NOT NULL,
    PRIMARY KEY (doc_id, user)
);
CREATE INDEX access_experts_user ON access_experts (user);
