-- wo_list gets whether loaner equipment has been issued (0/1), so the list's
-- loaner prompt never needs to open the document. An upgraded file's rows get
-- the default here and are then recomputed by the rebuild `Store::open` runs
-- whenever the schema version changed.
ALTER TABLE wo_list ADD COLUMN loaner_issued INTEGER NOT NULL DEFAULT 0;
