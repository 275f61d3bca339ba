//! The one-pass read against `autosurgeon`'s, over work orders in every
//! shape the test-support builders make, and the two timed.

use std::time::Instant;

use automerge::{transaction::Transactable, ActorId, AutoCommit, ReadDoc as _, ROOT};

use super::*;
use crate::doc;
use crate::model::{
    ChargeOverrideRecord, CheckItem, DocId, FilingReceipt, Loaner, Note, OrderFollowUp, PartUse,
    PlannedVisit, SignOff, TamperFlag, WorkOrder,
};
use crate::photos::model::{Photo, PhotoKind};
use crate::rules::state::Action;
use crate::testing::work_order::TO_RESOLVED;
use crate::testing::{at, day, followups, strip_optional_keys, WorkOrderBuilder};

fn note(i: usize) -> Note {
    Note {
        at: at("2026-03-02T02:00:00Z"),
        by: format!("eng{i}"),
        role: if i.is_multiple_of(2) {
            "engineer"
        } else {
            "expert"
        }
        .into(),
        text: format!("第{i}条备注"),
    }
}

fn photo(i: usize) -> Photo {
    Photo {
        hash: format!("{i:064x}"),
        thumb: format!("{:064x}", i + 1000),
        kind: PhotoKind::ALL[i % PhotoKind::ALL.len()],
        caption: if i.is_multiple_of(2) {
            String::new()
        } else {
            format!("照片{i}")
        },
        width: 2048,
        height: 1536,
        bytes: 400_000 + i as u64,
        taken_at: at("2026-03-02T02:00:00Z"),
        by: "zhang".into(),
    }
}

fn part(i: usize) -> PartUse {
    PartUse {
        pickup_id: DocId::with_suffix(crate::model::DocKind::Pickup, &format!("P{i}")),
        part_no: format!("P-{i:03}"),
        name: "进样垫".into(),
        qty: i as i64 + 1,
        unit_cost_fen: 1200,
        standard_price_fen: 2500,
    }
}

/// Work orders (as structs) in every shape the builders make.
fn orders() -> Vec<WorkOrder> {
    let base = || WorkOrderBuilder::new();
    let mut out = vec![
        base().build(),
        base().assigned_to("zhang").build(),
        base().assigned_to("zhang").actions(&TO_RESOLVED).build(),
        base().assigned_to("zhang").resolved().build(),
        base().assigned_to("zhang").signed().build(),
        base()
            .assigned_to("zhang")
            .charge_override(9900, "老客户")
            .signed()
            .build(),
        base()
            .assigned_to("zhang")
            .signed()
            .closed_at(at("2026-03-09T02:00:00Z").0)
            .build(),
        base().assigned_to("zhang").cancelled().build(),
        base()
            .customer_id(DocId::with_suffix(crate::model::DocKind::Customer, "C1"))
            .contract(DocId::with_suffix(crate::model::DocKind::Contract, "K1"))
            .accepted_on(day("2025-03-01"))
            .estimate_fen(123_456)
            .visit_needed(false)
            .repair_items(&[])
            .build(),
        base()
            .assigned_to("li")
            .actions(&[Action::Respond, Action::Depart])
            .build(),
        followups::filed(base().assigned_to("zhang")),
    ];
    // Parts, notes, photos, a loaner, a planned visit and its checklist,
    // a tamper flag and follow-ups written onto orders.
    let mut full = base().assigned_to("zhang").signed().build();
    full.parts_used = (0..3).map(part).collect();
    full.notes = (0..4).map(note).collect();
    full.photos = (0..3).map(photo).collect();
    full.experts = vec!["expert1".into()];
    full.loaner = Some(Loaner {
        model: "GC-2010".into(),
        serial: "L-1".into(),
        issued_at: at("2026-03-02T03:00:00Z"),
        returned_at: Some(at("2026-03-05T03:00:00Z")),
    });
    full.planned = Some(PlannedVisit {
        contract_id: DocId::with_suffix(crate::model::DocKind::Contract, "K2"),
        period_start: crate::model::Day(day("2026-01-01")),
        period_end: crate::model::Day(day("2026-03-31")),
    });
    full.checklist = vec![
        CheckItem {
            text: "清洁进样口".into(),
            done: true,
        },
        CheckItem {
            text: "检查气路".into(),
            done: false,
        },
    ];
    full.tamper_flag = Some(TamperFlag {
        detected_at: at("2026-03-03T00:00:00Z"),
        reason: "hash".into(),
    });
    full.filing = Some(FilingReceipt {
        received_at: at("2026-03-02T05:00:00Z"),
        content_hash: "ab".repeat(32),
        via: "import".into(),
    });
    full.follow_ups = vec![OrderFollowUp {
        at: at("2026-03-10T02:00:00Z"),
        by: "office".into(),
        result: "满意".into(),
        satisfaction: 5,
    }];
    full.charge_override = Some(ChargeOverrideRecord {
        amount_fen: -5,
        reason: "x".into(),
        by: "office".into(),
        at: at("2026-03-02T04:00:00Z"),
    });
    full.service.labour_minutes = 90;
    full.service.work_done = "更换进样垫".into();
    out.push(full);
    let mut unsigned: SignOff = out[4].signoff.clone().expect("signed");
    unsigned.strokes.clear();
    let mut empty_strokes = out[4].clone();
    empty_strokes.signoff = Some(unsigned);
    out.push(empty_strokes);
    out
}

