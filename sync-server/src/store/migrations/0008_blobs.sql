-- Photo bytes (issue 18): blobs named by their SHA-256, apart from the
-- documents.
--
-- - `blobs`: complete blobs, verified against their name when the last
--   byte arrived. Kept once however many orders name them.
-- - `blob_refs`: which documents' `photos` named a blob (`hash` or
--   `thumb`), added on every document commit and never removed: a reader of
--   the document can read its history, the photos it once had included. A
--   device may download a blob only when it may read one of these
--   documents.
-- - `blob_uploads` / `blob_parts`: uploads in progress (`PATCH` with
--   `Upload-Offset`): the declared length and the chunks received so far,
--   dropped when the blob is complete or its bytes do not match its hash.
CREATE TABLE blobs (
    hash        TEXT PRIMARY KEY,
    bytes       BLOB NOT NULL,
    size        INTEGER NOT NULL,
    created_at  INTEGER NOT NULL                       -- unix milliseconds
);

CREATE TABLE blob_refs (
    hash    TEXT NOT NULL,
    doc_id  TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    PRIMARY KEY (hash, doc_id)
);
CREATE INDEX blob_refs_doc ON blob_refs (doc_id);

CREATE TABLE blob_uploads (
    hash        TEXT PRIMARY KEY,
    length      INTEGER NOT NULL,                      -- declared Upload-Length
    received    INTEGER NOT NULL,                      -- bytes held
    device_id   INTEGER,                               -- who started it
    updated_at  INTEGER NOT NULL                       -- unix milliseconds
);

CREATE TABLE blob_parts (
    hash    TEXT NOT NULL REFERENCES blob_uploads (hash) ON DELETE CASCADE,
    offset  INTEGER NOT NULL,
    bytes   BLOB NOT NULL,
    PRIMARY KEY (hash, offset)
);
