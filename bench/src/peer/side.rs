//! The samod run itself (feature `peer`): see [`crate::peer`].

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use automerge::{Automerge, ChangeHash};
use futures::StreamExt;
use samod::{BackoffConfig, DocHandle, DocumentId, PeerId, Repo};
use tokio::net::TcpListener;

use super::io::{Counted, SqliteStorage};
use crate::report::{ms, Report, Target};
use crate::sync::label;

/// The server's documents: ids and heads.
struct Held {
    ids: Vec<DocumentId>,
    heads: Vec<Vec<ChangeHash>>,
}

async fn open_repo(storage: SqliteStorage, who: &str) -> Repo {
    Repo::build_tokio()
        .with_storage(storage)
        .with_peer_id(PeerId::from(who))
        .load()
        .await
}

/// Stores every saved document in a fresh server repo.
async fn fill(storage: SqliteStorage, docs: &[Vec<u8>]) -> anyhow::Result<Held> {
    let repo = open_repo(storage, "bench-server").await;
    let mut creates = Vec::with_capacity(docs.len());
    for bytes in docs {
        let doc = Automerge::load(bytes)?;
        creates.push(repo.create(doc));
    }
    let handles = futures::future::try_join_all(creates)
        .await
        .map_err(|_| anyhow::anyhow!("the server repo stopped"))?;
    let held = Held {
        ids: handles.iter().map(|h| h.document_id().clone()).collect(),
        heads: handles
            .iter()
            .map(|h| h.with_document(|d| d.get_heads()))
            .collect(),
    };
    drop(handles);
    repo.stop().await;
    Ok(held)
}

/// Serves `repo` over websockets on a loopback port; returns its URL and
/// the counter of bytes over its connections.
async fn serve(repo: &Repo) -> anyhow::Result<(url::Url, Arc<AtomicU64>)> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let url = url::Url::parse(&format!("ws://{}", listener.local_addr()?))?;
    let acceptor = repo
        .make_acceptor(url.clone())
        .map_err(|_| anyhow::anyhow!("the server repo stopped"))?;
    let bytes = Arc::new(AtomicU64::new(0));
    let counter = bytes.clone();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let _ = tcp.set_nodelay(true);
            let stream = Counted {
                inner: tcp,
                bytes: counter.clone(),
            };
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                match tokio_tungstenite::accept_async(stream).await {
                    Ok(ws) => {
                        let _ = acceptor.accept_tungstenite(ws);
                    }
                    Err(e) => eprintln!("[bench]   samod server: websocket handshake: {e}"),
                }
            });
        }
    });
    Ok((url, bytes))
}

fn heads(h: &DocHandle) -> Vec<ChangeHash> {
    h.with_document(|d| d.get_heads())
}

/// `find` of one document, then until its heads are the server's.
async fn find_synced(
    repo: &Repo,
    id: DocumentId,
    want: &[ChangeHash],
) -> anyhow::Result<DocHandle> {
    let h = repo
        .find(id.clone())
        .await
        .map_err(|_| anyhow::anyhow!("the client repo stopped"))?
        .with_context(|| format!("{id}: the server does not have it"))?;
    let mut changes = h.changes();
    while heads(&h) != want {
        changes
            .next()
            .await
            .with_context(|| format!("{id}: no more changes, heads differ"))?;
    }
    Ok(h)
}

/// Dials `url` and waits for the handshake.
async fn dial(client: &Repo, url: &url::Url) -> anyhow::Result<samod::ConnectionId> {
    let dialer = client
        .dial_websocket(url.clone(), BackoffConfig::default())
        .map_err(|_| anyhow::anyhow!("the client repo stopped"))?;
    dialer
        .established()
        .await
        .map_err(|e| anyhow::anyhow!("dial: {e:?}"))?;
    dialer
        .connection_id()
        .context("connected, without a connection id")
}

