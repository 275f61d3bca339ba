//! # onsite-core
//!
//! Everything Onsite knows that is not a window or a socket: the documents,
//! the business rules, the local store and the sync client. The Tauri app,
//! the sync server, the tests and the benchmarks all build on it.
//!
//! ## Layout
//!
//! Pure building blocks (no I/O, no clock):
//!
//! - [`model`]: one typed struct per document kind (work order, pickup,
//!   part, customer, contract, complaint, complaint report, settings),
//!   mapped onto Automerge.
//! - [`doc`]: reading and writing those structs in an Automerge document,
//!   stock counters, conflicts.
//! - [`rules`]: pure functions for the state machine, service-level clocks,
//!   warranty tiers and charges, filing deadline, stock and calendars.
//! - [`ops`]: what a user can do to a work order or a pickup, as pure
//!   functions over the typed documents (who may, in which status, with
//!   which input).
//! - [`signoff`]: the canonical form of what the customer signed, its hash
//!   and verification.
//! - [`guard`]: the write rules every path into the shared record obeys
//!   (schema, roles, state machine), checked on a document before and after
//!   a change; the sync server runs them on every write.
//! - [`settings`]: the company settings document (name, time zone,
//!   working calendar, due-soon share, tiers, labour rate), the official
//!   holiday calendar shipped as data, and the rules a device derives
//!   from them.
//! - [`followups`]: the office's follow-up visits after closed orders,
//!   yearly satisfaction surveys and key-customer visits (documents,
//!   pure operations, their list rows).
//! - [`customers`]: customers 用户 and their sites, contacts and equipment
//!   — the office's edits as pure functions with their checks, and what
//!   the customer screen shows.
//! - [`complaints`]: complaints 用户投诉 and their four handling steps,
//!   the monthly complaint report's figures and its CSV (the office's).
//! - [`warehouse`]: the parts warehouse 备件库 — the catalogue, stock per
//!   warehouse and its movements, confirmed pickups and returns (pure
//!   checks and what its screens show).
//! - [`stats`]: the office's reports 统计报表 — service levels, filing,
//!   complaints, satisfaction, charges and parts over a period, computed
//!   from the projection tables as worded tables with their charts, the
//!   orders behind each figure, CSV and XLSX.
//! - [`history`]: the field history 历史 of a document — who changed what,
//!   when, on which device — from its Automerge changes and the server's
//!   receipts (pure; the device caches the receipts in
//!   [`store::provenance`]).
//! - [`photos`]: photos on a work order — their metadata in the document,
//!   scaling and thumbnails (the `image` crate); the bytes are blobs in the
//!   device's store.
//! - [`clock`]: the injectable clock.
//! - `testing` (core's tests and the `test-support` feature only): builders
//!   for the documents tests need, made through [`ops`].
//!
//! Storage, sync and the facade:
//!
//! - [`store`]: SQLite persistence — the document tables shared with the
//!   server, and the device's store (projections for lists, dirty set,
//!   settings, sync state, drafts of forms), one transaction per action.
//! - [`sync`]: the wire protocol shared with the server, one sync as a pure
//!   session, the sync loop's status and (feature `client`) the HTTP client
//!   loop.
//! - [`service`]: the facade the app and the tests call — [`service::Device`]
//!   with one method per user action; errors leave as `{code, message}`.
//! - [`report`] (feature `report`): the printable service record as PDF.
//! - [`demo`]: the demo data `make run` seeds the office device with
//!   (`onsite-app --seed-demo`), also used by the tests.
//! - [`account`] (feature `client`): enrolment with the sync server, the
//!   signed-in user, the device's settings and the cached staff directory.
//!
//! Imports point one way, with no cycle between modules: `rules` and
//! `model` at the bottom; `doc`, `signoff`, `settings`, `followups`, `customers`, `complaints`, `warehouse`, `guard`, `ops` and `store` on them; `stats` on `store`;
//! `service` on those; `sync`'s client, `report`, `demo` and `account` on
//! `service` (the sync client stores the staff directory through
//! `account::staff`; `account` reads only `sync::protocol`'s error body).
//!
//! Time always comes from a [`clock::Clock`]; nothing here reads the system
//! time directly.

#[cfg(feature = "client")]
pub mod account;
pub mod clock;
pub mod complaints;
pub mod contracts;
pub mod customers;
pub mod demo;
pub mod dispatch;
pub mod doc;
pub mod followups;
pub mod guard;
pub mod history;
pub mod model;
pub mod ops;
pub mod photos;
#[cfg(feature = "report")]
pub mod report;
pub mod rules;
pub mod service;
pub mod settings;
pub mod signoff;
pub mod stats;
pub mod store;
pub mod sync;
#[cfg(any(test, feature = "test-support"))]
pub mod testing;
pub mod warehouse;
