//! The loop against a fake server on tokio's simulated clock: minutes of
//! waiting run in milliseconds, and "within 10 s" means 10 s of the loop's
//! own time.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

use super::*;
use crate::clock::SystemClock;
use crate::store::device::Store;
use crate::sync::protocol::{self, ErrorBody, SyncResponse};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Connection refused.
    Unreachable,
    /// Answers every sync with HTTP 503.
    Erroring,
    /// Answers an empty, complete sync.
    Up,
}

/// A server switched between the three modes, counting what it is asked.
#[derive(Clone)]
struct FakeServer(Arc<Mutex<Fake>>);

struct Fake {
    mode: Mode,
    /// When each sync request arrived (reached or not).
    exchanges: Vec<Instant>,
    probes: u32,
}

impl FakeServer {
    fn new(mode: Mode) -> FakeServer {
        FakeServer(Arc::new(Mutex::new(Fake {
            mode,
            exchanges: vec![],
            probes: 0,
        })))
    }

    fn set(&self, mode: Mode) {
        self.0.lock().unwrap().mode = mode;
    }

    fn exchanges(&self) -> Vec<Instant> {
        self.0.lock().unwrap().exchanges.clone()
    }

    fn probes(&self) -> u32 {
        self.0.lock().unwrap().probes
    }
}

fn refused() -> SyncError {
    SyncError::Offline("error sending request: connection refused".into())
}

impl Transport for FakeServer {
    /// Registration always succeeds here (it is not what these tests
    /// count).
    async fn register_actor(
        &self,
        registration: &crate::sync::attribution::ActorRegistration,
    ) -> Result<crate::sync::attribution::ActorRegistered, SyncError> {
        Ok(crate::sync::attribution::ActorRegistered {
            actor: registration.actor.clone(),
            device_id: 1,
            registered_at: 0,
        })
    }

    async fn provenance(
        &self,
        _request: &crate::sync::attribution::ProvenanceRequest,
    ) -> Result<crate::sync::attribution::ProvenanceResponse, SyncError> {
        Ok(Default::default())
    }

    async fn exchange(&self, _body: Vec<u8>) -> Result<Vec<u8>, SyncError> {
        let mode = {
            let mut f = self.0.lock().unwrap();
            f.exchanges.push(Instant::now());
            f.mode
        };
        match mode {
            Mode::Unreachable => Err(refused()),
            Mode::Erroring => Err(SyncError::Server {
                status: 503,
                body: ErrorBody::new("unavailable", "maintenance"),
            }),
            Mode::Up => Ok(protocol::encode(&SyncResponse {
                cursor: 1u64.to_be_bytes().to_vec(),
                docs: vec![],
                more: false,
                reset: false,
                remaining: None,
            })
            .unwrap()),
        }
    }

    async fn probe(&self) -> Result<(), SyncError> {
        let mut f = self.0.lock().unwrap();
        f.probes += 1;
        match f.mode {
            Mode::Unreachable => Err(refused()),
            Mode::Erroring | Mode::Up => Ok(()),
        }
    }
}

/// A fake server in `mode` and a sync loop started against it.
fn start(mode: Mode) -> (FakeServer, SyncHandle) {
    let server = FakeServer::new(mode);
    let store = Arc::new(Mutex::new(Store::open_in_memory().unwrap()));
    let handle = SyncLoop::spawn(
        store,
        server.clone(),
        Arc::new(SystemClock),
        LoopConfig::default(),
    );
    (server, handle)
}

#[tokio::test(start_paused = true)]
async fn a_server_back_after_minutes_of_no_network_is_synced_within_ten_seconds() {
    let (server, handle) = start(Mode::Unreachable);
    let mut rx = handle.subscribe();

    // Ten minutes without a network.
    tokio::time::sleep(Duration::from_secs(600)).await;
    let s = handle.status();
    assert_eq!(s.state, SyncPhase::Offline, "{s:?}");
    assert!(s.next_retry.is_some(), "the badge can say when: {s:?}");
    // Out of reach, the device probed; it did not build a sync every time.
    assert_eq!(server.exchanges().len(), 1, "only the first try was a sync");
    assert!(server.probes() >= 100, "probed every few seconds");

    // The network comes back: synced within 10 s.
    server.set(Mode::Up);
    let back = Instant::now();
    tokio::time::timeout(
        Duration::from_secs(10),
        rx.wait_for(|s| s.state == SyncPhase::Idle && s.last_success.is_some()),
    )
    .await
    .expect("synced within 10 s of the server coming back")
    .unwrap();
    assert!(back.elapsed() <= Duration::from_secs(10));
    assert_eq!(handle.status().next_retry, None);
    handle.stop().await;
}

#[tokio::test(start_paused = true)]
async fn a_server_answering_with_errors_keeps_the_long_backoff() {
    let (server, handle) = start(Mode::Erroring);

    tokio::time::sleep(Duration::from_secs(1800)).await;
    assert_eq!(handle.status().state, SyncPhase::Error);
    let tries = server.exchanges();
    // 1 s, 2 s, 4 s … up to 5 minutes (jittered between half and all):
    // half an hour holds about twenty tries, not hundreds.
    assert!(tries.len() <= 25, "{} tries in 30 minutes", tries.len());
    let last_gaps: Vec<Duration> = tries
        .windows(2)
        .rev()
        .take(3)
        .map(|w| w[1] - w[0])
        .collect();
    assert!(
        last_gaps.iter().all(|g| *g >= Duration::from_secs(150)),
        "{last_gaps:?}"
    );
    handle.stop().await;
}

#[tokio::test(start_paused = true)]
async fn sync_now_cuts_the_wait_short() {
    let (server, handle) = start(Mode::Erroring);
    tokio::time::sleep(Duration::from_secs(600)).await;
    server.set(Mode::Up);
    let mut rx = handle.subscribe();
    handle.sync_now();
    tokio::time::timeout(
        Duration::from_secs(1),
        rx.wait_for(|s| s.state == SyncPhase::Idle),
    )
    .await
    .expect("synced at once")
    .unwrap();
    handle.stop().await;
}
