-- Attribution (issue 17): which device each Automerge actor belongs to,
-- and the server's receipt of every change it accepted.
--
-- - `actors`: an actor a device registered (`POST /v1/actors`), or the
--   server's own (source `server`, no device). The server refuses a pushed
--   change whose actor is not registered to the pushing device (except a
--   planned visit's derived actor and an office's relay, see
--   sync-server/src/attribution.rs). Planned actors are derived from their
--   order's id and never stored.
-- - `change_receipts`: one row per change hash the server accepted, with
--   its own clock's time (Unix milliseconds), how it came (`via`), the
--   device that pushed it and the push's clock skew (device − server, ms).
--   Changes stored before this migration have none.
-- - `server_meta` key `server_actor`: 16 random bytes made here, once; the
--   server writes its filing changes under it.

CREATE TABLE actors (
    actor          BLOB PRIMARY KEY,
    device_id      INTEGER REFERENCES devices (id),   -- NULL: the server's
    user_name      TEXT,                              -- the device's user
    source         TEXT NOT NULL CHECK (source IN ('device', 'server')),
    registered_at  INTEGER NOT NULL,                  -- unix milliseconds
    CHECK ((source = 'device') = (device_id IS NOT NULL))
);
CREATE INDEX actors_device ON actors (device_id);
CREATE INDEX actors_user ON actors (user_name);

CREATE TABLE change_receipts (
    hash          BLOB PRIMARY KEY,
    doc_id        TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    actor         BLOB NOT NULL,
    received_at   INTEGER NOT NULL,                   -- unix ms, server clock
    device_id     INTEGER,                            -- NULL: the server's own
    via           TEXT NOT NULL CHECK (via IN ('sync', 'relay', 'import', 'server')),
    push_skew_ms  INTEGER,                            -- device − server, ms
    change_time   INTEGER NOT NULL                    -- the change's own timestamp
);
CREATE INDEX change_receipts_doc ON change_receipts (doc_id);

INSERT INTO server_meta (key, value) VALUES ('server_actor', randomblob(16));
INSERT INTO actors (actor, device_id, user_name, source, registered_at)
    SELECT value, NULL, NULL, 'server', CAST(unixepoch('subsec') * 1000 AS INTEGER)
    FROM server_meta WHERE key = 'server_actor';
