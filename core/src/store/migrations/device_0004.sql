-- pickup_list gets the picked units' serial numbers (a JSON array of
-- strings), so the work-order view lists them without opening the pickup
-- documents. An upgraded file's rows get the default here and are then
-- recomputed by the rebuild `Store::open` runs whenever the schema version
-- changed.
ALTER TABLE pickup_list ADD COLUMN serials TEXT NOT NULL DEFAULT '[]';
