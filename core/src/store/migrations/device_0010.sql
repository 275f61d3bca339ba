-- Order search (issue 13, the office's search box): wo_list gets a
-- lower-cased search text over the order's number, the customer's
-- organisation, contact and phone (also without spaces or dashes) and the
-- equipment's model and serial number; and an index on the call time for
-- the call-date filter. An upgraded file's rows are recomputed by the
-- rebuild `Store::open` runs whenever the schema version changed.
ALTER TABLE wo_list ADD COLUMN search TEXT NOT NULL DEFAULT '';
CREATE INDEX IF NOT EXISTS wo_list_reported_at ON wo_list (reported_at);
