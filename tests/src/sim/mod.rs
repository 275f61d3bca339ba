//! The seeded many-device simulation: the office, the storekeeper and five
//! engineers, each on the app's [`Device`](onsite_core::service::Device)
//! facade over its own SQLite file, against a real sync server
//! ([`TestServer`]). A seeded RNG drives a long schedule: devices go
//! offline and online (sometimes in the middle of a sync, before or after
//! the server received a request), the office creates and assigns orders
//! and closes signed ones, engineers work through their visits with the
//! actions the app offers them (respond, depart, arrive, hold, resume,
//! await parts, resolve), write the work done and notes, pick parts, use
//! or return them and have the customer sign; the storekeeper follows
//! stock and pickups. At the end everyone comes online and syncs until
//! quiet, and [`verify`] checks that every device and the server agree,
//! that no acknowledged edit is missing and that nobody holds a document
//! they may not read.
//!
//! The same seed replays the same schedule: `ONSITE_SIM_SEED=<n>` and
//! `ONSITE_SIM_STEPS=<n>` (see `tests/tests/simulation.rs`).
//!
//! Layout: this file (configuration, the schedule, the report),
//! [`actors`] (what each role does in one step), [`net`] (partitions: a
//! transport cut after some requests), [`verify`] (the final checks).

pub mod actors;
pub mod net;
pub mod verify;

use std::time::{Duration, Instant};

use automerge::ChangeHash;
use onsite_core::model::DocId;
use onsite_core::rules::state::Role;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::{TestDevice, TestServer};

/// One simulation run.
#[derive(Debug, Clone, Copy)]
pub struct SimConfig {
    /// The seed of the schedule.
    pub seed: u64,
    /// How many steps.
    pub steps: usize,
    /// Whether the office also reassigns orders (see `docs/reliability.md`:
    /// the previous engineer keeps a copy and loses unsent edits, so such
    /// runs fail today; off by default).
    pub reassign: bool,
}

/// What a run did.
#[derive(Debug, Default, Clone)]
pub struct SimReport {
    /// The seed.
    pub seed: u64,
    /// Steps run.
    pub steps: usize,
    /// Local transactions the devices committed (acknowledged edits).
    pub edits: usize,
    /// Actions the app refused locally (as it would show the user).
    pub refused_locally: usize,
    /// Orders created.
    pub orders: usize,
    /// Orders signed by the customer.
    pub signed: usize,
    /// Pickups recorded.
    pub pickups: usize,
    /// Completed syncs.
    pub syncs: usize,
    /// Syncs cut by a partition.
    pub cut: usize,
    /// Times a device went offline.
    pub partitions: usize,
    /// Sync rounds it took to settle at the end.
    pub settle_rounds: usize,
    /// Documents on the server at the end.
    pub docs: usize,
    /// Acknowledged edits checked at the end.
    pub checked: usize,
    /// Wall time.
    pub elapsed: Duration,
}

impl SimReport {
    /// The markdown table header for [`SimReport::row`].
    pub fn header() -> &'static str {
        "| seed | steps | edits acknowledged | refused by the app | orders / signed | pickups | syncs / cut by a partition | went offline | settle rounds | docs | edits missing | converged | s |\n\
         |---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|"
    }

    /// One markdown table row.
    pub fn row(&self) -> String {
        format!(
            "| {} | {} | {} | {} | {} / {} | {} | {} / {} | {} | {} | {} | 0 | yes | {:.1} |",
            self.seed,
            self.steps,
            self.edits,
            self.refused_locally,
            self.orders,
            self.signed,
            self.pickups,
            self.syncs,
            self.cut,
            self.partitions,
            self.settle_rounds,
            self.docs,
            self.elapsed.as_secs_f64()
        )
    }

    /// One line for logs.
    pub fn summary(&self) -> String {
        format!(
            "{} steps, {} edits, {} orders ({} signed), {} pickups, {} syncs ({} cut), {} docs, settled in {} rounds, {:.1}s",
            self.steps,
            self.edits,
            self.orders,
            self.signed,
            self.pickups,
            self.syncs,
            self.cut,
            self.docs,
            self.settle_rounds,
            self.elapsed.as_secs_f64()
        )
    }
}

