//! Photo bytes (blobs) between the devices and the server, apart from the
//! Automerge documents: a work order's `photos` hold only each photo's
//! SHA-256 (`hash`, the scaled JPEG, and `thumb`, its thumbnail); the bytes
//! travel by these endpoints (`docs/sync-protocol.md` "Photos (blobs)"):
//!
//! - `POST /v1/blobs/missing` `{"hashes": [...]}` → `{"missing": [...]}`;
//! - `HEAD /v1/blobs/{hash}` → 200 complete, 404 unknown, 206 with
//!   `Upload-Offset` for a partial upload;
//! - `PATCH /v1/blobs/{hash}` with `Upload-Offset` (and `Upload-Length` on
//!   the first) appends the next bytes; the server checks the SHA-256 once
//!   the declared length is reached;
//! - `GET /v1/blobs/{hash}` → the bytes, to a reader of a document whose
//!   photos name the hash (else 404, as for an unknown one).
//!
//! This module holds what both sides share: the limits, the header names,
//! the error codes, the JSON bodies and [`photo_refs`] (the hashes a
//! document references). The device's upload and download (feature
//! `client`) are [`upload_pending`] and [`fetch`].

use automerge::{ObjType, ReadDoc, ScalarValue, Value, ROOT};
use serde::{Deserialize, Serialize};
use sha2::Digest;

#[cfg(feature = "client")]
mod client;
#[cfg(feature = "client")]
pub use client::{
    fetch, fetch_each, upload_pending, BlobAccess, Patched, RemoteBlob, UploadOutcome,
};

/// The largest blob (8 MiB): the device stores none larger, the server
/// answers 413 `blob_too_large` above it.
pub use crate::photos::MAX_BLOB_BYTES;

/// The bytes a device sends in one `PATCH` (256 KiB).
pub const CHUNK_BYTES: usize = 256 * 1024;

/// The most hashes one `POST /v1/blobs/missing` may ask about.
pub const MAX_MISSING_HASHES: usize = 1000;

/// The header giving the offset a `PATCH` appends at, and the server's
/// offset in a `HEAD` answer and a 409.
pub const UPLOAD_OFFSET: &str = "upload-offset";

/// The header giving a blob's whole length (the first `PATCH`).
pub const UPLOAD_LENGTH: &str = "upload-length";

/// Error codes of the blob endpoints (`{code, message}` bodies).
pub mod codes {
    /// 422: the uploaded bytes do not hash to the blob's name; the partial
    /// upload was dropped.
    pub const HASH_MISMATCH: &str = "hash_mismatch";
    /// 413: the blob is larger than [`super::MAX_BLOB_BYTES`].
    pub const BLOB_TOO_LARGE: &str = "blob_too_large";
    /// 409: the `Upload-Offset` is not what the server holds (its offset is
    /// in the answer's `Upload-Offset` header).
    pub const OFFSET_MISMATCH: &str = "offset_mismatch";
}

/// `POST /v1/blobs/missing`'s body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingRequest {
    /// SHA-256 hex names, at most [`MAX_MISSING_HASHES`].
    pub hashes: Vec<String>,
}

/// `POST /v1/blobs/missing`'s answer: those asked about that the server
/// does not hold complete (a partial upload counts as missing).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingResponse {
    /// The hashes to upload, in the order asked.
    pub missing: Vec<String>,
}

/// Whether `s` is a blob name: 64 lowercase hex digits.
pub fn is_hash(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The SHA-256 of `bytes`, lowercase hex (a blob's name).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(sha2::Sha256::digest(bytes))
}

/// The blobs `doc` references: every `hash` and `thumb` of the maps in its
/// top-level `photos` list that is a blob name, sorted, without repeats.
/// Read tolerantly: a missing or malformed list or item gives nothing.
pub fn photo_refs<D: ReadDoc>(doc: &D) -> Vec<String> {
    let Ok(Some((Value::Object(ObjType::List), list))) = doc.get(ROOT, "photos") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for i in 0..doc.length(&list) {
        let Ok(Some((Value::Object(ObjType::Map), item))) = doc.get(&list, i) else {
            continue;
        };
        for key in ["hash", "thumb"] {
            if let Ok(Some((Value::Scalar(s), _))) = doc.get(&item, key) {
                if let ScalarValue::Str(t) = s.as_ref() {
                    if is_hash(t) {
                        out.push(t.to_string());
                    }
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The thumbnails among `doc`'s photos (their `thumb`s), in list order:
/// they upload first.
pub fn photo_thumbs<D: ReadDoc>(doc: &D) -> Vec<String> {
    let Ok(Some((Value::Object(ObjType::List), list))) = doc.get(ROOT, "photos") else {
        return Vec::new();
    };
    (0..doc.length(&list))
        .filter_map(|i| {
            let Ok(Some((Value::Object(ObjType::Map), item))) = doc.get(&list, i) else {
                return None;
            };
            match doc.get(&item, "thumb").ok()?? {
                (Value::Scalar(s), _) => match s.as_ref() {
                    ScalarValue::Str(t) if is_hash(t) => Some(t.to_string()),
                    _ => None,
                },
                _ => None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use automerge::transaction::Transactable;
    use automerge::AutoCommit;

    #[test]
    fn a_work_orders_photos_reference_their_hash_and_thumbnail() {
        let (a, b) = (sha256_hex(b"photo"), sha256_hex(b"thumb"));
        let mut d = AutoCommit::new();
        let photos = d.put_object(ROOT, "photos", ObjType::List).unwrap();
        let p = d.insert_object(&photos, 0, ObjType::Map).unwrap();
        d.put(&p, "hash", a.as_str()).unwrap();
        d.put(&p, "thumb", b.as_str()).unwrap();
        let junk = d.insert_object(&photos, 1, ObjType::Map).unwrap();
        d.put(&junk, "hash", "../etc/passwd").unwrap();
        let mut want = vec![a, b.clone()];
        want.sort();
        assert_eq!(photo_refs(&d), want);
        assert_eq!(photo_thumbs(&d), vec![b]);
        assert!(photo_refs(&AutoCommit::new()).is_empty());
    }
}
