//! Sync through the real server over loopback HTTP, real SQLite on both
//! sides, at N documents (1k and 10k):
//!
//! 1. The server's store gets N work orders assigned to engineer `eng`
//!    (`ServerStore::commit_doc`), the engineer and a device are enrolled
//!    with the server's `admin` functions, and the server serves them.
//! 2. A new device (an empty store file) runs `sync_once` over
//!    `HttpTransport`: `sync.first_N_ms` / `_bytes` (request plus response
//!    bodies).
//! 3. It reconnects with nothing changed: `sync.nochange_N_ms` / `_bytes` /
//!    `_roundtrips`.
//! 4. The office changes 10 of the orders on the server (a note each) and
//!    the device reconnects: `sync.changed10_of_N_bytes` / `_ms`.
//!
//! Beside them, from [`crate::baseline`]: the same two reconnects done with
//! a fresh handshake per document (`baseline.*`, `ratio.nochange_N`), and
//! the in-memory first sync (`raw.first_N_ms`).
//!
//! The server's data directory is kept for the idle-memory benchmark, and
//! the documents as the first sync saw them (saved bytes) for the side by
//! side run of automerge-repo ([`crate::peer`]).

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use anyhow::Context;
use automerge::AutoCommit;
use onsite_core::clock::SystemClock;
use onsite_core::model::DocId;
use onsite_core::rules::state::Role;
use onsite_core::store::Store;
use onsite_core::sync::client::{sync_once, HttpTransport, SyncOutcome};
use onsite_test_support::server::{add_user, enroll, open_store, put_doc};
use onsite_test_support::TestServer;

use crate::report::{ms, Report, Target};
use crate::{baseline, fixtures};

/// The engineer whose device syncs.
pub const ENGINEER: &str = "eng";

/// `1k`, `10k`, or the number itself.
pub fn label(n: usize) -> String {
    if n >= 1000 && n.is_multiple_of(1000) {
        format!("{}k", n / 1000)
    } else {
        n.to_string()
    }
}

/// A server data directory holding `n` work orders for [`ENGINEER`];
/// returns each document's id and saved bytes.
pub fn fill_server(dir: &Path, n: usize) -> anyhow::Result<Vec<(DocId, Vec<u8>)>> {
    let store = open_store(dir)?;
    add_user(&*store, &SystemClock, ENGINEER, Role::Engineer)?;
    add_user(&*store, &SystemClock, "office", Role::Office)?;
    let now = chrono::Utc::now();
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let (id, mut am) = fixtures::work_order_doc(i, ENGINEER, now);
        put_doc(&*store, &id, &mut am)?;
        out.push((id, am.save()));
    }
    Ok(out)
}

/// One sync of the device store over HTTP, with its wall time.
pub fn sync(
    rt: &tokio::runtime::Runtime,
    store: &Mutex<Store>,
    transport: &HttpTransport,
) -> anyhow::Result<(SyncOutcome, f64)> {
    let t = Instant::now();
    let outcome = rt.block_on(sync_once(store, transport))?;
    let took = ms(t.elapsed());
    if !outcome.errors.is_empty() {
        anyhow::bail!(
            "{} per-document errors, first: {:?}",
            outcome.errors.len(),
            outcome.errors[0]
        );
    }
    Ok((outcome, took))
}

fn bytes(o: &SyncOutcome) -> f64 {
    (o.bytes_sent + o.bytes_received) as f64
}

/// What a sync run leaves for later sections.
pub struct Ran {
    /// The server's data directory (for the idle-memory benchmark).
    pub server_dir: PathBuf,
    /// Each work order's saved bytes as the device's first sync got them.
    pub docs: Vec<Vec<u8>>,
}

