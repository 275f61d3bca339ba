-- Order search (issue 13, the office's search box): wo_search holds each
-- work order's lower-cased search text — its number, the customer's
-- organisation, contact and phone (also without spaces or dashes) and the
-- equipment's model and serial number — in a table of its own, so the
-- lists' scans of wo_list stay as narrow as before; and an index on the
-- call time for the call-date filter and the newest-first order. An
-- upgraded file's rows are recomputed by the rebuild `Store::open` runs
-- whenever the schema version changed.
CREATE TABLE IF NOT EXISTS wo_search (
    id      TEXT PRIMARY KEY,   -- wo:<ulid>
    search  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS wo_list_reported_at ON wo_list (reported_at);
