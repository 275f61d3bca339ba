//! The background sync loop (feature `client`): [`SyncLoop`] runs
//! [`super::client::sync_once`] on local change (coalesced for a
//! second), on a timer and on demand, with exponential backoff after
//! failures, and publishes a [`SyncStatus`] on every change — including
//! `changes_received`, the running count of documents the server's messages
//! changed. Talk to it through its [`SyncHandle`]. Re-exported from
//! [`super::client`], where the module doc has an example.
//!
//! Two backoffs: a server that *answers* with errors is left alone for up
//! to [`LoopConfig::backoff_cap`] (5 minutes); a server that cannot be
//! reached at all is probed ([`Transport::probe`], `GET /v1/health`) on a
//! short backoff capped at [`LoopConfig::offline_cap`] (5 s), so the device
//! notices it again within seconds of the network coming back.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{mpsc, watch};
use tokio::time::Instant;

use super::client::{sync_into, BatchReport, StoreAccess, SyncError, SyncOutcome, Transport};
use super::status::{Backoff, SyncPhase, SyncStatus};
use crate::clock::Clock;
use crate::model::Ts;

/// Timings of the [`SyncLoop`].
#[derive(Debug, Clone)]
pub struct LoopConfig {
    /// After a local change, wait this long for more before syncing.
    pub debounce: Duration,
    /// Sync this often when nothing else triggers it.
    pub interval: Duration,
    /// The first wait after a failure (doubling with jitter)…
    pub backoff_first: Duration,
    /// … never longer than this.
    pub backoff_cap: Duration,
    /// While the server cannot be reached, probe it at least this often.
    pub offline_cap: Duration,
}

impl Default for LoopConfig {
    /// 1 s debounce, every 30 s, backoff from 1 s to 5 minutes (5 s while
    /// the server cannot be reached).
    fn default() -> Self {
        LoopConfig {
            debounce: Duration::from_secs(1),
            interval: Duration::from_secs(30),
            backoff_first: Duration::from_secs(1),
            backoff_cap: Duration::from_secs(300),
            offline_cap: Duration::from_secs(5),
        }
    }
}

enum Command {
    Changed,
    SyncNow,
}

/// The background sync task. Start it with [`SyncLoop::spawn`]; talk to it
/// through the returned [`SyncHandle`].
pub struct SyncLoop<S, T> {
    store: Arc<S>,
    transport: T,
    clock: Arc<dyn Clock>,
    config: LoopConfig,
    status: watch::Sender<SyncStatus>,
    backoff: Backoff,
    /// The last failure was "cannot reach the server": probe before syncing.
    offline: bool,
}

/// Talks to a running [`SyncLoop`]. Dropping every handle (or calling
/// [`SyncHandle::stop`]) ends the loop; a sync in flight is abandoned
/// safely (nothing is stored until a sync completes).
#[derive(Debug, Clone)]
pub struct SyncHandle {
    tx: mpsc::UnboundedSender<Command>,
    status: watch::Receiver<SyncStatus>,
    task: Arc<Mutex<Option<tokio::task::JoinHandle<()>>>>,
}

impl std::fmt::Debug for Command {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Command::Changed => "Changed",
            Command::SyncNow => "SyncNow",
        })
    }
}

impl SyncHandle {
    /// Tells the loop a local edit was committed: it syncs within the
    /// debounce delay (unless it is backing off after a failure).
    pub fn changed(&self) {
        let _ = self.tx.send(Command::Changed);
    }

    /// Syncs now, even while backing off (the user pressed "sync", or the
    /// OS reported that the network is back).
    pub fn sync_now(&self) {
        let _ = self.tx.send(Command::SyncNow);
    }

    /// The current status.
    pub fn status(&self) -> SyncStatus {
        self.status.borrow().clone()
    }

    /// A receiver that wakes on every status change (for the UI events).
    pub fn subscribe(&self) -> watch::Receiver<SyncStatus> {
        self.status.clone()
    }

    /// Stops the loop and waits for it to end.
    pub async fn stop(self) {
        let task = self.task.lock().unwrap_or_else(|p| p.into_inner()).take();
        drop(self.tx);
        if let Some(task) = task {
            task.abort();
            let _ = task.await;
        }
    }
}

impl<S: StoreAccess, T: Transport> SyncLoop<S, T> {
    /// Starts the loop on the current tokio runtime. It syncs at once, then
    /// on change, on the timer and on demand.
    pub fn spawn(
        store: Arc<S>,
        transport: T,
        clock: Arc<dyn Clock>,
        config: LoopConfig,
    ) -> SyncHandle {
        let pending = store.with_store(|s| s.dirty_count().unwrap_or(0)) as u32;
        let mut initial = SyncStatus::initial(pending);
        initial.photos_waiting = super::client::photos_waiting(store.as_ref()) as u32;
        let (status_tx, status_rx) = watch::channel(initial);
        let (tx, rx) = mpsc::unbounded_channel();
        let backoff = Backoff::new(config.backoff_first, config.backoff_cap);
        let this = SyncLoop {
            store,
            transport,
            clock,
            config,
            status: status_tx,
            backoff,
            offline: false,
        };
        let task = tokio::spawn(this.run(rx));
        SyncHandle {
            tx,
            status: status_rx,
            task: Arc::new(Mutex::new(Some(task))),
        }
    }

