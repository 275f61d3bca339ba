//! The two kinds of process the kill loops SIGKILL: the sync server binary
//! ([`ServerProc`], restarted on the same data directory and port) and the
//! headless device ([`DeviceProc`], `onsite-device-under-test`, driven line
//! by line; its output is read on a thread so the harness can wait for a
//! line with a deadline and collect what was printed before a kill).

use std::io::{BufRead, BufReader, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use onsite_core::testing::faults;

/// A binary built next to this one (`target/<profile>/NAME`).
pub fn sibling(name: &str) -> anyhow::Result<PathBuf> {
    let me = std::env::current_exe()?;
    let path = me.parent().context("the binary's directory")?.join(name);
    if !path.exists() {
        bail!(
            "{} is not built (cargo build -p onsite-tests --bins)",
            path.display()
        );
    }
    Ok(path)
}

/// A free loopback port (bound, then released).
pub fn free_addr() -> anyhow::Result<SocketAddr> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?)
}

/// How long the server under test pauses inside each fold.
const FOLD_PAUSE_MS: u64 = 300;

/// The sync server binary serving a data directory.
pub struct ServerProc {
    bin: PathBuf,
    data: PathBuf,
    /// Its standard error since the last start.
    log: PathBuf,
    /// Where it listens.
    pub addr: SocketAddr,
    child: Option<Child>,
}

impl ServerProc {
    /// Starts `onsite-sync-server-under-test serve` and waits until it answers.
    pub fn start(data: &Path, addr: SocketAddr) -> anyhow::Result<ServerProc> {
        let mut s = ServerProc {
            bin: sibling("onsite-sync-server-under-test")?,
            data: data.to_path_buf(),
            log: std::env::temp_dir()
                .join(format!("onsite-reliability-server-{}.log", addr.port())),
            addr,
            child: None,
        };
        s.restart()?;
        Ok(s)
    }

    /// The server's URL.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Starts it again (after a kill) and waits until `/v1/health` answers.
    pub fn restart(&mut self) -> anyhow::Result<()> {
        let child = Command::new(&self.bin)
            .arg("--data")
            .arg(&self.data)
            .args(["serve", "--addr", &self.addr.to_string()])
            // Each fold pauses inside its transaction, so that a kill can
            // land there (`onsite_core::testing::faults`).
            .env(faults::VAR, format!("fold:{FOLD_PAUSE_MS}"))
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&self.log).context("the server's log file")?)
            .spawn()
            .context("start the server binary")?;
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if health(self.addr) {
                return Ok(());
            }
            if let Some(status) = self
                .child
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten())
            {
                bail!("the server exited at start: {status}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        bail!("the server did not come up on {}", self.addr)
    }

    /// Whether the server, since it was last started, paused inside a fold
    /// (it says `fault-pause fold` on standard error).
    pub fn folded(&self) -> bool {
        std::fs::read_to_string(&self.log).is_ok_and(|l| l.contains("fault-pause fold"))
    }

    /// SIGKILL, and wait for it to be gone.
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for ServerProc {
    fn drop(&mut self) {
        self.kill();
        let _ = std::fs::remove_file(&self.log);
    }
}

/// Whether `GET /v1/health` answers 200 (a blocking HTTP/1.0 request).
pub fn health(addr: SocketAddr) -> bool {
    use std::io::Read;
    let Ok(mut s) = std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(200)) else {
        return false;
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
    if s.write_all(b"GET /v1/health HTTP/1.0\r\nHost: x\r\n\r\n")
        .is_err()
    {
        return false;
    }
    let mut buf = [0u8; 16];
    matches!(s.read(&mut buf), Ok(n) if n >= 12 && &buf[9..12] == b"200")
}

/// The headless device process.
pub struct DeviceProc {
    child: Child,
    stdin: ChildStdin,
    lines: Receiver<String>,
    /// Every line read since the last [`DeviceProc::take_log`].
    log: Vec<String>,
}

/// How to start the device: its file, server, token and user.
#[derive(Clone)]
pub struct DeviceArgs {
    /// The device's SQLite file.
    pub db: PathBuf,
    /// The server's URL.
    pub url: String,
    /// Its token.
    pub token: String,
    /// The engineer signed in.
    pub user: String,
}

impl DeviceProc {
    /// Starts `onsite-device-under-test` and waits for `ready`.
    pub fn start(args: &DeviceArgs) -> anyhow::Result<DeviceProc> {
        let mut child = Command::new(sibling("onsite-device-under-test")?)
            .arg("--db")
            .arg(&args.db)
            .args(["--url", &args.url, "--token", &args.token])
            .args(["--user", &args.user, "--role", "engineer"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .context("start the device")?;
        let stdin = child.stdin.take().expect("piped");
        let stdout = child.stdout.take().expect("piped");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut d = DeviceProc {
            child,
            stdin,
            lines,
            log: Vec::new(),
        };
        d.wait_for("ready", Duration::from_secs(30))?;
        Ok(d)
    }

    /// Sends one command line.
    pub fn send(&mut self, line: &str) -> anyhow::Result<()> {
        writeln!(self.stdin, "{line}")?;
        self.stdin.flush()?;
        Ok(())
    }

    /// Reads lines until one starts with `prefix`; returns it.
    pub fn wait_for(&mut self, prefix: &str, timeout: Duration) -> anyhow::Result<String> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.log.push(line.clone());
                    if line.starts_with("error ") {
                        bail!("the device reported: {line}");
                    }
                    if line.starts_with(prefix) {
                        return Ok(line);
                    }
                }
                Err(RecvTimeoutError::Timeout) => bail!("no {prefix:?} line within {timeout:?}"),
                Err(RecvTimeoutError::Disconnected) => bail!("the device exited before {prefix:?}"),
            }
        }
    }

    /// Sends `line` and waits for the line starting with `done`.
    pub fn run(&mut self, line: &str, done: &str) -> anyhow::Result<String> {
        self.send(line)?;
        self.wait_for(done, Duration::from_secs(120))
    }

    /// SIGKILL; then every line it had printed (all of them are in the pipe).
    pub fn kill(mut self) -> Vec<String> {
        let _ = self.child.kill();
        let _ = self.child.wait();
        while let Ok(line) = self.lines.recv_timeout(Duration::from_secs(5)) {
            self.log.push(line);
        }
        self.log
    }

    /// The lines read so far (and forgets them).
    pub fn take_log(&mut self) -> Vec<String> {
        std::mem::take(&mut self.log)
    }

    /// Asks it to quit and waits.
    pub fn quit(mut self) -> Vec<String> {
        let _ = self.send("quit");
        let _ = self.child.wait();
        while let Ok(line) = self.lines.recv_timeout(Duration::from_secs(5)) {
            self.log.push(line);
        }
        self.log
    }
}
