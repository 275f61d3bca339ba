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
//! change). After a sync, the actors of the documents it received were
//! read as they were received ([`Authors::known`]); only the documents it
//! sent are loaded again to read theirs. The store lock is held only to read the documents and to
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
    let authors = Authors {
        known: BTreeSet::new(),
        read: ids.to_vec(),
    };
    match fetch(store, transport, ids, authors).await {
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

/// Where the actors (authors) of the documents asked about come from:
/// those already known (the sync client reads them from each document it
/// receives, while it holds it), and the documents whose authors are read
/// from the store here.
#[derive(Debug, Default)]
pub struct Authors {
    /// Actors (hex) known to have written changes of the documents.
    pub known: BTreeSet<String>,
    /// Documents whose actors are read from the store.
    pub read: Vec<DocId>,
}

/// After a completed sync: fetches and caches the provenance of the
/// documents that sync sent or received (`ids`, their authors as
/// `authors` says); returns how many the server described. A failure is
/// logged and gives 0: it never fails the sync (the next sync, or the
/// history tab, asks again).
pub(super) async fn after_sync<S: StoreAccess + ?Sized, T: Transport + ?Sized>(
    store: &S,
    transport: &T,
    ids: &[DocId],
    authors: Authors,
) -> usize {
    if ids.is_empty() {
        return 0;
    }
    match fetch(store, transport, ids, authors).await {
        Ok(n) => n,
        Err(e) => {
            tracing::info!(error = %e, docs = ids.len(), "provenance not fetched after the sync");
            0
        }
    }
}

/// Asks for `ids` in batches, and for the authors not cached yet with
/// them, storing each answer; the number of documents described.
async fn fetch<S: StoreAccess + ?Sized, T: Transport + ?Sized>(
    store: &S,
    transport: &T,
    ids: &[DocId],
    authors: Authors,
) -> Result<usize, SyncError> {
    let mut described = 0;
    let mut actors: Vec<String> = store
        .with_store(|s| uncached_actors(s, authors))?
        .into_iter()
        .collect();
    for batch in ids.chunks(MAX_PROVENANCE_DOCS) {
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
    }
    // Actors beyond the requests' limits: asked alone.
    for more in actors.chunks(MAX_PROVENANCE_ACTORS) {
        let answer = transport
            .provenance(&ProvenanceRequest {
                docs: Vec::new(),
                actors: more.to_vec(),
            })
            .await?;
        store_answer(store, &answer)?;
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

/// The actors (hex) of `authors` — those known and those that wrote
/// changes of the documents to read, held here — not cached yet, sorted.
fn uncached_actors(s: &Store, authors: Authors) -> Result<BTreeSet<String>, StoreError> {
    let mut actors = authors.known;
    for id in &authors.read {
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
