//! Every figure of the reports on a fixture of orders built with the
//! test-support builders, the expected counts worked out by hand below;
//! the drills against the cells they come from on the demo data; the
//! facade's refusals; and the UI fake's `stats-sample.json`.
//!
//! One file, not one per section: every figure's test reads the one
//! hand-worked fixture below (its table is the expected counts' source),
//! and the drill tests check all sections' cells against it at once.
//!
//! The fixture: March 2026 in Asia/Shanghai (the default rules), the
//! report computed at Wed 1 April 2026 10:00 local. All times below are
//! local (+08:00). The fix deadline is the midnight after the 2nd working
//! day after the call day (weekends off). "step" is the builder's time
//! between steps: assign at `at + step`, respond `+2`, depart `+3`,
//! arrive `+4`, resolve `+5`, sign `+6`.
//!
//! | order | call | prio | engineer | what happens | response | on-site | fix |
//! |---|---|---|---|---|---|---|---|
//! | A | Wed 03-04 10:00 | P1 | zhang | step 30 min: respond 11:00 (= due), arrive 12:00, resolve 12:30, sign 13:00; filed exactly at its filing deadline 03-10 00:00; closed 03-12 | met (at the deadline) | met | met |
//! | B | Thu 03-05 10:00 | P2 | zhang | created 1 s after the call, step 30 min: respond 11:00:01, arrive 12:00:01, resolve 12:30:01, sign 13:00:01; filed 1 s after its deadline (03-11 00:00:01) | breached (1 s late) | met | met |
//! | C | Fri 03-06 09:00 | P3 | li | step 1 day: respond 03-08, arrive 03-10, resolve 03-11 09:00 (fix due 03-11 00:00), sign 03-12 09:00; never filed (due 03-18 00:00) | breached | breached | breached, then resolved |
//! | E | Tue 03-10 14:00 | P4 | li | no visit needed; step 7 min: respond 14:14, resolve 14:35, sign 14:42; filed 1 s before its deadline (03-15 23:59:59) | met | — | met |
//! | G | Sat 03-28 09:00 | P2 | zhang | step 7 min: respond 09:14, arrive 09:28, resolve 09:35 (fix due 04-01 00:00), sign 09:42; not filed, due 04-03 00:00 | met | met | met |
//! | H | Tue 03-31 23:50 | P1 | li | nothing yet (response due 04-01 00:50, on-site 04-01 23:50, fix 04-03 00:00) | breached | running | running |
//! | I | Fri 03-20 10:00 | P2 | — | nothing (fix due 03-25 00:00) | breached | breached | breached |
//! | J | Sun 03-01 00:30 (Sat 02-28 16:30 UTC) | P4 | wang | step 20 min: respond 01:10 (due 01:30) | met | breached | breached |
//! | N | Mon 03-02 09:00 | P2 | wang | signed 09:14 (every stamp then), filed 03-20 09:59 (due 03-08 00:00), closed 03-20 10:00 | met | met | met |
//! | Q | Tue 03-03 09:00 | P3 | zhang | signed 09:14, filed 03-25 09:59 (due 03-09 00:00), closed 03-25 10:00 | met | met | met |
//!
//! Out of the period: a call on 04-01 00:30 (still March in UTC), a call on
//! 02-28 23:30 (February here, and in UTC), a cancelled call on 03-12.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};

use super::figures::nearest_rank;
use super::*;
use crate::complaints::ComplaintRow;
use crate::demo::SeedDemo;
use crate::doc;
use crate::model::{ComplaintClass, DocId, DocKind, Priority, WorkOrder};
use crate::ops::{self, Actor};
use crate::rules::state::{Action, Role};
use crate::rules::warranty::Tier;
use crate::service::{ErrorCode, WoFilter};
use crate::testing::{
    day, instant, ComplaintBuilder, ContractBuilder, CustomerBuilder, PickupBuilder, TempDevice,
    WorkOrderBuilder,
};

fn cst(s: &str) -> DateTime<Utc> {
    instant(&format!("{s}+08:00"))
}

const MARCH: PeriodSpec = PeriodSpec::Month {
    year: 2026,
    month: 3,
};

fn now() -> DateTime<Utc> {
    cst("2026-04-01T10:00:00")
}

fn office() -> TempDevice {
    TempDevice::at(Actor::new("office", Role::Office), now())
}

