//! Filing receipts and tamper flags: what the server writes into a signed
//! work order after every change it accepts.
//!
//! Not filed yet: the sign-off is checked with
//! [`onsite_core::signoff::verify_history`] — the content now against the
//! content at the change that created the sign-off (what the customer saw)
//! and against the stored hash, so a hash recomputed after an edit hides
//! nothing. Valid: the server writes `filing = {received_at: server now,
//! content_hash, via}`, moves a `signed` order to `filed` (with a history
//! entry by `server`), and records a receipt with the hash it verified.
//! Changed after signing: it writes `tamper_flag = {detected_at, reason}`
//! and records a flag; it does not file.
//!
//! Filed already: the content now is hashed and compared with the hash in
//! the server's own receipt (not the document's); a difference is flagged
//! the same way, and the filing, its receipt and the status stay as they
//! were at filing. A record is flagged once. All of it is outside the
//! signed content, and is an ordinary Automerge change that syncs back.
//! The caller writes it under the server's own actor
//! ([`crate::store::ServerStore::server_actor`]); its time is Unix
//! milliseconds, like every change timestamp.

use automerge::transaction::CommitOptions;
use automerge::AutoCommit;
use onsite_core::doc::{self, DocError};
use onsite_core::model::{DocKind, FilingReceipt, TamperFlag, TransitionRecord, Ts, WorkOrder};
use onsite_core::rules::state::Status;
use onsite_core::signoff::{self, SignatureCheck};

use crate::store::{Flag, Receipt};

/// The user name the server's own changes are attributed to.
pub const SERVER_USER: &str = "server";

/// What filing did to a work order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filing {
    /// Nothing to do: not a complete work order, not signed, already filed
    /// or already flagged.
    Nothing,
    /// Filed now.
    Filed(Receipt),
    /// Flagged now: the signed content changed after signing.
    Flagged(Flag),
}

impl Filing {
    /// The receipt and flag rows that go with the commit.
    pub fn into_rows(self) -> (Option<Receipt>, Option<Flag>) {
        match self {
            Filing::Filed(r) => (Some(r), None),
            Filing::Flagged(f) => (None, Some(f)),
            Filing::Nothing => (None, None),
        }
    }
}

/// Files or flags `doc` (a work order) as one server change at `now`:
/// files it when it is signed, not filed and verifies; flags it when its
/// signed content changed after signing or after filing (compared with
/// `filed`, the server's own receipt); otherwise does nothing.
pub fn file_or_flag(
    doc: &mut AutoCommit,
    id: &str,
    now: Ts,
    via: &str,
    filed: Option<&Receipt>,
) -> Result<Filing, DocError> {
    let Ok(wo) = doc::read::<WorkOrder, _>(doc, DocKind::WorkOrder) else {
        return Ok(Filing::Nothing);
    };
    let Some(signed) = &wo.signoff else {
        return Ok(Filing::Nothing);
    };
    if wo.tamper_flag.is_some() {
        return Ok(Filing::Nothing);
    }
    let check = match (&wo.filing, filed) {
        (Some(_), Some(receipt)) => {
            let actual = signoff::content_hash(&wo, signed);
            if actual == receipt.content_hash {
                return Ok(Filing::Nothing);
            }
            SignatureCheck::ChangedAfterSigning {
                expected: receipt.content_hash.clone(),
                actual,
            }
        }
        (Some(_), None) => match signoff::verify(&wo) {
            SignatureCheck::Valid => return Ok(Filing::Nothing),
            found => found,
        },
        (None, _) => signoff::verify_history(doc),
    };
    let outcome = match check {
        SignatureCheck::Unsigned | SignatureCheck::Flagged { .. } => return Ok(Filing::Nothing),
        SignatureCheck::Valid => {
            let receipt = FilingReceipt {
                received_at: now,
                content_hash: wo
                    .signoff
                    .as_ref()
                    .map(|s| s.content_hash.clone())
                    .unwrap_or_default(),
                via: via.to_string(),
            };
            autosurgeon::reconcile_prop(&mut *doc, automerge::ROOT, "filing", &receipt)?;
            if wo.status == Status::Signed {
                file_status(doc, &wo, now)?;
            }
            Filing::Filed(Receipt {
                doc_id: id.to_string(),
                received_at: now.to_rfc3339(),
                content_hash: receipt.content_hash,
                via: receipt.via,
            })
        }
        SignatureCheck::ChangedAfterSigning { expected, actual } => {
            let when = if wo.filing.is_some() {
                "filing"
            } else {
                "signing"
            };
            let flag = TamperFlag {
                detected_at: now,
                reason: format!(
                    "signed content changed after {when}: it hashes to {actual}, the customer signed {expected}"
                ),
            };
            autosurgeon::reconcile_prop(&mut *doc, automerge::ROOT, "tamper_flag", &flag)?;
            Filing::Flagged(Flag {
                doc_id: id.to_string(),
                detected_at: now.to_rfc3339(),
                reason: flag.reason,
            })
        }
    };
    let message = match &outcome {
        Filing::Filed(_) => "filing receipt",
        _ => "tamper flag",
    };
    doc.commit_with(
        CommitOptions::default()
            .with_message(message.to_string())
            .with_time(now.0.timestamp_millis()),
    );
    Ok(outcome)
}

/// Moves a signed order to `filed`, with its history entry.
fn file_status(doc: &mut AutoCommit, wo: &WorkOrder, now: Ts) -> Result<(), DocError> {
    use automerge::transaction::Transactable;
    doc.put(automerge::ROOT, "status", Status::Filed.as_str())?;
    let mut history = wo.history.clone();
    history.push(TransitionRecord {
        from: Status::Signed,
        to: Status::Filed,
        action: "file".to_string(),
        at: now,
        by: SERVER_USER.to_string(),
    });
    autosurgeon::reconcile_prop(&mut *doc, automerge::ROOT, "history", &history)?;
    Ok(())
}
