//! Complaints 用户投诉 and the monthly complaint report: the office's room
//! for them. A complaint (`complaint:<ulid>`) is recorded with its class,
//! customer, linked work order and the seed's details, then carried
//! through four steps in order — confirm 确定投诉问题 → analyse 分析核实 →
//! agree measures 协商处理措施 → carry out and track 处理及落实 — each with
//! its owner, time and text, and closed after the last. A finding that the
//! cause was not ours is recorded with what the customer was told. Each
//! month's report (the previous month's complaints by class and the
//! complaint rate) is due by 17:00 on the 5th; its submission is a
//! document of its own (`complaint_report:<YYYY-MM>`) so it syncs.
//!
//! Layout: [`steps`] (the step order and the stage a complaint waits at,
//! pure), [`ops`] (what the office does, pure functions over the typed
//! documents, and [`ComplaintError`]), [`views`] (the inputs the screens
//! send and what they show), [`report`] (the month's figures, the CSV
//! export), [`words`] (the Chinese words printed on the report),
//! [`tables`] (the classes, steps and stages in order, for the UI). The
//! document structs are in [`crate::model::complaint`]; the period, due
//! time and rate rules in [`crate::rules::complaints`]; the list
//! projection in `store::complaints`; the facade methods in
//! `service::complaints`; the PDF in `report::complaints`.
//!
//! Complaints and report records are office documents: engineers neither
//! read nor write them (the guard's `office_only`, the server's access).

pub mod ops;
pub mod report;
pub mod steps;
pub mod tables;
pub mod views;
pub mod words;

pub use ops::{check_report_record, report_id, ComplaintError};
pub use report::{ClassCount, MonthlyReport, ReportLine};
pub use steps::{next_step, stage_of, ComplaintStage, STEP_ORDER};
pub use tables::{complaint_tables, ComplaintTables};
pub use views::{
    ComplaintFilter, ComplaintListItem, ComplaintPage, ComplaintRow, ComplaintView, NewComplaint,
    StepInput,
};
