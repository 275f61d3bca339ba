//! The complaint screens and the monthly complaint report (office only):
//! the paged list by stage and age, one complaint, recording it, its
//! steps, the finding "not ours", closing; the month's report, its
//! submission (a `complaint_report:<YYYY-MM>` document that syncs), its
//! CSV and PDF. Each write is one store transaction; the rules live in
//! [`crate::complaints`] and [`crate::rules::complaints`].

use std::path::Path;

use automerge::AutoCommit;

use super::read::DEFAULT_PAGE;
use super::transfer::{write_export, ExportKind};
use super::{ApiError, Device, ErrorCode, PathResult};
use crate::complaints::ops::{self, ensure_office};
use crate::complaints::steps::{next_step, stage_of, steps_done};
use crate::complaints::{
    report_id, ComplaintError, ComplaintFilter, ComplaintListItem, ComplaintPage, ComplaintView,
    MonthlyReport, NewComplaint, ReportLine, StepInput,
};
use crate::doc;
use crate::model::{Complaint, ComplaintReportRecord, Customer, DocId, DocKind, WorkOrder};
use crate::rules::complaints::{month_bounds, previous_month};

impl From<ComplaintError> for ApiError {
    fn from(e: ComplaintError) -> Self {
        let code = match e {
            ComplaintError::OfficeOnly(_) => ErrorCode::Forbidden,
            ComplaintError::OutOfOrder { .. }
            | ComplaintError::NotFinished { .. }
            | ComplaintError::NotAnalysed => ErrorCode::ComplaintStepOrder,
            ComplaintError::Closed => ErrorCode::IllegalTransition,
            ComplaintError::AlreadySubmitted(_) => ErrorCode::AlreadyExists,
            ComplaintError::PeriodOpen(_) | ComplaintError::Invalid(_) => ErrorCode::Invalid,
        };
        ApiError::new(code, e.to_string())
    }
}

impl Device {
    fn office_only(&self) -> Result<(), ApiError> {
        Ok(ensure_office(&self.actor)?)
    }

    /// One page of complaints (default: the first [`DEFAULT_PAGE`]), the
    /// earliest stage first, then the oldest, each with its age.
    pub fn complaint_page(&self, filter: ComplaintFilter) -> Result<ComplaintPage, ApiError> {
        self.office_only()?;
        let mut filter = filter;
        filter.page = filter.page.or_length(DEFAULT_PAGE);
        let total = self.store.count_complaints(&filter)?;
        let now = self.now();
        let items = self
            .store
            .list_complaints(&filter)?
            .into_iter()
            .map(|row| {
                Ok(ComplaintListItem {
                    customer_org: self.customer_org(row.customer_id.as_ref())?,
                    age_days: (now - row.received_at.0).num_days().max(0),
                    row,
                })
            })
            .collect::<Result<_, ApiError>>()?;
        Ok(ComplaintPage { items, total })
    }

    /// One complaint with its stage, next step, customer and work order.
    pub fn get_complaint(&self, id: &DocId) -> Result<ComplaintView, ApiError> {
        self.office_only()?;
        let c: Complaint = self.read_doc(id, DocKind::Complaint)?;
        self.complaint_view(c)
    }

    /// Records a complaint from the form. The work order is found by its
    /// number (refused when this device does not hold it); without a
    /// customer, the work order's customer is taken.
    pub fn create_complaint(&mut self, input: NewComplaint) -> Result<ComplaintView, ApiError> {
        self.office_only()?;
        let number = input.work_order_number.trim().to_string();
        let (wo_id, wo_customer) = match number.as_str() {
            "" => (None, None),
            n => {
                let id = self.store.work_order_by_number(n)?.ok_or_else(|| {
                    ApiError::invalid(format!("there is no work order numbered {n}"))
                })?;
                let wo: WorkOrder = self.read_doc(&id, DocKind::WorkOrder)?;
                (Some(id), wo.customer_id)
            }
        };
        let customer = match input.customer_id.clone() {
            Some(c) => {
                Self::ensure_kind(&c, DocKind::Customer)?;
                if self.store.load(&c)?.is_none() {
                    return Err(ApiError::not_found(&c));
                }
                Some(c)
            }
            None => wo_customer,
        };
        let c = ops::record(input, customer, wo_id, &self.actor, self.now())?;
        let mut am = self.new_doc(DocKind::Complaint, &c)?;
        self.store.create_doc(&c.id, &mut am)?;
        tracing::info!(id = %c.id, class = %c.class, "complaint recorded");
        self.complaint_view(c)
    }

    /// Takes the complaint's next step (only the next one in order).
    pub fn add_complaint_step(
        &mut self,
        id: &DocId,
        input: StepInput,
    ) -> Result<ComplaintView, ApiError> {
        let (actor, now) = (self.actor.clone(), self.now());
        self.edit_complaint(id, |c| ops::add_step(c, input, &actor, now))
    }

    /// Records that the cause was not ours, with the explanation given to
    /// the customer.
    pub fn find_complaint_not_ours(
        &mut self,
        id: &DocId,
        explanation: &str,
    ) -> Result<ComplaintView, ApiError> {
        let (actor, now) = (self.actor.clone(), self.now());
        self.edit_complaint(id, |c| ops::find_not_ours(c, explanation, &actor, now))
    }

    /// Closes the complaint after its last step.
    pub fn close_complaint(&mut self, id: &DocId) -> Result<ComplaintView, ApiError> {
        let (actor, now) = (self.actor.clone(), self.now());
        self.edit_complaint(id, |c| ops::close(c, &actor, now))
    }

