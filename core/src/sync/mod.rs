//! Sync with the Onsite sync server, device side.
//!
//! - [`protocol`]: the wire contract shared by the device client and the
//!   server (CBOR request and response, cursor, error codes).
//! - [`attribution`]: the JSON bodies of `POST /v1/actors` (a device
//!   registers the Automerge actors it writes with) and `POST
//!   /v1/provenance` (who wrote each change, when the server received it).
//! - [`blobs`]: photo bytes apart from the documents (limits, codes, the
//!   hashes a work order references) and, with `client`, their upload and
//!   on-demand download.
//! - [`receive`]: one sync message into a document that is stored after
//!   it (device and server).
//! - [`session`]: one sync as a pure state machine (documents and responses
//!   in, requests and a completion out).
//! - [`status`]: what the sync loop reports to the UI ([`status::SyncStatus`])
//!   and its retry backoff.
//! - `client` (feature `client`): the HTTP transport and the sync loop that
//!   drives a [`session::Session`] against the local store.
//! - `directory` (feature `client`): the staff directory every completed
//!   sync fetches and stores.
//! - `provenance` (feature `client`): who wrote each change and when the
//!   server received it, fetched after every completed sync and on demand
//!   (`provenance::refresh`), cached for the history.

pub mod attribution;
#[cfg(feature = "client")]
pub mod background;
pub mod blobs;
#[cfg(feature = "client")]
pub mod client;
pub mod compact;
#[cfg(feature = "client")]
pub mod directory;
pub mod protocol;
#[cfg(feature = "client")]
pub mod provenance;
pub mod receive;
pub mod session;
pub mod status;
