//! The office's follow-ups 回访, yearly surveys and key-customer visits
//! (`list_follow_ups`, `record_follow_up`, `plan_visit`, `list_surveys_due`,
//! `record_survey`, `list_visits_due`), thin over core's
//! `service::followups`. The follow-up of a closed order is made by `act`
//! (`close`) itself, in the same transaction.

use onsite_core::followups::{
    DueFilter, DuePage, FollowUpFilter, FollowUpItem, FollowUpPage, NewSurvey, PlanVisit,
    RecordFollowUp, Survey,
};
use onsite_core::service::ApiError;
use tauri::State;

use super::doc_id;
use crate::app_state::AppState;

/// One page of the follow-ups, open (oldest first) or recorded (newest first).
#[tauri::command(async)]
pub fn list_follow_ups(
    state: State<'_, AppState>,
    filter: Option<FollowUpFilter>,
) -> Result<FollowUpPage, ApiError> {
    state.with(|d| d.follow_up_page(filter.unwrap_or_default()))
}

/// Records a follow-up: how it was done, what it found, satisfaction,
/// remarks, when.
#[tauri::command(async)]
pub fn record_follow_up(
    state: State<'_, AppState>,
    id: String,
    input: RecordFollowUp,
) -> Result<FollowUpItem, ApiError> {
    let id = doc_id("id", &id)?;
    state.edit(|d| d.record_follow_up(&id, input))
}

/// Plans a visit to a customer on a day: an open follow-up on site.
#[tauri::command(async)]
pub fn plan_visit(state: State<'_, AppState>, input: PlanVisit) -> Result<FollowUpItem, ApiError> {
    state.edit(|d| d.plan_visit(input))
}

/// One page of the customers whose yearly survey is due.
#[tauri::command(async)]
pub fn list_surveys_due(
    state: State<'_, AppState>,
    filter: Option<DueFilter>,
) -> Result<DuePage, ApiError> {
    state.with(|d| d.survey_due_page(filter.unwrap_or_default()))
}

/// Records a customer's satisfaction survey (moves its last survey).
#[tauri::command(async)]
pub fn record_survey(state: State<'_, AppState>, input: NewSurvey) -> Result<Survey, ApiError> {
    state.edit(|d| d.record_survey(input))
}

/// One page of the key customers whose yearly visit is due.
#[tauri::command(async)]
pub fn list_visits_due(
    state: State<'_, AppState>,
    filter: Option<DueFilter>,
) -> Result<DuePage, ApiError> {
    state.with(|d| d.visit_due_page(filter.unwrap_or_default()))
}
