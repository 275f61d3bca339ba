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
//!
//! Layout: this file holds the classification, the drill filter and the
//! report's assembly; `cells` the builders every table shares (cells,
//! rows, columns, the computing context); `sla`, `filing`, `complaints`,
//! `satisfaction`, `charges` and `parts` one section's tables each.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use super::facts::{CallFact, Facts, SignedFact};
use super::model::{ClockOutcome, Drill, FilingOutcome, Lang, Report, StatClock, Table};
use super::period::{month_key_of, Period};
use crate::rules::sla::{clock_state, ClockState};

mod cells;
mod charges;
mod complaints;
mod filing;
mod parts;
mod satisfaction;
mod sla;

use cells::Ctx;

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
        self.contracts
            .get(id)
            .cloned()
            .unwrap_or_else(|| format!("…{}", id_tail(id)))
    }
}

/// The last six characters of a document id: how a contract with no number
/// (or not on this device) is named.
pub fn id_tail(id: &str) -> String {
    let start = id.char_indices().rev().nth(5).map_or(0, |(i, _)| i);
    id[start..].to_string()
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
            out.orders = signed_where(facts, |s| {
                eq_or_any(outcome, filing_outcome(s, now))
                    && key_matches(engineer, s.assignee.as_deref())
            });
        }
        Drill::Satisfaction {
            rating: r,
            engineer,
        } => {
            out.orders = signed_where(facts, |s| {
                rating(s).is_some_and(|v| eq_or_any(r, v))
                    && key_matches(engineer, s.assignee.as_deref())
            });
        }
        Drill::Charges { tier, contract } => {
            out.orders = signed_where(facts, |s| {
                s.tier.is_some_and(|t| eq_or_any(tier, t))
                    && key_matches(contract, s.contract_id.as_deref())
            });
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

/// The ids of the signed records `keep` selects.
fn signed_where(facts: &Facts, keep: impl Fn(&SignedFact) -> bool) -> Vec<String> {
    facts
        .signed
        .iter()
        .filter(|s| keep(s))
        .map(|s| s.id.clone())
        .collect()
}

// ---------------------------------------------------------------------
// Tables (each section's in its own file)
// ---------------------------------------------------------------------

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
