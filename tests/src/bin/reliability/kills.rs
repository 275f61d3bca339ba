//! The kill loops: an engineer's headless device (`onsite-device-under-test`)
//! and the sync server binary, each SIGKILLed at a random moment inside one
//! of three phases (a local write, a sync, a compaction that folds a
//! document's change chunks into a new snapshot), restarted on the same
//! files, and checked after every kill:
//! (Over 500 lines on purpose: the three phases share one restart and
//! check loop; the disk-full loop and the table are modules of their own.)
//!
//! - after a device kill, every edit the device acknowledged (printed `ack`
//!   after its transaction committed) is in the device's file;
//! - after a server kill, every edit the server acknowledged (a sync that
//!   completed with nothing left dirty) is in the server's file;
//! - every file passes SQLite's check and every document loads whole.
//!
//! (After a kill the orders with newly acknowledged edits and four more at
//! random are read; every 25th kill, and at the end, all of them.)
//!
//! At the end the device and a second (office) device sync, and all three
//! files must hold every acknowledged edit with the same heads.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use onsite_core::rules::state::Role;
use onsite_core::service::Device;
use onsite_core::store::docs::COMPACT_CHUNKS;
use onsite_core::sync::client::{sync_once, HttpTransport};
use onsite_sync_server::store::sqlite::DB_FILE;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::check::{self, read_file};
use crate::procs::{free_addr, DeviceArgs, DeviceProc, ServerProc};
use crate::setup::{self, open_device, OFFICE};

/// Which part of the work a kill landed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Local edits (device) or storing pushed edits (server).
    Write,
    /// A sync: the device's whole exchange, or the server serving a pull.
    Sync,
    /// Folding a document's chunks into a new snapshot.
    Compaction,
}

/// The phases, in table order.
pub const PHASES: [Phase; 3] = [Phase::Write, Phase::Sync, Phase::Compaction];

impl Phase {
    fn index(self) -> usize {
        self as usize
    }
}

/// What the kill loops did and found.
#[derive(Debug, Default)]
pub struct KillReport {
    /// Device kills that landed inside each phase.
    pub device: [u32; 3],
    /// Server kills that landed inside each phase.
    pub server: [u32; 3],
    /// Kills that landed after the phase had ended (not counted above).
    pub late: u32,
    /// Server compaction kills after which the fold was found committed.
    pub folds_committed: u32,
    /// … killed inside the fold's transaction and found rolled back (the
    /// chunks still there).
    pub folds_rolled_back: u32,
    /// … killed before the fold began (not counted as a compaction kill).
    pub folds_not_begun: u32,
    /// Edits the device acknowledged.
    pub acked: usize,
    /// Checks of the files after a kill.
    pub checks: u32,
    /// Acknowledged edits missing after a kill or at the end (must be 0).
    pub missing: usize,
    /// Whether the device, the server and the office device converged.
    pub converged: bool,
    /// How long the loops ran.
    pub elapsed: Duration,
}

/// How many kills of each kind, within how long.
pub struct KillConfig {
    /// Kills per side and phase.
    pub per_phase: u32,
    /// Stop after this long, whatever the counts.
    pub budget: Duration,
    /// The random seed.
    pub seed: u64,
}

const ENGINEER: &str = "kill-eng";
const ORDERS: usize = 48;
/// Orders fed at once towards the server's fold threshold.
const FILL: usize = 8;
const WAIT: Duration = Duration::from_secs(120);
/// Every this many episodes a kill is followed by a check of every order.
const FULL_CHECK_EVERY: u32 = 25;

