-- Photos (issue 18): the bytes of photos and their thumbnails, stored once
-- by their SHA-256 (hex) and kept apart from the documents, which carry
-- only the metadata (`photos` of a work order). `uploaded_at` (Unix ms) is
-- set once the sync server holds the blob (or it came from the server).
CREATE TABLE IF NOT EXISTS blobs (
    hash         TEXT PRIMARY KEY,
    bytes        BLOB NOT NULL,
    size         INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    uploaded_at  INTEGER
);
-- The blobs each work order on the device references (a projection of its
-- `photos`: each photo's `hash` and `thumb`), so what is waiting to upload
-- is a join, not a scan of every document.
CREATE TABLE IF NOT EXISTS wo_photos (
    doc_id  TEXT NOT NULL,
    hash    TEXT NOT NULL,
    PRIMARY KEY (doc_id, hash)
);
CREATE INDEX IF NOT EXISTS wo_photos_hash ON wo_photos (hash);
