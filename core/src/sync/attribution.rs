//! The wire bodies of attribution (JSON, like `/v1/me`):
//!
//! - `POST /v1/actors` [`ActorRegistration`] → [`ActorRegistered`]: a
//!   device registers an Automerge actor id it writes changes under. The
//!   server refuses, per document, a pushed change whose actor is not
//!   registered to the pushing device (`foreign_actor`).
//! - `POST /v1/provenance` [`ProvenanceRequest`] → [`ProvenanceResponse`]:
//!   for the documents the caller may read, the server's receipt of each
//!   change it accepted (when, through which device, the push's clock
//!   skew), and who each asked-for actor belongs to.
//!
//! Hashes and actors are lowercase hex. Times are Unix milliseconds.
//! `docs/sync-protocol.md` ("Attribution") is the prose version.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The most documents one provenance request may name.
pub const MAX_PROVENANCE_DOCS: usize = 500;

/// The most actors one provenance request may name.
pub const MAX_PROVENANCE_ACTORS: usize = 1000;

/// The body of `POST /v1/actors`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorRegistration {
    /// The actor id, lowercase hex (1–32 bytes; a device makes 16 random
    /// bytes).
    pub actor: String,
}

/// The answer of `POST /v1/actors` (200, also when registered before).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorRegistered {
    /// The actor id, lowercase hex.
    pub actor: String,
    /// The server's number of the device it is registered to (the
    /// caller).
    pub device_id: i64,
    /// When it was first registered, Unix milliseconds.
    pub registered_at: i64,
}

/// The body of `POST /v1/provenance`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ProvenanceRequest {
    /// Document ids (`<kind>:<id>`), at most [`MAX_PROVENANCE_DOCS`].
    #[serde(default)]
    pub docs: Vec<String>,
    /// Actor ids (hex) to describe, at most [`MAX_PROVENANCE_ACTORS`].
    #[serde(default)]
    pub actors: Vec<String>,
}

/// The answer of `POST /v1/provenance`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ProvenanceResponse {
    /// By document id: the receipts of its changes. A document the caller
    /// may not read, or that the server does not hold, is left out.
    #[serde(default)]
    pub docs: BTreeMap<String, DocProvenance>,
    /// By actor (hex): who it belongs to. An actor the server does not
    /// know is left out.
    #[serde(default)]
    pub actors: BTreeMap<String, ActorInfo>,
}

/// The receipts of one document's changes.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DocProvenance {
    /// One per change the server accepted, in the order received.
    pub changes: Vec<ChangeReceipt>,
}

/// The server's receipt of one change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeReceipt {
    /// The change hash, hex.
    pub hash: String,
    /// The change's actor, hex.
    pub actor: String,
    /// When the server stored it, Unix milliseconds (its own clock).
    pub received_at: i64,
    /// How it arrived.
    pub via: Via,
    /// The device that pushed it (`None` for the server's own changes).
    #[serde(default)]
    pub device_id: Option<i64>,
    /// The pushing device's clock minus the server's at that request, in
    /// milliseconds (`None` when the request did not say its time).
    #[serde(default)]
    pub push_skew_ms: Option<i64>,
}

/// How a change reached the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Via {
    /// Pushed by the device its actor is registered to.
    Sync,
    /// Pushed by an office device on behalf of the engineer who wrote it
    /// (a record imported from a file and then synced).
    Relay,
    /// Through `POST /v1/import`.
    Import,
    /// Written by the server itself (the filing receipt).
    Server,
}

impl Via {
    /// Its wire and storage name (`sync`, `relay`, `import`, `server`).
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Sync => "sync",
            Via::Relay => "relay",
            Via::Import => "import",
            Via::Server => "server",
        }
    }

    /// The `Via` a stored name names (anything unknown reads as `sync`).
    pub fn from_name(s: &str) -> Via {
        match s {
            "relay" => Via::Relay,
            "import" => Via::Import,
            "server" => Via::Server,
            _ => Via::Sync,
        }
    }
}

/// Who an actor belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorInfo {
    /// The user's sign-in name (empty for the server and planned actors).
    pub user: String,
    /// The user's display name (`张工`), or the server's / planning's name.
    pub display_name: String,
    /// The server's number of the device (`None` for the server and
    /// planned actors).
    #[serde(default)]
    pub device_id: Option<i64>,
    /// The device's label as enrolled (`张工的手机`); may be empty.
    #[serde(default)]
    pub device_label: String,
    /// What kind of writer it is.
    pub source: ActorSource,
}

/// What kind of writer an actor is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ActorSource {
    /// A device registered it.
    Device,
    /// The server's own actor (filing receipts).
    Server,
    /// The derived actor of a planned maintenance visit (the same on
    /// every office device, see `contracts::ops::planned_actor`).
    Planned,
}

impl ActorSource {
    /// Its wire and storage name (`device`, `server`, `planned`).
    pub fn as_str(self) -> &'static str {
        match self {
            ActorSource::Device => "device",
            ActorSource::Server => "server",
            ActorSource::Planned => "planned",
        }
    }

    /// The source a stored name names (anything unknown reads as `device`).
    pub fn from_name(s: &str) -> ActorSource {
        match s {
            "server" => ActorSource::Server,
            "planned" => ActorSource::Planned,
            _ => ActorSource::Device,
        }
    }
}