struct Rig {
    rt: tokio::runtime::Runtime,
    rng: StdRng,
    _dir: tempfile::TempDir,
    server_db: PathBuf,
    server: ServerProc,
    args: DeviceArgs,
    dev: Option<DeviceProc>,
    office: Arc<Mutex<Device>>,
    office_db: PathBuf,
    office_transport: HttpTransport,
    docs: Vec<String>,
    acked: BTreeSet<(String, String)>,
    server_acked: BTreeSet<(String, String)>,
    /// Upper bound of the random delay before a kill, per side and phase;
    /// shrunk after a late kill, grown after a hit.
    delay: [[f64; 3]; 2],
    /// Whether the server had paused inside a fold when it was last killed.
    fold_paused: bool,
    /// The order whose fold a server kill aims at, and its chunk count
    /// on the server right after the kill.
    fold_doc: Option<String>,
    chunks_at_kill: i64,
    episode: u32,
    /// What the device's and the server's files were last checked for.
    verified: [BTreeSet<(String, String)>; 2],
    report: KillReport,
}

/// Runs the kill loops.
pub fn run(cfg: &KillConfig) -> anyhow::Result<KillReport> {
    let start = Instant::now();
    let mut rig = Rig::new(cfg.seed)?;
    let target = cfg.per_phase;
    while start.elapsed() < cfg.budget {
        let r = &rig.report;
        let todo: Vec<(usize, Phase)> = [0, 1]
            .into_iter()
            .flat_map(|side| PHASES.map(|p| (side, p)))
            .filter(|&(side, p)| [r.device, r.server][side][p.index()] < target)
            .collect();
        if todo.is_empty() {
            break;
        }
        let least = todo
            .iter()
            .map(|&(s, p)| [r.device, r.server][s][p.index()])
            .min()
            .unwrap_or(0);
        let pick: Vec<_> = todo
            .into_iter()
            .filter(|&(s, p)| [r.device, r.server][s][p.index()] == least)
            .collect();
        let (side, phase) = pick[rig.rng.random_range(0..pick.len())];
        rig.episode += 1;
        if side == 0 {
            rig.kill_device(phase)?;
        } else {
            rig.kill_server(phase)?;
        }
        if rig.episode % 50 == 0 {
            let r = &rig.report;
            eprintln!(
                "[kills] {:>4} episodes, {:>4.0}s: device {:?}, server {:?}, late {}, acked {}, missing {}",
                rig.episode,
                start.elapsed().as_secs_f64(),
                r.device,
                r.server,
                r.late,
                rig.acked.len(),
                r.missing
            );
        }
    }
    rig.finish()?;
    rig.report.elapsed = start.elapsed();
    Ok(rig.report)
}

impl Rig {
    fn new(seed: u64) -> anyhow::Result<Rig> {
        let dir = tempfile::tempdir()?;
        let data = dir.path().join("server");
        let (office_token, eng_token) =
            setup::office_and_engineer(&data, ENGINEER, "device-under-test")?;
        let server = ServerProc::start(&data, free_addr()?)?;
        let rt = setup::runtime()?;
        let office_db = dir.path().join("office.db");
        let office = open_device(&office_db, OFFICE, Role::Office)?;
        let office_transport = HttpTransport::new(&server.url(), &office_token)?;
        let docs: Vec<String> = setup::assigned_orders(&office, ORDERS, ENGINEER)?
            .iter()
            .map(|id| id.to_string())
            .collect();
        rt.block_on(sync_once(&*office, &office_transport))?;
        let args = DeviceArgs {
            db: dir.path().join("device.db"),
            url: server.url(),
            token: eng_token,
            user: ENGINEER.into(),
        };
        let mut rig = Rig {
            rt,
            rng: StdRng::seed_from_u64(seed),
            server_db: data.join(DB_FILE),
            _dir: dir,
            server,
            dev: Some(DeviceProc::start(&args)?),
            args,
            office,
            office_db,
            office_transport,
            docs,
            acked: BTreeSet::new(),
            server_acked: BTreeSet::new(),
            delay: [[0.02, 0.05, 0.01], [0.02, 0.05, 0.02]],
            fold_paused: false,
            fold_doc: None,
            chunks_at_kill: 0,
            episode: 0,
            verified: Default::default(),
            report: KillReport::default(),
        };
        rig.dev_run("sync", "end sync")?;
        let held = read_file(&rig.args.db)?;
        if held.len() != ORDERS {
            bail!(
                "the engineer's device received {} of {ORDERS} orders",
                held.len()
            );
        }
        Ok(rig)
    }

