//! The history through the facade: who may read it, the provenance the
//! device cached, the CSV file and the work order's clock-skew badge.

use std::sync::Arc;

use super::*;
use crate::clock::FixedClock;
use crate::ops::{Actor, ServicePatch};
use crate::rules::state::Action;
use crate::rules::RulesConfig;
use crate::service::ErrorCode;
use crate::store::Store;
use crate::sync::attribution::{
    ActorInfo, ActorSource, ChangeReceipt, DocProvenance, ProvenanceResponse, Via,
};
use crate::testing::samples::{at, part_doc, wo_doc};
use crate::testing::CustomerBuilder;

const MIN: i64 = 60_000;

/// A device of `user` (`role`) holding order 1 assigned to zhang, part
/// P-1 and a customer.
fn device(user: &str, role: Role) -> (Device, DocId) {
    let mut store = Store::open_in_memory().unwrap();
    let (id, mut am) = wo_doc("1", Some("zhang"));
    store.create_doc_merging(&id, &mut am).unwrap();
    let (pid, mut p) = part_doc("P-1", 3);
    store.create_doc_merging(&pid, &mut p).unwrap();
    let (cid, mut c) = CustomerBuilder::new("检测中心").doc();
    store.create_doc_merging(&cid, &mut c).unwrap();
    let clock = Arc::new(FixedClock::new(at("2026-03-02T02:00:00Z").0));
    let dev = Device::new(store, clock, RulesConfig::default(), Actor::new(user, role)).unwrap();
    (dev, id)
}

/// The server vouches for every change of `id`: this device's actor is
/// `name`'s, each change received a minute after it was made, pushed with
/// `skew`.
fn vouch(dev: &mut Device, id: &DocId, name: &str, skew: Option<i64>) {
    let mut am = dev.store.load(id).unwrap().unwrap();
    let mut answer = ProvenanceResponse::default();
    let changes = am
        .get_changes_meta(&[])
        .into_iter()
        .map(|m| ChangeReceipt {
            hash: m.hash.to_string(),
            actor: m.actor.to_hex_string(),
            received_at: m.timestamp.max(1_772_416_800_000) + MIN,
            via: Via::Sync,
            device_id: Some(7),
            push_skew_ms: skew,
        })
        .collect();
    answer
        .docs
        .insert(id.to_string(), DocProvenance { changes });
    answer.actors.insert(
        dev.store.actor().to_hex_string(),
        ActorInfo {
            user: dev.actor.name.clone(),
            display_name: name.into(),
            device_id: Some(7),
            device_label: "张工的手机".into(),
            source: ActorSource::Device,
        },
    );
    dev.store.put_provenance(&answer).unwrap();
}

fn find(dev: &Device, kind: DocKind) -> DocId {
    dev.store.doc_ids(kind).unwrap().into_iter().next().unwrap()
}

#[test]
fn the_engineer_reads_the_history_of_their_order_with_the_servers_word() {
    let (mut dev, id) = device("zhang", Role::Engineer);
    dev.act(&id, Action::Respond).unwrap();
    let patch = ServicePatch {
        work_done: Some("更换灯泡".into()),
        ..Default::default()
    };
    dev.update_service(&id, patch).unwrap();
    vouch(&mut dev, &id, "张工", Some(0));
    let h = dev.doc_history(&id, Lang::Zh).unwrap();
    assert_eq!(h.id, id);
    assert!(h.all_received);
    let work = h
        .rows
        .iter()
        .find(|r| r.field == "service.work_done")
        .unwrap();
    assert_eq!(work.new.as_deref(), Some("更换灯泡"));
    assert_eq!(work.label, "处理过程");
    assert_eq!(work.who.display_name, "张工");
    assert_eq!(work.who.device_id, Some(7));
    assert_eq!(work.via, Some(Via::Sync));
    assert!(work.received_at.is_some());
    assert_eq!(h.skew_margin_minutes, 10);
}

#[test]
fn who_may_read_a_history() {
    let (dev, id) = device("li", Role::Engineer);
    let e = dev.doc_history(&id, Lang::Zh).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden, "another engineer's order");
    let cust = find(&dev, DocKind::Customer);
    assert_eq!(
        dev.doc_history(&cust, Lang::Zh).unwrap_err().code,
        ErrorCode::Forbidden
    );

    let (dev, _) = device("ku", Role::Storekeeper);
    let part = find(&dev, DocKind::Part);
    assert!(dev.doc_history(&part, Lang::En).is_ok());
    let cust = find(&dev, DocKind::Customer);
    assert_eq!(
        dev.doc_history(&cust, Lang::En).unwrap_err().code,
        ErrorCode::Forbidden
    );

    let (dev, id) = device("office", Role::Office);
    for id in [id, find(&dev, DocKind::Customer), find(&dev, DocKind::Part)] {
        let h = dev.doc_history(&id, Lang::En).unwrap();
        assert_eq!(h.rows[0].label, "Created");
        assert!(!h.all_received, "nothing fetched from the server yet");
        assert!(h.rows[0].who.display_name.starts_with("unknown"));
    }
}

#[test]
fn the_office_exports_the_history_as_csv() {
    let (mut dev, id) = device("office", Role::Office);
    let patch = crate::ops::OrderPatch {
        priority: Some(crate::model::Priority::P4),
        ..Default::default()
    };
    dev.update_order(&id, patch).unwrap();
    vouch(&mut dev, &id, "李会计", None);
    let dir = tempfile::tempdir().unwrap();
    let name = dev.history_file_name(&id, Lang::En).unwrap();
    assert!(name.ends_with("-history.csv"), "{name}");
    let written = dev
        .export_history_csv_to(&id, Lang::Zh, ExportTo::Folder(dir.path()))
        .unwrap();
    assert!(written.path.ends_with("-历史.csv"), "{}", written.path);
    let bytes = std::fs::read(&written.path).unwrap();
    assert!(bytes.starts_with(crate::stats::export::BOM));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.starts_with("变更序号,"));
    assert!(text.contains("李会计 (office)"), "{text}");

    let (dev, id) = device("zhang", Role::Engineer);
    let e = dev
        .export_history_csv_to(&id, Lang::Zh, ExportTo::Folder(dir.path()))
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
}

#[test]
fn the_order_view_shows_a_push_skew_above_the_margin() {
    let (mut dev, id) = device("office", Role::Office);
    assert_eq!(dev.get_work_order(&id).unwrap().clock_skew_minutes, None);
    vouch(&mut dev, &id, "李会计", Some(10 * MIN));
    assert_eq!(dev.get_work_order(&id).unwrap().clock_skew_minutes, None);
    vouch(&mut dev, &id, "李会计", Some(-3 * 24 * 60 * MIN));
    assert_eq!(
        dev.get_work_order(&id).unwrap().clock_skew_minutes,
        Some(-3 * 24 * 60)
    );
    let h = dev.doc_history(&id, Lang::Zh).unwrap();
    assert!(h.skewed);
}
