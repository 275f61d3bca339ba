//! The device's side of the photo bytes (feature `client`):
//! [`upload_pending`] sends the blobs the device's work orders reference
//! and the server lacks — smallest (thumbnails) first, each in
//! [`CHUNK_BYTES`] pieces from the offset the server holds, so an upload
//! cut off resumes without sending a byte twice — and [`fetch`] gets one
//! blob on demand (from the device, else from the server, kept after).
//!
//! Both work through [`BlobAccess`] (the device's blob store) and the sync
//! [`Transport`]'s `blob_*` methods (the `/v1/blobs/…` routes:
//! [`HttpTransport`] over HTTP; a transport without them refuses, so
//! nothing is marked uploaded). A failure here never fails the document sync: the
//! loop logs it and counts the photos still waiting.

use super::{
    is_hash, sha256_hex, MissingRequest, MissingResponse, CHUNK_BYTES, MAX_MISSING_HASHES,
    UPLOAD_LENGTH, UPLOAD_OFFSET,
};
use crate::sync::client::{offline, refusal, HttpTransport, StoreAccess, SyncError, Transport};

/// The device's blobs as the upload and download need them.
pub trait BlobAccess: Send + Sync {
    /// The blobs referenced by a work order on the device that the server
    /// is not known to hold, in the order to send them (thumbnails first).
    fn to_upload(&self) -> Result<Vec<String>, SyncError>;
    /// A blob's bytes, verified against its name (`None`: not on the
    /// device, or found damaged and dropped).
    fn read(&self, hash: &str) -> Result<Option<Vec<u8>>, SyncError>;
    /// Records that the server holds `hash`.
    fn uploaded(&self, hash: &str) -> Result<(), SyncError>;
    /// Keeps bytes downloaded from the server (already checked against
    /// `hash`), as held by the server.
    fn downloaded(&self, hash: &str, bytes: &[u8]) -> Result<(), SyncError>;
}

/// What the server holds of a blob (`HEAD /v1/blobs/{hash}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemoteBlob {
    /// Nothing (404).
    Unknown,
    /// An upload under way with this many bytes held (206).
    Partial(u64),
    /// The whole blob (200).
    Complete,
}

/// What one `PATCH` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Patched {
    /// Appended; the server now holds this many bytes.
    More(u64),
    /// The blob is complete on the server.
    Complete,
    /// Refused: the server holds this many bytes (409 `offset_mismatch`).
    Offset(u64),
}

/// What [`upload_pending`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UploadOutcome {
    /// Blobs the server holds now that it did not before this call.
    pub uploaded: usize,
    /// Blobs found already on the server (marked, nothing sent).
    pub already_there: usize,
    /// Photo bytes sent (request bodies of the `PATCH`es).
    pub bytes_sent: u64,
    /// Blobs still waiting (a refusal, a damaged local copy).
    pub waiting: usize,
}

/// Uploads every blob [`BlobAccess::to_upload`] lists that the server
/// lacks. Stops at the first [`SyncError::Offline`] (what was sent stays
/// on the server and the next call resumes from there); another refusal
/// of one blob is logged and the rest go on.
pub async fn upload_pending<S: BlobAccess + ?Sized, T: Transport + ?Sized>(
    store: &S,
    transport: &T,
) -> Result<UploadOutcome, SyncError> {
    let pending = store.to_upload()?;
    let mut out = UploadOutcome::default();
    for batch in pending.chunks(MAX_MISSING_HASHES) {
        let missing = transport.blob_missing(batch).await?;
        for hash in batch {
            if !missing.contains(hash) {
                store.uploaded(hash)?;
                out.already_there += 1;
                continue;
            }
            match upload_one(store, transport, hash, &mut out.bytes_sent).await {
                Ok(true) => {
                    store.uploaded(hash)?;
                    out.uploaded += 1;
                }
                Ok(false) => out.waiting += 1,
                Err(e) if e.is_offline() => return Err(e),
                Err(e) => {
                    tracing::warn!(hash, error = %e, "photo upload refused");
                    out.waiting += 1;
                }
            }
        }
    }
    Ok(out)
}

/// Sends one blob from the server's offset; `false` when the device no
/// longer holds it intact.
async fn upload_one<S: BlobAccess + ?Sized, T: Transport + ?Sized>(
    store: &S,
    transport: &T,
    hash: &str,
    sent: &mut u64,
) -> Result<bool, SyncError> {
    let bytes = match store.read(hash) {
        Ok(Some(b)) => b,
        Ok(None) => return Ok(false),
        Err(e) => {
            tracing::warn!(hash, error = %e, "a photo to upload cannot be read");
            return Ok(false);
        }
    };
    let length = bytes.len() as u64;
    let mut offset = match transport.blob_remote(hash).await? {
        RemoteBlob::Complete => return Ok(true),
        RemoteBlob::Partial(n) => n.min(length),
        RemoteBlob::Unknown => 0,
    };
    // Each round either appends or moves to the server's offset; a server
    // that keeps moving it is not followed forever.
    let mut realigned = 0;
    loop {
        let start = offset as usize;
        let end = (start + CHUNK_BYTES).min(bytes.len());
        let chunk = bytes[start..end].to_vec();
        *sent += chunk.len() as u64;
        match transport.blob_patch(hash, offset, length, chunk).await? {
            Patched::Complete => return Ok(true),
            Patched::More(n) if n > offset && n < length => offset = n,
            Patched::Offset(n) if n <= length && realigned < 3 => {
                realigned += 1;
                offset = n;
            }
            other => {
                return Err(SyncError::Protocol(format!(
                    "the server's answer to a photo upload at {offset} of {length}: {other:?}"
                )))
            }
        }
    }
}

