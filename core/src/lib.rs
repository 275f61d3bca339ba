//! # onsite-core
//!
//! Everything Onsite knows that is not a window or a socket: the documents,
//! the business rules, the local store and the sync client. The Tauri app,
//! the sync server, the tests and the benchmarks all build on it.
//!
//! ## Layout
//!
//! - [`model`]: one typed struct per document kind (work order, pickup,
//!   part, customer, contract, complaint), mapped onto Automerge.
//! - [`doc`]: reading and writing those structs in an Automerge document,
//!   stock counters, conflicts.
//! - [`rules`]: pure functions for the state machine, service-level clocks,
//!   warranty tiers and charges, filing deadline, stock and calendars.
//! - [`signoff`]: the canonical form of what the customer signed, its hash
//!   and verification.
//! - [`clock`]: the injectable clock.
//! - [`account`] (feature `client`): enrolment with the sync server, the
//!   signed-in user, the device's settings and the cached staff directory.
//!
//! Time always comes from a [`clock::Clock`]; nothing here reads the system
//! time directly.

#[cfg(feature = "client")]
pub mod account;
pub mod clock;
pub mod doc;
pub mod model;
pub mod ops;
#[cfg(feature = "report")]
pub mod report;
pub mod rules;
pub mod service;
pub mod signoff;
pub mod store;
pub mod sync;
