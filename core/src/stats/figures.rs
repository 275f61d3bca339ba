//! The figures: facts in, worded tables out — pure, no store, no clock.
//! Each figure classifies a fact by one function ([`clock_outcome`],
//! [`filing_outcome`], the scope tests of [`matches`]) used both by the
//! tables and by the drill filter ([`drill`]), so the orders a bar lists
//! are exactly the orders it counts.
//!
//! Choices: engineers are listed by display name (then user name), the
//! unassigned last; times are whole minutes (rounded) of the nearest-rank
//! median and 90th percentile of the seconds from the call to the stamp;
//! a share is `Empty` when its denominator is 0; contracts are listed by
//! their label, orders under no contract last.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Utc};

use super::facts::{CallFact, Facts, SignedFact};
use super::model::{
    Cell, ChartKind, ChartSpec, ClockOutcome, Column, Drill, FilingOutcome, Lang, Report, Row,
    StatClock, Table,
};
use super::period::{month_key_of, Period};
use super::words::{self, By};
use crate::model::{ComplaintClass, Priority};
use crate::rules::complaints::complaint_rate;
use crate::rules::sla::{clock_state, ClockState};
use crate::rules::warranty::Tier;

/// The clocks, in the report's order.
pub const CLOCKS: [StatClock; 3] = [StatClock::Response, StatClock::OnSite, StatClock::Fix];

/// How many parts `parts_top` lists.
pub const TOP_PARTS: usize = 10;

/// The names the tables show for the ids in the facts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    /// Engineer user name → display name (absent: the user name is shown).
    pub engineers: BTreeMap<String, String>,
    /// Warehouse code → name (absent: the code is shown).
    pub warehouses: BTreeMap<String, String>,
    /// Contract id → its label (absent: the id's tail is shown).
    pub contracts: BTreeMap<String, String>,
}

impl Names {
    fn engineer(&self, user: &str) -> String {
        self.engineers
            .get(user)
            .cloned()
            .unwrap_or_else(|| user.to_string())
    }

    fn warehouse(&self, code: &str) -> String {
        self.warehouses
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_string())
    }

    fn contract(&self, id: &str) -> String {
        self.contracts.get(id).cloned().unwrap_or_else(|| {
            let tail: String = id
                .chars()
                .rev()
                .take(6)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            format!("…{tail}")
        })
    }
}

// ---------------------------------------------------------------------
// Classification (shared by the tables and the drill filter)
// ---------------------------------------------------------------------

/// Where a clock due at `due` stands at `now`, done at `done` if it was:
/// `rules::sla`'s rule (deadlines inclusive).
pub fn clock_outcome(
    start: DateTime<Utc>,
    due: DateTime<Utc>,
    done: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> ClockOutcome {
    match clock_state(start, due, done, 0.0, now) {
        ClockState::Met { .. } => ClockOutcome::Met,
        ClockState::Breached { .. } => ClockOutcome::Breached,
        ClockState::Running { .. } => ClockOutcome::Running,
    }
}

/// A call's clock `c`: its deadline and stamp; `None` when the call has no
/// such clock (no visit needed: no on-site clock).
pub fn clock_of(call: &CallFact, c: StatClock) -> Option<(DateTime<Utc>, Option<DateTime<Utc>>)> {
    match c {
        StatClock::Response => Some((call.response_due, call.responded_at)),
        StatClock::OnSite => call.onsite_due.map(|d| (d, call.arrived_at)),
        StatClock::Fix => Some((call.fix_due, call.resolved_at)),
    }
}

/// The outcome of a call's clock `c` at `now` (`None`: no such clock).
pub fn call_outcome(call: &CallFact, c: StatClock, now: DateTime<Utc>) -> Option<ClockOutcome> {
    clock_of(call, c).map(|(due, done)| clock_outcome(call.reported_at, due, done, now))
}

/// Where a signed record stands against its filing deadline at `now`.
pub fn filing_outcome(s: &SignedFact, now: DateTime<Utc>) -> FilingOutcome {
    match s.filed_at {
        Some(at) if at <= s.filing_due => FilingOutcome::OnTime,
        Some(_) => FilingOutcome::Late,
        None if now > s.filing_due => FilingOutcome::Overdue,
        None => FilingOutcome::NotYetFiled,
    }
}

/// The satisfaction the tables count: 1–5, else none.
pub fn rating(s: &SignedFact) -> Option<u8> {
    s.satisfaction
        .filter(|r| (1..=5).contains(r))
        .map(|r| r as u8)
}

/// Whether an optional filter matches: `None` matches all, `Some("")`
/// the absent value, `Some(x)` exactly `x`.
fn key_matches(filter: &Option<String>, value: Option<&str>) -> bool {
    match filter {
        None => true,
        Some(f) => value.unwrap_or("") == f,
    }
}

fn eq_or_any<T: PartialEq>(filter: &Option<T>, value: T) -> bool {
    filter.as_ref().is_none_or(|f| *f == value)
}

/// What a drill selects: the work orders (ids) and, for complaints, the
/// complaints (ids), in no particular order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selected {
    pub orders: Vec<String>,
    pub complaints: Vec<String>,
}