    fn dev(&mut self) -> &mut DeviceProc {
        self.dev.as_mut().expect("the device is running")
    }

    /// Runs a device command to its end and takes in what it printed.
    fn dev_run(&mut self, line: &str, done: &str) -> anyhow::Result<String> {
        let last = self.dev().run(line, done)?;
        let log = self.dev().take_log();
        self.absorb(&log);
        Ok(last)
    }

    /// Takes in the device's acknowledgements and completed syncs.
    fn absorb(&mut self, lines: &[String]) {
        for line in lines {
            if let Some(rest) = line.strip_prefix("ack ") {
                if let Some((id, text)) = rest.split_once(' ') {
                    self.acked.insert((id.to_string(), text.to_string()));
                }
            } else if let Some(rest) = line.strip_prefix("end sync ok ") {
                if rest.ends_with(" 0") {
                    self.server_acked = self.acked.clone();
                }
            }
        }
    }

    fn random_doc(&mut self) -> String {
        self.docs[self.rng.random_range(0..self.docs.len())].clone()
    }

    /// A note text, unique in the run, `len` characters of filler long.
    fn text(&mut self, tag: &str, k: usize) -> String {
        let len = self.rng.random_range(4..40);
        format!("{tag}{}-{k}-{}", self.episode, "备".repeat(len))
    }

    /// An edit on each of `n` random orders, committed and acknowledged.
    fn some_notes(&mut self, n: usize) -> anyhow::Result<()> {
        for k in 0..n {
            let doc = self.random_doc();
            let text = self.text("n", k);
            self.dev_run(&format!("note {doc} {text}"), "end write")?;
        }
        Ok(())
    }

    /// Sleeps a random part of the side's and phase's delay bound.
    fn random_pause(&mut self, side: usize, phase: Phase) {
        let bound = self.delay[side][phase.index()];
        let secs = self.rng.random_range(0.0..bound);
        std::thread::sleep(Duration::from_secs_f64(secs));
    }

    /// Counts a kill that landed in `phase` (or late), adapting the delay.
    fn count(&mut self, side: usize, phase: Phase, hit: bool) {
        let d = &mut self.delay[side][phase.index()];
        if hit {
            *d = (*d * 1.1).min(5.0);
            let counts = if side == 0 {
                &mut self.report.device
            } else {
                &mut self.report.server
            };
            counts[phase.index()] += 1;
        } else {
            *d = (*d * 0.75).max(0.000_5);
            self.report.late += 1;
        }
    }

    /// Checks the device's (`which` 0) or the server's (1) file after a
    /// kill: the orders with edits acknowledged since its last check and
    /// four more at random; every [`FULL_CHECK_EVERY`] episodes, all of them.
    fn check_after_kill(&mut self, which: usize) -> anyhow::Result<()> {
        let (file, acked) = if which == 0 {
            (self.args.db.clone(), self.acked.clone())
        } else {
            (self.server_db.clone(), self.server_acked.clone())
        };
        if self.episode.is_multiple_of(FULL_CHECK_EVERY) {
            self.check(&file, &acked, None)?;
        } else {
            let mut docs: BTreeSet<String> = acked
                .difference(&self.verified[which])
                .map(|(id, _)| id.clone())
                .collect();
            for _ in 0..4 {
                docs.insert(self.random_doc());
            }
            self.check(&file, &acked, Some(&docs))?;
        }
        self.verified[which] = acked;
        Ok(())
    }

