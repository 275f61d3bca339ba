//! Disk full on the server's data directory. The run mounts a small tmpfs
//! (it runs in a mount namespace of its own, made by
//! `scripts/reliability.sh` with `unshare -m`, so the mount goes with the
//! process), serves the data directory from it, fills the rest with a
//! ballast file and keeps an engineer's device editing and syncing:
//!
//! - every sync while full is refused with a `{code, message}` that says
//!   the server's storage is full, and the refused edit stays on the device;
//! - nothing of a refused edit is stored, every edit the server had
//!   acknowledged is still there, and the file passes SQLite's check;
//! - the server killed while full either starts again or says why not;
//! - once the ballast is deleted, the next sync stores everything.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use onsite_core::model::DocId;
use onsite_core::rules::state::Role;
use onsite_core::service::Device;
use onsite_core::sync::client::{sync_once, HttpTransport, SyncError};
use onsite_sync_server::store::sqlite::DB_FILE;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::check::{self, read_file};
use crate::procs::{free_addr, health, ServerProc};
use crate::setup::{self, open_device, OFFICE};

/// What the disk-full loop did and found.
#[derive(Debug, Default)]
pub struct DiskFullReport {
    /// The file system's size.
    pub size_mib: u32,
    /// Syncs attempted while the disk was full.
    pub attempts: u32,
    /// … refused with a clear error (the faults the client saw).
    pub refused: u32,
    /// … that still went through (SQLite had room in pages it held).
    pub accepted: u32,
    /// The distinct `HTTP status code: message` answers seen.
    pub answers: BTreeSet<String>,
    /// Server restarts while full, and how many came up.
    pub restarts: u32,
    /// … that came up.
    pub restarts_up: u32,
    /// Refused edits found stored anyway (must be 0).
    pub changed: u32,
    /// Acknowledged edits missing (must be 0).
    pub missing: usize,
    /// Whether the device's sync went through once space returned.
    pub recovered: bool,
    /// Whether the device and the server converged after that.
    pub converged: bool,
    /// Edits the server acknowledged in all.
    pub acked: usize,
}

const ENGINEER: &str = "full-eng";

/// Mounts a `size_mib` MiB tmpfs on `dir`.
fn mount_small(dir: &Path, size_mib: u32) -> anyhow::Result<()> {
    let status = Command::new("mount")
        .args([
            "-t",
            "tmpfs",
            "-o",
            &format!("size={size_mib}m"),
            "onsite-full",
        ])
        .arg(dir)
        .status()
        .context("run mount")?;
    if !status.success() {
        bail!(
            "could not mount a {size_mib} MiB tmpfs on {} (run as root inside `unshare -m`, as scripts/reliability.sh does)",
            dir.display()
        );
    }
    Ok(())
}

fn unmount(dir: &Path) {
    let _ = Command::new("umount").arg(dir).status();
}

/// Fills the file system holding `path` with one file; its size.
fn fill(path: &Path) -> anyhow::Result<u64> {
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    let block = vec![0x5au8; 4096];
    let mut n = 0u64;
    loop {
        match f.write(&block) {
            Ok(0) => break,
            Ok(k) => n += k as u64,
            Err(e) if e.raw_os_error() == Some(28) => break,
            Err(e) => return Err(e.into()),
        }
    }
    let _ = f.sync_all();
    Ok(n)
}

struct Rig {
    rt: tokio::runtime::Runtime,
    rng: StdRng,
    eng: Arc<Mutex<Device>>,
    transport: HttpTransport,
    docs: Vec<DocId>,
    acked: BTreeSet<(String, String)>,
    server_db: PathBuf,
    notes: u32,
    report: DiskFullReport,
}

impl Rig {
    /// The engineer adds a note; returns it.
    fn note(&mut self, len: usize) -> anyhow::Result<(String, String)> {
        let id = self.docs[self.rng.random_range(0..self.docs.len())].clone();
        self.notes += 1;
        let text = format!("full{}-{}", self.notes, "满".repeat(len.min(1990)));
        self.eng
            .lock()
            .unwrap()
            .add_note(&id, &text)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        Ok((id.to_string(), text))
    }

    /// One sync: `Ok(None)` when everything went through, else the answer.
    fn sync(&mut self) -> anyhow::Result<Option<String>> {
        match self.rt.block_on(sync_once(&*self.eng, &self.transport)) {
            Ok(out) if out.errors.is_empty() => Ok(None),
            Ok(out) => Ok(Some(format!(
                "per document {}: {}",
                out.errors[0].code, out.errors[0].message
            ))),
            Err(SyncError::Server { status, body }) => Ok(Some(format!(
                "HTTP {status} {}: {}",
                body.code, body.message
            ))),
            Err(e) => Ok(Some(format!("{e}"))),
        }
    }

