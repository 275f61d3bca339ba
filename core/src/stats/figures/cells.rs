//! The builders the section tables share: cells, rows and total rows,
//! tables titled by their id and their charts, the engineers' rows (their
//! order and cells), the clock tables' rows and drills, and the [`Ctx`]
//! every section computes over.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};

use super::Names;
use crate::model::Priority;
use crate::stats::facts::Facts;
use crate::stats::model::{
    Cell, ChartKind, ChartSpec, ClockOutcome, Column, Drill, Lang, Row, StatClock, Table,
};
use crate::stats::period::Period;
use crate::stats::words;

fn columns(keys: &[&str], lang: Lang) -> Vec<Column> {
    keys.iter()
        .map(|k| Column {
            key: k.to_string(),
            label: words::column(k, lang).to_string(),
        })
        .collect()
}

pub(super) fn int(n: usize) -> Cell {
    Cell::Int(n as i64)
}

pub(super) fn share(part: usize, whole: usize) -> Cell {
    if whole == 0 {
        Cell::Empty
    } else {
        Cell::Share(part as f64 / whole as f64)
    }
}

pub(super) fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// A row (not the total) and what a click on it lists.
pub(super) fn row(cells: Vec<Cell>, drill: Drill) -> Row {
    let n = cells.len();
    Row {
        cells,
        drill: Some(drill),
        cell_drills: vec![None; n],
        total: false,
    }
}

/// Bars side by side: one per row and series (`series`: column indexes).
pub(super) fn bars(series: &[u32]) -> ChartSpec {
    ChartSpec {
        kind: ChartKind::Bar,
        series: series.to_vec(),
    }
}

/// One bar per row, the series stacked.
pub(super) fn stacked(series: &[u32]) -> ChartSpec {
    ChartSpec {
        kind: ChartKind::StackedBar,
        series: series.to_vec(),
    }
}

/// Engineers in the order the tables list them: by display name, then
/// user name; the unassigned (`None`) last.
fn engineer_order<'a>(
    names: &Names,
    users: impl Iterator<Item = Option<&'a str>>,
) -> Vec<Option<String>> {
    let set: BTreeSet<Option<&str>> = users.collect();
    let mut named: Vec<(String, String)> = set
        .iter()
        .flatten()
        .map(|u| (names.engineer(u), u.to_string()))
        .collect();
    named.sort();
    let mut out: Vec<Option<String>> = named.into_iter().map(|(_, u)| Some(u)).collect();
    if set.contains(&None) {
        out.push(None);
    }
    out
}

fn engineer_cell(names: &Names, user: &Option<String>, lang: Lang) -> Cell {
    match user {
        Some(u) => text(names.engineer(u)),
        None => text(words::unassigned(lang)),
    }
}

/// The drill key of an engineer: the user name, `""` for the unassigned.
fn engineer_key(user: &Option<String>) -> Option<String> {
    Some(user.clone().unwrap_or_default())
}

/// Met / breached / running counts.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Tally {
    met: usize,
    breached: usize,
    running: usize,
}

impl Tally {
    pub(super) fn add(&mut self, o: ClockOutcome) {
        match o {
            ClockOutcome::Met => self.met += 1,
            ClockOutcome::Breached => self.breached += 1,
            ClockOutcome::Running => self.running += 1,
        }
    }
}

/// Everything one report computes over.
pub(super) struct Ctx<'a> {
    pub(super) facts: &'a Facts,
    pub(super) period: &'a Period,
    pub(super) names: &'a Names,
    pub(super) now: DateTime<Utc>,
    pub(super) lang: Lang,
    /// `YYYY-MM` of each call, parallel to `facts.calls`.
    pub(super) call_months: Vec<String>,
}

impl Ctx<'_> {
    /// Table `id`, titled by its id (`words::title`).
    pub(super) fn table(&self, id: &str, keys: &[&str], rows: Vec<Row>, chart: ChartSpec) -> Table {
        self.titled_table(id, words::title(id, self.lang).into(), keys, rows, chart)
    }

    /// Table `id` titled `title`, its columns the worded `keys`. Its
    /// section is the id's first word: `sla_times` is in `sla`.
    pub(super) fn titled_table(
        &self,
        id: &str,
        title: String,
        keys: &[&str],
        rows: Vec<Row>,
        chart: ChartSpec,
    ) -> Table {
        let section = id.split('_').next().unwrap_or(id);
        Table {
            id: id.to_string(),
            section: section.to_string(),
            title,
            columns: columns(keys, self.lang),
            rows,
            chart: Some(chart),
        }
    }

    /// The total row: "Total", then `cells`; a click lists `drill` (all
    /// the table counts).
    pub(super) fn total_row(&self, cells: Vec<Cell>, drill: Drill) -> Row {
        let first = text(words::total(self.lang));
        Row {
            total: true,
            ..row([vec![first], cells].concat(), drill)
        }
    }

    /// One row per engineer of `by_eng` in the tables' order (see
    /// [`engineer_order`]): `make(the engineer's cell, the engineer's drill
    /// key, what `by_eng` holds for them)`.
    pub(super) fn engineer_rows<V: Copy + Default>(
        &self,
        by_eng: &HashMap<Option<&str>, V>,
        make: impl Fn(Cell, Option<String>, V) -> Row,
    ) -> Vec<Row> {
        engineer_order(self.names, by_eng.keys().copied())
            .iter()
            .map(|e| {
                let v = by_eng.get(&e.as_deref()).copied().unwrap_or_default();
                make(engineer_cell(self.names, e, self.lang), engineer_key(e), v)
            })
            .collect()
    }
}

/// What a clock table's row lists: its clock's orders of `month`,
/// `priority` and `engineer` (`None`: any), whatever their outcome.
pub(super) fn clock_drill(
    clock: StatClock,
    month: Option<String>,
    priority: Option<Priority>,
    engineer: Option<String>,
) -> Drill {
    Drill::Clock {
        clock,
        outcome: None,
        month,
        priority,
        engineer,
    }
}

/// One row of a clock table: `first` names it, `base` is its drill
/// (outcome `None`), each count cell drills to its outcome.
pub(super) fn clock_row(first: Cell, t: Tally, base: Drill, total: bool) -> Row {
    let with = |o: ClockOutcome| {
        let mut d = base.clone();
        if let Drill::Clock { outcome, .. } = &mut d {
            *outcome = Some(o);
        }
        Some(d)
    };
    let cells = vec![
        first,
        int(t.met),
        int(t.breached),
        int(t.running),
        share(t.met, t.met + t.breached),
    ];
    Row {
        cell_drills: vec![
            None,
            with(ClockOutcome::Met),
            with(ClockOutcome::Breached),
            with(ClockOutcome::Running),
            None,
        ],
        cells,
        drill: Some(base),
        total,
    }
}
