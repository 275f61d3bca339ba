//! Attribution: the server vouches for who wrote each change it stores.
//!
//! Every change new to the server (one it did not hold before a push or an
//! import) must be written under an Automerge actor registered to the
//! pushing device (`POST /v1/actors`), with two exceptions:
//!
//! - **planned**: the derived actor of a planned maintenance visit
//!   (`contracts::ops::planned_actor(id)`, an id `wo:pm-…`), for a change
//!   without dependencies (the creation every office device makes alike),
//!   pushed by an office device;
//! - **relay**: an office device brings changes of the engineer a work
//!   order is assigned to (the server's access row says who): actors
//!   registered to any device of that engineer (an exported record
//!   imported at the office and synced, `via: relay`).
//!
//! Anything else — an actor of another device, the server's own, or one no
//! device registered — refuses the whole document (`foreign_actor`):
//! nothing of it is stored. `POST /v1/import` applies the same rule
//! (its changes are recorded `via: import`).
//!
//! [`check_actors`] runs after the write rules (a document the pusher may
//! not write is refused as `forbidden`, as before) and returns the receipt
//! row of each accepted change, committed with the document.

use std::collections::{BTreeMap, BTreeSet};

use automerge::{ActorId, AutoCommit, ChangeHash};
use axum::http::StatusCode;
use onsite_core::contracts::ops::planned_actor;
use onsite_core::model::{DocId, DocKind};
use onsite_core::sync::attribution::{
    ActorInfo, ActorRegistered, ActorRegistration, ActorSource, DocProvenance, ProvenanceRequest,
    ProvenanceResponse, Via, MAX_PROVENANCE_ACTORS, MAX_PROVENANCE_DOCS,
};
use onsite_core::sync::protocol::{codes, MAX_ACTORS_PER_DEVICE};

use crate::access;
use crate::auth::Principal;
use crate::error::HttpError;
use crate::role::Role;
use crate::store::{ActorOwner, ChangeRow, ServerStore, StoreError};

/// Why a document's changes were not accepted.
#[derive(Debug, thiserror::Error)]
pub enum AttributionError {
    /// A change is written under an actor the pusher may not use; the
    /// sentence names the change and whose actor it is.
    #[error("{0}")]
    Foreign(String),
    /// The registry could not be read.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// How the changes being checked reach the server.
#[derive(Debug, Clone, Copy)]
pub struct Arrival<'a> {
    /// The pushing (or importing) device.
    pub principal: &'a Principal,
    /// `true` for `POST /v1/import` (receipts `via: import`).
    pub import: bool,
    /// The server's clock now, Unix milliseconds.
    pub received_at: i64,
    /// The push's clock skew (device − server, ms), when the request said
    /// its time.
    pub push_skew_ms: Option<i64>,
}

/// The first 8 hex digits of a change hash (how messages name a change).
pub fn short_hash(hash: &ChangeHash) -> String {
    hex::encode(&hash.0[..4])
}

