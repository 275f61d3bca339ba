-- Drafts: what the user has typed into a form and not saved yet, kept per
-- signed-in user and form key (`service:wo:…`, `new-order`, …) so it
-- survives a tab switch, an app restart and a crash. `value` is the form's
-- fields as JSON text, opaque to the store; `updated_at` is RFC 3339 UTC.
-- Drafts never sync: they are this device's, and are deleted once the form
-- is saved or the user discards them.
CREATE TABLE IF NOT EXISTS drafts (
    user       TEXT NOT NULL,
    key        TEXT NOT NULL,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (user, key)
) WITHOUT ROWID;
