//! A complaint 用户投诉 and the steps of its handling, and the record of
//! a monthly complaint report's submission (`complaint_report:<YYYY-MM>`).
//! What the office does with them is `crate::complaints`'.

use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ids::DocId;
use super::scalars::{hydrate_i64, Day, Ts};
use super::tolerant::or_empty;
use crate::string_enum;

string_enum! {
    /// The seed's three complaint classes.
    pub enum ComplaintClass {
        /// Caused by a quality anomaly 质量异常.
        Quality = "quality",
        /// Not a quality anomaly: a human cause 人为原因.
        NonQualityHuman = "non_quality_human",
        /// Any other cause.
        Other = "other",
    }
}

string_enum! {
    /// The handling steps, in order.
    pub enum ComplaintStepKind {
        /// Confirm the problem 确定投诉问题.
        Confirm = "confirm",
        /// Analyse and verify 分析、核实.
        Analyse = "analyse",
        /// Agree the measures 协商处理措施.
        Agree = "agree",
        /// Carry out and track 处理及落实.
        Track = "track",
    }
}

/// One handling step, with its owner and time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Hydrate, Reconcile)]
#[ts(export)]
pub struct ComplaintStep {
    /// Which step.
    pub step: ComplaintStepKind,
    /// Owner.
    pub owner: String,
    /// When done.
    pub at: Ts,
    /// What was found or agreed.
    pub note: String,
}

/// A complaint document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Hydrate, Reconcile)]
#[ts(export)]
pub struct Complaint {
    /// `complaint:<ulid>`.
    pub id: DocId,
    /// The customer.
    #[autosurgeon(hydrate = "or_empty")]
    pub customer_id: Option<DocId>,
    /// Class.
    pub class: ComplaintClass,
    /// Order number 订单编号.
    pub order_no: String,
    /// Part number 料号.
    pub part_no: String,
    /// Delivery date 交运日期.
    #[autosurgeon(hydrate = "or_empty")]
    pub delivered_on: Option<Day>,
    /// Quantity.
    #[autosurgeon(hydrate = "hydrate_i64")]
    pub quantity: i64,
    /// Defective quantity 不良数量.
    #[autosurgeon(hydrate = "hydrate_i64")]
    pub defective_qty: i64,
    /// What the customer asks for.
    pub request: String,
    /// Details.
    pub details: String,
    /// Received when.
    pub received_at: Ts,
    /// Handling steps.
    #[autosurgeon(hydrate = "or_empty")]
    pub steps: Vec<ComplaintStep>,
    /// Closed when.
    #[autosurgeon(hydrate = "or_empty")]
    pub closed_at: Option<Ts>,
    /// The work order the complaint is about, if any.
    #[autosurgeon(hydrate = "or_empty")]
    pub work_order_id: Option<DocId>,
    /// Who recorded it (user name); empty in documents written before.
    #[autosurgeon(hydrate = "or_empty")]
    pub created_by: String,
    /// Who closed it (user name).
    #[autosurgeon(hydrate = "or_empty")]
    pub closed_by: String,
    /// The finding that the cause was not ours, with what the customer
    /// was told.
    #[autosurgeon(hydrate = "or_empty")]
    pub not_ours: Option<NotOurs>,
}

/// The finding that a complaint's cause was not ours 非我方原因.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Hydrate, Reconcile)]
#[ts(export)]
pub struct NotOurs {
    /// The explanation given to the customer.
    pub explanation: String,
    /// Who recorded the finding (user name).
    pub by: String,
    /// When.
    pub at: Ts,
}

/// The record that the monthly complaint report of one month was
/// submitted (`complaint_report:<YYYY-MM>`, one per month), with the
/// figures as submitted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Hydrate, Reconcile)]
#[ts(export)]
pub struct ComplaintReportRecord {
    /// `complaint_report:<YYYY-MM>`.
    pub id: DocId,
    /// The report's year.
    #[autosurgeon(hydrate = "hydrate_i64")]
    pub year: i64,
    /// The report's month, 1–12.
    #[autosurgeon(hydrate = "hydrate_i64")]
    pub month: i64,
    /// When it was submitted (the submitting device's clock).
    pub submitted_at: Ts,
    /// Who submitted it (user name).
    pub submitted_by: String,
    /// Complaints received in the month, as submitted.
    #[autosurgeon(hydrate = "hydrate_i64")]
    pub complaints: i64,
    /// Work orders closed in the month, as submitted.
    #[autosurgeon(hydrate = "hydrate_i64")]
    pub closed_orders: i64,
}
