//! The server under load, loopback only, bounded in count and time: up to
//! 200 engineers are added and each gets one enrolled device and its own
//! work orders (the server's `admin` functions and `commit_doc`); every
//! device has its own SQLite store file and does a first sync. Then, for
//! `BENCH_LOAD_SECS` (default 60) seconds, every device loops: wait 1–3 s
//! (think time, random), edit one of its orders (70 % of the turns) and
//! sync (`sync_once` over HTTP). After the window each device syncs once
//! more and every document's heads are compared between the device and
//! the server.
//!
//! Each HTTP round trip (one `POST /v1/sync`) is timed in the transport:
//! `load.requests_per_s`, `load.p50_ms`, `load.p99_ms`. `load.errors`
//! counts failed syncs plus per-document errors. `load.converged` is 1 when
//! every device and the server hold identical documents at the end.
//!
//! The server's device slots (in work-order numbers) allow 999 devices per
//! server; should enrolment ever stop there, `load.devices` says how many
//! took part.
//!
//! The same run against each [`Setup`]: one instance on SQLite (keys
//! `load.*`) and two instances sharing one PostgreSQL database (keys
//! `load.pg2.*`; device k syncs with instance k % 2, the convergence check
//! reads the shared store). See [`setup`].

mod setup;

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use onsite_core::clock::SystemClock;
use onsite_core::model::DocId;
use onsite_core::rules::state::Role;
use onsite_core::store::Store;
use onsite_core::sync::client::{sync_once, HttpTransport, SyncError, Transport};
use onsite_sync_server::admin::AdminError;
use onsite_sync_server::store::StoreError;
use onsite_test_support::server::{add_user, enroll, put_doc};
use onsite_test_support::{ExchangeHook, Hooked};
use rand::Rng;

use crate::fixtures;
use crate::report::{Report, Target};

pub use setup::Setup;

/// Work orders per engineer.
const ORDERS_EACH: usize = 10;

#[derive(Default)]
struct Stats {
    measuring: std::sync::atomic::AtomicBool,
    latencies: Mutex<Vec<f64>>,
    requests: AtomicU64,
    errors: AtomicU64,
}

/// Times every sync round trip while the window is open.
struct Timed {
    stats: Arc<Stats>,
}

impl ExchangeHook for Timed {
    async fn exchange(&self, inner: &HttpTransport, body: Vec<u8>) -> Result<Vec<u8>, SyncError> {
        let t = Instant::now();
        let out = inner.exchange(body).await;
        if self.stats.measuring.load(Ordering::Relaxed) {
            self.stats.requests.fetch_add(1, Ordering::Relaxed);
            self.stats
                .latencies
                .lock()
                .unwrap()
                .push(t.elapsed().as_secs_f64() * 1000.0);
        }
        out
    }
}

struct Sim {
    store: Arc<Mutex<Store>>,
    transport: Hooked<Timed>,
    orders: Vec<DocId>,
}

async fn sync_counted(sim: &Sim, stats: &Stats) {
    match sync_once(&*sim.store, &sim.transport).await {
        Ok(o) => {
            stats
                .errors
                .fetch_add(o.errors.len() as u64, Ordering::Relaxed);
        }
        Err(e) => {
            stats.errors.fetch_add(1, Ordering::Relaxed);
            eprintln!("[bench]   sync failed: {e}");
        }
    }
}

/// One sync of every device, a few at a time.
fn sync_all(rt: &tokio::runtime::Runtime, sims: &[Arc<Sim>], stats: &Arc<Stats>) {
    rt.block_on(async {
        let mut set = tokio::task::JoinSet::new();
        for sim in sims {
            let (sim, stats) = (sim.clone(), stats.clone());
            set.spawn(async move { sync_counted(&sim, &stats).await });
            if set.len() >= 16 {
                set.join_next().await;
            }
        }
        while set.join_next().await.is_some() {}
    });
}

/// The keys [`run`] records for `setup`.
pub fn keys(setup: &Setup) -> Vec<String> {
    let p = setup.prefix();
    [
        "devices",
        "requests_per_s",
        "p50_ms",
        "p99_ms",
        "errors",
        "converged",
    ]
    .iter()
    .map(|k| format!("{p}.{k}"))
    .collect()
}