/// Checks every change of `doc` not in `before_heads` (the changes new to
/// the server) against the registry; returns their receipt rows in the
/// order Automerge applied them, or why the document is refused.
/// `assignee` is the work order's assignee by the server's stored access
/// row (`None` when the server holds no such row).
pub fn check_actors(
    store: &dyn ServerStore,
    arrival: Arrival<'_>,
    id: &DocId,
    assignee: Option<&str>,
    doc: &mut AutoCommit,
    before_heads: &[ChangeHash],
) -> Result<Vec<ChangeRow>, AttributionError> {
    let p = arrival.principal;
    let new: Vec<(ChangeHash, ActorId, i64, bool)> = doc
        .get_changes_meta(before_heads)
        .into_iter()
        .map(|m| (m.hash, m.actor.into_owned(), m.timestamp, m.deps.is_empty()))
        .collect();
    if new.is_empty() {
        return Ok(Vec::new());
    }
    let distinct: Vec<ActorId> = new
        .iter()
        .map(|(_, a, _, _)| a.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let owners = store.actor_owners(&distinct)?;
    let planned = (p.role == Role::Office && is_planned_visit(id)).then(|| planned_actor(id));
    let office_relays = p.role == Role::Office && id.kind() == DocKind::WorkOrder;
    let mut rows = Vec::with_capacity(new.len());
    for (hash, actor, time, root) in new {
        let owner = owners.get(&actor);
        let own = owner.is_some_and(|o| o.device_id == Some(p.device_id));
        // The device's own change, or the root change of a planned visit
        // (its derived actor, the same on every office device).
        let planned_root = root && planned.as_ref() == Some(&actor);
        let via = if own || planned_root {
            Via::Sync
        } else if office_relays
            && owner.is_some_and(|o| o.device_id.is_some() && o.user.as_deref() == assignee)
            && assignee.is_some()
        {
            Via::Relay
        } else {
            return Err(AttributionError::Foreign(refusal(p, id, &hash, owner)));
        };
        rows.push(ChangeRow {
            hash,
            actor,
            received_at: arrival.received_at,
            via: if arrival.import { Via::Import } else { via },
            device_id: Some(p.device_id),
            push_skew_ms: arrival.push_skew_ms,
            change_time: time,
        });
    }
    Ok(rows)
}

/// The receipt rows of the server's own changes to `doc` after `heads`
/// (the filing receipt or tamper flag it just wrote).
pub fn server_rows(doc: &mut AutoCommit, heads: &[ChangeHash], now_ms: i64) -> Vec<ChangeRow> {
    doc.get_changes_meta(heads)
        .into_iter()
        .map(|m| ChangeRow {
            hash: m.hash,
            actor: m.actor.into_owned(),
            received_at: now_ms,
            via: Via::Server,
            device_id: None,
            push_skew_ms: None,
            change_time: m.timestamp,
        })
        .collect()
}

/// Whether `id` is a planned maintenance visit's (`wo:pm-…`).
pub fn is_planned_visit(id: &DocId) -> bool {
    id.kind() == DocKind::WorkOrder && id.as_str().starts_with("wo:pm-")
}

/// The sentence of a refusal: the change, whose actor it is, the pusher.
fn refusal(p: &Principal, id: &DocId, hash: &ChangeHash, owner: Option<&ActorOwner>) -> String {
    let whose = match owner {
        None => "an actor not registered to any device".to_string(),
        Some(ActorOwner {
            device_id: None, ..
        }) => "the sync server's own actor".to_string(),
        Some(o) => {
            let user = o.user.as_deref().unwrap_or("?");
            let name = o.display_name.as_deref().unwrap_or(user);
            format!(
                "the actor of {name}'s device #{} ({user})",
                o.device_id.unwrap_or_default()
            )
        }
    };
    format!(
        "change {} is written under {whose}; this device is #{} ({}) — nothing of {id} stored",
        short_hash(hash),
        p.device_id,
        p.user
    )
}

/// The display name of the server's own actor on the wire.
pub const SERVER_DISPLAY_NAME: &str = "Sync server";

/// The display name of a planned visit's derived actor on the wire.
pub const PLANNED_DISPLAY_NAME: &str = "Planned automatically";

/// An actor id from the wire: 1–32 bytes as lowercase hex.
pub fn parse_actor(hex_id: &str) -> Result<ActorId, HttpError> {
    let ok = !hex_id.is_empty()
        && hex_id.len() <= 64
        && hex_id.len().is_multiple_of(2)
        && hex_id
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    let bytes = match ok {
        true => hex::decode(hex_id).ok(),
        false => None,
    };
    bytes.map(|b| ActorId::from(&b[..])).ok_or_else(|| {
        HttpError::bad_request(format!(
            "{hex_id:?} is not an actor id: give 1 to 32 bytes as lowercase hex"
        ))
    })
}

/// `POST /v1/actors`: registers the caller's actor (see the module
/// documentation and `docs/sync-protocol.md`, "Attribution").
pub fn register(
    store: &dyn ServerStore,
    now_ms: i64,
    p: &Principal,
    body: &[u8],
) -> Result<ActorRegistered, HttpError> {
    let req: ActorRegistration = serde_json::from_slice(body).map_err(|e| {
        HttpError::bad_request(format!("the body is not {{\"actor\": \"<hex>\"}}: {e}"))
    })?;
    let actor = parse_actor(&req.actor)?;
    match store.register_actor(&actor, p.device_id, now_ms, MAX_ACTORS_PER_DEVICE) {
        Ok(r) => Ok(r),
        Err(StoreError::ActorTaken { actor }) => Err(HttpError::new(
            StatusCode::CONFLICT,
            codes::ACTOR_TAKEN,
            format!("actor {actor} is registered to another device; make a new actor and register that"),
        )),
        Err(StoreError::TooManyActors { limit, .. }) => Err(HttpError::new(
            StatusCode::CONFLICT,
            codes::TOO_MANY_ACTORS,
            format!("this device holds {limit} actors already, the most one device may register; enrol it again"),
        )),
        Err(e) => Err(e.into()),
    }
}

/// `POST /v1/provenance`: the receipts of the asked documents the caller
/// may read (`access::may_read`; others are left out exactly like unknown
/// ones) and who each asked actor belongs to.
pub fn provenance(
    store: &dyn ServerStore,
    p: &Principal,
    body: &[u8],
) -> Result<ProvenanceResponse, HttpError> {
    let req: ProvenanceRequest = serde_json::from_slice(body).map_err(|e| {
        HttpError::bad_request(format!(
            "the body is not {{\"docs\": [...], \"actors\": [...]}}: {e}"
        ))
    })?;
    if req.docs.len() > MAX_PROVENANCE_DOCS || req.actors.len() > MAX_PROVENANCE_ACTORS {
        return Err(HttpError::bad_request(format!(
            "{} documents and {} actors in one request; ask for at most {MAX_PROVENANCE_DOCS} documents and {MAX_PROVENANCE_ACTORS} actors",
            req.docs.len(),
            req.actors.len()
        )));
    }
    let actors = req
        .actors
        .iter()
        .map(|a| parse_actor(a))
        .collect::<Result<Vec<_>, _>>()?;
    let mut readable = Vec::new();
    let mut planned = BTreeMap::new();
    for id in &req.docs {
        let Ok(doc_id) = id.parse::<DocId>() else {
            continue;
        };
        let Some(head) = store.doc_head(id)? else {
            continue;
        };
        let may = access::may_read(p.role, &p.user, &head.access, || {
            store
                .linked_to(&p.user, id, head.access.kind)
                .unwrap_or_else(|e| {
                    tracing::error!(doc = id, error = %e, "access lookup failed");
                    false
                })
        });
        if may {
            if is_planned_visit(&doc_id) {
                planned.insert(planned_actor(&doc_id), ());
            }
            readable.push(id.clone());
        }
    }
    let docs = store
        .provenance(&readable)?
        .into_iter()
        .map(|(id, changes)| (id, DocProvenance { changes }))
        .collect();
    let owners = store.actor_owners(&actors)?;
    let mut infos = BTreeMap::new();
    for actor in &actors {
        let info = match owners.get(actor) {
            Some(o) if o.device_id.is_none() => ActorInfo {
                user: String::new(),
                display_name: SERVER_DISPLAY_NAME.to_string(),
                device_id: None,
                device_label: String::new(),
                source: ActorSource::Server,
            },
            Some(o) => {
                let user = o.user.clone().unwrap_or_default();
                ActorInfo {
                    display_name: o.display_name.clone().unwrap_or_else(|| user.clone()),
                    user,
                    device_id: o.device_id,
                    device_label: o.device_label.clone().unwrap_or_default(),
                    source: ActorSource::Device,
                }
            }
            None if planned.contains_key(actor) => ActorInfo {
                user: String::new(),
                display_name: PLANNED_DISPLAY_NAME.to_string(),
                device_id: None,
                device_label: String::new(),
                source: ActorSource::Planned,
            },
            None => continue,
        };
        infos.insert(actor.to_hex_string(), info);
    }
    Ok(ProvenanceResponse {
        docs,
        actors: infos,
    })
}