fn put_wo(t: &mut TempDevice, wo: &WorkOrder) {
    let mut am = doc::create(DocKind::WorkOrder, wo).unwrap();
    t.device.store.create_doc_merging(&wo.id, &mut am).unwrap();
}

fn put(t: &mut TempDevice, (id, mut am): (DocId, automerge::AutoCommit)) {
    t.device.store.create_doc_merging(&id, &mut am).unwrap();
}

/// Order `number`, called in at `at` (local, no offset) and created then.
fn called(number: &str, at: &str) -> WorkOrderBuilder {
    WorkOrderBuilder::new()
        .number(number)
        .reported_at(cst(at))
        .at(cst(at))
}

/// Builds the order and stores it on `t`.
fn stored(t: &mut TempDevice, order: WorkOrderBuilder) -> WorkOrder {
    let wo = order.build();
    put_wo(t, &wo);
    wo
}

fn file(wo: &mut WorkOrder, at: DateTime<Utc>) {
    ops::record_filing(wo, at, "sync", "server").unwrap();
}

/// The ids of the fixture's orders, by letter.
struct Ids {
    a: DocId,
    b: DocId,
    c: DocId,
    h: DocId,
    i: DocId,
}

fn fixture() -> (TempDevice, Ids) {
    let mut t = office();
    let (cust, am) = CustomerBuilder::new("重庆市农业委员会检测中心").doc();
    put(&mut t, (cust.clone(), am));
    let (contract, am) = ContractBuilder::new(&cust, &["SN-001"]).doc();
    put(&mut t, (contract.clone(), am));

    let mut a = called("A", "2026-03-04T10:00:00")
        .step(Duration::minutes(30))
        .priority(Priority::P1)
        .assigned_to("zhang")
        .resolved()
        .signed()
        .build();
    file(&mut a, cst("2026-03-10T00:00:00"));
    ops::apply_action(
        &mut a,
        Action::Close,
        &Actor::new("office", Role::Office),
        cst("2026-03-12T10:00:00"),
    )
    .unwrap();
    put_wo(&mut t, &a);

    // Created a second after the call.
    let mut b = called("B", "2026-03-05T10:00:00")
        .at(cst("2026-03-05T10:00:01"))
        .step(Duration::minutes(30))
        .priority(Priority::P2)
        .assigned_to("zhang")
        .resolved()
        .signed()
        .satisfaction(4)
        .build();
    file(&mut b, cst("2026-03-11T00:00:01"));
    put_wo(&mut t, &b);

    let c = stored(
        &mut t,
        called("C", "2026-03-06T09:00:00")
            .step(Duration::days(1))
            .priority(Priority::P3)
            .accepted_on(day("2025-06-01"))
            .assigned_to("li")
            .resolved()
            .charge_override(12345, "老客户优惠")
            .signed()
            .satisfaction(3),
    );

    let mut e = called("E", "2026-03-10T14:00:00")
        .visit_needed(false)
        .priority(Priority::P4)
        .accepted_on(day("2026-01-01"))
        .contract(contract.clone())
        .assigned_to("li")
        .resolved()
        .signed()
        .build();
    file(&mut e, cst("2026-03-15T23:59:59"));
    put_wo(&mut t, &e);

    stored(
        &mut t,
        called("G", "2026-03-28T09:00:00")
            .priority(Priority::P2)
            .accepted_on(day("2024-06-01"))
            .contract(contract.clone())
            .assigned_to("zhang")
            .resolved()
            .charge_override(50000, "合约外加急")
            .signed()
            .satisfaction(1),
    );
    let h = stored(
        &mut t,
        called("H", "2026-03-31T23:50:00")
            .priority(Priority::P1)
            .assigned_to("li"),
    );
    let i = stored(
        &mut t,
        called("I", "2026-03-20T10:00:00").priority(Priority::P2),
    );
    stored(
        &mut t,
        called("J", "2026-03-01T00:30:00")
            .step(Duration::minutes(20))
            .priority(Priority::P4)
            .assigned_to("wang")
            .actions(&[Action::Respond]),
    );
    stored(
        &mut t,
        called("N", "2026-03-02T09:00:00")
            .priority(Priority::P2)
            .assigned_to("wang")
            .closed_at(cst("2026-03-20T10:00:00")),
    );
    stored(
        &mut t,
        called("Q", "2026-03-03T09:00:00")
            .priority(Priority::P3)
            .assigned_to("zhang")
            .satisfaction(4)
            .closed_at(cst("2026-03-25T10:00:00")),
    );

    // Out of the period.
    stored(&mut t, called("X1", "2026-04-01T00:30:00"));
    let february = stored(&mut t, called("X2", "2026-02-28T23:30:00"));
    stored(
        &mut t,
        called("X3", "2026-03-12T10:00:00")
            .assigned_to("zhang")
            .cancelled(),
    );

    // Complaints: two in March (one at 00:30 on the 1st, still February in
    // UTC; one at 23:30 on the 31st), one on 28 February at 23:30.
    for (class, at) in [
        (ComplaintClass::Quality, "2026-03-31T23:30:00"),
        (ComplaintClass::Other, "2026-03-01T00:30:00"),
        (ComplaintClass::NonQualityHuman, "2026-02-28T23:30:00"),
    ] {
        let doc = ComplaintBuilder::new(Some(&cust), "PN-1")
            .class(class)
            .received_at(cst(at))
            .doc();
        put(&mut t, doc);
    }

    // Pickups: PN-1 ×2 on A (main), PN-1 ×1 on B (branch), PN-2 ×3 on C
    // (main) in March; none used on E; PN-2 ×5 in February.
    let pickups = [
        (&a, "PN-1", "电源模块", 2, 2, "main", "2026-03-04T11:00:00"),
        (
            &b,
            "PN-1",
            "电源模块",
            1,
            1,
            "branch",
            "2026-03-05T11:00:00",
        ),
        (&c, "PN-2", "主板", 3, 3, "main", "2026-03-10T08:00:00"),
        (&e, "PN-3", "保险丝", 1, 0, "main", "2026-03-10T14:20:00"),
        (
            &february,
            "PN-2",
            "主板",
            5,
            5,
            "main",
            "2026-02-28T23:40:00",
        ),
    ];
    for (wo, part_no, name, qty, used, wh, at) in pickups {
        let doc = PickupBuilder::new(&wo.id, part_no)
            .part_name(name)
            .qty(qty)
            .used(used)
            .warehouse(wh)
            .at(cst(at))
            .doc();
        put(&mut t, doc);
    }
    let ids = Ids {
        a: a.id,
        b: b.id,
        c: c.id,
        h: h.id,
        i: i.id,
    };
    (t, ids)
}

