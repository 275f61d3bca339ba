//! `onsite-reliability`: the off-CI reliability run behind
//! `make reliability` (see `docs/reliability.md`). Three parts, each
//! bounded in count and time:
//!
//! - [`kills`]: the device process and the server binary SIGKILLed inside
//!   writes, syncs and compactions, checked after every kill;
//! - [`disk_full`]: the server's data directory on a small tmpfs, filled;
//!   clear refusals, nothing changed, recovery once space returns;
//! - the seeded many-device simulation (`onsite_tests::sim`), many seeds.
//!
//! It prints one table and exits non-zero when anything acknowledged went
//! missing, a check failed or the copies did not converge.
//!
//! Layout: [`procs`] (the processes), [`check`] (reading the files),
//! [`setup`] (users, tokens and orders both loops start from), [`kills`],
//! [`disk_full`], [`table`] (the printed report).

mod check;
mod disk_full;
mod kills;
mod procs;
mod setup;
mod table;

use std::time::{Duration, Instant};

use clap::Parser;

#[derive(Parser)]
#[command(
    name = "onsite-reliability",
    about = "Kill, disk-full and simulation loops"
)]
struct Cli {
    /// Kills per side (device, server) and phase (write, sync, compaction).
    #[arg(long, default_value_t = 100)]
    kills: u32,
    /// Syncs refused while the disk is full.
    #[arg(long, default_value_t = 20)]
    faults: u32,
    /// Simulation seeds (1..=N).
    #[arg(long, default_value_t = 20)]
    seeds: u64,
    /// Simulation steps per seed.
    #[arg(long, default_value_t = 2000)]
    steps: usize,
    /// Time budget for the whole run, in minutes (each part gets a share).
    #[arg(long, default_value_t = 30)]
    minutes: u64,
    /// The kill loops' random seed.
    #[arg(long, default_value_t = 11)]
    seed: u64,
    /// Only these parts (kills, disk-full, sim); all by default.
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let wants = |p: &str| cli.only.is_empty() || cli.only.iter().any(|o| o == p);
    let start = Instant::now();
    let budget = Duration::from_secs(cli.minutes * 60);
    let mut report = table::Report::default();
    if wants("kills") {
        eprintln!("[kills] {} kills per side and phase", cli.kills);
        let cfg = kills::KillConfig {
            per_phase: cli.kills,
            budget: budget * 6 / 10,
            seed: cli.seed,
        };
        report.kills = Some(kills::run(&cfg)?);
    }
    if wants("disk-full") {
        eprintln!("[disk-full] {} refused syncs", cli.faults);
        report.disk_full = Some(disk_full::run(cli.faults, cli.seed)?);
    }
    if wants("sim") {
        let left = budget.saturating_sub(start.elapsed());
        eprintln!("[sim] {} seeds × {} steps", cli.seeds, cli.steps);
        report.sim = Some(table::sim_runs(cli.seeds, cli.steps, left));
    }
    report.elapsed = start.elapsed();
    print!("{}", report.markdown());
    if !report.ok() {
        anyhow::bail!("reliability run FAILED (see the table)");
    }
    Ok(())
}
