//! The business rules of the service commitment as pure functions: the
//! work-order state machine, the working-day calendar, the three SLA clocks,
//! warranty tiers and itemised charges, the 5-day filing rule, planned
//! maintenance, complaint reporting, spare-part accounting, how much
//! ink a customer's signature needs and the office's yearly surveys and
//! key-customer visits.
//!
//! Nothing here does I/O, touches Automerge documents or reads the clock:
//! callers pass the current time in. Money is integer fen (1/100 yuan, `i64`).
//! `shared/spec/domain.md` is the source of every rule; each module records
//! the interpretation choices it made.
//!
//! Layout: one topic per file —
//! [`state`], [`calendar`], [`sla`], [`warranty`], [`charges`], [`filing`],
//! [`maintenance`], [`complaints`], [`stock`], [`ink`], [`yearly`]; [`localtime`] holds the
//! local-day arithmetic they share, `names` the string-enum plumbing.

mod names;

pub mod calendar;
pub mod charges;
pub mod complaints;
pub mod filing;
pub mod ink;
pub mod localtime;
pub mod maintenance;
pub mod sla;
pub mod state;
pub mod stock;
pub mod warranty;
pub mod yearly;

pub use calendar::{CalendarError, WorkCalendar};
pub use charges::{
    apply_override, compute_charges, Basis, ChargeError, ChargeInput, ChargeKind, ChargeLine,
    ChargeOverride, Charges, ContractTerms, LabourTerm, PartLine, PartsTerm,
};
pub use complaints::{
    complaint_rate, month_bounds, month_of, monthly_report_deadline, previous_month, report_state,
    ReportState,
};
pub use filing::{filing_deadline, filing_due, FilingDue};
pub use ink::{check_ink, InkError, InkRule};
pub use maintenance::planned_visits;
pub use names::UnknownName;
pub use sla::{sla_report, Clock, ClockKind, ClockState, SlaInput, SlaReport};
pub use state::{
    allowed_actions, may_perform, offered_actions, transition, Action, ButtonKind, Role, Status,
    TransitionError,
};
pub use stock::{sign_blockers, stock_level, PickedLine, SignBlocker, StockLevel, Warehouse};
pub use warranty::{tier, Tier, TierBoundaries};
pub use yearly::{yearly_due, YearlyDue};

use serde::{Deserialize, Serialize};

/// Everything the rules let the company configure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RulesConfig {
    /// The company's time zone, stored as its IANA name (default `Asia/Shanghai`).
    #[serde(with = "tz_name")]
    pub tz: chrono_tz::Tz,
    /// Which days are working days (fix deadline).
    pub calendar: WorkCalendar,
    /// A running clock is "due soon" when less than this share of its
    /// allowance is left (default 0.25).
    pub due_soon_share: f64,
    /// Where the warranty tiers end.
    pub tiers: TierBoundaries,
    /// Standard rates charged out of warranty.
    pub rates: StandardRates,
    /// How much ink a customer's signature needs (a dot or a short
    /// scribble is refused; defaults in [`InkRule`]).
    pub ink: InkRule,
    /// The warehouses stock is kept in, in the settings' order (default
    /// the one `main` 总库).
    pub warehouses: Vec<Warehouse>,
}

impl Default for RulesConfig {
    fn default() -> Self {
        Self {
            tz: chrono_tz::Asia::Shanghai,
            calendar: WorkCalendar::default(),
            due_soon_share: 0.25,
            tiers: TierBoundaries::default(),
            rates: StandardRates::default(),
            ink: InkRule::default(),
            warehouses: vec![Warehouse::main()],
        }
    }
}

/// Standard (non-contract) rates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(default)]
#[ts(export)]
pub struct StandardRates {
    /// Labour, fen per hour (default 20000 = 200 yuan).
    pub labour_fen_per_hour: i64,
}

impl Default for StandardRates {
    fn default() -> Self {
        Self {
            labour_fen_per_hour: 20_000,
        }
    }
}

/// Serde for `chrono_tz::Tz` as its IANA name.
mod tz_name {
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(tz: &chrono_tz::Tz, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(tz.name())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<chrono_tz::Tz, D::Error> {
        let name = String::deserialize(d)?;
        name.parse()
            .map_err(|_| D::Error::custom(format!("unknown time zone {name:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_config_round_trips_with_tz_as_name() {
        let cfg = RulesConfig::default();
        let json = serde_json::to_value(&cfg).unwrap();
        assert_eq!(json["tz"], "Asia/Shanghai");
        assert_eq!(json["rates"]["labour_fen_per_hour"], 20_000);
        let back: RulesConfig = serde_json::from_value(json).unwrap();
        assert_eq!(back, cfg);
    }

    #[test]
    fn partial_config_takes_defaults() {
        let cfg: RulesConfig = serde_json::from_str(r#"{"tz":"Europe/London"}"#).unwrap();
        assert_eq!(cfg.tz, chrono_tz::Europe::London);
        assert_eq!(cfg.due_soon_share, 0.25);
        assert_eq!(cfg.tiers, TierBoundaries::default());
        assert_eq!(cfg.ink, InkRule::default());
        let cfg: RulesConfig = serde_json::from_str(r#"{"ink":{"min_length":100}}"#).unwrap();
        assert_eq!((cfg.ink.min_length, cfg.ink.min_width), (100, 150));
    }

    #[test]
    fn unknown_time_zone_is_refused_by_name() {
        let err = serde_json::from_str::<RulesConfig>(r#"{"tz":"Mars/Olympus"}"#).unwrap_err();
        assert!(err.to_string().contains("Mars/Olympus"), "{err}");
    }
}