/// A cell as text: numbers plain, shares to 4 places, minutes `12m`,
/// money `¥123.45`, decimals to 2 places, empty `-`.
fn show(c: &Cell) -> String {
    match c {
        Cell::Text(s) => s.clone(),
        Cell::Int(n) => n.to_string(),
        Cell::Fen(f) => format!("¥{}.{:02}", f / 100, f % 100),
        Cell::Minutes(m) => format!("{m}m"),
        Cell::Share(s) => format!("{s:.4}"),
        Cell::Decimal(d) => format!("{d:.2}"),
        Cell::Empty => "-".into(),
    }
}

fn rows_of(report: &Report, id: &str) -> Vec<String> {
    let t = table(report, id);
    t.rows
        .iter()
        .map(|r| r.cells.iter().map(show).collect::<Vec<_>>().join("|"))
        .collect()
}

fn table<'a>(report: &'a Report, id: &str) -> &'a Table {
    report
        .tables
        .iter()
        .find(|t| t.id == id)
        .unwrap_or_else(|| panic!("no table {id}"))
}

#[test]
fn every_figure_of_the_fixture_month() {
    let (t, _) = fixture();
    let r = t.stats_report(&MARCH, Lang::En).unwrap();
    assert_eq!(r.period_label, "March 2026");
    assert_eq!(r.from.0, cst("2026-03-01T00:00:00"));
    assert_eq!(r.to.0, cst("2026-04-01T00:00:00"));
    assert_eq!(r.computed_at.0, now());

    // Each table's rows, worked out by hand from the fixture.
    let expected: &[(&str, &[&str])] = &[
        // Response: met A (at the deadline), E, G, J, N, Q; breached B (a
        // second late), C, H, I. 6 / (6 + 4).
        (
            "sla_response_by_month",
            &["2026-03|6|4|0|0.6000", "Total|6|4|0|0.6000"],
        ),
        // P1: A met, H breached; P2: G, N met, B, I breached; P3: Q met, C
        // breached; P4: E, J met.
        (
            "sla_response_by_priority",
            &[
                "P1|1|1|0|0.5000",
                "P2|2|2|0|0.5000",
                "P3|1|1|0|0.5000",
                "P4|2|0|0|1.0000",
                "Total|6|4|0|0.6000",
            ],
        ),
        // li: E met, C, H breached; wang: J, N met; zhang: A, G, Q met, B
        // breached; unassigned: I breached.
        (
            "sla_response_by_engineer",
            &[
                "li|1|2|0|0.3333",
                "wang|2|0|0|1.0000",
                "zhang|3|1|0|0.7500",
                "Unassigned|0|1|0|0.0000",
                "Total|6|4|0|0.6000",
            ],
        ),
        // On site (E needs no visit): met A, B, G, N, Q; breached C, I, J;
        // running H (due 04-01 23:50).
        (
            "sla_on_site_by_month",
            &["2026-03|5|3|1|0.6250", "Total|5|3|1|0.6250"],
        ),
        // Fix: met A, B, E, G, N, Q; breached C (resolved late), I, J;
        // running H (due 04-03 00:00).
        (
            "sla_fix_by_month",
            &["2026-03|6|3|1|0.6667", "Total|6|3|1|0.6667"],
        ),
        (
            "sla_fix_by_engineer",
            &[
                "li|1|1|1|0.5000",
                "wang|1|1|0|0.5000",
                "zhang|4|0|0|1.0000",
                "Unassigned|0|1|0|0.0000",
                "Total|6|3|1|0.6667",
            ],
        ),
        // Minutes from the call to the stamp, sorted, nearest rank:
        // respond E 14, G 14, N 14, Q 14, J 40, A 60, B 60 (3601 s), C 2880:
        //   median rank 4 → 14, p90 rank ⌈7.2⌉ = 8 → 2880;
        // arrive N 14, Q 14, G 28, A 120, B 120, C 5760 (E has no on-site clock):
        //   median rank 3 → 28, p90 rank ⌈5.4⌉ = 6 → 5760;
        // resolve N 14, Q 14, E 35, G 35, A 150, B 150, C 7200:
        //   median rank ⌈3.5⌉ = 4 → 35, p90 rank ⌈6.3⌉ = 7 → 7200.
        (
            "sla_times",
            &[
                "Time to respond|8|14m|2880m",
                "Time to arrive|6|28m|5760m",
                "Time to fix|7|35m|7200m",
            ],
        ),
        // Signed in March: A, B, C, E, G, N, Q. A filed exactly at its
        // deadline and E a second before: on time; B a second after, N and Q
        // weeks after: late; C not filed, deadline passed: overdue; G not
        // filed, due 04-03: not yet. Shares: on time / (on time + late + overdue).
        (
            "filing_by_engineer",
            &[
                "li|1|0|1|0|0.5000",
                "wang|0|1|0|0|0.0000",
                "zhang|1|2|0|1|0.3333",
                "Total|2|3|1|1|0.3333",
            ],
        ),
        // Complaints received in March (local): the quality one on the 31st
        // at 23:30 and the other one on the 1st at 00:30; not the one of 28
        // February. Orders closed in March: A, N, Q. Rate 2 / 3.
        (
            "complaints_by_class",
            &[
                "Quality|1",
                "Non-quality, human cause|0",
                "Other|1",
                "Total|2",
            ],
        ),
        (
            "complaints_by_month",
            &["2026-03|2|3|0.6667", "Total|2|3|0.6667"],
        ),
        // Ratings: G 1, C 3, B 4, Q 4, A 5, E 5, N 5.
        (
            "satisfaction_distribution",
            &[
                "1|1|0.1429",
                "2|0|0.0000",
                "3|1|0.1429",
                "4|2|0.2857",
                "5|3|0.4286",
                "Total|7|1.0000",
            ],
        ),
        // li C 3 + E 5 → 4.00; wang N 5; zhang A 5 + B 4 + G 1 + Q 4 = 14/4;
        // all 27/7 = 3.857….
        (
            "satisfaction_by_engineer",
            &["li|2|4.00", "wang|1|5.00", "zhang|4|3.50", "Total|7|3.86"],
        ),
        // Tiers: C (accepted 2025-06-01) and E (2026-01-01) in warranty; G
        // (2024-06-01, 21 months) extended 1; A, B, N, Q (no acceptance date)
        // out of warranty. No labour, parts or travel on any record, so the
        // charges are the overrides: C ¥123.45, G ¥500.00.
        (
            "charges_by_tier",
            &[
                "In warranty|2|¥123.45",
                "Extended 1 (years 2–3)|1|¥500.00",
                "Extended 2 (year 4)|0|¥0.00",
                "Out of warranty|4|¥0.00",
                "Total|7|¥623.45",
            ],
        ),
        // E and G under the contract HT-2026-001; the rest under none.
        (
            "charges_by_contract",
            &[
                "重庆市农业委员会检测中心 HT-2026-001|2|¥500.00",
                "No contract|5|¥123.45",
                "Total|7|¥623.45",
            ],
        ),
        // Pickups in March with units used: PN-1 2 on A + 1 on B, PN-2 3 on C.
        ("parts_top", &["PN-1|电源模块|3|2", "PN-2|主板|3|1"]),
        // `branch` is not in the settings: shown by its code.
        (
            "parts_by_warehouse",
            &["branch|1|1", "总库|5|2", "Total|6|3"],
        ),
    ];
    for &(id, rows) in expected {
        assert_eq!(rows_of(&r, id), rows, "{id}");
    }
}

