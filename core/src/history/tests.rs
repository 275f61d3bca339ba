//! The history of documents written by two actors: order, concurrency and
//! the kept value, after signing, counters, times, skew, unknown writers,
//! labels and the CSV.

use std::collections::BTreeMap;

use automerge::{transaction::CommitOptions, ActorId, AutoCommit, ReadDoc, ROOT};

use super::*;
use crate::doc;
use crate::model::{DocId, DocKind, Priority, WorkOrder};
use crate::stats::Lang;
use crate::sync::attribution::{ActorInfo, ActorSource, ChangeReceipt, Via};
use crate::testing::{PartBuilder, WorkOrderBuilder};

/// 2024-05-29 16:26:40 UTC, in milliseconds.
const T0: i64 = 1_717_000_000_000;
const MIN: i64 = 60_000;

fn office() -> ActorId {
    ActorId::from([0x0f; 16].as_slice())
}

fn engineer() -> ActorId {
    ActorId::from([0xe1; 16].as_slice())
}

fn commit(d: &mut AutoCommit, t: i64) {
    d.commit_with(CommitOptions::default().with_time(t));
}

fn edit(d: &mut AutoCommit, t: i64, f: impl FnOnce(&mut WorkOrder)) {
    let mut wo: WorkOrder = doc::read(d, DocKind::WorkOrder).unwrap();
    f(&mut wo);
    doc::write(d, &wo).unwrap();
    commit(d, t);
}

/// A work order created by the office at T0, and the engineer's fork.
fn order(signed: bool) -> (DocId, AutoCommit, AutoCommit) {
    let b = WorkOrderBuilder::new().assigned_to("yangjinwei");
    let wo = if signed { b.signed() } else { b }.build();
    let office_doc = doc::create_as(DocKind::WorkOrder, &wo, &office(), T0).unwrap();
    let mut eng_doc = office_doc.clone();
    eng_doc.set_actor(engineer());
    (wo.id, office_doc, eng_doc)
}

fn info(user: &str, name: &str, device: i64) -> ActorInfo {
    ActorInfo {
        user: user.into(),
        display_name: name.into(),
        device_id: Some(device),
        device_label: format!("{name}的手机"),
        source: ActorSource::Device,
    }
}

/// Both actors known; every change received at `received(ts)` with push
/// skew `skew`.
fn prov_for(d: &mut AutoCommit, received: impl Fn(i64) -> i64, skew: Option<i64>) -> Provenance {
    let mut p = Provenance::default();
    p.actors
        .insert(office().to_hex_string(), info("office", "李会计", 1));
    p.actors
        .insert(engineer().to_hex_string(), info("yangjinwei", "杨工", 2));
    for m in d.get_changes_meta(&[]) {
        p.receipts.insert(
            m.hash.to_string(),
            ChangeReceipt {
                hash: m.hash.to_string(),
                actor: m.actor.to_hex_string(),
                received_at: received(m.timestamp),
                via: Via::Sync,
                device_id: Some(1),
                push_skew_ms: skew,
            },
        );
    }
    p
}

fn cfg(lang: Lang) -> HistoryConfig {
    HistoryConfig {
        skew_margin_minutes: 10,
        lang,
    }
}

/// A charge override of `amount_fen` for `reason`, set by `by` at `at`.
fn overridden(
    amount_fen: i64,
    reason: &str,
    by: &str,
    at: &str,
) -> Option<crate::model::ChargeOverrideRecord> {
    Some(crate::model::ChargeOverrideRecord {
        amount_fen,
        reason: reason.into(),
        by: by.into(),
        at: crate::testing::at(at),
    })
}

fn rows_of<'a>(h: &'a DocHistory, field: &str) -> Vec<&'a HistoryRow> {
    h.rows.iter().filter(|r| r.field == field).collect()
}

