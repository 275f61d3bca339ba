-- The sync server's own tables (after docs_0001.sql, the shared document
-- tables). See sync-server/src/store/sqlite.rs.

-- People, by the user name documents use (`assignee`, `engineer`).
CREATE TABLE users (
    name          TEXT PRIMARY KEY,
    role          TEXT NOT NULL CHECK (role IN ('engineer', 'office', 'storekeeper')),
    display_name  TEXT,
    created_at    INTEGER NOT NULL            -- unix milliseconds
);

-- Enrolled devices. Only the SHA-256 of a device's token is stored. Slots
-- (1..999) go into work-order numbers and are never reused.
CREATE TABLE devices (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_name   TEXT NOT NULL REFERENCES users (name),
    label       TEXT,
    slot        INTEGER NOT NULL UNIQUE CHECK (slot BETWEEN 1 AND 999),
    token_hash  BLOB NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
);
CREATE INDEX devices_user ON devices (user_name);

-- The global change sequence: bumped once for every stored change.
CREATE TABLE change_counter (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    value  INTEGER NOT NULL
);
INSERT INTO change_counter (id, value) VALUES (1, 0);

-- Each document's latest change-sequence number (cursors compare with it).
CREATE TABLE doc_seq (
    doc_id  TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    seq     INTEGER NOT NULL UNIQUE
);

-- Who may read a document, derived from it every time it is saved.
-- grant_seq: the change sequence at which the set of readers last changed.
CREATE TABLE access (
    doc_id       TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    assignee     TEXT,                    -- work orders: the engineer
    owner        TEXT,                    -- pickups: the engineer
    customer_id  TEXT,                    -- work orders: their cust: document
    grant_seq    INTEGER NOT NULL
);
CREATE INDEX access_kind ON access (kind);
CREATE INDEX access_assignee ON access (assignee, kind);
CREATE INDEX access_owner ON access (owner, kind);
CREATE INDEX access_customer ON access (customer_id);

-- Automerge sync state (State::encode, the shared heads) per device and document.
CREATE TABLE sync_states (
    device_id  INTEGER NOT NULL REFERENCES devices (id),
    doc_id     TEXT NOT NULL,
    state      BLOB NOT NULL,
    PRIMARY KEY (device_id, doc_id)
);

-- Filing receipts: the server's receipt of a signed, verified record.
CREATE TABLE receipts (
    doc_id        TEXT PRIMARY KEY REFERENCES documents (id),
    received_at   TEXT NOT NULL,           -- RFC 3339 UTC
    content_hash  TEXT NOT NULL,
    via           TEXT NOT NULL             -- sync | import
);

-- Signed records whose content changed after signing, for the office.
CREATE TABLE flags (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id       TEXT NOT NULL REFERENCES documents (id),
    detected_at  TEXT NOT NULL,
    reason       TEXT NOT NULL
);
CREATE INDEX flags_doc ON flags (doc_id);
