//! The runtime bridge: the blocking [`ServerStore`](crate::store::ServerStore)
//! methods run their async bodies on the store's own tokio runtime (2
//! worker threads) and wait for the answer on a `std::sync::mpsc` channel,
//! so they work from `spawn_blocking` threads, plain threads and inside an
//! async test alike. Dropping the bridge shuts the runtime down in the
//! background (never a panic inside an async context).

use std::future::Future;

use crate::store::StoreError;

/// The store's runtime; dropping it shuts it down in the background.
pub(super) struct Bridge {
    rt: Option<tokio::runtime::Runtime>,
}

impl Bridge {
    pub(super) fn new() -> Result<Self, StoreError> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("onsite-pg")
            .enable_all()
            .build()
            .map_err(|e| StoreError::PgConfig(format!("the store's runtime: {e}")))?;
        Ok(Bridge { rt: Some(rt) })
    }

    /// Runs `fut` on the store's runtime and waits for its answer.
    pub(super) fn run<T, Fut>(&self, fut: Fut) -> Result<T, StoreError>
    where
        T: Send + 'static,
        Fut: Future<Output = Result<T, StoreError>> + Send + 'static,
    {
        let stopped = || StoreError::PgConfig("the store's runtime stopped".into());
        let rt = self.rt.as_ref().ok_or_else(stopped)?;
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        rt.spawn(async move {
            // The caller waits for this; it is gone only if it panicked.
            let _ = tx.send(fut.await);
        });
        // A panic in the body drops `tx`: an error here, not a hang.
        rx.recv().map_err(|_| stopped())?
    }
}

impl Bridge {
    /// The runtime's context (building the pool wants its timers).
    pub(super) fn enter(&self) -> Option<tokio::runtime::EnterGuard<'_>> {
        self.rt.as_ref().map(|rt| rt.enter())
    }
}

impl Drop for Bridge {
    fn drop(&mut self) {
        if let Some(rt) = self.rt.take() {
            rt.shutdown_background();
        }
    }
}
