//! The office's reports (office only; everyone else gets `forbidden`): a
//! period's report in one language ([`Device::stats_report`]) and the
//! orders or complaints behind one of its figures
//! ([`Device::stats_orders`]). Both read the projections once
//! ([`crate::stats::facts`]) and run the pure figures over them
//! ([`crate::stats::figures`]), so a bar and the list behind it are the
//! same classification of the same rows at the same instant. Engineers are
//! named from the cached staff directory (the user name where it has
//! none), warehouses from the company settings, contracts by their
//! customer's organisation and number (the few contract documents the
//! period's charges name).

use std::collections::{BTreeMap, BTreeSet};

use super::{ApiError, Device};
use crate::doc;
use crate::model::{Contract, Customer, DocId, DocKind};
use crate::rules::state::Role;
use crate::stats::facts::Facts;
use crate::stats::figures::{self, Names};
use crate::stats::period::file_key;
use crate::stats::{
    Drill, Lang, Period, PeriodError, PeriodSpec, Report, StatsExport, StatsOrders,
};

impl From<crate::stats::export::ExportError> for ApiError {
    fn from(e: crate::stats::export::ExportError) -> ApiError {
        ApiError::internal(e.to_string())
    }
}

impl From<PeriodError> for ApiError {
    fn from(e: PeriodError) -> Self {
        ApiError::invalid(e.to_string())
    }
}

impl Device {
    fn stats_office_only(&self) -> Result<(), ApiError> {
        if self.actor.role == Role::Office {
            Ok(())
        } else {
            Err(ApiError::forbidden(format!(
                "only the office sees the reports (signed in as {})",
                self.actor.role.as_str()
            )))
        }
    }

    fn stats_facts(&self, period: &PeriodSpec) -> Result<(Period, Facts), ApiError> {
        let period = Period::new(period, self.cfg().tz)?;
        let facts = Facts::read(&self.store, &period)?;
        Ok((period, facts))
    }

    /// The report of `period` in `lang`, computed now (open clocks and
    /// unfiled records judged at this instant).
    pub fn stats_report(&self, period: &PeriodSpec, lang: Lang) -> Result<Report, ApiError> {
        self.stats_office_only()?;
        let (period, facts) = self.stats_facts(period)?;
        let names = self.stats_names(&facts);
        Ok(figures::report(&facts, &period, &names, self.now(), lang))
    }

    /// The orders (or, for complaints, the complaints) behind `drill` in
    /// `period`: at most [`StatsOrders::MAX_LISTED`], newest call first,
    /// and how many in all.
    pub fn stats_orders(
        &self,
        period: &PeriodSpec,
        drill: &Drill,
    ) -> Result<StatsOrders, ApiError> {
        self.stats_office_only()?;
        let (period, facts) = self.stats_facts(period)?;
        let selected = figures::drill(&facts, &period, drill, self.now());
        let limit = StatsOrders::MAX_LISTED;
        let orders = match selected.orders.is_empty() {
            true => Vec::new(),
            false => self
                .store
                .work_orders_by_ids(&selected.orders, limit as u32)?,
        };
        let complaints = match selected.complaints.is_empty() {
            true => Vec::new(),
            false => {
                let wanted: BTreeSet<&str> =
                    selected.complaints.iter().map(String::as_str).collect();
                let mut rows = self.store.complaints_received(period.from, period.to)?;
                rows.retain(|r| wanted.contains(r.id.as_str()));
                rows.sort_by(|a, b| (b.received_at, &b.id).cmp(&(a.received_at, &a.id)));
                rows.truncate(limit);
                rows
            }
        };
        let total = selected.orders.len() + selected.complaints.len();
        Ok(StatsOrders {
            orders,
            complaints,
            total: u32::try_from(total).unwrap_or(u32::MAX),
        })
    }

