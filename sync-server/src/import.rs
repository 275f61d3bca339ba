//! `POST /v1/import` (office only): a signed work order exported from a
//! device as a file (the bytes of `AutoCommit::save()`), brought to the
//! office by another route. The file's changes are the assigned engineer's,
//! so every new change must be written under an actor registered to one of
//! the engineer's devices (or to the importing office device; see
//! `crate::attribution`, refused whole with 422 `foreign_actor`), and
//! they are held to the engineer's write rules (`onsite_core::guard`)
//! against the server's copy, exactly as if the engineer's device had
//! synced them: a file that writes a filing receipt, clears a tamper flag,
//! reassigns the order or breaks the state machine is refused whole and
//! nothing of it is stored. Otherwise the server merges it into its copy
//! and files it with `via: "import"` if the signature verifies (by the
//! document's history, see `filing`); the receipt then syncs to the
//! engineer's device like one written at sync.

use automerge::AutoCommit;
use axum::http::StatusCode;
use onsite_core::doc;
use onsite_core::model::{DocId, DocKind, WorkOrder};
use onsite_core::sync::protocol::codes;
use serde::Serialize;

use onsite_core::guard::Writer;
use onsite_core::rules::state::Role;

use crate::access::Access;
use crate::attribution::{self, Arrival, AttributionError};
use crate::error::HttpError;
use crate::role::Role as ServerRole;
use crate::store::{DocCommit, StoreError};
use crate::sync::{guarded, refusal_code, SyncContext};

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
    if ctx.principal.role != ServerRole::Office {
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
    let id = wo.id.clone();
    for _ in 0..5 {
        let mut copy = imported.clone();
        match guarded(|| merge_and_file(ctx, &id, &mut copy)) {
            Ok(Ok(merged)) => return answer(id.as_str(), &merged),
            Ok(Err(Stop::Store(StoreError::Conflict(_)))) => continue,
            Ok(Err(Stop::Store(e))) => return Err(e.into()),
            Ok(Err(Stop::Refused(e))) => return Err(e),
            Err(_) => return Err(bad("the file could not be merged by the CRDT library")),
        }
    }
    Err(HttpError::internal("the work order is busy; retry"))
}

/// Why an import stops before anything is stored.
enum Stop {
    Store(StoreError),
    Refused(HttpError),
}

impl From<StoreError> for Stop {
    fn from(e: StoreError) -> Self {
        Stop::Store(e)
    }
}

fn merge_and_file(
    ctx: &SyncContext<'_>,
    id: &DocId,
    imported: &mut AutoCommit,
) -> Result<WorkOrder, Stop> {
    let Some(stored) = ctx.store.load_doc(id.as_str())? else {
        return Err(Stop::Refused(HttpError::new(
            StatusCode::NOT_FOUND,
            codes::NOT_FOUND,
            format!(
                "the server holds no work order {id}; it is created at the office and synced first"
            ),
        )));
    };
    let Some(engineer) = stored.access.assignee.clone() else {
        return Err(Stop::Refused(bad(format!(
            "{id} is assigned to nobody; nobody could have signed it"
        ))));
    };
    let expected_seq = Some(stored.seq);
    let assignee = stored.access.assignee.clone();
    let mut doc = stored.doc;
    let before_heads = doc.get_heads();
    if let Err(e) = doc.merge(imported) {
        return Err(Stop::Refused(bad(format!(
            "the file does not merge with the stored record: {e}"
        ))));
    }
    let mut changes = Vec::new();
    if doc.get_heads() != before_heads {
        let arrival = Arrival {
            principal: ctx.principal,
            import: true,
            received_at: ctx.clock.now().timestamp_millis(),
            push_skew_ms: None,
        };
        changes = match attribution::check_actors(
            ctx.store,
            arrival,
            id,
            assignee.as_deref(),
            &mut doc,
            &before_heads,
        ) {
            Ok(rows) => rows,
            Err(AttributionError::Foreign(why)) => {
                return Err(Stop::Refused(HttpError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    codes::FOREIGN_ACTOR,
                    format!("refused, nothing stored: {why}"),
                )))
            }
            Err(AttributionError::Store(e)) => return Err(Stop::Store(e)),
        };
        let writer = Writer {
            user: &engineer,
            role: Role::Engineer,
        };
        if let Err(r) = ctx.check(writer, id, &mut doc, &before_heads, true) {
            return Err(Stop::Refused(HttpError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                refusal_code(&r),
                format!("refused, nothing stored: {r}"),
            )));
        }
    }
    let (receipt, flag) = ctx
        .file(
            &mut doc,
            id.as_str(),
            DocKind::WorkOrder,
            "import",
            &mut changes,
        )?
        .into_rows();
    ctx.store.commit_doc(DocCommit {
        id: id.as_str(),
        kind: DocKind::WorkOrder,
        expected_seq,
        access: Access::derive(DocKind::WorkOrder, &doc),
        doc: &mut doc,
        sync_state: None,
        receipt,
        flag,
        changes,
    })?;
    doc::read(&doc, DocKind::WorkOrder)
        .map_err(|e| Stop::Refused(bad(format!("the merged record does not read: {e}"))))
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
