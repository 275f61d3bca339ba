//! The printed report: one markdown table per part, pasted as it is into
//! `docs/reliability.md`, and whether the run passed.

use std::fmt::Write;
use std::time::{Duration, Instant};

use onsite_tests::sim::{self, SimConfig, SimReport};

use crate::disk_full::DiskFullReport;
use crate::kills::{KillReport, PHASES};

/// Everything the run found.
#[derive(Default)]
pub struct Report {
    /// The kill loops.
    pub kills: Option<KillReport>,
    /// The disk-full loop.
    pub disk_full: Option<DiskFullReport>,
    /// The simulation, one entry per seed (its error when it failed).
    pub sim: Option<Vec<(u64, Result<SimReport, String>)>>,
    /// The whole run's time.
    pub elapsed: Duration,
}

/// Runs seeds 1, 2, … `seeds` of `steps` steps, while `budget` lasts.
pub fn sim_runs(
    seeds: u64,
    steps: usize,
    budget: Duration,
) -> Vec<(u64, Result<SimReport, String>)> {
    let start = Instant::now();
    let rt = crate::setup::runtime().expect("runtime");
    let mut out = Vec::new();
    for seed in 1..=seeds {
        if start.elapsed() > budget {
            break;
        }
        let cfg = SimConfig {
            seed,
            steps,
            reassign: false,
        };
        let result = rt.block_on(sim::run(&cfg)).map_err(|e| e.to_string());
        match &result {
            Ok(r) => eprintln!("[sim] seed {seed}: {}", r.summary()),
            Err(e) => eprintln!("[sim] seed {seed} FAILED: {e}"),
        }
        out.push((seed, result));
    }
    out
}

fn phase_name(i: usize) -> &'static str {
    ["write", "sync", "compaction"][i]
}

impl Report {
    /// Whether everything held.
    pub fn ok(&self) -> bool {
        let kills = self
            .kills
            .as_ref()
            .is_none_or(|k| k.missing == 0 && k.converged);
        let full = self.disk_full.as_ref().is_none_or(|d| {
            d.missing == 0 && d.changed == 0 && d.recovered && d.converged && d.refused > 0
        });
        let sim = self
            .sim
            .as_ref()
            .is_none_or(|s| s.iter().all(|(_, r)| r.is_ok()));
        kills && full && sim
    }

    /// The tables, in markdown.
    pub fn markdown(&self) -> String {
        let mut s = String::new();
        if let Some(k) = &self.kills {
            let _ = writeln!(s, "\n### Kills ({:.0} s)\n", k.elapsed.as_secs_f64());
            let _ = writeln!(s, "| process | phase | SIGKILLs inside the phase |");
            let _ = writeln!(s, "|---|---|---:|");
            for (name, counts) in [("device", k.device), ("server", k.server)] {
                for p in PHASES {
                    let i = p as usize;
                    let _ = writeln!(s, "| {name} | {} | {} |", phase_name(i), counts[i]);
                }
            }
            let _ = writeln!(
                s,
                "| either | after the phase had ended (not counted above) | {} |",
                k.late
            );
            let _ = writeln!(s);
            let folds = format!(
                "{} / {} / {}",
                k.folds_rolled_back, k.folds_committed, k.folds_not_begun
            );
            results(
                &mut s,
                "verified",
                &[
                    ("edits acknowledged by the device", k.acked.to_string()),
                    (
                        "file checks after kills and at the end",
                        k.checks.to_string(),
                    ),
                    (
                        "server compaction kills: inside the fold, rolled back / fold had committed / fold not begun",
                        folds,
                    ),
                    ("acknowledged edits missing", bold(k.missing)),
                    (
                        "device, server and office device converged",
                        bold(yes(k.converged)),
                    ),
                ],
            );
        }
        if let Some(d) = &self.disk_full {
            let _ = writeln!(s, "\n### Disk full ({} MiB tmpfs)\n", d.size_mib);
            let acked = format!("acknowledged edits ({}) missing", d.acked);
            results(
                &mut s,
                "fault / check",
                &[
                    ("syncs while full", d.attempts.to_string()),
                    ("… refused with an error", d.refused.to_string()),
                    (
                        "… accepted (room left in SQLite's pages)",
                        d.accepted.to_string(),
                    ),
                    (
                        "server killed and restarted while full / came up",
                        format!("{} / {}", d.restarts, d.restarts_up),
                    ),
                    ("refused edits found stored", bold(d.changed)),
                    (&acked, bold(d.missing)),
                    ("recovered once space returned", bold(yes(d.recovered))),
                    ("device and server converged", bold(yes(d.converged))),
                ],
            );
            let _ = writeln!(s, "\nWhat the client was told while full:\n");
            for a in &d.answers {
                let _ = writeln!(s, "- `{a}`");
            }
        }
        if let Some(runs) = &self.sim {
            let _ = writeln!(s, "\n### Simulation\n");
            let _ = writeln!(s, "{}", SimReport::header());
            for (seed, r) in runs {
                match r {
                    Ok(r) => {
                        let _ = writeln!(s, "{}", r.row());
                    }
                    Err(e) => {
                        let _ = writeln!(s, "| {seed} | FAILED: {} |", e.replace('|', "/"));
                    }
                }
            }
        }
        let _ = writeln!(
            s,
            "\nWhole run: {:.1} min, verdict **{}**.",
            self.elapsed.as_secs_f64() / 60.0,
            if self.ok() { "PASS" } else { "FAIL" }
        );
        s
    }
}

/// A two-column table headed `| {first} | result |`, a row per check.
fn results(s: &mut String, first: &str, rows: &[(&str, String)]) {
    let _ = writeln!(s, "| {first} | result |");
    let _ = writeln!(s, "|---|---:|");
    for (check, result) in rows {
        let _ = writeln!(s, "| {check} | {result} |");
    }
}

/// A result the verdict rests on, in bold.
fn bold(v: impl std::fmt::Display) -> String {
    format!("**{v}**")
}

fn yes(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "NO"
    }
}
