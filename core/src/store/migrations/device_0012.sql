-- Maintenance contracts and loaners (issue 15): wo_list marks a contract
-- call (a repair under a maintenance contract, listed first) and keeps the
-- loaner's serial, issue and return times, so the loaner list reads no
-- document, and a planned visit's last day (lists show "due by" for it). An upgraded file's rows are recomputed by the rebuild
-- `Store::open` runs whenever the schema version changed.
ALTER TABLE wo_list ADD COLUMN contract_call INTEGER NOT NULL DEFAULT 0;
ALTER TABLE wo_list ADD COLUMN loaner_serial TEXT;
ALTER TABLE wo_list ADD COLUMN loaner_issued_at INTEGER;
ALTER TABLE wo_list ADD COLUMN loaner_returned_at INTEGER;
ALTER TABLE wo_list ADD COLUMN planned_until TEXT;