/// A failed run: what went wrong, with the seed that replays it.
#[derive(Debug, thiserror::Error)]
#[error("simulation seed {seed} failed at step {step}: {what} (replay: ONSITE_SIM_SEED={seed} ONSITE_SIM_STEPS={steps}{})", if *.reassign { " ONSITE_SIM_REASSIGN=1" } else { "" })]
pub struct SimError {
    /// The seed.
    pub seed: u64,
    /// The schedule's length.
    pub steps: usize,
    /// Whether the office reassigned orders.
    pub reassign: bool,
    /// The step (the schedule's length for the final checks).
    pub step: usize,
    /// What went wrong.
    pub what: String,
}

/// The engineers.
pub const ENGINEERS: [&str; 5] = ["eng1", "eng2", "eng3", "eng4", "eng5"];

/// One participant: a user on their device.
pub struct Member {
    /// The user name.
    pub name: String,
    /// Their role.
    pub role: Role,
    /// Their device.
    pub dev: TestDevice,
    /// Whether the device is online.
    pub online: bool,
}

/// An edit a device acknowledged: the heads a document had on that device
/// right after the transaction committed.
pub struct Acked {
    /// The document.
    pub id: DocId,
    /// Its heads then.
    pub heads: Vec<ChangeHash>,
}

/// The world of one run (its fields are the simulation's own: the
/// actors and the checks read and change them).
pub struct World {
    /// The run's seed, length and whether the office reassigns orders.
    cfg: SimConfig,
    /// The server.
    server: TestServer,
    /// Office, storekeeper, engineers.
    members: Vec<Member>,
    /// The seeded RNG.
    rng: StdRng,
    /// The catalogue parts.
    parts: Vec<DocId>,
    /// Every acknowledged edit.
    acked: Vec<Acked>,
    /// The counters.
    report: SimReport,
    /// The current step.
    step: usize,
}

impl World {
    fn fail(&self, what: impl Into<String>) -> SimError {
        SimError {
            seed: self.cfg.seed,
            steps: self.cfg.steps,
            reassign: self.cfg.reassign,
            step: self.step,
            what: what.into(),
        }
    }
}

/// Runs one seeded schedule and checks the end state.
pub async fn run(cfg: &SimConfig) -> Result<SimReport, SimError> {
    let start = Instant::now();
    let server = TestServer::start().await;
    let parts = server.seed_parts(4);
    let mut members = vec![
        member(&server, "office", Role::Office),
        member(&server, "store1", Role::Storekeeper),
    ];
    members.extend(ENGINEERS.iter().map(|e| member(&server, e, Role::Engineer)));
    let mut w = World {
        cfg: *cfg,
        server,
        members,
        rng: StdRng::seed_from_u64(cfg.seed),
        parts,
        acked: Vec::new(),
        report: SimReport {
            seed: cfg.seed,
            steps: cfg.steps,
            ..Default::default()
        },
        step: 0,
    };
    for m in 0..w.members.len() {
        actors::sync(&mut w, m).await?;
    }
    for step in 0..cfg.steps {
        w.step = step;
        let m = w.rng.random_range(0..w.members.len());
        actors::step(&mut w, m).await?;
    }
    w.step = cfg.steps;
    verify::settle(&mut w).await?;
    verify::check(&mut w).await?;
    w.report.elapsed = start.elapsed();
    Ok(w.report)
}

fn member(server: &TestServer, name: &str, role: Role) -> Member {
    Member {
        name: name.to_string(),
        role,
        dev: server.device(name, role),
        online: true,
    }
}
