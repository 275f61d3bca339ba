//! Target `config`: the parsers of the company's settings and of the
//! scalars the rules compute with, and the rules fed with what they parse.
//!
//! Fuzzed: the holiday-calendar file the office imports
//! ([`calendar_file::parse`], merged into the company settings, which must
//! then validate and give a working calendar), [`WorkCalendar::from_json`] (the
//! calendar's JSON form, also its serde form inside [`RulesConfig`]), the
//! [`RulesConfig`] JSON, the device's account settings (the `GET /v1/me`
//! answer, [`parse_me`], stored by [`store_enrolment`] and read back by
//! [`session`]; the server URL, [`normalise_url`]), and the document scalars an instant
//! ([`Ts`], from RFC 3339 text or an Automerge timestamp) and a day
//! ([`Day`], `YYYY-MM-DD`).
//!
//! Input: UTF-8 text (invalid bytes replaced); the first line is the
//! scalar (instant, day, milliseconds, URL), the rest the JSON.
//!
//! Invariants beyond "no panic": what parses writes back to text that
//! parses to the same value (a calendar, a config, an instant, a day, a
//! URL); `from_json` and the serde form agree; and every instant or day
//! that parses can be used by the rules: the local day, the fix deadline,
//! the service clocks, the warranty tier and the working days after it.

use autosurgeon::Hydrate;
use chrono::{DateTime, NaiveDate, Utc};
use std::sync::Arc;

use onsite_core::account::server::{normalise_url, parse_me};
use onsite_core::account::settings::{session, store_enrolment};
use onsite_core::clock::FixedClock;
use onsite_core::model::{Day, Ts};
use onsite_core::ops::Actor;
use onsite_core::rules::calendar::WorkCalendar;
use onsite_core::rules::localtime::{end_of_day, local_date, start_of_day};
use onsite_core::rules::sla::{fix_due_at, sla_report, SlaInput};
use onsite_core::rules::state::Role;
use onsite_core::rules::{tier, RulesConfig};
use onsite_core::service::Device;
use onsite_core::settings::{calendar_file, validate, CompanySettings};
use onsite_core::store::Store;

/// The harness.
pub fn run(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (head, json) = text.split_once('\n').unwrap_or((&text, ""));
    let mut configs = vec![RulesConfig::default()];
    if let Some(calendar) = calendar(json) {
        configs.push(RulesConfig {
            calendar,
            ..RulesConfig::default()
        });
    }
    configs.extend(rules_config(json));
    configs.extend(imported_calendar(json));
    account(head, json);
    for ts in instants(head) {
        for cfg in &configs {
            use_instant(ts, cfg);
        }
    }
    if let Ok(day) = Day::hydrate_string(head) {
        let back = Day::hydrate_string(&day.to_string());
        assert_eq!(back.ok(), Some(day), "a day reads back from {day}");
        for cfg in &configs {
            use_day(day.0, cfg);
        }
    }
}

/// The calendar in `json`, checked to read back from what it writes.
fn calendar(json: &str) -> Option<WorkCalendar> {
    let parsed = WorkCalendar::from_json(json);
    let via_serde = serde_json::from_str::<WorkCalendar>(json);
    assert_eq!(
        parsed.as_ref().ok(),
        via_serde.as_ref().ok(),
        "from_json and serde disagree on {json:?}"
    );
    let cal = parsed.ok()?;
    let written = serde_json::to_string(&cal).expect("a calendar writes");
    assert_eq!(
        WorkCalendar::from_json(&written).as_ref(),
        Ok(&cal),
        "the calendar reads back from {written}"
    );
    Some(cal)
}

/// The calendar file in `json`, imported into the default company
/// settings as the office's import does: what the reader accepts must
/// leave valid settings whose calendar has every day the file listed.
fn imported_calendar(json: &str) -> Option<RulesConfig> {
    let file = calendar_file::parse(json).ok()?;
    assert!(!file.days.is_empty(), "an accepted file lists days");
    let mut settings = CompanySettings::default();
    settings.merge_calendar(&file);
    validate(&settings).unwrap_or_else(|e| panic!("an accepted file leaves bad settings: {e}"));
    let cal = settings.work_calendar();
    for day in file.days.keys() {
        assert!(
            cal.holidays.contains(day) || cal.makeup_workdays.contains(day),
            "{day} of the file is in the calendar"
        );
    }
    Some(settings.to_rules(&RulesConfig::default()))
}

