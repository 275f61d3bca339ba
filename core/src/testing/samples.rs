//! Short names for the samples the store's tests use: documents with ids by
//! suffix (`wo:1`, `pickup:a`, `part:P-100`) and numbers to match, a P1
//! call reported at [`super::monday_morning`]; an in-memory store holding
//! one such order, and a count read straight from a store's tables.

use automerge::AutoCommit;

use super::{PartBuilder, PickupBuilder, WorkOrderBuilder};
use crate::doc;
use crate::model::{DocId, DocKind, Priority, WorkOrder};
use crate::store::Store;

pub use super::at;

/// A P1 repair order `wo:<suffix>`, numbered `WO-2026-01-<suffix>`,
/// `new`, or `assigned` to `assignee`.
pub fn work_order(suffix: &str, assignee: Option<&str>) -> WorkOrder {
    WorkOrderBuilder::new()
        .id_suffix(suffix)
        .number(format!("WO-2026-01-{suffix:0>6}"))
        .priority(Priority::P1)
        .maybe_assigned_to(assignee)
        .build()
}

/// The document of [`work_order`].
pub fn wo_doc(suffix: &str, assignee: Option<&str>) -> (DocId, AutoCommit) {
    let wo = work_order(suffix, assignee);
    (wo.id.clone(), doc::create(DocKind::WorkOrder, &wo).unwrap())
}

/// An in-memory store holding the order of [`wo_doc`]`("1", Some("zhang"))`.
pub fn store_with_wo() -> (Store, DocId) {
    let mut s = Store::open_in_memory().expect("an in-memory store");
    let (id, mut d) = wo_doc("1", Some("zhang"));
    s.create_doc_merging(&id, &mut d).expect("store the order");
    (s, id)
}

/// The number a `SELECT count(*) …` query `sql` reads from `store`.
pub fn count(store: &Store, sql: &str) -> i64 {
    store
        .conn()
        .query_row(sql, [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Part `part_no` with `qty` in the main warehouse.
pub fn part_doc(part_no: &str, qty: i64) -> (DocId, AutoCommit) {
    PartBuilder::new(part_no).stock(qty).doc()
}

/// A pickup `pickup:<suffix>` of `qty` of `part_no` for work order `wo`.
pub fn pickup_doc(suffix: &str, wo: &DocId, part_no: &str, qty: i64) -> (DocId, AutoCommit) {
    PickupBuilder::new(wo, part_no)
        .id_suffix(suffix)
        .qty(qty)
        .doc()
}

/// Reads a work order out of a document.
pub fn read_wo(d: &AutoCommit) -> WorkOrder {
    doc::read(d, DocKind::WorkOrder).unwrap()
}
