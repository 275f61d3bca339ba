//! The local store: N (10,000) work orders in a real SQLite file (WAL,
//! `synchronous = FULL`, exactly as the app opens it), all assigned to the
//! signed-in engineer, then:
//!
//! - `store.list_10k_ms`: `Device::work_order_page({open_only, limit: 50})`
//!   — what the engineer's "my orders" screen asks for: the first page of
//!   open orders, soonest deadline first, with each row's clocks and group,
//!   and the count of all open orders (median of 15 after 2 warm-ups).
//!   `store.list_10k_all_ms` is the whole unpaged list
//!   (`Device::list_work_orders({open_only})`, every open order) and
//!   `store.list_10k_query_ms` its projection query alone
//!   (`Store::list_work_orders`), to separate SQLite from the per-row work.
//! - `store.search_10k_ms`: the office's order search
//!   (`Device::search_orders`, first page of 50 and the count of all
//!   matches, newest call first) over the same 10,000 orders: the slowest
//!   median of five typical searches (a serial number, a customer's name,
//!   an order number's tail, closed orders of one priority in a call-date
//!   range, and no filter at all); each is printed.
//!   `store.dispatch_10k_ms`: the dispatch view (`Device::dispatch_board`)
//!   with every one of the 10,000 orders assigned.
//! - `store.open_ms`: `Device::get_work_order` (load snapshot and chunks,
//!   hydrate, tier, charges, clocks, filing, signature check, pickups),
//!   median over 200 different orders.
//! - `store.edit_commit_ms_p50` (and `_p99`): one engineer edit through
//!   `Store::edit` — load, change, save chunk, projection, dirty mark, one
//!   durable transaction — over 200 different orders.
//! - `store.bytes_per_doc`: the file's size after a WAL checkpoint and
//!   `VACUUM`, divided by N.
//!
//! The file is kept (with the user set to `bench`, an engineer) for the app
//! cold-start benchmark.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use onsite_core::clock::SystemClock;
use onsite_core::dispatch::OrderSearch;
use onsite_core::model::{Day, DocId, Priority};
use onsite_core::ops::Actor;
use onsite_core::rules::state::{Role, Status};
use onsite_core::rules::RulesConfig;
use onsite_core::service::Device;
use onsite_core::store::{meta_keys, Paging, Store, WoFilter};
use rand::seq::SliceRandom;

use crate::fixtures;
use crate::report::{ms, percentile, Report, Target};

/// Rows per page of the engineer's list (a screenful or two).
const PAGE: u32 = 50;

/// The engineer the local store belongs to.
pub const USER: &str = "bench";

/// Fills `path` with `n` work orders assigned to [`USER`], in transactions
/// of 500, and marks the store as signed in as that engineer.
pub fn fill(path: &Path, n: usize, user: &str) -> anyhow::Result<()> {
    let mut store = Store::open(path).context("open the store")?;
    store.set_meta_str(meta_keys::USER_NAME, user)?;
    store.set_meta_str(meta_keys::ROLE, "engineer")?;
    let now = chrono::Utc::now();
    let mut i = 0;
    while i < n {
        let batch: Vec<_> = (i..n.min(i + 500))
            .map(|k| {
                let (id, am) = fixtures::work_order_doc(k, user, now);
                (id, onsite_core::testing::owned_by(&store, &am))
            })
            .collect();
        i += batch.len();
        store
            .transact(batch, &[], |_, _| Ok::<_, std::convert::Infallible>(()))
            .map_err(|e| anyhow::anyhow!("create work orders: {e}"))?;
    }
    Ok(())
}

