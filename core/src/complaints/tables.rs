//! The complaint tables the UI is built from, in display order: classes,
//! steps, stages and report states, and the report's due day and hour.
//! Written by the `export_bindings` run as `complaint-tables.json` beside
//! the TypeScript types, so neither the screens nor the browser tests'
//! fake backend write these lists by hand.

use serde::Serialize;
use ts_rs::TS;

use super::steps::{ComplaintStage, STEP_ORDER};
use crate::model::{ComplaintClass, ComplaintStepKind};
use crate::rules::complaints::{REPORT_DAY, REPORT_HOUR};
use crate::rules::ReportState;

/// What [`complaint_tables`] gives the UI.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ComplaintTables {
    /// Every class, in display order.
    pub classes: Vec<ComplaintClass>,
    /// The four steps, in the order they are taken.
    pub steps: Vec<ComplaintStepKind>,
    /// Every stage, in handling order (the list's sections).
    pub stages: Vec<ComplaintStage>,
    /// Every report state.
    pub report_states: Vec<ReportState>,
    /// The report of a month is due on this day of the next month …
    pub report_day: u32,
    /// … at this local hour.
    pub report_hour: u32,
}

/// The tables.
pub fn complaint_tables() -> ComplaintTables {
    ComplaintTables {
        classes: ComplaintClass::ALL.to_vec(),
        steps: STEP_ORDER.to_vec(),
        stages: ComplaintStage::ALL.to_vec(),
        report_states: vec![
            ReportState::PeriodOpen,
            ReportState::Due,
            ReportState::Overdue,
            ReportState::OnTime,
            ReportState::Late,
        ],
        report_day: REPORT_DAY,
        report_hour: REPORT_HOUR,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_steps_are_in_order_and_every_stage_is_listed() {
        let t = complaint_tables();
        assert_eq!(t.steps.len(), 4);
        assert_eq!(t.stages.len(), 6);
        assert!(t.stages.windows(2).all(|w| w[0].rank() < w[1].rank()));
    }

    /// Written by the same `export_bindings` run as the TypeScript types.
    #[test]
    fn export_bindings_complaint_tables_json() {
        let dir = std::env::var_os("TS_RS_EXPORT_DIR").unwrap_or_else(|| "bindings".into());
        let dir = std::path::Path::new(&dir);
        std::fs::create_dir_all(dir).unwrap();
        let json = serde_json::to_string_pretty(&complaint_tables()).unwrap();
        std::fs::write(dir.join("complaint-tables.json"), json + "\n").unwrap();
    }
}
