//! The three service-level clocks of a work order: respond within 1 hour,
//! be on site within 24 hours (when a visit is needed), fix by the end of the
//! 2nd working day after the day of the call. Also whether the office must
//! be prompted to issue loaner equipment 备用机.
//!
//! All clocks start at `reported_at` and run around the clock. `due_at` is
//! the deadline, and acting up to and including it is in time: a clock is
//! met when its event happened at or before `due_at` (responding at exactly
//! 60:00 is in time, a second later is late; for the fix clock `due_at` is
//! the next local midnight, so anything on the last working day is in
//! time), and an open clock runs until `due_at` and is breached after it
//! (see `docs/decisions.md`, "Deadlines are inclusive"). The fix
//! deadline's working days are the calendar days of `cfg.tz`, not of UTC.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::localtime::{end_of_day, local_date};
use super::RulesConfig;

/// Allowance of the response clock.
pub const RESPONSE_WITHIN: Duration = Duration::hours(1);
/// Allowance of the on-site clock.
pub const ON_SITE_WITHIN: Duration = Duration::hours(24);
/// Working days allowed for the fix, the day of the call not counted.
pub const FIX_WORKING_DAYS: u32 = 2;

/// What a work order's timeline says about its clocks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SlaInput {
    /// The call time; every clock starts here.
    #[ts(type = "string")]
    pub reported_at: DateTime<Utc>,
    #[ts(type = "string | null")]
    pub responded_at: Option<DateTime<Utc>>,
    #[ts(type = "string | null")]
    pub arrived_at: Option<DateTime<Utc>>,
    #[ts(type = "string | null")]
    pub resolved_at: Option<DateTime<Utc>>,
    /// Whether an on-site visit is needed (else there is no on-site clock).
    pub visit_needed: bool,
    /// Whether loaner equipment has been issued.
    pub loaner_issued: bool,
}

/// Which clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ClockKind {
    Response,
    OnSite,
    Fix,
}

/// Where a clock stands at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
#[ts(export)]
pub enum ClockState {
    /// Not done yet, and `due_at` not yet passed (`now <= due_at`).
    Running {
        /// Seconds until `due_at`.
        remaining_secs: i64,
        /// Less than the configured share of the allowance is left.
        due_soon: bool,
    },
    /// Done in time (at or before `due_at`).
    Met {
        #[ts(type = "string")]
        at: DateTime<Utc>,
        /// Seconds to spare before `due_at`.
        margin_secs: i64,
    },
    /// Late: done after `due_at` (`done_at` set) or still not done after it.
    Breached {
        /// Seconds past `due_at`, at `done_at` or else at `now`.
        overdue_secs: i64,
        #[ts(type = "string | null")]
        done_at: Option<DateTime<Utc>>,
    },
}

/// One clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Clock {
    pub kind: ClockKind,
    /// The deadline: in time up to and including it.
    #[ts(type = "string")]
    pub due_at: DateTime<Utc>,
    pub state: ClockState,
}

impl Clock {
    /// Whether this clock is breached (done late or overdue).
    pub fn is_breached(&self) -> bool {
        matches!(self.state, ClockState::Breached { .. })
    }
}

/// All clocks of one work order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SlaReport {
    pub response: Clock,
    /// Present only when a visit is needed.
    pub on_site: Option<Clock>,
    pub fix: Clock,
    /// Prompt the office to issue loaner equipment: the fix is overdue, not
    /// yet resolved, and no loaner has been issued.
    pub loaner_prompt: bool,
}

/// The fix deadline: the end (next local midnight) of the 2nd working day
/// after the local day of `reported_at`.
pub fn fix_due_at(reported_at: DateTime<Utc>, cfg: &RulesConfig) -> DateTime<Utc> {
    let call_day = local_date(reported_at, cfg.tz);
    let last_day = cfg
        .calendar
        .nth_working_day_after(call_day, FIX_WORKING_DAYS);
    end_of_day(last_day, cfg.tz)
}

/// Compute every clock of a work order at `now`.
pub fn sla_report(input: &SlaInput, cfg: &RulesConfig, now: DateTime<Utc>) -> SlaReport {
    let start = input.reported_at;
    let clock = |kind, due_at, done_at| Clock {
        kind,
        due_at,
        state: clock_state(start, due_at, done_at, cfg.due_soon_share, now),
    };
    let response = clock(
        ClockKind::Response,
        start + RESPONSE_WITHIN,
        input.responded_at,
    );
    let on_site = input
        .visit_needed
        .then(|| clock(ClockKind::OnSite, start + ON_SITE_WITHIN, input.arrived_at));
    let fix = clock(ClockKind::Fix, fix_due_at(start, cfg), input.resolved_at);
    let loaner_prompt =
        matches!(fix.state, ClockState::Breached { done_at: None, .. }) && !input.loaner_issued;
    SlaReport {
        response,
        on_site,
        fix,
        loaner_prompt,
    }
}