/// Runs the local-store benchmarks on `n` orders in `dir`; returns the
/// store file (closed, checkpointed).
pub fn run(report: &mut Report, dir: &Path, n: usize) -> anyhow::Result<PathBuf> {
    let path = dir.join("onsite.db");
    let t = Instant::now();
    fill(&path, n, USER)?;
    eprintln!(
        "[bench]   {n} work orders stored in {:.1} s",
        t.elapsed().as_secs_f64()
    );

    let store = Store::open(&path)?;
    let mut device = Device::new(
        store,
        Arc::new(SystemClock),
        RulesConfig::default(),
        Actor::new(USER, Role::Engineer),
    )
    .map_err(|e| anyhow::anyhow!("device: {e}"))?;

    // The list, as the engineer's screen asks for it: one page.
    let filter = WoFilter {
        open_only: true,
        ..Default::default()
    };
    let page = WoFilter {
        page: Paging::first(PAGE),
        ..filter.clone()
    };
    let (page_ms, list) = median_ms(|| {
        device
            .work_order_page(page.clone())
            .map_err(|e| anyhow::anyhow!("list page: {e}"))
    })?;
    let (shown, total) = (list.items.len(), list.total);
    eprintln!("[bench]   the first page shows {shown} of {total} open orders of {n}");
    report.add("store.list_10k_ms", page_ms, "ms", Target::AtMost(20.0));
    // The whole list, unpaged.
    let (all_ms, list) = median_ms(|| {
        device
            .list_work_orders(filter.clone())
            .map_err(|e| anyhow::anyhow!("list: {e}"))
    })?;
    let rows = list.len();
    eprintln!("[bench]   the whole list has {rows} open orders");
    report.add("store.list_10k_all_ms", all_ms, "ms", Target::None);
    let mine = WoFilter {
        assignee: Some(USER.into()),
        open_only: true,
        ..Default::default()
    };
    let (query_ms, _) = median_ms(|| Ok(device.store.list_work_orders(&mine)?))?;
    report.add("store.list_10k_query_ms", query_ms, "ms", Target::None);

    search(report, &path)?;

    // Open 200 different orders.
    let mut ids: Vec<DocId> = device
        .list_work_orders(filter)
        .map_err(|e| anyhow::anyhow!("list: {e}"))?
        .into_iter()
        .map(|item| item.row.id)
        .collect();
    ids.shuffle(&mut rand::rng());
    ids.truncate(200);
    let mut open = Vec::new();
    for id in &ids {
        let t = Instant::now();
        device
            .get_work_order(id)
            .map_err(|e| anyhow::anyhow!("open {id}: {e}"))?;
        open.push(ms(t.elapsed()));
    }
    report.add_ms_percentile("store.open_ms", &open, 50.0, Target::AtMost(5.0));

    // 200 edits, each one durable transaction.
    let mut edits = Vec::new();
    for (k, id) in ids.iter().enumerate() {
        let t = Instant::now();
        device
            .store
            .edit(std::slice::from_ref(id), |docs| {
                fixtures::engineer_edit(&mut docs[0], &format!("bench edit {k}"))
            })
            .map_err(|e| anyhow::anyhow!("edit {id}: {e}"))?;
        edits.push(ms(t.elapsed()));
    }
    report.add_ms_percentile(
        "store.edit_commit_ms_p50",
        &edits,
        50.0,
        Target::AtMost(5.0),
    );
    report.add_ms_percentile("store.edit_commit_ms_p99", &edits, 99.0, Target::None);
    drop(device);

    // Size after compaction.
    let conn = rusqlite::Connection::open(&path)?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    conn.execute_batch("VACUUM")?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    drop(conn);
    let mut size = std::fs::metadata(&path)?.len();
    if let Ok(wal) = std::fs::metadata(path.with_extension("db-wal")) {
        size += wal.len();
    }
    eprintln!(
        "[bench]   store file {:.1} MB after VACUUM",
        size as f64 / 1e6
    );
    report.add(
        "store.bytes_per_doc",
        (size as f64 / n as f64).round(),
        "B",
        Target::None,
    );
    Ok(path)
}

/// The office's searches and dispatch view over the store at `path`
/// (`store.search_10k_ms`, `store.dispatch_10k_ms`).
fn search(report: &mut Report, path: &Path) -> anyhow::Result<()> {
    let office = Device::new(
        Store::open(path)?,
        Arc::new(SystemClock),
        RulesConfig::default(),
        Actor::new("office", Role::Office),
    )
    .map_err(|e| anyhow::anyhow!("office device: {e}"))?;
    let today = chrono::Utc::now().date_naive();
    let words = |q: &str| OrderSearch {
        query: q.into(),
        ..Default::default()
    };
    let searches = [
        ("a serial number", words("gc2030-004321")),
        ("a customer", words("疾病预防控制中心")),
        ("an order number's tail", words("000777")),
        (
            "closed P1 in a week",
            OrderSearch {
                statuses: Some(vec![Status::Closed, Status::Cancelled]),
                priorities: Some(vec![Priority::P1]),
                called_from: Some(Day(today - chrono::Days::new(7))),
                called_to: Some(Day(today)),
                ..Default::default()
            },
        ),
        ("everything", OrderSearch::default()),
    ];
    let mut slowest: f64 = 0.0;
    for (what, search) in searches {
        let (t, page) = median_ms(|| {
            office
                .search_orders(search.clone())
                .map_err(|e| anyhow::anyhow!("search {what}: {e}"))
        })?;
        eprintln!(
            "[bench]   search {what}: {} of {} found in {t:.2} ms",
            page.items.len(),
            page.total
        );
        slowest = slowest.max(t);
    }
    report.add("store.search_10k_ms", slowest, "ms", Target::AtMost(100.0));
    let (t, board) = median_ms(|| {
        office
            .dispatch_board()
            .map_err(|e| anyhow::anyhow!("dispatch: {e}"))
    })?;
    let open: u32 = board.engineers.iter().map(|g| g.open).sum();
    eprintln!("[bench]   dispatch view: {open} open orders assigned");
    report.add("store.dispatch_10k_ms", t, "ms", Target::AtMost(100.0));
    Ok(())
}

/// Runs `f` 17 times; the median of the last 15 (2 warm-ups) in ms, and
/// the last result.
fn median_ms<T>(mut f: impl FnMut() -> anyhow::Result<T>) -> anyhow::Result<(f64, T)> {
    let mut samples = Vec::new();
    let mut last = None;
    for k in 0..17 {
        let t = Instant::now();
        let v = f()?;
        if k >= 2 {
            samples.push(ms(t.elapsed()));
        }
        last = Some(v);
    }
    Ok((percentile(&samples, 50.0), last.expect("17 runs")))
}
