//! The app's cold start: the release app (`onsite-app` beside this binary,
//! or `BENCH_APP_BIN`) is launched under Xvfb (a free display it picks
//! itself, `-displayfd`) with `ONSITE_DATA_DIR` holding a store of 10,000
//! work orders (the store benchmark's file, signed in as engineer
//! `bench`, so the first screen is "my orders" with all 10,000), and
//! `RUST_LOG=info` (`BENCH_APP_RUST_LOG` to change it). The clock runs
//! from the launch to the first stderr line that says the list was rendered (a line containing
//! `first list rendered`); when the app logs no such line, to the first
//! line naming the `list_work_orders` command (its completion), and the
//! figure says so on stderr and in docs/performance.md. No such line
//! within `BENCH_APP_TIMEOUT_SECS` (default 60): the figure is not
//! measured, with the reason.
//!
//! The page cache is warm (the benchmark just wrote the file and the
//! binary was just built): this is a warm-cache cold start of the process.

use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::Context;

/// The log line the app writes once the first list is on screen.
pub const RENDERED_MARK: &str = "first list rendered";
/// The fallback: a log line naming the list command.
pub const COMMAND_MARK: &str = "list_work_orders";

/// A child in its own process group, ended (group and all) on drop.
struct Group(Child);

impl Drop for Group {
    fn drop(&mut self) {
        let pid = self.0.id();
        let _ = Command::new("kill")
            .args(["-TERM", "--", &format!("-{pid}")])
            .status();
        let t = Instant::now();
        while t.elapsed() < Duration::from_secs(3) {
            if matches!(self.0.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{pid}")])
            .status();
        let _ = self.0.wait();
    }
}

/// The app binary: `BENCH_APP_BIN`, or beside the running benchmark.
pub fn app_bin() -> anyhow::Result<PathBuf> {
    if let Some(p) = std::env::var_os("BENCH_APP_BIN") {
        return Ok(PathBuf::from(p));
    }
    let bin = std::env::current_exe()?.with_file_name("onsite-app");
    anyhow::ensure!(
        bin.exists(),
        "the release app was not built ({} is missing)",
        bin.display()
    );
    Ok(bin)
}

fn start_xvfb(log: &Path) -> anyhow::Result<(Group, String)> {
    let mut child = Command::new("Xvfb")
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1280x800x24",
            "-nolisten",
            "tcp",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(log)?)
        .process_group(0)
        .spawn()
        .context("Xvfb is not installed (scripts/setup.sh bench installs it)")?;
    let mut out = child.stdout.take().context("Xvfb's stdout")?;
    let group = Group(child);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 16];
        let mut text = String::new();
        while let Ok(k) = out.read(&mut buf) {
            if k == 0 {
                break;
            }
            text.push_str(&String::from_utf8_lossy(&buf[..k]));
            if text.contains('\n') {
                break;
            }
        }
        let _ = tx.send(text);
    });
    let text = rx
        .recv_timeout(Duration::from_secs(10))
        .context("Xvfb did not report its display within 10 s")?;
    let n: u32 = text
        .trim()
        .parse()
        .with_context(|| format!("Xvfb reported {text:?}"))?;
    Ok((group, format!(":{n}")))
}

/// Launches the app on `data_dir` and returns the milliseconds to the
/// first list, and which mark ended the clock.
pub fn cold_start(data_dir: &Path, work: &Path) -> anyhow::Result<(f64, &'static str)> {
    let bin = app_bin()?;
    let (_xvfb, display) = start_xvfb(&work.join("xvfb.log"))?;
    let timeout: u64 = std::env::var("BENCH_APP_TIMEOUT_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    let log_path = work.join("app.log");
    let mut log = std::fs::File::create(&log_path)?;
    let t0 = Instant::now();
    let mut child = Command::new(&bin)
        .env("DISPLAY", &display)
        .env("ONSITE_DATA_DIR", data_dir)
        .env(
            "RUST_LOG",
            std::env::var("BENCH_APP_RUST_LOG").unwrap_or_else(|_| "info".into()),
        )
        .env("NO_COLOR", "1")
        .env_remove("ONSITE_SERVER_URL")
        .env_remove("ONSITE_TOKEN")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .with_context(|| format!("launch {}", bin.display()))?;
    let err = child.stderr.take().context("the app's stderr")?;
    let _app = Group(child);
    let (tx, rx) = mpsc::channel::<(Instant, String)>();
    std::thread::spawn(move || {
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            if tx.send((Instant::now(), line)).is_err() {
                break;
            }
        }
    });
    let deadline = t0 + Duration::from_secs(timeout);
    let mut command_seen: Option<Instant> = None;
    loop {
        let now = Instant::now();
        let wait_until = match command_seen {
            // The command completed: give the render mark a few seconds more.
            Some(at) => (at + Duration::from_secs(10)).min(deadline),
            None => deadline,
        };
        if now >= wait_until {
            break;
        }
        match rx.recv_timeout(wait_until - now) {
            Ok((at, line)) => {
                use std::io::Write;
                let _ = writeln!(log, "{:>8.1} ms  {line}", (at - t0).as_secs_f64() * 1000.0);
                if line.contains(RENDERED_MARK) {
                    return Ok(((at - t0).as_secs_f64() * 1000.0, RENDERED_MARK));
                }
                if command_seen.is_none() && line.contains(COMMAND_MARK) {
                    command_seen = Some(at);
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => break,
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                if command_seen.is_none() {
                    anyhow::bail!(
                        "the app exited before listing (log: {})",
                        log_path.display()
                    );
                }
                break;
            }
        }
    }
    match command_seen {
        Some(at) => Ok(((at - t0).as_secs_f64() * 1000.0, COMMAND_MARK)),
        None => anyhow::bail!(
            "no '{RENDERED_MARK}' or '{COMMAND_MARK}' line on the app's stderr within {timeout} s (log: {})",
            log_path.display()
        ),
    }
}