#[test]
fn the_report_has_every_table_in_order_worded_in_both_languages() {
    let (t, _) = fixture();
    let zh = t.stats_report(&MARCH, Lang::Zh).unwrap();
    let en = t.stats_report(&MARCH, Lang::En).unwrap();
    let ids: Vec<&str> = zh.tables.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "sla_response_by_month",
            "sla_response_by_priority",
            "sla_response_by_engineer",
            "sla_on_site_by_month",
            "sla_on_site_by_priority",
            "sla_on_site_by_engineer",
            "sla_fix_by_month",
            "sla_fix_by_priority",
            "sla_fix_by_engineer",
            "sla_times",
            "filing_by_engineer",
            "complaints_by_class",
            "complaints_by_month",
            "satisfaction_distribution",
            "satisfaction_by_engineer",
            "charges_by_tier",
            "charges_by_contract",
            "parts_top",
            "parts_by_warehouse",
        ]
    );
    assert_eq!(zh.period_label, "2026年3月");
    assert_eq!(
        table(&zh, "sla_response_by_engineer").rows[3].cells[0],
        Cell::Text("未指派".into())
    );
    assert_eq!(rows_of(&zh, "complaints_by_class")[1], "非质量·人为原因|0");
    assert_eq!(rows_of(&zh, "charges_by_tier")[0], "质保期内|2|¥123.45");
    assert_eq!(rows_of(&zh, "charges_by_contract")[1], "无合约|5|¥123.45");
    for (a, b) in zh.tables.iter().zip(&en.tables) {
        assert_eq!(a.id, b.id);
        assert_ne!(a.title, b.title, "{} has one title in both languages", a.id);
        for (x, y) in a.columns.iter().zip(&b.columns) {
            assert!(
                !x.label.is_empty() && !y.label.is_empty(),
                "{} {} has no heading",
                a.id,
                x.key
            );
            assert_ne!(x.label, y.label, "{} {}", a.id, x.key);
        }
        // Same numbers, whatever the words.
        let numbers = |t: &Table| -> Vec<Vec<Cell>> {
            t.rows
                .iter()
                .map(|r| {
                    r.cells
                        .iter()
                        .filter(|c| !matches!(c, Cell::Text(_)))
                        .cloned()
                        .collect()
                })
                .collect()
        };
        assert_eq!(numbers(a), numbers(b), "{}", a.id);
        assert!(a.chart.is_some());
    }
}

