//! One read of the work order per action: an edit, a sign-off or a pickup
//! loads the order once, inside its transaction, and the view it returns is
//! the one a fresh read gives.

use std::sync::Arc;

use super::*;
use crate::clock::FixedClock;
use crate::ops::{ServicePatch, SignInput};
use crate::rules::state::{Action, Role};
use crate::testing::samples::{at, part_doc, wo_doc};

/// An engineer's device holding one order assigned to them.
fn engineer_with_order() -> (Device, DocId) {
    let mut store = Store::open_in_memory().unwrap();
    let (id, mut am) = wo_doc("1", Some("zhang"));
    store.create_doc_merging(&id, &mut am).unwrap();
    let clock = Arc::new(FixedClock::new(at("2026-03-02T02:00:00Z").0));
    let actor = Actor::new("zhang", Role::Engineer);
    let dev = Device::new(store, clock, RulesConfig::default(), actor).unwrap();
    (dev, id)
}

/// Runs `f` and returns its result with the documents it loaded.
fn counting<R>(dev: &mut Device, f: impl FnOnce(&mut Device) -> R) -> (R, u64) {
    let before = dev.store.doc_loads();
    let out = f(dev);
    (out, dev.store.doc_loads() - before)
}

#[test]
fn a_tap_reads_the_work_order_once_and_returns_what_a_fresh_read_shows() {
    let (mut dev, id) = engineer_with_order();
    let (view, loads) = counting(&mut dev, |d| d.act(&id, Action::Respond).unwrap());
    assert_eq!(loads, 1);
    assert_eq!(view, dev.get_work_order(&id).unwrap());

    let patch = ServicePatch {
        work_done: Some("replaced the lamp".into()),
        labour_minutes: Some(30),
        ..Default::default()
    };
    let (view, loads) = counting(&mut dev, |d| d.update_service(&id, patch).unwrap());
    assert_eq!(loads, 1);
    assert_eq!(view, dev.get_work_order(&id).unwrap());
}

#[test]
fn signing_reads_the_work_order_once_and_returns_what_a_fresh_read_shows() {
    let (mut dev, id) = engineer_with_order();
    dev.act(&id, Action::Respond).unwrap();
    let work = ServicePatch {
        work_done: Some("更换灯泡".into()),
        ..Default::default()
    };
    dev.update_service(&id, work).unwrap();
    dev.act(&id, Action::Resolve).unwrap();
    let input = SignInput {
        signer: "赵刚".into(),
        opinion: "ok".into(),
        satisfaction: 5,
        matches_agreed_items: true,
        strokes: crate::testing::signature(),
    };
    let (view, loads) = counting(&mut dev, |d| d.sign(&id, input).unwrap());
    assert_eq!(loads, 1);
    assert!(view.wo.signoff.is_some());
    assert_eq!(view, dev.get_work_order(&id).unwrap());
}

#[test]
fn a_pickup_reads_the_work_order_and_the_part_once_each() {
    let (mut dev, id) = engineer_with_order();
    let (part_id, mut part) = part_doc("LAMP", 5);
    dev.store.create_doc_merging(&part_id, &mut part).unwrap();
    let (view, loads) = counting(&mut dev, |d| {
        d.pickup_parts(&id, &part_id, 1, vec![], None).unwrap()
    });
    assert_eq!(loads, 2);
    assert_eq!(view.pickups.len(), 1);
    assert_eq!(view, dev.get_work_order(&id).unwrap());
}
