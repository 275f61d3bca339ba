//! The history tab and its CSV: [`Device::doc_history`] builds a
//! document's field history ([`crate::history`]) from a clone of the
//! document, the provenance the device cached from the sync server and
//! the company's clock-skew margin; [`Device::export_history_csv_to`]
//! writes it as CSV (office only). Who may read a history is who may open
//! the document: a work order as [`Device::get_work_order`] (an engineer
//! only their own), a part or a pickup also for the storekeeper (a pickup
//! also for the engineer who took it), every other kind the office only.
//! The work-order view's clock-skew badge
//! ([`WorkOrderView::clock_skew_minutes`]) is computed here too.
//!
//! [`WorkOrderView::clock_skew_minutes`]: super::WorkOrderView::clock_skew_minutes

use automerge::AutoCommit;

use super::transfer::{write_export, ExportKind, ExportTo};
use super::{ApiError, Device, PathResult};
use crate::doc;
use crate::history::{field_history, history_csv, DocHistory, HistoryConfig};
use crate::model::{DocId, DocKind, Pickup};
use crate::rules::state::Role;
use crate::settings::model::DEFAULT_CLOCK_SKEW_MINUTES;
use crate::settings::{self, CompanySettings};
use crate::stats::Lang;

const MINUTE_MS: i64 = 60_000;

impl Device {
    /// The field history of document `id` in `lang`, with what the sync
    /// server vouched for as far as this device has fetched it.
    pub fn doc_history(&self, id: &DocId, lang: Lang) -> Result<DocHistory, ApiError> {
        let (mut am, _) = self.readable_doc(id)?;
        let prov = self.store.provenance(id)?;
        let cfg = HistoryConfig {
            skew_margin_minutes: self.skew_margin()?,
            lang,
        };
        field_history(&mut am, id, &prov, &cfg).map_err(|e| ApiError::invalid(e.to_string()))
    }

    /// The name the history's CSV proposes: `<number>-历史.csv` /
    /// `<number>-history.csv` (a work order's number; other documents
    /// their id).
    pub fn history_file_name(&self, id: &DocId, lang: Lang) -> Result<String, ApiError> {
        let (_, name) = self.readable_doc(id)?;
        Ok(ExportKind::Csv.file_name(&stem(&name, lang)))
    }

    /// Writes the history of `id` as CSV `to` a folder or a chosen file
    /// (office only); times in the company's zone.
    pub fn export_history_csv_to(
        &self,
        id: &DocId,
        lang: Lang,
        to: ExportTo<'_>,
    ) -> Result<PathResult, ApiError> {
        if self.actor.role != Role::Office {
            return Err(ApiError::forbidden("only the office exports a history"));
        }
        let (_, name) = self.readable_doc(id)?;
        let history = self.doc_history(id, lang)?;
        let bytes = history_csv(&history, lang, self.cfg().tz);
        let path = to.path(ExportKind::Csv, &stem(&name, lang));
        write_export(&path, &bytes, "history CSV written")
    }

    /// The company's clock-skew margin in minutes (absent settings: 10).
    pub fn skew_margin(&self) -> Result<i64, ApiError> {
        Ok(match self.store.load(&settings::settings_id())? {
            Some(am) => {
                doc::read::<CompanySettings, _>(&am, DocKind::Settings)?.clock_skew_margin()
            }
            None => DEFAULT_CLOCK_SKEW_MINUTES,
        })
    }

    /// The order's largest push skew in minutes (signed), when above the
    /// margin.
    pub(super) fn clock_skew_minutes(&self, id: &DocId) -> Result<Option<i64>, ApiError> {
        // The cheap question first: most orders have no skew at all.
        let Some(max) = self.store.max_push_skew_ms(id)? else {
            return Ok(None);
        };
        if max <= MINUTE_MS {
            return Ok(None);
        }
        if max <= self.skew_margin()?.saturating_mul(MINUTE_MS) {
            return Ok(None);
        }
        let signed = self
            .store
            .provenance(id)?
            .receipts
            .values()
            .filter_map(|r| r.push_skew_ms)
            .max_by_key(|s| s.abs())
            .unwrap_or(max);
        Ok(Some(signed / MINUTE_MS))
    }

    /// A clone of document `id` if this user may open it, with the name
    /// its files take (a work order's number, else its id).
    fn readable_doc(&self, id: &DocId) -> Result<(AutoCommit, String), ApiError> {
        let role = self.actor.role;
        let name = match id.kind() {
            DocKind::WorkOrder => {
                let (am, wo) = self.load_wo(id)?;
                return Ok((am, wo.number));
            }
            _ if role == Role::Office => id.as_str().to_string(),
            DocKind::Part if role == Role::Storekeeper => id.as_str().to_string(),
            DocKind::Pickup if role == Role::Storekeeper || role == Role::Engineer => {
                let am = self.load_doc(id, DocKind::Pickup)?;
                let p: Pickup = doc::read(&am, DocKind::Pickup)?;
                if role == Role::Engineer && p.engineer != self.actor.name {
                    return Err(ApiError::forbidden("another engineer's pickup"));
                }
                return Ok((am, id.as_str().to_string()));
            }
            kind => {
                return Err(ApiError::forbidden(format!(
                    "only the office reads the history of a {} document",
                    kind.prefix()
                )))
            }
        };
        let am = self.load_doc(id, id.kind())?;
        Ok((am, name))
    }
}

/// `WO-2024-0001-历史` / `…-history`.
fn stem(name: &str, lang: Lang) -> String {
    let word = match lang {
        Lang::Zh => "历史",
        Lang::En => "history",
    };
    format!("{name}-{word}")
}

#[cfg(test)]
mod tests;
