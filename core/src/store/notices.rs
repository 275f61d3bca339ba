//! What this device has told its user about: the `notices` table
//! (migration 6), one row per user, work order and kind of news, and
//! whether the user has opened the order since. The news itself is decided
//! by [`crate::service::notices`]; this keeps the record, one transaction
//! per call.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::error::Result;
use super::Store;
use crate::model::DocId;

impl Store {
    /// Makes `current` the orders `user` has been told about for `kind`:
    /// rows for orders no longer in it are dropped (so news about them is
    /// news again later), rows are added for the others (opened when
    /// `opened`); returns the ids added, in `current`'s order. One
    /// transaction.
    pub fn replace_notices(
        &mut self,
        user: &str,
        kind: &str,
        current: &[DocId],
        opened: bool,
        now: DateTime<Utc>,
    ) -> Result<Vec<DocId>> {
        let tx = self.conn.transaction()?;
        let known: BTreeSet<String> = {
            let mut stmt =
                tx.prepare_cached("SELECT doc_id FROM notices WHERE user_name = ?1 AND kind = ?2")?;
            let rows = stmt.query_map(params![user, kind], |r| r.get::<_, String>(0))?;
            rows.collect::<std::result::Result<_, _>>()?
        };
        let wanted: BTreeSet<&str> = current.iter().map(DocId::as_str).collect();
        for gone in known.iter().filter(|k| !wanted.contains(k.as_str())) {
            tx.prepare_cached(
                "DELETE FROM notices WHERE user_name = ?1 AND kind = ?2 AND doc_id = ?3",
            )?
            .execute(params![user, kind, gone])?;
        }
        let mut added = Vec::new();
        for id in current.iter().filter(|id| !known.contains(id.as_str())) {
            tx.prepare_cached(
                "INSERT INTO notices (user_name, doc_id, kind, noted_at, opened) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![user, id.as_str(), kind, now.timestamp_millis(), opened])?;
            added.push(id.clone());
        }
        tx.commit()?;
        Ok(added)
    }

    /// Records that `user` opened order `id`: it is no longer new to them.
    pub fn mark_notices_opened(&self, user: &str, id: &DocId) -> Result<()> {
        self.conn.execute(
            "UPDATE notices SET opened = 1 WHERE user_name = ?1 AND doc_id = ?2 AND opened = 0",
            params![user, id.as_str()],
        )?;
        Ok(())
    }

    /// The orders `user` was told about and has not opened yet.
    pub fn unopened_notices(&self, user: &str) -> Result<BTreeSet<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT doc_id FROM notices WHERE user_name = ?1 AND opened = 0")?;
        let rows = stmt.query_map([user], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }
}