/// The rules configuration in `json`, checked to read back.
fn rules_config(json: &str) -> Option<RulesConfig> {
    let cfg: RulesConfig = serde_json::from_str(json).ok()?;
    let written = serde_json::to_string(&cfg).expect("a config writes");
    let mut back: RulesConfig = serde_json::from_str(&written)
        .unwrap_or_else(|e| panic!("the config does not read back from {written}: {e}"));
    // serde_json may round the last bit of a float; nothing else may move.
    assert!((back.due_soon_share - cfg.due_soon_share).abs() <= 1e-12 * cfg.due_soon_share.abs());
    back.due_soon_share = cfg.due_soon_share;
    assert_eq!(back, cfg, "the config reads back from {written}");
    Some(cfg)
}

/// The server URL, and the account answer stored as an enrolment and
/// read back as the settings and session the UI shows.
fn account(head: &str, json: &str) {
    let url = normalise_url(head).ok();
    if let Some(url) = &url {
        assert_eq!(
            normalise_url(url).ok().as_ref(),
            Some(url),
            "a normalised URL stays as it is"
        );
    }
    let Ok(me) = parse_me(json.as_bytes()) else {
        return;
    };
    let url = url.unwrap_or_else(|| "http://127.0.0.1:8787".into());
    let store = Store::open_in_memory().expect("an in-memory device store");
    let clock = Arc::new(FixedClock::new(DateTime::UNIX_EPOCH));
    let nobody = Actor::new("", Role::Engineer);
    let mut device = Device::new(store, clock, RulesConfig::default(), nobody).expect("a device");
    store_enrolment(&mut device, &url, "token", &me).expect("an accepted /v1/me is stored");
    let shown = session(&device).expect("the session reads back");
    assert_eq!(shown.user, me.user, "the session's user");
    assert_eq!(
        Some(shown.role),
        me.role.parse::<Role>().ok(),
        "the session's role"
    );
    assert_eq!(shown.device_slot, Some(me.slot), "the session's slot");
    assert_eq!(shown.server_url.as_deref(), Some(url.as_str()));
    assert!(shown.enrolled, "an enrolled device says so");
}

/// The instants `head` stands for: as RFC 3339 text, and as Automerge
/// timestamp milliseconds; each checked to read back from what a document
/// would be written with.
fn instants(head: &str) -> Vec<DateTime<Utc>> {
    let mut out = Vec::new();
    let text = Ts::hydrate_string(head).ok();
    let millis = head
        .trim()
        .parse::<i64>()
        .ok()
        .and_then(|ms| Ts::hydrate_timestamp(ms).ok());
    for ts in [text, millis].into_iter().flatten() {
        let written = Ts::from(ts.0).to_rfc3339();
        let back = Ts::hydrate_string(&written).unwrap_or_else(|e| {
            panic!("the instant {ts:?} does not read back from {written}: {e}")
        });
        assert_eq!(
            back,
            Ts::from(ts.0),
            "the instant reads back from {written}"
        );
        out.push(ts.0);
    }
    out
}

/// The rules on an instant: its local day, the fix deadline, the clocks.
fn use_instant(at: DateTime<Utc>, cfg: &RulesConfig) {
    let day = local_date(at, cfg.tz);
    let due = fix_due_at(at, cfg);
    assert!(due > at, "the fix deadline {due} is after the call {at}");
    let input = SlaInput {
        reported_at: at,
        responded_at: Some(at),
        arrived_at: None,
        resolved_at: Some(due),
        visit_needed: true,
        loaner_issued: false,
    };
    sla_report(&input, cfg, at);
    use_day(day, cfg);
}

/// The rules on a day: working days after it, its start and end, the
/// warranty tier of equipment accepted on it.
fn use_day(day: NaiveDate, cfg: &RulesConfig) {
    let next = cfg.calendar.nth_working_day_after(day, 2);
    assert!(next > day, "two working days after {day} is {next}");
    assert!(cfg.calendar.is_working_day(next));
    assert!(start_of_day(day, cfg.tz) < end_of_day(day, cfg.tz));
    tier(day, next, true, &cfg.tiers);
}
