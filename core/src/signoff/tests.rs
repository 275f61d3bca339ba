//! Photos in the signed content: an order without photos keeps its former
//! canonical form (signatures given before photos existed stay valid), and
//! a photo added, removed or replaced after signing shows as changed after
//! signing — by the hash and by the document's history.

use automerge::{transaction::Transactable, AutoCommit, ROOT};
use chrono::Duration;

use super::*;
use crate::doc;
use crate::model::{DocKind, Photo, PhotoKind};
use crate::testing::{at, monday_morning, sign_off, WorkOrderBuilder};

/// The canonical hash of [`signed_before_photos`] as issue 17's code (before
/// photos entered the canonical form) computed it.
const SIGNED_BEFORE_PHOTOS: &str =
    "4fea228ec176580b42df16d1023fe9d0d679b8b4c785fa52df8633ad4b90fb21";

/// A fixed order (fixed id and times), signed, with no photos.
fn signed_before_photos() -> WorkOrder {
    WorkOrderBuilder::new()
        .id_suffix("01SIGNEDBEFOREPHOTOS")
        .assigned_to("zhang")
        .signed()
        .build()
}

fn photo(n: u32, caption: &str) -> Photo {
    Photo {
        hash: format!("{n:064x}"),
        thumb: format!("{:064x}", n + 1000),
        kind: PhotoKind::Nameplate,
        caption: caption.into(),
        width: 2048,
        height: 1536,
        bytes: 400_000,
        taken_at: at("2026-03-02T02:00:00Z"),
        by: "zhang".into(),
    }
}

/// Zhang's order, worked to resolved, with `photos`, then signed.
fn signed_with(photos: Vec<Photo>) -> WorkOrder {
    let mut wo = WorkOrderBuilder::new()
        .assigned_to("zhang")
        .resolved()
        .build();
    wo.photos = photos;
    sign_off(&mut wo, monday_morning() + Duration::hours(6));
    wo
}

#[test]
fn an_order_without_photos_keeps_its_former_canonical_form() {
    let wo = signed_before_photos();
    let s = wo.signoff.as_ref().unwrap();
    assert!(!canonical_json(&wo, s).contains("photos"));
    assert_eq!(content_hash(&wo, s), SIGNED_BEFORE_PHOTOS);
    assert_eq!(s.content_hash, SIGNED_BEFORE_PHOTOS);
}

/// A record signed by an older Onsite has no `photos` key at all: it reads
/// with no photos and its signature still verifies.
#[test]
fn a_record_signed_before_photos_existed_still_verifies() {
    let wo = signed_before_photos();
    let mut am = doc::create(DocKind::WorkOrder, &wo).unwrap();
    am.delete(ROOT, "photos").unwrap();
    am.commit();
    let back: WorkOrder = doc::read(&am, DocKind::WorkOrder).unwrap();
    assert!(back.photos.is_empty());
    assert_eq!(verify(&back), SignatureCheck::Valid);
    assert_eq!(verify_history(&mut am), SignatureCheck::Valid);
}

#[test]
fn photos_enter_the_canonical_form_in_list_order() {
    let wo = signed_with(vec![photo(1, "铭牌"), photo(2, "")]);
    let s = wo.signoff.as_ref().unwrap();
    let json = canonical_json(&wo, s);
    assert!(
        json.ends_with(&format!(
            r#""photos":[{{"hash":"{:064x}","kind":"nameplate","caption":"铭牌"}},{{"hash":"{:064x}","kind":"nameplate","caption":""}}]}}"#,
            1, 2
        )),
        "{json}"
    );
    assert_eq!(verify(&wo), SignatureCheck::Valid);
}

#[test]
fn a_photo_added_removed_replaced_or_recaptioned_after_signing_is_changed_after_signing() {
    let signed = signed_with(vec![photo(1, "故障")]);
    type Change = (&'static str, fn(&mut WorkOrder));
    let changes: [Change; 4] = [
        ("replaced", |wo| wo.photos[0].hash = format!("{:064x}", 7)),
        ("removed", |wo| wo.photos.clear()),
        ("added", |wo| wo.photos.push(photo(3, ""))),
        ("recaptioned", |wo| wo.photos[0].caption = "维修后".into()),
    ];
    for (what, change) in changes {
        let mut wo = signed.clone();
        change(&mut wo);
        assert!(
            matches!(verify(&wo), SignatureCheck::ChangedAfterSigning { .. }),
            "a photo {what} after signing"
        );
    }
}

/// The tamper test for a replaced photo: even when the replacer seals the
/// hash again, the document's history shows what the customer signed.
#[test]
fn a_photo_replaced_and_resealed_after_signing_is_found_by_the_history() {
    let wo = signed_with(vec![photo(1, "故障")]);
    let mut am: AutoCommit = doc::create(DocKind::WorkOrder, &wo).unwrap();
    am.commit();
    let mut forged = wo.clone();
    forged.photos[0].hash = format!("{:064x}", 7);
    forged.photos[0].thumb = format!("{:064x}", 8);
    let mut s = forged.signoff.clone().unwrap();
    seal(&forged, &mut s);
    forged.signoff = Some(s);
    doc::write(&mut am, &forged).unwrap();
    am.commit();
    let checks = (verify(&forged), verify_history(&mut am));
    assert!(
        matches!(
            checks,
            (
                SignatureCheck::Valid,
                SignatureCheck::ChangedAfterSigning { .. }
            )
        ),
        "the hash alone is fooled, the history is not: {checks:?}"
    );
}
