//! # onsite-fuzz
//!
//! Onsite's fuzz targets. Each target is one plain function from arbitrary
//! bytes to nothing, which panics when it finds a defect: a panic in our
//! code, or a broken invariant (a refused write that changed the store, a
//! reply that does not decode, a value that does not read back). The same
//! function runs in two places:
//!
//! - under AFL++ (`make fuzz`, `scripts/fuzz.sh`): the binary
//!   `onsite-fuzz-afl` (feature `afl`, built with cargo-afl) takes the
//!   target's name as its argument;
//! - in `make test`: `tests/replay.rs` runs every file kept in
//!   `fuzz/fixtures/<target>/` (the seed corpus and every crash ever found)
//!   through it, in seconds.
//!
//! ## Layout
//!
//! - [`request`]: the CBOR body of `POST /v1/sync` (and the response the
//!   device decodes).
//! - [`sync_apply`]: one document's sync message applied by the server's
//!   round trip against a store holding a few real documents ([`world`]).
//! - [`import`]: a saved Automerge file imported by the server
//!   (`POST /v1/import`) and by the office's device.
//! - [`config`]: the working-day calendar, the rules configuration, the
//!   account answers and URL, and the instant/day scalars the rules
//!   compute deadlines from.
//! - [`world`]: the few real documents (kept in `fuzz/world.cbor`) and the
//!   server store made from them afresh for each input.
//! - [`TARGETS`]: the names, as `make fuzz` and the fixture folders use them.

pub mod config;
pub mod import;
pub mod request;
pub mod sync_apply;
pub mod world;

/// A fuzz target: its name (the fixture folder) and its harness.
pub struct Target {
    /// The name: `fuzz/fixtures/<name>/`, `onsite-fuzz-afl <name>`.
    pub name: &'static str,
    /// The harness: panics on a defect.
    pub run: fn(&[u8]),
}

/// Every target.
pub const TARGETS: &[Target] = &[
    Target {
        name: "request",
        run: request::run,
    },
    Target {
        name: "sync_apply",
        run: sync_apply::run,
    },
    Target {
        name: "import",
        run: import::run,
    },
    Target {
        name: "config",
        run: config::run,
    },
];

/// Makes what the server-side targets reuse between inputs (the world,
/// the office's device) before the first input, so that AFL++'s forked
/// runs start with it.
pub fn warm() {
    import::warm();
}

/// The target called `name`.
pub fn target(name: &str) -> Option<&'static Target> {
    TARGETS.iter().find(|t| t.name == name)
}
