//! Photos through the facade: the engineer adds and removes photos on their
//! own order, nobody on someone else's, nothing after signing, at most 50.

use std::sync::Arc;

use super::*;
use crate::clock::FixedClock;
use crate::ops::Actor;
use crate::photos::image::sample_png;
use crate::rules::state::Role;
use crate::rules::RulesConfig;
use crate::service::ErrorCode;
use crate::signoff::SignatureCheck;
use crate::store::Store;
use crate::testing::samples::{at, count, wo_doc};
use crate::testing::visit_and_sign;

/// A device of `user` (`role`) holding order 1 (zhang's) and order 2 (li's).
fn device(user: &str, role: Role) -> (Device, DocId, DocId) {
    let mut store = Store::open_in_memory().unwrap();
    let (mine, mut a) = wo_doc("1", Some("zhang"));
    store.create_doc_merging(&mine, &mut a).unwrap();
    let (theirs, mut b) = wo_doc("2", Some("li"));
    store.create_doc_merging(&theirs, &mut b).unwrap();
    let clock = Arc::new(FixedClock::new(at("2026-03-02T02:00:00Z").0));
    let dev = Device::new(store, clock, RulesConfig::default(), Actor::new(user, role)).unwrap();
    (dev, mine, theirs)
}

fn blobs(dev: &Device) -> i64 {
    count(&dev.store, "SELECT count(*) FROM blobs")
}

/// Adds the 400×300 sample picture `n` (each `n` a picture of its own) to
/// order `id` as a `kind` photo without a caption.
fn add_picture(
    dev: &mut Device,
    id: &DocId,
    n: u8,
    kind: PhotoKind,
) -> Result<WorkOrderView, ApiError> {
    dev.add_photo(id, &sample_png(400, 300, n), kind, "")
}

/// Zhang's device ([`device`]) with picture `n` added to his order as a
/// `kind` photo: the device, the order and the photo's hash.
fn with_a_photo(n: u8, kind: PhotoKind) -> (Device, DocId, String) {
    let (mut dev, id, _) = device("zhang", Role::Engineer);
    let view = add_picture(&mut dev, &id, n, kind).unwrap();
    let hash = view.wo.photos[0].hash.clone();
    (dev, id, hash)
}

#[test]
fn the_engineer_adds_a_photo_to_their_order_and_sees_it_with_its_thumbnail() {
    let (mut dev, id, _) = device("zhang", Role::Engineer);
    let view = dev
        .add_photo(
            &id,
            &sample_png(3000, 2000, 1),
            PhotoKind::Fault,
            " 进样口漏气 ",
        )
        .unwrap();
    let p = &view.wo.photos[0];
    assert_eq!(
        (p.kind, p.caption.as_str()),
        (PhotoKind::Fault, "进样口漏气")
    );
    assert_eq!((p.width, p.height, p.by.as_str()), (2048, 1365, "zhang"));
    assert_eq!(p.taken_at, at("2026-03-02T02:00:00Z"));
    let full = dev
        .photo(&p.hash)
        .unwrap()
        .expect("the photo is on the device");
    assert_eq!(full.len() as u64, p.bytes);
    assert!(dev.photo(&p.thumb).unwrap().unwrap().len() < full.len());
    assert_eq!(
        dev.store.blobs_to_upload().unwrap(),
        vec![p.thumb.clone(), p.hash.clone()]
    );
    assert_eq!(dev.get_work_order(&id).unwrap().wo.photos, view.wo.photos);
    // Regression: the badge said "2 张照片待上传" for one photo (its
    // thumbnail counted as a second photo).
    assert_eq!(dev.store.photos_waiting().unwrap(), 1);
    dev.store.mark_uploaded(&p.thumb).unwrap();
    assert_eq!(
        dev.store.photos_waiting().unwrap(),
        1,
        "its picture still waits"
    );
    dev.store.mark_uploaded(&p.hash).unwrap();
    assert_eq!(dev.store.photos_waiting().unwrap(), 0);
}