/// Runs the sync benchmarks at `n`.
pub fn run(report: &mut Report, dir: &Path, n: usize) -> anyhow::Result<Ran> {
    let l = label(n);
    let server_dir = dir.join("server");
    let t = Instant::now();
    let mut docs = fill_server(&server_dir, n)?;
    eprintln!(
        "[bench]   server holds {n} work orders ({:.1} s to store)",
        t.elapsed().as_secs_f64()
    );

    let srv = TestServer::options()
        .data_dir(&server_dir)
        .start_on_thread()?;
    let token = enroll(srv.store(), &SystemClock, ENGINEER, "bench device")?.token;
    // The device's sync on a runtime like the app's (Tauri runs commands and
    // the sync loop on a multi-threaded tokio runtime), so its HTTP can go
    // on while a batch is stored.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let device_dir = dir.join("device");
    std::fs::create_dir_all(&device_dir)?;
    let device = Mutex::new(Store::open(&device_dir.join("onsite.db"))?);
    let transport = HttpTransport::new(&srv.url, &token)?;

    // First full sync of a new device.
    let (first, first_ms) = sync(&rt, &device, &transport).context("first sync")?;
    let held = device
        .lock()
        .unwrap()
        .doc_ids(onsite_core::model::DocKind::WorkOrder)?
        .len();
    eprintln!(
        "[bench]   first sync: {} round trips, {} documents received, device holds {held}",
        first.round_trips, first.docs_received
    );
    if held != n {
        anyhow::bail!("after the first sync the device holds {held} of {n} work orders");
    }
    report.add(format!("sync.first_{l}_ms"), first_ms, "ms", Target::None);
    report.add(
        format!("sync.first_{l}_bytes"),
        bytes(&first),
        "B",
        Target::None,
    );
    report.add(
        format!("sync.first_{l}_roundtrips"),
        first.round_trips as f64,
        "",
        Target::None,
    );

    // Reconnect, nothing changed.
    let (nochange, nochange_ms) = sync(&rt, &device, &transport).context("reconnect")?;
    report.add(
        format!("sync.nochange_{l}_ms"),
        nochange_ms,
        "ms",
        Target::None,
    );
    report.add(
        format!("sync.nochange_{l}_bytes"),
        bytes(&nochange),
        "B",
        Target::AtMost(1023.0),
    );
    report.add(
        format!("sync.nochange_{l}_roundtrips"),
        nochange.round_trips as f64,
        "",
        Target::Equals(1.0),
    );

    // Baselines for "nothing changed", on the same documents.
    let saved: Vec<Vec<u8>> = docs.iter().map(|(_, b)| b.clone()).collect();
    let per_doc = baseline::nochange_bytes(&saved)?;
    let base_nochange: usize = per_doc.iter().sum();
    report.add(
        format!("baseline.nochange_{l}_bytes"),
        base_nochange as f64,
        "B",
        Target::None,
    );
    report.add(
        format!("ratio.nochange_{l}"),
        (base_nochange as f64 / bytes(&nochange).max(1.0)).round(),
        "×",
        Target::None,
    );
    let raw = baseline::raw_first_sync(&saved)?;
    let raw_ms = ms(raw);
    report.add(format!("raw.first_{l}_ms"), raw_ms, "ms", Target::None);

    // The office changes 10 orders on the server.
    let now = chrono::Utc::now();
    let picks: Vec<usize> = (0..10).map(|k| k * n / 10 + 3).collect();
    let mut base_changed = base_nochange;
    for (k, &i) in picks.iter().enumerate() {
        let (id, before) = &docs[i];
        let mut am = AutoCommit::load(before)?;
        fixtures::office_note(&mut am, &format!("客户来电催促进度（第 {k} 次）"), now);
        put_doc(srv.store(), id, &mut am)?;
        let after = am.save();
        base_changed = base_changed - per_doc[i] + baseline::changed_bytes(before, &after)?;
        docs[i].1 = after;
    }
    let (changed, changed_ms) = sync(&rt, &device, &transport).context("sync after 10 changes")?;
    eprintln!(
        "[bench]   after 10 changes: {} round trips, {} documents received",
        changed.round_trips, changed.docs_received
    );
    let first_bytes = bytes(&first);
    let changed_bytes = bytes(&changed);
    report.add(
        format!("sync.changed10_of_{l}_bytes"),
        changed_bytes,
        "B",
        Target::AtMost((first_bytes / 100.0).floor()),
    );
    report.add(
        format!("sync.changed10_of_{l}_ms"),
        changed_ms,
        "ms",
        Target::None,
    );
    report.add(
        format!("baseline.changed10_of_{l}_bytes"),
        base_changed as f64,
        "B",
        Target::None,
    );
    // The first sync against the in-memory one.
    report.add(
        format!("ratio.first_{l}_vs_raw"),
        (first_ms / raw_ms.max(0.001) * 100.0).round() / 100.0,
        "×",
        Target::AtMost(1.5),
    );

    // Convergence check of what the device holds.
    {
        let dev = device.lock().unwrap();
        for (id, _) in picks.iter().map(|&i| &docs[i]) {
            let mine = dev.load(id)?.map(|mut d| d.get_heads());
            let theirs = srv
                .store()
                .load_doc(id.as_str())?
                .map(|mut s| s.doc.get_heads());
            if mine != theirs {
                anyhow::bail!("{id} differs between the device and the server after the sync");
            }
        }
    }
    drop(transport);
    drop(srv);
    drop(rt);
    Ok(Ran {
        server_dir,
        docs: saved,
    })
}
