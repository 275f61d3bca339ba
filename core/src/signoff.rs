//! The customer's sign-off as evidence: the canonical form of everything the
//! customer saw, its SHA-256, and verification.
//!
//! The canonical form is the JSON text of [`SignedContent`]: keys in the
//! order declared below, no white space, integers for numbers, instants as
//! RFC 3339 UTC with whole seconds. Its SHA-256 in lower-case hex is stored
//! as `signoff.content_hash`. The filing receipt, the tamper flag, notes,
//! follow-ups and the status are outside the signed content: they may change
//! after signing. Any change to a field inside it — made on this device or
//! merged in from another — makes [`verify`] report
//! [`SignatureCheck::ChangedAfterSigning`].

use serde::Serialize;
use sha2::{Digest, Sha256};

mod history;
#[cfg(test)]
mod tests;

pub use history::{signed_hash, signed_validly, verify_history};

use crate::model::{
    ChargeOverrideRecord, CheckItem, CustomerInfo, EquipmentInfo, PartUse, ServiceRecord, SignOff,
    Timeline, WorkOrder,
};

/// Everything the customer saw and signed, in canonical order.
#[derive(Debug, Serialize)]
pub struct SignedContent<'a> {
    /// Canonical-form version (1).
    pub v: u32,
    /// The work-order document id.
    pub id: &'a str,
    /// The work-order number.
    pub number: &'a str,
    /// Customer.
    pub customer: &'a CustomerInfo,
    /// Equipment.
    pub equipment: &'a EquipmentInfo,
    /// Reported fault.
    pub fault: &'a str,
    /// Agreed repair items.
    pub repair_items: &'a [String],
    /// Timeline stamps.
    pub timeline: &'a Timeline,
    /// The service record.
    pub service: &'a ServiceRecord,
    /// Parts used.
    pub parts_used: &'a [PartUse],
    /// The charges as shown (JSON text).
    pub charges_json: &'a str,
    /// An override, if any.
    pub charge_override: Option<&'a ChargeOverrideRecord>,
    /// Signer.
    pub signer: &'a str,
    /// Signed at (RFC 3339).
    pub signed_at: String,
    /// Opinion.
    pub opinion: &'a str,
    /// Satisfaction 1–5.
    pub satisfaction: i64,
    /// Matches the agreed repair items.
    pub matches_agreed_items: bool,
    /// Signature strokes.
    pub strokes: &'a [String],
    /// A planned visit's checklist as ticked (left out when empty, so
    /// records without one keep their hash).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub checklist: &'a [CheckItem],
    /// The photos attached before signing, in list order: what each shows
    /// (its hash, kind and caption). Left out when there are none, so
    /// records without photos keep their hash.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<SignedPhoto<'a>>,
}

/// A photo as it enters the signed content: the bytes by their hash, what
/// it shows and its caption (size, time and author are not the customer's
/// concern).
#[derive(Debug, Serialize)]
pub struct SignedPhoto<'a> {
    /// SHA-256 of the stored JPEG.
    pub hash: &'a str,
    /// `fault`, `nameplate`, `repair` or `other`.
    pub kind: &'a str,
    /// The caption.
    pub caption: &'a str,
}

/// The canonical signed content of `wo` with `signoff`'s fields.
pub fn signed_content<'a>(wo: &'a WorkOrder, signoff: &'a SignOff) -> SignedContent<'a> {
    SignedContent {
        v: 1,
        id: wo.id.as_str(),
        number: &wo.number,
        customer: &wo.customer,
        equipment: &wo.equipment,
        fault: &wo.fault,
        repair_items: &wo.repair_items,
        timeline: &wo.timeline,
        service: &wo.service,
        parts_used: &wo.parts_used,
        charges_json: &signoff.charges_json,
        charge_override: wo.charge_override.as_ref(),
        signer: &signoff.signer,
        signed_at: signoff.signed_at.to_rfc3339(),
        opinion: &signoff.opinion,
        satisfaction: signoff.satisfaction,
        matches_agreed_items: signoff.matches_agreed_items,
        strokes: &signoff.strokes,
        checklist: &wo.checklist,
        photos: wo
            .photos
            .iter()
            .map(|p| SignedPhoto {
                hash: &p.hash,
                kind: p.kind.as_str(),
                caption: &p.caption,
            })
            .collect(),
    }
}

/// The canonical JSON text.
pub fn canonical_json(wo: &WorkOrder, signoff: &SignOff) -> String {
    serde_json::to_string(&signed_content(wo, signoff)).expect("signed content serialises")
}

/// SHA-256 (lower-case hex) of the canonical form.
pub fn content_hash(wo: &WorkOrder, signoff: &SignOff) -> String {
    hex::encode(Sha256::digest(canonical_json(wo, signoff).as_bytes()))
}

/// The outcome of checking a work order's sign-off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(tag = "state", rename_all = "snake_case")]
#[ts(export)]
pub enum SignatureCheck {
    /// Not signed yet.
    Unsigned,
    /// The signed content is exactly what the customer signed.
    Valid,
    /// Something inside the signed content changed after signing.
    ChangedAfterSigning {
        /// The hash stored at signing.
        expected: String,
        /// The hash of the content now.
        actual: String,
    },
    /// The server found the signed content changed after signing (by the
    /// document's history, or against the hash it recorded at filing),
    /// even though the hash in the document matches the content now.
    Flagged {
        /// The server's finding.
        reason: String,
    },
}

/// Checks the stored hash against the content as it is now.
pub fn verify(wo: &WorkOrder) -> SignatureCheck {
    match &wo.signoff {
        None => SignatureCheck::Unsigned,
        Some(s) => {
            let actual = content_hash(wo, s);
            if actual == s.content_hash {
                SignatureCheck::Valid
            } else {
                SignatureCheck::ChangedAfterSigning {
                    expected: s.content_hash.clone(),
                    actual,
                }
            }
        }
    }
}

/// What every screen shows of the sign-off: [`verify`], or the server's
/// tamper flag when the document carries one and the hash alone finds
/// nothing.
pub fn check(wo: &WorkOrder) -> SignatureCheck {
    match (verify(wo), &wo.tamper_flag) {
        (SignatureCheck::Valid, Some(flag)) => SignatureCheck::Flagged {
            reason: flag.reason.clone(),
        },
        (found, _) => found,
    }
}

/// Stamps `signoff.content_hash` from the work order's current content.
pub fn seal(wo: &WorkOrder, signoff: &mut SignOff) {
    signoff.content_hash = content_hash(wo, signoff);
}
