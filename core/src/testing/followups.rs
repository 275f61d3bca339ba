//! Builders for the office's follow-up documents: [`filed`] (a work order
//! signed and filed, ready for the office to close), [`FollowUpBuilder`]
//! (the follow-up a closed order gets, open or recorded) and
//! [`SurveyBuilder`] (a satisfaction survey of a customer). All are made
//! through [`crate::followups::ops`] and [`crate::ops`], as the app makes
//! them.

use automerge::AutoCommit;
use chrono::{DateTime, Duration, Utc};

use super::work_order::{WorkOrderBuilder, OFFICE};
use crate::doc;
use crate::followups::ops::{self, NewSurvey, RecordFollowUp};
use crate::followups::{FollowUp, FollowUpChannel, FollowUpOutcome, Survey};
use crate::model::{Customer, DocId, DocKind, WorkOrder};
use crate::ops::{record_filing, Actor};
use crate::rules::state::Role;

/// `builder`'s order assigned, signed (see [`WorkOrderBuilder::signed`])
/// and filed by the server an hour after the sign-off.
pub fn filed(builder: WorkOrderBuilder) -> WorkOrder {
    let mut wo = builder.signed().build();
    let signed_at = wo.signoff.as_ref().expect("signed").signed_at.0;
    record_filing(&mut wo, signed_at + Duration::hours(1), "sync", "server").expect("filed");
    wo
}

/// The follow-up of a closed work order, as the office's close makes it.
/// Defaults: closed by `office` at the order's filing time plus a day;
/// open.
#[derive(Debug, Clone)]
pub struct FollowUpBuilder {
    follow_up: FollowUp,
}

impl FollowUpBuilder {
    /// The follow-up of `wo` (a filed or closed order).
    pub fn after(wo: &WorkOrder) -> Self {
        let closed = wo
            .filing
            .as_ref()
            .map_or(wo.created_at.0, |f| f.received_at.0)
            + Duration::days(1);
        FollowUpBuilder {
            follow_up: ops::for_closed_order(wo, OFFICE, closed),
        }
    }

    /// Recorded by the office at `at`: done by `channel`, found `outcome`,
    /// satisfaction `satisfaction`, remarks "回访记录".
    pub fn recorded(
        mut self,
        channel: FollowUpChannel,
        outcome: FollowUpOutcome,
        satisfaction: i64,
        at: DateTime<Utc>,
    ) -> Self {
        let input = RecordFollowUp {
            channel,
            outcome,
            satisfaction,
            remarks: "回访记录".into(),
            at: None,
        };
        let office = Actor::new(OFFICE, Role::Office);
        ops::record(&mut self.follow_up, input, &office, at).expect("record the follow-up");
        self
    }

    /// The follow-up.
    pub fn build(self) -> FollowUp {
        self.follow_up
    }

    /// Its document, with its id.
    pub fn doc(self) -> (DocId, AutoCommit) {
        let f = self.build();
        let am = doc::create(DocKind::FollowUp, &f).expect("a follow-up document");
        (f.id, am)
    }
}

/// A satisfaction survey of a customer, recorded by `office`. Defaults:
/// satisfaction 4, remarks "年度回访", surveyed at
/// [`super::monday_morning`].
#[derive(Debug, Clone)]
pub struct SurveyBuilder {
    customer: Customer,
    input: NewSurvey,
    at: DateTime<Utc>,
}

impl SurveyBuilder {
    /// A survey of `customer`.
    pub fn new(customer: &Customer) -> Self {
        SurveyBuilder {
            input: NewSurvey {
                customer_id: customer.id.clone(),
                satisfaction: 4,
                remarks: "年度回访".into(),
                surveyed_at: None,
            },
            customer: customer.clone(),
            at: super::monday_morning(),
        }
    }

    /// Surveyed (and recorded) at `at`.
    pub fn at(mut self, at: DateTime<Utc>) -> Self {
        self.at = at;
        self
    }

    /// The satisfaction given.
    pub fn satisfaction(mut self, n: i64) -> Self {
        self.input.satisfaction = n;
        self
    }

    /// The survey.
    pub fn build(self) -> Survey {
        let office = Actor::new(OFFICE, Role::Office);
        ops::new_survey(
            DocId::new(DocKind::Survey),
            &self.customer,
            self.input,
            &office,
            self.at,
        )
        .expect("a survey")
    }

    /// Its document, with its id.
    pub fn doc(self) -> (DocId, AutoCommit) {
        let s = self.build();
        let am = doc::create(DocKind::Survey, &s).expect("a survey document");
        (s.id, am)
    }
}