pub(crate) fn clock_state(
    start: DateTime<Utc>,
    due_at: DateTime<Utc>,
    done_at: Option<DateTime<Utc>>,
    due_soon_share: f64,
    now: DateTime<Utc>,
) -> ClockState {
    match done_at {
        Some(at) if at <= due_at => ClockState::Met {
            at,
            margin_secs: (due_at - at).num_seconds(),
        },
        Some(at) => ClockState::Breached {
            overdue_secs: (at - due_at).num_seconds(),
            done_at,
        },
        None if now <= due_at => {
            let remaining_secs = (due_at - now).num_seconds();
            let allowance = (due_at - start).num_seconds() as f64;
            let due_soon = (remaining_secs as f64) < due_soon_share * allowance;
            ClockState::Running {
                remaining_secs,
                due_soon,
            }
        }
        None => ClockState::Breached {
            overdue_secs: (now - due_at).num_seconds(),
            done_at: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::calendar::china_2026_national_day;
    use crate::testing::instant as utc;

    /// Asia/Shanghai wall-clock time (UTC+8) as a UTC instant.
    fn cst(s: &str) -> DateTime<Utc> {
        utc(&format!("{s}+08:00"))
    }
    fn running(remaining_secs: i64, due_soon: bool) -> ClockState {
        ClockState::Running {
            remaining_secs,
            due_soon,
        }
    }
    fn met(at: DateTime<Utc>, margin_secs: i64) -> ClockState {
        ClockState::Met { at, margin_secs }
    }
    fn breached(overdue_secs: i64, done_at: Option<DateTime<Utc>>) -> ClockState {
        ClockState::Breached {
            overdue_secs,
            done_at,
        }
    }
    /// Whether `state` is running, due soon or not as `due_soon` says.
    fn runs_due_soon(state: ClockState, due_soon: bool) -> bool {
        matches!(state, ClockState::Running { due_soon: d, .. } if d == due_soon)
    }
    fn input(reported: &str) -> SlaInput {
        SlaInput {
            reported_at: cst(reported),
            responded_at: None,
            arrived_at: None,
            resolved_at: None,
            visit_needed: true,
            loaner_issued: false,
        }
    }
    /// The report on `i` at Shanghai wall-clock time `local`.
    fn report_at(i: &SlaInput, local: &str) -> SlaReport {
        sla_report(i, &cfg(), cst(local))
    }
    /// The response clock's state at `local` (Shanghai time).
    fn response_at(i: &SlaInput, local: &str) -> ClockState {
        report_at(i, local).response.state
    }
    /// When the fix is due for a call at `reported` (Shanghai time).
    fn fix_due(reported: &str) -> DateTime<Utc> {
        let i = input(reported);
        sla_report(&i, &cfg(), i.reported_at).fix.due_at
    }

    fn cfg() -> RulesConfig {
        RulesConfig {
            calendar: china_2026_national_day(),
            ..Default::default()
        }
    }

    #[test]
    fn due_times() {
        let i = input("2026-03-04T10:00:00"); // Wednesday
        let r = sla_report(&i, &cfg(), i.reported_at);
        assert_eq!(r.response.due_at, cst("2026-03-04T11:00:00"));
        assert_eq!(r.on_site.unwrap().due_at, cst("2026-03-05T10:00:00"));
        // Thu, Fri → end of Friday.
        assert_eq!(r.fix.due_at, cst("2026-03-07T00:00:00"));
    }

    #[test]
    fn exactly_at_the_deadline_is_in_time_one_second_after_is_late() {
        let mut i = input("2026-03-04T10:00:00");
        i.responded_at = Some(cst("2026-03-04T11:00:00"));
        i.resolved_at = Some(cst("2026-03-07T00:00:00"));
        let r = report_at(&i, "2026-03-10T00:00:00");
        assert_eq!(r.response.state, met(cst("2026-03-04T11:00:00"), 0));
        assert_eq!(r.fix.state, met(cst("2026-03-07T00:00:00"), 0));

        i.responded_at = Some(cst("2026-03-04T11:00:01"));
        i.resolved_at = Some(cst("2026-03-07T00:00:01"));
        let r = report_at(&i, "2026-03-10T00:00:00");
        assert_eq!(r.response.state, breached(1, i.responded_at));
        assert!(r.fix.is_breached());
        assert!(!r.loaner_prompt, "resolved, even if late");

        // Still open: running at the instant itself, breached a second after.
        let open = input("2026-03-04T10:00:00");
        assert_eq!(response_at(&open, "2026-03-04T10:59:59"), running(1, true));
        assert_eq!(response_at(&open, "2026-03-04T11:00:00"), running(0, true));
        assert_eq!(response_at(&open, "2026-03-04T11:00:01"), breached(1, None));
    }

    #[test]
    fn friday_call_is_due_end_of_tuesday() {
        assert_eq!(fix_due("2026-03-06T09:00:00"), cst("2026-03-11T00:00:00"));
    }

    #[test]
    fn evening_before_national_day() {
        // Wed 30 Sep 20:00; 1–7 Oct are holidays; Thu 8 and Fri 9 Oct count.
        let i = input("2026-09-30T20:00:00");
        let r = sla_report(&i, &cfg(), i.reported_at);
        assert_eq!(r.fix.due_at, cst("2026-10-10T00:00:00"));
        // Round-the-clock clocks ignore the holiday.
        assert_eq!(r.on_site.unwrap().due_at, cst("2026-10-01T20:00:00"));
    }

    #[test]
    fn makeup_saturday_counts_as_a_working_day() {
        // Fri 9 Oct: Sat 10 Oct (调休) and Mon 12 Oct.
        assert_eq!(fix_due("2026-10-09T15:00:00"), cst("2026-10-13T00:00:00"));
        // A call on the make-up Saturday itself: Mon 12, Tue 13.
        assert_eq!(fix_due("2026-10-10T15:00:00"), cst("2026-10-14T00:00:00"));
        // Without the make-up day the Friday call would run to end of Tuesday.
        let plain = RulesConfig::default();
        let i = input("2026-10-09T15:00:00");
        assert_eq!(
            sla_report(&i, &plain, i.reported_at).fix.due_at,
            cst("2026-10-14T00:00:00")
        );
    }

    #[test]
    fn late_evening_call_counts_the_local_day_not_the_utc_day() {
        // Thu 23:30 in Shanghai is Thu 15:30 UTC; the call day is Thursday.
        let i = input("2026-03-05T23:30:00");
        let r = sla_report(&i, &cfg(), i.reported_at);
        assert_eq!(r.fix.due_at, cst("2026-03-10T00:00:00")); // Fri, Mon → end of Mon
        assert_eq!(r.fix.due_at, utc("2026-03-09T16:00:00Z"));
        // Fri 00:30 local is still Thursday in UTC but the call day is Friday.
        assert_eq!(
            input("2026-03-06T00:30:00").reported_at,
            utc("2026-03-05T16:30:00Z")
        );
        assert_eq!(fix_due("2026-03-06T00:30:00"), cst("2026-03-11T00:00:00"));
    }

    #[test]
    fn due_soon_is_a_share_of_the_allowance() {
        let i = input("2026-03-04T10:00:00");
        // Response allowance 3600 s; due soon below 900 s left.
        assert_eq!(response_at(&i, "2026-03-04T10:45:00"), running(900, false));
        assert_eq!(response_at(&i, "2026-03-04T10:45:01"), running(899, true));
        // On-site allowance 24 h: 6 h left is not yet due soon, 5 h 59 m is.
        let r = report_at(&i, "2026-03-05T04:00:00");
        assert!(runs_due_soon(r.on_site.unwrap().state, false));
        let r = report_at(&i, "2026-03-05T04:01:00");
        assert!(runs_due_soon(r.on_site.unwrap().state, true));
        // A configured share of 0 never warns.
        let quiet = RulesConfig {
            due_soon_share: 0.0,
            ..cfg()
        };
        let r = sla_report(&i, &quiet, cst("2026-03-04T10:59:59"));
        assert!(runs_due_soon(r.response.state, false));
    }

    #[test]
    fn no_visit_no_on_site_clock() {
        let mut i = input("2026-03-04T10:00:00");
        i.visit_needed = false;
        assert_eq!(sla_report(&i, &cfg(), i.reported_at).on_site, None);
    }

    #[test]
    fn loaner_prompt_only_while_fix_is_overdue_and_no_loaner() {
        let mut i = input("2026-03-04T10:00:00");
        let before = cst("2026-03-06T23:59:59");
        let after = cst("2026-03-07T00:00:01");
        assert!(!sla_report(&i, &cfg(), before).loaner_prompt);
        let r = sla_report(&i, &cfg(), after);
        assert!(r.loaner_prompt);
        assert_eq!(r.fix.state, breached(1, None));
        i.loaner_issued = true;
        assert!(!sla_report(&i, &cfg(), after).loaner_prompt);
        i.loaner_issued = false;
        i.resolved_at = Some(cst("2026-03-06T12:00:00"));
        assert!(!sla_report(&i, &cfg(), after).loaner_prompt);
    }

    #[test]
    fn serialises_tagged() {
        let s = running(5, false);
        assert_eq!(
            serde_json::to_value(s).unwrap(),
            serde_json::json!({"state": "running", "remaining_secs": 5, "due_soon": false})
        );
        let b = breached(1, None);
        assert_eq!(serde_json::to_value(b).unwrap()["state"], "breached");
        assert_eq!(serde_json::to_value(ClockKind::OnSite).unwrap(), "on_site");
    }
}
