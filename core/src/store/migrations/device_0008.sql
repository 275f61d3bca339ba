-- The customer list (core/src/store/projection/customers.rs): one row per
-- customer document with what the list shows, and `search`, the lower-cased
-- organisation, sites, contacts, phones (also as bare digits), models and
-- serial numbers, one per line, so a search never opens a document.
-- wo_list gets the order's customer document, for the customer's history.
-- An upgraded file's rows are filled by the rebuild `Store::open` runs
-- whenever the schema version changed.
CREATE TABLE IF NOT EXISTS cust_list (
    id            TEXT PRIMARY KEY,     -- cust:<ulid>
    org           TEXT NOT NULL,
    key_customer  INTEGER NOT NULL,     -- 0/1
    site_name     TEXT NOT NULL,
    site_address  TEXT NOT NULL,
    sites         INTEGER NOT NULL,
    contact       TEXT NOT NULL,
    phone         TEXT NOT NULL,
    equipment     INTEGER NOT NULL,
    search        TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS cust_list_org ON cust_list (org, id);
ALTER TABLE wo_list ADD COLUMN customer_id TEXT;
CREATE INDEX IF NOT EXISTS wo_list_customer ON wo_list (customer_id);