    /// The report of `month` (year, 1–12), or of the previous month in the
    /// company's time zone.
    pub fn complaint_report(&self, month: Option<(i32, u32)>) -> Result<MonthlyReport, ApiError> {
        self.office_only()?;
        let tz = self.cfg().tz;
        let (year, month) = month.unwrap_or_else(|| previous_month(self.now(), tz));
        if !(1..=12).contains(&month) || !(2000..=9999).contains(&year) {
            return Err(ApiError::invalid(format!("{year}-{month} is not a month")));
        }
        let (start, end) = month_bounds(year, month, tz);
        let lines = self
            .store
            .complaints_received(start, end)?
            .into_iter()
            .map(|r| {
                Ok(ReportLine {
                    customer_org: self.customer_org(r.customer_id.as_ref())?,
                    complaint: r,
                })
            })
            .collect::<Result<Vec<_>, ApiError>>()?;
        let closed = self.store.count_closed_orders(start, end)?;
        let submission = match self.store.load(&report_id(year, month))? {
            Some(am) => Some(doc::read::<ComplaintReportRecord, _>(
                &am,
                DocKind::ComplaintReport,
            )?),
            None => None,
        };
        let mut report =
            MonthlyReport::build((year, month), tz, self.now(), lines, closed, submission);
        report.submitted_by_name = report
            .submission
            .as_ref()
            .map(|s| super::derive::display_name(&s.submitted_by, &self.directory()));
        Ok(report)
    }

    /// Records that the report of `month` of `year` was submitted, by whom
    /// and when, with its figures (once per month; refused before the
    /// month is over).
    pub fn submit_complaint_report(
        &mut self,
        year: i32,
        month: u32,
    ) -> Result<MonthlyReport, ApiError> {
        let report = self.complaint_report(Some((year, month)))?;
        if report.submission.is_some() {
            return Err(ComplaintError::AlreadySubmitted(report.month_key()).into());
        }
        let record = ops::submit(
            (year, month),
            (report.total, report.closed_orders),
            self.cfg().tz,
            &self.actor,
            self.now(),
        )?;
        let mut am = self.new_doc(DocKind::ComplaintReport, &record)?;
        self.store.create_doc(&record.id, &mut am)?;
        tracing::info!(month = %report.month_key(), "complaint report submitted");
        self.complaint_report(Some((year, month)))
    }

    /// The report as CSV text, and its file name.
    pub fn complaint_report_csv(
        &self,
        year: i32,
        month: u32,
        company: &str,
    ) -> Result<(String, String), ApiError> {
        let r = self.complaint_report(Some((year, month)))?;
        Ok((r.file_name("csv"), r.to_csv(company, self.cfg().tz)))
    }

    /// Writes the report's CSV to `path` (given `.csv` when it has none).
    pub fn export_complaint_report_csv_at(
        &self,
        year: i32,
        month: u32,
        company: &str,
        path: &Path,
    ) -> Result<PathResult, ApiError> {
        let (_, csv) = self.complaint_report_csv(year, month, company)?;
        write_export(
            &ExportKind::Csv.with_extension(path),
            csv.as_bytes(),
            "complaint report CSV written",
        )
    }

    /// Prints the report to `path` as PDF (given `.pdf` when it has none).
    #[cfg(feature = "report")]
    pub fn export_complaint_report_pdf_at(
        &self,
        year: i32,
        month: u32,
        path: &Path,
        font: &crate::report::CjkFont,
        company: &str,
    ) -> Result<PathResult, ApiError> {
        let r = self.complaint_report(Some((year, month)))?;
        let pdf = crate::report::complaints::render_complaint_report(&r, company, font)?;
        write_export(
            &ExportKind::Pdf.with_extension(path),
            &pdf,
            "complaint report PDF written",
        )
    }

    /// The organisation of customer `id`, when this device holds it.
    fn customer_org(&self, id: Option<&DocId>) -> Result<Option<String>, ApiError> {
        let Some(id) = id else { return Ok(None) };
        let Some(am) = self.store.load(id)? else {
            return Ok(None);
        };
        Ok(doc::read::<Customer, _>(&am, DocKind::Customer)
            .ok()
            .map(|c| c.org))
    }

    fn complaint_view(&self, c: Complaint) -> Result<ComplaintView, ApiError> {
        let work_order_number = match &c.work_order_id {
            Some(id) => self.store.work_order_number(id)?,
            None => None,
        };
        let directory = self.directory();
        let named = c
            .steps
            .iter()
            .map(|s| s.owner.as_str())
            .chain([c.created_by.as_str(), c.closed_by.as_str()])
            .chain(c.not_ours.as_ref().map(|n| n.by.as_str()))
            .filter(|u| !u.is_empty());
        let people = named
            .map(|u| (u.to_string(), super::derive::display_name(u, &directory)))
            .collect();
        Ok(ComplaintView {
            customer_org: self.customer_org(c.customer_id.as_ref())?,
            stage: stage_of(&c),
            next_step: next_step(&c.steps),
            may_find_not_ours: c.closed_at.is_none() && steps_done(&c.steps) >= 2,
            work_order_number,
            people,
            complaint: c,
        })
    }

    /// One transaction on one complaint: `f` changes the typed struct.
    fn edit_complaint(
        &mut self,
        id: &DocId,
        f: impl FnOnce(&mut Complaint) -> Result<(), ComplaintError>,
    ) -> Result<ComplaintView, ApiError> {
        self.office_only()?;
        Self::ensure_kind(id, DocKind::Complaint)?;
        let c = self
            .store
            .edit(std::slice::from_ref(id), |docs: &mut [AutoCommit]| {
                let mut c: Complaint = doc::read(&docs[0], DocKind::Complaint)?;
                f(&mut c)?;
                doc::write(&mut docs[0], &c)?;
                Ok::<_, ApiError>(c)
            })?;
        self.complaint_view(c)
    }
}

#[cfg(test)]
mod tests;
