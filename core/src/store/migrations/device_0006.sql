-- What this device has told its user about (core/src/notices): one row per
-- user, work order and kind of news (`assigned`: newly assigned to the
-- engineer; `tampered`: a record arrived changed after signing, for the
-- office). `opened` is set when the user opens the order: until then the
-- list marks it new.
CREATE TABLE IF NOT EXISTS notices (
    user_name  TEXT NOT NULL,
    doc_id     TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('assigned', 'tampered')),
    noted_at   INTEGER NOT NULL,           -- unix milliseconds
    opened     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (user_name, doc_id, kind)
);
