-- The parts warehouse (issue 14): pickup_list gets the storekeeper's
-- confirmation of each pickup and of its returns (state 'none',
-- 'awaiting', 'confirmed' or 'disputed', and the counted quantities), so
-- the awaiting-confirmation and outstanding lists read no document;
-- pickup_list also keeps the order's number, as the pickup document now
-- does (the storekeeper's device holds no work orders);
-- stock_list gets the part's unit and whether it is retired. An upgraded
-- file's rows are recomputed by the rebuild `Store::open` runs whenever
-- the schema version changed.
ALTER TABLE pickup_list ADD COLUMN pickup_state TEXT NOT NULL DEFAULT 'awaiting';
ALTER TABLE pickup_list ADD COLUMN return_state TEXT NOT NULL DEFAULT 'none';
ALTER TABLE pickup_list ADD COLUMN confirmed_counted INTEGER;
ALTER TABLE pickup_list ADD COLUMN return_counted INTEGER;
ALTER TABLE pickup_list ADD COLUMN work_order_no TEXT NOT NULL DEFAULT '';
CREATE INDEX IF NOT EXISTS pickup_list_picked_at ON pickup_list (picked_at);
ALTER TABLE stock_list ADD COLUMN unit TEXT NOT NULL DEFAULT '';
ALTER TABLE stock_list ADD COLUMN retired INTEGER NOT NULL DEFAULT 0;
