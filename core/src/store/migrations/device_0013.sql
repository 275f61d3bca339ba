-- The office's reports (issue 16, core/src/stats): wo_figures keeps, per
-- work order, what its sign-off says the reports count — the satisfaction
-- (1–5), the charge the customer signed (the override's amount when
-- overridden), the warranty tier and whether a contract's terms applied —
-- and the order's maintenance contract, so a year of figures is read from
-- the projections without opening a document. NULLs before signing. One
-- row per work order, written beside its wo_list row. Indexes on the
-- instants the reports select by that had none (signed_at). An upgraded
-- file's rows are recomputed by the rebuild `Store::open` runs whenever
-- the schema version changed.
CREATE TABLE IF NOT EXISTS wo_figures (
    id              TEXT PRIMARY KEY,   -- wo:<ulid>
    satisfaction    INTEGER,
    charge_fen      INTEGER,
    tier            TEXT,
    under_contract  INTEGER,
    contract_id     TEXT
);
CREATE INDEX IF NOT EXISTS wo_list_signed_at ON wo_list (signed_at) WHERE signed_at IS NOT NULL;
