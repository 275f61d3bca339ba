//! `POST /v1/import` (office only): a signed work order exported from a
//! device as a file (the bytes of `AutoCommit::save()`), brought to the
//! office by another route. The server merges it into its copy and files it
//! with `via: "import"` if the signature verifies; the receipt then syncs to
//! the engineer's device like one written at sync.

use automerge::AutoCommit;
use axum::http::StatusCode;
use onsite_core::doc;
use onsite_core::model::{DocKind, WorkOrder};
use onsite_core::sync::protocol::codes;
use serde::Serialize;

use crate::access::Access;
use crate::error::HttpError;
use crate::filing::Filing;
use crate::role::Role;
use crate::store::{DocCommit, StoreError};
use crate::sync::{guarded, SyncContext};

/// The answer to a successful import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Imported {
    /// The work order's id.
    pub id: String,
    /// The filing time (RFC 3339): now, or the earlier receipt's.
    pub filed_at: String,
    /// How it was first filed: `import`, or `sync` if it already had been.
    pub via: String,
}

fn bad(message: impl Into<String>) -> HttpError {
    HttpError::new(StatusCode::BAD_REQUEST, codes::BAD_MESSAGE, message)
}

/// Imports an exported work-order file.
pub fn import(ctx: &SyncContext<'_>, bytes: &[u8]) -> Result<Imported, HttpError> {
    if ctx.principal.role != Role::Office {
        return Err(HttpError::forbidden(
            "only the office imports signed records",
        ));
    }
    let imported = match guarded(|| AutoCommit::load(bytes)) {
        Ok(Ok(d)) => d,
        Ok(Err(e)) => return Err(bad(format!("not an Automerge document: {e}"))),
        Err(_) => return Err(bad("the file could not be read by the CRDT library")),
    };
    let wo: WorkOrder = doc::read(&imported, DocKind::WorkOrder)
        .map_err(|e| bad(format!("not a work order: {e}")))?;
    if wo.signoff.is_none() {
        return Err(HttpError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            codes::NOT_SIGNED,
            format!("{} is not signed; only signed records are imported", wo.id),
        ));
    }
    let id = wo.id.as_str().to_string();
    for _ in 0..5 {
        let mut copy = imported.clone();
        match guarded(|| merge_and_file(ctx, &id, &mut copy)) {
            Ok(Ok(merged)) => return answer(&id, &merged),
            Ok(Err(StoreError::Conflict(_))) => continue,
            Ok(Err(e)) => return Err(e.into()),
            Err(_) => return Err(bad("the file could not be merged by the CRDT library")),
        }
    }
    Err(HttpError::internal("the work order is busy; retry"))
}

fn merge_and_file(
    ctx: &SyncContext<'_>,
    id: &str,
    imported: &mut AutoCommit,
) -> Result<WorkOrder, StoreError> {
    let stored = ctx.store.load_doc(id)?;
    let expected_seq = stored.as_ref().map(|s| s.seq);
    let mut doc = stored.map(|s| s.doc).unwrap_or_default();
    if let Err(e) = doc.merge(imported) {
        tracing::warn!(doc = id, error = %e, "import does not merge");
    }
    let (receipt, flag) = match ctx.file(&mut doc, id, DocKind::WorkOrder, "import") {
        Filing::Filed(r) => (Some(r), None),
        Filing::Flagged(f) => (None, Some(f)),
        Filing::Nothing => (None, None),
    };
    ctx.store.commit_doc(DocCommit {
        id,
        kind: DocKind::WorkOrder,
        expected_seq,
        access: Access::derive(DocKind::WorkOrder, &doc),
        doc: &mut doc,
        sync_state: None,
        receipt,
        flag,
    })?;
    Ok(doc::read(&doc, DocKind::WorkOrder).unwrap_or_else(|_| {
        // Merged with a copy that does not hydrate: report as not filed.
        doc::read(imported, DocKind::WorkOrder).expect("checked above")
    }))
}

fn answer(id: &str, merged: &WorkOrder) -> Result<Imported, HttpError> {
    match (&merged.filing, &merged.tamper_flag) {
        (Some(f), _) => Ok(Imported {
            id: id.to_string(),
            filed_at: f.received_at.to_rfc3339(),
            via: f.via.clone(),
        }),
        (None, Some(flag)) => Err(HttpError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            codes::CHANGED_AFTER_SIGNING,
            format!(
                "stored and flagged for the office, not filed: {}",
                flag.reason
            ),
        )),
        (None, None) => Err(HttpError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            codes::NOT_SIGNED,
            "the merged record is not signed",
        )),
    }
}
