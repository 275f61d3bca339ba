//! The builders the section tables share: cells, rows, columns, tables
//! and charts, the engineers' order and cells, the clock tables' rows and
//! drills, and the [`Ctx`] every section computes over.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use super::Names;
use crate::model::Priority;
use crate::stats::facts::Facts;
use crate::stats::model::{
    Cell, ChartKind, ChartSpec, ClockOutcome, Column, Drill, Lang, Row, StatClock, Table,
};
use crate::stats::period::Period;
use crate::stats::words;

pub(super) fn columns(keys: &[&str], lang: Lang) -> Vec<Column> {
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

pub(super) fn row(cells: Vec<Cell>, drill: Option<Drill>, total: bool) -> Row {
    let n = cells.len();
    Row {
        cells,
        drill,
        cell_drills: vec![None; n],
        total,
    }
}

pub(super) fn table(
    id: &str,
    section: &str,
    title: String,
    cols: Vec<Column>,
    rows: Vec<Row>,
    chart: ChartSpec,
) -> Table {
    Table {
        id: id.to_string(),
        section: section.to_string(),
        title,
        columns: cols,
        rows,
        chart: Some(chart),
    }
}

pub(super) fn chart(kind: ChartKind, series: &[u32]) -> ChartSpec {
    ChartSpec {
        kind,
        series: series.to_vec(),
    }
}

/// Engineers in the order the tables list them: by display name, then
/// user name; the unassigned (`None`) last.
pub(super) fn engineer_order<'a>(
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

pub(super) fn engineer_cell(names: &Names, user: &Option<String>, lang: Lang) -> Cell {
    match user {
        Some(u) => text(names.engineer(u)),
        None => text(words::unassigned(lang)),
    }
}

/// The drill key of an engineer: the user name, `""` for the unassigned.
pub(super) fn engineer_key(user: &Option<String>) -> Option<String> {
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

pub(super) fn clock_drill(
    clock: StatClock,
    outcome: Option<ClockOutcome>,
    month: Option<String>,
    priority: Option<Priority>,
    engineer: Option<String>,
) -> Drill {
    Drill::Clock {
        clock,
        outcome,
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
