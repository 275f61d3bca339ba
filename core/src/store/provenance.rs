//! The device's cache of what the sync server vouches for (tables
//! `prov_changes` and `prov_actors`, migration 14): the server's receipt
//! of each change, and who each actor belongs to. Written from a `POST
//! /v1/provenance` answer in one transaction; read back as the
//! [`Provenance`] the history of one document is built with.

use std::collections::HashMap;

use rusqlite::{params, OptionalExtension, TransactionBehavior};

use super::device::Store;
use super::error::Result;
use crate::history::Provenance;
use crate::model::DocId;
use crate::sync::attribution::{ActorInfo, ActorSource, ChangeReceipt, ProvenanceResponse, Via};

impl Store {
    /// Stores a provenance answer: every receipt and actor in it, replacing
    /// what was cached for the same hash or actor. One transaction.
    pub fn put_provenance(&mut self, answer: &ProvenanceResponse) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        {
            let mut change = tx.prepare(
                "INSERT OR REPLACE INTO prov_changes
                 (hash, doc_id, actor, received_at, via, device_id, push_skew_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for (doc_id, doc) in &answer.docs {
                for c in &doc.changes {
                    change.execute(params![
                        c.hash,
                        doc_id,
                        c.actor,
                        c.received_at,
                        c.via.as_str(),
                        c.device_id,
                        c.push_skew_ms
                    ])?;
                }
            }
            let mut actor = tx.prepare(
                "INSERT OR REPLACE INTO prov_actors
                 (actor, user, display_name, device_id, device_label, source)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for (hex, a) in &answer.actors {
                actor.execute(params![
                    hex,
                    a.user,
                    a.display_name,
                    a.device_id,
                    a.device_label,
                    a.source.as_str()
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// What is cached about document `id`: the receipts of its changes and
    /// every cached actor.
    pub fn provenance(&self, id: &DocId) -> Result<Provenance> {
        let mut receipts = HashMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT hash, actor, received_at, via, device_id, push_skew_ms
             FROM prov_changes WHERE doc_id = ?1",
        )?;
        let rows = stmt.query_map([id.as_str()], |r| {
            Ok(ChangeReceipt {
                hash: r.get(0)?,
                actor: r.get(1)?,
                received_at: r.get(2)?,
                via: Via::from_name(&r.get::<_, String>(3)?),
                device_id: r.get(4)?,
                push_skew_ms: r.get(5)?,
            })
        })?;
        for c in rows {
            let c = c?;
            receipts.insert(c.hash.clone(), c);
        }
        let mut actors = HashMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT actor, user, display_name, device_id, device_label, source FROM prov_actors",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                ActorInfo {
                    user: r.get(1)?,
                    display_name: r.get(2)?,
                    device_id: r.get(3)?,
                    device_label: r.get(4)?,
                    source: ActorSource::from_name(&r.get::<_, String>(5)?),
                },
            ))
        })?;
        for a in rows {
            let (hex, info) = a?;
            actors.insert(hex, info);
        }
        Ok(Provenance { receipts, actors })
    }

    /// The largest push clock skew (absolute, milliseconds) the server
    /// recorded for any change of document `id`, or `None` when none is
    /// known.
    pub fn max_push_skew_ms(&self, id: &DocId) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT MAX(ABS(push_skew_ms)) FROM prov_changes WHERE doc_id = ?1",
                [id.as_str()],
                |r| r.get::<_, Option<i64>>(0),
            )
            .optional()?
            .flatten())
    }
}
