-- The office's follow-ups, surveys and key-customer visits
-- (core/src/followups/projection.rs). Projections like wo_list: derived
-- from the documents and rebuilt from them whenever the schema or the
-- company's rules change.

-- One row per follow-up document 回访: open while recorded_at is NULL.
CREATE TABLE IF NOT EXISTS care_follow_ups (
    id             TEXT PRIMARY KEY,     -- followup:<id>
    origin         TEXT NOT NULL,        -- closed_order | planned_visit
    work_order_id  TEXT,
    wo_number      TEXT NOT NULL,
    customer_id    TEXT,
    customer_org   TEXT NOT NULL,
    contact        TEXT NOT NULL,
    phone          TEXT NOT NULL,
    channel        TEXT NOT NULL,        -- planned: phone | on_site
    planned_on     TEXT,                 -- YYYY-MM-DD, planned visits
    created_at     INTEGER NOT NULL,     -- unix seconds
    created_by     TEXT NOT NULL,
    recorded_at    INTEGER,              -- unix seconds; NULL while open
    record_channel TEXT,
    outcome        TEXT,
    satisfaction   INTEGER,
    remarks        TEXT,
    recorded_by    TEXT
);
CREATE INDEX IF NOT EXISTS care_follow_ups_by_state
    ON care_follow_ups (recorded_at, created_at);

-- One row per customer: when its next yearly survey and (key customers)
-- visit are due, local days of the company's time zone; NULL = never done.
CREATE TABLE IF NOT EXISTS care_customers (
    id             TEXT PRIMARY KEY,     -- cust:<ulid>
    org            TEXT NOT NULL,
    key_customer   INTEGER NOT NULL,
    last_survey_at INTEGER,
    last_visit_at  INTEGER,
    survey_due_on  TEXT,
    visit_due_on   TEXT
);
