//! Resident memory of an idle server: the real `onsite-sync-server serve`
//! binary (next to this one in `target/release/`, or `BENCH_SERVER_BIN`)
//! runs as a child process on a data directory holding N documents (the
//! sync benchmark's), a newly enrolled device does one full sync against
//! it, the server is left idle for `BENCH_RSS_IDLE_SECS` (default 3)
//! seconds, and `VmRSS` is read from `/proc/<pid>/status`
//! (`server.rss_mb_idle_N`). `VmHWM`, the peak during the sync, is
//! reported beside it (`server.rss_mb_peak_N`).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::Context;
use onsite_core::clock::SystemClock;
use onsite_core::store::Store;
use onsite_core::sync::client::HttpTransport;
use onsite_test_support::server::{enroll, open_store};

use crate::report::Report;
use crate::sync;

/// The server binary: `BENCH_SERVER_BIN`, or beside the running benchmark.
pub fn server_bin() -> anyhow::Result<PathBuf> {
    if let Some(p) = std::env::var_os("BENCH_SERVER_BIN") {
        return Ok(PathBuf::from(p));
    }
    let me = std::env::current_exe()?;
    let bin = me.with_file_name("onsite-sync-server");
    anyhow::ensure!(
        bin.exists(),
        "no server binary at {} (cargo build --release -p onsite-sync-server)",
        bin.display()
    );
    Ok(bin)
}

/// A `/proc/<pid>/status` field in MB (`VmRSS`, `VmHWM`).
pub fn status_mb(pid: u32, field: &str) -> anyhow::Result<f64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let line = text
        .lines()
        .find(|l| l.starts_with(&format!("{field}:")))
        .with_context(|| format!("no {field} in /proc/{pid}/status"))?;
    let kb: f64 = line
        .split_whitespace()
        .nth(1)
        .context("a number")?
        .parse()?;
    Ok((kb / 1024.0 * 10.0).round() / 10.0)
}

struct Kill(Child);

impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Measures the idle server on `server_dir` (holding `n` documents).
pub fn run(report: &mut Report, server_dir: &Path, work: &Path, n: usize) -> anyhow::Result<()> {
    let l = sync::label(n);
    let token = enroll(
        &*open_store(server_dir)?,
        &SystemClock,
        sync::ENGINEER,
        "rss device",
    )?
    .token;
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let log = std::fs::File::create(work.join(format!("server-{l}.log")))?;
    let child = Command::new(server_bin()?)
        .arg("--data")
        .arg(server_dir)
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .env("RUST_LOG", "warn")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .context("start onsite-sync-server")?;
    let mut child = Kill(child);
    let pid = child.0.id();
    let t = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Some(status) = child.0.try_wait()? {
            anyhow::bail!("the server exited ({status}) before listening");
        }
        anyhow::ensure!(
            t.elapsed() < Duration::from_secs(30),
            "the server did not listen within 30 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let started = status_mb(pid, "VmRSS")?;

    let dev_dir = work.join(format!("rss-device-{l}"));
    std::fs::create_dir_all(&dev_dir)?;
    let device = Mutex::new(Store::open(&dev_dir.join("onsite.db"))?);
    let transport = HttpTransport::new(&format!("http://127.0.0.1:{port}"), &token)?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let (outcome, took) =
        sync::sync(&rt, &device, &transport).context("sync against the server binary")?;
    drop(transport);
    drop(rt);
    eprintln!(
        "[bench]   server pid {pid}: {started} MB at start; full sync of {} documents in {:.0} ms",
        outcome.docs_received, took
    );
    let idle: u64 = std::env::var("BENCH_RSS_IDLE_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    std::thread::sleep(Duration::from_secs(idle));
    let rss = status_mb(pid, "VmRSS")?;
    let peak = status_mb(pid, "VmHWM")?;
    drop(child);
    let target = match report.get("server.rss_mb_idle_1k") {
        Some(base) if l != "1k" => crate::report::Target::Text(
            format!("≈ the 1k figure ({base} MB): not growing with N"),
            rss <= base * 1.25 + 5.0,
        ),
        _ => crate::report::Target::None,
    };
    report.add(format!("server.rss_mb_idle_{l}"), rss, "MB", target);
    report.add(
        format!("server.rss_mb_peak_{l}"),
        peak,
        "MB",
        crate::report::Target::None,
    );
    Ok(())
}
