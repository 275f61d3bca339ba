//! The order of a complaint's handling steps and the stage a complaint
//! waits at. Pure: steps in, the next step out.
//!
//! A step counts once every step before it is done: two offline office
//! devices that both record the same step leave two entries of it, and
//! the complaint has simply done that step.

use crate::model::{Complaint, ComplaintStep, ComplaintStepKind};
use crate::string_enum;

/// The four steps, in the only order they are taken.
pub const STEP_ORDER: [ComplaintStepKind; 4] = [
    ComplaintStepKind::Confirm,
    ComplaintStepKind::Analyse,
    ComplaintStepKind::Agree,
    ComplaintStepKind::Track,
];

string_enum! {
    /// What a complaint waits for: its next step, closing, or nothing.
    pub enum ComplaintStage {
        /// Waiting for the problem to be confirmed.
        Confirm = "confirm",
        /// Waiting for the analysis.
        Analyse = "analyse",
        /// Waiting for the measures to be agreed.
        Agree = "agree",
        /// Waiting for the measures to be carried out and tracked.
        Track = "track",
        /// Every step done: waiting to be closed.
        Close = "close",
        /// Closed.
        Closed = "closed",
    }
}

impl ComplaintStage {
    /// Position in the handling (0 = confirm … 5 = closed): the list shows
    /// the earliest stage first.
    pub fn rank(self) -> u8 {
        match self {
            ComplaintStage::Confirm => 0,
            ComplaintStage::Analyse => 1,
            ComplaintStage::Agree => 2,
            ComplaintStage::Track => 3,
            ComplaintStage::Close => 4,
            ComplaintStage::Closed => 5,
        }
    }
}

/// How many steps are done in order (0–4).
pub fn steps_done(steps: &[ComplaintStep]) -> usize {
    STEP_ORDER
        .iter()
        .take_while(|k| steps.iter().any(|s| s.step == **k))
        .count()
}

/// The next step to take; `None` when all four are done.
pub fn next_step(steps: &[ComplaintStep]) -> Option<ComplaintStepKind> {
    STEP_ORDER.get(steps_done(steps)).copied()
}

/// The stage `c` waits at.
pub fn stage_of(c: &Complaint) -> ComplaintStage {
    if c.closed_at.is_some() {
        return ComplaintStage::Closed;
    }
    match next_step(&c.steps) {
        Some(ComplaintStepKind::Confirm) => ComplaintStage::Confirm,
        Some(ComplaintStepKind::Analyse) => ComplaintStage::Analyse,
        Some(ComplaintStepKind::Agree) => ComplaintStage::Agree,
        Some(ComplaintStepKind::Track) => ComplaintStage::Track,
        None => ComplaintStage::Close,
    }
}

/// When the last step in order was taken; `None` before the first.
pub fn last_step_at(steps: &[ComplaintStep]) -> Option<crate::model::Ts> {
    let done = &STEP_ORDER[..steps_done(steps)];
    steps
        .iter()
        .filter(|s| done.contains(&s.step))
        .map(|s| s.at)
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{at, ComplaintBuilder};

    fn step(k: ComplaintStepKind) -> ComplaintStep {
        ComplaintStep {
            step: k,
            owner: "office".into(),
            at: at("2026-03-02T02:00:00Z"),
            note: "x".into(),
        }
    }

    #[test]
    fn steps_count_only_in_order() {
        use ComplaintStepKind::*;
        assert_eq!(next_step(&[]), Some(Confirm));
        assert_eq!(next_step(&[step(Confirm)]), Some(Analyse));
        // An agree without an analysis does not move the complaint on.
        assert_eq!(next_step(&[step(Confirm), step(Agree)]), Some(Analyse));
        let all: Vec<_> = STEP_ORDER.iter().map(|k| step(*k)).collect();
        assert_eq!(next_step(&all), None);
        // The same step recorded on two devices counts once.
        assert_eq!(steps_done(&[step(Confirm), step(Confirm)]), 1);
    }

    #[test]
    fn the_stage_follows_the_steps_and_the_closing() {
        let mut c = ComplaintBuilder::new(None, "P-1").build();
        assert_eq!(stage_of(&c), ComplaintStage::Analyse);
        c.steps = STEP_ORDER.iter().map(|k| step(*k)).collect();
        assert_eq!(stage_of(&c), ComplaintStage::Close);
        c.closed_at = Some(at("2026-03-09T02:00:00Z"));
        assert_eq!(stage_of(&c), ComplaintStage::Closed);
        c.steps.clear();
        c.closed_at = None;
        assert_eq!(stage_of(&c), ComplaintStage::Confirm);
    }
}
