//! Moving a signed record without the network: the engineer exports the
//! work order's Automerge document as a file, the office imports it (a
//! merge, so nothing either side has is lost). The import verifies the
//! signature and, when it verifies, files the record with the office's
//! receipt time (`via: "import"`): the domain rules count the office's
//! import as filing. A record that does not verify is merged but not filed.

use automerge::AutoCommit;

use super::views::ImportResult;
use super::{ApiError, Device};
use crate::doc;
use crate::model::{DocId, DocKind, WorkOrder};
use crate::ops::record_filing;
use crate::rules::state::Role;
use crate::signoff::{verify, SignatureCheck};

impl Device {
    /// The work order's whole Automerge document, for a file. Refused
    /// (`not_signed`) until the customer signed.
    pub fn export_signed(&self, id: &DocId) -> Result<Vec<u8>, ApiError> {
        let (mut am, wo) = self.load_wo(id)?;
        if wo.signoff.is_none() {
            return Err(ApiError::new(
                "not_signed",
                format!(
                    "work order {} is not signed: only a signed record is exported",
                    wo.number
                ),
            ));
        }
        Ok(am.save())
    }

    /// Merges an exported signed record into this device's store (office
    /// only) and reports its signature check.
    pub fn import_signed(&mut self, bytes: &[u8]) -> Result<ImportResult, ApiError> {
        if self.actor.role != Role::Office {
            return Err(ApiError::forbidden(
                "only the office imports signed records",
            ));
        }
        let mut incoming = AutoCommit::load(bytes).map_err(|e| {
            ApiError::invalid(format!("the file is not a work-order document: {e}"))
        })?;
        let wo: WorkOrder = doc::read(&incoming, DocKind::WorkOrder).map_err(|e| {
            ApiError::invalid(format!("the file is not a work-order document: {e}"))
        })?;
        if wo.signoff.is_none() {
            return Err(ApiError::new(
                "not_signed",
                format!("work order {} in the file is not signed", wo.number),
            ));
        }
        let id: DocId = wo.id.clone();
        let now = self.now();
        let by = self.actor.name.clone();
        // Merge, then file on import: the office's import counts as filing
        // (domain rules), all in one transaction.
        let file = move |am: &mut AutoCommit| -> Result<(), ApiError> {
            let mut wo: WorkOrder =
                doc::read(am, DocKind::WorkOrder).map_err(|e| ApiError::invalid(e.to_string()))?;
            if wo.filing.is_none() && verify(&wo) == SignatureCheck::Valid {
                record_filing(&mut wo, now, "import", &by).map_err(ApiError::from)?;
                doc::write(am, &wo).map_err(|e| ApiError::invalid(e.to_string()))?;
            }
            Ok(())
        };
        let existed = self.store.load(&id)?.is_some();
        if existed {
            self.store.edit(std::slice::from_ref(&id), |docs| {
                docs[0]
                    .merge(&mut incoming)
                    .map_err(|e| ApiError::invalid(e.to_string()))?;
                file(&mut docs[0])
            })?;
        } else {
            incoming.set_actor(self.store.actor().clone());
            file(&mut incoming)?;
            self.store.create_doc(&id, &mut incoming)?;
        }
        let merged: WorkOrder = self.read_doc(&id, DocKind::WorkOrder)?;
        Ok(ImportResult {
            signature: verify(&merged),
            number: merged.number.clone(),
            status: merged.status,
            merged_into_existing: existed,
            id,
        })
    }
}
