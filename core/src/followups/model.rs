//! The office's two documents: a follow-up visit 回访 (`followup:`), made
//! when the office closes a work order or plans a visit to a key customer,
//! with its record once done; and a yearly satisfaction survey 满意度调查
//! of a customer (`survey:`). `docs/schema.md` describes both for other
//! clients.

use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::scalars::hydrate_i64;
use crate::model::tolerant::or_empty;
use crate::model::{CustomerInfo, Day, DocId, Ts};
use crate::string_enum;

string_enum! {
    /// Why the follow-up exists.
    pub enum FollowUpOrigin {
        /// The office closed a work order: ask the customer how the fix holds.
        ClosedOrder = "closed_order",
        /// A visit planned by the office (a key customer's yearly visit).
        PlannedVisit = "planned_visit",
    }
}

string_enum! {
    /// How the office reaches the customer.
    pub enum FollowUpChannel {
        /// A telephone call 电话回访.
        Phone = "phone",
        /// A visit on site 上门回访 (counts as a key customer's visit).
        OnSite = "on_site",
    }
}

string_enum! {
    /// What the follow-up found.
    pub enum FollowUpOutcome {
        /// The fix holds, the instrument works: nothing to do.
        Fine = "fine",
        /// A problem remains or a new one came up: the office acts on it
        /// (a new work order, a complaint).
        NeedsAction = "needs_action",
    }
}

/// What the office recorded of a follow-up, once done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Hydrate, Reconcile)]
#[ts(export)]
pub struct FollowUpRecord {
    /// How it was done (may differ from the plan).
    pub channel: FollowUpChannel,
    /// What it found.
    pub outcome: FollowUpOutcome,
    /// The customer's satisfaction, 1–5.
    #[autosurgeon(hydrate = "hydrate_i64")]
    pub satisfaction: i64,
    /// Remarks 备注 (may be empty).
    pub remarks: String,
    /// When it took place.
    pub at: Ts,
    /// Who recorded it (user name).
    pub by: String,
}

/// A follow-up document, `followup:<id>`. After a closed work order its id
/// is derived from the order's (`followup:<the order's ULID>`, see
/// [`super::ops::follow_up_id`]), so one order has one follow-up whichever
/// device closed it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Hydrate, Reconcile)]
#[ts(export)]
pub struct FollowUp {
    /// `followup:<id>`.
    pub id: DocId,
    /// A closed order, or a planned visit.
    pub origin: FollowUpOrigin,
    /// The closed work order (`None` for a planned visit).
    #[autosurgeon(hydrate = "or_empty")]
    pub work_order_id: Option<DocId>,
    /// Its number, copied (empty for a planned visit).
    #[autosurgeon(hydrate = "or_empty")]
    pub wo_number: String,
    /// The customer document, when the customer is on file.
    #[autosurgeon(hydrate = "or_empty")]
    pub customer_id: Option<DocId>,
    /// Whom to call or visit: the customer as on the order (or the
    /// customer document for a planned visit).
    pub customer: CustomerInfo,
    /// How the office means to do it: by phone after an order, on site for
    /// a planned visit.
    pub channel: FollowUpChannel,
    /// The day a visit is planned for (`None` after an order).
    #[autosurgeon(hydrate = "or_empty")]
    pub planned_on: Option<Day>,
    /// When the task arose (the order's closing, or the planning).
    pub created_at: Ts,
    /// Who closed the order or planned the visit.
    pub created_by: String,
    /// What was found, once done; `None` while open.
    #[autosurgeon(hydrate = "or_empty")]
    pub record: Option<FollowUpRecord>,
}

/// A yearly satisfaction survey of a customer, `survey:<ulid>`. Recording
/// one also moves the customer's `last_survey_at`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Hydrate, Reconcile)]
#[ts(export)]
pub struct Survey {
    /// `survey:<ulid>`.
    pub id: DocId,
    /// The customer surveyed.
    pub customer_id: DocId,
    /// Its organisation, copied.
    pub org: String,
    /// When the customer was surveyed.
    pub surveyed_at: Ts,
    /// The customer's satisfaction, 1–5.
    #[autosurgeon(hydrate = "hydrate_i64")]
    pub satisfaction: i64,
    /// Remarks 备注 (may be empty).
    #[autosurgeon(hydrate = "or_empty")]
    pub remarks: String,
    /// Who recorded it (user name).
    pub by: String,
    /// When it was recorded.
    pub recorded_at: Ts,
}
