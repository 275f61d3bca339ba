//! The field history 历史 of big documents: `history.order_300_ms` times
//! `history::field_history` of a work order with 300 changes (an office
//! and an engineer device taking turns, every tenth pair made offline on
//! both sides and merged: notes added, the service record, the priority
//! and the charge set), and `history.part_2000_ms` of a part with 2000
//! stock changes (counter increments and decrements from two devices).
//! Pure (no store, no server): the median of 5 runs after a warm-up,
//! in Chinese, with an empty provenance.

use std::time::Instant;

use automerge::{transaction::CommitOptions, ActorId, AutoCommit};
use onsite_core::doc;
use onsite_core::history::{field_history, HistoryConfig, Provenance};
use onsite_core::model::{DocId, DocKind, Note, Priority, WorkOrder};
use onsite_core::stats::Lang;
use onsite_core::testing::{PartBuilder, WorkOrderBuilder};

use crate::report::{ms, percentile, Report, Target};

const T0: i64 = 1_772_416_800_000;

fn actors() -> (ActorId, ActorId) {
    (
        ActorId::from([0x0f; 16].as_slice()),
        ActorId::from([0xe1; 16].as_slice()),
    )
}

fn commit(d: &mut AutoCommit, n: usize) {
    d.commit_with(CommitOptions::default().with_time(T0 + n as i64 * 60_000));
}

fn edit(d: &mut AutoCommit, n: usize) -> anyhow::Result<()> {
    let mut wo: WorkOrder = doc::read(d, DocKind::WorkOrder)?;
    match n % 4 {
        0 => wo.notes.push(Note {
            at: wo.created_at,
            by: "office".into(),
            role: "office".into(),
            text: format!("第 {n} 次跟进"),
        }),
        1 => wo.service.work_done = format!("处理过程，第 {n} 版"),
        2 => wo.priority = [Priority::P1, Priority::P2, Priority::P3][n % 3],
        _ => wo.service.labour_minutes = n as i64,
    }
    doc::write(d, &wo)?;
    commit(d, n);
    Ok(())
}

/// A work order with `changes` changes from two devices.
fn order(changes: usize) -> anyhow::Result<(DocId, AutoCommit)> {
    let (office, engineer) = actors();
    let wo = WorkOrderBuilder::new().assigned_to("yangjinwei").build();
    let mut o = doc::create_as(DocKind::WorkOrder, &wo, &office, T0)?;
    let mut e = o.fork().with_actor(engineer);
    let mut n = 1;
    while n < changes {
        if n % 20 == 0 && n + 1 < changes {
            // Offline on both sides, then merged both ways.
            edit(&mut o, n)?;
            edit(&mut e, n + 2)?;
            n += 2;
        } else if n % 2 == 0 {
            edit(&mut o, n)?;
            n += 1;
        } else {
            edit(&mut e, n)?;
            n += 1;
        }
        o.merge(&mut e)?;
        e.merge(&mut o)?;
    }
    Ok((wo.id, o))
}

/// A part with `changes` stock movements from two devices.
fn part(changes: usize) -> anyhow::Result<(DocId, AutoCommit)> {
    let (office, store) = actors();
    let (id, mut p) = PartBuilder::new("P-BENCH").stock_in("main", 100).doc();
    p.set_actor(office);
    commit(&mut p, 0);
    let mut s = p.fork().with_actor(store);
    for n in 1..changes {
        let (d, delta) = if n % 2 == 0 {
            (&mut p, 1)
        } else {
            (&mut s, -1)
        };
        doc::adjust_stock(d, "main", delta)?;
        commit(d, n);
        if n % 10 == 0 {
            p.merge(&mut s)?;
            s.merge(&mut p)?;
        }
    }
    p.merge(&mut s)?;
    Ok((id, p))
}

/// The median of 5 timed builds of the history of `doc` after a warm-up.
fn time(id: &DocId, doc: &AutoCommit) -> anyhow::Result<(f64, usize)> {
    let cfg = HistoryConfig {
        skew_margin_minutes: 10,
        lang: Lang::Zh,
    };
    let prov = Provenance::default();
    let mut rows = 0;
    let mut samples = Vec::new();
    for i in 0..6 {
        let mut d = doc.clone();
        let t = Instant::now();
        let h = field_history(&mut d, id, &prov, &cfg)?;
        if i > 0 {
            samples.push(ms(t.elapsed()));
        }
        rows = h.rows.len();
    }
    Ok((percentile(&samples, 50.0), rows))
}

/// Records `history.order_300_ms` and `history.part_2000_ms`.
pub fn run(r: &mut Report) -> anyhow::Result<()> {
    let (id, d) = order(300)?;
    let (t, rows) = time(&id, &d)?;
    eprintln!("[bench] history: order of 300 changes, {rows} rows");
    r.add("history.order_300_ms", t, "ms", Target::None);
    let (id, d) = part(2000)?;
    let (t, rows) = time(&id, &d)?;
    eprintln!("[bench] history: part of 2000 changes, {rows} rows");
    r.add("history.part_2000_ms", t, "ms", Target::None);
    Ok(())
}