#[test]
fn changes_come_in_causal_order_with_ties_by_time() {
    let (id, mut o, mut e) = order(false);
    // The engineer's edit is made earlier by the clock but on another
    // branch; the office's later edit builds on the creation only.
    edit(&mut o, T0 + 3 * MIN, |wo| wo.priority = Priority::P1);
    edit(&mut e, T0 + 2 * MIN, |wo| {
        wo.service.work_done = "换主板".into()
    });
    o.merge(&mut e).unwrap();
    edit(&mut o, T0 + 4 * MIN, |wo| wo.fault = "不开机".into());

    let walk = walk::Walk::of(&mut o);
    let times: Vec<i64> = walk.steps.iter().map(|s| s.timestamp).collect();
    assert_eq!(times, [T0, T0 + 2 * MIN, T0 + 3 * MIN, T0 + 4 * MIN]);
    let [c, eng, off, last] = [0, 1, 2, 3].map(|i| walk.steps[i].hash);
    assert!(walk.is_ancestor_or_self(&c, &eng));
    assert!(walk.is_ancestor_or_self(&c, &c));
    assert!(walk.concurrent(&eng, &off));
    assert!(walk.is_ancestor_or_self(&eng, &last) && walk.is_ancestor_or_self(&off, &last));
    assert!(!walk.is_ancestor_or_self(&last, &eng));

    let p = prov_for(&mut o, |t| t + MIN, Some(0));
    let h = field_history(&mut o, &id, &p, &cfg(Lang::Zh)).unwrap();
    assert_eq!(h.changes, 4);
    assert_eq!(h.rows[0].op, HistoryOp::Created);
    assert_eq!(h.rows[0].new.as_deref(), Some(id.as_str()));
    assert_eq!(h.rows[0].label, "创建");
    let work = rows_of(&h, "service.work_done");
    let last = work.last().unwrap();
    assert_eq!(last.change, 2);
    assert_eq!(last.new.as_deref(), Some("换主板"));
    assert_eq!(last.who.display_name, "杨工");
    assert_eq!(last.who.device_id, Some(2));
    assert_eq!(last.label, "处理过程");
    assert_eq!(last.kept, None, "only the engineer edited it");
    assert!(last.concurrent_with.is_empty());
    let pri = rows_of(&h, "priority");
    let pri = pri.last().unwrap();
    assert_eq!(pri.change, 3);
    assert_eq!(pri.who.user, "office");
    assert_eq!(pri.old.as_deref(), Some("P2"));
    assert_eq!(pri.new.as_deref(), Some("P1"));
    assert_eq!(
        pri.received_at.unwrap().0.timestamp_millis(),
        T0 + 4 * MIN,
        "the receipt time comes from the server"
    );
    assert_eq!(pri.device_time.unwrap().0.timestamp_millis(), T0 + 3 * MIN);
    assert!(h.all_received && !h.skewed);
}

#[test]
fn a_field_both_set_offline_is_concurrent_and_the_kept_value_marked() {
    let (id, mut o, mut e) = order(false);
    edit(&mut o, T0 + MIN, |wo| {
        wo.priority = Priority::P1;
        wo.charge_override = overridden(10_000, "老客户", "office", "2024-05-29T16:30:00Z");
    });
    edit(&mut e, T0 + 2 * MIN, |wo| {
        wo.priority = Priority::P4;
        wo.charge_override = overridden(20_000, "多次上门", "yangjinwei", "2024-05-29T16:31:00Z");
    });
    o.merge(&mut e).unwrap();
    let p = prov_for(&mut o, |t| t + MIN, None);
    let h = field_history(&mut o, &id, &p, &cfg(Lang::En)).unwrap();

    let now_priority = match o.get(ROOT, "priority").unwrap().unwrap().0 {
        automerge::Value::Scalar(s) => s.as_str().unwrap().to_string(),
        _ => unreachable!(),
    };
    let pri: Vec<_> = rows_of(&h, "priority")
        .into_iter()
        .filter(|r| r.change > 1)
        .collect();
    assert_eq!(pri.len(), 2);
    assert_eq!(pri[0].concurrent_with, [pri[1].change]);
    assert_eq!(pri[1].concurrent_with, [pri[0].change]);
    for r in &pri {
        assert_eq!(
            r.kept,
            Some(r.new.as_deref() == Some(now_priority.as_str())),
            "{r:?}"
        );
    }
    assert_eq!(pri.iter().filter(|r| r.kept == Some(true)).count(), 1);
    assert_eq!(pri[0].label, "Priority");

    // The charge: two maps created concurrently, one kept whole.
    let now_amount = doc::read::<WorkOrder, _>(&o, DocKind::WorkOrder)
        .unwrap()
        .charge_override
        .unwrap()
        .amount_fen;
    // Amounts read as money.
    let now_amount = format!("¥{}.{:02}", now_amount / 100, now_amount % 100);
    let amount = rows_of(&h, "charge_override.amount_fen");
    assert_eq!(amount.len(), 2);
    assert_eq!(amount[0].label, "Charge amount");
    for r in &amount {
        assert_eq!(r.concurrent_with.len(), 1);
        assert_eq!(r.kept, Some(r.new.as_deref() == Some(now_amount.as_str())));
    }
    assert_eq!(amount.iter().filter(|r| r.kept == Some(true)).count(), 1);
}

