//! Side by side with automerge-repo: samod (its Rust implementation) on the
//! same work orders as our sync benchmark ([`crate::sync`]), in the same
//! run, on the same machine.
//!
//! 1. A samod "server" repo on SQLite ([`crate::peer_io::SqliteStorage`])
//!    gets the documents: each saved document of our first sync is loaded
//!    (`Automerge::load`) and handed to `Repo::create`, so both peers hold
//!    the same changes. The repo is stopped and opened again on its file, so
//!    the server starts cold, as ours does.
//! 2. It accepts websockets on loopback (tokio-tungstenite,
//!    `AcceptorHandle::accept_tungstenite`); every byte of its TCP streams
//!    is counted (the HTTP upgrade and websocket framing included).
//! 3. `peer.samod_first_N_ms` / `_bytes`: a "client" repo with an empty
//!    SQLite file dials the server (`Repo::dial_websocket`) and `find`s every
//!    document. Done when every `find` resolved, each document's heads equal
//!    the server's, and the client's storage has written every document.
//! 4. `peer.samod_nochange_N_ms` / `_bytes`: the client repo is stopped and
//!    opened again on its file, dials again and `find`s every document (now
//!    from its storage). Done when, for every document, heads equal the
//!    server's and the sync state of the connection says both sides have
//!    each other's changes (`they_have_our_changes` and
//!    `we_have_their_changes` on the connection).
//!
//! Each phase runs under `BENCH_PEER_CAP_SECS` (default 120 s): one that does
//! not finish in time is reported as such and the run goes on (samod's tasks
//! are left behind on a runtime that is shut down without waiting).
//!
//! samod is built only with the crate's `peer` feature, which `make bench`
//! turns on; `make test` builds the benchmarks without it (samod and its
//! websocket and TLS crates are a few minutes of a cold build on two cores,
//! for code no test runs), and a run without it reports these figures as
//! not measured.
//!
//! Beside ours: `ratio.first_N_vs_samod` (`sync.first_N_ms` over
//! `peer.samod_first_N_ms`) and `ratio.nochange_N_ms_vs_samod`.

use crate::sync::label;

/// The keys this section records at `n` documents.
pub fn keys(n: usize) -> Vec<String> {
    let l = label(n);
    [
        "peer.samod_first_{}_ms",
        "peer.samod_first_{}_bytes",
        "peer.samod_nochange_{}_ms",
        "peer.samod_nochange_{}_bytes",
        "ratio.first_{}_vs_samod",
        "ratio.nochange_{}_ms_vs_samod",
    ]
    .iter()
    .map(|k| k.replace("{}", &l))
    .collect()
}

#[cfg(feature = "peer")]
mod io;
#[cfg(feature = "peer")]
mod side;
#[cfg(feature = "peer")]
pub use side::run;

/// Without the `peer` feature: nothing to run, the figures are not measured.
#[cfg(not(feature = "peer"))]
pub fn run(
    _: &mut crate::report::Report,
    _: &std::path::Path,
    _: &[Vec<u8>],
    _: std::time::Duration,
) -> anyhow::Result<()> {
    anyhow::bail!("built without the `peer` feature (make bench builds with it)")
}