/// The orders (or complaints) behind `drill` in `facts` at `now`.
pub fn drill(facts: &Facts, period: &Period, d: &Drill, now: DateTime<Utc>) -> Selected {
    let mut out = Selected::default();
    match d {
        Drill::Clock {
            clock,
            outcome,
            month,
            priority,
            engineer,
        } => {
            out.orders = facts
                .calls
                .iter()
                .filter(|c| {
                    let Some(o) = call_outcome(c, *clock, now) else {
                        return false;
                    };
                    eq_or_any(outcome, o)
                        && eq_or_any(priority, c.priority)
                        && key_matches(engineer, c.assignee.as_deref())
                        && month
                            .as_ref()
                            .is_none_or(|m| *m == month_key_of(c.reported_at, period.tz))
                })
                .map(|c| c.id.clone())
                .collect();
        }
        Drill::Filing { outcome, engineer } => {
            out.orders = facts
                .signed
                .iter()
                .filter(|s| {
                    eq_or_any(outcome, filing_outcome(s, now))
                        && key_matches(engineer, s.assignee.as_deref())
                })
                .map(|s| s.id.clone())
                .collect();
        }
        Drill::Satisfaction {
            rating: r,
            engineer,
        } => {
            out.orders = facts
                .signed
                .iter()
                .filter(|s| {
                    rating(s).is_some_and(|v| eq_or_any(r, v))
                        && key_matches(engineer, s.assignee.as_deref())
                })
                .map(|s| s.id.clone())
                .collect();
        }
        Drill::Charges { tier, contract } => {
            out.orders = facts
                .signed
                .iter()
                .filter(|s| {
                    s.tier.is_some_and(|t| eq_or_any(tier, t))
                        && key_matches(contract, s.contract_id.as_deref())
                })
                .map(|s| s.id.clone())
                .collect();
        }
        Drill::Parts { part_no, warehouse } => {
            let ids: BTreeSet<&str> = facts
                .parts
                .iter()
                .filter(|p| {
                    key_matches(part_no, Some(&p.part_no))
                        && key_matches(warehouse, Some(&p.warehouse))
                })
                .map(|p| p.work_order_id.as_str())
                .collect();
            out.orders = ids.into_iter().map(String::from).collect();
        }
        Drill::Complaints { class, month } => {
            out.complaints = facts
                .complaints
                .iter()
                .filter(|c| {
                    key_matches(class, Some(c.class.as_str()))
                        && month
                            .as_ref()
                            .is_none_or(|m| *m == month_key_of(c.received_at, period.tz))
                })
                .map(|c| c.id.clone())
                .collect();
        }
    }
    out
}

// ---------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------

fn columns(keys: &[&str], lang: Lang) -> Vec<Column> {
    keys.iter()
        .map(|k| Column {
            key: k.to_string(),
            label: words::column(k, lang).to_string(),
        })
        .collect()
}