/// Phase 3: a new client fetches every document.
async fn first(
    client: &Repo,
    storage: &SqliteStorage,
    url: &url::Url,
    held: &Held,
) -> anyhow::Result<()> {
    dial(client, url).await?;
    let finds = held
        .ids
        .iter()
        .zip(&held.heads)
        .map(|(id, want)| find_synced(client, id.clone(), want));
    futures::future::try_join_all(finds).await?;
    let ids: Vec<String> = held.ids.iter().map(|id| id.to_string()).collect();
    while storage.written_of(&ids) < ids.len() {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    Ok(())
}

/// Phase 4: the client reconnects and makes sure every document is in sync.
async fn nochange(client: &Repo, url: &url::Url, held: &Held) -> anyhow::Result<()> {
    let conn = dial(client, url).await?;
    let checks = held
        .ids
        .iter()
        .zip(&held.heads)
        .map(|(id, want)| async move {
            let h = find_synced(client, id.clone(), want).await?;
            h.we_have_their_changes(conn).await;
            h.they_have_our_changes(conn).await;
            anyhow::Ok(())
        });
    futures::future::try_join_all(checks).await?;
    Ok(())
}

/// A phase's outcome: its time and bytes, or why there are none.
type Phase = Result<(f64, f64), String>;

async fn timed(
    cap: Duration,
    bytes: &AtomicU64,
    f: impl std::future::Future<Output = anyhow::Result<()>>,
) -> Phase {
    let before = bytes.load(Ordering::Relaxed);
    let t = Instant::now();
    match tokio::time::timeout(cap, f).await {
        Ok(Ok(())) => Ok((
            ms(t.elapsed()),
            (bytes.load(Ordering::Relaxed) - before) as f64,
        )),
        Ok(Err(e)) => Err(format!("samod failed: {e:#}")),
        Err(_) => Err(format!("did not finish in {} s", cap.as_secs())),
    }
}

/// Runs samod on `docs` (saved Automerge documents) in `dir`.
pub fn run(report: &mut Report, dir: &Path, docs: &[Vec<u8>], cap: Duration) -> anyhow::Result<()> {
    let l = label(docs.len());
    std::fs::create_dir_all(dir)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let server_file = dir.join("samod-server.db");
    let client_file = dir.join("samod-client.db");
    let outcome = rt.block_on(async {
        let t = Instant::now();
        let held =
            match tokio::time::timeout(cap, fill(SqliteStorage::open(&server_file)?, docs)).await {
                Ok(held) => held?,
                Err(_) => {
                    let why = format!(
                        "storing the documents did not finish in {} s",
                        cap.as_secs()
                    );
                    return anyhow::Ok((Err(why.clone()), Err(why)));
                }
            };
        eprintln!(
            "[bench]   samod server holds {} documents ({:.1} s to store)",
            held.ids.len(),
            t.elapsed().as_secs_f64()
        );
        let server = open_repo(SqliteStorage::open(&server_file)?, "bench-server").await;
        let (url, bytes) = serve(&server).await?;

        let storage = SqliteStorage::open(&client_file)?;
        let client = open_repo(storage.clone(), "bench-device").await;
        let first = timed(cap, &bytes, first(&client, &storage, &url, &held)).await;
        if first.is_err() {
            let why = "the first sync did not complete".to_string();
            return Ok((first, Err(why)));
        }
        client.stop().await;
        drop(client);

        let client = open_repo(SqliteStorage::open(&client_file)?, "bench-device").await;
        let again = timed(cap, &bytes, nochange(&client, &url, &held)).await;
        if again.is_ok() {
            client.stop().await;
            server.stop().await;
        }
        Ok((first, again))
    });
    // Whatever samod still runs (a phase over its cap) is not waited for.
    rt.shutdown_timeout(Duration::from_secs(1));
    let (first, again) = outcome?;
    record(report, &l, "first", first, &format!("sync.first_{l}_ms"));
    record(
        report,
        &l,
        "nochange",
        again,
        &format!("sync.nochange_{l}_ms"),
    );
    Ok(())
}

/// Records `peer.samod_{what}_{l}_ms` / `_bytes` and our time's ratio to it.
fn record(report: &mut Report, l: &str, what: &str, phase: Phase, ours: &str) {
    let ratio = match what {
        "first" => format!("ratio.first_{l}_vs_samod"),
        _ => format!("ratio.{what}_{l}_ms_vs_samod"),
    };
    let key_ms = format!("peer.samod_{what}_{l}_ms");
    let key_bytes = format!("peer.samod_{what}_{l}_bytes");
    match phase {
        Ok((t, b)) => {
            report.add(key_ms, t, "ms", Target::None);
            report.add(key_bytes, b, "B", Target::None);
            match report.get(ours) {
                Some(o) => report.add(ratio, sig3(o / t.max(0.001)), "×", Target::None),
                None => report.missing(
                    ratio,
                    "×",
                    Target::None,
                    format!("{ours} was not measured in this run"),
                ),
            }
        }
        Err(why) => {
            report.missing(key_ms, "ms", Target::None, why.clone());
            report.missing(key_bytes, "B", Target::None, why.clone());
            report.missing(ratio, "×", Target::None, format!("samod: {why}"));
        }
    }
}

/// `v` to 3 significant digits (a ratio far below 1 keeps its digits).
fn sig3(v: f64) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let m = 10f64.powi(2 - v.abs().log10().floor() as i32);
    (v * m).round() / m
}
