//! The office's follow-ups 回访, yearly surveys and key-customer visits
//! (`list_follow_ups`, `record_follow_up`, `plan_visit`, `list_surveys_due`,
//! `record_survey`, `list_visits_due`), thin over core's
//! `service::followups`. The follow-up of a closed order is made by `act`
//! (`close`) itself, in the same transaction.

use onsite_core::followups::{
    DueFilter, DuePage, FollowUpFilter, FollowUpItem, FollowUpPage, NewSurvey, PlanVisit,
    RecordFollowUp, Survey,
};

use super::doc_id;

reads! {
    /// One page of the follow-ups, open (oldest first) or recorded (newest first).
    list_follow_ups(filter: Option<FollowUpFilter>) -> FollowUpPage =>
        |d| d.follow_up_page(filter.unwrap_or_default());
    /// One page of the customers whose yearly survey is due.
    list_surveys_due(filter: Option<DueFilter>) -> DuePage =>
        |d| d.survey_due_page(filter.unwrap_or_default());
    /// One page of the key customers whose yearly visit is due.
    list_visits_due(filter: Option<DueFilter>) -> DuePage =>
        |d| d.visit_due_page(filter.unwrap_or_default());
}

edits! {
    /// Records a follow-up: how it was done, what it found, satisfaction,
    /// remarks, when.
    record_follow_up(id: String, input: RecordFollowUp) -> FollowUpItem =>
        |d| d.record_follow_up(&doc_id("id", &id)?, input);
    /// Plans a visit to a customer on a day: an open follow-up on site.
    plan_visit(input: PlanVisit) -> FollowUpItem => |d| d.plan_visit(input);
    /// Records a customer's satisfaction survey (moves its last survey).
    record_survey(input: NewSurvey) -> Survey => |d| d.record_survey(input);
}
