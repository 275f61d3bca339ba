//! The office's reports over a year: `report.year_10k_ms` times
//! `Device::stats_report` for the whole of 2026 on a device store holding
//! N (10,000) work orders called through that year — made with core's
//! test-support builders through the ops, as the app makes them: six in
//! ten resolved and signed (satisfaction 1–5, tiers from the equipment's
//! acceptance date, one in six under one of three contracts), two thirds
//! of those filed (on time or a week late), one in twenty closed; one in
//! ten cancelled; the rest open at various steps — plus a complaint per
//! 50 orders and a pickup with units used per 5 orders. The report reads
//! only the projections (`wo_list`, `wo_figures`, `complaint_list`,
//! `pickup_list`); the median of 7 runs after 2 warm-ups, in Chinese.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use automerge::AutoCommit;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use onsite_core::clock::FixedClock;
use onsite_core::doc;
use onsite_core::model::{ComplaintClass, DocId, DocKind, Priority, WorkOrder};
use onsite_core::ops::{self, Actor};
use onsite_core::rules::state::{Action, Role};
use onsite_core::rules::RulesConfig;
use onsite_core::service::Device;
use onsite_core::stats::{Lang, PeriodSpec};
use onsite_core::store::Store;
use onsite_core::testing::{
    ComplaintBuilder, ContractBuilder, CustomerBuilder, PickupBuilder, WorkOrderBuilder,
};

use crate::report::{ms, percentile, Report, Target};

const ENGINEERS: [&str; 5] = [
    "yangjinwei",
    "tangrong",
    "xiaotianyu",
    "liujinfeng",
    "chenqin",
];

fn year_start() -> DateTime<Utc> {
    "2026-01-01T00:00:00+08:00".parse().expect("an instant")
}

fn day(s: &str) -> NaiveDate {
    s.parse().expect("a day")
}

/// Work order `i` of `n`, called `i / n` of the way through 2026.
fn work_order(i: usize, n: usize, contracts: &[DocId]) -> WorkOrder {
    let minutes = (i as i64) * 365 * 24 * 60 / n.max(1) as i64;
    let reported = year_start() + Duration::minutes(minutes);
    let mut b = WorkOrderBuilder::new()
        .number(format!("WO-2026-{i:06}"))
        .reported_at(reported)
        .at(reported)
        .priority([Priority::P1, Priority::P2, Priority::P3, Priority::P4][i % 4])
        .visit_needed(!i.is_multiple_of(9))
        .step(Duration::minutes(5 + (i % 40) as i64 * 3))
        .assigned_to(ENGINEERS[i % ENGINEERS.len()]);
    b = match i % 4 {
        0 => b,
        1 => b.accepted_on(day("2025-06-01")),
        2 => b.accepted_on(day("2024-06-01")),
        _ => b.accepted_on(day("2023-06-01")),
    };
    if i.is_multiple_of(6) {
        b = b.contract(contracts[i % contracts.len()].clone());
    }
    match i % 10 {
        0 => return b.cancelled().build(),
        1 => return b.build(),
        2 => return b.actions(&[Action::Respond]).build(),
        3 => {
            return b
                .actions(&[Action::Respond, Action::Depart, Action::Arrive])
                .build()
        }
        _ => {}
    }
    let b = b.resolved().satisfaction((i % 5) as i64 + 1);
    if i % 20 == 4 {
        return b.closed_at(reported + Duration::days(3)).build();
    }
    let mut wo = b.signed().build();
    let signed = wo.signoff.as_ref().expect("signed").signed_at.0;
    let filed = match i % 3 {
        0 => Some(signed + Duration::hours(1)),
        1 => Some(signed + Duration::days(8)),
        _ => None,
    };
    if let Some(at) = filed {
        ops::record_filing(&mut wo, at, "sync", "server").expect("filed");
    }
    wo
}

fn wo_doc(wo: &WorkOrder) -> (DocId, AutoCommit) {
    let am = doc::create(DocKind::WorkOrder, wo).expect("a work order document");
    (wo.id.clone(), am)
}

