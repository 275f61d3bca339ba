//! The words printed for complaint classes, steps, stages and report
//! states: Chinese on the printed and exported report, English in error
//! messages (the UI translates codes; these are for the report and logs).

use super::steps::ComplaintStage;
use crate::model::{ComplaintClass, ComplaintStepKind};
use crate::rules::ReportState;

/// A class in Chinese.
pub fn class_zh(c: ComplaintClass) -> &'static str {
    match c {
        ComplaintClass::Quality => "质量异常",
        ComplaintClass::NonQualityHuman => "非质量异常（人为原因）",
        ComplaintClass::Other => "其它",
    }
}

/// A step in Chinese.
pub fn step_zh(s: ComplaintStepKind) -> &'static str {
    match s {
        ComplaintStepKind::Confirm => "确定投诉问题",
        ComplaintStepKind::Analyse => "分析核实",
        ComplaintStepKind::Agree => "协商处理措施",
        ComplaintStepKind::Track => "处理及落实",
    }
}

/// A step in English, for messages.
pub fn step_en(s: ComplaintStepKind) -> &'static str {
    s.as_str()
}

/// A stage in Chinese.
pub fn stage_zh(s: ComplaintStage) -> &'static str {
    match s {
        ComplaintStage::Confirm => "待确定投诉问题",
        ComplaintStage::Analyse => "待分析核实",
        ComplaintStage::Agree => "待协商处理措施",
        ComplaintStage::Track => "待处理及落实",
        ComplaintStage::Close => "待结案",
        ComplaintStage::Closed => "已结案",
    }
}

/// A report state in Chinese.
pub fn state_zh(s: ReportState) -> &'static str {
    match s {
        ReportState::PeriodOpen => "本月尚未结束",
        ReportState::Due => "待提交",
        ReportState::Overdue => "已逾期未提交",
        ReportState::OnTime => "已按时提交",
        ReportState::Late => "逾期提交",
    }
}