enum Outcome {
    Equal,
    /// The fast read refused a document `autosurgeon` reads (fallback).
    FastRefused(String),
    BothRefused,
    Differ(String),
}

fn compare(d: &AutoCommit) -> Outcome {
    let slow = doc::read::<WorkOrder, _>(d, crate::model::DocKind::WorkOrder);
    let fast = read_fast::<WorkOrder>(d);
    let fallback = read_or_hydrate::<WorkOrder, _>(d, crate::model::DocKind::WorkOrder);
    assert_eq!(
        fallback.as_ref().ok(),
        slow.as_ref().ok(),
        "read_or_hydrate must give what doc::read gives"
    );
    match (slow, fast) {
        (Ok(s), Ok(f)) if s == f => Outcome::Equal,
        (Ok(s), Ok(f)) => Outcome::Differ(format!("{s:#?}\n!=\n{f:#?}")),
        (Ok(_), Err(e)) => Outcome::FastRefused(e.to_string()),
        (Err(_), Err(_)) => Outcome::BothRefused,
        (Err(e), Ok(_)) => Outcome::Differ(format!("autosurgeon refuses ({e}), serde reads")),
    }
}

fn docs_of(orders: &[WorkOrder]) -> Vec<AutoCommit> {
    orders
        .iter()
        .map(|wo| doc::create(crate::model::DocKind::WorkOrder, wo).unwrap())
        .collect()
}

/// Both reads of `d` (`what`, in the failure) give the same order.
fn assert_reads_equal(d: &AutoCommit, what: &str) {
    match compare(d) {
        Outcome::Equal => {}
        Outcome::FastRefused(e) => panic!("{what}: fast read refused: {e}"),
        Outcome::BothRefused => panic!("{what}: neither reads"),
        Outcome::Differ(d) => panic!("{what}: reads differ:\n{d}"),
    }
}

#[test]
fn fast_read_equals_autosurgeon_for_every_built_order() {
    for (i, d) in docs_of(&orders()).iter().enumerate() {
        assert_reads_equal(d, &format!("order {i}"));
    }
}

#[test]
fn fast_read_equals_autosurgeon_after_concurrent_edits() {
    for (i, wo) in orders().into_iter().enumerate() {
        let mut a = doc::create_as(
            crate::model::DocKind::WorkOrder,
            &wo,
            &ActorId::from(&[1_u8; 16][..]),
            0,
        )
        .unwrap();
        let mut b = a.fork().with_actor(ActorId::from(&[2_u8; 16][..]));
        let mut wa: WorkOrder = doc::read(&a, crate::model::DocKind::WorkOrder).unwrap();
        let mut wb = wa.clone();
        wa.fault = "A 改的故障".into();
        wa.notes.push(note(100));
        wa.service.labour_minutes = 30;
        wa.assignee = Some("a".into());
        wb.fault = "B 改的故障".into();
        wb.notes.push(note(200));
        wb.service.labour_minutes = 45;
        wb.photos.push(photo(7));
        wb.assignee = None;
        doc::write(&mut a, &wa).unwrap();
        doc::write(&mut b, &wb).unwrap();
        a.merge(&mut b).unwrap();
        assert_reads_equal(&a, &format!("order {i}"));
    }
}

