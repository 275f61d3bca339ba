//! The service-level section: each clock's met / breached / running
//! tables by month, priority and engineer, and the times-to-done table.

use std::collections::HashMap;

use super::cells::{bars, clock_drill, clock_row, int, row, stacked, text, Ctx, Tally};
use super::{call_outcome, clock_of, nearest_rank, CLOCKS};
use crate::model::Priority;
use crate::stats::model::{Cell, ClockOutcome, Row, StatClock, Table};
use crate::stats::words::{self, By};

impl Ctx<'_> {
    pub(super) fn clock_tables(&self, c: StatClock) -> [Table; 3] {
        let lang = self.lang;
        let key = words::clock_key(c);
        let outcomes: Vec<Option<ClockOutcome>> = self
            .facts
            .calls
            .iter()
            .map(|call| call_outcome(call, c, self.now))
            .collect();
        let mut all = Tally::default();
        let mut by_month: HashMap<&str, Tally> = HashMap::new();
        let mut by_prio: HashMap<Priority, Tally> = HashMap::new();
        let mut by_eng: HashMap<Option<&str>, Tally> = HashMap::new();
        for ((call, o), m) in self
            .facts
            .calls
            .iter()
            .zip(&outcomes)
            .zip(&self.call_months)
        {
            let Some(o) = *o else { continue };
            all.add(o);
            by_month.entry(m.as_str()).or_default().add(o);
            by_prio.entry(call.priority).or_default().add(o);
            by_eng.entry(call.assignee.as_deref()).or_default().add(o);
        }
        // One table per grouping, each ending on the clock's total.
        let by_table = |by: By, first: &str, mut rows: Vec<Row>| {
            let everything = clock_drill(c, None, None, None);
            rows.push(clock_row(text(words::total(lang)), all, everything, true));
            self.titled_table(
                &format!("sla_{key}_by_{first}"),
                words::clock_title(c, by, lang),
                &[first, "met", "breached", "running", "met_share"],
                rows,
                stacked(&[1, 2, 3]),
            )
        };

        let months = self
            .period
            .months()
            .into_iter()
            .map(|m| {
                let t = by_month.get(m.as_str()).copied().unwrap_or_default();
                clock_row(text(&m), t, clock_drill(c, Some(m), None, None), false)
            })
            .collect();
        let priorities = Priority::ALL
            .iter()
            .map(|&p| {
                let t = by_prio.get(&p).copied().unwrap_or_default();
                clock_row(
                    text(p.as_str()),
                    t,
                    clock_drill(c, None, Some(p), None),
                    false,
                )
            })
            .collect();
        let engineers = self.engineer_rows(&by_eng, |name, engineer, t| {
            clock_row(name, t, clock_drill(c, None, None, engineer), false)
        });
        [
            by_table(By::Month, "month", months),
            by_table(By::Priority, "priority", priorities),
            by_table(By::Engineer, "engineer", engineers),
        ]
    }

    pub(super) fn times_table(&self) -> Table {
        let lang = self.lang;
        let rows = CLOCKS
            .iter()
            .map(|&c| {
                let mut secs: Vec<i64> = self
                    .facts
                    .calls
                    .iter()
                    .filter_map(|call| {
                        let (_, done) = clock_of(call, c)?;
                        done.map(|d| (d - call.reported_at).num_seconds().max(0))
                    })
                    .collect();
                secs.sort_unstable();
                let minutes = |q: f64| match nearest_rank(&secs, q) {
                    Some(s) => Cell::Minutes((s + 30) / 60),
                    None => Cell::Empty,
                };
                let cells = vec![
                    text(words::time_to(c, lang)),
                    int(secs.len()),
                    minutes(0.5),
                    minutes(0.9),
                ];
                row(cells, clock_drill(c, None, None, None))
            })
            .collect();
        let columns = ["clock", "done", "median", "p90"];
        self.table("sla_times", &columns, rows, bars(&[2, 3]))
    }
}
