//! `onsite-bench`: Onsite's benchmarks, run by `make bench`
//! (scripts/bench.sh builds it in release and runs it). Runs the sections
//! in order with progress lines on stderr, prints the table of figures on
//! stdout and writes them as one flat JSON object of numbers. A section
//! that fails leaves its figures out (printed as not measured, with the
//! reason); the run itself never fails because a figure is bad.
//!
//! Settings (environment):
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `BENCH_OUT` | `$CARGO_TARGET_DIR/bench/results.json` (else `target/…`) | the JSON file |
//! | `BENCH_STORE_N` | 10000 | work orders in the local store (and the app) |
//! | `BENCH_SYNC_SIZES` | 1000,10000 | N of the sync and idle-memory benchmarks |
//! | `BENCH_LOAD_DEVICES` | 200 | simulated devices |
//! | `BENCH_LOAD_SECS` | 60 | the load window |
//! | `BENCH_DATABASE` | `$ONSITE_TEST_DATABASE` | the PostgreSQL database (`postgres://…`) of the load figures on two instances (`load.pg2.*`), in a fresh schema dropped afterwards; neither set: not measured (scripts/bench.sh runs under scripts/with-postgres.sh, which sets `ONSITE_TEST_DATABASE`) |
//! | `BENCH_ONLY` | all | some of: store,report,history,photos,sync,peer,rss,load,app (`load`: both setups, SQLite and PostgreSQL; `sync` also runs `peer`, the side by side run of automerge-repo's samod; `peer` alone runs samod without our figures, so without the ratios) |
//! | `BENCH_PEER_N` | 1000 | documents of the samod run (`peer.samod_*`); our documents of the sync at that N when it ran, else made afresh |
//! | `BENCH_PEER_SQLITE_SYNC` | FULL | SQLite's `synchronous` on samod's storage (ours: FULL) |
//! | `BENCH_PEER_CAP_SECS` | 120 | the time cap of each samod phase: one over it is reported as not finished, never waited for |
//! | `BENCH_APP_SKIP` | unset | a reason not to run the app benchmark (the script sets it when the app did not build) |
//! | `BENCH_KEEP` | unset | keep the work directory (printed) and the load's PostgreSQL schema |

mod app;
mod baseline;
mod fixtures;
mod history;
mod load;
mod peer;
mod photos;
mod report;
mod rss;
mod stats;
mod store;
mod sync;

use std::path::{Path, PathBuf};
use std::time::Instant;

use report::{Report, Target};

fn env_or<T: std::str::FromStr>(key: &str, default: T) -> T {
    std::env::var(key)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

fn wanted(section: &str) -> bool {
    match std::env::var("BENCH_ONLY") {
        Ok(v) if !v.trim().is_empty() => v.split(',').any(|s| s.trim() == section),
        _ => true,
    }
}

/// Runs one section; on error or panic, the keys it did not record are
/// reported as not measured.
fn section(
    report: &mut Report,
    name: &str,
    keys: &[String],
    f: impl FnOnce(&mut Report) -> anyhow::Result<()>,
) {
    eprintln!("[bench] {name}");
    let t = Instant::now();
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(report)));
    let why = match outcome {
        Ok(Ok(())) => None,
        Ok(Err(e)) => Some(format!("{e:#}")),
        Err(p) => Some(
            p.downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic".into()),
        ),
    };
    if let Some(why) = why {
        eprintln!("[bench] {name} failed: {why}");
        for k in keys {
            if report.get(k).is_none() {
                report.missing(k.clone(), "", Target::None, format!("{name} failed: {why}"));
            }
        }
    }
    eprintln!("[bench] {name}: done in {:.1} s", t.elapsed().as_secs_f64());
}

