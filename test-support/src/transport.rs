//! [`Hooked`]: the device's real HTTP transport with a hook on each sync
//! round trip (`POST /v1/sync`), everything else (health probe, staff,
//! actors, provenance, photo bytes) forwarded unchanged. Tests and the
//! benchmarks that cut the network after some requests, notice a request
//! or time each one write only the hook ([`ExchangeHook`]).

use std::future::Future;

use onsite_core::sync::attribution::{
    ActorRegistered, ActorRegistration, ProvenanceRequest, ProvenanceResponse,
};
use onsite_core::sync::client::{HttpTransport, SyncError, Transport};

/// What happens to one sync round trip.
pub trait ExchangeHook: Send + Sync + 'static {
    /// Carries `body` through `inner` (or fails instead, or both): the
    /// round trip as the test wants it.
    fn exchange(
        &self,
        inner: &HttpTransport,
        body: Vec<u8>,
    ) -> impl Future<Output = Result<Vec<u8>, SyncError>> + Send;
}

/// The real transport with `hook` on its sync round trips.
pub struct Hooked<H> {
    /// The real transport.
    pub inner: HttpTransport,
    /// What each sync round trip goes through.
    pub hook: H,
}

impl<H: ExchangeHook> Hooked<H> {
    /// `inner` with `hook` on its sync round trips.
    pub fn new(inner: HttpTransport, hook: H) -> Self {
        Hooked { inner, hook }
    }
}

impl<H: ExchangeHook> Transport for Hooked<H> {
    fn exchange(&self, body: Vec<u8>) -> impl Future<Output = Result<Vec<u8>, SyncError>> + Send {
        self.hook.exchange(&self.inner, body)
    }

    fn register_actor(
        &self,
        registration: &ActorRegistration,
    ) -> impl Future<Output = Result<ActorRegistered, SyncError>> + Send {
        self.inner.register_actor(registration)
    }

    fn provenance(
        &self,
        request: &ProvenanceRequest,
    ) -> impl Future<Output = Result<ProvenanceResponse, SyncError>> + Send {
        self.inner.provenance(request)
    }

    /// The health, staff and photo routes go through the real transport
    /// unchanged.
    fn http(&self) -> Option<&HttpTransport> {
        Some(&self.inner)
    }
}
