//! Partitions: a [`Transport`] that lets `cut_after` requests through and
//! then fails like a dropped connection, either before the next request
//! leaves or after the server has handled it (the reply is lost).

use std::sync::atomic::{AtomicU32, Ordering};

use onsite_core::sync::attribution::{
    ActorRegistered, ActorRegistration, ProvenanceRequest, ProvenanceResponse,
};
use onsite_core::sync::client::{HttpTransport, SyncError, Transport};

/// The real transport, cut after some requests.
pub struct Cut {
    /// The real transport.
    pub inner: HttpTransport,
    /// Requests let through whole.
    pub cut_after: u32,
    /// Whether the cut request reaches the server (its reply is lost).
    pub reply_lost: bool,
    /// Requests seen.
    pub count: AtomicU32,
}

impl Transport for Cut {
    async fn exchange(&self, body: Vec<u8>) -> Result<Vec<u8>, SyncError> {
        let n = self.count.fetch_add(1, Ordering::SeqCst);
        if n < self.cut_after {
            return self.inner.exchange(body).await;
        }
        if self.reply_lost {
            let _ = self.inner.exchange(body).await;
        }
        Err(SyncError::Offline("simulated partition".into()))
    }

    async fn register_actor(
        &self,
        registration: &ActorRegistration,
    ) -> Result<ActorRegistered, SyncError> {
        self.inner.register_actor(registration).await
    }

    async fn provenance(
        &self,
        request: &ProvenanceRequest,
    ) -> Result<ProvenanceResponse, SyncError> {
        self.inner.provenance(request).await
    }
}
