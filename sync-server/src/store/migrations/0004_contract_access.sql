-- Engineers read the contracts their work orders name, as they read the
-- customers: the access row of a work order records its contract too.
ALTER TABLE access ADD COLUMN contract_id TEXT;
CREATE INDEX access_contract ON access (contract_id);
-- Rebuilt from the documents on the next write of each order; until then
-- the contract of an order stored before this migration is not linked.
