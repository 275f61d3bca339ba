-- Attribution (issue 17, core/src/history): what the sync server vouches
-- for about each change this device holds, cached from `POST
-- /v1/provenance` so the history tab works offline. prov_changes keeps the
-- server's receipt of each change (by change hash); prov_actors who each
-- actor belongs to. Neither is derived from the documents, so a projection
-- rebuild leaves them alone; a change with no row here was not (yet) seen
-- received.
CREATE TABLE IF NOT EXISTS prov_changes (
    hash          TEXT PRIMARY KEY,   -- change hash, hex
    doc_id        TEXT NOT NULL,
    actor         TEXT NOT NULL,      -- hex
    received_at   INTEGER NOT NULL,   -- Unix ms, the server's clock
    via           TEXT NOT NULL,      -- sync | relay | import | server
    device_id     INTEGER,
    push_skew_ms  INTEGER
);
CREATE INDEX IF NOT EXISTS prov_changes_doc ON prov_changes (doc_id);
CREATE TABLE IF NOT EXISTS prov_actors (
    actor         TEXT PRIMARY KEY,   -- hex
    user          TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    device_id     INTEGER,
    device_label  TEXT NOT NULL,
    source        TEXT NOT NULL       -- device | server | planned
);
