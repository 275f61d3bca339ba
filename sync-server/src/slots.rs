//! Device slots and work-order numbers: the highest sequence number each
//! slot has made among the stored work orders, so that a slot given again
//! (all 999 were used, its devices are revoked) starts above it and no
//! work-order number `WO-<year>-<slot>-<seq>` is ever made twice.

use std::collections::BTreeMap;

use automerge::{ReadDoc, ScalarValue, Value, ROOT};
use onsite_core::model::{parse_work_order_number, DocKind};

use crate::store::{ServerStore, StoreError, MAX_SLOT};

/// Whether every slot has been given out at least once (only then is a slot
/// given again, and the stored numbers are read).
pub fn all_used(store: &dyn ServerStore) -> Result<bool, StoreError> {
    let highest = store.devices()?.iter().map(|d| d.slot).max().unwrap_or(0);
    Ok(i64::from(highest) >= MAX_SLOT)
}

/// The highest sequence number made with each slot, from the `number` of
/// every stored work order (a number that does not parse is skipped).
/// Reads every work order: called only when a slot is given again.
pub fn highest_sequences(store: &dyn ServerStore) -> Result<BTreeMap<u16, u32>, StoreError> {
    let mut highest = BTreeMap::new();
    for summary in store.doc_list(Some(DocKind::WorkOrder))? {
        let Some(stored) = store.load_doc(&summary.id)? else {
            continue;
        };
        let number = match stored.doc.get(ROOT, "number") {
            Ok(Some((Value::Scalar(s), _))) => match s.as_ref() {
                ScalarValue::Str(t) => t.to_string(),
                _ => continue,
            },
            _ => continue,
        };
        if let Some((_, slot, seq)) = parse_work_order_number(&number) {
            let h = highest.entry(slot).or_insert(0);
            *h = seq.max(*h);
        }
    }
    Ok(highest)
}