#[test]
fn the_same_picture_twice_is_refused_and_stored_once() {
    let (mut dev, id, _) = device("zhang", Role::Engineer);
    let png = sample_png(400, 300, 2);
    dev.add_photo(&id, &png, PhotoKind::Nameplate, "").unwrap();
    let e = dev.add_photo(&id, &png, PhotoKind::Other, "").unwrap_err();
    assert_eq!(e.code, ErrorCode::Invalid);
    assert!(e.message.contains("already"), "{}", e.message);
    assert_eq!(blobs(&dev), 2);
}

#[test]
fn an_engineer_may_not_add_a_photo_to_someone_elses_order() {
    let (mut dev, _, theirs) = device("zhang", Role::Engineer);
    let e = add_picture(&mut dev, &theirs, 3, PhotoKind::Fault).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden, "{}", e.message);
    assert_eq!(blobs(&dev), 0, "nothing stored: one transaction");
}

#[test]
fn the_office_may_add_a_photo_to_any_order() {
    let (mut dev, _, theirs) = device("office", Role::Office);
    let view = add_picture(&mut dev, &theirs, 4, PhotoKind::Other).unwrap();
    assert_eq!(view.wo.photos.len(), 1);
}

#[test]
fn a_file_that_is_not_a_picture_is_refused_with_a_clear_error() {
    let (mut dev, id, _) = device("zhang", Role::Engineer);
    let e = dev
        .add_photo(&id, b"%PDF-1.7 not a photo", PhotoKind::Fault, "")
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Invalid);
    assert!(e.message.contains("JPEG or PNG"), "{}", e.message);
    assert!(dev.get_work_order(&id).unwrap().wo.photos.is_empty());
}

#[test]
fn the_engineer_removes_a_photo_before_signing() {
    let (mut dev, id, hash) = with_a_photo(5, PhotoKind::Repair);
    let view = dev.remove_photo(&id, &hash).unwrap();
    assert!(view.wo.photos.is_empty());
    assert!(dev.store.blobs_to_upload().unwrap().is_empty());
    let e = dev.remove_photo(&id, &hash).unwrap_err();
    assert_eq!(e.code, ErrorCode::Invalid);
}

#[test]
fn photos_are_refused_after_signing_and_the_signature_stays_valid() {
    // A captioned photo: the caption is sealed with the record too.
    let (mut dev, id, _) = device("zhang", Role::Engineer);
    let view = dev
        .add_photo(&id, &sample_png(400, 300, 6), PhotoKind::Fault, "before")
        .unwrap();
    let hash = view.wo.photos[0].hash.clone();
    visit_and_sign(&mut dev, &id);
    let e = add_picture(&mut dev, &id, 7, PhotoKind::Repair).unwrap_err();
    assert_eq!(e.code, ErrorCode::SignedReadOnly, "{}", e.message);
    let e = dev.remove_photo(&id, &hash).unwrap_err();
    assert_eq!(e.code, ErrorCode::SignedReadOnly, "{}", e.message);
    let view = dev.get_work_order(&id).unwrap();
    assert_eq!(view.wo.photos.len(), 1);
    assert_eq!(view.signature, SignatureCheck::Valid);
    assert_eq!(blobs(&dev), 2, "the refused photo's blobs were not kept");
}

#[test]
fn an_order_takes_at_most_50_photos() {
    let (mut dev, id, _) = device("zhang", Role::Engineer);
    for i in 0..50u8 {
        dev.add_photo(
            &id,
            &sample_png(20 + u32::from(i), 16, i),
            PhotoKind::Other,
            "",
        )
        .unwrap();
    }
    let e = dev
        .add_photo(&id, &sample_png(16, 20, 200), PhotoKind::Other, "")
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Invalid);
    assert!(e.message.contains("50"), "{}", e.message);
    assert_eq!(dev.get_work_order(&id).unwrap().wo.photos.len(), 50);
}

#[test]
fn a_damaged_photo_reads_as_missing_so_it_is_fetched_again() {
    let (dev, _, hash) = with_a_photo(8, PhotoKind::Fault);
    dev.store
        .conn()
        .execute("UPDATE blobs SET bytes = X'FFD8' WHERE hash = ?1", [&hash])
        .unwrap();
    assert_eq!(dev.photo(&hash).unwrap(), None);
    assert!(!dev.store.has_blob(&hash).unwrap());
    assert_eq!(dev.photo("nope").unwrap_err().code, ErrorCode::Invalid);
}
