//! The write rules of a work order's `photos`: the engineer on their own
//! order, nobody else but the office; the list's limits whoever writes it.

use automerge::AutoCommit;

use super::*;
use crate::doc;
use crate::model::{Photo, PhotoKind};
use crate::testing::{at, WorkOrderBuilder};

const YANG: &str = "yangjinwei";

struct AllYang;
impl Records for AllYang {
    fn assignee_of(&self, _: &DocId) -> Option<String> {
        Some(YANG.into())
    }
}

fn writer(user: &'static str, role: Role) -> Writer<'static> {
    Writer { user, role }
}

fn photo(n: u32, by: &str) -> Photo {
    Photo {
        hash: format!("{n:064x}"),
        thumb: format!("{:064x}", n + 1000),
        kind: PhotoKind::Fault,
        caption: String::new(),
        width: 2048,
        height: 1536,
        bytes: 500_000,
        taken_at: at("2026-03-02T02:00:00Z"),
        by: by.into(),
    }
}

fn with_photos(d: &AutoCommit, photos: Vec<Photo>) -> AutoCommit {
    let mut after = d.clone();
    let mut wo: WorkOrder = doc::read(&after, DocKind::WorkOrder).unwrap();
    wo.photos = photos;
    doc::write(&mut after, &wo).unwrap();
    after.commit();
    after
}

fn check(
    w: Writer<'_>,
    id: &DocId,
    before: &AutoCommit,
    after: &AutoCommit,
) -> Result<(), Refusal> {
    check_write(w, id, Some(before), &mut after.clone(), 100, &AllYang)
}

#[test]
fn the_engineer_adds_photos_to_their_order_and_the_expert_may_not() {
    let (id, d) = WorkOrderBuilder::new().assigned_to(YANG).doc();
    let after = with_photos(&d, vec![photo(1, YANG)]);
    check(writer(YANG, Role::Engineer), &id, &d, &after).unwrap();
    check(writer("office", Role::Office), &id, &d, &after).unwrap();
    let e = check(writer("wang", Role::Expert), &id, &d, &after).unwrap_err();
    assert_eq!(e.kind, RefusalKind::Forbidden, "{}", e.message);
    assert!(e.message.contains("photos"), "{}", e.message);
    let e = check(writer("keeper", Role::Storekeeper), &id, &d, &after).unwrap_err();
    assert_eq!(e.kind, RefusalKind::Forbidden, "{}", e.message);
}

#[test]
fn an_engineer_may_not_add_a_photo_in_someone_elses_name() {
    let (id, d) = WorkOrderBuilder::new().assigned_to(YANG).doc();
    let after = with_photos(&d, vec![photo(1, "tangrong")]);
    let e = check(writer(YANG, Role::Engineer), &id, &d, &after).unwrap_err();
    assert_eq!(e.kind, RefusalKind::Forbidden, "{}", e.message);
}

#[test]
fn more_than_50_photos_or_a_malformed_name_are_refused() {
    let (id, d) = WorkOrderBuilder::new().assigned_to(YANG).doc();
    let office = writer("office", Role::Office);
    let fifty: Vec<Photo> = (0..50).map(|n| photo(n, YANG)).collect();
    check(office, &id, &d, &with_photos(&d, fifty.clone())).unwrap();
    let mut many = fifty;
    many.push(photo(99, YANG));
    let e = check(office, &id, &d, &with_photos(&d, many)).unwrap_err();
    assert_eq!(e.kind, RefusalKind::Invalid);
    assert!(e.message.contains("at most 50"), "{}", e.message);
    let mut bad = photo(1, YANG);
    bad.hash = "../../etc/passwd".into();
    let e = check(office, &id, &d, &with_photos(&d, vec![bad])).unwrap_err();
    assert!(e.message.contains("SHA-256"), "{}", e.message);
    let mut huge = photo(1, YANG);
    huge.bytes = 9 * 1024 * 1024;
    let e = check(office, &id, &d, &with_photos(&d, vec![huge])).unwrap_err();
    assert!(e.message.contains("at most"), "{}", e.message);
}