    /// Checks one file against a set of acknowledged edits (those on the
    /// orders in `only`, when given).
    fn check(
        &mut self,
        file: &Path,
        acked: &BTreeSet<(String, String)>,
        only: Option<&BTreeSet<String>>,
    ) -> anyhow::Result<()> {
        let held = check::read_docs(file, only)?;
        let acked: BTreeSet<(String, String)> = acked
            .iter()
            .filter(|(id, _)| only.is_none_or(|o| o.contains(id)))
            .cloned()
            .collect();
        let missing = check::missing(&held, &acked);
        self.report.checks += 1;
        if !missing.is_empty() {
            eprintln!(
                "[kills] episode {}: {} acknowledged edits missing from {}: first {:?}",
                self.episode,
                missing.len(),
                file.display(),
                &missing[0]
            );
            self.report.missing += missing.len();
        }
        Ok(())
    }

    fn kill_device(&mut self, phase: Phase) -> anyhow::Result<()> {
        let begin = match phase {
            Phase::Write => {
                let doc = self.random_doc();
                let texts: Vec<String> = (0..20).map(|k| self.text("w", k)).collect();
                self.dev()
                    .send(&format!("note {doc} {}", texts.join(" ")))?;
                "begin write"
            }
            Phase::Sync => {
                self.some_notes(3)?;
                self.dev().send("sync")?;
                "begin sync"
            }
            Phase::Compaction => {
                let doc = self.random_doc();
                let tag = format!("c{}", self.episode);
                self.dev().send(&format!("compact {doc} {tag}"))?;
                "begin compact"
            }
        };
        self.dev().wait_for(begin, WAIT)?;
        self.random_pause(0, phase);
        let lines = self.dev.take().expect("running").kill();
        self.absorb(&lines);
        let last = lines
            .iter()
            .rev()
            .find(|l| l.starts_with("begin ") || l.starts_with("end "));
        let hit = last.is_some_and(|l| l.starts_with("begin "));
        self.count(0, phase, hit);
        self.check_after_kill(0)?;
        self.dev = Some(DeviceProc::start(&self.args)?);
        Ok(())
    }

    fn kill_server(&mut self, phase: Phase) -> anyhow::Result<()> {
        // A kill before the phase began (counted apart, not as late).
        let mut early = false;
        let hit = match phase {
            Phase::Write => {
                self.some_notes(3)?;
                self.kill_server_during_device_sync(phase)?
            }
            Phase::Compaction => {
                let doc = self.server_doc_at_fold_threshold()?;
                let text = self.text("fold", 0);
                self.dev_run(&format!("note {doc} {text}"), "end write")?;
                self.fold_doc = Some(doc);
                self.kill_server_during_device_sync(phase)?;
                // Aim at the fold itself (the server pauses inside it):
                // kill later when it had not begun, earlier after it
                // committed. Only a kill inside the fold counts.
                let d = &mut self.delay[1][Phase::Compaction.index()];
                let committed = self.fold_doc.take().is_some() && self.chunks_at_kill == 0;
                if committed {
                    self.report.folds_committed += 1;
                    *d *= 0.8;
                } else if self.fold_paused {
                    self.report.folds_rolled_back += 1;
                } else {
                    self.report.folds_not_begun += 1;
                    *d = (*d * 1.5).min(5.0);
                    early = true;
                }
                self.fold_paused && !committed
            }
            Phase::Sync => {
                self.some_notes(FILL)?;
                self.sync_up()?;
                let (office, transport) = (self.office.clone(), self.office_transport.clone());
                let pull = self
                    .rt
                    .spawn(async move { sync_once(&*office, &transport).await.map(|_| ()) });
                self.random_pause(1, phase);
                self.server.kill();
                let result = self.rt.block_on(pull)?;
                self.restart_server()?;
                result.is_err()
            }
        };
        if !early {
            self.count(1, phase, hit);
        }
        self.check_after_kill(1)?;
        Ok(())
    }