    fn check_server(&mut self) -> anyhow::Result<()> {
        let held = read_file(&self.server_db)?;
        self.report.missing += check::missing(&held, &self.acked).len();
        Ok(())
    }
}

/// Runs the disk-full loop with `faults` refused syncs.
pub fn run(faults: u32, seed: u64) -> anyhow::Result<DiskFullReport> {
    let dir = tempfile::tempdir()?;
    let mnt = dir.path().join("small");
    std::fs::create_dir(&mnt)?;
    let size_mib = 16;
    mount_small(&mnt, size_mib)?;
    let result = run_on(&mnt, dir.path(), faults, seed);
    unmount(&mnt);
    let mut report = result?;
    report.size_mib = size_mib;
    Ok(report)
}

fn run_on(mnt: &Path, scratch: &Path, faults: u32, seed: u64) -> anyhow::Result<DiskFullReport> {
    let data = mnt.join("server");
    let (office_token, eng_token) = setup::office_and_engineer(&data, ENGINEER, "engineer")?;
    let mut server = ServerProc::start(&data, free_addr()?)?;
    let rt = setup::runtime()?;
    let office = open_device(&scratch.join("office.db"), OFFICE, Role::Office)?;
    let docs = setup::assigned_orders(&office, 4, ENGINEER)?;
    rt.block_on(sync_once(
        &*office,
        &HttpTransport::new(&server.url(), &office_token)?,
    ))?;
    let mut rig = Rig {
        rt,
        rng: StdRng::seed_from_u64(seed),
        eng: open_device(&scratch.join("engineer.db"), ENGINEER, Role::Engineer)?,
        transport: HttpTransport::new(&server.url(), &eng_token)?,
        docs,
        acked: BTreeSet::new(),
        server_db: data.join(DB_FILE),
        notes: 0,
        report: DiskFullReport::default(),
    };
    // Normal work first.
    if let Some(e) = rig.sync()? {
        bail!("the engineer's first sync failed: {e}");
    }
    for _ in 0..10 {
        let n = rig.note(200)?;
        rig.acked.insert(n);
    }
    if let Some(e) = rig.sync()? {
        bail!("the first sync failed: {e}");
    }

    let ballast = mnt.join("ballast");
    fill(&ballast)?;
    let deadline = Instant::now() + Duration::from_secs(300);
    let mut pending = Vec::new();
    while rig.report.refused < faults && Instant::now() < deadline {
        rig.report.attempts += 1;
        let len = rig.rng.random_range(100..2000);
        let note = rig.note(len)?;
        let before = read_file(&rig.server_db)?;
        match rig.sync()? {
            None => {
                rig.report.accepted += 1;
                rig.acked.insert(note);
                rig.acked.extend(pending.drain(..));
                fill(&ballast)?;
            }
            Some(answer) => {
                rig.report.refused += 1;
                rig.report.answers.insert(answer);
                if !health(server.addr) {
                    bail!("the server stopped answering while its disk was full");
                }
                let after = read_file(&rig.server_db)?;
                let (id, _) = &note;
                if before.get(id).map(|h| &h.heads) != after.get(id).map(|h| &h.heads) {
                    rig.report.changed += 1;
                }
                pending.push(note);
                rig.check_server()?;
            }
        }
        // Now and then the server is killed while full and started again.
        if rig.report.attempts.is_multiple_of(5) {
            rig.report.restarts += 1;
            server.kill();
            match server.restart() {
                Ok(()) => rig.report.restarts_up += 1,
                Err(e) => {
                    rig.report
                        .answers
                        .insert(format!("restart while full: {e:#}"));
                }
            }
            rig.check_server()?;
        }
    }

    // Space returns.
    std::fs::remove_file(&ballast)?;
    if !health(server.addr) {
        server.kill();
        server.restart().context("restart once space returned")?;
    }
    rig.report.recovered = rig.sync()?.is_none();
    if rig.report.recovered {
        rig.acked.extend(pending.drain(..));
    }
    rig.check_server()?;
    let device_held = read_file(&scratch.join("engineer.db"))?;
    let server_held = read_file(&rig.server_db)?;
    rig.report.converged = check::converged(&[&device_held, &server_held]);
    rig.report.missing += check::missing(&device_held, &rig.acked).len();
    rig.report.acked = rig.acked.len();
    server.kill();
    Ok(rig.report)
}