fn ids_of(o: &StatsOrders) -> BTreeSet<DocId> {
    o.orders.iter().map(|r| r.id.clone()).collect()
}

#[test]
fn a_bar_lists_exactly_the_orders_it_counts() {
    let (t, ids) = fixture();
    let breached = Drill::Clock {
        clock: StatClock::Response,
        outcome: Some(ClockOutcome::Breached),
        month: None,
        priority: None,
        engineer: None,
    };
    let got = t.stats_orders(&MARCH, &breached).unwrap();
    assert_eq!(got.total, 4);
    assert_eq!(
        ids_of(&got),
        [ids.b.clone(), ids.c.clone(), ids.h.clone(), ids.i.clone()].into()
    );
    // Newest call first.
    let numbers: Vec<&str> = got.orders.iter().map(|r| r.number.as_str()).collect();
    assert_eq!(numbers, ["H", "I", "C", "B"]);

    let unassigned = Drill::Clock {
        clock: StatClock::Fix,
        outcome: None,
        month: Some("2026-03".into()),
        priority: None,
        engineer: Some(String::new()),
    };
    assert_eq!(
        ids_of(&t.stats_orders(&MARCH, &unassigned).unwrap()),
        [ids.i.clone()].into()
    );

    let on_time = Drill::Filing {
        outcome: Some(FilingOutcome::OnTime),
        engineer: Some("zhang".into()),
    };
    assert_eq!(
        ids_of(&t.stats_orders(&MARCH, &on_time).unwrap()),
        [ids.a.clone()].into()
    );

    let in_warranty = Drill::Charges {
        tier: Some(Tier::InWarranty),
        contract: Some(String::new()),
    };
    assert_eq!(
        ids_of(&t.stats_orders(&MARCH, &in_warranty).unwrap()),
        [ids.c.clone()].into()
    );

    let pn1 = Drill::Parts {
        part_no: Some("PN-1".into()),
        warehouse: None,
    };
    assert_eq!(
        ids_of(&t.stats_orders(&MARCH, &pn1).unwrap()),
        [ids.a, ids.b].into()
    );

    let complaints = Drill::Complaints {
        class: Some("other".into()),
        month: Some("2026-03".into()),
    };
    let got = t.stats_orders(&MARCH, &complaints).unwrap();
    assert_eq!(got.total, 1);
    assert!(got.orders.is_empty());
    let c: &ComplaintRow = &got.complaints[0];
    assert_eq!(c.class, ComplaintClass::Other);
    assert_eq!(c.received_at.0, cst("2026-03-01T00:30:00"));
}

