-- Documents: a compacted snapshot plus incremental change chunks appended
-- after the heads saved last (see core/src/store/docs.rs).
CREATE TABLE documents (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    snapshot     BLOB NOT NULL,
    saved_heads  BLOB NOT NULL,           -- concatenated 32-byte change hashes
    chunk_count  INTEGER NOT NULL DEFAULT 0,
    chunk_bytes  INTEGER NOT NULL DEFAULT 0,
    updated_at   INTEGER NOT NULL          -- unix milliseconds
);
CREATE INDEX documents_kind ON documents (kind);
CREATE TABLE chunks (
    doc_id  TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    seq     INTEGER NOT NULL,
    data    BLOB NOT NULL,
    PRIMARY KEY (doc_id, seq)
);
