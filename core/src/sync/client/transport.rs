//! The wire side of the sync client: the [`Transport`] trait (one sync
//! round trip, and the device's other routes: health, staff, actors,
//! provenance, photo bytes) and [`HttpTransport`], its HTTP implementation,
//! with how a failed request becomes a [`SyncError`] (offline, or the
//! server's refusal with its code).

use std::future::Future;
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::*;
/// Carries one request body to the server and brings back the response body.
pub trait Transport: Send + Sync + 'static {
    /// Posts a CBOR `SyncRequest`; returns the CBOR `SyncResponse` or the
    /// failure.
    fn exchange(&self, body: Vec<u8>) -> impl Future<Output = Result<Vec<u8>, SyncError>> + Send;

    /// The HTTP transport that carries this one's health, staff and photo
    /// routes (the defaults of [`Self::probe`], [`Self::staff`] and the
    /// `blob_*` methods forward to it): [`HttpTransport`] itself, or the
    /// real one under a transport that only changes the sync round trip.
    /// `None` (the default): each of those takes the default it names.
    fn http(&self) -> Option<&HttpTransport> {
        None
    }

    /// A cheap check that the server answers at all, run by the loop
    /// before a sync while it is offline (so a device out of reach does not
    /// build a whole sync request every few seconds). `Ok` when the server
    /// answered, [`SyncError::Offline`] when it could not be reached.
    /// Without [`Self::http`]: `Ok`, "try the sync itself".
    fn probe(&self) -> impl Future<Output = Result<(), SyncError>> + Send {
        forward_or(self.http(), HttpTransport::health, || Ok(()))
    }

    /// The server's staff directory (`GET /v1/staff`), asked after each
    /// completed sync; `etag` is the tag of the one the device holds.
    /// Without [`Self::http`]: nothing fetched ([`StaffFetch::Unchanged`]).
    fn staff(
        &self,
        etag: Option<String>,
    ) -> impl Future<Output = Result<StaffFetch, SyncError>> + Send {
        forward_or(
            self.http(),
            |http| http.staff_directory(etag),
            || Ok(StaffFetch::Unchanged),
        )
    }

    /// Registers an Automerge actor the device writes with (`POST
    /// /v1/actors`). A `409` is [`SyncError::Server`] with the code
    /// `actor_taken` (registered to another device) or `too_many_actors`.
    fn register_actor(
        &self,
        registration: &ActorRegistration,
    ) -> impl Future<Output = Result<ActorRegistered, SyncError>> + Send;

    /// Who wrote the changes of some documents and when the server
    /// received them (`POST /v1/provenance`).
    fn provenance(
        &self,
        request: &ProvenanceRequest,
    ) -> impl Future<Output = Result<ProvenanceResponse, SyncError>> + Send;

    /// `POST /v1/blobs/missing` ([`super::blobs`]); without
    /// [`Self::http`] the transport carries no photos and refuses, so
    /// nothing is marked uploaded.
    fn blob_missing(
        &self,
        hashes: &[String],
    ) -> impl Future<Output = Result<Vec<String>, SyncError>> + Send {
        forward_or(self.http(), |http| http.http_missing(hashes), no_blobs)
    }

    /// `HEAD /v1/blobs/{hash}` (without routes: refused).
    fn blob_remote(
        &self,
        hash: &str,
    ) -> impl Future<Output = Result<crate::sync::blobs::RemoteBlob, SyncError>> + Send {
        forward_or(self.http(), |http| http.http_remote(hash), no_blobs)
    }

    /// `PATCH /v1/blobs/{hash}` (without routes: refused).
    fn blob_patch(
        &self,
        hash: &str,
        offset: u64,
        length: u64,
        bytes: Vec<u8>,
    ) -> impl Future<Output = Result<crate::sync::blobs::Patched, SyncError>> + Send {
        forward_or(
            self.http(),
            move |http| http.http_patch(hash, offset, length, bytes),
            no_blobs,
        )
    }

    /// `GET /v1/blobs/{hash}` (without routes: refused).
    fn blob_download(
        &self,
        hash: &str,
    ) -> impl Future<Output = Result<Option<Vec<u8>>, SyncError>> + Send {
        forward_or(self.http(), |http| http.http_download(hash), no_blobs)
    }
}

/// `route` over `http`, the transport's HTTP routes, or the default
/// `without()` when it has none.
async fn forward_or<'a, R, F>(
    http: Option<&'a HttpTransport>,
    route: impl FnOnce(&'a HttpTransport) -> F,
    without: impl FnOnce() -> Result<R, SyncError>,
) -> Result<R, SyncError>
where
    F: Future<Output = Result<R, SyncError>>,
{
    match http {
        Some(http) => route(http).await,
        None => without(),
    }
}

fn no_blobs<R>() -> Result<R, SyncError> {
    Err(SyncError::Protocol(
        "this transport carries no photos".into(),
    ))
}

