//! Partitions: a sync round-trip hook (on the harness's `Hooked` transport) that lets `cut_after` requests through and
//! then fails like a dropped connection, either before the next request
//! leaves or after the server has handled it (the reply is lost).

use std::sync::atomic::{AtomicU32, Ordering};

use onsite_core::sync::client::{HttpTransport, SyncError, Transport};
use onsite_test_support::ExchangeHook;

/// The real transport, cut after some requests.
pub struct Cut {
    /// Requests let through whole.
    pub cut_after: u32,
    /// Whether the cut request reaches the server (its reply is lost).
    pub reply_lost: bool,
    /// Requests seen.
    pub count: AtomicU32,
}

impl ExchangeHook for Cut {
    async fn exchange(&self, inner: &HttpTransport, body: Vec<u8>) -> Result<Vec<u8>, SyncError> {
        let n = self.count.fetch_add(1, Ordering::SeqCst);
        if n < self.cut_after {
            return inner.exchange(body).await;
        }
        if self.reply_lost {
            let _ = inner.exchange(body).await;
        }
        Err(SyncError::Offline("simulated partition".into()))
    }
}