#[test]
fn changes_after_signing_are_marked() {
    let (id, mut o, _) = order(true);
    edit(&mut o, T0 + MIN, |wo| wo.service.labour_minutes = 900);
    let p = prov_for(&mut o, |t| t, None);
    let h = field_history(&mut o, &id, &p, &cfg(Lang::Zh)).unwrap();
    let labour = rows_of(&h, "service.labour_minutes");
    let last = labour.last().unwrap();
    assert_eq!(last.new.as_deref(), Some("900"));
    assert!(last.after_signing);
    assert!(h
        .rows
        .iter()
        .filter(|r| r.change == 1)
        .all(|r| !r.after_signing));

    // Unsigned: nothing is after signing.
    let (id, mut o, _) = order(false);
    edit(&mut o, T0 + MIN, |wo| wo.service.labour_minutes = 900);
    let h = field_history(&mut o, &id, &Provenance::default(), &cfg(Lang::Zh)).unwrap();
    assert!(h.rows.iter().all(|r| !r.after_signing));
}

#[test]
fn counters_show_the_signed_amount() {
    let (id, mut p) = PartBuilder::new("P-100").stock_in("main", 5).doc();
    p.set_actor(office());
    commit(&mut p, T0);
    let mut e = p.clone();
    e.set_actor(engineer());
    doc::adjust_stock(&mut p, "main", 3).unwrap();
    commit(&mut p, T0 + MIN);
    doc::adjust_stock(&mut e, "main", -2).unwrap();
    commit(&mut e, T0 + 2 * MIN);
    p.merge(&mut e).unwrap();
    let h = field_history(&mut p, &id, &Provenance::default(), &cfg(Lang::Zh)).unwrap();
    let stock = rows_of(&h, "stock.main");
    let counted: Vec<_> = stock
        .iter()
        .filter(|r| r.op == HistoryOp::Counted)
        .map(|r| (r.old.clone().unwrap(), r.new.clone().unwrap(), r.kept))
        .collect();
    assert_eq!(
        counted,
        [
            ("5".to_string(), "+3".to_string(), None),
            ("5".to_string(), "-2".to_string(), None)
        ]
    );
    assert_eq!(stock[0].label, "库存 · main");
    assert_eq!(doc::read_stock(&p)["main"], 6);
}

#[test]
fn list_items_are_added_and_deleted_with_a_summary() {
    let (id, mut o, _) = order(false);
    edit(&mut o, T0 + MIN, |wo| {
        wo.notes.push(crate::model::Note {
            at: crate::testing::at("2024-05-29T16:30:00Z"),
            by: "office".into(),
            role: "office".into(),
            text: "客户要求周五上门".into(),
        })
    });
    edit(&mut o, T0 + 2 * MIN, |wo| wo.notes.clear());
    let h = field_history(&mut o, &id, &Provenance::default(), &cfg(Lang::Zh)).unwrap();
    let notes = rows_of(&h, "notes[0]");
    assert_eq!(notes.len(), 2, "{:?}", h.rows);
    let shows_the_note =
        |value: &Option<String>| value.as_deref().unwrap().contains("客户要求周五上门");
    assert_eq!(notes[0].op, HistoryOp::Added);
    assert!(shows_the_note(&notes[0].new));
    assert_eq!(notes[0].label, "备注 #1");
    assert_eq!(notes[1].op, HistoryOp::Deleted);
    assert!(shows_the_note(&notes[1].old));
}

#[test]
fn timestamps_in_ms_seconds_or_zero() {
    assert_eq!(device_time_ms(0), None);
    assert_eq!(device_time_ms(1_717_000_000), Some(1_717_000_000_000));
    assert_eq!(device_time_ms(T0), Some(T0));

    let (id, mut o, _) = order(false);
    edit(&mut o, 1_717_000_060, |wo| wo.fault = "秒".into());
    edit(&mut o, 0, |wo| wo.fault = "未知".into());
    let h = field_history(&mut o, &id, &Provenance::default(), &cfg(Lang::Zh)).unwrap();
    let fault = rows_of(&h, "fault");
    let times: Vec<_> = fault
        .iter()
        .map(|r| r.device_time.map(|t| t.0.timestamp_millis()))
        .collect();
    assert_eq!(&times[times.len() - 2..], [Some(T0 + MIN), None]);
    assert!(!h.all_received);
}

#[test]
fn a_skew_of_exactly_the_margin_is_not_flagged_one_minute_more_is() {
    for (skew, flagged) in [(10 * MIN, false), (11 * MIN, true), (-11 * MIN, true)] {
        let (id, mut o, _) = order(false);
        let p = prov_for(&mut o, |t| t + MIN, Some(skew));
        let h = field_history(&mut o, &id, &p, &cfg(Lang::Zh)).unwrap();
        assert_eq!(h.skewed, flagged, "push skew {skew}");
        assert_eq!(h.rows[0].skew_minutes, Some(skew / MIN));
    }
    // No push measurement: made after it was received.
    for (ahead, flagged) in [(10 * MIN, false), (11 * MIN, true)] {
        let (id, mut o, _) = order(false);
        let p = prov_for(&mut o, |t| t - ahead, None);
        let h = field_history(&mut o, &id, &p, &cfg(Lang::Zh)).unwrap();
        assert_eq!(h.skewed, flagged, "ahead {ahead}");
        assert!(h.rows.iter().all(|r| r.skewed == flagged));
    }
}