/// `POST {base_url}/v1/sync` with the device's bearer token.
#[derive(Debug, Clone)]
pub struct HttpTransport {
    /// The server's base URL, without a trailing `/` (the blob routes).
    pub(crate) base: String,
    url: String,
    health_url: String,
    staff_url: String,
    actors_url: String,
    provenance_url: String,
    pub(crate) token: String,
    pub(crate) http: reqwest::Client,
}

impl HttpTransport {
    /// A transport to the server at `base_url` (e.g. `http://127.0.0.1:8080`)
    /// authenticating with `token`. Connecting times out after 10 s, a whole
    /// request after 120 s.
    pub fn new(base_url: &str, token: &str) -> Result<HttpTransport, SyncError> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(120))
            .build()
            .map_err(|e| SyncError::Protocol(format!("cannot build the HTTP client: {e}")))?;
        let base = base_url.trim_end_matches('/');
        Ok(HttpTransport {
            base: base.to_string(),
            url: format!("{base}/v1/sync"),
            health_url: format!("{base}/v1/health"),
            staff_url: format!("{base}/v1/staff"),
            actors_url: format!("{base}/v1/actors"),
            provenance_url: format!("{base}/v1/provenance"),
            token: token.to_string(),
            http,
        })
    }
}

impl Transport for HttpTransport {
    async fn exchange(&self, body: Vec<u8>) -> Result<Vec<u8>, SyncError> {
        let request = self
            .http
            .post(&self.url)
            .header(reqwest::header::CONTENT_TYPE, protocol::CONTENT_TYPE)
            .body(body);
        self.answer(request).await
    }

    async fn register_actor(
        &self,
        registration: &ActorRegistration,
    ) -> Result<ActorRegistered, SyncError> {
        self.post_json(&self.actors_url, registration).await
    }

    async fn provenance(
        &self,
        request: &ProvenanceRequest,
    ) -> Result<ProvenanceResponse, SyncError> {
        self.post_json(&self.provenance_url, request).await
    }

    fn http(&self) -> Option<&HttpTransport> {
        Some(self)
    }
}

impl HttpTransport {
    /// `GET /v1/health` with a 5 s limit: any answer means reachable.
    async fn health(&self) -> Result<(), SyncError> {
        self.http
            .get(&self.health_url)
            .timeout(Duration::from_secs(5))
            .send()
            .await
            .map(drop)
            .map_err(offline)
    }

    /// `GET /v1/staff` with `If-None-Match`; a 304 is
    /// [`StaffFetch::Unchanged`].
    async fn staff_directory(&self, etag: Option<String>) -> Result<StaffFetch, SyncError> {
        crate::sync::directory::fetch(&self.http, &self.staff_url, &self.token, etag).await
    }

    /// Posts `body` as JSON to `url` with the bearer token (30 s at most)
    /// and reads the JSON answer.
    pub(crate) async fn post_json<B: Serialize + ?Sized, R: DeserializeOwned>(
        &self,
        url: &str,
        body: &B,
    ) -> Result<R, SyncError> {
        let json = serde_json::to_vec(body).map_err(|e| SyncError::Protocol(e.to_string()))?;
        let request = self
            .http
            .post(url)
            .timeout(Duration::from_secs(30))
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(json);
        let bytes = self.answer(request).await?;
        serde_json::from_slice(&bytes)
            .map_err(|e| SyncError::Protocol(format!("the answer of {url} is not understood: {e}")))
    }

    /// Sends `request` with the bearer token; failing to reach the server
    /// is [`SyncError::Offline`].
    pub(crate) async fn send(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<reqwest::Response, SyncError> {
        request
            .bearer_auth(&self.token)
            .send()
            .await
            .map_err(offline)
    }

    /// The body of the answer to `request` (sent as [`Self::send`] does)
    /// when it is a success, else its [`refusal`].
    async fn answer(&self, request: reqwest::RequestBuilder) -> Result<Vec<u8>, SyncError> {
        let resp = self.send(request).await?;
        let status = resp.status();
        let bytes = resp.bytes().await.map_err(offline)?;
        if !status.is_success() {
            return Err(refusal(status, &bytes));
        }
        Ok(bytes.to_vec())
    }
}

/// The failure of an answer that is not a success: a `401` (see
/// [`SyncError::of_401`]), else the server's `{code, message}` (or its
/// text as `http_error`, `too_large` for a 413).
pub(crate) fn refusal(status: reqwest::StatusCode, bytes: &[u8]) -> SyncError {
    if status == reqwest::StatusCode::UNAUTHORIZED {
        return SyncError::of_401(bytes);
    }
    let body = serde_json::from_slice::<ErrorBody>(bytes).unwrap_or_else(|_| {
        let text = String::from_utf8_lossy(bytes);
        let code = if status == reqwest::StatusCode::PAYLOAD_TOO_LARGE {
            codes::TOO_LARGE
        } else {
            "http_error"
        };
        ErrorBody::new(code, text.chars().take(200).collect::<String>())
    });
    SyncError::Server {
        status: status.as_u16(),
        body,
    }
}

pub(crate) fn offline(e: reqwest::Error) -> SyncError {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        text = format!("{text}: {s}");
        source = s.source();
    }
    SyncError::Offline(text)
}