#[test]
fn open_clocks_run_up_to_and_including_their_deadline() {
    // H's response is due 04-01 00:50: running at that instant, breached
    // a second later.
    let (mut t, ids) = fixture();
    let response = |t: &TempDevice| {
        let r = t.stats_report(&MARCH, Lang::En).unwrap();
        rows_of(&r, "sla_response_by_priority")[0].clone()
    };
    t.device.clock = std::sync::Arc::new(crate::clock::FixedClock::new(cst("2026-04-01T00:50:00")));
    assert_eq!(response(&t), "P1|1|0|1|1.0000");
    let running = Drill::Clock {
        clock: StatClock::Response,
        outcome: Some(ClockOutcome::Running),
        month: None,
        priority: Some(Priority::P1),
        engineer: None,
    };
    assert_eq!(
        ids_of(&t.stats_orders(&MARCH, &running).unwrap()),
        [ids.h].into()
    );
    t.device.clock = std::sync::Arc::new(crate::clock::FixedClock::new(cst("2026-04-01T00:50:01")));
    assert_eq!(response(&t), "P1|1|1|0|0.5000");
}

#[test]
fn export_file_names() {
    use crate::service::Device;
    let csv = StatsExport::Csv {
        table: "sla_times".into(),
    };
    assert_eq!(
        Device::stats_file_name(&MARCH, &csv),
        "报表-2026-03-sla_times.csv"
    );
    assert_eq!(
        Device::stats_file_name(&MARCH, &StatsExport::Xlsx),
        "服务报表-2026-03.xlsx"
    );
    let q = PeriodSpec::Quarter {
        year: 2026,
        quarter: 1,
    };
    assert_eq!(
        Device::stats_file_name(&q, &StatsExport::Pdf),
        "服务报表-2026-Q1.pdf"
    );
    let odd = StatsExport::Csv {
        table: "../x".into(),
    };
    assert_eq!(Device::stats_file_name(&MARCH, &odd), "报表-2026-03-x.csv");
    assert_eq!(
        serde_json::to_value(&csv).unwrap(),
        serde_json::json!({"kind": "csv", "table": "sla_times"})
    );
}

#[test]
fn nearest_rank_percentiles() {
    assert_eq!(nearest_rank(&[], 0.5), None);
    assert_eq!(nearest_rank(&[7], 0.9), Some(7));
    let v = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    assert_eq!(nearest_rank(&v, 0.5), Some(5));
    assert_eq!(nearest_rank(&v, 0.9), Some(9));
    let v = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    assert_eq!(nearest_rank(&v, 0.5), Some(6));
    assert_eq!(nearest_rank(&v, 0.9), Some(10));
}

