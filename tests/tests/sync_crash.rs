//! The server binary, as a child process, is killed with SIGKILL in the
//! middle of a sync of many edits and restarted on the same data directory.
//! Nothing acknowledged is lost: every document the device had been told
//! the server holds is still there after the restart, and once the device
//! resumes, every edit it committed locally is on the server.

use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use onsite_core::clock::SystemClock;
use onsite_core::model::DocId;
use onsite_core::rules::state::Role;
use onsite_core::sync::client::{sync_once, HttpTransport, SyncError, Transport};
use onsite_sync_server::store::sqlite::SqliteStore;
use onsite_tests::builders::PartBuilder;
use onsite_tests::server::{add_user, enroll, open_store};
use onsite_tests::{put_text, scratch_dir, ExchangeHook, Hooked, TestDevice};
use tokio::sync::mpsc;

const SERVER: &str = env!("CARGO_BIN_EXE_onsite-sync-server-under-test");

fn free_port() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
}

/// Starts `onsite-sync-server serve` and waits until it answers.
async fn start(data: &Path, addr: SocketAddr) -> Child {
    let mut child = Command::new(SERVER)
        .args([
            "--data",
            data.to_str().unwrap(),
            "serve",
            "--addr",
            &addr.to_string(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the server binary");
    let deadline = Instant::now() + Duration::from_secs(30);
    let url = format!("http://{addr}/v1/health");
    while Instant::now() < deadline {
        if reqwest::get(&url)
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return child;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the server did not come up on {addr}");
}

/// A transport that reports when its n-th request starts.
struct Tripwire {
    count: AtomicU32,
    at: u32,
    tx: mpsc::UnboundedSender<()>,
}

impl ExchangeHook for Tripwire {
    async fn exchange(&self, inner: &HttpTransport, body: Vec<u8>) -> Result<Vec<u8>, SyncError> {
        if self.count.fetch_add(1, Ordering::SeqCst) + 1 == self.at {
            let _ = self.tx.send(());
        }
        inner.exchange(body).await
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_mid_sync_loses_nothing_acknowledged() {
    let data = scratch_dir();
    let token = {
        let store = open_store(data.path()).unwrap();
        add_user(&*store, &SystemClock, "office", Role::Office).unwrap();
        enroll(&*store, &SystemClock, "office", "crash")
            .unwrap()
            .token
    };
    let addr = free_port();
    let url = format!("http://{addr}");
    let mut server = start(data.path(), addr).await;

    // The device commits many edits offline.
    let device = TestDevice::open(&url, &token, "office", Role::Office);
    let ids: Vec<DocId> = device.with_store(|s| {
        (0..2_000)
            .map(|i| {
                let (id, mut am) = PartBuilder::new(&format!("K{i:05}")).stock(7).doc();
                put_text(
                    &mut am,
                    &["name"],
                    &format!("零件 {i} {}", "规格".repeat(20)),
                )
                .unwrap();
                let mut am = onsite_core::testing::owned_by(s, &am);
                s.create_doc(&id, &mut am).unwrap();
                id
            })
            .collect()
    });

    // Sync; SIGKILL the server shortly after the fourth request starts (the third carried
    // changes the server acknowledged).
    let (tx, mut rx) = mpsc::unbounded_channel();
    let tripwire = Arc::new(Hooked::new(
        HttpTransport::new(&url, &token).unwrap(),
        Tripwire {
            count: AtomicU32::new(0),
            at: 4,
            tx,
        },
    ));
    let store = device.device.clone();
    let t = tripwire.clone();
    let mut sync = tokio::spawn(async move { sync_once(&store, t.as_ref()).await });
    // (A sync that ends early, or makes no progress, fails the test
    // instead of leaving it waiting.)
    let reached = tokio::time::timeout(Duration::from_secs(120), async {
        tokio::select! {
            reached = rx.recv() => reached.expect("the sync reached its fourth request"),
            ended = &mut sync => panic!("the sync ended before its fourth request: {ended:?}"),
        }
    })
    .await;
    assert!(reached.is_ok(), "the sync made no progress for two minutes");
    tokio::time::sleep(Duration::from_millis(30)).await;
    server.kill().expect("SIGKILL");
    server.wait().unwrap();
    let result = sync.await.unwrap();
    assert!(
        matches!(result, Err(SyncError::Offline(_))),
        "the sync was cut off: {result:?}"
    );
    assert_eq!(
        device.dirty_count(),
        ids.len(),
        "nothing cleared by a failed sync"
    );

    // What the device was told the server holds (shared heads = its heads).
    let acknowledged: Vec<&DocId> = ids
        .iter()
        .filter(|id| {
            device.with_store(|s| {
                let shared = s.get_sync_state(id).unwrap().shared_heads;
                let mut doc = s.load(id).unwrap().unwrap();
                !shared.is_empty() && shared == doc.get_heads()
            })
        })
        .collect();

    assert!(
        !acknowledged.is_empty(),
        "the kill came after some acknowledgements"
    );

    // Restart on the same data directory: all of that is still there.
    let mut server = start(data.path(), addr).await;
    {
        let store = SqliteStore::open(data.path()).unwrap();
        for id in &acknowledged {
            let mut stored = onsite_sync_server::store::ServerStore::load_doc(&store, id.as_str())
                .unwrap()
                .unwrap_or_else(|| panic!("{id} was acknowledged, then lost"));
            assert_eq!(Some(stored.doc.get_heads()), device.heads(id.as_str()));
        }
    }

    // The device resumes: every edit reaches the server.
    let out = device.sync().await;
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(device.dirty_count(), 0);
    let store = SqliteStore::open(data.path()).unwrap();
    for id in &ids {
        let mut stored = onsite_sync_server::store::ServerStore::load_doc(&store, id.as_str())
            .unwrap()
            .unwrap_or_else(|| panic!("{id} never reached the server"));
        assert_eq!(
            Some(stored.doc.get_heads()),
            device.heads(id.as_str()),
            "{id}"
        );
    }
    println!(
        "{} of {} documents acknowledged before the kill; resumed in {} round trips",
        acknowledged.len(),
        ids.len(),
        out.round_trips
    );
    server.kill().unwrap();
    server.wait().unwrap();
}
