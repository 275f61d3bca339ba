//! [`Store`]'s methods for its bookkeeping beside the documents: `meta`
//! settings, the work-order sequence, the dirty set and per-document sync
//! states. The SQL is in [`crate::store::bookkeeping`].

use automerge::sync;
use rusqlite::TransactionBehavior;

use super::Store;
use crate::model::DocId;
use crate::store::bookkeeping as bk;
use crate::store::error::Result;

impl Store {
    /// A `meta` value.
    pub fn get_meta(&self, key: &str) -> Result<Option<Vec<u8>>> {
        bk::get(&self.conn, key)
    }

    /// Sets a `meta` value.
    pub fn set_meta(&self, key: &str, value: &[u8]) -> Result<()> {
        bk::set(&self.conn, key, value)
    }

    /// Sets (`Some`) or deletes (`None`) several `meta` values in one
    /// transaction.
    pub fn set_metas(&mut self, entries: &[(&str, Option<&[u8]>)]) -> Result<()> {
        let tx = self.conn.transaction()?;
        for (key, value) in entries {
            match value {
                Some(v) => bk::set(&tx, key, v)?,
                None => bk::delete(&tx, key)?,
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// A `meta` value as UTF-8 text.
    pub fn get_meta_str(&self, key: &str) -> Result<Option<String>> {
        bk::get_str(&self.conn, key)
    }

    /// Sets a `meta` value as UTF-8 text.
    pub fn set_meta_str(&self, key: &str, value: &str) -> Result<()> {
        bk::set(&self.conn, key, value.as_bytes())
    }

    /// A `meta` value as a decimal integer.
    pub fn get_meta_i64(&self, key: &str) -> Result<Option<i64>> {
        bk::get_i64(&self.conn, key)
    }

    /// Sets a `meta` value as a decimal integer.
    pub fn set_meta_i64(&self, key: &str, value: i64) -> Result<()> {
        bk::set(&self.conn, key, value.to_string().as_bytes())
    }

    /// Takes the next work-order sequence number (1, 2, …) atomically.
    pub fn next_wo_sequence(&mut self) -> Result<i64> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let seq = bk::take_wo_sequence(&tx)?;
        tx.commit()?;
        Ok(seq)
    }

    /// The dirty set now: each document with its generation. Pass it to
    /// [`Store::clear_dirty`] once the sync that sent them completed.
    pub fn dirty_snapshot(&self) -> Result<Vec<(String, i64)>> {
        bk::dirty_snapshot(&self.conn)
    }

    /// Clears the entries of a snapshot whose generation is unchanged: a
    /// document edited again since the snapshot stays dirty.
    pub fn clear_dirty(&mut self, snapshot: &[(String, i64)]) -> Result<()> {
        let tx = self.conn.transaction()?;
        bk::clear_dirty(&tx, snapshot)?;
        tx.commit()?;
        Ok(())
    }

    /// Stores what a completed sync leaves, in one transaction: the new
    /// cursor (when the server gave one), the dirty entries to clear (those
    /// whose generation is unchanged) and the documents whose changes wait
    /// for a restored server ([`Store::awaiting_restore`]).
    pub fn complete_sync(
        &mut self,
        cursor: Option<&[u8]>,
        clear: &[(String, i64)],
        awaiting_restore: &[String],
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        if let Some(cursor) = cursor {
            bk::set(&tx, bk::keys::SYNC_CURSOR, cursor)?;
        }
        bk::clear_dirty(&tx, clear)?;
        bk::delete(&tx, bk::keys::SYNC_RESUME)?;
        if awaiting_restore.is_empty() {
            bk::delete(&tx, bk::keys::SYNC_AWAITING_RESTORE)?;
        } else {
            let json = serde_json::to_vec(awaiting_restore).map_err(|e| {
                crate::store::StoreError::BadMeta {
                    key: bk::keys::SYNC_AWAITING_RESTORE.into(),
                    detail: e.to_string(),
                }
            })?;
            bk::set(&tx, bk::keys::SYNC_AWAITING_RESTORE, &json)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The documents whose local changes a restored sync server does not
    /// take yet (it lacks them and this user may not create them): they
    /// stay dirty and are offered at every sync until it takes them. Empty
    /// when there are none, or when the stored list does not read.
    pub fn awaiting_restore(&self) -> Result<std::collections::BTreeSet<String>> {
        let Some(json) = bk::get(&self.conn, bk::keys::SYNC_AWAITING_RESTORE)? else {
            return Ok(Default::default());
        };
        Ok(serde_json::from_slice(&json).unwrap_or_else(|e| {
            tracing::warn!(error = %e, "the list of documents awaiting the server does not read");
            Default::default()
        }))
    }

    /// How many documents are dirty.
    pub fn dirty_count(&self) -> Result<usize> {
        bk::dirty_count(&self.conn)
    }

    /// A document's stored sync state (fresh when none).
    pub fn get_sync_state(&self, id: &DocId) -> Result<sync::State> {
        bk::read_sync_state(&self.conn, id)
    }

    /// Stores a document's sync state.
    pub fn put_sync_state(&self, id: &DocId, state: &sync::State) -> Result<()> {
        bk::write_sync_state(&self.conn, id, state)
    }
}
