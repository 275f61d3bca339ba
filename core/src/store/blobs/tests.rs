//! The device's blob store: the same bytes stored once, a damaged row found
//! on read, a torn write leaving nothing, and what waits for upload.

use super::*;
use crate::doc;
use crate::model::{DocId, Photo, PhotoKind};
use crate::testing::at;
use crate::testing::samples::{count, read_wo, store_with_wo};

fn photo(hash: &str, thumb: &str) -> Photo {
    Photo {
        hash: hash.into(),
        thumb: thumb.into(),
        kind: PhotoKind::Fault,
        caption: "进样口".into(),
        width: 2048,
        height: 1536,
        bytes: 10,
        taken_at: at("2026-03-02T02:00:00Z"),
        by: "zhang".into(),
    }
}

/// The photo's bytes and its thumbnail's, in the order they are stored.
const PHOTO: [&[u8]; 2] = [b"the full photo", b"thumb"];

/// Stores [`PHOTO`] and records it on order `id` in one edit; the photo's
/// and the thumbnail's hashes, and how the edit ended.
fn attach_photo(
    s: &mut Store,
    id: &DocId,
) -> ((String, String), std::result::Result<(), EditError<String>>) {
    let (hash, thumb) = (hash_of(PHOTO[0]), hash_of(PHOTO[1]));
    let record = photo(&hash, &thumb);
    let r = s.edit_with_blobs(&PHOTO, std::slice::from_ref(id), |docs| {
        let mut wo = read_wo(&docs[0]);
        wo.photos.push(record);
        doc::write(&mut docs[0], &wo).map_err(|e| e.to_string())
    });
    ((hash, thumb), r)
}

#[test]
fn the_same_bytes_are_stored_once() {
    let mut s = Store::open_in_memory().unwrap();
    let a = s.put_blob(b"photo bytes").unwrap();
    let b = s.put_blob(b"photo bytes").unwrap();
    assert_eq!(a, b);
    assert_eq!(a, hash_of(b"photo bytes"));
    assert_eq!(count(&s, "SELECT count(*) FROM blobs"), 1);
    assert_eq!(s.blob(&a).unwrap().as_deref(), Some(&b"photo bytes"[..]));
    assert!(s.has_blob(&a).unwrap());
    assert_eq!(s.blob(&hash_of(b"other")).unwrap(), None);
}

#[test]
fn a_damaged_blob_is_detected_deleted_and_reported() {
    let mut s = Store::open_in_memory().unwrap();
    let h = s.put_blob(b"the nameplate").unwrap();
    s.conn
        .execute(
            "UPDATE blobs SET bytes = X'00FF' WHERE hash = ?1",
            [h.as_str()],
        )
        .unwrap();
    let e = s.blob(&h).unwrap_err();
    assert!(
        matches!(&e, StoreError::CorruptBlob { hash } if *hash == h),
        "{e}"
    );
    assert!(e.to_string().contains("fetched again"), "{e}");
    assert!(!s.has_blob(&h).unwrap(), "the damaged row is gone");
    assert_eq!(s.blob(&h).unwrap(), None, "next read: simply missing");
}

#[test]
fn a_blob_over_the_cap_is_refused() {
    let mut s = Store::open_in_memory().unwrap();
    let big = vec![7u8; MAX_BLOB_BYTES as usize + 1];
    let e = s.put_blob(&big).unwrap_err();
    assert!(matches!(e, StoreError::BlobTooLarge { .. }), "{e}");
    assert_eq!(count(&s, "SELECT count(*) FROM blobs"), 0);
}

#[test]
fn a_photo_and_its_metadata_are_written_together() {
    let (mut s, id) = store_with_wo();
    let ((h, t), r) = attach_photo(&mut s, &id);
    r.unwrap();
    assert!(s.has_blob(&h).unwrap() && s.has_blob(&t).unwrap());
    let wo = read_wo(&s.load(&id).unwrap().unwrap());
    assert_eq!(wo.photos.len(), 1);
    // Thumbnails (smaller) first.
    assert_eq!(s.blobs_to_upload().unwrap(), vec![t.clone(), h.clone()]);
    s.mark_uploaded(&t).unwrap();
    assert_eq!(s.blobs_to_upload().unwrap(), vec![h]);
}

#[test]
fn an_edit_refused_after_the_blobs_were_written_keeps_neither() {
    let (mut s, id) = store_with_wo();
    let before = s.dirty_snapshot().unwrap();
    let r = s.edit_with_blobs(&PHOTO, std::slice::from_ref(&id), |_| {
        Err::<(), _>("refused".to_string())
    });
    assert!(matches!(r, Err(EditError::Closure(_))));
    assert_eq!(count(&s, "SELECT count(*) FROM blobs"), 0);
    assert_eq!(s.dirty_snapshot().unwrap(), before);
}

/// A torn write: the blobs are in, then saving the document fails (the
/// disk fills, here a trigger) — the transaction leaves neither the blobs
/// nor the photo's metadata.
#[test]
fn a_write_failing_midway_leaves_neither_the_blob_nor_the_metadata() {
    let (mut s, id) = store_with_wo();
    s.conn
        .execute_batch(
            "CREATE TRIGGER full_disk BEFORE INSERT ON chunks
             BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;",
        )
        .unwrap();
    let (_, r) = attach_photo(&mut s, &id);
    assert!(matches!(r, Err(EditError::Store(_))), "{r:?}");
    s.conn.execute_batch("DROP TRIGGER full_disk").unwrap();
    assert_eq!(count(&s, "SELECT count(*) FROM blobs"), 0);
    assert_eq!(count(&s, "SELECT count(*) FROM wo_photos"), 0);
    assert!(read_wo(&s.load(&id).unwrap().unwrap()).photos.is_empty());
    assert!(s.blobs_to_upload().unwrap().is_empty());
}

#[test]
fn a_removed_photo_is_no_longer_waiting_for_upload() {
    let (mut s, id) = store_with_wo();
    attach_photo(&mut s, &id).1.unwrap();
    s.edit(std::slice::from_ref(&id), |docs| {
        let mut wo = read_wo(&docs[0]);
        wo.photos.clear();
        doc::write(&mut docs[0], &wo).map_err(|e| e.to_string())
    })
    .unwrap();
    assert!(s.blobs_to_upload().unwrap().is_empty());
}

#[test]
fn downloaded_bytes_are_kept_only_when_they_match_their_hash() {
    let mut s = Store::open_in_memory().unwrap();
    let h = hash_of(b"from the server");
    assert!(matches!(
        s.put_downloaded_blob(&h, b"something else"),
        Err(StoreError::CorruptBlob { .. })
    ));
    assert!(!s.has_blob(&h).unwrap());
    s.put_downloaded_blob(&h, b"from the server").unwrap();
    assert_eq!(
        count(
            &s,
            "SELECT count(*) FROM blobs WHERE uploaded_at IS NOT NULL"
        ),
        1
    );
}