    /// The file name an export is offered under: `报表-2026-03-sla_times.csv`
    /// (one table), `服务报表-2026-03.xlsx` / `.pdf` (the whole report); the
    /// period as `2026-03`, `2026-Q1`, `2026` or `2026-03-01_2026-03-15`.
    pub fn stats_file_name(period: &PeriodSpec, what: &StatsExport) -> String {
        let key = file_key(period);
        match what {
            StatsExport::Csv { table } => {
                let table: String = table
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                format!("报表-{key}-{table}.csv")
            }
            StatsExport::Xlsx => format!("服务报表-{key}.xlsx"),
            StatsExport::Pdf => format!("服务报表-{key}.pdf"),
        }
    }

    /// The names the report shows: engineers from the staff directory,
    /// warehouses from the settings, the period's contracts.
    fn stats_names(&self, facts: &Facts) -> Names {
        let contracts: BTreeSet<&str> = facts
            .signed
            .iter()
            .filter_map(|s| s.contract_id.as_deref())
            .collect();
        Names {
            engineers: self.directory(),
            warehouses: self
                .cfg()
                .warehouses
                .iter()
                .map(|w| (w.code.clone(), w.name.clone()))
                .collect(),
            contracts: contracts
                .into_iter()
                .filter_map(|id| Some((id.to_string(), self.contract_label(id)?)))
                .collect::<BTreeMap<_, _>>(),
        }
    }

    /// `重庆市农业委员会检测中心 HT-2026-001`: the contract's customer and
    /// number; `None` when the device does not hold it (the table shows
    /// the id's tail).
    fn contract_label(&self, id: &str) -> Option<String> {
        let id: DocId = id.parse().ok()?;
        let am = self.store.load(&id).ok()??;
        let c: Contract = doc::read(&am, DocKind::Contract).ok()?;
        let org = self
            .store
            .load(&c.customer_id)
            .ok()
            .flatten()
            .and_then(|am| doc::read::<Customer, _>(&am, DocKind::Customer).ok())
            .map(|c| c.org)
            .unwrap_or_default();
        let number = match c.number.trim() {
            "" => crate::stats::figures::id_tail(id.as_str()),
            n => n.to_string(),
        };
        Some(match org.trim() {
            "" => number,
            o => format!("{o} {number}"),
        })
    }
}

/// The exports: a table as CSV, the report as XLSX, the service report as
/// PDF (feature `report`).
#[cfg(feature = "report")]
mod export {
    use std::path::Path;

    use super::super::transfer::{write_export, ExportKind};
    use super::super::{ApiError, Device, PathResult};
    use crate::report::CjkFont;
    use crate::stats::{export, Lang, PeriodSpec, StatsExport};

    impl StatsExport {
        /// The file kind it writes (the save dialog's filter).
        pub fn kind(&self) -> ExportKind {
            match self {
                StatsExport::Csv { .. } => ExportKind::Csv,
                StatsExport::Xlsx => ExportKind::Xlsx,
                StatsExport::Pdf => ExportKind::Pdf,
            }
        }
    }

    impl Device {
        /// Computes the report of `period` in `lang` now and writes `what`
        /// of it to `path` (given the kind's extension when it has none),
        /// in one atomic write. A table id the report does not have is
        /// refused (`invalid`) and nothing is written.
        pub fn stats_export_to(
            &self,
            period: &PeriodSpec,
            lang: Lang,
            what: &StatsExport,
            path: &Path,
            font: &CjkFont,
            company: &str,
        ) -> Result<PathResult, ApiError> {
            let report = self.stats_report(period, lang)?;
            let bytes = match what {
                StatsExport::Csv { table } => {
                    let Some(t) = report.tables.iter().find(|t| &t.id == table) else {
                        return Err(ApiError::invalid(format!(
                            "the report has no table \"{table}\""
                        )));
                    };
                    export::csv(t)
                }
                StatsExport::Xlsx => export::xlsx(&report)?,
                StatsExport::Pdf => crate::report::stats::render(&report, font, company)?,
            };
            write_export(&what.kind().with_extension(path), &bytes, "report exported")
        }
    }
}