    async fn run(mut self, mut rx: mpsc::UnboundedReceiver<Command>) {
        let mut next = Instant::now();
        loop {
            tokio::select! {
                _ = tokio::time::sleep_until(next) => {}
                cmd = rx.recv() => {
                    match cmd {
                        None => return,
                        Some(Command::Changed) => {
                            self.refresh_pending();
                            if self.backoff.failures() == 0 {
                                next = next.min(Instant::now() + self.config.debounce);
                            }
                        }
                        Some(Command::SyncNow) => next = Instant::now(),
                    }
                    continue;
                }
            }
            next = Instant::now() + self.probe_then_sync().await;
        }
    }

    /// While offline, asks the server whether it is back before building a
    /// sync; otherwise (or when it answered) syncs.
    async fn probe_then_sync(&mut self) -> Duration {
        if self.offline {
            if let Err(e) = self.transport.probe().await {
                if e.is_offline() {
                    return self.failed(e, 0);
                }
            }
        }
        self.sync().await
    }

    /// Runs one sync, publishes the outcome and returns the wait before
    /// the next.
    async fn sync(&mut self) -> Duration {
        self.status.send_modify(|s| s.state = SyncPhase::Syncing);
        let mut outcome = SyncOutcome::default();
        // Each batch stored moves the progress and, when it changed
        // documents, `changes_received` (the screens re-read as a long
        // sync goes, not only at its end).
        let published = std::sync::atomic::AtomicU32::new(0);
        let status = &self.status;
        let report = |b: BatchReport| {
            published.fetch_add(b.changed as u32, std::sync::atomic::Ordering::Relaxed);
            status.send_if_modified(|s| {
                let before = (s.progress, s.changes_received);
                s.progress = b.progress;
                s.changes_received = s.changes_received.wrapping_add(b.changed as u32);
                before != (s.progress, s.changes_received)
            });
        };
        let result = sync_into(self.store.as_ref(), &self.transport, &mut outcome, &report).await;
        self.status
            .send_if_modified(|s| s.progress.take().is_some());
        let pending = self.pending();
        // Changes received before a failure are stored too: count those not
        // published yet; a new staff directory is a change the screens
        // show as well.
        let arrived = (outcome.docs_changed as u32)
            .saturating_sub(published.load(std::sync::atomic::Ordering::Relaxed))
            + u32::from(outcome.staff_changed);
        match result {
            Ok(()) => {
                self.backoff.succeed();
                self.offline = false;
                for e in &outcome.errors {
                    tracing::warn!(doc = %e.id, code = %e.code, "document not synced: {}", e.message);
                }
                let now = Ts::from(self.clock.now());
                self.status.send_modify(|s| {
                    *s = SyncStatus {
                        state: SyncPhase::Idle,
                        pending,
                        last_success: Some(now),
                        error: None,
                        error_code: None,
                        changes_received: s.changes_received.wrapping_add(arrived),
                        next_retry: None,
                        photos_waiting: outcome.photos_waiting as u32,
                        progress: None,
                    }
                });
                if pending > outcome.awaiting_restore as u32 {
                    // Edited during the sync: send it soon, not in 30 s
                    // (documents waiting for a restored server go with
                    // the next timed sync).
                    self.config.debounce
                } else {
                    self.config.interval
                }
            }
            Err(e) => {
                self.status.send_modify(|s| s.pending = pending);
                self.failed(e, arrived)
            }
        }
    }

    /// Records a failed probe or sync: backs off (briefly when the server
    /// could not be reached), publishes `offline` or `error` with the retry
    /// time, and returns the wait.
    fn failed(&mut self, e: SyncError, arrived: u32) -> Duration {
        self.offline = e.is_offline();
        let wait = if self.offline {
            self.backoff
                .fail_capped(&mut rand::rng(), self.config.offline_cap)
        } else {
            self.backoff.fail(&mut rand::rng())
        };
        tracing::info!(error = %e, retry_in = ?wait, "sync failed");
        let state = if self.offline {
            SyncPhase::Offline
        } else {
            SyncPhase::Error
        };
        let retry = chrono::Duration::from_std(wait).unwrap_or_default();
        let next_retry = Ts::from(self.clock.now() + retry);
        self.status.send_modify(|s| {
            s.state = state;
            s.error = Some(e.to_string());
            s.error_code = Some(e.code());
            s.next_retry = Some(next_retry);
            s.changes_received = s.changes_received.wrapping_add(arrived);
        });
        wait
    }

    fn pending(&self) -> u32 {
        self.store.with_store(|s| s.dirty_count().unwrap_or(0)) as u32
    }

    fn refresh_pending(&self) {
        let pending = self.pending();
        let photos = super::client::photos_waiting(self.store.as_ref()) as u32;
        self.status.send_if_modified(|s| {
            let changed = s.pending != pending || s.photos_waiting != photos;
            s.pending = pending;
            s.photos_waiting = photos;
            changed
        });
    }
}

#[cfg(test)]
mod tests;
