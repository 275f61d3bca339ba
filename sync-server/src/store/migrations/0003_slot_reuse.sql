-- Device slots may be given again once every device that held one is
-- revoked and all 999 were used (docs/decisions.md): only the slots of live
-- devices are unique, and each device records the first work-order
-- sequence number it may use (above every number its slot made before).
-- SQLite cannot drop a UNIQUE constraint, so `devices` is rebuilt, and
-- `sync_states` (which references it) with it.

CREATE TABLE devices_v3 (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_name   TEXT NOT NULL REFERENCES users (name),
    label       TEXT,
    slot        INTEGER NOT NULL CHECK (slot BETWEEN 1 AND 999),
    first_seq   INTEGER NOT NULL DEFAULT 1 CHECK (first_seq >= 1),
    token_hash  BLOB NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
);
INSERT INTO devices_v3 (id, user_name, label, slot, token_hash, created_at, revoked_at)
    SELECT id, user_name, label, slot, token_hash, created_at, revoked_at FROM devices;

CREATE TABLE sync_states_v3 (
    device_id  INTEGER NOT NULL REFERENCES devices_v3 (id),
    doc_id     TEXT NOT NULL,
    state      BLOB NOT NULL,
    PRIMARY KEY (device_id, doc_id)
);
INSERT INTO sync_states_v3 (device_id, doc_id, state)
    SELECT device_id, doc_id, state FROM sync_states;

DROP TABLE sync_states;
DROP TABLE devices;
ALTER TABLE devices_v3 RENAME TO devices;
ALTER TABLE sync_states_v3 RENAME TO sync_states;

CREATE INDEX devices_user ON devices (user_name);
CREATE UNIQUE INDEX devices_live_slot ON devices (slot) WHERE revoked_at IS NULL;
