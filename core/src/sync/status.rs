//! What the sync loop tells the UI ([`SyncStatus`]) and how long it waits
//! after a failure ([`Backoff`]). Both are plain values: the loop in
//! `client.rs` owns the timers and publishes every change of status.

use std::time::Duration;

use rand::Rng;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::Ts;
use crate::service::ErrorCode;

/// What the sync loop is doing right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SyncPhase {
    /// Nothing in flight; the last sync (if any) succeeded.
    Idle,
    /// A sync is in flight.
    Syncing,
    /// The server could not be reached; the loop retries with backoff.
    Offline,
    /// The last sync failed for another reason (see `error`).
    Error,
}

/// The sync status shown in the app's status bar, sent to the UI on every
/// change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SyncStatus {
    /// What the loop is doing.
    pub state: SyncPhase,
    /// Documents changed on this device and not yet acknowledged by a
    /// completed sync.
    pub pending: u32,
    /// When the last sync completed.
    pub last_success: Option<Ts>,
    /// Why the last sync failed, in words for the user (`None` unless
    /// `state` is `offline` or `error`).
    pub error: Option<String>,
    /// The code of that failure (`offline`, `sync_failed`,
    /// `user_disabled`, …), for the UI to word it in its language; `None`
    /// whenever `error` is.
    pub error_code: Option<ErrorCode>,
    /// How many times a document on this device was changed by the
    /// server's messages since the loop started, plus the syncs that
    /// brought a changed staff directory (a user added or disabled, the
    /// signed-in user's display name). It grows when changes arrive (never
    /// on a local edit, never for a message of heads only): the app tells
    /// the screens to re-read when it moves.
    pub changes_received: u32,
    /// When the loop tries again after a failure (`None` unless `state` is
    /// `offline` or `error`): the badge shows it, and offers "sync now".
    pub next_retry: Option<Ts>,
    /// Photos taken on this device whose bytes the server does not hold
    /// yet (the badge: "N 张照片待上传").
    pub photos_waiting: u32,
    /// While a long sync (one the server sends in several batches, such as
    /// a new device's first sync) is in flight: the documents received so
    /// far and how many to expect (the badge: "正在同步 n / N"). `None`
    /// otherwise (and then absent from the JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub progress: Option<SyncProgress>,
}

/// How far a long sync has come: shown in the sync badge as "n of N".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SyncProgress {
    /// Documents received so far, counting those an earlier sync cut off
    /// before it completed had received already.
    pub received: u32,
    /// How many documents the sync brings in all (`None` when the server
    /// does not say); never below `received`.
    pub total: Option<u32>,
}

impl SyncStatus {
    /// The status before the first sync: idle, nothing known.
    pub fn initial(pending: u32) -> SyncStatus {
        SyncStatus {
            state: SyncPhase::Idle,
            pending,
            last_success: None,
            error: None,
            error_code: None,
            changes_received: 0,
            next_retry: None,
            photos_waiting: 0,
            progress: None,
        }
    }
}

/// Exponential backoff with jitter: the n-th consecutive failure waits
/// between half and all of `min(first · 2ⁿ, cap)`, so devices that lost the
/// server together do not come back together.
#[derive(Debug, Clone)]
pub struct Backoff {
    first: Duration,
    cap: Duration,
    failures: u32,
}

impl Default for Backoff {
    /// 1 s after the first failure, doubling up to 5 minutes.
    fn default() -> Self {
        Backoff::new(Duration::from_secs(1), Duration::from_secs(300))
    }
}

impl Backoff {
    /// A backoff starting at `first` and never exceeding `cap`.
    pub fn new(first: Duration, cap: Duration) -> Backoff {
        Backoff {
            first,
            cap: cap.max(first),
            failures: 0,
        }
    }

    /// Records a failure and returns how long to wait before the next try.
    pub fn fail(&mut self, rng: &mut impl Rng) -> Duration {
        self.fail_capped(rng, self.cap)
    }

    /// [`Backoff::fail`] with a shorter ceiling: an unreachable server is
    /// probed every few seconds (a probe costs it nothing), while a server
    /// that answers with errors is left alone for up to `cap`.
    pub fn fail_capped(&mut self, rng: &mut impl Rng, cap: Duration) -> Duration {
        let cap = cap.min(self.cap).max(self.first.min(self.cap));
        let exp = self.failures.min(31);
        self.failures = self.failures.saturating_add(1);
        let ceiling = self.first.checked_mul(1u32 << exp).unwrap_or(cap).min(cap);
        let half = ceiling / 2;
        let jitter_ms = rng.random_range(0..=(ceiling - half).as_millis() as u64);
        half + Duration::from_millis(jitter_ms)
    }

    /// Records a success: the next failure waits `first` again.
    pub fn succeed(&mut self) {
        self.failures = 0;
    }

    /// Consecutive failures so far.
    pub fn failures(&self) -> u32 {
        self.failures
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{rngs::StdRng, SeedableRng};

    #[test]
    fn backoff_doubles_with_jitter_up_to_the_cap_and_resets_on_success() {
        let mut rng = StdRng::seed_from_u64(7);
        let mut b = Backoff::default();
        let mut ceilings = vec![];
        for _ in 0..15 {
            let d = b.fail(&mut rng);
            ceilings.push(d);
        }
        // n-th failure: within [ceil/2, ceil] where ceil = min(2^n s, 300 s).
        for (n, d) in ceilings.iter().enumerate() {
            let ceil = Duration::from_secs((1u64 << n).min(300));
            assert!(
                *d >= ceil / 2 && *d <= ceil,
                "failure {n}: {d:?} vs {ceil:?}"
            );
        }
        assert!(ceilings.iter().all(|d| *d <= Duration::from_secs(300)));
        b.succeed();
        assert!(b.fail(&mut rng) <= Duration::from_secs(1));
    }

    #[test]
    fn jitter_spreads_devices_apart() {
        let mut rng = StdRng::seed_from_u64(1);
        let delays: std::collections::HashSet<_> = (0..20)
            .map(|_| {
                let mut b = Backoff::default();
                for _ in 0..5 {
                    b.fail(&mut rng);
                }
                b.fail(&mut rng)
            })
            .collect();
        assert!(delays.len() > 10, "delays differ between devices");
    }

    #[test]
    fn an_unreachable_server_is_retried_within_the_short_cap() {
        let mut rng = StdRng::seed_from_u64(3);
        let mut b = Backoff::default();
        let cap = Duration::from_secs(5);
        for _ in 0..40 {
            assert!(b.fail_capped(&mut rng, cap) <= cap);
        }
        // The long backoff is still there for a server that answers.
        assert!(b.fail(&mut rng) >= Duration::from_secs(150));
    }

    #[test]
    fn status_serialises_for_the_ui() {
        let s = SyncStatus::initial(3);
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["state"], "idle");
        assert_eq!(json["pending"], 3);
        assert!(json["last_success"].is_null());
        assert_eq!(json["changes_received"], 0);
    }
}
