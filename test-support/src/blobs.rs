//! Photo bytes against a [`TestServer`]: raw `PATCH`/`HEAD`/`GET` of
//! `/v1/blobs/{hash}` with their status and headers, a whole upload in one
//! request, photo-like bytes, and a work order's `photos` written through
//! Automerge directly (each item a map with `hash` and `thumb`), and
//! [`MemBlobs`], a device's blob store in memory for the upload client.

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjType, ReadDoc, Value, ROOT};
use onsite_core::sync::blobs::{sha256_hex, UPLOAD_LENGTH, UPLOAD_OFFSET};

use std::collections::BTreeMap;
use std::sync::Mutex;

use onsite_core::sync::blobs::BlobAccess;
use onsite_core::sync::client::SyncError;

use crate::TestServer;

/// A device's blobs in memory: bytes by hash, and whether the server holds
/// each. [`BlobAccess::to_upload`] lists the others, smallest first.
#[derive(Debug, Default)]
pub struct MemBlobs {
    blobs: Mutex<BTreeMap<String, (Vec<u8>, bool)>>,
}

impl MemBlobs {
    /// Keeps `bytes` (not yet on the server); their hash.
    pub fn put(&self, bytes: &[u8]) -> String {
        let hash = sha256_hex(bytes);
        self.blobs
            .lock()
            .unwrap()
            .entry(hash.clone())
            .or_insert((bytes.to_vec(), false));
        hash
    }

    /// Whether `hash` is held (uploaded or not).
    pub fn holds(&self, hash: &str) -> bool {
        self.blobs.lock().unwrap().contains_key(hash)
    }
}

impl BlobAccess for MemBlobs {
    fn to_upload(&self) -> Result<Vec<String>, SyncError> {
        let blobs = self.blobs.lock().unwrap();
        let mut v: Vec<(&String, usize)> = blobs
            .iter()
            .filter(|(_, (_, up))| !up)
            .map(|(h, (b, _))| (h, b.len()))
            .collect();
        v.sort_by_key(|(h, n)| (*n, (*h).clone()));
        Ok(v.into_iter().map(|(h, _)| h.clone()).collect())
    }

    fn read(&self, hash: &str) -> Result<Option<Vec<u8>>, SyncError> {
        Ok(self.blobs.lock().unwrap().get(hash).map(|(b, _)| b.clone()))
    }

    fn uploaded(&self, hash: &str) -> Result<(), SyncError> {
        if let Some(e) = self.blobs.lock().unwrap().get_mut(hash) {
            e.1 = true;
        }
        Ok(())
    }

    fn downloaded(&self, hash: &str, bytes: &[u8]) -> Result<(), SyncError> {
        self.blobs
            .lock()
            .unwrap()
            .insert(hash.to_string(), (bytes.to_vec(), true));
        Ok(())
    }
}

/// A blob endpoint's answer: status, `Upload-Offset` header and body.
#[derive(Debug, Clone)]
pub struct BlobAnswer {
    /// The HTTP status.
    pub status: u16,
    /// The `Upload-Offset` header, when given.
    pub offset: Option<u64>,
    /// The body.
    pub body: Vec<u8>,
}

/// `n` bytes that differ from those of any other `seed` (not an image:
/// the server never looks inside).
pub fn photo_bytes(seed: u8, n: usize) -> Vec<u8> {
    let mut x: u32 = 0x9e37_79b9 ^ u32::from(seed);
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect()
}

/// Appends `photos` items `{hash, thumb}` to a work order's document.
pub fn add_photo_refs(doc: &mut AutoCommit, refs: &[(&str, &str)]) {
    let list = match doc.get(ROOT, "photos").expect("read") {
        Some((Value::Object(ObjType::List), id)) => id,
        _ => doc
            .put_object(ROOT, "photos", ObjType::List)
            .expect("photos"),
    };
    for (hash, thumb) in refs {
        let at = doc.length(&list);
        let item = doc.insert_object(&list, at, ObjType::Map).expect("item");
        doc.put(&item, "hash", *hash).expect("hash");
        doc.put(&item, "thumb", *thumb).expect("thumb");
    }
}

