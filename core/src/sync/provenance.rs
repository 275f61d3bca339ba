//! The provenance part of a sync (feature `client`): who wrote each change
//! of a document and when the server received it, as the server vouches
//! for it (`POST /v1/provenance`), cached in the store
//! ([`Store::put_provenance`]) so the history tab works offline.
//!
//! - [`after_sync`]: every completed sync asks for the documents it sent or
//!   received. A failure is logged and never fails the sync.
//! - [`refresh`]: the app shell asks for given documents now (the history
//!   tab opened with "refresh"); offline is an answer, not an error.
//!
//! Each request names at most [`MAX_PROVENANCE_DOCS`] documents and
//! [`MAX_PROVENANCE_ACTORS`] actors: the actors that wrote changes of
//! those documents and are not cached yet (an actor's owner does not
//! change). The store lock is held only to read the documents and to
//! store an answer, never across an HTTP call.

use std::collections::BTreeSet;

use super::attribution::{
    ProvenanceRequest, ProvenanceResponse, MAX_PROVENANCE_ACTORS, MAX_PROVENANCE_DOCS,
};
use super::client::{StoreAccess, SyncError, Transport};
use crate::model::DocId;
use crate::store::device::Store;
use crate::store::error::StoreError;

/// What one [`refresh`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct ProvenanceFetch {
    /// Whether the server answered (false: it could not be reached, and
    /// the cache is as it was).
    pub reached: bool,
    /// Documents the server described (those the user may read and the
    /// server holds).
    pub docs: usize,
}

/// Fetches and caches the provenance of documents `ids` now (the shell
/// calls it when the history tab asks for a refresh). Returns whether the
/// server was reached: `Ok(ProvenanceFetch { reached: false, .. })` when it
/// could not be (the cached provenance stays and the history shows it).
/// Other failures (a revoked token, a server error, the store) are errors;
/// what earlier batches stored stays.
pub async fn refresh<S: StoreAccess + ?Sized, T: Transport + ?Sized>(
    store: &S,
    transport: &T,
    ids: &[DocId],
) -> Result<ProvenanceFetch, SyncError> {
    match fetch(store, transport, ids).await {
        Ok(docs) => Ok(ProvenanceFetch {
            reached: true,
            docs,
        }),
        Err(SyncError::Offline(e)) => {
            tracing::info!(error = %e, "provenance not refreshed: the server cannot be reached");
            Ok(ProvenanceFetch::default())
        }
        Err(e) => Err(e),
    }
}

/// After a completed sync: fetches and caches the provenance of the
/// documents that sync sent or received; returns how many the server
/// described. A failure is logged and gives 0: it never fails the sync
/// (the next sync, or the history tab, asks again).
pub(super) async fn after_sync<S: StoreAccess + ?Sized, T: Transport + ?Sized>(
    store: &S,
    transport: &T,
    ids: &[DocId],
) -> usize {
    if ids.is_empty() {
        return 0;
    }
    match fetch(store, transport, ids).await {
        Ok(n) => n,
        Err(e) => {
            tracing::info!(error = %e, docs = ids.len(), "provenance not fetched after the sync");
            0
        }
    }
}

/// Asks for `ids` in batches, storing each answer; the number of documents
/// described.
async fn fetch<S: StoreAccess + ?Sized, T: Transport + ?Sized>(
    store: &S,
    transport: &T,
    ids: &[DocId],
) -> Result<usize, SyncError> {
    let mut described = 0;
    let mut asked_actors: BTreeSet<String> = BTreeSet::new();
    for batch in ids.chunks(MAX_PROVENANCE_DOCS) {
        let actors = store.with_store(|s| uncached_actors(s, batch))?;
        let mut actors: Vec<String> = actors
            .into_iter()
            .filter(|a| asked_actors.insert(a.clone()))
            .collect();
        let first: Vec<String> = actors
            .drain(..actors.len().min(MAX_PROVENANCE_ACTORS))
            .collect();
        let answer = transport
            .provenance(&ProvenanceRequest {
                docs: batch.iter().map(|id| id.to_string()).collect(),
                actors: first,
            })
            .await?;
        described += answer.docs.len();
        store_answer(store, &answer)?;
        // Actors beyond one request's limit: asked alone.
        for more in actors.chunks(MAX_PROVENANCE_ACTORS) {
            let answer = transport
                .provenance(&ProvenanceRequest {
                    docs: Vec::new(),
                    actors: more.to_vec(),
                })
                .await?;
            store_answer(store, &answer)?;
        }
    }
    Ok(described)
}

fn store_answer<S: StoreAccess + ?Sized>(
    store: &S,
    answer: &ProvenanceResponse,
) -> Result<(), SyncError> {
    if answer.docs.is_empty() && answer.actors.is_empty() {
        return Ok(());
    }
    store.with_store(|s| s.put_provenance(answer))?;
    Ok(())
}

/// The actors (hex) that wrote changes of the documents `ids` held here
/// and are not cached yet, sorted.
fn uncached_actors(s: &Store, ids: &[DocId]) -> Result<BTreeSet<String>, StoreError> {
    let mut actors = BTreeSet::new();
    for id in ids {
        if let Some(mut doc) = s.load(id)? {
            for c in doc.get_changes_meta(&[]) {
                actors.insert(c.actor.to_hex_string());
            }
        }
    }
    if actors.is_empty() {
        return Ok(actors);
    }
    let mut stmt = s
        .conn()
        .prepare_cached("SELECT 1 FROM prov_actors WHERE actor = ?1")?;
    let mut uncached = BTreeSet::new();
    for a in actors {
        if !stmt.exists([&a])? {
            uncached.insert(a);
        }
    }
    Ok(uncached)
}

#[cfg(test)]
mod tests;