    /// An order whose server copy has as many chunks as the server keeps
    /// (the next stored change folds them). When none has, one note on
    /// each of the [`FILL`] orders with the most chunks and a sync, until
    /// one has: each sync adds a chunk to all of them at once.
    fn server_doc_at_fold_threshold(&mut self) -> anyhow::Result<String> {
        for round in 0.. {
            let mut counts = Vec::new();
            for doc in &self.docs {
                let n = check::chunk_count(&self.server_db, doc)?;
                if n == COMPACT_CHUNKS {
                    return Ok(doc.clone());
                }
                counts.push((n, doc.clone()));
            }
            counts.sort_by_key(|c| std::cmp::Reverse(c.0));
            let below: Vec<String> = counts.into_iter().take(FILL).map(|(_, d)| d).collect();
            if round > 4 * COMPACT_CHUNKS {
                bail!("no order on the server reached {COMPACT_CHUNKS} chunks");
            }
            for doc in below {
                let text = self.text("f", round as usize);
                self.dev_run(&format!("note {doc} {text}"), "end write")?;
            }
            self.sync_up()?;
        }
        unreachable!()
    }

    /// A sync with the server up. The first request after a server restart
    /// may go out on a pooled connection the dead server left (the client
    /// reports it offline, as the app's sync loop would, and retries).
    fn sync_up(&mut self) -> anyhow::Result<()> {
        let mut end = String::new();
        for _ in 0..3 {
            end = self.dev_run("sync", "end sync")?;
            if end.starts_with("end sync ok") {
                return Ok(());
            }
        }
        bail!("a sync with the server up failed: {end}")
    }

    /// The device syncs; the server is killed a random moment after the
    /// sync began, then restarted. Whether the kill cut the sync.
    fn kill_server_during_device_sync(&mut self, phase: Phase) -> anyhow::Result<bool> {
        self.dev().send("sync")?;
        self.dev().wait_for("begin sync", WAIT)?;
        self.random_pause(1, phase);
        self.server.kill();
        self.fold_paused = self.server.folded();
        // Read before the restart: the device's next sync would fold.
        if let Some(doc) = &self.fold_doc {
            self.chunks_at_kill = check::chunk_count(&self.server_db, doc)?;
        }
        let end = self.dev().wait_for("end sync", WAIT)?;
        let log = self.dev().take_log();
        self.absorb(&log);
        self.restart_server()?;
        Ok(end.starts_with("end sync err"))
    }

    /// Restarts the server; both devices then sync once (retrying), so that
    /// no later sync fails on a connection the dead server left in a pool
    /// and is counted as cut by a kill.
    fn restart_server(&mut self) -> anyhow::Result<()> {
        self.server.restart()?;
        self.sync_up()?;
        let mut last = None;
        for _ in 0..3 {
            match self
                .rt
                .block_on(sync_once(&*self.office, &self.office_transport))
            {
                Ok(_) => return Ok(()),
                Err(e) => last = Some(e),
            }
        }
        bail!("the office could not sync after a restart: {last:?}")
    }

    /// Everyone syncs; every file must hold every acknowledged edit, and
    /// all three the same heads.
    fn finish(&mut self) -> anyhow::Result<()> {
        for attempt in 0.. {
            let end = self.dev_run("sync", "end sync")?;
            if end.starts_with("end sync ok") && end.ends_with(" 0") {
                break;
            }
            if attempt == 5 {
                bail!("the device could not finish its sync: {end}");
            }
        }
        self.rt
            .block_on(sync_once(&*self.office, &self.office_transport))
            .context("the office's last sync")?;
        let acked = self.acked.clone();
        self.report.acked = acked.len();
        let files = [
            self.args.db.clone(),
            self.server_db.clone(),
            self.office_db.clone(),
        ];
        let mut held = Vec::new();
        for f in &files {
            self.check(f, &acked, None)?;
            held.push(read_file(f)?);
        }
        self.report.converged = check::converged(&held.iter().collect::<Vec<_>>());
        if let Some(d) = self.dev.take() {
            d.quit();
        }
        self.server.kill();
        Ok(())
    }
}