#[test]
fn only_the_office_sees_the_reports_and_a_bad_period_is_invalid() {
    let eng = TempDevice::at(Actor::new("zhang", Role::Engineer), now());
    let e = eng.stats_report(&MARCH, Lang::Zh).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    let drill = Drill::Filing {
        outcome: None,
        engineer: None,
    };
    assert_eq!(
        eng.stats_orders(&MARCH, &drill).unwrap_err().code,
        ErrorCode::Forbidden
    );
    let store = TempDevice::at(Actor::new("kuguan", Role::Storekeeper), now());
    assert_eq!(
        store.stats_report(&MARCH, Lang::Zh).unwrap_err().code,
        ErrorCode::Forbidden
    );

    let t = office();
    let bad = PeriodSpec::Month {
        year: 2026,
        month: 13,
    };
    assert_eq!(
        t.stats_report(&bad, Lang::Zh).unwrap_err().code,
        ErrorCode::Invalid
    );
    // An empty month: every table is there, with its rows of zeros.
    let r = t.stats_report(&MARCH, Lang::En).unwrap();
    assert_eq!(r.tables.len(), 19);
    assert_eq!(
        rows_of(&r, "sla_fix_by_month"),
        ["2026-03|0|0|0|-", "Total|0|0|0|-"]
    );
    assert_eq!(rows_of(&r, "sla_times")[0], "Time to respond|0|-|-");
    assert_eq!(
        rows_of(&r, "complaints_by_month"),
        ["2026-03|0|0|-", "Total|0|0|-"]
    );
    assert_eq!(rows_of(&r, "satisfaction_by_engineer"), ["Total|0|-"]);
}

// ---------------------------------------------------------------------
// The demo data: every drill against its cell; the UI fake's sample
// ---------------------------------------------------------------------

/// The demo's clock: Tuesday 10 March 2026, 09:00 in Shanghai.
fn demo_now() -> DateTime<Utc> {
    cst("2026-03-10T09:00:00")
}

/// The office's device with the demo data, its signed orders filed (as
/// the sync server files them) and the filed ones closed.
fn demo() -> TempDevice {
    let mut dev = TempDevice::demo_filed(demo_now());
    dev.close_demo_orders(demo_now()).unwrap();
    dev
}

/// The month with the most calls on the demo.
fn busiest_month(dev: &TempDevice) -> PeriodSpec {
    let tz = dev.cfg().tz;
    let mut counts = std::collections::BTreeMap::<(i32, u32), usize>::new();
    for row in dev.store.list_work_orders(&WoFilter::default()).unwrap() {
        *counts
            .entry(crate::rules::complaints::month_of(row.reported_at.0, tz))
            .or_default() += 1;
    }
    let ((year, month), _) = counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .expect("demo orders");
    PeriodSpec::Month { year, month }
}

/// Every drill of `report` with what its cell counts: a cell with a drill
/// of its own counts that drill's orders; a row's drill counts what its
/// table's count column says (see `counted`).
fn drills_and_counts(report: &Report) -> Vec<(String, Drill, i64)> {
    let mut out = Vec::new();
    for t in &report.tables {
        let col = |key: &str| t.columns.iter().position(|c| c.key == key);
        for r in &t.rows {
            let int = |i: usize| match r.cells[i] {
                Cell::Int(n) => n,
                ref other => panic!("{}: {other:?} is not a count", t.id),
            };
            for (i, d) in r.cell_drills.iter().enumerate() {
                if let Some(d) = d {
                    out.push((
                        format!("{} cell {}", t.id, t.columns[i].key),
                        d.clone(),
                        int(i),
                    ));
                }
            }
            let Some(d) = &r.drill else { continue };
            let sum = |keys: &[&str]| keys.iter().map(|k| int(col(k).unwrap())).sum::<i64>();
            let counted = if t.id.starts_with("sla_") && t.id != "sla_times" {
                sum(&["met", "breached", "running"])
            } else if t.id == "filing_by_engineer" {
                sum(&["on_time", "late", "overdue", "not_yet_filed"])
            } else if t.id.starts_with("complaints_") {
                sum(&["complaints"])
            } else if t.id == "sla_times" || t.id == "parts_by_warehouse" {
                continue; // checked separately below
            } else {
                sum(&["orders"])
            };
            out.push((format!("{} row", t.id), d.clone(), counted));
        }
    }
    out
}