fn int(n: usize) -> Cell {
    Cell::Int(n as i64)
}

fn share(part: usize, whole: usize) -> Cell {
    if whole == 0 {
        Cell::Empty
    } else {
        Cell::Share(part as f64 / whole as f64)
    }
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn row(cells: Vec<Cell>, drill: Option<Drill>, total: bool) -> Row {
    let n = cells.len();
    Row {
        cells,
        drill,
        cell_drills: vec![None; n],
        total,
    }
}

fn table(
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

fn chart(kind: ChartKind, series: &[u32]) -> ChartSpec {
    ChartSpec {
        kind,
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
struct Tally {
    met: usize,
    breached: usize,
    running: usize,
}

impl Tally {
    fn add(&mut self, o: ClockOutcome) {
        match o {
            ClockOutcome::Met => self.met += 1,
            ClockOutcome::Breached => self.breached += 1,
            ClockOutcome::Running => self.running += 1,
        }
    }
}

/// Everything one report computes over.
struct Ctx<'a> {
    facts: &'a Facts,
    period: &'a Period,
    names: &'a Names,
    now: DateTime<Utc>,
    lang: Lang,
    /// `YYYY-MM` of each call, parallel to `facts.calls`.
    call_months: Vec<String>,
}

fn clock_drill(
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
fn clock_row(first: Cell, t: Tally, base: Drill, total: bool) -> Row {
    let with = |o: ClockOutcome| match &base {
        Drill::Clock {
            clock,
            month,
            priority,
            engineer,
            ..
        } => Some(clock_drill(
            *clock,
            Some(o),
            month.clone(),
            *priority,
            engineer.clone(),
        )),
        other => Some(other.clone()),
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

impl Ctx<'_> {
    fn clock_tables(&self, c: StatClock) -> [Table; 3] {
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
        let total = |first: &str| {
            clock_row(
                text(first),
                all,
                clock_drill(c, None, None, None, None),
                true,
            )
        };
        let sla_cols =
            |first: &str| columns(&[first, "met", "breached", "running", "met_share"], lang);
        let stacked = chart(ChartKind::StackedBar, &[1, 2, 3]);

        let mut rows: Vec<Row> = self
            .period
            .months()
            .into_iter()
            .map(|m| {
                let t = by_month.get(m.as_str()).copied().unwrap_or_default();
                clock_row(
                    text(&m),
                    t,
                    clock_drill(c, None, Some(m), None, None),
                    false,
                )
            })
            .collect();
        rows.push(total(words::total(lang)));
        let month = table(
            &format!("sla_{key}_by_month"),
            "sla",
            words::clock_title(c, By::Month, lang),
            sla_cols("month"),
            rows,
            stacked.clone(),
        );

        let mut rows: Vec<Row> = Priority::ALL
            .iter()
            .map(|&p| {
                let t = by_prio.get(&p).copied().unwrap_or_default();
                clock_row(
                    text(p.as_str()),
                    t,
                    clock_drill(c, None, None, Some(p), None),
                    false,
                )
            })
            .collect();
        rows.push(total(words::total(lang)));
        let prio = table(
            &format!("sla_{key}_by_priority"),
            "sla",
            words::clock_title(c, By::Priority, lang),
            sla_cols("priority"),
            rows,
            stacked.clone(),
        );

        let engineers = engineer_order(self.names, by_eng.keys().copied());
        let mut rows: Vec<Row> = engineers
            .iter()
            .map(|e| {
                let t = by_eng.get(&e.as_deref()).copied().unwrap_or_default();
                clock_row(
                    engineer_cell(self.names, e, lang),
                    t,
                    clock_drill(c, None, None, None, engineer_key(e)),
                    false,
                )
            })
            .collect();
        rows.push(total(words::total(lang)));
        let eng = table(
            &format!("sla_{key}_by_engineer"),
            "sla",
            words::clock_title(c, By::Engineer, lang),
            sla_cols("engineer"),
            rows,
            stacked,
        );
        [month, prio, eng]
    }

    fn times_table(&self) -> Table {
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
                row(
                    vec![
                        text(words::time_to(c, lang)),
                        int(secs.len()),
                        minutes(0.5),
                        minutes(0.9),
                    ],
                    Some(clock_drill(c, None, None, None, None)),
                    false,
                )
            })
            .collect();
        table(
            "sla_times",
            "sla",
            words::title("sla_times", lang).into(),
            columns(&["clock", "done", "median", "p90"], lang),
            rows,
            chart(ChartKind::Bar, &[2, 3]),
        )
    }

    fn filing_table(&self) -> Table {
        let lang = self.lang;
        let mut by_eng: HashMap<Option<&str>, [usize; 4]> = HashMap::new();
        let mut all = [0usize; 4];
        for s in &self.facts.signed {
            let i = filing_index(filing_outcome(s, self.now));
            by_eng.entry(s.assignee.as_deref()).or_default()[i] += 1;
            all[i] += 1;
        }
        let make = |first: Cell, n: [usize; 4], engineer: Option<String>, total: bool| {
            let d = |o: Option<FilingOutcome>| Drill::Filing {
                outcome: o,
                engineer: engineer.clone(),
            };
            let judged = n[0] + n[1] + n[2];
            Row {
                cells: vec![
                    first,
                    int(n[0]),
                    int(n[1]),
                    int(n[2]),
                    int(n[3]),
                    share(n[0], judged),
                ],
                drill: Some(d(None)),
                cell_drills: vec![
                    None,
                    Some(d(Some(FilingOutcome::OnTime))),
                    Some(d(Some(FilingOutcome::Late))),
                    Some(d(Some(FilingOutcome::Overdue))),
                    Some(d(Some(FilingOutcome::NotYetFiled))),
                    None,
                ],
                total,
            }
        };
        let mut rows: Vec<Row> = engineer_order(self.names, by_eng.keys().copied())
            .iter()
            .map(|e| {
                let n = by_eng.get(&e.as_deref()).copied().unwrap_or_default();
                make(
                    engineer_cell(self.names, e, lang),
                    n,
                    engineer_key(e),
                    false,
                )
            })
            .collect();
        rows.push(make(text(words::total(lang)), all, None, true));
        table(
            "filing_by_engineer",
            "filing",
            words::title("filing_by_engineer", lang).into(),
            columns(
                &[
                    "engineer",
                    "on_time",
                    "late",
                    "overdue",
                    "not_yet_filed",
                    "on_time_share",
                ],
                lang,
            ),
            rows,
            chart(ChartKind::StackedBar, &[1, 2, 3, 4]),
        )
    }

    fn complaint_tables(&self) -> [Table; 2] {
        let lang = self.lang;
        let tz = self.period.tz;
        let complaints = &self.facts.complaints;
        let mut rows: Vec<Row> = ComplaintClass::ALL
            .iter()
            .map(|&k| {
                let n = complaints.iter().filter(|c| c.class == k).count();
                row(
                    vec![text(words::class(k, lang)), int(n)],
                    Some(Drill::Complaints {
                        class: Some(k.as_str().to_string()),
                        month: None,
                    }),
                    false,
                )
            })
            .collect();
        rows.push(row(
            vec![text(words::total(lang)), int(complaints.len())],
            Some(Drill::Complaints {
                class: None,
                month: None,
            }),
            true,
        ));
        let by_class = table(
            "complaints_by_class",
            "complaints",
            words::title("complaints_by_class", lang).into(),
            columns(&["class", "complaints"], lang),
            rows,
            chart(ChartKind::Bar, &[1]),
        );

        let mut received: HashMap<String, usize> = HashMap::new();
        for c in complaints {
            *received.entry(month_key_of(c.received_at, tz)).or_default() += 1;
        }
        let mut closed: HashMap<String, usize> = HashMap::new();
        for &at in &self.facts.closed {
            *closed.entry(month_key_of(at, tz)).or_default() += 1;
        }
        let rate = |n: usize, k: usize| match complaint_rate(n as u32, k as u32) {
            Some(r) => Cell::Share(r),
            None => Cell::Empty,
        };
        let mut rows: Vec<Row> = self
            .period
            .months()
            .into_iter()
            .map(|m| {
                let (n, k) = (
                    received.get(&m).copied().unwrap_or(0),
                    closed.get(&m).copied().unwrap_or(0),
                );
                row(
                    vec![text(&m), int(n), int(k), rate(n, k)],
                    Some(Drill::Complaints {
                        class: None,
                        month: Some(m),
                    }),
                    false,
                )
            })
            .collect();
        let (n, k) = (complaints.len(), self.facts.closed.len());
        rows.push(row(
            vec![text(words::total(lang)), int(n), int(k), rate(n, k)],
            Some(Drill::Complaints {
                class: None,
                month: None,
            }),
            true,
        ));
        let by_month = table(
            "complaints_by_month",
            "complaints",
            words::title("complaints_by_month", lang).into(),
            columns(&["month", "complaints", "closed_orders", "rate"], lang),
            rows,
            chart(ChartKind::Bar, &[1, 2]),
        );
        [by_class, by_month]
    }

    fn satisfaction_tables(&self) -> [Table; 2] {
        let lang = self.lang;
        let rated: Vec<(&SignedFact, u8)> = self
            .facts
            .signed
            .iter()
            .filter_map(|s| rating(s).map(|r| (s, r)))
            .collect();
        let n = rated.len();
        let mut rows: Vec<Row> = (1..=5u8)
            .map(|r| {
                let k = rated.iter().filter(|(_, v)| *v == r).count();
                row(
                    vec![text(r.to_string()), int(k), share(k, n)],
                    Some(Drill::Satisfaction {
                        rating: Some(r),
                        engineer: None,
                    }),
                    false,
                )
            })
            .collect();
        rows.push(row(
            vec![text(words::total(lang)), int(n), share(n, n)],
            Some(Drill::Satisfaction {
                rating: None,
                engineer: None,
            }),
            true,
        ));
        let dist = table(
            "satisfaction_distribution",
            "satisfaction",
            words::title("satisfaction_distribution", lang).into(),
            columns(&["rating", "orders", "share"], lang),
            rows,
            chart(ChartKind::Bar, &[1]),
        );

        let mut by_eng: HashMap<Option<&str>, (usize, u64)> = HashMap::new();
        for (s, r) in &rated {
            let e = by_eng.entry(s.assignee.as_deref()).or_default();
            e.0 += 1;
            e.1 += u64::from(*r);
        }
        let average = |(k, sum): (usize, u64)| {
            if k == 0 {
                Cell::Empty
            } else {
                Cell::Decimal((sum as f64 / k as f64 * 100.0).round() / 100.0)
            }
        };
        let mut rows: Vec<Row> = engineer_order(self.names, by_eng.keys().copied())
            .iter()
            .map(|e| {
                let v = by_eng.get(&e.as_deref()).copied().unwrap_or_default();
                row(
                    vec![engineer_cell(self.names, e, lang), int(v.0), average(v)],
                    Some(Drill::Satisfaction {
                        rating: None,
                        engineer: engineer_key(e),
                    }),
                    false,
                )
            })
            .collect();
        let sum: u64 = rated.iter().map(|(_, r)| u64::from(*r)).sum();
        rows.push(row(
            vec![text(words::total(lang)), int(n), average((n, sum))],
            Some(Drill::Satisfaction {
                rating: None,
                engineer: None,
            }),
            true,
        ));
        let by_eng = table(
            "satisfaction_by_engineer",
            "satisfaction",
            words::title("satisfaction_by_engineer", lang).into(),
            columns(&["engineer", "orders", "average"], lang),
            rows,
            chart(ChartKind::Bar, &[2]),
        );
        [dist, by_eng]
    }

    fn charge_tables(&self) -> [Table; 2] {
        let lang = self.lang;
        let charged: Vec<(&SignedFact, Tier)> = self
            .facts
            .signed
            .iter()
            .filter_map(|s| s.tier.map(|t| (s, t)))
            .collect();
        let fen = |s: &SignedFact| s.charge_fen.unwrap_or(0);
        let all_fen: i64 = charged.iter().map(|(s, _)| fen(s)).sum();
        let total_drill = Drill::Charges {
            tier: None,
            contract: None,
        };
        let mut rows: Vec<Row> = Tier::ALL
            .iter()
            .map(|&t| {
                let these: Vec<&SignedFact> = charged
                    .iter()
                    .filter(|(_, k)| *k == t)
                    .map(|(s, _)| *s)
                    .collect();
                row(
                    vec![
                        text(words::tier(t, lang)),
                        int(these.len()),
                        Cell::Fen(these.iter().map(|s| fen(s)).sum()),
                    ],
                    Some(Drill::Charges {
                        tier: Some(t),
                        contract: None,
                    }),
                    false,
                )
            })
            .collect();
        rows.push(row(
            vec![
                text(words::total(lang)),
                int(charged.len()),
                Cell::Fen(all_fen),
            ],
            Some(total_drill.clone()),
            true,
        ));
        let by_tier = table(
            "charges_by_tier",
            "charges",
            words::title("charges_by_tier", lang).into(),
            columns(&["tier", "orders", "total"], lang),
            rows,
            chart(ChartKind::Bar, &[2]),
        );

        let mut by_contract: HashMap<Option<&str>, (usize, i64)> = HashMap::new();
        for (s, _) in &charged {
            let e = by_contract.entry(s.contract_id.as_deref()).or_default();
            e.0 += 1;
            e.1 += fen(s);
        }
        let mut named: Vec<(String, &str)> = by_contract
            .keys()
            .flatten()
            .map(|id| (self.names.contract(id), *id))
            .collect();
        named.sort();
        let mut keys: Vec<Option<&str>> = named.into_iter().map(|(_, id)| Some(id)).collect();
        if by_contract.contains_key(&None) {
            keys.push(None);
        }
        let mut rows: Vec<Row> = keys
            .into_iter()
            .map(|k| {
                let (n, sum) = by_contract[&k];
                let label = match k {
                    Some(id) => self.names.contract(id),
                    None => words::no_contract(lang).to_string(),
                };
                row(
                    vec![text(label), int(n), Cell::Fen(sum)],
                    Some(Drill::Charges {
                        tier: None,
                        contract: Some(k.unwrap_or("").to_string()),
                    }),
                    false,
                )
            })
            .collect();
        rows.push(row(
            vec![
                text(words::total(lang)),
                int(charged.len()),
                Cell::Fen(all_fen),
            ],
            Some(total_drill),
            true,
        ));
        let by_contract = table(
            "charges_by_contract",
            "charges",
            words::title("charges_by_contract", lang).into(),
            columns(&["contract", "orders", "total"], lang),
            rows,
            chart(ChartKind::Bar, &[2]),
        );
        [by_tier, by_contract]
    }

    fn part_tables(&self) -> [Table; 2] {
        let lang = self.lang;
        let mut by_part: BTreeMap<&str, PartTally<'_>> = BTreeMap::new();
        let mut by_wh: BTreeMap<&str, (i64, usize)> = BTreeMap::new();
        for p in &self.facts.parts {
            let e = by_part.entry(p.part_no.as_str()).or_insert(PartTally {
                name: p.name.as_str(),
                used: 0,
                orders: BTreeSet::new(),
            });
            e.used += p.used;
            e.orders.insert(p.work_order_id.as_str());
            let w = by_wh.entry(p.warehouse.as_str()).or_default();
            w.0 += p.used;
            w.1 += 1;
        }
        let mut top: Vec<(&str, &PartTally<'_>)> = by_part.iter().map(|(k, v)| (*k, v)).collect();
        top.sort_by(|a, b| b.1.used.cmp(&a.1.used).then(a.0.cmp(b.0)));
        let rows = top
            .into_iter()
            .take(TOP_PARTS)
            .map(|(no, t)| {
                row(
                    vec![
                        text(no),
                        text(t.name),
                        Cell::Int(t.used),
                        int(t.orders.len()),
                    ],
                    Some(Drill::Parts {
                        part_no: Some(no.to_string()),
                        warehouse: None,
                    }),
                    false,
                )
            })
            .collect();
        let top = table(
            "parts_top",
            "parts",
            words::title("parts_top", lang).into(),
            columns(&["part_no", "name", "used", "orders"], lang),
            rows,
            chart(ChartKind::Bar, &[2]),
        );

        let mut named: Vec<(String, &str)> = by_wh
            .keys()
            .map(|w| (self.names.warehouse(w), *w))
            .collect();
        named.sort();
        let mut rows: Vec<Row> = named
            .into_iter()
            .map(|(name, code)| {
                let (used, lines) = by_wh[code];
                row(
                    vec![text(name), Cell::Int(used), int(lines)],
                    Some(Drill::Parts {
                        part_no: None,
                        warehouse: Some(code.to_string()),
                    }),
                    false,
                )
            })
            .collect();
        rows.push(row(
            vec![
                text(words::total(lang)),
                Cell::Int(by_wh.values().map(|v| v.0).sum()),
                int(self.facts.parts.len()),
            ],
            Some(Drill::Parts {
                part_no: None,
                warehouse: None,
            }),
            true,
        ));
        let by_wh = table(
            "parts_by_warehouse",
            "parts",
            words::title("parts_by_warehouse", lang).into(),
            columns(&["warehouse", "used", "lines"], lang),
            rows,
            chart(ChartKind::Bar, &[1]),
        );
        [top, by_wh]
    }
}

/// One part's use in the period: its name, pieces used, the orders.
struct PartTally<'a> {
    name: &'a str,
    used: i64,
    orders: BTreeSet<&'a str>,
}

fn filing_index(o: FilingOutcome) -> usize {
    match o {
        FilingOutcome::OnTime => 0,
        FilingOutcome::Late => 1,
        FilingOutcome::Overdue => 2,
        FilingOutcome::NotYetFiled => 3,
    }
}

/// The nearest-rank `q` quantile (0 < q ≤ 1) of sorted `v`: the value at
/// rank ⌈q·n⌉; `None` when `v` is empty.
pub fn nearest_rank(v: &[i64], q: f64) -> Option<i64> {
    if v.is_empty() {
        return None;
    }
    let rank = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len());
    Some(v[rank - 1])
}

/// Every table of a report, in the report's order (see the contract):
/// the clocks' by-month, by-priority and by-engineer tables, the times,
/// filing, complaints, satisfaction, charges, parts.
pub fn tables(
    facts: &Facts,
    period: &Period,
    names: &Names,
    now: DateTime<Utc>,
    lang: Lang,
) -> Vec<Table> {
    let ctx = Ctx {
        facts,
        period,
        names,
        now,
        lang,
        call_months: facts
            .calls
            .iter()
            .map(|c| month_key_of(c.reported_at, period.tz))
            .collect(),
    };
    let mut out = Vec::with_capacity(20);
    for c in CLOCKS {
        out.extend(ctx.clock_tables(c));
    }
    out.push(ctx.times_table());
    out.push(ctx.filing_table());
    out.extend(ctx.complaint_tables());
    out.extend(ctx.satisfaction_tables());
    out.extend(ctx.charge_tables());
    out.extend(ctx.part_tables());
    out
}

/// The report of `period` in `lang`, computed at `now`.
pub fn report(
    facts: &Facts,
    period: &Period,
    names: &Names,
    now: DateTime<Utc>,
    lang: Lang,
) -> Report {
    Report {
        period: period.spec.clone(),
        period_label: period.label(lang),
        from: period.from.into(),
        to: period.to.into(),
        computed_at: now.into(),
        lang,
        tables: tables(facts, period, names, now, lang),
    }
}
