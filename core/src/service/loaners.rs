//! Loaner equipment 备用机: the pool lives in the company settings
//! (`CompanySettings.loaners`), each unit's state is derived — out while
//! some order's `loaner` names its serial without a return, retired when
//! the office retired it, available otherwise. The office issues a unit to
//! an open order (the loaner prompt on the board leads here) and records
//! its return; the list shows the units out first, longest out first.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::views::WorkOrderView;
use super::{ApiError, Device};
use crate::model::{DocId, DocKind, Ts, WorkOrder};
use crate::rules::localtime::local_date;
use crate::settings::LoanerUnit;
use crate::store::LoanerOut;
use crate::string_enum;

string_enum! {
    /// A loaner unit's state, derived.
    pub enum LoanerState {
        /// In the pool, free to lend.
        Available = "available",
        /// Lent on an order and not back yet.
        Out = "out",
        /// No longer lent.
        Retired = "retired",
    }
}

/// A row of the loaner list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LoanerRow {
    /// Model (empty for a unit out that is not in the pool).
    pub model: String,
    /// Serial number.
    pub serial: String,
    /// State.
    pub state: LoanerState,
    /// The order it is out on.
    pub work_order_id: Option<DocId>,
    /// That order's number.
    pub work_order_no: Option<String>,
    /// That order's customer.
    pub customer_org: Option<String>,
    /// When it was issued.
    pub issued_at: Option<Ts>,
    /// Days out, counted in company days.
    pub days_out: Option<i64>,
}

fn same(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

impl Device {
    fn ensure_office_for(&self, what: &str) -> Result<(), ApiError> {
        self.actor
            .ensure_office(|_| ApiError::forbidden(format!("only the office may {what}")))
    }

    /// The time `field` gives, or now without one; refused (`invalid`,
    /// naming the field) when it is in the future.
    fn past_or_now(&self, field: &str, at: Option<Ts>) -> Result<DateTime<Utc>, ApiError> {
        let now = self.now();
        let at = at.map_or(now, |t| t.0);
        if at > now {
            return Err(ApiError::invalid(format!(
                "{field}: {} is in the future",
                Ts(at)
            )));
        }
        Ok(at)
    }

    fn loaner_pool(&self) -> Result<Vec<LoanerUnit>, ApiError> {
        Ok(self.company_settings()?.settings.loaners)
    }

    /// Issues loaner unit `serial` of the pool to open order `id` (office
    /// only), at `issued_at` (`None`: now). Refused (`invalid`, naming the
    /// field) when the unit is not in the pool, is retired or is out, the
    /// order is no longer open or already has a unit out, or the time is
    /// in the future.
    pub fn issue_loaner(
        &mut self,
        id: &DocId,
        serial: &str,
        issued_at: Option<Ts>,
    ) -> Result<WorkOrderView, ApiError> {
        self.ensure_office_for("issue a loaner")?;
        Self::ensure_kind(id, DocKind::WorkOrder)?;
        let at = self.past_or_now("issued_at", issued_at)?;
        let pool = self.loaner_pool()?;
        let unit = pool
            .iter()
            .find(|u| same(&u.serial, serial))
            .ok_or_else(|| {
                ApiError::invalid(format!(
                    "serial: {} is not in the loaner pool",
                    serial.trim()
                ))
            })?
            .clone();
        if unit.retired {
            return Err(ApiError::invalid(format!(
                "serial: {} is retired",
                unit.serial
            )));
        }
        if let Some(out) = self
            .store
            .loaners_out()?
            .into_iter()
            .find(|o| same(&o.serial, &unit.serial))
        {
            return Err(ApiError::invalid(format!(
                "serial: {} is out on {}",
                unit.serial, out.number
            )));
        }
        let wo: WorkOrder = self.read_doc(id, DocKind::WorkOrder)?;
        if wo.status.is_final() {
            return Err(ApiError::invalid(format!(
                "work_order_id: {} is {}, no longer open",
                wo.number,
                wo.status.words()
            )));
        }
        self.edit_wo(id, |wo, actor, _| {
            crate::ops::issue_loaner(wo, &unit.model, &unit.serial, actor, at)
        })
    }

    /// Records that order `id`'s loaner came back (office only), at
    /// `returned_at` (`None`: now). Allowed any time: normally once the
    /// fix is done (resolved or later), but a customer may hand it back
    /// earlier.
    pub fn return_loaner(
        &mut self,
        id: &DocId,
        returned_at: Option<Ts>,
    ) -> Result<WorkOrderView, ApiError> {
        self.ensure_office_for("record a loaner's return")?;
        let at = self.past_or_now("returned_at", returned_at)?;
        self.edit_wo(id, |wo, actor, _| {
            if let Some(l) = &wo.loaner {
                if at < l.issued_at.0 {
                    return Err(crate::ops::OpError::Invalid(format!(
                        "returned_at: before the loaner was issued ({})",
                        l.issued_at
                    )));
                }
            }
            crate::ops::return_loaner(wo, actor, at)
        })
    }

    /// The loaner units (office only): out first, longest out first, then
    /// available, then retired, by serial.
    pub fn list_loaners(&self) -> Result<Vec<LoanerRow>, ApiError> {
        self.ensure_office_for("read the loaners")?;
        let today = self.today();
        let tz = self.cfg().tz;
        let mut out: BTreeMap<String, LoanerOut> = BTreeMap::new();
        for o in self.store.loaners_out()? {
            out.entry(o.serial.trim().to_lowercase()).or_insert(o);
        }
        let pool = self.loaner_pool()?;
        let mut rows: Vec<LoanerRow> = Vec::new();
        for u in &pool {
            let key = u.serial.trim().to_lowercase();
            let row = match out.remove(&key) {
                Some(o) => out_row(u.model.clone(), o, today, tz),
                None => LoanerRow {
                    model: u.model.clone(),
                    serial: u.serial.clone(),
                    state: match u.retired {
                        true => LoanerState::Retired,
                        false => LoanerState::Available,
                    },
                    work_order_id: None,
                    work_order_no: None,
                    customer_org: None,
                    issued_at: None,
                    days_out: None,
                },
            };
            rows.push(row);
        }
        // Units out that the pool does not list (issued before the pool).
        rows.extend(
            out.into_values()
                .map(|o| out_row(String::new(), o, today, tz)),
        );
        let rank = |s: LoanerState| match s {
            LoanerState::Out => 0,
            LoanerState::Available => 1,
            LoanerState::Retired => 2,
        };
        rows.sort_by(|a, b| {
            rank(a.state)
                .cmp(&rank(b.state))
                .then(a.issued_at.cmp(&b.issued_at))
                .then(a.serial.cmp(&b.serial))
        });
        Ok(rows)
    }
}

fn out_row(model: String, o: LoanerOut, today: chrono::NaiveDate, tz: chrono_tz::Tz) -> LoanerRow {
    LoanerRow {
        model,
        serial: o.serial,
        state: LoanerState::Out,
        days_out: o
            .issued_at
            .map(|t| (today - local_date(t.0, tz)).num_days().max(0)),
        work_order_id: Some(o.work_order_id),
        work_order_no: Some(o.number),
        customer_org: Some(o.customer_org),
        issued_at: o.issued_at,
    }
}

#[cfg(test)]
mod tests;
