-- The device store (core/src/store/device.rs): projections derived from the
-- documents (always rebuildable, never the source of truth), the dirty set,
-- key/value settings and per-document sync state.
-- Instants are INTEGER unix seconds (UTC).

CREATE TABLE wo_list (
    id            TEXT PRIMARY KEY,      -- wo:<ulid>
    number        TEXT NOT NULL,
    status        TEXT NOT NULL,
    priority      TEXT NOT NULL,
    assignee      TEXT,
    customer_org  TEXT NOT NULL,
    reported_at   INTEGER NOT NULL,
    response_due  INTEGER NOT NULL,
    onsite_due    INTEGER,              -- NULL when no visit is needed
    fix_due       INTEGER NOT NULL,
    responded_at  INTEGER,
    arrived_at    INTEGER,
    resolved_at   INTEGER,
    signed_at     INTEGER,
    filing_due    INTEGER,              -- NULL until signed
    filed_at      INTEGER,
    tampered      INTEGER NOT NULL,     -- 0/1
    next_due      INTEGER,              -- earliest running deadline, NULL if none
    updated_at    INTEGER NOT NULL      -- latest instant recorded in the document
);
CREATE INDEX wo_list_assignee_status ON wo_list (assignee, status);
CREATE INDEX wo_list_next_due ON wo_list (next_due);
CREATE INDEX wo_list_fix_due ON wo_list (fix_due);
CREATE INDEX wo_list_filing_due ON wo_list (filing_due) WHERE filing_due IS NOT NULL;

CREATE TABLE pickup_list (
    id             TEXT PRIMARY KEY,    -- pickup:<ulid>
    work_order_id  TEXT NOT NULL,
    part_id        TEXT NOT NULL,
    part_no        TEXT NOT NULL,
    name           TEXT NOT NULL,
    warehouse      TEXT NOT NULL,
    qty            INTEGER NOT NULL,
    used           INTEGER NOT NULL,
    returned       INTEGER NOT NULL,
    engineer       TEXT NOT NULL,
    picked_at      INTEGER NOT NULL
);
CREATE INDEX pickup_list_work_order ON pickup_list (work_order_id);
CREATE INDEX pickup_list_engineer ON pickup_list (engineer);

CREATE TABLE stock_list (
    part_id             TEXT NOT NULL,  -- part:<part number>
    part_no             TEXT NOT NULL,
    name                TEXT NOT NULL,
    warehouse           TEXT NOT NULL,
    qty                 INTEGER NOT NULL,
    low_threshold       INTEGER NOT NULL,
    unit_cost_fen       INTEGER NOT NULL,
    standard_price_fen  INTEGER NOT NULL,
    PRIMARY KEY (part_id, warehouse)
);

-- Documents changed locally since the last completed sync. `gen` grows on
-- every change (from meta 'dirty_gen'), so clearing a snapshot keeps an
-- edit made while the sync was in flight.
CREATE TABLE dirty (
    doc_id  TEXT PRIMARY KEY,
    gen     INTEGER NOT NULL
);

CREATE TABLE meta (
    key    TEXT PRIMARY KEY,
    value  BLOB NOT NULL
);

-- The client's Automerge sync::State::encode() per document.
CREATE TABLE sync_state (
    doc_id  TEXT PRIMARY KEY,
    state   BLOB NOT NULL
);