/// Runs the load benchmark against `setup` with up to `devices` devices
/// for `secs` seconds.
pub fn run(
    report: &mut Report,
    dir: &Path,
    setup: &Setup,
    devices: usize,
    secs: u64,
) -> anyhow::Result<()> {
    // Dropped last, after the servers and devices: however the run ends.
    let _clean_up = setup.clean_up_after();
    let server_dir = dir.join("server");
    std::fs::create_dir_all(&server_dir)?;
    let store = setup.open_store(&server_dir)?;
    let now = chrono::Utc::now();
    let mut tokens = Vec::new();
    let mut limit_note = None;
    for k in 0..devices {
        let name = format!("eng{k:03}");
        add_user(&*store, &SystemClock, &name, Role::Engineer)?;
        match enroll(&*store, &SystemClock, &name, "load device") {
            Ok(e) => tokens.push((name, e.token, e.device.id)),
            Err(AdminError::Store(StoreError::NoFreeSlot)) => {
                limit_note = Some(k);
                break;
            }
            Err(e) => return Err(e.into()),
        }
    }
    if let Some(k) = limit_note {
        eprintln!("[bench]   the server enrols at most {k} devices (slots 1–999); {k} of {devices} devices take part");
    }
    let mut sims_orders = Vec::new();
    for (k, (name, _, _)) in tokens.iter().enumerate() {
        let mut ids = Vec::new();
        for j in 0..ORDERS_EACH {
            let (id, mut am) = fixtures::work_order_doc(k * ORDERS_EACH + j, name, now);
            put_doc(&*store, &id, &mut am)?;
            ids.push(id);
        }
        sims_orders.push(ids);
    }
    drop(store);
    let servers = setup.start(&server_dir)?;
    let stats = Arc::new(Stats::default());
    let mut sims = Vec::new();
    for (k, ((_, token, device_id), orders)) in tokens.iter().zip(sims_orders).enumerate() {
        let d = dir.join(format!("device-{k:03}"));
        std::fs::create_dir_all(&d)?;
        let store = Store::open(&d.join("onsite.db"))?;
        // Device k syncs with instance k % n.
        let srv = &servers[k % servers.len()];
        // Its actor, registered as the app does (`POST /v1/actors`): the
        // server refuses changes under any other.
        srv.register_actor(store.actor(), *device_id);
        sims.push(Arc::new(Sim {
            store: Arc::new(Mutex::new(store)),
            transport: Hooked::new(
                HttpTransport::new(&srv.url, token)?,
                Timed {
                    stats: stats.clone(),
                },
            ),
            orders,
        }));
    }
    let n = sims.len();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(8)
        .enable_all()
        .build()?;

    // Every device's first sync, outside the window.
    sync_all(&rt, &sims, &stats);
    let setup_errors = stats.errors.swap(0, Ordering::Relaxed);
    if setup_errors > 0 {
        eprintln!("[bench]   {setup_errors} errors in the devices' first syncs");
    }
    eprintln!(
        "[bench]   {n} devices synced with {} instance(s); loading for {secs} s",
        servers.len()
    );

    stats.measuring.store(true, Ordering::Relaxed);
    let window = Instant::now();
    let deadline = window + Duration::from_secs(secs);
    rt.block_on(async {
        let mut set = tokio::task::JoinSet::new();
        for sim in &sims {
            let (sim, stats) = (sim.clone(), stats.clone());
            set.spawn(async move {
                let mut turn = 0u64;
                loop {
                    let (think, edit, pick) = {
                        let mut r = rand::rng();
                        (
                            r.random_range(1000..3000u64),
                            r.random_bool(0.7),
                            r.random_range(0..sim.orders.len()),
                        )
                    };
                    tokio::time::sleep(Duration::from_millis(think)).await;
                    if Instant::now() >= deadline {
                        break;
                    }
                    turn += 1;
                    if edit {
                        let id = sim.orders[pick].clone();
                        let store = sim.store.clone();
                        let done = tokio::task::spawn_blocking(move || {
                            store
                                .lock()
                                .unwrap()
                                .edit(std::slice::from_ref(&id), |docs| {
                                    fixtures::engineer_edit(&mut docs[0], &format!("turn {turn}"))
                                })
                                .map(|_| ())
                                .map_err(|e| e.to_string())
                        })
                        .await;
                        if !matches!(done, Ok(Ok(()))) {
                            stats.errors.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                    sync_counted(&sim, &stats).await;
                }
            });
        }
        while set.join_next().await.is_some() {}
    });
    let elapsed = window.elapsed().as_secs_f64();
    stats.measuring.store(false, Ordering::Relaxed);

    // Final sync, then compare every document.
    sync_all(&rt, &sims, &stats);
    let mut converged = true;
    for sim in &sims {
        let dev = sim.store.lock().unwrap();
        for id in &sim.orders {
            let mine = dev.load(id)?.map(|mut d| d.get_heads());
            let theirs = servers[0]
                .store()
                .load_doc(id.as_str())?
                .map(|mut s| s.doc.get_heads());
            if mine.is_none() || mine != theirs {
                if converged {
                    eprintln!("[bench]   {id} differs between its device and the server");
                }
                converged = false;
            }
        }
    }
    drop(sims);
    drop(rt);
    drop(servers);

    let lat = stats.latencies.lock().unwrap().clone();
    let requests = stats.requests.load(Ordering::Relaxed) as f64;
    let p = setup.prefix();
    report.add(
        format!("{p}.devices"),
        n as f64,
        "",
        Target::Text(
            format!(
                "200{}",
                if n < devices {
                    " (server ran out of device slots)"
                } else {
                    ""
                }
            ),
            n >= 200,
        ),
    );
    report.add(
        format!("{p}.requests_per_s"),
        (requests / elapsed * 10.0).round() / 10.0,
        "req/s",
        Target::None,
    );
    report.add_ms_percentile(&format!("{p}.p50_ms"), &lat, 50.0, Target::None);
    report.add_ms_percentile(&format!("{p}.p99_ms"), &lat, 99.0, Target::AtMost(250.0));
    report.add(
        format!("{p}.errors"),
        stats.errors.load(Ordering::Relaxed) as f64,
        "",
        Target::Equals(0.0),
    );
    report.add(
        format!("{p}.converged"),
        if converged { 1.0 } else { 0.0 },
        "",
        Target::Equals(1.0),
    );
    Ok(())
}