/// Fills `path` with the year's documents.
fn fill(path: &Path, n: usize) -> anyhow::Result<()> {
    let mut store = Store::open(path).context("open the store")?;
    let mut batch: Vec<(DocId, AutoCommit)> = Vec::new();
    let (cust, am) = CustomerBuilder::new("重庆市农业委员会检测中心").doc();
    batch.push((cust.clone(), am));
    let mut contracts = Vec::new();
    for k in 1..=3 {
        let (id, am) = ContractBuilder::new(&cust, &["GC2030-000001"])
            .number(&format!("HT-2026-00{k}"))
            .doc();
        contracts.push(id.clone());
        batch.push((id, am));
    }
    let flush = |store: &mut Store, batch: &mut Vec<(DocId, AutoCommit)>| -> anyhow::Result<()> {
        let docs: Vec<_> = batch
            .drain(..)
            .map(|(id, am)| (id, onsite_core::testing::owned_by(store, &am)))
            .collect();
        store
            .transact(docs, &[], |_, _| Ok::<_, std::convert::Infallible>(()))
            .map_err(|e| anyhow::anyhow!("store the documents: {e}"))
    };
    for i in 0..n {
        let wo = work_order(i, n, &contracts);
        if i % 5 == 4 {
            let picked = wo.reported_at.0 + Duration::hours(1);
            batch.push(
                PickupBuilder::new(&wo.id, &format!("PN-{:03}", i % 60))
                    .part_name("点火线圈")
                    .qty(3)
                    .used((i % 3) as i64 + 1)
                    .warehouse(if i % 2 == 0 { "main" } else { "branch" })
                    .engineer(ENGINEERS[i % ENGINEERS.len()])
                    .at(picked)
                    .doc(),
            );
        }
        if i % 50 == 7 {
            let class = ComplaintClass::ALL[i % ComplaintClass::ALL.len()];
            batch.push(
                ComplaintBuilder::new(Some(&cust), "PN-001")
                    .class(class)
                    .received_at(wo.reported_at.0 + Duration::days(2))
                    .doc(),
            );
        }
        batch.push(wo_doc(&wo));
        if batch.len() >= 500 {
            flush(&mut store, &mut batch)?;
        }
    }
    flush(&mut store, &mut batch)?;
    Ok(())
}

/// Runs the reports benchmark on `n` orders in `dir`.
pub fn run(report: &mut Report, dir: &Path, n: usize) -> anyhow::Result<()> {
    let path = dir.join("onsite.db");
    let t = Instant::now();
    fill(&path, n)?;
    eprintln!(
        "[bench]   {n} work orders of 2026 stored in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let now: DateTime<Utc> = "2027-01-05T09:00:00+08:00".parse()?;
    let device = Device::new(
        Store::open(&path)?,
        Arc::new(FixedClock::new(now)),
        RulesConfig::default(),
        Actor::new("office", Role::Office),
    )
    .map_err(|e| anyhow::anyhow!("device: {e}"))?;
    let year = PeriodSpec::Year { year: 2026 };
    let mut samples = Vec::new();
    let mut last = None;
    for k in 0..9 {
        let t = Instant::now();
        let r = device
            .stats_report(&year, Lang::Zh)
            .map_err(|e| anyhow::anyhow!("report: {e}"))?;
        if k >= 2 {
            samples.push(ms(t.elapsed()));
        }
        last = Some(r);
    }
    let r = last.expect("runs");
    let calls: i64 = r.tables[0]
        .rows
        .last()
        .map(|row| {
            row.cells[1..4]
                .iter()
                .map(|c| match c {
                    onsite_core::stats::Cell::Int(n) => *n,
                    _ => 0,
                })
                .sum()
        })
        .unwrap_or(0);
    eprintln!(
        "[bench]   the year's report: {} tables, {calls} repair calls counted by the response clock",
        r.tables.len()
    );
    report.add(
        "report.year_10k_ms",
        percentile(&samples, 50.0),
        "ms",
        Target::AtMost(300.0),
    );
    Ok(())
}