/// Blob `hash`'s bytes: from the device when it holds them, else from the
/// server (checked against `hash` and kept on the device); `None` when
/// neither has them for this device.
pub async fn fetch<S: BlobAccess + ?Sized, T: Transport + ?Sized>(
    store: &S,
    transport: &T,
    hash: &str,
) -> Result<Option<Vec<u8>>, SyncError> {
    if !is_hash(hash) {
        return Ok(None);
    }
    if let Some(bytes) = store.read(hash)? {
        return Ok(Some(bytes));
    }
    let Some(bytes) = transport.blob_download(hash).await? else {
        return Ok(None);
    };
    if sha256_hex(&bytes) != hash {
        return Err(SyncError::Protocol(format!(
            "the server's bytes for photo {hash} do not match its hash"
        )));
    }
    store.downloaded(hash, &bytes)?;
    Ok(Some(bytes))
}

/// [`fetch`] of each of `hashes` in turn (the thumbnails a printed
/// record needs, [`crate::service::Device::thumbnails_missing`]): how many
/// are on the device now. Stops at the first failure (offline, refused) and
/// returns it with the count so far: what could not be fetched prints as
/// "not on this device".
pub async fn fetch_each<S: BlobAccess + ?Sized, T: Transport + ?Sized>(
    store: &S,
    transport: &T,
    hashes: &[String],
) -> (usize, Option<SyncError>) {
    let mut held = 0;
    for hash in hashes {
        match fetch(store, transport, hash).await {
            Ok(Some(_)) => held += 1,
            Ok(None) => {}
            Err(e) => return (held, Some(e)),
        }
    }
    (held, None)
}

fn offset_of(resp: &reqwest::Response) -> Option<u64> {
    resp.headers()
        .get(UPLOAD_OFFSET)
        .and_then(|v| v.to_str().ok())
        .and_then(|s| s.trim().parse().ok())
}

/// The device's store as [`BlobAccess`] (`core/src/store/blobs.rs`).
impl<S: StoreAccess + ?Sized> BlobAccess for S {
    fn to_upload(&self) -> Result<Vec<String>, SyncError> {
        Ok(self.with_store(|s| s.blobs_to_upload())?)
    }
    fn read(&self, hash: &str) -> Result<Option<Vec<u8>>, SyncError> {
        Ok(self.with_store(|s| s.blob(hash))?)
    }
    fn uploaded(&self, hash: &str) -> Result<(), SyncError> {
        Ok(self.with_store(|s| s.mark_uploaded(hash))?)
    }
    fn downloaded(&self, hash: &str, bytes: &[u8]) -> Result<(), SyncError> {
        Ok(self.with_store(|s| s.put_downloaded_blob(hash, bytes))?)
    }
}

impl HttpTransport {
    fn blob_url(&self, hash: &str) -> String {
        format!("{}/v1/blobs/{hash}", self.base)
    }

    pub(crate) async fn http_missing(&self, hashes: &[String]) -> Result<Vec<String>, SyncError> {
        let request = MissingRequest {
            hashes: hashes.to_vec(),
        };
        let r: MissingResponse = self
            .post_json(&format!("{}/v1/blobs/missing", self.base), &request)
            .await?;
        Ok(r.missing)
    }

    pub(crate) async fn http_remote(&self, hash: &str) -> Result<RemoteBlob, SyncError> {
        let resp = self.send(self.http.head(self.blob_url(hash))).await?;
        match resp.status().as_u16() {
            200 => Ok(RemoteBlob::Complete),
            206 => Ok(RemoteBlob::Partial(offset_of(&resp).unwrap_or(0))),
            404 => Ok(RemoteBlob::Unknown),
            _ => Err(refusal(resp.status(), b"")),
        }
    }

    pub(crate) async fn http_patch(
        &self,
        hash: &str,
        offset: u64,
        length: u64,
        bytes: Vec<u8>,
    ) -> Result<Patched, SyncError> {
        let request = self
            .http
            .patch(self.blob_url(hash))
            .header(UPLOAD_OFFSET, offset.to_string())
            .header(UPLOAD_LENGTH, length.to_string())
            .body(bytes);
        let resp = self.send(request).await?;
        let status = resp.status();
        let at = offset_of(&resp);
        let body = resp.bytes().await.map_err(offline)?;
        match (status.as_u16(), at) {
            (200, _) => Ok(Patched::Complete),
            (204, Some(n)) => Ok(Patched::More(n)),
            (409, Some(n)) => Ok(Patched::Offset(n)),
            _ => Err(refusal(status, &body)),
        }
    }

    pub(crate) async fn http_download(&self, hash: &str) -> Result<Option<Vec<u8>>, SyncError> {
        let resp = self.send(self.http.get(self.blob_url(hash))).await?;
        let status = resp.status();
        let bytes = resp.bytes().await.map_err(offline)?;
        match status.as_u16() {
            200 => Ok(Some(bytes.to_vec())),
            404 => Ok(None),
            _ => Err(refusal(status, &bytes)),
        }
    }
}
