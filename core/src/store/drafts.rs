//! Drafts: what the user typed into a form and has not saved yet, kept in
//! the device's SQLite file (table `drafts`, migration 5) per signed-in user
//! and form key, so it survives a tab switch, an app restart and a crash.
//!
//! The store treats a draft's value as opaque text (the UI's form fields as
//! JSON); the limits on keys and values are checked by
//! [`crate::service::Device::save_draft`]. Drafts never sync. Each write is
//! one SQLite statement, i.e. one transaction: a crash keeps either the
//! previous draft or the new one.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use super::error::Result;
use super::Store;

/// One stored draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Draft {
    /// Which form (`service:wo:…`, `note:wo:…`, `new-order`, …).
    pub key: String,
    /// The form's fields, as the UI wrote them (JSON text).
    pub value: String,
    /// When it was last written (RFC 3339, UTC).
    pub updated_at: String,
}

impl Store {
    /// Saves `user`'s draft of form `key`, replacing the previous one.
    pub fn save_draft(&self, user: &str, key: &str, value: &str, now: DateTime<Utc>) -> Result<()> {
        self.conn.execute(
            "INSERT INTO drafts (user, key, value, updated_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (user, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            params![user, key, value, now.to_rfc3339()],
        )?;
        Ok(())
    }

    /// `user`'s draft of form `key`, if there is one.
    pub fn load_draft(&self, user: &str, key: &str) -> Result<Option<Draft>> {
        Ok(self
            .conn
            .query_row(
                "SELECT key, value, updated_at FROM drafts WHERE user = ?1 AND key = ?2",
                params![user, key],
                row_to_draft,
            )
            .optional()?)
    }

    /// Deletes `user`'s draft of form `key` (nothing when there is none).
    pub fn discard_draft(&self, user: &str, key: &str) -> Result<()> {
        self.conn.execute(
            "DELETE FROM drafts WHERE user = ?1 AND key = ?2",
            params![user, key],
        )?;
        Ok(())
    }

    /// Every draft of `user`, most recently written first.
    pub fn list_drafts(&self, user: &str) -> Result<Vec<Draft>> {
        let mut st = self.conn.prepare(
            "SELECT key, value, updated_at FROM drafts WHERE user = ?1
             ORDER BY updated_at DESC, key",
        )?;
        let rows = st.query_map(params![user], row_to_draft)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

fn row_to_draft(r: &rusqlite::Row<'_>) -> rusqlite::Result<Draft> {
    Ok(Draft {
        key: r.get(0)?,
        value: r.get(1)?,
        updated_at: r.get(2)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::instant as at;

    /// A store on a temporary file (the directory lives as long as the guard).
    fn store_on_file() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(&dir.path().join("onsite.db")).unwrap();
        (dir, s)
    }

    /// Saves `user`'s draft of `key` at the instant `when`.
    fn save(s: &Store, user: &str, key: &str, value: &str, when: &str) {
        s.save_draft(user, key, value, at(when)).unwrap();
    }

    #[test]
    fn a_draft_survives_closing_and_reopening_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("onsite.db");
        {
            let s = Store::open(&path).unwrap();
            s.save_draft(
                "zhang",
                "service:wo:1",
                r#"{"work_done":"换灯"}"#,
                at("2026-03-05T01:00:00Z"),
            )
            .unwrap();
        } // as after a crash or a restart: the connection is gone
        let s = Store::open(&path).unwrap();
        let d = s.load_draft("zhang", "service:wo:1").unwrap().unwrap();
        assert_eq!(d.value, r#"{"work_done":"换灯"}"#);
        assert_eq!(d.updated_at, "2026-03-05T01:00:00+00:00");
    }

    #[test]
    fn a_file_from_before_drafts_is_upgraded_and_keeps_its_documents_and_settings() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("onsite.db");
        {
            let s = Store::open(&path).unwrap();
            s.set_meta_str("language", "en").unwrap();
            // Back to version 4, as the previous Onsite left the file.
            crate::store::device::rewind::rewind(&s.conn, 4);
        }
        let s = Store::open(&path).unwrap();
        assert_eq!(s.get_meta_str("language").unwrap().as_deref(), Some("en"));
        save(&s, "zhang", "new-order", "{}", "2026-03-05T01:00:00Z");
        assert_eq!(s.list_drafts("zhang").unwrap().len(), 1);
    }

    #[test]
    fn saving_again_replaces_and_discarding_removes() {
        let (_dir, s) = store_on_file();
        save(&s, "zhang", "new-order", "1", "2026-03-05T01:00:00Z");
        save(&s, "zhang", "new-order", "2", "2026-03-05T01:00:01Z");
        assert_eq!(
            s.load_draft("zhang", "new-order").unwrap().unwrap().value,
            "2"
        );
        assert_eq!(s.list_drafts("zhang").unwrap().len(), 1);
        s.discard_draft("zhang", "new-order").unwrap();
        assert_eq!(s.load_draft("zhang", "new-order").unwrap(), None);
        s.discard_draft("zhang", "new-order").unwrap(); // twice is fine
    }

    #[test]
    fn drafts_are_per_user_and_listed_newest_first() {
        let (_dir, s) = store_on_file();
        save(&s, "zhang", "note:wo:1", "a", "2026-03-05T01:00:00Z");
        save(&s, "zhang", "note:wo:2", "b", "2026-03-05T02:00:00Z");
        save(&s, "li", "note:wo:1", "c", "2026-03-05T03:00:00Z");
        let keys: Vec<_> = s
            .list_drafts("zhang")
            .unwrap()
            .into_iter()
            .map(|d| d.key)
            .collect();
        assert_eq!(keys, ["note:wo:2", "note:wo:1"]);
        assert_eq!(s.load_draft("li", "note:wo:1").unwrap().unwrap().value, "c");
        assert_eq!(s.load_draft("wang", "note:wo:1").unwrap(), None);
    }
}