fn sync_keys(n: usize) -> Vec<String> {
    let l = sync::label(n);
    [
        "sync.first_{}_ms",
        "sync.first_{}_bytes",
        "sync.nochange_{}_ms",
        "sync.nochange_{}_bytes",
        "sync.nochange_{}_roundtrips",
        "sync.changed10_of_{}_bytes",
        "sync.changed10_of_{}_ms",
        "baseline.nochange_{}_bytes",
        "baseline.changed10_of_{}_bytes",
        "ratio.nochange_{}",
        "raw.first_{}_ms",
    ]
    .iter()
    .map(|k| k.replace("{}", &l))
    .collect()
}

fn keys(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn out_path() -> PathBuf {
    if let Some(p) = std::env::var_os("BENCH_OUT") {
        return PathBuf::from(p);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target"));
    target.join("bench").join("results.json")
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .next()
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|k| k.parse::<f64>().ok())
        })
        .map(|kb| format!("{:.1} GiB", kb / 1024.0 / 1024.0))
        .unwrap_or_else(|| "? GiB".into());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    format!("{cores} cores, {mem} memory, {cpu}")
}

/// The work directory's folder `name`, created.
fn folder(work: &Path, name: &str) -> PathBuf {
    let dir = work.join(name);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{name} folder: {e}"));
    dir
}