#[test]
fn an_unknown_writer_shows_as_unknown_with_its_actor() {
    let (id, mut o, _) = order(false);
    let h = field_history(&mut o, &id, &Provenance::default(), &cfg(Lang::En)).unwrap();
    let who = &h.rows[0].who;
    assert_eq!(who.display_name, "unknown (0f0f0f0f)");
    assert_eq!(who.actor, office().to_hex_string());
    assert_eq!(who.source, None);
    let h = field_history(&mut o, &id, &Provenance::default(), &cfg(Lang::Zh)).unwrap();
    assert!(h.rows[0].who.display_name.starts_with("未知"));
    assert_eq!(h.rows[0].received_at, None);
}

#[test]
fn another_documents_id_is_refused() {
    let (_, mut o, _) = order(false);
    let other: DocId = "wo:someone-else".parse().unwrap();
    assert!(matches!(
        field_history(&mut o, &other, &Provenance::default(), &cfg(Lang::Zh)),
        Err(HistoryError::OtherDocument { .. })
    ));
}

#[test]
fn labels_name_nested_and_unknown_fields() {
    use words::label;
    let wo = Some(DocKind::WorkOrder);
    assert_eq!(label(wo, "timeline.arrived_at", Lang::Zh), "到达时间");
    assert_eq!(label(wo, "parts_used[1].qty", Lang::En), "Part quantity");
    assert_eq!(label(wo, "signoff.strokes[0]", Lang::Zh), "签名笔迹 · [0]");
    assert_eq!(label(wo, "notes[2].by", Lang::En), "Note #3 · by");
    assert_eq!(label(wo, "mystery", Lang::En), "mystery");
    assert_eq!(label(Some(DocKind::Customer), "org", Lang::Zh), "单位名称");
}

#[test]
fn the_csv_has_a_bom_a_header_and_a_line_per_row() {
    let (id, mut o, mut e) = order(false);
    edit(&mut o, T0 + MIN, |wo| wo.fault = "=HYPERLINK(\"x\")".into());
    edit(&mut e, T0 + 2 * MIN, |wo| {
        wo.fault = "不开机, 有异响".into()
    });
    o.merge(&mut e).unwrap();
    let p = prov_for(&mut o, |t| t + MIN, Some(0));
    let h = field_history(&mut o, &id, &p, &cfg(Lang::Zh)).unwrap();
    let bytes = history_csv(&h, Lang::Zh, chrono_tz::Asia::Shanghai);
    assert!(bytes.starts_with(crate::stats::export::BOM));
    let mut r = ::csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header.len(), 14);
    assert_eq!(header[0], "变更序号");
    let recs: Vec<::csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(recs.len(), h.rows.len());
    let fault: Vec<_> = recs.iter().filter(|x| &x[1] == "fault").collect();
    let f = fault.iter().find(|x| x[5].starts_with('\'')).unwrap();
    assert_eq!(&f[5], "'=HYPERLINK(\"x\")", "a formula is not run");
    assert_eq!(&f[6], "李会计 (office)");
    assert_eq!(
        &f[8], "2024-05-30 00:27:40",
        "device time in the company's zone"
    );
    assert_eq!(&f[9], "2024-05-30 00:28:40");
    assert!(f[11].starts_with("与 #"), "{:?}", &f[11]);
    let g = fault.iter().find(|x| &x[5] == "不开机, 有异响").unwrap();
    assert_eq!(&g[7], "杨工的手机 #2");
    assert_eq!(&g[13], h.rows.iter().find(|r| r.change == 3).unwrap().hash);
}

#[test]
fn stock_of_a_new_part_counts_from_its_start() {
    let mut start = BTreeMap::new();
    start.insert("main".to_string(), 4);
    let mut d = AutoCommit::new().with_actor(office());
    doc::init_stock(&mut d, &start).unwrap();
    commit(&mut d, T0);
    let id: DocId = "part:p-1".parse().unwrap();
    let h = field_history(&mut d, &id, &Provenance::default(), &cfg(Lang::En)).unwrap();
    assert_eq!(h.rows.len(), 1);
    assert_eq!(h.rows[0].field, "stock.main");
    assert_eq!(h.rows[0].new.as_deref(), Some("4"));
}