async fn answer(resp: reqwest::Response) -> BlobAnswer {
    let status = resp.status().as_u16();
    let offset = resp
        .headers()
        .get(UPLOAD_OFFSET)
        .and_then(|v| v.to_str().ok())
        .and_then(|s| s.parse().ok());
    BlobAnswer {
        status,
        offset,
        body: resp.bytes().await.expect("body").to_vec(),
    }
}

impl TestServer {
    /// `PATCH /v1/blobs/{hash}` of `bytes` at `offset`, declaring `length`.
    pub async fn patch_blob(
        &self,
        token: &str,
        hash: &str,
        offset: u64,
        length: Option<u64>,
        bytes: Vec<u8>,
    ) -> BlobAnswer {
        let mut req = reqwest::Client::new()
            .patch(format!("{}/v1/blobs/{hash}", self.url))
            .bearer_auth(token)
            .header(UPLOAD_OFFSET, offset.to_string())
            .body(bytes);
        if let Some(l) = length {
            req = req.header(UPLOAD_LENGTH, l.to_string());
        }
        answer(req.send().await.expect("patch")).await
    }

    /// Uploads `bytes` in one `PATCH` under their own hash; the hash.
    pub async fn upload_blob(&self, token: &str, bytes: &[u8]) -> String {
        let hash = sha256_hex(bytes);
        let a = self
            .patch_blob(token, &hash, 0, Some(bytes.len() as u64), bytes.to_vec())
            .await;
        assert_eq!(a.status, 200, "{}", String::from_utf8_lossy(&a.body));
        hash
    }

    /// `HEAD /v1/blobs/{hash}`.
    pub async fn head_blob(&self, token: &str, hash: &str) -> BlobAnswer {
        let req = reqwest::Client::new()
            .head(format!("{}/v1/blobs/{hash}", self.url))
            .bearer_auth(token);
        answer(req.send().await.expect("head")).await
    }

    /// `GET /v1/blobs/{hash}`.
    pub async fn get_blob(&self, token: &str, hash: &str) -> BlobAnswer {
        let req = reqwest::Client::new()
            .get(format!("{}/v1/blobs/{hash}", self.url))
            .bearer_auth(token);
        answer(req.send().await.expect("get")).await
    }

    /// `POST /v1/blobs/missing`: the hashes the server lacks.
    pub async fn missing_blobs(&self, token: &str, hashes: &[&str]) -> Vec<String> {
        let resp = reqwest::Client::new()
            .post(format!("{}/v1/blobs/missing", self.url))
            .bearer_auth(token)
            .header("content-type", "application/json")
            .body(serde_json::to_vec(&serde_json::json!({ "hashes": hashes })).expect("json"))
            .send()
            .await
            .expect("missing");
        assert_eq!(resp.status().as_u16(), 200);
        let v: serde_json::Value =
            serde_json::from_slice(&resp.bytes().await.expect("body")).expect("json");
        serde_json::from_value(v["missing"].clone()).expect("missing list")
    }

    /// How many rows the blob tables hold: (blobs, uploads in progress,
    /// their parts).
    pub fn blob_rows(&self) -> (i64, i64, i64) {
        if let Some((url, schema)) = self.postgres() {
            let n = crate::pg::count_rows(url, schema, &["blobs", "blob_uploads", "blob_parts"]);
            return (n[0], n[1], n[2]);
        }
        let conn = rusqlite::Connection::open(
            self.data_dir()
                .join(onsite_sync_server::store::sqlite::DB_FILE),
        )
        .expect("open");
        let count = |t: &str| {
            conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
                .expect("count")
        };
        (count("blobs"), count("blob_uploads"), count("blob_parts"))
    }
}