fn main() {
    let started = Instant::now();
    let out = out_path();
    let base = out
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    std::fs::create_dir_all(&base).expect("create the output folder");
    let work = tempfile::Builder::new()
        .prefix("work-")
        .tempdir_in(&base)
        .expect("a work folder");
    eprintln!(
        "[bench] machine: {}; work folder {}",
        machine(),
        work.path().display()
    );
    let store_n: usize = env_or("BENCH_STORE_N", 10_000);
    let sizes: Vec<usize> = std::env::var("BENCH_SYNC_SIZES")
        .unwrap_or_else(|_| "1000,10000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let mut report = Report::default();

    let mut store_file: Option<PathBuf> = None;
    if wanted("store") {
        let dir = folder(work.path(), "store");
        section(
            &mut report,
            &format!("local store ({store_n} work orders)"),
            &keys(&[
                "store.list_10k_ms",
                "store.search_10k_ms",
                "store.dispatch_10k_ms",
                "store.open_ms",
                "store.edit_commit_ms_p50",
                "store.bytes_per_doc",
            ]),
            |r| {
                store_file = Some(store::run(r, &dir, store_n)?);
                Ok(())
            },
        );
    }

    if wanted("report") {
        let dir = folder(work.path(), "report");
        section(
            &mut report,
            &format!("the office's reports ({store_n} work orders over a year)"),
            &keys(&["report.year_10k_ms"]),
            |r| stats::run(r, &dir, store_n),
        );
    }

    if wanted("history") {
        section(
            &mut report,
            "field history (an order of 300 changes, a part of 2000)",
            &keys(&["history.order_300_ms", "history.part_2000_ms"]),
            history::run,
        );
    }

    if wanted("photos") {
        section(
            &mut report,
            "photos over loopback (20 of 2 MB up and down, an upload resumed at half way)",
            &keys(&[
                "photos.upload_20x2mb_mb_s",
                "photos.download_20x2mb_mb_s",
                "photos.resumed_upload_bytes",
            ]),
            photos::run,
        );
    }

    let mut server_dirs: Vec<(usize, PathBuf)> = Vec::new();
    let peer_n: usize = env_or("BENCH_PEER_N", 1000);
    let mut peer_docs: Option<Vec<Vec<u8>>> = None;
    if wanted("sync") || wanted("rss") {
        for &n in &sizes {
            let dir = folder(work.path(), &format!("sync-{n}"));
            section(
                &mut report,
                &format!("sync at N = {n}"),
                &sync_keys(n),
                |r| {
                    let ran = sync::run(r, &dir, n)?;
                    server_dirs.push((n, ran.server_dir));
                    if n == peer_n {
                        peer_docs = Some(ran.docs);
                    }
                    Ok(())
                },
            );
        }
    }

    if wanted("sync") || wanted("peer") {
        let cap = std::time::Duration::from_secs(env_or("BENCH_PEER_CAP_SECS", 120));
        let dir = folder(work.path(), "peer");
        section(
            &mut report,
            &format!(
                "automerge-repo side by side: samod at N = {peer_n} (cap {} s a phase)",
                cap.as_secs()
            ),
            &peer::keys(peer_n),
            |r| {
                let docs = peer_docs.take().unwrap_or_else(|| {
                    eprintln!(
                        "[bench]   no sync run at N = {peer_n}: the documents are made afresh"
                    );
                    let now = chrono::Utc::now();
                    (0..peer_n)
                        .map(|i| fixtures::work_order_doc(i, sync::ENGINEER, now).1.save())
                        .collect()
                });
                peer::run(r, &dir, &docs, cap)
            },
        );
    }

    if wanted("rss") {
        for &n in &sizes {
            let key = format!("server.rss_mb_idle_{}", sync::label(n));
            match server_dirs.iter().find(|(m, _)| *m == n) {
                Some((_, dir)) => {
                    let dir = dir.clone();
                    section(
                        &mut report,
                        &format!("idle server memory at N = {n}"),
                        std::slice::from_ref(&key),
                        |r| rss::run(r, &dir, work.path(), n),
                    )
                }
                None => report.missing(
                    key,
                    "MB",
                    Target::None,
                    "the sync benchmark did not leave a data directory",
                ),
            }
        }
    }

    // Not measured, and why: printed again under the table.
    let mut notes: Vec<String> = Vec::new();
    if wanted("load") {
        let devices: usize = env_or("BENCH_LOAD_DEVICES", 200);
        let secs: u64 = env_or("BENCH_LOAD_SECS", 60);
        let mut setups = vec![load::Setup::Sqlite];
        match load::Setup::postgres_from_env(2) {
            Ok(pg) => setups.push(pg),
            Err(why) => {
                let note = format!("load.pg2.*: not measured (2 instances on PostgreSQL): {why}");
                eprintln!("[bench] {note}");
                notes.push(note);
            }
        }
        for setup in &setups {
            let dir = folder(work.path(), &setup.prefix());
            section(
                &mut report,
                &format!(
                    "server under load, {} ({devices} devices, {secs} s)",
                    setup.describe()
                ),
                &load::keys(setup),
                |r| load::run(r, &dir, setup, devices, secs),
            );
        }
    }

    if wanted("app") {
        let key = "app.cold_start_ms";
        let target = Target::None;
        if let Ok(why) = std::env::var("BENCH_APP_SKIP") {
            report.missing(key, "ms", target, why);
        } else if let Some(file) = &store_file {
            let dir = work.path().join("app");
            section(
                &mut report,
                &format!("app cold start ({store_n} work orders)"),
                &keys(&[key]),
                |r| {
                    std::fs::create_dir_all(&dir)?;
                    std::fs::copy(file, dir.join("onsite.db"))?;
                    let (ms, mark) = app::cold_start(&dir, work.path())?;
                    if mark != app::RENDERED_MARK {
                        eprintln!("[bench]   the app logs no '{}' line: measured to the first '{mark}' log line", app::RENDERED_MARK);
                    }
                    r.add(key, ms, "ms", Target::None);
                    Ok(())
                },
            );
        } else {
            report.missing(
                key,
                "ms",
                target,
                "the store benchmark did not run or failed (it makes the app's data)",
            );
        }
    }

    println!(
        "\nOnsite benchmarks — {} — {:.0} s",
        machine(),
        started.elapsed().as_secs_f64()
    );
    println!("{}", report.table());
    for note in &notes {
        println!("{note}");
    }
    match report.write_json(&out) {
        Ok(()) => println!("\nfigures written to {}", out.display()),
        Err(e) => eprintln!("[bench] cannot write {}: {e}", out.display()),
    }
    let misses = report.misses();
    if !misses.is_empty() {
        println!(
            "{} figure(s) miss their target or were not measured (see docs/performance.md)",
            misses.len()
        );
    }
    if std::env::var_os("BENCH_KEEP").is_some() {
        let kept = work.keep();
        eprintln!("[bench] kept {}", kept.display());
    }
}
