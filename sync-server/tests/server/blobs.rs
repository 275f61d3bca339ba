//! Photo bytes (`/v1/blobs/…`, issue 18): uploads verified by hash and
//! resumable at the server's offset, the size cap, and downloads only by a
//! reader of an order whose photos name the blob.

use onsite_core::rules::state::Role;
use onsite_core::sync::blobs::{sha256_hex, MAX_BLOB_BYTES};
use onsite_test_support::blobs::{add_photo_refs, photo_bytes};
use onsite_test_support::json;

use onsite_test_support::{RawDevice, TestServer};

use super::{server, server_and_raw, TANG, YANG};

/// A server, yangjinwei's device, and `len` bytes of a photo (made from
/// `seed`) with their hash.
async fn yang_and_a_photo(seed: u8, len: usize) -> (TestServer, RawDevice, Vec<u8>, String) {
    let (s, [yang]) = server_and_raw([(YANG, Role::Engineer)]).await;
    let bytes = photo_bytes(seed, len);
    let hash = sha256_hex(&bytes);
    (s, yang, bytes, hash)
}

#[tokio::test]
async fn a_photo_uploads_once_and_uploading_it_again_changes_nothing() {
    let (s, yang, bytes, hash) = yang_and_a_photo(1, 300_000).await;
    assert_eq!(
        s.missing_blobs(&yang.token, &[&hash]).await,
        vec![hash.clone()]
    );
    assert_eq!(s.head_blob(&yang.token, &hash).await.status, 404);
    s.upload_blob(&yang.token, &bytes).await;
    assert!(s.missing_blobs(&yang.token, &[&hash]).await.is_empty());
    let head = s.head_blob(&yang.token, &hash).await;
    assert_eq!((head.status, head.offset), (200, Some(300_000)));
    // Again, whole: 200 and still one blob.
    s.upload_blob(&yang.token, &bytes).await;
    assert_eq!(s.blob_rows(), (1, 0, 0));
    s.stop().await;
}

#[tokio::test]
async fn bytes_not_matching_their_hash_are_refused_422_and_nothing_is_kept() {
    let (s, [yang]) = server_and_raw([(YANG, Role::Engineer)]).await;
    let claimed = sha256_hex(&photo_bytes(1, 1000));
    let other = photo_bytes(2, 1000);
    let a = s
        .patch_blob(&yang.token, &claimed, 0, Some(1000), other[..600].to_vec())
        .await;
    assert_eq!(a.status, 204, "the first part is held");
    let a = s
        .patch_blob(&yang.token, &claimed, 600, None, other[600..].to_vec())
        .await;
    assert_eq!(a.status, 422);
    assert_eq!(json(&a.body)["code"], "hash_mismatch");
    assert_eq!(s.blob_rows(), (0, 0, 0), "nothing of it is kept");
    assert_eq!(s.head_blob(&yang.token, &claimed).await.status, 404);
    assert_eq!(
        s.missing_blobs(&yang.token, &[&claimed]).await,
        vec![claimed]
    );
    s.stop().await;
}

#[tokio::test]
async fn a_photo_over_the_cap_is_refused_413_naming_the_cap() {
    let (s, [yang]) = server_and_raw([(YANG, Role::Engineer)]).await;
    let big = MAX_BLOB_BYTES + 1;
    let a = s
        .patch_blob(
            &yang.token,
            &sha256_hex(b"big"),
            0,
            Some(big),
            vec![0; 1024],
        )
        .await;
    assert_eq!(a.status, 413);
    let body = json(&a.body);
    assert_eq!(body["code"], "blob_too_large");
    assert!(
        body["message"].as_str().unwrap().contains("8 MiB"),
        "{body}"
    );
    assert_eq!(s.blob_rows(), (0, 0, 0));
    s.stop().await;
}

#[tokio::test]
async fn a_resumed_upload_sends_only_the_missing_bytes() {
    let (s, yang, bytes, hash) = yang_and_a_photo(3, 1_000_000).await;
    let half = 500_000;
    let a = s
        .patch_blob(
            &yang.token,
            &hash,
            0,
            Some(1_000_000),
            bytes[..half].to_vec(),
        )
        .await;
    assert_eq!((a.status, a.offset), (204, Some(half as u64)));
    // The connection dropped; the device asks where to go on from.
    let head = s.head_blob(&yang.token, &hash).await;
    assert_eq!((head.status, head.offset), (206, Some(half as u64)));
    // Sending from the start again is refused with the server's offset,
    // nothing appended.
    let a = s
        .patch_blob(&yang.token, &hash, 0, Some(1_000_000), bytes.clone())
        .await;
    assert_eq!((a.status, a.offset), (409, Some(half as u64)));
    assert_eq!(json(&a.body)["code"], "offset_mismatch");
    let a = s
        .patch_blob(
            &yang.token,
            &hash,
            half as u64,
            None,
            bytes[half..].to_vec(),
        )
        .await;
    assert_eq!(a.status, 200, "{}", String::from_utf8_lossy(&a.body));
    assert_eq!(s.blob_rows(), (1, 0, 0));
    assert_eq!(s.store().blob(&hash).unwrap().unwrap(), bytes);
    s.stop().await;
}

#[tokio::test]
async fn a_second_engineer_is_refused_a_photo_of_an_order_not_theirs() {
    let s = server().await;
    let mut office = s.raw_device("office", Role::Office);
    let yang = s.raw_device(YANG, Role::Engineer);
    let tang = s.raw_device(TANG, Role::Engineer);
    let wo = office.send_order_for(YANG).await;
    let (photo, thumb) = (photo_bytes(4, 200_000), photo_bytes(5, 20_000));
    let (hp, ht) = (sha256_hex(&photo), sha256_hex(&thumb));
    s.edit(&wo.id, |d| add_photo_refs(d, &[(&hp, &ht)]));
    s.upload_blob(&yang.token, &photo).await;
    s.upload_blob(&yang.token, &thumb).await;
    // An uploaded blob no order names is nobody's to read.
    let stray = s.upload_blob(&yang.token, &photo_bytes(6, 100)).await;

    let unknown = s.get_blob(&tang.token, &sha256_hex(b"nothing")).await;
    assert_eq!(unknown.status, 404);
    for h in [&hp, &ht] {
        let refused = s.get_blob(&tang.token, h).await;
        assert_eq!(refused.status, 404, "tangrong reads yangjinwei's photo");
        assert_eq!(refused.body, unknown.body, "refused exactly as unknown");
    }
    let mine = s.get_blob(&yang.token, &hp).await;
    assert_eq!((mine.status, mine.body == photo), (200, true));
    let office_sees = s.get_blob(&office.token, &ht).await;
    assert_eq!((office_sees.status, office_sees.body == thumb), (200, true));
    assert_eq!(s.get_blob(&office.token, &stray).await.status, 404);
    s.stop().await;
}
