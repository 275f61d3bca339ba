//! What the customer signed, read back from the document's own history.
//!
//! The hash in `signoff.content_hash` is a plain SHA-256 of the canonical
//! content: anyone who edits the content after signing can recompute it, and
//! [`super::verify`] then finds nothing wrong. The Automerge history cannot
//! be rewritten the same way: the change that created the `signoff` map is
//! the moment of signing, and the document as it was at that change is what
//! the customer saw. [`verify_history`] hashes the content at that moment
//! and now, and reports any difference — whatever the stored hash says.
//!
//! The sign-off, its hash and the signed status are written in one change
//! by the app (`ops::sign`); a client that writes the sign-off map first and
//! its fields in later changes is read as having signed what the content was
//! once the map was created, so it shows as changed after signing.

use automerge::{AutoCommit, ReadDoc, Value, ROOT};

use super::{content_hash, verify, SignatureCheck};
use crate::doc;
use crate::model::{DocKind, WorkOrder};

/// Checks the current sign-off against the content at the change that
/// created it, and against its stored hash. `Unsigned` when the document
/// has no sign-off (or does not read as a work order).
pub fn verify_history(doc: &mut AutoCommit) -> SignatureCheck {
    let Ok(now) = doc::read::<WorkOrder, _>(doc, DocKind::WorkOrder) else {
        return SignatureCheck::Unsigned;
    };
    let Some(signoff) = &now.signoff else {
        return SignatureCheck::Unsigned;
    };
    let current = content_hash(&now, signoff);
    match signed_hash(doc) {
        Some(signed) if signed != current => SignatureCheck::ChangedAfterSigning {
            expected: signed,
            actual: current,
        },
        _ => verify(&now),
    }
}

/// The hash of the content as it was when the current sign-off map was
/// created: what the customer signed. `None` when the history does not
/// tell (no sign-off map, or the document at that change does not read).
/// A sign-off whose own hash did not match the content it was written with
/// was never a valid signature of it: then its stored hash is returned, so
/// the difference shows.
pub fn signed_hash(doc: &mut AutoCommit) -> Option<String> {
    let at = at_signing(doc)?;
    Some(if at.valid() { at.content } else { at.sealed })
}

/// Whether the sign-off was valid when it was given: its hash matched the
/// content in the change that created it. `false` without a sign-off.
pub fn signed_validly(doc: &mut AutoCommit) -> bool {
    at_signing(doc).is_some_and(|at| at.valid())
}

/// The content's hash and the sign-off's stored hash, both as they were in
/// the change that created the sign-off map.
struct AtSigning {
    content: String,
    sealed: String,
}

impl AtSigning {
    fn valid(&self) -> bool {
        self.content == self.sealed
    }
}

fn at_signing(doc: &mut AutoCommit) -> Option<AtSigning> {
    let (value, obj) = doc.get(ROOT, "signoff").ok()??;
    if !matches!(value, Value::Object(_)) {
        return None;
    }
    let change = doc.hash_for_opid(&obj)?;
    let then = doc.fork_at(&[change]).ok()?;
    let wo: WorkOrder = doc::read(&then, DocKind::WorkOrder).ok()?;
    let signoff = wo.signoff.as_ref()?;
    Some(AtSigning {
        content: content_hash(&wo, signoff),
        sealed: signoff.content_hash.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc;
    use crate::signoff::seal;
    use crate::testing::WorkOrderBuilder;

    fn signed_doc() -> AutoCommit {
        let wo = WorkOrderBuilder::new()
            .assigned_to("yangjinwei")
            .resolved()
            .signed()
            .build();
        let mut d = doc::create(DocKind::WorkOrder, &wo).unwrap();
        d.commit();
        d
    }

    fn edit(d: &mut AutoCommit, f: impl FnOnce(&mut WorkOrder)) {
        let mut wo: WorkOrder = doc::read(d, DocKind::WorkOrder).unwrap();
        f(&mut wo);
        doc::write(d, &wo).unwrap();
        d.commit();
    }

    #[test]
    fn a_record_as_signed_verifies_by_its_history() {
        let mut d = signed_doc();
        assert_eq!(verify_history(&mut d), SignatureCheck::Valid);
        edit(&mut d, |wo| wo.notes.clear());
        assert_eq!(verify_history(&mut d), SignatureCheck::Valid);
    }

    #[test]
    fn a_recomputed_hash_does_not_hide_a_change_after_signing() {
        let mut d = signed_doc();
        edit(&mut d, |wo| {
            wo.service.labour_minutes = 900;
            let mut s = wo.signoff.take().unwrap();
            seal(wo, &mut s);
            wo.signoff = Some(s);
        });
        let wo: WorkOrder = doc::read(&d, DocKind::WorkOrder).unwrap();
        assert_eq!(
            verify(&wo),
            SignatureCheck::Valid,
            "the plain hash is fooled"
        );
        assert!(matches!(
            verify_history(&mut d),
            SignatureCheck::ChangedAfterSigning { .. }
        ));
    }

    #[test]
    fn an_unsigned_order_is_unsigned() {
        let wo = WorkOrderBuilder::new().build();
        let mut d = doc::create(DocKind::WorkOrder, &wo).unwrap();
        assert_eq!(verify_history(&mut d), SignatureCheck::Unsigned);
    }
}
