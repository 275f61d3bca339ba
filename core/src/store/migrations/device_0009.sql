-- Complaints (core/src/complaints): wo_list gets when an order was closed
-- (unix seconds; NULL until closed), so the monthly complaint report counts
-- the orders closed in a month without opening them; and complaint_list,
-- the office's list of complaints by stage and age. An upgraded file's rows
-- are recomputed by the rebuild `Store::open` runs whenever the schema
-- version changed.
ALTER TABLE wo_list ADD COLUMN closed_at INTEGER;
CREATE INDEX wo_list_closed_at ON wo_list (closed_at) WHERE closed_at IS NOT NULL;

CREATE TABLE IF NOT EXISTS complaint_list (
    id             TEXT PRIMARY KEY,     -- complaint:<ulid>
    class          TEXT NOT NULL,
    customer_id    TEXT,
    work_order_id  TEXT,
    order_no       TEXT NOT NULL,
    part_no        TEXT NOT NULL,
    quantity       INTEGER NOT NULL,
    defective_qty  INTEGER NOT NULL,
    stage          TEXT NOT NULL,        -- confirm … track, close, closed
    stage_rank     INTEGER NOT NULL,     -- 0 (confirm) … 5 (closed)
    received_at    INTEGER NOT NULL,
    last_step_at   INTEGER,
    closed_at      INTEGER,
    not_ours       INTEGER NOT NULL      -- 0/1
);
CREATE INDEX IF NOT EXISTS complaint_list_order ON complaint_list (stage_rank, received_at);
CREATE INDEX IF NOT EXISTS complaint_list_received ON complaint_list (received_at);