/// Documents another client may write: optional keys absent, numbers as
/// floats, a counter. The fast read may refuse them (the fallback reads
/// them); it must never read them differently.
#[test]
fn fast_read_never_differs_on_documents_of_other_clients() {
    let mut refused = Vec::new();
    for (i, mut d) in docs_of(&orders()).into_iter().enumerate() {
        let stripped = strip_optional_keys(&mut d);
        match compare(&d) {
            Outcome::Equal => {}
            Outcome::FastRefused(e) => refused.push(format!("stripped {i} ({stripped:?}): {e}")),
            Outcome::BothRefused => {}
            Outcome::Differ(x) => panic!("stripped order {i}: reads differ:\n{x}"),
        }
    }
    let mut d = doc::create(crate::model::DocKind::WorkOrder, &orders()[0]).unwrap();
    d.put(ROOT, "estimate_fen", 250.0_f64).unwrap();
    match compare(&d) {
        Outcome::Differ(x) => panic!("float: {x}"),
        Outcome::FastRefused(e) => refused.push(format!("float estimate: {e}")),
        _ => {}
    }
    let mut d = doc::create(crate::model::DocKind::WorkOrder, &orders()[0]).unwrap();
    d.put(ROOT, "estimate_fen", automerge::ScalarValue::counter(7))
        .unwrap();
    match compare(&d) {
        Outcome::Differ(x) => panic!("counter: {x}"),
        Outcome::FastRefused(e) => refused.push(format!("counter estimate: {e}")),
        _ => {}
    }
    let mut d = doc::create(crate::model::DocKind::WorkOrder, &orders()[0]).unwrap();
    d.put(
        ROOT,
        "reported_at",
        automerge::ScalarValue::Timestamp(1_767_225_600_000),
    )
    .unwrap();
    match compare(&d) {
        Outcome::Differ(x) => panic!("timestamp: {x}"),
        Outcome::FastRefused(e) => refused.push(format!("timestamp reported_at: {e}")),
        _ => {}
    }
    for (key, text) in [
        ("reported_at", "2026-11-20 02:00:00Z"),
        ("reported_at", "2026-11-20t02:00:00z"),
        ("reported_at", "2026-11-20T10:00:00+08:00"),
        ("reported_at", "2026-11-20T02:00:00.250Z"),
        ("reported_at", "+10000-01-01T00:00:00Z"),
        ("created_at", "2026-11-20T02:00:00"),
    ] {
        let mut d = doc::create(crate::model::DocKind::WorkOrder, &orders()[0]).unwrap();
        d.put(ROOT, key, text).unwrap();
        match compare(&d) {
            Outcome::Differ(x) => panic!("{key} = {text:?}: {x}"),
            Outcome::FastRefused(e) => refused.push(format!("{key} = {text:?}: {e}")),
            Outcome::BothRefused => refused.push(format!("{key} = {text:?}: both refuse")),
            Outcome::Equal => {}
        }
    }
    let mut d = doc::create(crate::model::DocKind::WorkOrder, &orders()[8]).unwrap();
    let eq = match d.get(ROOT, "equipment").unwrap() {
        Some((_, id)) => id,
        None => unreachable!(),
    };
    for text in [
        "2025-3-1",
        " 2025-03-01",
        "+12025-03-01",
        "2025-03-01T00:00:00Z",
    ] {
        d.put(&eq, "accepted_on", text).unwrap();
        match compare(&d) {
            Outcome::Differ(x) => panic!("accepted_on = {text:?}: {x}"),
            Outcome::FastRefused(e) => refused.push(format!("accepted_on = {text:?}: {e}")),
            Outcome::BothRefused => refused.push(format!("accepted_on = {text:?}: both refuse")),
            Outcome::Equal => {}
        }
    }
    eprintln!("fast read refused (fallback used) for {}:", refused.len());
    for r in &refused {
        eprintln!("  {r}");
    }
}

#[test]
fn fast_read_timing() {
    let orders = orders();
    let docs: Vec<AutoCommit> = (0..1000)
        .map(|i| doc::create(crate::model::DocKind::WorkOrder, &orders[i % orders.len()]).unwrap())
        .collect();
    let mut sink = 0usize;
    let t = Instant::now();
    for d in &docs {
        let wo: WorkOrder = doc::read(d, crate::model::DocKind::WorkOrder).unwrap();
        sink += wo.notes.len();
    }
    let slow = t.elapsed();
    let t = Instant::now();
    for d in &docs {
        let wo: WorkOrder = read_fast(d).unwrap();
        sink += wo.notes.len();
    }
    let fast = t.elapsed();
    let t = Instant::now();
    for d in &docs {
        sink += d.hydrate(ROOT, None).map(|_| 1).unwrap_or(0);
    }
    let hydrate_only = t.elapsed();
    eprintln!(
        "1000 docs: autosurgeon {:.1} µs/doc, read_fast {:.1} µs/doc (automerge hydrate alone {:.1} µs/doc) [{sink}]",
        slow.as_secs_f64() * 1e3,
        fast.as_secs_f64() * 1e3,
        hydrate_only.as_secs_f64() * 1e3,
    );
}