#[test]
fn every_drill_of_the_demo_report_lists_as_many_as_its_cell_counts() {
    let dev = demo();
    let period = busiest_month(&dev);
    let report = dev.stats_report(&period, Lang::Zh).unwrap();
    let mut checked = 0;
    for (what, drill, count) in drills_and_counts(&report) {
        let got = dev.stats_orders(&period, &drill).unwrap();
        assert_eq!(i64::from(got.total), count, "{what}: {drill:?}");
        assert_eq!(
            got.orders.len() + got.complaints.len(),
            count as usize,
            "{what} lists them all"
        );
        checked += 1;
    }
    assert!(checked > 50, "only {checked} drills");
    // The times table's rows list every order the clock runs on (the
    // by-month total); the warehouses' rows the orders of their lines.
    for t in ["response", "on_site", "fix"] {
        let total = table(&report, &format!("sla_{t}_by_month"))
            .rows
            .last()
            .unwrap()
            .clone();
        let times = table(&report, "sla_times");
        let row = times.rows.iter().find(|r| r.drill == total.drill).unwrap();
        let n: i64 = total.cells[1..4]
            .iter()
            .map(|c| if let Cell::Int(n) = c { *n } else { 0 })
            .sum();
        assert_eq!(
            i64::from(
                dev.stats_orders(&period, row.drill.as_ref().unwrap())
                    .unwrap()
                    .total
            ),
            n
        );
    }
    let demo_totals = table(&report, "sla_response_by_month")
        .rows
        .last()
        .unwrap()
        .cells
        .clone();
    assert_ne!(
        demo_totals[1],
        Cell::Int(0),
        "the demo's busiest month has met calls"
    );
}

#[test]
fn every_drill_of_the_fixture_report_lists_as_many_as_its_cell_counts() {
    // The fixture has what the demo's busiest month lacks (parts used,
    // every filing outcome, contracts): the same check on it.
    let (t, _) = fixture();
    let report = t.stats_report(&MARCH, Lang::En).unwrap();
    for (what, drill, count) in drills_and_counts(&report) {
        let got = t.stats_orders(&MARCH, &drill).unwrap();
        assert_eq!(i64::from(got.total), count, "{what}: {drill:?}");
    }
    // A warehouse's row lists the orders of its lines: main has two lines,
    // on A and C; branch one, on B.
    let wh = table(&report, "parts_by_warehouse");
    let totals: Vec<u32> = wh
        .rows
        .iter()
        .map(|r| {
            t.stats_orders(&MARCH, r.drill.as_ref().unwrap())
                .unwrap()
                .total
        })
        .collect();
    assert_eq!(totals, [1, 2, 3]);
}

/// Written by the `export_bindings` run beside the TypeScript types
/// (`TS_RS_EXPORT_DIR`), so the reports screen's fake backend and the
/// browser tests show what core computes: the demo's busiest month in
/// both languages and the orders behind every bar and row.
#[test]
fn export_bindings_stats_sample_json() {
    let dev = demo();
    let period = busiest_month(&dev);
    let zh = dev.stats_report(&period, Lang::Zh).unwrap();
    let en = dev.stats_report(&period, Lang::En).unwrap();
    let mut drills: Vec<Drill> = Vec::new();
    for t in &zh.tables {
        for r in &t.rows {
            for d in r.drill.iter().chain(r.cell_drills.iter().flatten()) {
                if !drills.contains(d) {
                    drills.push(d.clone());
                }
            }
        }
    }
    let orders: Vec<(Drill, StatsOrders)> = drills
        .into_iter()
        .map(|d| {
            let o = dev.stats_orders(&period, &d).unwrap();
            (d, o)
        })
        .collect();
    let sample = serde_json::json!({ "zh-CN": zh, "en": en, "orders": orders });
    let dir = std::env::var_os("TS_RS_EXPORT_DIR").unwrap_or_else(|| "bindings".into());
    let dir = std::path::Path::new(&dir);
    std::fs::create_dir_all(dir).unwrap();
    let json = serde_json::to_string_pretty(&sample).unwrap();
    std::fs::write(dir.join("stats-sample.json"), json + "\n").unwrap();
}
